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

describe('held-out evidence in a script named like a test', () => {
  const TRAIN = `import pandas as pd
from sklearn.linear_model import LogisticRegression

df = pd.read_csv("data/churn.csv")
model = LogisticRegression(max_iter=1000).fit(df.drop(columns="churn"), df["churn"])
`;
  const SPLIT = `import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression

df = pd.read_csv("data/churn.csv")
X_train, X_test, y_train, y_test = train_test_split(df.drop(columns="churn"), df["churn"], random_state=0)
`;
  const codes = async (files: Record<string, string>) => {
    const report = await analyzeFolder(new MemoryFileSystem(files), '/ws');
    return report.projects.flatMap((p) => p.findings.map((f) => f.code));
  };

  it('a test_*.py script that splits the rows holds them out for ML202; a pytest module does not', async () => {
    const script = await codes({ '/ws/train.py': TRAIN, '/ws/test_model.py': `${SPLIT}print(len(X_test))\n` });
    assert.ok(!script.includes('ML202'), script.join(', '));
    const test = `${SPLIT}\n\ndef test_split_sizes():\n    assert len(X_test) < len(X_train)\n`;
    const suite = await codes({ '/ws/train.py': TRAIN, '/ws/test_model.py': test });
    assert.ok(suite.includes('ML202'), suite.join(', '));
  });
});
