import assert from 'node:assert/strict';
import type { ProjectReport } from '../../../src/core/model/report';
import { analysisLogLines } from '../../../src/extension/analysisLog';

describe('output channel', () => {
  it('logs each analysis run with its files, what was not analysed and its time', () => {
    const p = {
      root: '',
      isMlProject: true,
      skipped: [
        { path: 'big.ipynb', reason: 'too-large' },
        { path: 'data/x.csv', reason: 'ignored' },
      ],
      problems: [],
      stats: { files: 12, pythonFiles: 4, notebooks: 2, bytes: 1 },
    } as unknown as ProjectReport;
    const lines = analysisLogLines(
      {
        id: 7,
        ms: 42,
        parsed: 3,
        folders: [
          {
            key: 'file:///ws/churn',
            report: { schemaVersion: 2, tool: { name: 'mlcoach', version: '0' }, root: '/ws/churn', projects: [p] },
          },
          { key: 'file:///ws/x', error: 'bad config' },
        ],
      },
      new Map([['file:///ws/churn', 'churn']]),
    );
    assert.deepEqual(lines, [
      'analysis 7: churn: 12 files (4 Python, 2 notebooks), 1 not analysed, 3 parsed, 42 ms',
      'analysis 7: file:///ws/x failed after 42 ms',
    ]);
  });
});
