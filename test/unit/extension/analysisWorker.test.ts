import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalyzeRequest, AnalyzeResponse, MetaResponse, ScaffoldResponse } from '../../../src/extension/protocol';
import { ALL_RULES } from '../../../src/core/rules/registry';
import { LEVEL_ITEMS } from '../../../src/core/levels/checklist';
import { SCAFFOLDS } from '../../../src/core/scaffold/registry';

// The compiled worker sits next to this test's compiled output.
const WORKER = join(__dirname, '..', '..', '..', 'src', 'extension', 'analysisWorker.js');

describe('analysis worker thread', () => {
  let dir: string;
  let worker: Worker;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlcoach-worker-')).replace(/\\/g, '/');
    writeFileSync(
      join(dir, 'train.py'),
      'import sklearn\nfrom sklearn.model_selection import train_test_split\na, b = train_test_split(X)\n',
    );
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

  const req = (id: number, extra: Partial<AnalyzeRequest> = {}): AnalyzeRequest => ({
    type: 'analyze',
    id,
    folders: [{ key: 'k', path: dir }],
    overlays: [],
    invalidate: [],
    overrides: {},
    hintsFor: [`${dir}/train.py`],
    ...extra,
  });

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
    for (let i = 2; i <= 6; i++)
      worker.postMessage(
        req(i, { overlays: [{ path: `${dir}/train.py`, text: `import sklearn\n${'x = 1\n'.repeat(i)}` }] }),
      );
    const got = await wait;
    // Requests that queued while the worker was busy were merged, never answered one by one after the newest.
    assert.ok(got.length <= 5);
    const res = got[got.length - 1];
    assert.equal(res.parsed, 1);
    assert.deepEqual(res.hints[`${dir}/train.py`].splits, []);
  });

  it('plans a scaffold from the disk, leaving existing files out', async () => {
    const dockerfile = SCAFFOLDS.find((x) => x.id === 'dockerfile');
    assert.ok(dockerfile, 'the dockerfile scaffold is registered');
    const ask = (id: number, scaffold: string) =>
      new Promise<ScaffoldResponse>((resolve) => {
        const on = (m: ScaffoldResponse) => {
          if (m.type === 'scaffold-plan' && m.id === id) {
            worker.off('message', on);
            resolve(m);
          }
        };
        worker.on('message', on);
        worker.postMessage({ type: 'scaffold', id, root: dir, scaffold });
      });
    const first = await ask(1, 'dockerfile');
    assert.equal(first.error, undefined);
    const planned = first.plan!.files.map((f) => f.path);
    assert.ok(planned.length > 0);
    writeFileSync(join(dir, planned[0]), 'FROM python:3.12-slim\n');
    const second = await ask(2, 'dockerfile');
    assert.ok(!second.plan!.files.some((f) => f.path === planned[0]));
    assert.ok(second.plan!.skipped.some((s) => s.path === planned[0] && s.reason === 'exists'));
    assert.match((await ask(3, 'no-such-scaffold')).error ?? '', /unknown scaffold/);
    // A folder linked outside the project is refused in the plan the editor shows.
    const outside = mkdtempSync(join(tmpdir(), 'mlcoach-outside-'));
    try {
      symlinkSync(outside, join(dir, '.github'));
      const ci = await ask(4, 'ci');
      assert.ok(!ci.plan!.files.some((f) => f.path.startsWith('.github/')));
      assert.ok(
        ci.plan!.skipped.some(
          (s) =>
            s.path === '.github/workflows/ci.yml' &&
            /^refused: '\.github' is a link to .*outside the target folder$/.test(s.reason),
        ),
        JSON.stringify(ci.plan!.skipped),
      );
    } finally {
      rmSync(join(dir, '.github'), { force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('describes every rule, checklist item and scaffold for the editor', async () => {
    const answer = new Promise<MetaResponse>((resolve) => {
      const on = (m: MetaResponse) => {
        if (m.type === 'meta') {
          worker.off('message', on);
          resolve(m);
        }
      };
      worker.on('message', on);
    });
    worker.postMessage({ type: 'meta', id: 7 });
    const meta = await answer;
    assert.deepEqual(
      meta.rules.map((r) => r.code),
      ALL_RULES.map((r) => r.meta.code),
    );
    for (const r of meta.rules) {
      assert.match(
        r.docs,
        new RegExp(`^# ${r.code} \`${r.name}\`: [\\s\\S]*## Why is this bad\\?[\\s\\S]*ignore\\[${r.code}\\]`),
      );
      assert.ok(r.hover.startsWith(`**${r.code} `));
    }
    assert.deepEqual(Object.keys(meta.items).sort(), LEVEL_ITEMS.map((i) => i.id).sort());
    assert.match(meta.items['L2.seeds'] ?? '', /## Why it matters/);
    assert.deepEqual(
      meta.scaffolds.map((s) => s.id),
      SCAFFOLDS.map((s) => s.id),
    );
  });
});
