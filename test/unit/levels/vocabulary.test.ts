// The checklist and the rules share one vocabulary (src/core/libraries/: configFiles, imbalance, targets,
// heldOut, mlLibraries, training, tuning, vocabulary): these cases pin the disagreements they used to have.
import assert from 'node:assert/strict';
import { analyzeFolder } from '../../../src/core/analyze';
import { MemoryFileSystem } from '../../../src/core/fs/memoryFileSystem';
import { isExperimentConfigFile } from '../../../src/core/libraries/configFiles';
import { IMBALANCE_RATIO, isImbalanced } from '../../../src/core/libraries/imbalance';
import type { ProjectReport } from '../../../src/core/model/report';
import { projectFacts as scaffoldFacts } from '../../../src/core/scaffold/facts';
import { buildProject } from '../../../src/core/project/build';
import { discoverFiles } from '../../../src/core/discovery/discover';
import { DEFAULT_CONFIG } from '../../../src/core/config/config';

async function analyse(files: Record<string, string>): Promise<ProjectReport> {
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([p, c]) => [`/v/${p}`, c])));
  const report = await analyzeFolder(fs, '/v');
  return report.projects[0];
}

const item = (p: ProjectReport, id: string) => p.items.find((i) => i.id === id)!;

function notebook(cells: Array<{ source: string; output?: string }>): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { language: 'python', name: 'python3' } },
    cells: cells.map((c, i) => ({
      cell_type: 'code',
      source: c.source,
      metadata: {},
      execution_count: i + 1,
      outputs: c.output
        ? [{ output_type: 'execute_result', execution_count: i + 1, metadata: {}, data: { 'text/plain': c.output } }]
        : [],
    })),
  });
}

describe('one vocabulary for the checklist and the rules', () => {
  it('a hyperparameter loop ML203 flags is tuning for the checklist too', async () => {
    const p = await analyse({
      'tune.py': [
        'import pandas as pd',
        'from sklearn.model_selection import train_test_split',
        'from sklearn.neighbors import KNeighborsClassifier',
        'df = pd.read_csv("wine.csv")',
        'X_train, X_test, y_train, y_test = train_test_split(df.drop(columns=["quality"]), df["quality"], ' +
          'random_state=1)',
        'scores = {}',
        'for k in range(1, 25):',
        '    knn = KNeighborsClassifier(n_neighbors=k).fit(X_train, y_train)',
        '    scores[k] = knn.score(X_test, y_test)',
        '',
      ].join('\n'),
    });
    assert.ok(
      p.findings.some((f) => f.code === 'ML203'),
      'ML203 sees a tuning loop',
    );
    assert.equal(item(p, 'L2.tuning').status, 'met');
    assert.match(item(p, 'L2.tuning').evidence[0].note, /tunes hyperparameters in a loop/);
  });

  it('one test for experiment configuration files: the checklist and the config scaffold read the same', async () => {
    for (const path of [
      'configs/train.yaml',
      'experiment_config.yaml',
      'conf/base/parameters.yml',
      'params.yaml',
      'configs/ablations/no_head.yaml',
    ])
      assert.ok(isExperimentConfigFile(path), path);
    for (const path of [
      '.github/workflows/ci.yml',
      'docker-compose.yaml',
      'k8s/deployment.yaml',
      'environment.yml',
      'pyproject.toml',
    ])
      assert.ok(!isExperimentConfigFile(path), path);
    const files = {
      'experiment_config.yaml': 'target: churn\nseed: 7\n',
      'configs/train.yaml': 'model:\n  C: 1.0\n',
      'train.py': 'import sklearn\n',
    };
    const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([p, c]) => [`/c/${p}`, c])));
    const walk = await discoverFiles(fs, '/c');
    const model = await buildProject(fs, '/c', '', walk.files, walk.skipped, false, { ...DEFAULT_CONFIG });
    assert.deepEqual(scaffoldFacts(model).configFiles, ['configs/train.yaml', 'experiment_config.yaml']);
    const p = await analyse(files);
    assert.deepEqual(
      item(p, 'L2.config-files')
        .evidence.map((e) => e.range?.path)
        .sort(),
      ['configs/train.yaml', 'experiment_config.yaml'],
    );
  });

  it('one imbalance threshold: ML204 and the imbalance item agree on the same printed counts', async () => {
    assert.equal(IMBALANCE_RATIO, 0.25);
    assert.equal(isImbalanced([800, 200]), true);
    assert.equal(isImbalanced([700, 300]), false);
    const run = (counts: string) =>
      analyse({
        'nb.ipynb': notebook([
          {
            source:
              'import pandas as pd\n' +
              'from sklearn.linear_model import LogisticRegression\n' +
              'from sklearn.model_selection import train_test_split\n' +
              'from sklearn.metrics import accuracy_score\n' +
              'df = pd.read_csv("d.csv")',
          },
          { source: 'df["label"].value_counts()', output: counts },
          {
            source:
              'X = df.drop(columns=["label"])\n' +
              'y = df["label"]\n' +
              'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)\n' +
              'clf = LogisticRegression().fit(X_train, y_train)\n' +
              'accuracy_score(y_test, clf.predict(X_test))',
          },
        ]),
      });
    const skewed = await run('0    900\n1    100\nName: label, dtype: int64');
    assert.ok(skewed.findings.some((f) => f.code === 'ML204'));
    assert.equal(item(skewed, 'L2.imbalance-handling').status, 'missing');
    // 60/40 used to be imbalanced for the checklist (0.5) and not for ML204 (0.25).
    const mild = await run('0    600\n1    400\nName: label, dtype: int64');
    assert.ok(!mild.findings.some((f) => f.code === 'ML204'));
    assert.equal(item(mild, 'L2.imbalance-handling').status, 'not-applicable');
  });

  it('a held-out CSV file is a test set for the checklist, as it is for ML202', async () => {
    const p = await analyse({
      'data/test.csv': 'a,b,y\n1,2,0\n',
      'data/train.csv': 'a,b,y\n1,2,0\n',
      'train.py':
        'import pandas as pd\n' +
        'from sklearn.linear_model import LogisticRegression\n' +
        'from sklearn.metrics import f1_score\n' +
        'train = pd.read_csv("data/train.csv")\n' +
        'model = LogisticRegression().fit(train[["a", "b"]], train["y"])\n',
      'evaluate.py':
        'import pandas as pd\n' +
        'import joblib\n' +
        'from sklearn.metrics import f1_score\n' +
        'model = joblib.load("model.joblib")\n' +
        'holdout = pd.read_csv("data/test.csv")\n' +
        'print(f1_score(holdout["y"], model.predict(holdout[["a", "b"]])))\n',
    });
    assert.ok(!p.findings.some((f) => f.code === 'ML202'), 'ML202 sees the held-out file');
    assert.equal(item(p, 'L2.heldout-evaluation').status, 'met');
    assert.ok(item(p, 'L2.heldout-evaluation').evidence.some((e) => /held-out data/.test(e.note)));
  });

  it('a config file name means the same to L2.config-files and to the stage that scopes ML401/ML402', async () => {
    const train = [
      'import pandas as pd',
      'from xgboost import XGBClassifier',
      'def main(data):',
      '    df = pd.read_csv(data)',
      '    model = XGBClassifier(n_estimators=600, max_depth=6)',
      '    model.fit(df[["a", "b"]], df["y"])',
      '',
    ].join('\n');
    // `train.yaml` used to put the project past Level 1 without being a config file for the checklist, and
    // `experiment_config.yaml` the other way round; `data/train.json` was a config file for the stage only.
    for (const [path, config] of [
      ['train.yaml', true],
      ['experiment_config.yaml', true],
      ['data/train.json', false],
    ] as const) {
      const p = await analyse({ [path]: 'lr: 0.1\n', 'train.py': train });
      const counted = item(p, 'L2.config-files').evidence.some((e) => e.range?.path === path);
      assert.equal(counted, config, `${path} for the checklist`);
      assert.equal(
        p.findings.some((f) => f.code === 'ML401'),
        config,
        `${path} for ML401 (past Level 1 only through a config file)`,
      );
    }
  });

  it('a held-out file read by path is held out for ML202 and for L2.heldout-evaluation alike', async () => {
    const code = (path: string) =>
      [
        'import pandas as pd',
        'from sklearn.linear_model import LogisticRegression',
        'from sklearn.metrics import f1_score',
        'train = pd.read_csv("data/train.csv")',
        `other = pd.read_csv("${path}")`,
        'model = LogisticRegression().fit(train[["a", "b"]], train["y"])',
        'print(f1_score(other["y"], model.predict(other[["a", "b"]])))',
        '',
      ].join('\n');
    // `dev` names a held-out split for held-out files; ML202 used to miss it in a path it saw read.
    for (const path of ['data/dev.csv', 'data/test.csv', 'data/heldout/part-0.csv']) {
      const p = await analyse({ 'train.py': code(path) });
      assert.ok(!p.findings.some((f) => f.code === 'ML202'), `ML202 sees ${path} held out`);
      assert.equal(item(p, 'L2.heldout-evaluation').status, 'met', `the checklist sees ${path} held out`);
    }
    // `latest` holds the word `test` but does not name a split.
    const p = await analyse({ 'train.py': code('data/latest.csv') });
    assert.equal(item(p, 'L2.heldout-evaluation').status, 'missing');
  });

  it('predictions are not the target: skewed y_pred counts are no imbalance for ML204 or the checklist', async () => {
    const run = (subject: string) =>
      analyse({
        'nb.ipynb': notebook([
          {
            source: [
              'import pandas as pd',
              'from sklearn.linear_model import LogisticRegression',
              'from sklearn.model_selection import train_test_split',
              'from sklearn.metrics import accuracy_score',
              'df = pd.read_csv("d.csv")',
              'X = df.drop(columns=["label"])',
              'y = df["label"]',
              'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
              'clf = LogisticRegression().fit(X_train, y_train)',
              'y_test_pred = clf.predict(X_test)',
            ].join('\n'),
          },
          { source: `${subject}.value_counts()`, output: '0    900\n1    100\nName: count, dtype: int64' },
          { source: 'accuracy_score(y_test, y_test_pred)' },
        ]),
      });
    const target = await run('y_test');
    assert.ok(target.findings.some((f) => f.code === 'ML204'));
    assert.equal(item(target, 'L2.imbalance-handling').status, 'missing');
    const predictions = await run('y_test_pred');
    assert.ok(!predictions.findings.some((f) => f.code === 'ML204'));
    assert.equal(item(predictions, 'L2.imbalance-handling').status, 'not-applicable');
  });

  it('a load test aimed at a web app that is not the prediction service does not count', async () => {
    const locust = (path: string) =>
      `from locust import HttpUser, task\n` +
      `class Visitor(HttpUser):\n` +
      `    @task\n` +
      `    def hit(self):\n` +
      `        self.client.get("${path}")\n`;
    const api =
      'import joblib\n' +
      'from fastapi import FastAPI\n' +
      'app = FastAPI()\n' +
      'model = joblib.load("m.joblib")\n' +
      '@app.post("/predict")\n' +
      'def predict(row: dict):\n' +
      '    return {"y": model.predict([row])}\n';
    const aimed = await analyse({ 'api.py': api, 'locustfile.py': locust('/predict') });
    assert.equal(item(aimed, 'L3.load-tests').status, 'met');
    const slash = await analyse({
      'api.py': api.replace('"/predict"', '"/predict/"'),
      'locustfile.py': locust('/predict/'),
    });
    assert.equal(item(slash, 'L3.load-tests').status, 'met', 'a trailing slash is the same route');
    const elsewhere = await analyse({ 'api.py': api, 'locustfile.py': locust('/admin/dashboard') });
    assert.equal(item(elsewhere, 'L3.load-tests').status, 'partial');
    assert.match(item(elsewhere, 'L3.load-tests').detail ?? '', /no prediction route serves/);
    const noService = await analyse({
      'web.py':
        'import sklearn\nfrom flask import Flask\napp = Flask(__name__)\n@app.get("/")\ndef home():\n    return "hi"\n',
      'locustfile.py': locust('/predict'),
    });
    assert.equal(item(noService, 'L3.load-tests').status, 'partial');
  });
});
