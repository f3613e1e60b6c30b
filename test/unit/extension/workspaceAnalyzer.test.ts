import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../../src/core/fs/memoryFileSystem';
import { WorkspaceAnalyzer } from '../../../src/extension/workspaceAnalyzer';
import type { AnalyzeRequest } from '../../../src/extension/protocol';
import { mergeRequests } from '../../../src/extension/protocol';
import { notebookJson } from '../../../src/extension/notebookJson';

const TRAIN = `import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.ensemble import RandomForestClassifier

df = pd.read_csv("data/churn.csv")
X_train, X_test, y_train, y_test = train_test_split(df.drop(columns="churn"), df.churn, test_size=0.2, random_state=0)
model = RandomForestClassifier()
model.fit(X_train, y_train)
print(model.score(X_test, y_test))
`;

function request(id: number, extra: Partial<AnalyzeRequest> = {}): AnalyzeRequest {
  return {
    type: 'analyze',
    id,
    folders: [{ key: 'file:///ws', path: '/ws' }],
    overlays: [],
    invalidate: [],
    overrides: {},
    hintsFor: [],
    ...extra,
  };
}

describe('worker analysis', () => {
  let fs: MemoryFileSystem;
  let analyzer: WorkspaceAnalyzer;
  beforeEach(() => {
    fs = new MemoryFileSystem({
      '/ws/train.py': TRAIN,
      '/ws/utils.py': 'def f():\n    return 1\n',
      '/ws/requirements.txt': 'scikit-learn\npandas\n',
    });
    analyzer = new WorkspaceAnalyzer(fs);
  });

  it('re-parses only the file whose text changed', async () => {
    const first = await analyzer.run(request(1));
    assert.equal(first.parsed, 2);
    assert.equal(first.folders[0].report?.projects[0].isMlProject, true);
    const again = await analyzer.run(request(2));
    assert.equal(again.parsed, 0);
    const typed = await analyzer.run(
      request(3, { overlays: [{ path: '/ws/utils.py', text: 'def f():\n    return 2\n' }] }),
    );
    assert.equal(typed.parsed, 1);
  });

  it('reads unsaved buffers instead of the disk, and the disk again once they close', async () => {
    await analyzer.run(request(1));
    const broken = await analyzer.run(request(2, { overlays: [{ path: '/ws/utils.py', text: 'def f(:\n' }] }));
    const problems = broken.folders[0].report!.projects[0].problems;
    assert.ok(
      problems.some((p) => p.path === 'utils.py' && /syntax error/.test(p.message)),
      JSON.stringify(problems),
    );
    const closed = await analyzer.run(request(3, { overlays: [{ path: '/ws/utils.py', text: null }] }));
    assert.deepEqual(closed.folders[0].report!.projects[0].problems, []);
  });

  it('sees files created on disk only after they are invalidated', async () => {
    await analyzer.run(request(1));
    fs.set('/ws/eda.ipynb', notebookJson([{ kind: 'code', source: 'import torch', language: 'python', outputs: [] }]));
    const stale = await analyzer.run(request(2));
    assert.equal(stale.folders[0].report!.projects[0].stats.notebooks, 0);
    const fresh = await analyzer.run(request(3, { invalidate: ['/ws/eda.ipynb'] }));
    assert.equal(fresh.folders[0].report!.projects[0].stats.notebooks, 1);
    assert.equal(fresh.parsed, 1);
  });

  it('reports a folder it cannot read as an error, not a crash', async () => {
    const res = await analyzer.run(request(1, { folders: [{ key: 'file:///gone', path: '/gone' }] }));
    assert.equal(res.folders.length, 1);
    assert.ok(res.folders[0].error || res.folders[0].report);
  });

  it('computes hints for the open files it is asked about', async () => {
    const res = await analyzer.run(request(1, { hintsFor: ['/ws/train.py', '/ws/closed.py'] }));
    assert.deepEqual(Object.keys(res.hints), ['/ws/train.py']);
    assert.equal(res.hints['/ws/train.py'].splits.length, 1);
    assert.equal(res.hints['/ws/train.py'].training.length, 1);
  });

  it('applies editor overrides such as excludes', async () => {
    const res = await analyzer.run(request(1, { overrides: { exclude: ['utils.py'] } }));
    assert.equal(res.folders[0].report!.projects[0].stats.pythonFiles, 1);
  });

  it('merges queued requests: every buffer change kept in order, the newest settings', () => {
    const merged = mergeRequests([
      request(1, { overlays: [{ path: '/a.py', text: 'x' }], invalidate: ['/b.py'] }),
      request(2, {
        overlays: [{ path: '/a.py', text: 'xy' }],
        invalidate: ['/c.py', '/b.py'],
        overrides: { targetLevel: 2 },
      }),
    ]);
    assert.equal(merged.id, 2);
    assert.deepEqual(
      merged.overlays.map((o) => o.text),
      ['x', 'xy'],
    );
    assert.deepEqual(merged.invalidate, ['/b.py', '/c.py']);
    assert.equal(merged.overrides.targetLevel, 2);
    assert.equal(mergeRequests([request(1, { invalidate: 'all' }), request(2)]).invalidate, 'all');
  });
});
