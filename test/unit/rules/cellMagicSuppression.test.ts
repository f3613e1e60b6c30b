import assert from 'node:assert/strict';
import { analyzeFolder } from '../../../src/core/analyze';
import { MemoryFileSystem } from '../../../src/core/fs/memoryFileSystem';

function notebook(cells: string[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { language: 'python', name: 'python3' } },
    cells: cells.map((source, i) => ({ cell_type: 'code', source, metadata: {}, execution_count: i + 1, outputs: [] })),
  });
}

const IMPORTS =
  'import pandas as pd\n' +
  'from sklearn.model_selection import train_test_split\n' +
  'df = pd.read_csv("d.csv")\n' +
  'X, y = df.drop(columns=["t"]), df["t"]';

describe('cell suppression after a cell magic', () => {
  it('a directive on the line after %%time silences the whole cell, as the editor writes it', async () => {
    const split = 'X_train, X_test, y_train, y_test = train_test_split(X, y)';
    const run = async (cell: string) =>
      (
        await analyzeFolder(new MemoryFileSystem({ '/ws/nb.ipynb': notebook([IMPORTS, cell]) }), '/ws')
      ).projects[0].findings.filter((f) => f.code === 'ML301');
    assert.equal((await run(`%%time\n${split}`)).length, 1, 'the unseeded split is found without the directive');
    assert.deepEqual(await run(`%%time\n# mlcoach: ignore[ML301]\n${split}`), []);
  });
});
