import assert from 'node:assert/strict';
import { countsFromOutput } from '../../../src/core/notebook/outputs';
import { placeholderNotebookName } from '../../../src/core/rules/ml504UntitledOrCopyNotebookName';
import { findingsFor, notebook, where } from '../../support/ruleHarness';

describe('ML204 class counts from stored outputs', () => {
  it('reads pandas 1 and 2 value_counts, normalised shares, Counter and bincount outputs', () => {
    assert.deepEqual(countsFromOutput('0    284315\n1       492\nName: Class, dtype: int64'), [284315, 492]);
    assert.deepEqual(countsFromOutput('Class\n0    284315\n1       492\nName: count, dtype: int64'), [284315, 492]);
    assert.deepEqual(countsFromOutput('No     0.73\nYes    0.27\nName: proportion, dtype: float64'), [0.73, 0.27]);
    assert.deepEqual(countsFromOutput('Counter({0: 29238, 1: 3712})'), [29238, 3712]);
    assert.deepEqual(countsFromOutput('array([500,  20,   7])'), [500, 20, 7]);
  });

  it('reads nothing from outputs that are not class counts', () => {
    assert.equal(countsFromOutput('(7043, 21)'), undefined);
    assert.equal(countsFromOutput('0.9991924440855307'), undefined);
    assert.equal(countsFromOutput('   age  income\n0   39   77516\n1   50   83311'), undefined);
    assert.equal(countsFromOutput('0    5\nName: y, dtype: int64'), undefined);
  });

  it('takes counts of the target only, from the cell that counts it', async () => {
    const cells = (counted: string) => [
      {
        source:
          'import pandas as pd\n' +
          'from sklearn.linear_model import LogisticRegression\n' +
          'from sklearn.metrics import accuracy_score\n' +
          'from sklearn.model_selection import train_test_split',
        count: 1,
      },
      {
        source: `df = pd.read_csv("d.csv")\n${counted}.value_counts()`,
        count: 2,
        outputs: ['0    9000\n1     300\nName: count, dtype: int64'],
      },
      {
        source:
          'X, y = df.drop(columns="label"), df["label"]\n' +
          'X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=0)\n' +
          'clf = LogisticRegression().fit(X_tr, y_tr)\n' +
          'accuracy_score(y_te, clf.predict(X_te))',
        count: 3,
      },
    ];
    const onTarget = await findingsFor('ML204', { 'nb.ipynb': notebook(cells('df["label"]')) });
    assert.deepEqual(
      onTarget.map((f) => where(f.range)),
      ['nb.ipynb#2:4'],
    );
    assert.match(onTarget[0].message, /would already score 97%/);
    assert.equal(onTarget[0].related?.[0].range.cell, 1);
    assert.deepEqual(await findingsFor('ML204', { 'nb.ipynb': notebook(cells('df["country"]')) }), []);
  });
});

describe('ML504 generated notebook names', () => {
  it('knows the names Jupyter, file managers and Colab generate', () => {
    for (const n of [
      'Untitled.ipynb',
      'Untitled7.ipynb',
      'untitled-3.ipynb',
      'eda-Copy1.ipynb',
      'eda-Copy.ipynb',
      'eda - Copy.ipynb',
      'eda - Copy (2).ipynb',
      'eda (1).ipynb',
      'Copy of eda.ipynb',
    ]) {
      assert.ok(placeholderNotebookName(n), n);
    }
    for (const n of [
      '01-eda.ipynb',
      'untitled-ideas.ipynb',
      'copy_number_variation.ipynb',
      'model_v2.ipynb',
      'Copyright.ipynb',
    ]) {
      assert.equal(placeholderNotebookName(n), undefined, n);
    }
  });
});
