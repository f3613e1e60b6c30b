import assert from 'node:assert/strict';
import { notebookJson } from '../../../src/extension/notebookJson';
import { parseNotebook } from '../../../src/core/notebook/notebook';
import { notebookUnit } from '../../../src/core/python/unit';

describe('open notebooks as nbformat JSON', () => {
  it('keeps cell indices (markdown counts), sources, execution counts and output kinds', () => {
    const json = notebookJson([
      { kind: 'markdown', source: '# Churn model', language: 'markdown', outputs: [] },
      {
        kind: 'code',
        source: 'import pandas as pd\ndf = pd.read_csv("churn.csv")',
        language: 'python',
        executionCount: 2,
        outputs: [{ kind: 'stream', text: 'ok\n' }],
      },
      { kind: 'code', source: 'df.head(', language: 'python', executionCount: null, outputs: [{ kind: 'error' }] },
      {
        kind: 'code',
        source: '%matplotlib inline\nx = 1',
        language: 'python',
        executionCount: 1,
        outputs: [{ kind: 'result', text: '1' }],
      },
    ]);
    const parsed = parseNotebook(json);
    assert.ok(parsed.ok);
    const nb = parsed.notebook;
    assert.equal(nb.language, 'python');
    assert.deepEqual(
      nb.cells.map((c) => [c.index, c.kind, c.executionCount]),
      [
        [0, 'markdown', null],
        [1, 'code', 2],
        [2, 'code', null],
        [3, 'code', 1],
      ],
    );
    assert.equal(nb.cells[1].source, 'import pandas as pd\ndf = pd.read_csv("churn.csv")');
    assert.deepEqual(nb.cells[1].outputTypes, ['stream']);
    assert.deepEqual(nb.cells[2].outputTypes, ['error']);
    assert.deepEqual(nb.cells[3].textOutputs, ['1']);
    // A finding in the third code cell maps back to notebook cell index 3.
    const unit = notebookUnit('a.ipynb', nb);
    const at = unit.module.source.indexOf('x = 1');
    assert.equal(unit.range({ from: at, to: at + 5 }).cell, 3);
    assert.equal(unit.range({ from: at, to: at + 5 }).startLine, 2);
  });

  it('takes the kernel language from the code cells', () => {
    const r = parseNotebook(notebookJson([{ kind: 'code', source: 'x <- 1', language: 'r', outputs: [] }]));
    assert.ok(r.ok && r.notebook.language === 'r');
    const empty = parseNotebook(notebookJson([]));
    assert.ok(empty.ok && empty.notebook.language === 'python' && empty.notebook.cells.length === 0);
  });
});
