import assert from 'node:assert/strict';
import { applyFix, findingsFor, findingsOf, notebook, where } from '../../support/ruleHarness';

const nbCells = (json: string) => (JSON.parse(json) as { cells: Array<{ source: string }> }).cells.map((c) => c.source);

describe('notebook hygiene rules', () => {
  it('ML501 reports the first cell that ran before a cell above it, once per notebook', async () => {
    const files = {
      'nb.ipynb': notebook([
        { source: 'import sklearn', count: 1 },
        { source: 'a = 1', count: 5 },
        { source: 'b = 2', count: 3 },
        { source: 'c = 3', count: 2 },
        { source: 'd = 4', count: null },
        { source: 'e = 5', count: 9 },
      ]),
    };
    const found = await findingsFor('ML501', files);
    assert.deepEqual(found.map((f) => where(f.range)), ['nb.ipynb#2:1']);
    assert.match(found[0].message, /ran as \[3\], before the cell above it that ran as \[5\]/);
  });

  it('ML501 and ML502 stay quiet on .py files and on notebooks that never ran', async () => {
    const files = { 'a.py': 'import sklearn\n', 'nb.ipynb': notebook([{ source: 'import sklearn' }, { source: 'x = 1' }, { source: 'y = 2' }]) };
    const found = await findingsOf(files);
    assert.deepEqual(found.filter((f) => f.code === 'ML501' || f.code === 'ML502'), []);
  });

  it('ML502 reports one finding per run of skipped cells, ignoring markdown and magic-only cells', async () => {
    const files = {
      'nb.ipynb': notebook([
        { source: 'import sklearn', count: 1 },
        { source: 'x = 1', count: null },
        { type: 'markdown', source: 'text' },
        { source: 'y = 2', count: null },
        { source: '%pip install lightgbm', count: null },
        { source: 'z = 3', count: 2 },
        { source: '# just a note', count: null },
        { source: 'w = 4', count: 3 },
        { source: 'tail = 5', count: null },
      ]),
    };
    const found = await findingsFor('ML502', files);
    assert.deepEqual(found.map((f) => where(f.range)), ['nb.ipynb#1:1']);
  });

  it('ML503 moves a late import to the end of the first import cell, and nothing is left to report', async () => {
    const files: Record<string, string> = {
      'nb.ipynb': notebook([
        { type: 'markdown', source: '# Title' },
        { source: '!pip install -q scikit-learn', count: 1 },
        { source: '%matplotlib inline\nimport pandas as pd', count: 2 },
        { source: 'df = pd.read_csv("d.csv")\nfrom sklearn.linear_model import (\n    LogisticRegression,\n)  # model\nclf = LogisticRegression()', count: 3 },
        { source: 'import numpy as np', count: 4 },
      ]),
    };
    const found = await findingsFor('ML503', files);
    assert.deepEqual(found.map((f) => where(f.range)), ['nb.ipynb#3:2', 'nb.ipynb#4:1']);
    let current = applyFix(files, found[0].fixes![0]);
    assert.deepEqual(nbCells(current['nb.ipynb']).slice(2, 4), [
      '%matplotlib inline\nimport pandas as pd\nfrom sklearn.linear_model import (\n    LogisticRegression,\n)  # model',
      'df = pd.read_csv("d.csv")\nclf = LogisticRegression()',
    ]);
    const again = await findingsFor('ML503', current);
    assert.deepEqual(again.map((f) => where(f.range)), ['nb.ipynb#4:1']);
    current = applyFix(current, again[0].fixes![0]);
    assert.equal(nbCells(current['nb.ipynb'])[4], '');
    assert.deepEqual(await findingsFor('ML503', current), []);
  });

  it('ML503 offers no move for an import sharing its line with other code', async () => {
    const files = { 'nb.ipynb': notebook([{ source: 'import sklearn', count: 1 }, { source: 'import os; print(os.getcwd())', count: 2 }]) };
    const [f] = await findingsFor('ML503', files);
    assert.equal(where(f.range), 'nb.ipynb#1:1');
    assert.equal(f.fixes, undefined);
  });
});
