// Owns the worker: collects editor buffers and file events, debounces them into requests, drops stale
// answers, and tells the views when a new report arrived.
import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import type { WorkspaceReport } from '../core/model/report';
import type { UnitHints } from './hints';
import { isNotebookPath, isPythonPath, toCorePath } from './locations';
import { type EditorCell, notebookJson } from './notebookJson';
import type {
  AnalyzeRequest,
  AnalyzeResponse,
  MetaResponse,
  NotebookConfigResponse,
  ScaffoldResponse,
  WorkerResponse,
} from './protocol';
import { AnalysisScheduler } from './scheduler';
import { type ExtensionSettings, readSettings, sectionGetter } from './settings';
import { type FolderState, unanalysedFiles } from './levelView';
import { analysisLogLines } from './analysisLog';
import { workspacePath } from '../core/format/locations';

/** Reads the extension's settings now. */
function currentSettings(): ExtensionSettings {
  return readSettings(sectionGetter(vscode.workspace.getConfiguration('mlcoach')));
}

/** Runs analyses in a worker thread and keeps the latest result per workspace folder. */
export class AnalysisService implements vscode.Disposable {
  private worker: Worker | undefined;
  private readonly scheduler: AnalysisScheduler;
  private readonly pendingOverlays = new Map<string, string | null>();
  private pendingInvalidate: Set<string> | 'all' = new Set();
  private readonly states = new Map<string, FolderState>();
  private hintsByPath = new Map<string, UnitHints>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly scaffoldWaiters = new Map<number, (r: ScaffoldResponse) => void>();
  private scaffoldIds = 0;
  private readonly configWaiters = new Map<number, (r: NotebookConfigResponse) => void>();
  private metaPromise: Promise<MetaResponse> | undefined;
  private metaResolve: ((m: MetaResponse) => void) | undefined;
  /** Skipped-file lines already written to the output channel. */
  private readonly told = new Set<string>();
  /** Fires after a new result was taken in. */
  readonly onDidChange = this.changed.event;
  settings: ExtensionSettings = currentSettings();

  constructor(
    private readonly workerPath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.scheduler = new AnalysisScheduler((g) => this.send(g));
  }

  /** Latest state of each workspace folder, in folder order. */
  folders(): FolderState[] {
    const order = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
    return order.map((k) => this.states.get(k)).filter((s): s is FolderState => !!s);
  }

  /** Latest report per folder uri. */
  reports(): ReadonlyMap<string, WorkspaceReport> {
    const out = new Map<string, WorkspaceReport>();
    for (const s of this.folders()) if (s.report) out.set(s.key, s.report);
    return out;
  }

  /** Editor hints of a file, by its fs path. */
  hints(fsPath: string): UnitHints | undefined {
    return this.hintsByPath.get(toCorePath(fsPath));
  }

  /** Resolves when nothing is pending. */
  whenIdle(): Promise<void> {
    return this.scheduler.whenIdle();
  }

  /** Records the text of an open .py document and schedules a run. */
  documentChanged(doc: vscode.TextDocument, delay: number): void {
    if (doc.uri.scheme !== 'file' || !isPythonPath(doc.uri.fsPath)) return;
    this.pendingOverlays.set(toCorePath(doc.uri.fsPath), doc.getText());
    this.scheduler.trigger(delay);
  }

  /** Records the cells of an open notebook and schedules a run. */
  notebookChanged(nb: vscode.NotebookDocument, delay: number): void {
    if (nb.uri.scheme !== 'file' || !isNotebookPath(nb.uri.fsPath)) return;
    this.pendingOverlays.set(toCorePath(nb.uri.fsPath), notebookJson(nb.getCells().map(editorCell)));
    this.scheduler.trigger(delay);
  }

  /** A document closed: the disk is the truth again. */
  closed(uri: vscode.Uri): void {
    if (uri.scheme !== 'file') return;
    this.pendingOverlays.set(toCorePath(uri.fsPath), null);
    this.scheduler.trigger(0);
  }

  /** A file was created, changed or deleted on disk. */
  fileEvent(uri: vscode.Uri, delay: number): void {
    if (uri.scheme !== 'file') return;
    if (this.pendingInvalidate !== 'all') this.pendingInvalidate.add(toCorePath(uri.fsPath));
    this.scheduler.trigger(delay);
  }

  /** Settings changed or the user asked: forget cached files and analyse again. */
  refreshAll(delay = 0): void {
    this.settings = currentSettings();
    this.pendingInvalidate = 'all';
    this.scheduler.trigger(delay);
  }

  /** Drops the results of folders that left the workspace, then analyses again. */
  foldersChanged(): void {
    const keys = new Set((vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()));
    for (const k of [...this.states.keys()]) if (!keys.has(k)) this.states.delete(k);
    this.refreshAll();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.workerPath);
    w.on('message', (msg: WorkerResponse) => {
      if (msg?.type === 'meta') {
        this.metaResolve?.(msg);
      } else if (msg?.type === 'scaffold-plan') {
        this.scaffoldWaiters.get(msg.id)?.(msg);
        this.scaffoldWaiters.delete(msg.id);
      } else if (msg?.type === 'notebook-config') {
        this.configWaiters.get(msg.id)?.(msg);
        this.configWaiters.delete(msg.id);
      } else this.receive(msg);
    });
    w.on('error', (e) => {
      this.log.error(`analysis worker failed: ${e.message}`);
    });
    w.on('exit', (code) => {
      if (this.worker === w) this.worker = undefined;
      if (this.metaResolve) this.metaPromise = undefined;
      if (code !== 0) this.log.warn(`analysis worker exited with code ${code}`);
      this.scheduler.abandonAll();
      for (const [id, resolve] of this.scaffoldWaiters)
        resolve({ type: 'scaffold-plan', id, error: 'the analysis worker stopped' });
      this.scaffoldWaiters.clear();
      for (const [id, resolve] of this.configWaiters)
        resolve({ type: 'notebook-config', id, actions: [], error: 'the analysis worker stopped' });
      this.configWaiters.clear();
    });
    // Buffers the worker knew are gone with the old one: send every open one again.
    for (const doc of vscode.workspace.textDocuments)
      if (doc.uri.scheme === 'file' && isPythonPath(doc.uri.fsPath))
        this.pendingOverlays.set(toCorePath(doc.uri.fsPath), doc.getText());
    for (const nb of vscode.workspace.notebookDocuments) {
      if (nb.uri.scheme === 'file' && isNotebookPath(nb.uri.fsPath))
        this.pendingOverlays.set(toCorePath(nb.uri.fsPath), notebookJson(nb.getCells().map(editorCell)));
    }
    this.worker = w;
    return w;
  }

  /** Rule, item and scaffold descriptions, asked of the worker once. */
  meta(): Promise<MetaResponse> {
    if (!this.metaPromise) {
      const worker = this.ensureWorker();
      this.metaPromise = new Promise((resolve) => {
        this.metaResolve = (m) => {
          this.metaResolve = undefined;
          resolve(m);
        };
      });
      worker.postMessage({ type: 'meta', id: 0 });
    }
    return this.metaPromise;
  }

  /** Plans a scaffold for a project root in the worker. */
  planScaffold(root: string, scaffold: string): Promise<ScaffoldResponse> {
    const id = ++this.scaffoldIds;
    const worker = this.ensureWorker();
    return new Promise((resolve) => {
      this.scaffoldWaiters.set(id, resolve);
      worker.postMessage({ type: 'scaffold', id, root, scaffold });
    });
  }

  /**
   * Plans "extract to config" for the notebooks of a project root (or for the one at `path`) in the worker,
   * over the open notebooks and unsaved files as the editor holds them.
   */
  planNotebookConfig(root: string, path?: string): Promise<NotebookConfigResponse> {
    const id = ++this.scaffoldIds;
    const inRoot = (p: string) => p.startsWith(`${root}/`);
    const buffers: Array<{ path: string; text: string }> = [];
    for (const nb of vscode.workspace.notebookDocuments)
      if (nb.uri.scheme === 'file' && isNotebookPath(nb.uri.fsPath) && inRoot(toCorePath(nb.uri.fsPath)))
        buffers.push({ path: toCorePath(nb.uri.fsPath), text: notebookJson(nb.getCells().map(editorCell)) });
    for (const doc of vscode.workspace.textDocuments)
      if (doc.uri.scheme === 'file' && doc.isDirty && inRoot(toCorePath(doc.uri.fsPath)))
        buffers.push({ path: toCorePath(doc.uri.fsPath), text: doc.getText() });
    const worker = this.ensureWorker();
    return new Promise((resolve) => {
      this.configWaiters.set(id, resolve);
      worker.postMessage({ type: 'notebook-config', id, root, path, buffers });
    });
  }

  private send(generation: number): void {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    if (!this.settings.enable || folders.length === 0) {
      this.states.clear();
      this.hintsByPath.clear();
      this.scheduler.finished(generation);
      this.changed.fire();
      return;
    }
    const worker = this.ensureWorker();
    // Hints cost a walk of each edited file: only when a kind of hint is on.
    const wantHints = this.settings.inlayHints || this.settings.codeLens;
    const hintsFor = wantHints
      ? [
          ...vscode.workspace.textDocuments
            .filter((d) => d.uri.scheme === 'file' && isPythonPath(d.uri.fsPath))
            .map((d) => toCorePath(d.uri.fsPath)),
          ...vscode.workspace.notebookDocuments
            .filter((n) => n.uri.scheme === 'file')
            .map((n) => toCorePath(n.uri.fsPath)),
        ]
      : [];
    const req: AnalyzeRequest = {
      type: 'analyze',
      id: generation,
      folders: folders.map((f) => ({ key: f.uri.toString(), path: toCorePath(f.uri.fsPath) })),
      overlays: [...this.pendingOverlays].map(([path, text]) => ({ path, text })),
      invalidate: this.pendingInvalidate === 'all' ? 'all' : [...this.pendingInvalidate],
      overrides: this.settings.overrides,
      hintsFor,
    };
    this.pendingOverlays.clear();
    this.pendingInvalidate = new Set();
    worker.postMessage(req);
  }

  private receive(msg: AnalyzeResponse): void {
    if (msg?.type !== 'result') return;
    const current = this.scheduler.finished(msg.id);
    // The worker merges queued requests, so the newest answer covers every change sent before it.
    if (msg.id < this.scheduler.current && !current) {
      this.log.trace(`dropped stale result ${msg.id}`);
      return;
    }
    const names = new Map((vscode.workspace.workspaceFolders ?? []).map((f) => [f.uri.toString(), f.name]));
    for (const line of analysisLogLines(msg, names)) this.log.info(line);
    for (const r of msg.folders) {
      if (r.error) this.log.warn(`${names.get(r.key) ?? r.key}: ${r.error}`);
      for (const p of r.report?.projects ?? []) {
        // Skipped and broken files are told once, not on every keystroke.
        for (const f of unanalysedFiles(p)) {
          const line = `${workspacePath(p, f.path)} not analysed: ${f.why}`;
          if (this.told.has(line)) continue;
          this.told.add(line);
          this.log.warn(line);
        }
      }
      this.states.set(r.key, { key: r.key, name: names.get(r.key) ?? r.key, report: r.report, error: r.error });
    }
    this.hintsByPath = new Map(Object.entries(msg.hints));
    this.changed.fire();
  }

  dispose(): void {
    this.scheduler.dispose();
    void this.worker?.terminate();
    this.worker = undefined;
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** Reads one editor cell into the plain shape the notebook serialiser takes. */
function editorCell(cell: vscode.NotebookCell): EditorCell {
  const outputs: EditorCell['outputs'] = [];
  for (const o of cell.outputs) {
    const mimes = o.items.map((i) => i.mime);
    if (mimes.includes('application/vnd.code.notebook.error')) outputs.push({ kind: 'error' });
    else if (
      mimes.includes('application/vnd.code.notebook.stdout') ||
      mimes.includes('application/vnd.code.notebook.stderr')
    )
      outputs.push({ kind: 'stream' });
    else {
      const plain = o.items.find((i) => i.mime === 'text/plain');
      outputs.push({ kind: 'result', text: plain ? new TextDecoder().decode(plain.data) : undefined });
    }
  }
  return {
    kind: cell.kind === vscode.NotebookCellKind.Code ? 'code' : 'markdown',
    source: cell.document.getText(),
    language: cell.document.languageId,
    executionCount: cell.executionSummary?.executionOrder ?? null,
    outputs,
  };
}
