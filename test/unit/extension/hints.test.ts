import assert from 'node:assert/strict';
import { pythonFileUnit, notebookUnit } from '../../../src/core/python/unit';
import { parseNotebook } from '../../../src/core/notebook/notebook';
import { unitHints } from '../../../src/extension/hints';
import { notebookJson } from '../../../src/extension/notebookJson';

describe('editor hints', () => {
  it('summarises a stratified, seeded split with no validation set', () => {
    const h = unitHints(
      pythonFileUnit(
        'train.py',
        'from sklearn.model_selection import train_test_split\n' +
          'X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, stratify=y, random_state=42)\n',
      ),
    );
    assert.equal(h.splits.length, 1);
    assert.equal(h.splits[0].label, '80/20 split · stratified · seed 42 · no validation split');
    assert.equal(h.splits[0].range.startLine, 2);
  });

  it('tells the default size, and says unseeded and not stratified', () => {
    const h = unitHints(
      pythonFileUnit('a.py', 'import sklearn.model_selection as ms\na, b = ms.train_test_split(df)\n'),
    );
    assert.equal(h.splits[0].label, '75/25 split · not stratified · unseeded · no validation split');
    assert.match(h.splits[0].tooltip, /25% by default/);
  });

  it('recognises a second split as the validation split, and unshuffled splits', () => {
    const src = [
      'from sklearn.model_selection import train_test_split as tts',
      'X_tmp, X_test, y_tmp, y_test = tts(X, y, train_size=0.7, shuffle=False)',
      'X_train, X_val, y_train, y_val = tts(X_tmp, y_tmp, test_size=500, random_state=1)',
    ].join('\n');
    const h = unitHints(pythonFileUnit('a.py', src));
    assert.equal(h.splits[0].label, '70/30 split · in order, no shuffle · then split again (validation)');
    assert.equal(h.splits[1].label, '500 rows held out · not stratified · seed 1 · second split (validation)');
  });

  it('ignores functions that only share the name', () => {
    const h = unitHints(
      pythonFileUnit('a.py', 'def train_test_split(x):\n    return x, x\na, b = train_test_split(df)\n'),
    );
    assert.deepEqual(h.splits, []);
  });

  it('marks the first training call of each notebook cell, models only', () => {
    const json = notebookJson([
      {
        kind: 'code',
        source: 'from sklearn.linear_model import LogisticRegression\nfrom sklearn.preprocessing import StandardScaler',
        language: 'python',
        outputs: [],
      },
      { kind: 'markdown', source: 'Train', language: 'markdown', outputs: [] },
      {
        kind: 'code',
        source:
          'sc = StandardScaler()\nsc.fit(X)\nclf = LogisticRegression(max_iter=200)\nclf.fit(X, y)\nclf.fit(X2, y2)',
        language: 'python',
        outputs: [],
      },
      { kind: 'code', source: 'LogisticRegression().fit(X, y)', language: 'python', outputs: [] },
    ]);
    const r = parseNotebook(json);
    assert.ok(r.ok);
    const h = unitHints(notebookUnit('nb.ipynb', r.notebook));
    assert.deepEqual(
      h.training.map((t) => [t.range.cell, t.range.startLine, t.call]),
      [
        [2, 4, 'clf.fit'],
        [3, 1, 'LogisticRegression().fit'],
      ],
    );
  });

  it('counts a Keras model as trained', () => {
    const h = unitHints(
      pythonFileUnit('a.py', 'from tensorflow import keras\nm = keras.Sequential([])\nm.fit(x, y, epochs=3)\n'),
    );
    assert.equal(h.training.length, 1);
  });

  it('reads sizes and seeds that come from a config as set, without guessing their values', () => {
    const src = [
      'import sklearn.model_selection',
      'import yaml',
      'cfg = yaml.safe_load(open("params.yaml"))',
      'train, test = sklearn.model_selection.train_test_split(df, test_size=cfg["split"]["test_size"], ' +
        'random_state=cfg["seed"], stratify=df[cfg["target"]])',
    ].join('\n');
    const h = unitHints(pythonFileUnit('a.py', src));
    assert.equal(h.splits[0].label, 'split size set in code · stratified · seeded · no validation split');
  });

  it('treats stratify=None and random_state=None as absent', () => {
    const h = unitHints(
      pythonFileUnit(
        'a.py',
        'from sklearn.model_selection import train_test_split\n' +
          'a, b = train_test_split(df, test_size=0.3, stratify=None, random_state=None)\n',
      ),
    );
    assert.equal(h.splits[0].label, '70/30 split · not stratified · unseeded · no validation split');
  });
});
