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

describe('code rules and test files', () => {
  it('leave test files alone but still check the same code in training code', async () => {
    const fs = new MemoryFileSystem({
      '/ws/tests/test_model.py': FIT_AND_SCORE_ON_SAME_DATA,
      '/ws/test_smoke.py': FIT_AND_SCORE_ON_SAME_DATA,
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
