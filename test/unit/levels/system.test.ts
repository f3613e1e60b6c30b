// Sibling sub-projects: one system when evidence ties them together, separate projects otherwise.
import assert from 'node:assert/strict';
import { analyzeFolder } from '../../../src/core/analyze';
import { MemoryFileSystem } from '../../../src/core/fs/memoryFileSystem';

async function analyse(files: Record<string, string>) {
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([p, c]) => [`/m/${p}`, c])));
  return analyzeFolder(fs, '/m', { rules: [] });
}

const TRAIN = (artefact: string) =>
  `import joblib\n` +
  `import pandas as pd\n` +
  `from sklearn.linear_model import LogisticRegression\n` +
  `from sklearn.metrics import f1_score\n` +
  `from sklearn.model_selection import train_test_split\n` +
  `df = pd.read_csv("data.csv")\n` +
  `X_tr, X_te, y_tr, y_te = train_test_split(df[["a"]], df["y"], random_state=0)\n` +
  `m = LogisticRegression().fit(X_tr, y_tr)\n` +
  `print(f1_score(y_te, m.predict(X_te)))\n` +
  `joblib.dump(m, "${artefact}")\n`;
const SERVE = (artefact: string) =>
  `import joblib\n` +
  `from fastapi import FastAPI\n` +
  `app = FastAPI()\n` +
  `model = joblib.load("${artefact}")\n` +
  `@app.post("/predict")\n` +
  `def predict(row: dict):\n` +
  `    return {"y": model.predict([[row["a"]]]).tolist()}\n`;

describe('system roll-up', () => {
  it('keeps a monorepo of unrelated homework projects apart, and says why', async () => {
    const report = await analyse({
      'hw1/requirements.txt': 'scikit-learn==1.5.1\n',
      'hw1/solution.py': TRAIN('model.pkl'),
      'hw2/requirements.txt': 'scikit-learn==1.5.1\n',
      'hw2/solution.py': TRAIN('model.pkl'),
    });
    assert.equal(report.projects.length, 2);
    assert.equal(report.system?.oneSystem, false);
    assert.equal(report.system?.level, null);
    assert.match(report.system?.reason ?? '', /reported separately/);
    assert.deepEqual(
      report.system?.parts.map((p) => [p.root, p.level]),
      [
        ['hw1', 1],
        ['hw2', 1],
      ],
    );
  });

  it('rolls up a training package and a service that share a distinctively named model artefact', async () => {
    const report = await analyse({
      'train/requirements.txt': 'scikit-learn==1.5.1\n',
      'train/fit.py': TRAIN('../artefacts/churn_lr_2024.joblib'),
      'api/requirements.txt': 'fastapi==0.111.0\n',
      'api/main.py': SERVE('/artefacts/churn_lr_2024.joblib'),
    });
    assert.equal(report.system?.oneSystem, true);
    assert.equal(report.projects.length, 1);
    assert.equal(report.projects[0].root, '');
    assert.equal(report.system?.level, report.projects[0].level);
    assert.match(report.system?.reason ?? '', /share the artefact churn_lr_2024\.joblib/);
    assert.equal(
      report.projects[0].items.find((i) => i.id === 'L3.serving')?.status,
      'met',
      'the system holds the service',
    );
  });

  it('rolls up parts when one imports another, or when a compose file names them', async () => {
    const imports = await analyse({
      'core/requirements.txt': 'scikit-learn==1.5.1\n',
      'core/churnlib/__init__.py': '',
      'core/churnlib/model.py':
        'from sklearn.linear_model import LogisticRegression\ndef build():\n    return LogisticRegression()\n',
      'jobs/requirements.txt': 'pandas==2.2.2\n',
      'jobs/nightly.py':
        'import pandas as pd\n' +
        'from churnlib.model import build\n' +
        'df = pd.read_csv("d.csv")\n' +
        'build().fit(df[["a"]], df["y"])\n',
    });
    assert.equal(imports.system?.oneSystem, true);
    assert.match(imports.system?.reason ?? '', /imports churnlib from core/);
    const compose = await analyse({
      'docker-compose.yml': 'services:\n  train:\n    build: ./train\n  api:\n    build: ./api\n',
      'train/requirements.txt': 'scikit-learn==1.5.1\n',
      'train/fit.py': TRAIN('model.pkl'),
      'api/requirements.txt': 'fastapi==0.111.0\n',
      'api/main.py': SERVE('model.pkl'),
    });
    assert.equal(compose.system?.oneSystem, true);
    assert.match(compose.system?.reason ?? '', /docker-compose\.yml names (train, api|api, train)/);
  });
});
