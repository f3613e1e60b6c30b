import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { LEVEL_ITEMS } from '../../../src/core/levels/checklist';
import { MemoryFileSystem } from '../../../src/core/fs/memoryFileSystem';
import { excludeExisting } from '../../../src/core/scaffold/load';
import { isPathTaken } from '../../../src/core/scaffold/paths';
import { SCAFFOLDS, findScaffold } from '../../../src/core/scaffold/registry';
import type { ScaffoldPlan } from '../../../src/core/scaffold/scaffold';
import { fixtureProject, notebook, projectFromFiles } from './projects';

function plan(id: string, project: Parameters<NonNullable<ReturnType<typeof findScaffold>>['plan']>[0]): ScaffoldPlan {
  const s = findScaffold(id);
  assert.ok(s, `no scaffold '${id}'`);
  return s.plan(project);
}

function file(p: ScaffoldPlan, path: string): string {
  const f = p.files.find((x) => x.path === path);
  assert.ok(f, `plan has no ${path}; it has ${p.files.map((x) => x.path).join(', ')}`);
  return f.content;
}

describe('scaffold registry', () => {
  it('has unique ids, metadata and checklist item ids of the contract shape', () => {
    const ids = SCAFFOLDS.map((s) => s.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const s of SCAFFOLDS) {
      assert.match(s.id, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(s.title && s.description.length > 20, s.id);
      assert.ok(s.level >= 2 && s.level <= 5, s.id);
      assert.ok(s.items.length > 0, s.id);
      for (const item of s.items) assert.match(item, /^L[1-5]\.[a-z-]+$/, `${s.id}: ${item}`);
      assert.equal(findScaffold(s.id), s);
    }
    assert.equal(findScaffold('no-such-scaffold'), undefined);
  });

  it('plans are deterministic and never include an existing path', async () => {
    for (const name of ['titanic-notebook', 'churn-service', 'house-prices']) {
      const project = await fixtureProject(name);
      const existing = new Set(project.files.map((f) => f.path));
      for (const s of SCAFFOLDS) {
        const a = s.plan(project);
        const b = s.plan(await fixtureProject(name));
        assert.deepEqual(a, b, `${s.id} on ${name} is not deterministic`);
        for (const f of a.files) {
          assert.ok(!existing.has(f.path), `${s.id} on ${name} would overwrite ${f.path}`);
          assert.ok(!f.path.startsWith('/') && !f.path.includes('..'), f.path);
          assert.ok(f.content === '' || f.content.endsWith('\n'), `${f.path} lacks a final newline`);
        }
        assert.equal(new Set(a.files.map((f) => f.path)).size, a.files.length, `${s.id} plans a path twice`);
      }
    }
  });
});

describe('split scaffold', () => {
  it('puts a flat module at the root, adapted to the notebook it learned from', async () => {
    const p = plan('split', await fixtureProject('titanic-notebook'));
    assert.deepEqual(
      p.files.map((f) => f.path),
      ['split.py'],
    );
    const code = file(p, 'split.py');
    assert.match(code, /^TARGET = "Survived"$/m);
    assert.match(code, /^SEED = 1$/m);
    assert.match(code, /^TEST_SIZE = 0\.2$/m);
    assert.match(code, /^VAL_SIZE = 0\.15$/m);
    assert.match(code, /^DATA_PATH = "data\/train.csv"$/m);
    assert.match(code, /^STRATIFY: Optional\[bool\] = True$/m);
    assert.match(code, /^TIME_COLUMN: Optional\[str\] = None$/m);
    assert.ok(p.notes.some((n) => n.includes("'Survived'")));
  });

  it('goes inside the src package, adding only the __init__ files that are missing', async () => {
    const p = plan('split', await fixtureProject('churn-service'));
    assert.deepEqual(
      p.files.map((f) => f.path),
      ['src/churn_predictor/data/__init__.py', 'src/churn_predictor/data/split.py'],
    );
    assert.deepEqual(p.skipped, []);
    assert.match(file(p, 'src/churn_predictor/data/split.py'), /python -m churn_predictor\.data\.split/);
  });

  it('does not stratify a regression target and splits by time when the code orders by a date', async () => {
    const reg = plan('split', await fixtureProject('house-prices'));
    assert.match(file(reg, 'split.py'), /^STRATIFY: Optional\[bool\] = False$/m);
    const ts = plan(
      'split',
      await projectFromFiles({
        'sales.py':
          'import pandas as pd\n' +
          's = pd.read_csv("data/s.csv", parse_dates=["day"]).sort_values("day")\n' +
          'y = s["units"]\n',
      }),
    );
    assert.match(file(ts, 'split.py'), /^TIME_COLUMN: Optional\[str\] = "day"$/m);
  });

  it('writes a placeholder target and says so when the code shows none', async () => {
    const p = plan(
      'split',
      await projectFromFiles({ 'eda.ipynb': notebook('import pandas as pd\ndf = pd.read_csv("data/raw.csv")') }),
    );
    assert.match(file(p, 'split.py'), /^TARGET = "target"$/m);
    assert.ok(p.notes.some((n) => n.includes('No target column')));
  });

  it('never creates a data/ package that would shadow an existing data.py module', async () => {
    const project = await projectFromFiles({
      'pyproject.toml': '[project]\nname = "churn"\n',
      'src/churn/__init__.py': '',
      'src/churn/data.py': 'import pandas as pd\n\ndef load(p):\n    return pd.read_csv(p)\n',
    });
    const p = plan('split', project);
    assert.deepEqual(
      p.files.map((f) => f.path),
      ['src/churn/split.py'],
    );
    assert.match(file(p, 'src/churn/split.py'), /python -m churn\.split/);
  });

  it('prefers the target and data path a config file declares over a dropped id column', async () => {
    const p = plan(
      'split',
      await projectFromFiles({
        'configs/train.yaml':
          'data:\n  path: data/raw/customers.csv\n  target: churned\n  test_size: 0.25\n  val_size: 0.1\nseed: 3\n',
        'src/churn/__init__.py': '',
        'src/churn/data.py':
          'def split(df, target):\n' +
          '    X = df.drop(columns=[target, "customer_id"])\n' +
          '    y = df[target]\n' +
          '    return X, y\n',
      }),
    );
    const code = file(p, 'src/churn/split.py');
    assert.match(code, /^TARGET = "churned"$/m);
    assert.match(code, /^DATA_PATH = "data\/raw\/customers.csv"$/m);
    assert.match(code, /^SEED = 3$/m);
    assert.match(code, /^VAL_SIZE = 0\.1$/m);
    assert.match(code, /^TEST_SIZE = 0\.25$/m);
    assert.ok(p.notes.some((n) => n.includes('from your configuration')));
  });

  it('escapes odd column names into valid Python', async () => {
    const p = plan(
      'split',
      await projectFromFiles({
        'm.py': 'import pandas as pd\ndf = pd.read_csv("d.csv")\ny = df["Churn \\"flag\\"\\\\n"]\n',
      }),
    );
    assert.match(file(p, 'split.py'), /^TARGET = "Churn \\"flag\\"\\\\n"$/m);
  });
});

describe('config scaffold', () => {
  it('carries the model and its literal hyperparameters into config/train.yaml, seed apart', async () => {
    const p = plan('config', await fixtureProject('churn-service'));
    const yaml = file(p, 'config/train.yaml');
    assert.match(yaml, /^ {2}class: lightgbm\.LGBMClassifier$/m);
    assert.match(yaml, /^ {4}n_estimators: 400$/m);
    assert.match(yaml, /^ {4}learning_rate: 0\.05$/m);
    assert.match(yaml, /^ {4}class_weight: balanced$/m);
    assert.doesNotMatch(yaml, /random_state/);
    assert.match(yaml, /^seed: 7$/m);
    assert.match(yaml, /^ {2}target: churned$/m);
    assert.match(file(p, 'src/churn_predictor/config.py'), /parents\[2\]/);
  });

  it('names the loader train_config.py in flat projects so it cannot shadow config/', async () => {
    const p = plan('config', await fixtureProject('titanic-notebook'));
    assert.deepEqual(p.files.map((f) => f.path).sort(), ['config/train.yaml', 'train_config.py']);
    assert.ok(p.notes.some((n) => n.includes('pyyaml')));
  });

  it('treats a file where config/ should be as taken', async () => {
    const p = plan('config', await projectFromFiles({ config: 'not a folder', 'a.py': 'import sklearn\n' }));
    assert.deepEqual(
      p.skipped.map((s) => s.path),
      ['config/train.yaml'],
    );
  });
});

describe('tests scaffold', () => {
  it('adds the split module the tests need, unless it exists', async () => {
    const flat = plan('tests', await fixtureProject('house-prices'));
    assert.deepEqual(flat.files.map((f) => f.path).sort(), [
      'split.py',
      'tests/conftest.py',
      'tests/test_data.py',
      'tests/test_model.py',
    ]);
    assert.match(file(flat, 'tests/test_model.py'), /from sklearn\.linear_model import Ridge/);
    // Regression: no stratification test.
    assert.doesNotMatch(file(flat, 'tests/test_data.py'), /stratified/);

    const withSplit = plan(
      'tests',
      await projectFromFiles({ 'split.py': 'def split_frame(df): ...\n', 'm.py': 'import sklearn\n' }),
    );
    assert.ok(!withSplit.files.some((f) => f.path === 'split.py'));
    assert.ok(!withSplit.skipped.some((f) => f.path === 'split.py'));
  });

  it('leaves an existing conftest.py alone and says what the new tests need from it', async () => {
    const p = plan(
      'tests',
      await projectFromFiles({
        'pyproject.toml': '[project]\nname = "churn"\n',
        'src/churn/__init__.py': '',
        'tests/conftest.py': 'import pytest\n',
      }),
    );
    assert.deepEqual(p.skipped, [{ path: 'tests/conftest.py', reason: 'exists' }]);
    assert.ok(p.notes.some((n) => n.includes('make src importable')));
  });

  it('puts src/ on the path for src layouts and imports non-sklearn models only if installed', async () => {
    const p = plan('tests', await fixtureProject('churn-service'));
    assert.match(file(p, 'tests/conftest.py'), /ROOT \/ "src"/);
    assert.match(file(p, 'tests/test_model.py'), /pytest\.importorskip\("lightgbm"\)/);
    assert.match(file(p, 'tests/test_data.py'), /from churn_predictor\.data\.split import/);
  });
});

describe('dockerfile scaffold', () => {
  it('skips an existing Dockerfile and still adds .dockerignore', async () => {
    const p = plan('dockerfile', await fixtureProject('churn-service'));
    assert.deepEqual(p.skipped, [{ path: 'Dockerfile', reason: 'exists' }]);
    assert.deepEqual(
      p.files.map((f) => f.path),
      ['.dockerignore'],
    );
    assert.match(file(p, '.dockerignore'), /^data\/$/m);
  });

  it('installs requirements before copying code, runs as non-root, checks health', async () => {
    const p = plan('dockerfile', await fixtureProject('house-prices'));
    const df = file(p, 'Dockerfile');
    const copyReqs = df.indexOf('COPY requirements.txt ./');
    const copyAll = df.indexOf('COPY . .');
    assert.ok(copyReqs > 0 && copyAll > copyReqs, 'requirements must be copied before the code');
    assert.match(df, /^FROM python:3\.11-slim$/m);
    assert.match(df, /^USER app$/m);
    assert.match(df, /^HEALTHCHECK /m);
    assert.match(df, /^CMD \["uvicorn", "serve:app"/m);
  });

  it('points a conda project at its environment file', async () => {
    const p = plan(
      'dockerfile',
      await projectFromFiles({
        'environment.yml': 'name: ml\ndependencies:\n  - scikit-learn=1.4\n',
        'train.py': 'import sklearn\n',
      }),
    );
    assert.ok(p.notes.some((n) => n.includes('environment.yml (conda)')));
  });

  it('serves an existing Flask app with gunicorn', async () => {
    const p = plan(
      'dockerfile',
      await projectFromFiles({
        'app.py': 'from flask import Flask\nimport joblib\nserver = Flask(__name__)\n',
        'requirements.txt': 'flask==3.0.0\ngunicorn==22.0.0\n',
      }),
    );
    assert.match(
      file(p, 'Dockerfile'),
      /^CMD \["gunicorn", "--bind", "0\.0\.0\.0:8000", "--workers", "2", "app:server"\]$/m,
    );
  });
});

describe('api scaffold', () => {
  it('types the request with the feature columns and loads the saved model path', async () => {
    const houses = plan('api', await fixtureProject('house-prices'));
    const code = file(houses, 'serve.py');
    assert.match(code, /^ {4}LotArea: Any = Field\(\.\.\.\)$/m);
    assert.match(code, /rows: List\[Row\]/);
    const churn = plan('api', await fixtureProject('churn-service'));
    assert.match(file(churn, 'src/churn_predictor/api.py'), /"MODEL_PATH", "models\/churn\.joblib"/);
  });
});

describe('taken paths', () => {
  it('a module and a package of the same name take each other’s place', async () => {
    const project = await projectFromFiles({ 'pkg/__init__.py': '', 'pkg/data.py': '', 'pkg/util/__init__.py': '' });
    assert.ok(isPathTaken(project, 'pkg/data/__init__.py'));
    assert.ok(isPathTaken(project, 'pkg/util.py'));
    assert.ok(!isPathTaken(project, 'pkg/split.py'));
    assert.ok(isPathTaken(project, 'pkg/data.py'));
  });
});

describe('plans against the disk', () => {
  it('drops files that exist but discovery did not list (git-ignored)', async () => {
    const fs = new MemoryFileSystem({ '/p/.env': 'X=1', '/p/Dockerfile': 'FROM x' });
    const checked = await excludeExisting(fs, '/p', {
      files: [
        { path: 'Dockerfile', content: '' },
        { path: '.dockerignore', content: '' },
      ],
      skipped: [],
      notes: [],
    });
    assert.deepEqual(
      checked.files.map((f) => f.path),
      ['.dockerignore'],
    );
    assert.deepEqual(checked.skipped, [{ path: 'Dockerfile', reason: 'exists' }]);
  });
});

describe('registry and the level checklist', () => {
  it('offers exactly the scaffolds of the contract', () => {
    assert.deepEqual(SCAFFOLDS.map((s) => s.id).sort(), [
      'api',
      'ci',
      'config',
      'dockerfile',
      'dvc',
      'experiment-tracking',
      'load-test',
      'monitoring',
      'orchestration',
      'split',
      'tests',
    ]);
  });

  it('every next step that names a scaffold finds it, and every scaffold helps real checklist items', () => {
    const ids = new Set(LEVEL_ITEMS.map((i) => i.id));
    for (const item of LEVEL_ITEMS)
      if (item.nextStep?.scaffold)
        assert.ok(findScaffold(item.nextStep.scaffold), `${item.id} points at '${item.nextStep.scaffold}'`);
    for (const s of SCAFFOLDS)
      for (const item of s.items) assert.ok(ids.has(item), `${s.id} helps unknown item ${item}`);
  });
});

describe('ci scaffold', () => {
  it('installs requirements and the package with its dev extra, runs pytest and ML Coach', async () => {
    const p = plan('ci', await fixtureProject('churn-service'));
    const wf = parseYaml(file(p, '.github/workflows/ci.yml'));
    const steps = wf.jobs.test.steps as Array<Record<string, any>>;
    assert.equal(steps[0].uses, 'actions/checkout@v4');
    const py = steps.find((s) => s.uses === 'actions/setup-python@v5');
    assert.deepEqual(py?.with, { 'python-version': '3.11', cache: 'pip' });
    const install = steps.find((s) => s.name === 'Install dependencies')?.run as string;
    assert.match(install, /^pip install -r requirements\.txt$/m);
    assert.match(install, /^pip install -e "\.\[dev\]"$/m);
    assert.equal(steps.find((s) => s.name === 'Run tests')?.run, 'python -m pytest -q');
    assert.equal(
      steps.find((s) => s.name === 'ML Coach')?.run,
      'npx --yes --package ml-coach mlcoach check --fail-on warning',
    );
    assert.deepEqual(wf.permissions, { contents: 'read' });
  });

  it('says so when there is nothing to install or test, and skips the pip cache', async () => {
    const p = plan('ci', await fixtureProject('titanic-notebook'));
    const wf = parseYaml(file(p, '.github/workflows/ci.yml'));
    const py = (wf.jobs.test.steps as Array<Record<string, any>>).find((s) => s.uses === 'actions/setup-python@v5');
    assert.equal(py?.with.cache, undefined);
    assert.ok(p.notes.some((n) => n.includes('No tests were found')));
    assert.ok(p.notes.some((n) => n.includes('No requirements.txt')));
  });
});

describe('dvc scaffold', () => {
  it('chains prepare, train and evaluate on the project’s own data, script and model path', async () => {
    const p = plan('dvc', await fixtureProject('churn-service'));
    const dvc = parseYaml(file(p, 'dvc.yaml'));
    assert.deepEqual(Object.keys(dvc.stages), ['prepare', 'train', 'evaluate']);
    assert.equal(
      dvc.stages.prepare.cmd,
      'PYTHONPATH=src python -m churn_predictor.data.split --data data/processed/customers.parquet --out ' +
        'data/processed --seed ${seed} --val-size ${split.val_size} --test-size ${split.test_size}',
    );
    assert.deepEqual(dvc.stages.prepare.deps, [
      'data/processed/customers.parquet',
      'src/churn_predictor/data/split.py',
    ]);
    assert.equal(dvc.stages.train.cmd, 'PYTHONPATH=src python -m churn_predictor.train');
    assert.deepEqual(dvc.stages.train.outs, ['models/churn.joblib']);
    assert.deepEqual(dvc.stages.evaluate.metrics, [{ 'metrics.json': { cache: false } }]);
    const params = parseYaml(file(p, 'params.yaml'));
    assert.equal(params.seed, 7);
    assert.equal(params.model.class, 'lightgbm.LGBMClassifier');
    // The prepare stage runs the split module, so it comes along.
    assert.ok(p.files.some((f) => f.path === 'src/churn_predictor/data/split.py'));
    assert.ok(p.notes.some((n) => n.includes('dvc init')));
  });

  it('reads parameters from config/train.yaml when the project has it', async () => {
    const p = plan('dvc', await projectFromFiles({ 'config/train.yaml': 'seed: 1\n', 'train.py': 'import sklearn\n' }));
    assert.ok(!p.files.some((f) => f.path === 'params.yaml'));
    const dvc = parseYaml(file(p, 'dvc.yaml'));
    assert.deepEqual(dvc.stages.train.params, [{ 'config/train.yaml': ['seed', 'model'] }]);
    assert.equal(dvc.stages.train.cmd, 'python train.py');
  });
});

describe('orchestration scaffold', () => {
  it('writes a Prefect flow, or an Airflow DAG when the project already uses Airflow', async () => {
    const prefect = plan('orchestration', await fixtureProject('churn-service'));
    assert.ok(prefect.files.some((f) => f.path === 'src/churn_predictor/training_flow.py'));
    assert.match(
      file(prefect, 'src/churn_predictor/training_flow.py'),
      /from churn_predictor\.config import build_model, load_config/,
    );
    const airflow = plan(
      'orchestration',
      await projectFromFiles({
        'requirements.txt': 'apache-airflow==2.9.1\nscikit-learn\n',
        'm.py': 'import sklearn\n',
      }),
    );
    assert.ok(airflow.files.some((f) => f.path === 'dags/my_project_training.py'));
    assert.ok(!airflow.files.some((f) => f.path.endsWith('training_flow.py')));
  });
});

describe('experiment-tracking and load-test scaffolds', () => {
  it('log with the MLflow flavour of the framework and send the model’s features', async () => {
    assert.match(
      file(plan('experiment-tracking', await fixtureProject('churn-service')), 'src/churn_predictor/tracking.py'),
      /mlflow\.lightgbm\.log_model/,
    );
    assert.match(
      file(plan('experiment-tracking', await fixtureProject('house-prices')), 'tracking.py'),
      /mlflow\.sklearn\.log_model/,
    );
    assert.match(
      file(plan('load-test', await fixtureProject('house-prices')), 'locustfile.py'),
      /^FEATURES = \["LotArea", "OverallQual", "GrLivArea", "YearBuilt"\]$/m,
    );
  });
});

describe('load-test scaffold target', () => {
  it('targets the route that predicts with a model, not another route of the web app', async () => {
    const api = [
      'import joblib',
      'from fastapi import FastAPI',
      'app = FastAPI()',
      'model = joblib.load("models/model.joblib")',
      '@app.get("/health")',
      'def health():',
      '    return {"status": "ok"}',
      '@app.post("/v1/score")',
      'def score(row: dict):',
      '    return {"predictions": model.predict([row]).tolist()}',
      '',
    ].join('\n');
    const served = plan(
      'load-test',
      await projectFromFiles({ 'requirements.txt': 'fastapi\nscikit-learn\n', 'app.py': api }),
    );
    assert.match(file(served, 'locustfile.py'), /^PREDICT_PATH = "\/v1\/score"$/m);
    assert.ok(
      served.notes.some((n) => /prediction route POST \/v1\/score \(app\.py:8\)/.test(n)),
      served.notes.join(' | '),
    );
    const web = plan(
      'load-test',
      await projectFromFiles({
        'requirements.txt': 'fastapi\nscikit-learn\n',
        'app.py': 'from fastapi import FastAPI\napp = FastAPI()\n@app.get("/items")\ndef items():\n    return []\n',
        'train.py': 'import sklearn\n',
      }),
    );
    assert.ok(
      web.notes.some((n) => /No web route that predicts/.test(n)),
      web.notes.join(' | '),
    );
  });
});

describe('cookiecutter-data-science layout', () => {
  it('imports through the src package, reuses src/data/, runs the training module, loads the pickle', async () => {
    const project = await fixtureProject('ccds-heart');
    const split = plan('split', project);
    assert.deepEqual(
      split.files.map((f) => f.path),
      ['src/data/split.py'],
    );
    const code = file(split, 'src/data/split.py');
    assert.match(code, /^TARGET = "target"$/m);
    assert.match(code, /^SEED = 2021$/m);
    assert.match(code, /^TEST_SIZE = 0\.25$/m);
    assert.match(code, /python -m src\.data\.split/);
    const dvc = parseYaml(file(plan('dvc', project), 'dvc.yaml'));
    assert.equal(dvc.stages.train.cmd, 'python -m src.models.train_model');
    assert.deepEqual(dvc.stages.train.outs, ['models/gbc.pkl']);
    const api = plan('api', project);
    assert.match(file(api, 'src/api.py'), /"MODEL_PATH", "models\/gbc\.pkl"/);
    assert.match(file(api, 'src/api.py'), /FastAPI\(title="ccds_heart model"\)/);
    assert.match(file(plan('tests', project), 'tests/test_data.py'), /^from src\.data\.split import /m);
  });
});

describe('plans on damaged projects', () => {
  it('never throw, whatever the manifests and code look like', async () => {
    const projects = [
      await projectFromFiles({ 'README.md': '# Nothing here yet\n' }),
      await projectFromFiles({
        'pyproject.toml': '[project\nname = ',
        'setup.cfg': '[metadata\nname',
        'x.py': 'def (:\n  y = df["a"\n',
      }),
      await projectFromFiles({
        'pyproject.toml': '[project]\nname = 42\nrequires-python = 3\n',
        'config/train.yaml': ': : :\n  - [',
        'nb.ipynb': '{"cells": [',
      }),
      await projectFromFiles({
        'r.ipynb': JSON.stringify({
          nbformat: 4,
          nbformat_minor: 2,
          metadata: { kernelspec: { language: 'R', name: 'ir' } },
          cells: [{ cell_type: 'code', source: 'library(caret)', metadata: {}, outputs: [] }],
        }),
      }),
    ];
    for (const project of projects) {
      for (const s of SCAFFOLDS) {
        const p = s.plan(project);
        assert.ok(p.files.length > 0, `${s.id} planned nothing`);
      }
    }
  });
});
