import assert from 'node:assert/strict';
import { parsePython } from '../../../src/core/python/parse';
import { notebookUnit, pythonFileUnit } from '../../../src/core/python/unit';
import { parseNotebook } from '../../../src/core/notebook/notebook';

const SOURCE = `import pandas as pd
from sklearn.model_selection import train_test_split

def load(path):
    df = pd.read_csv(path)  # raw data
    return df.dropna()

df = load("data.csv")
X_train, X_test = train_test_split(df, test_size=0.2)
print(f"{len(X_train)} rows")
`;

/** Edits at several places, including ones that break and then repair the syntax. */
const EDITS: Array<[string, string]> = [
  ['test_size=0.2', 'test_size=0.25'],
  ['def load(path):', 'def load(path, sep=","):'],
  ['    return df.dropna()', '    return df.dropna(\n'],
  ['import pandas as pd\n', ''],
  ['print(f"{len(X_train)} rows")\n', 'print(f"{len(X_train)} rows")\nmodel.fit(X_train)\n'],
  ['df = load("data.csv")', 'df = load("""data\n.csv""")'],
];

describe('incremental re-parsing', () => {
  it('gives the same tree as a fresh parse after each edit', () => {
    let previous = parsePython(SOURCE);
    let text = SOURCE;
    for (const [from, to] of EDITS) {
      text = text.replace(from, to);
      const incremental = parsePython(text, previous);
      const fresh = parsePython(text);
      assert.deepEqual(incremental, fresh, `after replacing ${JSON.stringify(from)}`);
      previous = incremental;
    }
  });

  it('re-parses a file unit from its earlier version', () => {
    const first = pythonFileUnit('a.py', SOURCE);
    const edited = SOURCE.replace('test_size=0.2', 'test_size=0.3, random_state=1');
    assert.deepEqual(pythonFileUnit('a.py', edited, first).module, pythonFileUnit('a.py', edited).module);
  });

  it('re-parses a notebook from its earlier version: unchanged, edited, inserted and removed cells', () => {
    const nb = (sources: string[]) => {
      const r = parseNotebook(
        JSON.stringify({
          nbformat: 4,
          nbformat_minor: 5,
          metadata: {},
          cells: sources.map((s) => ({
            cell_type: s.startsWith('#md') ? 'markdown' : 'code',
            source: s,
            metadata: {},
            outputs: [],
            execution_count: null,
          })),
        }),
      );
      assert.ok(r.ok);
      return r.notebook;
    };
    const v1 = [
      'import numpy as np',
      '#md notes',
      'x = np.arange(10)\ny = x * 2',
      '%matplotlib inline\nplt.plot(x, y)',
    ];
    const versions = [
      ['import numpy as np', '#md notes', 'x = np.arange(12)\ny = x * 2', '%matplotlib inline\nplt.plot(x, y)'],
      [
        'import numpy as np',
        'import pandas as pd',
        '#md notes',
        'x = np.arange(12)\ny = x * 2',
        '%matplotlib inline\nplt.plot(x, y)',
      ],
      ['import numpy as np', 'x = np.arange(12)\ny = x * (', '%matplotlib inline\nplt.plot(x, y)'],
    ];
    let previous = notebookUnit('n.ipynb', nb(v1));
    for (const v of versions) {
      const incremental = notebookUnit('n.ipynb', nb(v), previous);
      const fresh = notebookUnit('n.ipynb', nb(v));
      assert.deepEqual(incremental.module, fresh.module);
      assert.deepEqual(
        incremental.cells.map((c) => [c.start, c.end]),
        fresh.cells.map((c) => [c.start, c.end]),
      );
      previous = incremental;
    }
  });
});
