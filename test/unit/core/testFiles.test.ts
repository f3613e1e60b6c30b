import assert from 'node:assert/strict';
import { holdsTests, isTestModule } from '../../../src/core/project/testFiles';

const unit = (path: string, source: string) => ({ path, module: { source } });

describe('test modules', () => {
  it('a test folder and conftest.py hold tests by their path alone', () => {
    for (const path of ['tests/helpers.py', 'pkg/test/data.py', 'conftest.py', 'tests/test_data.py'])
      assert.equal(holdsTests(unit(path, 'x = 1\n')), true, path);
  });

  it('a test_*.py module outside a test folder holds tests only when it defines some or imports a framework', () => {
    // A script that loads a saved model and scores it on the test split of rows another script wrote.
    const script =
      'X = np.load("data/X.npy")\n_, X_te, _, y_te = train_test_split(X, y)\nprint(model.score(X_te, y_te))\n';
    assert.equal(isTestModule('scripts/test_model.py'), true);
    assert.equal(holdsTests(unit('scripts/test_model.py', script)), false);
    assert.equal(holdsTests(unit('src/test_features.py', 'def test_scaled():\n    assert True\n')), true);
    assert.equal(holdsTests(unit('test_api.py', 'import pytest\n')), true);
  });

  it('a *_test.py module holds tests only when it defines some or imports a test framework', () => {
    const script = 'from sklearn.model_selection import train_test_split\nX_tr, X_te = train_test_split(X)\n';
    assert.equal(isTestModule('train_test.py'), true);
    assert.equal(holdsTests(unit('train_test.py', script)), false);
    assert.equal(holdsTests(unit('model_test.py', 'def test_fit():\n    assert True\n')), true);
    assert.equal(holdsTests(unit('model_test.py', 'class TestModel:\n    pass\n')), true);
    assert.equal(holdsTests(unit('model_test.py', 'import unittest\n')), true);
    assert.equal(holdsTests(unit('model_test.py', '# def test_fit(): not yet\n')), false);
  });

  it('notebooks and other modules hold no tests', () => {
    assert.equal(holdsTests(unit('tests/explore.ipynb', 'def test_x(): pass\n')), false);
    assert.equal(holdsTests(unit('src/train.py', 'def test_split():\n    pass\n')), false);
  });
});
