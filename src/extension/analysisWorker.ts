// Entry of the analysis worker thread: takes requests from the extension host, merges the ones that
// queue up while it works (only the newest matters), and answers with reports.
import { parentPort } from 'node:worker_threads';
import { NodeFileSystem } from '../node/nodeFileSystem';
import { AnalyzeRequest, mergeRequests } from './protocol';
import { WorkspaceAnalyzer } from './workspaceAnalyzer';

const analyzer = new WorkspaceAnalyzer(new NodeFileSystem());
let queue: AnalyzeRequest[] = [];
let running = false;

async function drain(): Promise<void> {
  if (running) return;
  running = true;
  try {
    while (queue.length) {
      const req = mergeRequests(queue);
      queue = [];
      try {
        parentPort?.postMessage(await analyzer.run(req));
      } catch (e) {
        parentPort?.postMessage({ type: 'result', id: req.id, folders: req.folders.map((f) => ({ key: f.key, error: (e as Error).message })), hints: {}, ms: 0, parsed: 0 });
      }
    }
  } finally {
    running = false;
  }
}

parentPort?.on('message', (msg: AnalyzeRequest) => {
  if (msg?.type !== 'analyze') return;
  queue.push(msg);
  // Let messages that are already waiting arrive first, so they merge into one run.
  setImmediate(() => void drain());
});
