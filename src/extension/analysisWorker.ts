// Entry of the analysis worker thread: takes requests from the extension host, merges the ones that
// queue up while it works (only the newest matters), and answers with reports.
import { parentPort } from 'node:worker_threads';
import { NodeFileSystem } from '../node/nodeFileSystem';
import {
  type AnalyzeRequest,
  type MetaResponse,
  type NotebookConfigRequest,
  type NotebookConfigResponse,
  type ScaffoldRequest,
  type ScaffoldResponse,
  type WorkerRequest,
  mergeRequests,
} from './protocol';
import { ALL_RULES } from '../core/rules/registry';
import { fixSentence } from './messageText';
import { LEVEL_ITEMS } from '../core/levels/checklist';
import { SCAFFOLDS } from '../core/scaffold/registry';
import { itemDocsMarkdown } from './docsText';
import { ruleDocsMarkdown, ruleHoverMarkdown } from './ruleDocsView';
import { StaleRunError, WorkspaceAnalyzer } from './workspaceAnalyzer';
import { findScaffold } from '../core/scaffold/registry';
import { excludeExisting, loadProject } from '../core/scaffold/load';
import { refuseLinkedPaths } from '../node/scaffoldTarget';
import { OverlayFileSystem } from '../core/fixes/overlayFileSystem';
import { notebookConfigActions } from '../core/fixes/extractConfig';
import { ProjectIndex } from '../core/semantic/index';
import { relativePath } from '../core/fs/fileSystem';

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
        // A request that arrives meanwhile makes this run stale: it stops and the loop runs the newer one.
        parentPort?.postMessage(await analyzer.run(req, () => queue.length > 0));
      } catch (e) {
        if (e instanceof StaleRunError) continue;
        parentPort?.postMessage({
          type: 'result',
          id: req.id,
          folders: req.folders.map((f) => ({ key: f.key, error: (e as Error).message })),
          hints: {},
          ms: 0,
          parsed: 0,
        });
      }
    }
  } finally {
    running = false;
  }
}

/** Plans a scaffold from the disk as it is now (a fresh file system, not the editor's cached view). */
async function planScaffold(req: ScaffoldRequest): Promise<ScaffoldResponse> {
  const scaffold = findScaffold(req.scaffold);
  if (!scaffold) return { type: 'scaffold-plan', id: req.id, error: `unknown scaffold '${req.scaffold}'` };
  try {
    const fs = new NodeFileSystem();
    const project = await loadProject(fs, req.root);
    return {
      type: 'scaffold-plan',
      id: req.id,
      plan: refuseLinkedPaths(req.root, await excludeExisting(fs, req.root, scaffold.plan(project))),
    };
  } catch (e) {
    return { type: 'scaffold-plan', id: req.id, error: (e as Error).message.split('\n')[0] };
  }
}

/**
 * Plans "extract to config" for a project's notebooks from the disk as it is now (as scaffolds are), with
 * the editor's open notebooks and unsaved files laid over it, so the edits land where the user sees the values.
 */
async function planNotebookConfig(req: NotebookConfigRequest): Promise<NotebookConfigResponse> {
  try {
    const fs = new OverlayFileSystem(new NodeFileSystem());
    for (const b of req.buffers) fs.write(b.path, b.text);
    const index = new ProjectIndex(await loadProject(fs, req.root));
    const path = req.path === undefined ? undefined : relativePath(req.root, req.path);
    return { type: 'notebook-config', id: req.id, actions: notebookConfigActions(index, path) };
  } catch (e) {
    return { type: 'notebook-config', id: req.id, actions: [], error: (e as Error).message.split('\n')[0] };
  }
}

/** Rule, item and scaffold descriptions for the editor. */
function meta(id: number): MetaResponse {
  return {
    type: 'meta',
    id,
    rules: ALL_RULES.map((r) => ({
      code: r.meta.code,
      name: r.meta.name,
      title: r.meta.title,
      docs: ruleDocsMarkdown(r.meta),
      hover: ruleHoverMarkdown(r.meta),
      fix: fixSentence(r.meta.docs.useInstead),
    })),
    items: Object.fromEntries(LEVEL_ITEMS.map((i) => [i.id, itemDocsMarkdown(i)])),
    scaffolds: SCAFFOLDS.map((s) => ({ id: s.id, title: s.title, description: s.description, level: s.level })),
  };
}

parentPort?.on('message', (msg: WorkerRequest) => {
  if (msg?.type === 'meta') {
    parentPort?.postMessage(meta(msg.id));
    return;
  }
  if (msg?.type === 'scaffold') {
    void planScaffold(msg).then((r) => parentPort?.postMessage(r));
    return;
  }
  if (msg?.type === 'notebook-config') {
    void planNotebookConfig(msg).then((r) => parentPort?.postMessage(r));
    return;
  }
  if (msg?.type !== 'analyze') return;
  queue.push(msg);
  // Let messages that are already waiting arrive first, so they merge into one run.
  setImmediate(() => void drain());
});
