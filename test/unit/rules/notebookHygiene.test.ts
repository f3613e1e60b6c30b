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
    assert.deepEqual(
      found.map((f) => where(f.range)),
      ['nb.ipynb#2:1'],
    );
    assert.match(found[0].message, /ran as \[3\], before the cell above it that ran as \[5\]/);
  });

  it('ML501 and ML502 stay quiet on .py files and on notebooks that never ran', async () => {
    const files = {
      'a.py': 'import sklearn\n',
      'nb.ipynb': notebook([{ source: 'import sklearn' }, { source: 'x = 1' }, { source: 'y = 2' }]),
    };
    const found = await findingsOf(files);
    assert.deepEqual(
      found.filter((f) => f.code === 'ML501' || f.code === 'ML502'),
      [],
    );
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
    assert.deepEqual(
      found.map((f) => where(f.range)),
      ['nb.ipynb#1:1'],
    );
  });

  it(
    'ML503 reports late imports once and moves them all to the end of the first import cell, leaving nothing to ' +
      'report',
    async () => {
      const files: Record<string, string> = {
        'nb.ipynb': notebook([
          { type: 'markdown', source: '# Title' },
          { source: '!pip install -q scikit-learn', count: 1 },
          { source: '%matplotlib inline\nimport pandas as pd', count: 2 },
          {
            source:
              'df = pd.read_csv("d.csv")\n' +
              'from sklearn.linear_model import (\n' +
              '    LogisticRegression,\n' +
              ')  # model\n' +
              'clf = LogisticRegression()',
            count: 3,
          },
          { source: 'import numpy as np', count: 4 },
        ]),
      };
      const found = await findingsFor('ML503', files);
      assert.deepEqual(
        found.map((f) => where(f.range)),
        ['nb.ipynb#3:2'],
      );
      assert.match(found[0].message, /^Imports in 2 later cells \(this one imports LogisticRegression\)/);
      assert.deepEqual(
        found[0].related!.map((r) => where(r.range)),
        ['nb.ipynb#4:1'],
      );
      const current = applyFix(files, found[0].fixes![0]);
      assert.deepEqual(nbCells(current['nb.ipynb']).slice(2), [
        '%matplotlib inline\n' +
          'import pandas as pd\n' +
          'from sklearn.linear_model import (\n' +
          '    LogisticRegression,\n' +
          ')  # model\n' +
          'import numpy as np',
        'df = pd.read_csv("d.csv")\nclf = LogisticRegression()',
      ]);
      // The cell that only imported is gone, not left empty.
      assert.deepEqual(found[0].fixes![0].deleteCells, [{ path: 'nb.ipynb', cell: 4 }]);
      assert.deepEqual(await findingsFor('ML503', current), []);
    },
  );

  it('ML503 names the module a late star import takes everything from', async () => {
    const files = {
      'nb.ipynb': notebook([
        { source: 'from pyspark.sql import SparkSession\nfrom pyspark.ml.feature import VectorAssembler', count: 1 },
        { source: 'from pyspark.sql.functions import *', count: 2 },
      ]),
    };
    const found = await findingsFor('ML503', files);
    assert.equal(found.length, 1);
    assert.match(found[0].message, /^This cell imports everything from pyspark\.sql\.functions below/);
  });

  it('ML503 gathers a sphinx-gallery style notebook in one finding and one fix, each import once', async () => {
    const files: Record<string, string> = {
      'plot_digits.ipynb': notebook([
        { source: '%matplotlib inline', count: 1 },
        { type: 'markdown', source: '\n# Recognizing hand-written digits\n' },
        { source: 'import matplotlib.pyplot as plt\nfrom sklearn import datasets\n', count: 2 },
        {
          source:
            'digits = datasets.load_digits()\n\n' +
            'from sklearn import svm\n' +
            'import matplotlib.pyplot as plt\n' +
            '_, axes = plt.subplots(nrows=1, ncols=4)',
          count: 3,
        },
        { type: 'markdown', source: '## Classification' },
        {
          source:
            'from sklearn.model_selection import train_test_split\nfrom sklearn import svm\nclf = svm.SVC(gamma=0.001)',
          count: 4,
        },
        {
          source:
            '# Confusion matrix\n' +
            'from sklearn import metrics\n\n' +
            'disp = metrics.ConfusionMatrixDisplay.from_predictions(y_test, predicted)',
          count: 5,
        },
      ]),
    };
    const found = await findingsFor('ML503', files);
    assert.equal(found.length, 1);
    assert.equal(where(found[0].range), 'plot_digits.ipynb#3:3');
    assert.match(found[0].message, /^Imports in 3 later cells \(this one imports svm, plt\)/);
    assert.deepEqual(
      found[0].related!.map((r) => where(r.range)),
      ['plot_digits.ipynb#5:1', 'plot_digits.ipynb#6:2'],
    );
    assert.match(found[0].fixes![0].title, /3 later cells/);
    const fixed = applyFix(files, found[0].fixes![0]);
    const cells = nbCells(fixed['plot_digits.ipynb']);
    assert.deepEqual(cells, [
      '%matplotlib inline',
      '\n# Recognizing hand-written digits\n',
      'import matplotlib.pyplot as plt\n' +
        'from sklearn import datasets\n' +
        'from sklearn import svm\n' +
        'from sklearn.model_selection import train_test_split\n' +
        'from sklearn import metrics\n',
      'digits = datasets.load_digits()\n\n_, axes = plt.subplots(nrows=1, ncols=4)',
      '## Classification',
      'clf = svm.SVC(gamma=0.001)',
      '# Confusion matrix\n\ndisp = metrics.ConfusionMatrixDisplay.from_predictions(y_test, predicted)',
    ]);
    for (const c of cells.slice(3)) assert.doesNotMatch(c, /^\s*(import|from) /m);
    assert.deepEqual(await findingsFor('ML503', fixed), []);
  });

  it('ML503 leaves a silenced cell out of the count and of the fix', async () => {
    const files: Record<string, string> = {
      'nb.ipynb': notebook([
        { source: 'import pandas as pd', count: 1 },
        { source: 'import shap  # mlcoach: ignore[ML503]\nshap.initjs()', count: 2 },
        { source: 'import numpy as np', count: 3 },
      ]),
    };
    const found = await findingsFor('ML503', files);
    assert.deepEqual(
      found.map((f) => where(f.range)),
      ['nb.ipynb#2:1'],
    );
    assert.equal(found[0].related, undefined);
    assert.match(found[0].message, /^This cell imports np /);
    assert.deepEqual(nbCells(applyFix(files, found[0].fixes![0])['nb.ipynb']), [
      'import pandas as pd\nimport numpy as np',
      'import shap  # mlcoach: ignore[ML503]\nshap.initjs()',
    ]);
  });

  it('ML503 offers no move for an import sharing its line with other code', async () => {
    const files = {
      'nb.ipynb': notebook([
        { source: 'import sklearn', count: 1 },
        { source: 'import os; print(os.getcwd())', count: 2 },
      ]),
    };
    const [f] = await findingsFor('ML503', files);
    assert.equal(where(f.range), 'nb.ipynb#1:1');
    assert.equal(f.fixes, undefined);
  });
});
