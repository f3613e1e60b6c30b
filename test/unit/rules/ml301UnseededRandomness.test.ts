import assert from 'node:assert/strict';
import { applyFix, findingsFor, notebook, where } from '../../support/ruleHarness';

const HEAD =
  'import numpy as np\n' +
  'from sklearn.model_selection import train_test_split, KFold\n' +
  'from sklearn.ensemble import RandomForestClassifier\n';

describe('ML301 unseeded-randomness', () => {
  it('adds random_state=42 as a safe fix, after a trailing comma too, and the finding goes away', async () => {
    const src =
      `${HEAD}X_tr, X_te, y_tr, y_te = train_test_split(\n` +
      `    X,\n` +
      `    y,\n` +
      `    test_size=0.2,\n` +
      `)\n` +
      `clf = RandomForestClassifier()\n` +
      `cv = KFold(5, shuffle=True)\n` +
      `clf.fit(X_tr, y_tr)\n`;
    const files: Record<string, string> = { 'train.py': src };
    const found = await findingsFor('ML301', files);
    assert.deepEqual(
      found.map((f) => where(f.range)),
      ['train.py:4', 'train.py:9', 'train.py:10'],
    );
    let current = files;
    for (const f of found.reverse()) {
      const fix = f.fixes?.[0];
      assert.ok(fix, 'each sklearn finding has a fix');
      assert.equal(fix.safety, 'safe');
      assert.equal(fix.isPreferred, true);
      current = applyFix(current, fix);
    }
    assert.match(current['train.py'], /test_size=0\.2, random_state=42,\n\)/);
    assert.match(current['train.py'], /RandomForestClassifier\(random_state=42\)/);
    assert.match(current['train.py'], /KFold\(5, shuffle=True, random_state=42\)/);
    assert.deepEqual(await findingsFor('ML301', current), []);
  });

  it('fixes inside a notebook cell in cell coordinates', async () => {
    const files = {
      'nb.ipynb': notebook([
        { type: 'markdown', source: '# Title' },
        {
          source:
            'from sklearn.model_selection import train_test_split\nfrom sklearn.linear_model import LogisticRegression',
          count: 1,
        },
        { source: 'a, b, c, d = train_test_split(X, y)\nLogisticRegression().fit(a, c)', count: 2 },
      ]),
    };
    const [f] = await findingsFor('ML301', files);
    assert.equal(where(f.range), 'nb.ipynb#2:1');
    const fixed = applyFix(files, f.fixes![0]);
    const cells = (JSON.parse(fixed['nb.ipynb']) as { cells: Array<{ source: string }> }).cells;
    assert.equal(
      cells[2].source,
      'a, b, c, d = train_test_split(X, y, random_state=42)\nLogisticRegression().fit(a, c)',
    );
  });

  it('stays quiet for deterministic estimators and seeded or delegated random_state', async () => {
    const src =
      `${HEAD}from sklearn.svm import SVC\n` +
      `from sklearn.linear_model import LogisticRegression\n` +
      `SVC()\n` +
      `LogisticRegression(solver="lbfgs")\n` +
      `KFold(5)\n` +
      `RandomForestClassifier(random_state=None)\n` +
      `RandomForestClassifier(**cfg)\n` +
      `train_test_split(X, y, shuffle=False)\n`;
    assert.deepEqual(await findingsFor('ML301', { 'a.py': src }), []);
  });

  it('knows which settings make an estimator random', async () => {
    const src =
      `${HEAD}from sklearn.svm import SVC\n` +
      `from sklearn.linear_model import LogisticRegression\n` +
      `SVC(probability=True)\n` +
      `LogisticRegression(solver="saga")\n`;
    const found = await findingsFor('ML301', { 'a.py': src });
    assert.deepEqual(
      found.map((f) => where(f.range)),
      ['a.py:6', 'a.py:7'],
    );
  });

  it('does not take a .fit or train_test_split of an unknown object for scikit-learn', async () => {
    const src =
      'from mylib import train_test_split\nimport sklearn\nparts = train_test_split(X, y)\nmodel.fit(parts)\n';
    assert.deepEqual(await findingsFor('ML301', { 'a.py': src }), []);
  });

  it('counts a seed set anywhere in the project for library draws, and only training code', async () => {
    const train =
      'import numpy as np\n' +
      'import torch\n' +
      'from sklearn.linear_model import Ridge\n' +
      'idx = np.random.permutation(100)\n' +
      'Ridge().fit(X[idx], y[idx])\n';
    assert.equal((await findingsFor('ML301', { 'train.py': train })).length, 1);
    assert.deepEqual(
      await findingsFor('ML301', { 'train.py': train, 'utils.py': 'import numpy as np\nnp.random.seed(0)\n' }),
      [],
    );
    const plot = 'import numpy as np\nimport sklearn\njitter = np.random.rand(10)\nprint(jitter)\n';
    assert.deepEqual(await findingsFor('ML301', { 'plot.py': plot }), []);
  });

  it('flags an unseeded default_rng() even when the legacy global seed is set', async () => {
    const src =
      'import numpy as np\n' +
      'from sklearn.linear_model import Ridge\n' +
      'np.random.seed(1)\n' +
      'rng = np.random.default_rng()\n' +
      'Ridge().fit(rng.normal(size=(10, 2)), y)\n';
    const found = await findingsFor('ML301', { 'a.py': src });
    assert.deepEqual(
      found.map((f) => where(f.range)),
      ['a.py:4'],
    );
    assert.match(found[0].message, /default_rng\(\) without a seed/);
  });
});
