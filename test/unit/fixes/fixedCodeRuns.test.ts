// The fixed code runs: fix fixtures are executed with the system Python (Debian's python3-sklearn,
// python3-pandas, python3-yaml, python3-imblearn) on small data made here, before and after the fix,
// and what the fix promises is checked on what the code really did.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readTree } from '../../support/ruleFixtures';
import { FIXTURES } from '../../support/paths';
import { missingModules, runPython, writeProject } from '../scaffold/pythonRun';

const FIX_FIXTURES = join(FIXTURES, 'fixes');

/** A fixture side (before/ or after/) as files, plus extra files. */
function project(dir: string, extra: Array<{ path: string; content: string }> = []) {
  const files = Object.entries(readTree(dir)).map(([path, bytes]) => ({
    path,
    content: Buffer.from(bytes).toString('utf8'),
  }));
  return writeProject([...files, ...extra]);
}

/** A numeric frame with an imbalanced 0/1 target `column` (about one row in four is 1). */
function churnCsv(rows: number, column = 'churned'): string {
  const lines = [`tenure,charges,calls,${column}`];
  let s = 7;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  for (let i = 0; i < rows; i++) {
    const tenure = Math.floor(rnd() * 72);
    const charges = (20 + rnd() * 100).toFixed(2);
    const calls = Math.floor(rnd() * 6);
    const churned = rnd() < 0.15 + (calls > 3 ? 0.35 : 0) ? 1 : 0;
    lines.push(`${i % 9 === 0 ? tenure + 0.5 : tenure},${charges},${calls},${churned}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Code appended to a script: prints the parts of its split as JSON (row labels of each part). */
const REPORT_PARTS = `
import json as _json
_parts = {
    name: sorted(int(i) for i in globals()[name].index)
    for name in ("X_train", "X_val", "X_test")
    if name in globals()
}
print("PARTS", _json.dumps(_parts))
`;

function parts(stdout: string): Record<string, number[]> {
  const line = stdout.split('\n').find((l) => l.startsWith('PARTS '));
  assert.ok(line, `no PARTS line in:\n${stdout}`);
  return JSON.parse(line.slice(6)) as Record<string, number[]>;
}

describe('fixed code runs', function () {
  this.timeout(120_000);

  it(
    'ML203 "Split into train/validation/test": the test rows stay the same, the validation part is a quarter of ' +
      'the training part, stratified, same seed, and the tuning loop scores on it',
    function () {
      const missing = missingModules('sklearn', 'pandas');
      if (missing) this.skip();
      const data = { path: 'churn.csv', content: churnCsv(400) };
      const name = 'tune_depth_stratified.py';
      const runSide = (side: string) => {
        const dir = project(join(FIX_FIXTURES, 'ML203', 'stratified_loop', side), [data]);
        const text = readTree(dir)[name];
        const script = `${Buffer.from(text).toString('utf8')}${REPORT_PARTS}`;
        // Record which rows the tuning loop scores on: f1_score is wrapped to print the size of y_true.
        const wrapped = script.replace(
          'from sklearn.metrics import f1_score',
          'from sklearn.metrics import f1_score as _f1\n\n' +
            'def f1_score(y_true, y_pred):\n' +
            '    print("SCORED", len(y_true))\n' +
            '    return _f1(y_true, y_pred)',
        );
        const r = runPython(dir, ['-c', wrapped]);
        assert.equal(r.status, 0, r.stderr);
        return r.stdout;
      };
      const before = runSide('before');
      const after = runSide('after');
      const b = parts(before);
      const a = parts(after);
      assert.deepEqual(a.X_test, b.X_test, 'the test part changed');
      const n = 400;
      const test = Math.ceil(0.2 * n);
      const val = Math.ceil(0.25 * (n - test));
      assert.equal(a.X_test.length, test);
      assert.equal(a.X_val.length, val);
      assert.equal(a.X_train.length, n - test - val);
      assert.deepEqual(
        [...a.X_train, ...a.X_val, ...a.X_test].sort((x, y) => x - y),
        [...Array(n).keys()],
        'the three parts do not cover the rows exactly once',
      );
      assert.deepEqual(
        [...b.X_train].sort((x, y) => x - y),
        [...a.X_train, ...a.X_val].sort((x, y) => x - y),
        'train + validation is not the old training part',
      );
      const scoredAfter = after
        .split('\n')
        .filter((l) => l.startsWith('SCORED '))
        .map((l) => Number(l.slice(7)));
      // Six candidates on the validation part, then the final report on the test part.
      assert.deepEqual(scoredAfter, [...Array(6).fill(val), test]);
      // Same seed and stratification: the validation part is what sklearn gives for them.
      const check = runPython(project(join(FIX_FIXTURES, 'ML203', 'stratified_loop', 'after'), [data]), [
        '-c',
        `import pandas as pd, json
from sklearn.model_selection import train_test_split
df = pd.read_csv("churn.csv"); X, y = df.drop(columns="churned"), df["churned"]
Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.2, stratify=y, random_state=7)
Xtr, Xva, ytr, yva = train_test_split(Xtr, ytr, test_size=0.25, stratify=ytr, random_state=7)
print(json.dumps({"val": sorted(int(i) for i in Xva.index), "rate": [float(y.mean()), float(yva.mean())]}))`,
      ]);
      assert.equal(check.status, 0, check.stderr);
      const expected = JSON.parse(check.stdout) as { val: number[]; rate: number[] };
      assert.deepEqual(a.X_val, expected.val);
      assert.ok(
        Math.abs(expected.rate[0] - expected.rate[1]) < 0.02,
        `validation class rate ${expected.rate[1]} is not stratified like ${expected.rate[0]}`,
      );
    },
  );

  it('ML203 on a datetime index: validation is the last quarter of training days, test days kept', function () {
    const missing = missingModules('sklearn', 'pandas');
    if (missing) this.skip();
    // 200 days written out of order, so the fix must sort before it cuts.
    const days = [...Array(200).keys()].map((i) => (i * 37) % 200);
    const sales = {
      path: 'sales.csv',
      content: `day,promo,price,sales\n${days
        .map((d) => {
          const date = new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10);
          return `${date},${d % 3 === 0 ? 1 : 0},${(10 + (d % 7)).toFixed(1)},${100 + d + (d % 3 === 0 ? 20 : 0)}`;
        })
        .join('\n')}\n`,
    };
    const name = 'tune_sales_by_day.py';
    const report = `
import json as _json
_days = lambda part: sorted(str(d.date()) for d in part.index)
print("DAYS", _json.dumps({n: _days(globals()[n]) for n in ("X_train", "X_val", "X_test") if n in globals()}))
`;
    const runSide = (side: string) => {
      const dir = project(join(FIX_FIXTURES, 'ML203', 'date_index_sort', side), [sales]);
      const r = runPython(dir, ['-c', `${Buffer.from(readTree(dir)[name]).toString('utf8')}${report}`]);
      assert.equal(r.status, 0, r.stderr);
      const line = r.stdout.split('\n').find((l) => l.startsWith('DAYS '));
      assert.ok(line, r.stdout);
      return JSON.parse(line.slice(5)) as Record<string, string[]>;
    };
    const b = runSide('before');
    const a = runSide('after');
    assert.deepEqual(a.X_test, b.X_test, 'the test days changed');
    assert.equal(a.X_val.length, Math.ceil(0.25 * b.X_train.length));
    assert.deepEqual([...a.X_train, ...a.X_val].sort(), b.X_train, 'train + validation is not the old training part');
    // A cut in time: every validation day comes after every training day.
    assert.ok(
      a.X_train[a.X_train.length - 1] < a.X_val[0],
      `training runs to ${a.X_train[a.X_train.length - 1]}, validation starts ${a.X_val[0]}`,
    );
  });

  it(
    'ML202 "Split into train/validation/test": fixed scripts run on a 60/20/20 split, no row twice, weights ' +
      'with their rows',
    function () {
      const missing = missingModules('sklearn', 'pandas', 'joblib');
      if (missing) this.skip();
      const data = { path: 'data/customers.csv', content: churnCsv(500, 'churn') };
      for (const [fixture, name] of [
        ['no_split_script', 'bad_no_split_script.py'],
        ['expression_fit', 'train_expression_fit.py'],
        ['multiline_argument', 'train_multiarg.py'],
        ['per_row_weight', 'train_weighted.py'],
      ]) {
        const dir = project(join(FIX_FIXTURES, 'ML202', fixture, 'after'), [data]);
        // Where the fit takes per-row weights, each part's weights must be those of its own rows.
        const script = `${Buffer.from(readTree(dir)[name]).toString('utf8')}
import json as _json
_seen = set(X_train.index) & (set(X_val.index) | set(X_test.index))
_misaligned = [
    part for part, rows, w in (("train", y_train, globals().get("weights_train")),
                               ("val", y_val, globals().get("weights_val")),
                               ("test", y_test, globals().get("weights_test")))
    if w is not None and (len(w) != len(rows) or list(w) != [3.0 if v == 1 else 1.0 for v in rows])
]
print("SIZES", _json.dumps({"train": len(X_train), "val": len(X_val), "test": len(X_test),
                            "seen": sorted(int(i) for i in _seen), "misaligned": _misaligned,
                            "weighted": "weights_train" in globals()}))
`;
        const r = runPython(dir, ['-c', script]);
        assert.equal(r.status, 0, r.stderr);
        const line = r.stdout.split('\n').find((l) => l.startsWith('SIZES '));
        assert.ok(line, r.stdout);
        const sizes = JSON.parse(line.slice(6)) as {
          train: number;
          val: number;
          test: number;
          seen: number[];
          misaligned: string[];
          weighted: boolean;
        };
        assert.deepEqual([sizes.train, sizes.val, sizes.test], [300, 100, 100], fixture);
        assert.deepEqual(sizes.seen, [], `${fixture}: training rows also held out`);
        assert.equal(sizes.weighted, fixture === 'per_row_weight', fixture);
        assert.deepEqual(sizes.misaligned, [], `${fixture}: weights split apart from their rows`);
      }
    },
  );

  it(
    'ML401/ML402 "Extract to config": the script reads its settings from configs/params.yaml and trains the same ' +
      'models with the same values and types',
    function () {
      const missing = missingModules('sklearn', 'pandas', 'yaml');
      if (missing) this.skip();
      const data = { path: 'data/churn.csv', content: churnCsv(300) };
      const run = (side: string) => {
        const dir = project(join(FIX_FIXTURES, 'ML401', 'sklearn_script_runs', side), [data]);
        // From the project root, as `python src/churn/train.py`; the config is found from the script's own folder.
        const r = runPython(dir, ['src/churn/train.py']);
        assert.equal(r.status, 0, r.stderr);
        return r.stdout;
      };
      const before = run('before');
      const after = run('after');
      assert.equal(after, before);
      const params = JSON.parse(after.trim().split('\n').pop()!) as { forest: Record<string, unknown> };
      assert.equal(params.forest.n_estimators, 40);
      assert.equal(params.forest.max_features, 0.5);
      assert.equal(params.forest.criterion, 'entropy');
    },
  );

  it(
    '"Extract to config" in a notebook: the fixed cells, run in order from the notebook\'s folder as Jupyter and ' +
      'VS Code run them, read the same values with the same types and compute the same results',
    function () {
      if (missingModules('sklearn', 'pandas', 'yaml')) this.skip();
      // Runs the code cells in order in one namespace, like a kernel, then prints what the models were given.
      const runner = `
import json, sys
nb = json.load(open(sys.argv[1], encoding="utf-8"))
ns = {}
for cell in nb["cells"]:
    if cell["cell_type"] == "code":
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        exec(compile(source, "<cell>", "exec"), ns)
for name in ("forest", "model"):
    if name in ns:
        params = ns[name].get_params()
        print(name, json.dumps({k: [params[k], type(params[k]).__name__] for k in sorted(params)}))
for name in ("df", "train"):
    if name in ns:
        print(name, ns[name].shape)
`;
      const cases = [
        { fixture: 'new_config', notebook: 'notebooks/churn_forest.ipynb', model: 'forest' },
        { fixture: 'existing_config', notebook: 'notebooks/baseline.ipynb', model: 'model' },
      ];
      for (const c of cases) {
        const run = (side: string) => {
          const dir = project(join(FIXTURES, 'actions', 'extract-config', c.fixture, side), [
            { path: 'data/churn.csv', content: churnCsv(300) },
          ]);
          const r = runPython(join(dir, 'notebooks'), ['-c', runner, c.notebook.split('/').pop()!]);
          assert.equal(r.status, 0, `${c.fixture}/${side}: ${r.stderr}`);
          return r.stdout;
        };
        const before = run('before');
        const after = run('after');
        assert.match(before, new RegExp(`^${c.model} \\{`, 'm'));
        assert.equal(after, before, c.fixture);
        // The fixed notebook really read its values from the config (not left as literals).
        const fixed = Buffer.from(
          readTree(join(FIXTURES, 'actions', 'extract-config', c.fixture, 'after'))[c.notebook],
        ).toString('utf8');
        assert.match(fixed, /CONFIG\[\\"data\\"\]\[\\"churn\\"\]/);
      }
    },
  );

  it('ML201 "Score on the test split": every score of the fit is computed on the test rows', function () {
    if (missingModules('sklearn', 'pandas')) this.skip();
    const cars = [
      'year,km,power,price',
      ...Array.from(
        { length: 200 },
        (_, i) => `${2000 + (i % 20)},${(i * 7919) % 200000},${60 + (i % 90)},${5000 + ((i * 37) % 20000)}`,
      ),
    ].join('\n');
    const dir = project(join(FIX_FIXTURES, 'ML201', 'train_score_only', 'after'), [
      { path: 'cars.csv', content: `${cars}\n` },
    ]);
    const script = Buffer.from(readTree(dir)['bad_train_score_only.py'])
      .toString('utf8')
      .replace(
        'from sklearn.metrics import mean_squared_error, r2_score',
        'from sklearn.metrics import mean_squared_error as _mse, r2_score as _r2\n\n' +
          'def mean_squared_error(a, b):\n' +
          '    print("SCORED", len(a), len(b))\n' +
          '    return _mse(a, b)\n\n' +
          'def r2_score(a, b):\n' +
          '    print("SCORED", len(a), len(b))\n' +
          '    return _r2(a, b)',
      );
    const r = runPython(dir, ['-c', `${script}${REPORT_PARTS}`]);
    assert.equal(r.status, 0, r.stderr);
    const test = parts(r.stdout).X_test.length;
    assert.equal(test, 40);
    assert.deepEqual(
      r.stdout.split('\n').filter((l) => l.startsWith('SCORED')),
      ['SCORED 40 40', 'SCORED 40 40'],
    );
  });

  it('ML204 "Add balanced metrics": the fixed script prints the report, balanced accuracy and PR-AUC', function () {
    if (missingModules('sklearn', 'pandas')) this.skip();
    const dir = project(join(FIX_FIXTURES, 'ML204', 'class_weight_script', 'after'), [
      { path: 'data/churn.csv', content: churnCsv(300, 'churn') },
    ]);
    const r = runPython(dir, ['bad_class_weight_script.py']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /test accuracy: 0\.\d{3}\n/);
    assert.match(r.stdout, /precision\s+recall\s+f1-score\s+support/);
    assert.match(r.stdout, /balanced accuracy: 0\.\d+/);
    assert.match(r.stdout, /PR-AUC: 0\.\d+/);
  });

  it(
    'ML101 "Fit on the training split": the scaler learns from the training rows only, and both parts are ' +
      'transformed with that fit',
    function () {
      if (missingModules('sklearn', 'pandas')) this.skip();
      const heart = churnCsv(250, 'target');
      const dir = project(join(FIX_FIXTURES, 'ML101', 'scaler_before_split', 'after'), [
        { path: 'data/heart.csv', content: heart },
      ]);
      const script = Buffer.from(readTree(dir)['bad_scaler_before_split.py']).toString('utf8');
      const check = `
import numpy as _np
_raw_train, _raw_test = train_test_split(X, y, test_size=0.2, random_state=42)[:2]
print("SEEN", int(scaler.n_samples_seen_), len(_raw_train), len(_raw_test))
print("TRAIN_MEAN", bool(_np.allclose(scaler.mean_, _raw_train.mean().to_numpy())))
print("TEST_SCALED", bool(_np.allclose(X_test, scaler.transform(_raw_test))))
`;
      const r = runPython(dir, ['-c', `${script}${check}`]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^SEEN 200 200 50$/m);
      assert.match(r.stdout, /^TRAIN_MEAN True$/m);
      assert.match(r.stdout, /^TEST_SCALED True$/m);
    },
  );

  it('ML101 "Wrap in a Pipeline": each cross-validation fold fits its own scaler on its training rows', function () {
    if (missingModules('sklearn', 'pandas')) this.skip();
    const dir = project(join(FIX_FIXTURES, 'ML101', 'scaler_before_cross_val', 'after'), [
      { path: 'data/heart.csv', content: churnCsv(250, 'target') },
    ]);
    const script = Buffer.from(readTree(dir)['bad_scaler_before_cross_val.py']).toString('utf8');
    const check = `
import numpy as _np
from sklearn.base import clone as _clone
from sklearn.metrics import log_loss as _log_loss
def _fold_scores(per_fold):
    out = []
    _whole = StandardScaler().fit(X)
    for _tr, _va in KFold(n_splits=5, shuffle=True, random_state=42).split(X):
        _sc = StandardScaler().fit(X.iloc[_tr]) if per_fold else _whole
        _m = _clone(clf).fit(_sc.transform(X.iloc[_tr]), y.iloc[_tr])
        out.append(-_log_loss(y.iloc[_va], _m.predict_proba(_sc.transform(X.iloc[_va])), labels=_m.classes_))
    return _np.array(out)
print("PER_FOLD", len(scores), bool(_np.allclose(scores, _fold_scores(True))))
print("WHOLE", bool(_np.allclose(scores, _fold_scores(False))))
`;
    const r = runPython(dir, ['-c', `${script}${check}`]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^PER_FOLD 5 True$/m);
    assert.match(r.stdout, /^WHOLE False$/m, 'the check tells a scaler fit on all rows apart');
  });

  it(
    'ML105 "Use the transform fit on the training data": the test part is transformed with the training ' +
      'statistics',
    function () {
      if (missingModules('sklearn', 'pandas')) this.skip();
      const dir2 = project(join(FIX_FIXTURES, 'ML105', 'fit_transform_on_test', 'after'), [
        { path: 'bank.csv', content: churnCsv(120, 'y') },
      ]);
      const text = Buffer.from(readTree(dir2)['bad_fit_transform_on_test_split.py']).toString('utf8');
      const r = runPython(dir2, ['-c', `${text}\nprint("SEEN", int(sc.n_samples_seen_), len(X_train))`]);
      assert.equal(r.status, 0, r.stderr);
      const [seen, train] = r.stdout
        .split('\n')
        .find((l) => l.startsWith('SEEN '))!
        .split(' ')
        .slice(1)
        .map(Number);
      assert.equal(seen, train);
    },
  );

  it(
    'ML102 "Resample the training split only": SMOTE runs on the training part, the test part keeps real rows ' +
      'and the real class balance',
    function () {
      if (missingModules('sklearn', 'pandas', 'imblearn')) this.skip();
      const csv = churnCsv(400, 'Class');
      const dir = project(join(FIX_FIXTURES, 'ML102', 'smote_then_split', 'after'), [
        { path: 'creditcard.csv', content: csv },
      ]);
      const script = Buffer.from(readTree(dir)['bad_smote_then_split.py']).toString('utf8');
      const check = `
_tr, _te, _ytr, _yte = train_test_split(X, y, test_size=0.3, random_state=42)
print("TEST_SAME", bool(X_test.equals(_te)), len(X_test), int(y_test.sum()), int(_yte.sum()))
print("TRAIN_BALANCED", int((y_train == 1).sum()) == int((y_train == 0).sum()), len(y_train) > len(_ytr))
`;
      const r = runPython(dir, ['-c', `${script}${check}`]);
      assert.equal(r.status, 0, r.stderr);
      const same = r.stdout
        .split('\n')
        .find((l) => l.startsWith('TEST_SAME'))!
        .split(' ');
      assert.deepEqual(same.slice(1, 3), ['True', '120']);
      assert.equal(same[3], same[4]);
      assert.match(r.stdout, /^TRAIN_BALANCED True True$/m);
    },
  );

  it(
    'ML403 "Use a path relative to the project root": the script reads the project\'s own data file from any ' +
      'working folder',
    function () {
      if (missingModules('sklearn', 'pandas')) this.skip();
      const dir = project(join(FIX_FIXTURES, 'ML403', 'home_path_into_project', 'after'));
      const r = runPython(join(dir, 'src'), ['train.py']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /\[/);
    },
  );
});
