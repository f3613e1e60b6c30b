import assert from 'node:assert/strict';
import { analyzeFolder } from '../../../src/core/analyze';
import { MemoryFileSystem } from '../../../src/core/fs/memoryFileSystem';

const FIT_AND_SCORE_ON_SAME_DATA = `from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score

X, y = make_classification(n_samples=50, random_state=0)
model = LogisticRegression().fit(X, y)
print(accuracy_score(y, model.predict(X)))
`;

const SMOKE_TEST = `from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression


def test_smoke():
    X, y = make_classification(n_samples=50, random_state=0)
    model = LogisticRegression().fit(X, y)
    assert model.score(X, y) > 0.5
`;

describe('code rules and test files', () => {
  it('leave test files alone but still check the same code in training code', async () => {
    const fs = new MemoryFileSystem({
      '/ws/tests/test_model.py': FIT_AND_SCORE_ON_SAME_DATA,
      '/ws/test_smoke.py': SMOKE_TEST,
      '/ws/src/pkg/conftest.py': FIT_AND_SCORE_ON_SAME_DATA,
      '/ws/train.py': FIT_AND_SCORE_ON_SAME_DATA,
    });
    const report = await analyzeFolder(fs, '/ws');
    const paths = new Set(report.projects[0].findings.map((f) => f.range?.path));
    assert.ok(paths.has('train.py'), 'the training script is still checked');
    assert.deepEqual(
      [...paths].filter((p) => p !== 'train.py'),
      [],
    );
  });
});

describe('a script named like a test', () => {
  it('test_model.py that defines no test is checked as the script it is', async () => {
    const fs = new MemoryFileSystem({ '/ws/scripts/test_model.py': FIT_AND_SCORE_ON_SAME_DATA });
    const report = await analyzeFolder(fs, '/ws');
    const codes = report.projects[0].findings
      .filter((f) => f.range?.path === 'scripts/test_model.py')
      .map((f) => f.code);
    assert.ok(codes.includes('ML201'), `ML201 in ${codes.join(', ')}`);
  });
});
