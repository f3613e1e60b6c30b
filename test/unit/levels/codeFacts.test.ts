import assert from 'node:assert/strict';
import { codeFacts } from '../../../src/core/facts/codeFacts';
import type { FactKind } from '../../../src/core/facts/fact';
import { pythonFileUnit } from '../../../src/core/python/unit';
import { unitIndex } from '../../../src/core/semantic/index';

function kinds(source: string, path = 'train.py'): Array<[FactKind, number]> {
  return codeFacts(unitIndex(pythonFileUnit(path, source))).map((f) => [f.kind, f.range.startLine]);
}

function has(source: string, kind: FactKind, path = 'train.py'): boolean {
  return kinds(source, path).some(([k]) => k === kind);
}

describe('code facts', () => {
  it('takes .fit on a model built from scikit-learn for training, through aliases', () => {
    assert.ok(
      has(
        'from sklearn import ensemble as en\nm = en.RandomForestClassifier(n_estimators=10)\nm.fit(X, y)\n',
        'training',
      ),
    );
    assert.ok(has('import xgboost as xgb\nclf = xgb.XGBClassifier().fit(X, y)\n', 'training'));
  });

  it('takes .fit on a parameter annotated with a model class for training, not one annotated with a scaler', () => {
    const train = 'from xgboost import XGBRegressor\n\ndef train(model: XGBRegressor, X, y):\n    model.fit(X, y)\n';
    assert.ok(has(train, 'training'));
    assert.ok(!has(train.replace('model: XGBRegressor', 'model'), 'training'));
    const scaler =
      'from sklearn.preprocessing import StandardScaler\n\ndef prep(s: StandardScaler, X):\n    s.fit(X)\n';
    assert.ok(!has(scaler, 'training'));
  });

  it('does not take .fit on a scaler or an unknown object for training', () => {
    assert.ok(!has('from sklearn.preprocessing import StandardScaler\ns = StandardScaler()\ns.fit(X)\n', 'training'));
    assert.ok(!has('thing = make_thing()\nthing.fit(X, y)\n', 'training'));
  });

  it('never counts words in comments or strings', () => {
    const src =
      '# model.fit(X, y) with RandomForestClassifier and accuracy_score\n' +
      'print("train_test_split and random_state=42 and GridSearchCV")\n';
    assert.deepEqual(kinds(src), []);
  });

  it('recognises Keras and PyTorch training', () => {
    assert.ok(
      has(
        'from tensorflow import keras\n' +
          'model = keras.Sequential([keras.layers.Dense(1)])\n' +
          'model.compile(optimizer="adam", loss="mse")\n' +
          'model.fit(X, y, validation_split=0.2)\n',
        'training',
      ),
    );
    assert.ok(
      has(
        'import tensorflow as tf\nmodel = build()\nmodel.compile(optimizer="adam", loss="mse")\nmodel.fit(X, y)\n',
        'training',
      ),
    );
    const torchLoop =
      'import torch\n' +
      'opt = torch.optim.Adam(net.parameters())\n' +
      'for xb, yb in loader:\n' +
      '    loss = crit(net(xb), yb)\n' +
      '    opt.zero_grad()\n' +
      '    loss.backward()\n' +
      '    opt.step()\n';
    assert.ok(has(torchLoop, 'training'));
    assert.ok(
      !has(torchLoop.replace('import torch\n', ''), 'training'),
      'without torch imported a .backward() is not evidence',
    );
  });

  it('takes a PyTorch eval-mode pass without gradients for an evaluation, and not eval() alone', () => {
    const src =
      'import torch\nmodel.eval()\nwith torch.no_grad():\n    acc = (model(X).argmax(1) == y).float().mean()\n';
    assert.deepEqual(
      kinds(src).filter(([k]) => k === 'evaluation'),
      [['evaluation', 2]],
    );
    assert.ok(!has('import torch\nmodel.eval()\n', 'evaluation'));
  });

  it('takes weights stepped against their gradient by hand for training, in a loop or a step function', () => {
    const loop = 'import numpy as np\nfor epoch in range(100):\n    grad = X.T @ (X @ w - y)\n    w -= lr * grad\n';
    assert.deepEqual(
      kinds(loop).filter(([k]) => k === 'training'),
      [['training', 4]],
    );
    // A network's layers updated by a method named for the step, called from a training loop elsewhere.
    const method = [
      'import numpy as np',
      'class Net:',
      '    def gradient_descent(self, dW1, dW2):',
      '        W1 = self.W1 - self.learning_rate * dW1',
      '        W2 = self.W2 - self.learning_rate * dW2',
      '        return W1, W2',
      '',
    ].join('\n');
    assert.deepEqual(
      kinds(method).filter(([k]) => k === 'training'),
      [['training', 4]],
    );
    // The same arithmetic outside a loop and outside a step function is not training.
    assert.ok(
      !has('import numpy as np\ndef shift(x, dW1):\n    y = x - learning_rate * dW1\n    return y\n', 'training'),
    );
    assert.ok(
      !has('import numpy as np\ndef report(self, dW1):\n    W1 = self.W1 - self.learning_rate * dW1\n', 'training'),
    );
  });

  it('recognises Hugging Face, statsmodels, xgboost.train and stable-baselines3', () => {
    assert.ok(
      has('from transformers import Trainer\ntrainer = Trainer(model=m, args=a)\ntrainer.train()\n', 'training'),
    );
    assert.ok(has('import statsmodels.api as sm\nres = sm.OLS(y, X).fit()\n', 'training'));
    assert.ok(has('import xgboost as xgb\nbst = xgb.train(params, dtrain)\n', 'training'));
    assert.ok(
      has('from stable_baselines3 import PPO\nagent = PPO("MlpPolicy", env)\nagent.learn(10000)\n', 'training'),
    );
  });

  it('reads seeds, splits, validation, imbalance handling and tuning', () => {
    const src = [
      'import numpy as np',
      'from sklearn.model_selection import train_test_split, StratifiedKFold, GridSearchCV',
      'from sklearn.linear_model import LogisticRegression',
      'np.random.seed(0)',
      'X_tr, X_te, y_tr, y_te = train_test_split(X, y, stratify=y, random_state=0)',
      'clf = LogisticRegression(class_weight="balanced")',
      'gs = GridSearchCV(clf, {"C": [1, 10]}, cv=StratifiedKFold(5))',
      '',
    ].join('\n');
    const found = kinds(src);
    assert.deepEqual(
      found
        .filter(([k]) => ['seed', 'split', 'validation', 'imbalance-handling', 'stratification', 'tuning'].includes(k))
        .sort(),
      (
        [
          ['seed', 4],
          ['split', 5],
          ['stratification', 5],
          ['seed', 5],
          ['imbalance-handling', 6],
          ['validation', 7],
          ['tuning', 7],
          ['validation', 7],
          ['stratification', 7],
        ] as Array<[FactKind, number]>
      ).sort(),
    );
  });

  it('does not take class_weight=None for imbalance handling', () => {
    assert.ok(!has('from sklearn.svm import SVC\nm = SVC(class_weight=None)\n', 'imbalance-handling'));
  });

  it('finds tests only in test files', () => {
    assert.ok(has('def test_adds():\n    assert 1 + 1 == 2\n', 'test', 'tests/test_math.py'));
    assert.ok(!has('def test_adds():\n    assert 1 + 1 == 2\n', 'test', 'src/math_utils.py'));
    assert.ok(
      has('import unittest\nclass T(unittest.TestCase):\n    def test_x(self):\n        pass\n', 'test', 'test_x.py'),
    );
  });

  it('finds configuration read by code, not any JSON', () => {
    assert.ok(has('import yaml\ncfg = yaml.safe_load(open("params.yaml"))\n', 'config-read'));
    assert.ok(
      has(
        'import hydra\n@hydra.main(config_path="conf", config_name="config")\ndef main(cfg):\n    pass\n',
        'config-read',
      ),
    );
    assert.ok(!has('import json\nrows = json.load(open("data/records.json"))\n', 'config-read'));
    assert.ok(has('import json\ncfg = json.load(open("configs/params.json"))\n', 'config-read'));
  });
});
