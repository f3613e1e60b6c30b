import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalyzeRequest, AnalyzeResponse } from '../../../src/extension/protocol';

// The compiled worker sits next to this test's compiled output.
const WORKER = join(__dirname, '..', '..', '..', 'src', 'extension', 'analysisWorker.js');

describe('analysis worker thread', () => {
  let dir: string;
  let worker: Worker;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlcoach-worker-')).replace(/\\/g, '/');
    writeFileSync(join(dir, 'train.py'), 'import sklearn\nfrom sklearn.model_selection import train_test_split\na, b = train_test_split(X)\n');
    worker = new Worker(WORKER);
  });
  after(async () => {
    await worker.terminate();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Collects answers up to the one for generation `last`. */
  function answers(last: number): Promise<AnalyzeResponse[]> {
    return new Promise((resolve, reject) => {
      const got: AnalyzeResponse[] = [];
      const onMessage = (m: AnalyzeResponse) => {
        got.push(m);
        if (m.id === last) {
          worker.off('message', onMessage);
          resolve(got);
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  }

  const req = (id: number, extra: Partial<AnalyzeRequest> = {}): AnalyzeRequest => ({ type: 'analyze', id, folders: [{ key: 'k', path: dir }], overlays: [], invalidate: [], overrides: {}, hintsFor: [`${dir}/train.py`], ...extra });

  it('answers with a report of the folder on disk', async () => {
    const wait = answers(1);
    worker.postMessage(req(1));
    const [res] = await wait;
    assert.equal(res.id, 1);
    assert.equal(res.folders[0].report?.projects[0].isMlProject, true);
    assert.equal(res.hints[`${dir}/train.py`].splits.length, 1);
  });

  it('merges a burst of requests and answers the newest with every buffer change applied', async () => {
    const wait = answers(6);
    for (let i = 2; i <= 6; i++) worker.postMessage(req(i, { overlays: [{ path: `${dir}/train.py`, text: `import sklearn\n${'x = 1\n'.repeat(i)}` }] }));
    const got = await wait;
    // Requests that queued while the worker was busy were merged, never answered one by one after the newest.
    assert.ok(got.length <= 5);
    const res = got[got.length - 1];
    assert.equal(res.parsed, 1);
    assert.deepEqual(res.hints[`${dir}/train.py`].splits, []);
  });
});
