import assert from 'node:assert/strict';
import { absolutePath, isNotebookPath, isPythonPath, toCorePath, toZeroBased } from '../../../src/extension/locations';
import type { ProjectReport, WorkspaceReport } from '../../../src/core/model/report';

describe('report ranges in the editor', () => {
  it('turns 1-based lines and columns into 0-based ones', () => {
    assert.deepEqual(toZeroBased({ path: 'a.py', startLine: 3, startColumn: 5, endLine: 4, endColumn: 1 }), {
      startLine: 2,
      startCharacter: 4,
      endLine: 3,
      endCharacter: 0,
    });
  });

  it('never produces negative or inverted ranges from odd input', () => {
    assert.deepEqual(toZeroBased({ path: 'a.py', startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 }), {
      startLine: 0,
      startCharacter: 0,
      endLine: 0,
      endCharacter: 0,
    });
    assert.deepEqual(toZeroBased({ path: 'a.py', startLine: 5, startColumn: 9, endLine: 5, endColumn: 2 }), {
      startLine: 4,
      startCharacter: 8,
      endLine: 4,
      endCharacter: 8,
    });
    assert.deepEqual(toZeroBased({ path: 'a.py', startLine: 5, startColumn: 9, endLine: 2, endColumn: 2 }), {
      startLine: 4,
      startCharacter: 8,
      endLine: 4,
      endCharacter: 8,
    });
  });

  it('resolves finding paths through the project root of a monorepo', () => {
    const report = { root: '/ws/repo' } as WorkspaceReport;
    assert.equal(
      absolutePath(report, { root: 'services/churn' } as ProjectReport, 'train.py'),
      '/ws/repo/services/churn/train.py',
    );
    assert.equal(absolutePath(report, { root: '' } as ProjectReport, 'nb/eda.ipynb'), '/ws/repo/nb/eda.ipynb');
  });

  it('uses forward slashes for Windows paths and recognises file kinds', () => {
    assert.equal(toCorePath('C:\\work\\proj\\train.py'), 'C:/work/proj/train.py');
    assert.ok(isPythonPath('/a/b.py') && isPythonPath('/a/B.PYW') && !isPythonPath('/a/b.pyc'));
    assert.ok(isNotebookPath('/a/Untitled.ipynb') && !isNotebookPath('/a/b.py'));
  });
});
