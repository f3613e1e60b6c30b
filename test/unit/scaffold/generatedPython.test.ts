// The generated Python must run, not just look right: split real-looking data, load the config,
// pass its own tests, serve predictions.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectModel } from '../../../src/core/project/model';
import { SCAFFOLDS, findScaffold } from '../../../src/core/scaffold/registry';
import type { NewFile } from '../../../src/core/model/findings';
import { fixtureProject, projectFromFiles } from './projects';
import { PYTHON, missingModules, runPython, titanicCsv, writeProject } from './pythonRun';

function skipUnless(ctx: Mocha.Context, ...modules: string[]): void {
  const missing = missingModules(...modules);
  if (missing) {
    console.warn(`      skipped: ${missing}`);
    ctx.skip();
  }
}

/** The files of several scaffolds together, first plan wins (as applying them one by one would). */
function planned(project: ProjectModel, ids: string[]): NewFile[] {
  const out = new Map<string, NewFile>();
  for (const id of ids) for (const f of findScaffold(id)!.plan(project).files) if (!out.has(f.path)) out.set(f.path, f);
  return [...out.values()];
}

function ok(r: { status: number | null; stdout: string; stderr: string }, what: string): string {
  assert.equal(r.status, 0, `${what} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function readCsvColumn(path: string, column: string): string[] {
  const [header, ...rows] = readFileSync(path, 'utf8').trim().split('\n');
  const i = header.split(',').indexOf(column);
  return rows.map((r) => r.split(',')[i]);
}

describe(`generated Python runs (${PYTHON})`, function () {
  this.timeout(180_000);
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('flat notebook project: the split writes disjoint parts, config builds the model, tests pass', async function () {
    skipUnless(this, 'sklearn', 'pandas', 'yaml', 'pytest');
    const project = await fixtureProject('titanic-notebook');
    const dir = writeProject([
      ...planned(project, ['split', 'config', 'tests']),
      { path: 'data/train.csv', content: titanicCsv() },
    ]);
    dirs.push(dir);

    const out = ok(runPython(dir, ['split.py', '--out', 'data/processed']), 'split.py');
    // The notebook holds out 20% for testing; the module keeps that share and adds 15% validation.
    assert.match(out, /train: 156 rows/);
    const ids = ['train', 'val', 'test'].map((p) =>
      readCsvColumn(join(dir, 'data/processed', `${p}.csv`), 'PassengerId'),
    );
    assert.deepEqual(
      ids.map((x) => x.length),
      [156, 36, 48],
    );
    assert.equal(new Set(ids.flat()).size, 240, 'a passenger is in two parts');
    // Stratified: each part keeps roughly the overall survival rate.
    const rates = ['train', 'val', 'test'].map((p) => {
      const ys = readCsvColumn(join(dir, 'data/processed', `${p}.csv`), 'Survived').map(Number);
      return ys.reduce((a, b) => a + b, 0) / ys.length;
    });
    assert.ok(Math.max(...rates) - Math.min(...rates) < 0.05, `class rates differ: ${rates}`);

    const cfg = ok(
      runPython(dir, [
        '-c',
        'from train_config import load_config, build_model; c = load_config(); m = build_model(c); ' +
          'print(c.data.target, c.seed, c.data.resolved_path.exists(), m.get_params()["n_estimators"], ' +
          'm.get_params()["max_depth"], m.get_params()["random_state"])',
      ]),
      'config loader',
    );
    assert.equal(cfg.trim(), 'Survived 1 True 100 5 1');

    const tests = ok(runPython(dir, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests']), 'generated tests');
    assert.match(tests, /\b9 passed\b/);
  });

  it('the config loader names an unknown key instead of ignoring it', async function () {
    skipUnless(this, 'sklearn', 'yaml');
    const project = await fixtureProject('titanic-notebook');
    const files = planned(project, ['config']).map((f) =>
      f.path === 'config/train.yaml' ? { ...f, content: f.content.replace('  test_size:', '  tset_size:') } : f,
    );
    const dir = writeProject(files);
    dirs.push(dir);
    const r = runPython(dir, ['-c', 'from train_config import load_config; load_config()']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /split\.tset_size: unknown key/);
  });

  it('src-layout package: tests import the package from src/, skip models that are not installed', async function () {
    skipUnless(this, 'sklearn', 'pandas', 'yaml', 'pytest');
    const project = await fixtureProject('churn-service');
    const dir = writeProject([
      ...project.files
        .filter((f) => f.path.endsWith('.py'))
        .map((f) => ({ path: f.path, content: readFileSync(join(project.root, f.path), 'utf8') })),
      ...planned(project, ['tests', 'config']),
    ]);
    dirs.push(dir);
    const r = runPython(dir, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-rs', 'tests']);
    const out = ok(r, 'generated tests');
    // test_features.py (the project's own) and the data tests pass; the data file is absent, so that test skips.
    assert.match(out, missingModules('lightgbm') ? /\b7 passed\b/ : /\b9 passed\b/);
    assert.match(out, /not in this checkout/);
    const lightgbm = missingModules('lightgbm') ? /could not import 'lightgbm'/ : /./;
    assert.match(out, lightgbm);
    const cfg = ok(
      runPython(join(dir, 'src'), [
        '-c',
        'from churn_predictor.config import load_config; c = load_config(); print(c.model.class_name, ' +
          'c.model.params["n_estimators"], c.seed)',
      ]),
      'config loader',
    );
    assert.equal(cfg.trim(), 'lightgbm.LGBMClassifier 400 7');
  });

  it('time-series project: the split cuts by date, never shuffling the future into training', async function () {
    skipUnless(this, 'sklearn', 'pandas');
    const project = await projectFromFiles({
      'forecast.py':
        'import pandas as pd\n' +
        'sales = pd.read_csv("data/sales.csv", parse_dates=["day"]).sort_values("day")\n' +
        'y = sales["units"]\n',
    });
    const days = Array.from({ length: 100 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10));
    // Rows stored out of order, as exports often are.
    const rows = days.map((d, i) => `${d},${(i * 7) % 13}`).reverse();
    const dir = writeProject([
      ...planned(project, ['split']),
      { path: 'data/sales.csv', content: `day,units\n${rows.join('\n')}\n` },
    ]);
    dirs.push(dir);
    ok(runPython(dir, ['split.py']), 'split.py');
    const parts = ['train', 'val', 'test'].map((p) =>
      readCsvColumn(join(dir, 'data/processed', `${p}.csv`), 'day').sort(),
    );
    assert.deepEqual(
      parts.map((p) => p.length),
      [70, 15, 15],
    );
    assert.ok(
      parts[0][parts[0].length - 1] < parts[1][0] && parts[1][parts[1].length - 1] < parts[2][0],
      'parts overlap in time',
    );
  });

  it('the API loads the model once, answers /health and /predict, rejects a row without a feature', async function () {
    skipUnless(this, 'sklearn', 'pandas', 'fastapi', 'httpx', 'joblib');
    const project = await fixtureProject('house-prices');
    const dir = writeProject(planned(project, ['api']));
    dirs.push(dir);
    const script = [
      'import joblib, os, numpy as np, pandas as pd',
      'from sklearn.linear_model import Ridge',
      'cols = ["LotArea", "OverallQual", "GrLivArea", "YearBuilt"]',
      'X = pd.DataFrame(np.random.default_rng(0).uniform(1, 10, size=(50, 4)), columns=cols)',
      'os.makedirs("models", exist_ok=True)',
      'joblib.dump(Ridge().fit(X, X.sum(axis=1)), "models/model.joblib")',
      'from fastapi.testclient import TestClient',
      'import serve',
      'client = TestClient(serve.app)',
      'h = client.get("/health")',
      'row = dict(LotArea=8450, OverallQual=7, GrLivArea=1710, YearBuilt=2003)',
      'p = client.post("/predict", json={"rows": [row, row]})',
      'bad = client.post("/predict", json={"rows": [{"LotArea": 1}]})',
      'empty = client.post("/predict", json={"rows": []})',
      'm = client.get("/metrics")',
      'print(h.status_code, p.status_code, len(p.json()["predictions"]), bad.status_code, empty.status_code, ' +
        'm.status_code, serve.get_model.cache_info().misses)',
    ].join('\n');
    const out = ok(runPython(dir, ['-c', script]), 'API');
    const metrics = missingModules('prometheus_client') ? '404' : '200';
    assert.equal(out.trim().split('\n').pop(), `200 200 2 422 422 ${metrics} 1`);
  });

  it('monitoring: the drift check flags the shifted feature only, and the metrics register', async function () {
    skipUnless(this, 'pandas', 'numpy');
    const project = await fixtureProject('titanic-notebook');
    const csv = titanicCsv();
    // Fares tripled, as after a currency or pricing change upstream.
    const [header, ...rows] = csv.trim().split('\n');
    const fareAt = header.split(',').indexOf('Fare') + 1; // the quoted Name holds one comma
    const shifted = rows.map((r) => {
      const cells = r.split(',');
      cells[fareAt] = (Number(cells[fareAt]) * 3).toFixed(2);
      return cells.join(',');
    });
    const dir = writeProject([
      ...planned(project, ['monitoring']),
      { path: 'ref.csv', content: csv },
      { path: 'now.csv', content: `${header}\n${shifted.join('\n')}\n` },
    ]);
    dirs.push(dir);
    // One interpreter for every check: the command's exit codes, its reports and the metrics.
    const script = [
      'import contextlib, io, json, monitoring as m',
      'def run(*args):',
      '    buf = io.StringIO()',
      '    with contextlib.redirect_stdout(buf):',
      '        code = m.main(list(args))',
      '    return {"code": code, "report": json.loads(buf.getvalue())}',
      'out = {"same": run("ref.csv", "ref.csv"), "drift": run("ref.csv", "now.csv")}',
      'if m.Counter is not None:',
      '    with m.observe_prediction():',
      '        m.record_predictions([0, 1, 1])',
      '    from prometheus_client import generate_latest',
      '    out["metrics"] = generate_latest().decode()',
      'print(json.dumps(out))',
    ].join('\n');
    const result = JSON.parse(
      ok(runPython(dir, ['-c', script]), 'monitoring')
        .trim()
        .split('\n')
        .pop()!,
    );
    assert.equal(result.same.code, 0);
    assert.deepEqual(result.same.report.drifted, []);
    assert.equal(result.drift.code, 1);
    assert.deepEqual(result.drift.report.drifted, ['Fare']);
    assert.ok(
      !('PassengerId' in result.drift.report.features) && !('Survived' in result.drift.report.features),
      'ids and the target are not inputs',
    );
    if (!missingModules('prometheus_client')) {
      assert.match(result.metrics, /^model_predictions_total\{outcome="ok"\} 1\.0$/m);
      assert.match(result.metrics, /^model_predicted_value_count 3\.0$/m);
    }
  });

  it('orchestration: the Prefect flow trains and scores on validation (Prefect stubbed)', async function () {
    skipUnless(this, 'sklearn', 'pandas', 'yaml', 'joblib');
    const project = await fixtureProject('titanic-notebook');
    const dir = writeProject([
      ...planned(project, ['orchestration']),
      { path: 'data/train.csv', content: titanicCsv() },
      ...PREFECT_STUB,
    ]);
    dirs.push(dir);
    const out = ok(runPython(dir, ['training_flow.py'], { PYTHONPATH: join(dir, 'stubs') }), 'training flow');
    assert.match(out, /validation: \{'val_accuracy'/);
    const metrics = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'));
    assert.ok(metrics.val_accuracy > 0.5 && metrics.val_accuracy <= 1, JSON.stringify(metrics));
    assert.ok(existsSync(join(dir, 'models/model.joblib')));
  });

  it('orchestration: the Airflow DAG runs its tasks end to end (Airflow stubbed)', async function () {
    skipUnless(this, 'sklearn', 'pandas', 'yaml', 'joblib');
    const project = await projectFromFiles({
      'dags/etl.py': 'from airflow import DAG\n',
      'train.py':
        'import pandas as pd\n' +
        'from sklearn.linear_model import Ridge\n' +
        'df = pd.read_csv("data/houses.csv")\n' +
        'y = df["price"]\n' +
        'Ridge(alpha=0.5).fit(df[["rooms", "area"]], y)\n',
    });
    const files = planned(project, ['orchestration']);
    assert.ok(
      files.some((f) => f.path === 'dags/my_project_training.py'),
      files.map((f) => f.path).join(', '),
    );
    const rows = Array.from({ length: 120 }, (_, i) => `${1 + (i % 5)},${50 + i},${100 + 20 * (1 + (i % 5)) + i}`);
    const dir = writeProject([
      ...files,
      { path: 'data/houses.csv', content: `rooms,area,price\n${rows.join('\n')}\n` },
      ...AIRFLOW_STUB,
    ]);
    dirs.push(dir);
    ok(runPython(dir, ['dags/my_project_training.py'], { PYTHONPATH: join(dir, 'stubs'), PROJECT_ROOT: dir }), 'DAG');
    assert.ok(existsSync(join(dir, 'data/processed/val.csv')) && existsSync(join(dir, 'models/model.joblib')));
  });

  it('experiment tracking: the wrapper logs flattened params, metrics, the model (MLflow stubbed)', async function () {
    skipUnless(this);
    const project = await fixtureProject('churn-service');
    const dir = writeProject([...planned(project, ['experiment-tracking']), ...MLFLOW_STUB]);
    dirs.push(dir);
    const script = [
      'from churn_predictor.tracking import tracked_run, log_metrics, log_model',
      'with tracked_run("baseline", params={"seed": 7, "model": {"params": {"num_leaves": 31}}}):',
      '    log_metrics({"val_f1": 0.5})',
      '    log_model(object())',
      'import json, mlflow',
      'print(json.dumps(mlflow.CALLS))',
    ].join('\n');
    const calls = JSON.parse(
      ok(runPython(dir, ['-c', script], { PYTHONPATH: `${join(dir, 'stubs')}:${join(dir, 'src')}` }), 'tracking')
        .trim()
        .split('\n')
        .pop()!,
    );
    assert.deepEqual(calls, [
      ['set_experiment', 'churn_predictor'],
      ['start_run', 'baseline'],
      ['log_params', { seed: 7, 'model.params.num_leaves': 31 }],
      ['log_metrics', { val_f1: 0.5 }],
      ['lightgbm.log_model', 'model'],
    ]);
  });

  it('load test: rows come from the data file without the target, limited to the model features', async function () {
    skipUnless(this, 'locust');
    const project = await fixtureProject('house-prices');
    const csv =
      'LotArea,OverallQual,GrLivArea,YearBuilt,Street,SalePrice\n' +
      '8450,7,1710,2003,Pave,208500\n' +
      '9600,6,,1976,Pave,181500\n';
    const dir = writeProject([...planned(project, ['load-test']), { path: 'data/house_prices.csv', content: csv }]);
    dirs.push(dir);
    const out = ok(runPython(dir, ['-c', 'import json, locustfile\nprint(json.dumps(locustfile.ROWS))']), 'locustfile');
    assert.deepEqual(JSON.parse(out.trim().split('\n').pop()!), [
      { LotArea: 8450, OverallQual: 7, GrLivArea: 1710, YearBuilt: 2003 },
      { LotArea: 9600, OverallQual: 6, GrLivArea: null, YearBuilt: 1976 },
    ]);
  });

  it('every generated .py file compiles', async function () {
    skipUnless(this);
    const files: NewFile[] = [];
    for (const name of ['titanic-notebook', 'churn-service', 'house-prices']) {
      const project = await fixtureProject(name);
      for (const s of SCAFFOLDS)
        for (const f of s.plan(project).files)
          if (f.path.endsWith('.py')) files.push({ path: `${name}/${s.id}/${f.path}`, content: f.content });
    }
    const dir = writeProject(files);
    dirs.push(dir);
    const r = runPython(dir, [
      '-c',
      'import pathlib, sys\n' +
        'bad = []\n' +
        'for p in sorted(pathlib.Path(".").rglob("*.py")):\n' +
        '    try:\n' +
        '        compile(p.read_text(encoding="utf-8"), str(p), "exec")\n' +
        '    except SyntaxError as e:\n' +
        '        bad.append(f"{p}: {e}")\n' +
        'print(len(list(pathlib.Path(".").rglob("*.py"))))\n' +
        'print("\\n".join(bad))\n' +
        'sys.exit(1 if bad else 0)',
    ]);
    ok(r, 'py_compile');
    assert.ok(Number(r.stdout.split('\n')[0]) >= 20);
  });
});

/** Prefect's decorators as pass-throughs: the flow's own logic runs, Prefect's machinery does not. */
const PREFECT_STUB = [
  {
    path: 'stubs/prefect/__init__.py',
    content:
      'def _decorator(fn=None, **_kwargs):\n' +
      '    if fn is None:\n' +
      '        return lambda f: f\n' +
      '    return fn\n\n\n' +
      'flow = task = _decorator\n',
  },
];

/** Airflow's TaskFlow decorators as plain calls, so calling the DAG function runs its tasks in order. */
const AIRFLOW_STUB = [
  { path: 'stubs/airflow/__init__.py', content: 'class DAG:\n    pass\n' },
  {
    path: 'stubs/airflow/decorators.py',
    content:
      'def dag(*_args, **_kwargs):\n' +
      '    return lambda f: f\n\n\n' +
      'def task(fn=None, **_kwargs):\n' +
      '    return fn if fn is not None else (lambda f: f)\n',
  },
];

/** An MLflow that records calls instead of tracking. */
const MLFLOW_STUB = [
  {
    path: 'stubs/mlflow/__init__.py',
    content: [
      'from contextlib import contextmanager',
      'CALLS = []',
      'def set_experiment(name):',
      '    CALLS.append(["set_experiment", name])',
      '@contextmanager',
      'def start_run(run_name=None):',
      '    CALLS.append(["start_run", run_name])',
      '    yield object()',
      'def set_tags(tags):',
      '    CALLS.append(["set_tags", tags])',
      'def log_params(params):',
      '    CALLS.append(["log_params", params])',
      'def log_metrics(metrics, step=None):',
      '    CALLS.append(["log_metrics", metrics])',
      '',
    ].join('\n'),
  },
  {
    path: 'stubs/mlflow/lightgbm.py',
    content:
      'import mlflow\n' +
      'def log_model(model, name, input_example=None):\n' +
      '    mlflow.CALLS.append(["lightgbm.log_model", name])\n',
  },
];
