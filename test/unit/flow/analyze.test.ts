// The flow pass on small programs: what it records about splits, fits, transforms and evaluations.
import assert from 'node:assert/strict';
import { analyzeFlow, nameKind } from '../../../src/core/flow/analyze';
import type { FlowFacts } from '../../../src/core/flow/facts';
import { Lineage, flowMatters, rowSource, writesTables } from '../../../src/core/flow/queries';
import { type PythonUnit, notebookUnit, pythonFileUnit } from '../../../src/core/python/unit';
import { parseNotebook } from '../../../src/core/notebook/notebook';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FIXTURES, REPO_ROOT } from '../../support/paths';

const SK = [
  'import pandas as pd',
  'from sklearn.model_selection import train_test_split, KFold',
  'from sklearn.preprocessing import StandardScaler',
  'from sklearn.linear_model import LogisticRegression',
].join('\n');

function flow(code: string): { facts: FlowFacts; text: (n: { span: { from: number; to: number } }) => string } {
  const unit = pythonFileUnit('t.py', `${SK}\n${code}`);
  return { facts: analyzeFlow(unit), text: (n) => unit.text(n.span) };
}

function fitText(facts: FlowFacts, code: string): string[] {
  const src = `${SK}\n${code}`;
  return facts.fits.map((f) => src.slice(f.call.from, f.call.to));
}

describe('flow analysis', () => {
  it('unpacks train_test_split into train and test parts of the same split', () => {
    const { facts } = flow(
      "df = pd.read_csv('d.csv')\n" +
        "X_train, X_test, y_train, y_test = train_test_split(df.drop(columns='y'), df['y'], random_state=0)\n" +
        'm = LogisticRegression().fit(X_train, y_train)\n' +
        'm.score(X_test, y_test)',
    );
    assert.equal(facts.splits.length, 1);
    const fit = facts.fits[0];
    assert.deepEqual(
      fit.data!.parts.map((p) => p.kind),
      ['train'],
    );
    assert.equal(facts.evals.length, 1);
    assert.deepEqual(
      facts.evals[0].data!.parts.map((p) => p.kind),
      ['test'],
    );
    assert.equal(facts.evals[0].data!.parts[0].split, fit.data!.parts[0].split);
    assert.equal(facts.evals[0].fit, fit);
  });

  it('takes the item of a dict written out by its constant key, and the item a later assignment puts there', () => {
    const code =
      'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)\n' +
      "models = {'lr': LogisticRegression(), 'scaler': StandardScaler()}\n" +
      "models['lr'].fit(X_train, y_train)\n" +
      "models['lr'].score(X_test, y_test)\n" +
      "models['kf'] = KFold(5)\n" +
      "models['lr'] = StandardScaler()\n" +
      "models['lr'].fit(X_test)\n" +
      "models['other'].fit(X_train, y_train)";
    const { facts } = flow(code);
    assert.deepEqual(
      facts.fits.map((f) => f.object.qualified),
      ['sklearn.linear_model.LogisticRegression', 'sklearn.preprocessing.StandardScaler'],
    );
    assert.deepEqual(fitText(facts, code), ["models['lr'].fit(X_train, y_train)", "models['lr'].fit(X_test)"]);
    assert.equal(facts.evals.length, 1);
    assert.equal(facts.evals[0].fit, facts.fits[0]);
  });

  it('takes the side of a split from names like X_val, and calls a split of a training part train/val', () => {
    const { facts } = flow(
      'a, b, c, d = train_test_split(X, y, random_state=0)\n' +
        'e, f, g, h = train_test_split(a, c, random_state=0)\n' +
        'm = LogisticRegression().fit(e, g)\n' +
        'm.score(f, h)',
    );
    assert.deepEqual(
      facts.evals[0].data!.parts.map((p) => p.kind),
      ['val'],
    );
    const named = flow(
      'X_tr, X_val, y_tr, y_val = train_test_split(X, y, random_state=0)\n' +
        'm = LogisticRegression().fit(X_tr, y_tr)\n' +
        'm.score(X_val, y_val)',
    ).facts;
    assert.deepEqual(
      named.evals[0].data!.parts.map((p) => p.kind),
      ['val'],
    );
  });

  it('follows column assignment: the frame afterwards carries the transform output', () => {
    const { facts } = flow(
      "df = pd.read_csv('d.csv')\n" +
        's = StandardScaler()\n' +
        "df[['a', 'b']] = s.fit_transform(df[['a', 'b']])\n" +
        "X = df.drop(columns='y')\n" +
        "train_test_split(X, df['y'], random_state=0)",
    );
    const out = facts.transforms[0].output;
    const lin = new Lineage();
    assert.ok(facts.splits[0].inputs.some((i) => lin.derivesFrom(i, out)));
  });

  it('picks assigned columns by a list name joined with another list, through a groupby and a merge', () => {
    const { facts } = flow(
      "df = pd.read_csv('d.csv')\n" +
        "df['band'] = pd.qcut(df['size'], q=4)\n" +
        "df['zone'] = df['lat'] * 2\n" +
        "yearly = df.groupby('year')['lot'].mean().rename('lot_mean').reset_index()\n" +
        "df = pd.merge(df, yearly, on='year')\n" +
        "base = ['size', 'lot_mean']\n" +
        "X = df[base + ['zone']]\n" +
        "train_test_split(X, df['y'], random_state=0)",
    );
    const lin = new Lineage();
    const input = facts.splits[0].inputs[0];
    const bins = facts.stats.find((st) => st.method === 'quantile bins')!;
    const means = facts.stats.find((st) => st.method === 'mean')!;
    const uses = (st: typeof bins) => facts.statUses.filter((u) => u.stat === st).map((u) => u.output);
    assert.ok(!uses(bins).some((o) => lin.derivesFrom(input, o)), 'the band column is not picked');
    assert.ok(
      uses(means).some((o) => lin.derivesFrom(input, o)),
      'the merged-in means reach every column not assigned by name',
    );
  });

  it("takes the statistics of a function applied per group as that group's own", () => {
    const { facts } = flow(
      "df = pd.read_csv('d.csv')\n" +
        'def summary(group):\n' +
        "    return pd.Series({'m': group['v'].mean(), 's': group['v'].std()})\n" +
        "per_id = df.groupby('id').apply(summary).reset_index()",
    );
    assert.deepEqual(
      facts.stats.map((st) => [st.kind, st.method, st.column]),
      [['group', 'apply', 'v']],
    );
    assert.equal(facts.statUses.length, 0);
  });

  it("follows a clusterer's labels of the rows it was fit on as a transform of them", () => {
    const code =
      'from sklearn.cluster import KMeans\n' +
      "df = pd.read_csv('d.csv')\n" +
      "km = KMeans(n_clusters=3).fit(df[['lat', 'lon']])\n" +
      "df['zone'] = km.labels_\n" +
      "df['zone2'] = KMeans(n_clusters=4).fit_predict(df[['lat', 'lon']])";
    const { facts } = flow(code);
    assert.deepEqual(
      facts.transforms.map((t) => t.fit.method),
      ['fit', 'fit_predict'],
    );
    assert.ok(facts.objects.every((o) => o.role === 'transformer'));
  });

  it('records a fit and a transform through a method chain', () => {
    const code = 'Z = StandardScaler().fit(X).transform(X)';
    const { facts } = flow(code);
    assert.deepEqual(fitText(facts, code), ['StandardScaler().fit(X)']);
    assert.equal(facts.transforms.length, 1);
    assert.equal(facts.transforms[0].fit, facts.fits[0]);
  });

  it('follows values through a function defined and called in the same file', () => {
    const { facts } = flow(
      'def split(frame):\n' +
        '    return train_test_split(frame, test_size=0.2, random_state=0)\n\n' +
        'tr, te = split(pd.read_csv("d.csv"))\n' +
        'LogisticRegression().fit(tr, tr)',
    );
    assert.deepEqual(
      facts.fits[0].data!.parts.map((p) => p.kind),
      ['train'],
    );
  });

  it('returns a fitted transformer from a function', () => {
    const { facts } = flow(
      'def make_scaler(frame):\n' +
        '    sc = StandardScaler()\n' +
        '    sc.fit(frame)\n' +
        '    return sc\n\n' +
        'scaler = make_scaler(X)\n' +
        'Z = scaler.transform(X)',
    );
    assert.equal(facts.transforms.length, 1);
    assert.equal(facts.transforms[0].fit, facts.fits[0]);
  });

  it('does not take a .fit on an unknown object for an estimator', () => {
    const { facts } = flow('from mylib import Thing\nt = Thing()\nt.fit(X)\nt.transform(X)\nt.score(X, y)');
    assert.equal(facts.fits.length, 0);
    assert.equal(facts.evals.length, 0);
  });

  it('resolves module aliases', () => {
    const unit = pythonFileUnit(
      't.py',
      'import sklearn.preprocessing as pp\n' +
        'from sklearn import model_selection as ms\n' +
        'Z = pp.MinMaxScaler().fit_transform(X)\n' +
        'a, b = ms.train_test_split(Z, random_state=0)',
    );
    const facts = analyzeFlow(unit);
    assert.equal(facts.fits[0].object.qualified, 'sklearn.preprocessing.MinMaxScaler');
    assert.equal(facts.splits[0].qualified, 'sklearn.model_selection.train_test_split');
  });

  it('a local name shadowing an import is not the library', () => {
    const { facts } = flow('def StandardScaler():\n    return object()\nStandardScaler().fit(X)');
    assert.equal(facts.fits.length, 0);
  });

  it('gives the folds of a splitter loop train and validation sides', () => {
    const { facts } = flow(
      'kf = KFold(n_splits=5, shuffle=True, random_state=0)\n' +
        'for i, (tr, va) in enumerate(kf.split(X)):\n' +
        '    m = LogisticRegression()\n' +
        '    m.fit(X[tr], y[tr])\n' +
        '    m.score(X[va], y[va])',
    );
    const cv = facts.splits.find((s) => s.kind === 'cv')!;
    assert.ok(cv.shuffled);
    assert.deepEqual(
      facts.fits[0].data!.parts.map((p) => p.kind),
      ['train'],
    );
    assert.deepEqual(
      facts.evals[0].data!.parts.map((p) => p.kind),
      ['val'],
    );
    assert.equal(facts.evals[0].loops.length, 1);
  });

  it('marks estimators built from a loop variable as tuned by that loop', () => {
    const { facts } = flow(
      'for C in [0.1, 1, 10]:\n' +
        '    m = LogisticRegression(C=C, random_state=0)\n' +
        'for seed in range(3):\n' +
        '    n = LogisticRegression(random_state=seed)',
    );
    assert.equal(facts.objects.filter((o) => o.role === 'estimator')[0].tunedBy.length, 1);
    assert.equal(facts.objects.filter((o) => o.role === 'estimator')[1].tunedBy.length, 0);
  });

  it('notes time order from lag features and date sorting', () => {
    const { facts } = flow(
      "df = pd.read_csv('s.csv').sort_values('date')\n" +
        "df['lag1'] = df['y'].shift(1)\n" +
        'train_test_split(df, random_state=0)',
    );
    assert.ok(facts.splits[0].inputs[0].timeOrdered);
    const plain = flow("df = pd.read_csv('s.csv').sort_values('price')\ntrain_test_split(df, random_state=0)").facts;
    assert.equal(plain.splits[0].inputs[0].timeOrdered, undefined);
  });

  it('sees a manual row split only when both sides are named', () => {
    assert.equal(flow('n = 800\ntrain = X[:n]\ntest = X[n:]').facts.splits.length, 1);
    assert.equal(flow('n = 800\ntrain = X[:n]').facts.splits.length, 0);
    assert.equal(flow("X_train = df[['a', 'b']]\nX_test = other[['a', 'b']]").facts.splits.length, 0);
  });

  it('knows column picks keep the rows and filters do not', () => {
    const lin = new Lineage();
    const named = flow(
      "df = pd.read_csv('d.csv')\n" +
        'm = LogisticRegression()\n' +
        "m.fit(df[['x', 'y']].values, df['t'])\n" +
        "m.score(df.drop(columns='t'), df['t'])\n" +
        "m.score(df[df.x > 3], df['t'])",
    ).facts;
    const fitData = named.fits[0].data!;
    assert.equal(
      rowSource(fitData),
      named.nodes.find((n) => n.source),
    );
    assert.ok(lin.sameRows(fitData, named.evals[0].data!));
    assert.ok(!lin.sameRows(fitData, named.evals[1].data!));
  });

  it('keeps the rows of data that statistics or out-of-fold values are written into', () => {
    const { facts } = flow(
      "df = pd.read_csv('d.csv')\n" +
        "X_train, X_test, y_train, y_test = train_test_split(df[['a', 'b']], df['y'], random_state=0)\n" +
        'X_test = X_test.fillna(X_train.median())\n' +
        "df['enc'] = 0.0\n" +
        'for tr, va in KFold(5).split(df):\n' +
        "    means = df.iloc[tr].groupby('a')['y'].mean()\n" +
        "    df.loc[va, 'enc'] = df.loc[va, 'a'].map(means).values\n" +
        'm = LogisticRegression().fit(X_test, y_test)\n' +
        "m2 = LogisticRegression().fit(df[['a', 'enc']], df['y'])",
    );
    // The median of the training rows fills gaps of the test rows: they stay test rows only.
    assert.deepEqual(
      facts.fits[0].data!.parts.map((p) => p.kind),
      ['test'],
    );
    // Encodings written into the validation rows of each fold: the frame still holds every row.
    assert.deepEqual(facts.fits[1].data!.parts, []);
  });

  it('runs notebook cells in document order as one program', () => {
    const nb = parseNotebook(
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: [
          {
            cell_type: 'code',
            source: 'from sklearn.preprocessing import StandardScaler\nsc = StandardScaler()',
            outputs: [],
            execution_count: 1,
            metadata: {},
          },
          { cell_type: 'markdown', source: 'text', metadata: {} },
          { cell_type: 'code', source: '%matplotlib inline\nsc.fit(X)', outputs: [], execution_count: 2, metadata: {} },
        ],
      }),
    );
    assert.ok(nb.ok);
    const unit = notebookUnit('n.ipynb', nb.notebook);
    const facts = analyzeFlow(unit);
    assert.equal(facts.fits.length, 1);
    assert.equal(unit.range(facts.fits[0].call).cell, 2);
  });

  it('analyses functions that are never called, with their parameters as unknown data', () => {
    const { facts } = flow('def train(X, y):\n    m = LogisticRegression()\n    m.fit(X, y)\n    return m');
    assert.equal(facts.fits.length, 1);
  });

  it('keeps self attributes across the methods of a class', () => {
    const { facts } = flow(
      'class Trainer:\n' +
        '    def __init__(self):\n' +
        '        self.model = LogisticRegression()\n' +
        '    def train(self, X, y):\n' +
        '        self.model.fit(X, y)',
    );
    assert.equal(facts.fits.length, 1);
  });

  it('terminates on a function that defines a nested function and calls itself', () => {
    const { facts } = flow(
      'def remove(method=None):\n' +
        '    if method is not None:\n' +
        '        def inner(*args):\n' +
        '            remove()\n' +
        '            return method(*args)\n' +
        '        return inner\n' +
        '    StandardScaler().fit(X)',
    );
    assert.equal(facts.fits.length >= 1, true);
  });

  it('stays linear when functions call each other many times', () => {
    const defs = ['def f0(x):\n    return x + 1'];
    for (let i = 1; i < 12; i++)
      defs.push(`def f${i}(x):\n    return f${i - 1}(x) + f${i - 1}(x) + f${i - 1}(x) + f${i - 1}(x)`);
    const t0 = Date.now();
    const { facts } = flow(`${defs.join('\n')}\nStandardScaler().fit(f11(X))`);
    assert.equal(facts.fits.length, 1);
    assert.ok(Date.now() - t0 < 2000);
  });

  it('counts an error rate as an evaluation, a shape check not', () => {
    const { facts } = flow(
      'm = LogisticRegression().fit(X_tr, y_tr)\n' +
        'p = m.predict(X_te)\n' +
        'err = (p != y_te).mean()\n' +
        'assert p.shape == y_te.shape',
    );
    assert.equal(facts.evals.length, 1);
  });

  it("takes a call of a name one star import of a project module brings for that module's function", () => {
    const calls = (code: string) => analyzeFlow(pythonFileUnit('t.py', code)).foreignCalls.map((c) => c.qualified);
    const body = 'df = load_table("clean.csv")\nget_ipython()\nn = len(df)\nprint(df.shape)\n';
    assert.deepEqual(calls(`import pandas as pd\nfrom helpers import *\n${body}`), ['helpers.load_table']);
    // With two star imports, which one brings the name is not known; a library's star import is not followed.
    assert.deepEqual(calls(`import pandas as pd\nfrom helpers import *\nfrom db import *\n${body}`), []);
    assert.deepEqual(calls(`import pandas as pd\nfrom numpy import *\n${body}`), []);
    // A function the unit defines itself is its own.
    assert.deepEqual(calls(`from helpers import *\ndef load_table(p):\n    return p\n${body}`), []);
  });

  it('survives broken code', () => {
    const { facts } = flow('X = (\nfor in in in:\n  scaler.fit(\n');
    assert.ok(Array.isArray(facts.fits));
  });
});

describe('split side from a name', () => {
  it('reads the usual spellings', () => {
    assert.equal(nameKind('X_test'), 'test');
    assert.equal(nameKind('xTest'), 'test');
    assert.equal(nameKind('X_val'), 'val');
    assert.equal(nameKind('valid_df'), 'val');
    assert.equal(nameKind('X_train2'), 'train');
    assert.equal(nameKind('contest'), undefined);
    assert.equal(nameKind('interval'), undefined);
  });

  it('reads a training and validation remainder as the training side', () => {
    assert.equal(nameKind('X_train_val'), 'train');
    assert.equal(nameKind('trainval_df'), 'train');
    assert.equal(nameKind('y_trainVal'), 'train');
    assert.equal(nameKind('X_val_test'), 'test');
    // A development part is a validation part by its name alone; the split's side decides (see the fixtures).
    assert.equal(nameKind('X_dev'), 'val');
  });
});

/** Every .py file and notebook under a folder, as units. */
function unitsUnder(dir: string, out: PythonUnit[] = []): PythonUnit[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) unitsUnder(p, out);
    else if (name.endsWith('.py')) out.push(pythonFileUnit(relative(REPO_ROOT, p), readFileSync(p, 'utf8')));
    else if (name.endsWith('.ipynb')) {
      const nb = parseNotebook(readFileSync(p, 'utf8'));
      if (nb.ok) out.push(notebookUnit(relative(REPO_ROOT, p), nb.notebook));
    }
  }
  return out;
}

describe('units the rules may skip', () => {
  it('a unit that imports no model library yields no fit, object, evaluation or library split in the full pass', () => {
    const units = [...unitsUnder(FIXTURES), ...unitsUnder(join(REPO_ROOT, 'examples'))];
    // What the index skips: no model library, and no table written out for another file to split.
    const skipped = units.filter((u) => !flowMatters(u) && !writesTables(u));
    // Both kinds are there in numbers, so the check below is not vacuous.
    assert.ok(skipped.length >= 20, `only ${skipped.length} library-free units`);
    assert.ok(units.length - skipped.length >= 100, `only ${units.length - skipped.length} units with model libraries`);
    let withData = 0;
    for (const u of skipped) {
      const f = analyzeFlow(u);
      const found = {
        objects: f.objects.length,
        fits: f.fits.length,
        evals: f.evals.length,
        cvs: f.cvs.length,
        resamples: f.resamples.length,
        transforms: f.transforms.length,
        librarySplits: f.splits.filter((s) => s.kind !== 'manual').length,
      };
      assert.deepEqual(
        found,
        { objects: 0, fits: 0, evals: 0, cvs: 0, resamples: 0, transforms: 0, librarySplits: 0 },
        u.path,
      );
      if (f.nodes.length) withData++;
    }
    assert.ok(withData >= 10, 'the skipped units do carry data the pass follows');
  });

  it('counts imports in any form: aliases, sub-modules, star imports, Keras through TensorFlow', () => {
    const matters = (code: string) => flowMatters(pythonFileUnit('m.py', code));
    assert.equal(matters('from sklearn import model_selection as ms'), true);
    assert.equal(matters('import sklearn.linear_model'), true);
    assert.equal(matters('from imblearn.over_sampling import *'), true);
    assert.equal(matters('import tensorflow as tf\nm = tf.keras.Sequential()'), true);
    assert.equal(matters('def f():\n    import lightgbm as lgb\n    return lgb'), true);
    assert.equal(matters('import numpy as np\nimport pandas as pd'), false);
    assert.equal(matters('import numpy as np\nimport torch'), true);
    assert.equal(matters('from .sklearn import fit\nimport sklearnx'), false);
  });
});
