// Activation: builds each service once and wires editor events to the analysis service. No analysis
// runs here; the first one is scheduled into the worker thread.
import * as vscode from 'vscode';
import type { MlCoachApi } from './api';
import { AnalysisService } from './analysisService';
import { MlCoachCodeActions } from './codeActions';
import { DockerfileCodeActions, addDockerfile } from './dockerfileAction';
import { NotebookConfigCodeActions } from './notebookConfigAction';
import { registerCommands } from './commands';
import { DiagnosticsPublisher } from './diagnostics';
import { DocsProvider } from './docsProvider';
import { RuleHoverProvider, SplitInlayHints, TrainingCodeLens, cellOf } from './editorHints';
import { IDS } from './ids';
import { LevelTreeProvider } from './levelTree';
import { FindingsTreeProvider } from './findingsTree';
import { reachedLevel, viewState } from './levelView';
import { isNotebookPath, toCorePath } from './locations';
import { LevelStatusBar } from './statusBar';
import { LevelReportPanel } from './reportPanel';

/** Folders and files whose changes never matter to the analysis. */
const IGNORED_EVENT = new RegExp(
  String.raw`[\\/](\.git|node_modules|__pycache__|\.ipynb_checkpoints|\.venv|venv|` +
    String.raw`\.mypy_cache|\.pytest_cache|\.ruff_cache)([\\/]|$)`,
);

/** Starts ML Coach. */
export function activate(context: vscode.ExtensionContext): MlCoachApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('ML Coach', { log: true });
  const service = new AnalysisService(
    vscode.Uri.joinPath(context.extensionUri, 'dist', 'analysisWorker.js').fsPath,
    log,
  );
  const diagnostics = new DiagnosticsPublisher();
  const tree = new LevelTreeProvider();
  const statusBar = new LevelStatusBar();
  const docs = new DocsProvider(
    () => service.folders(),
    () => service.meta(),
  );
  const inlay = new SplitInlayHints(service);
  const lenses = new TrainingCodeLens(service);
  const report = new LevelReportPanel(() => service.folders());
  const treeView = vscode.window.createTreeView(IDS.views.levels, { treeDataProvider: tree, showCollapseAll: true });
  const findings = new FindingsTreeProvider();
  const findingsView = vscode.window.createTreeView(IDS.views.findings, {
    treeDataProvider: findings,
    showCollapseAll: true,
  });
  const pythonSelector: vscode.DocumentSelector = [
    { language: 'python', scheme: 'file' },
    { language: 'python', scheme: 'vscode-notebook-cell' },
  ];
  context.subscriptions.push(
    log,
    service,
    diagnostics,
    tree,
    treeView,
    findings,
    findingsView,
    statusBar,
    docs,
    inlay,
    lenses,
    report,
  );
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(IDS.docsScheme, docs),
    vscode.languages.registerCodeActionsProvider(pythonSelector, new MlCoachCodeActions(diagnostics), {
      providedCodeActionKinds: MlCoachCodeActions.kinds,
    }),
    vscode.languages.registerCodeActionsProvider(
      [
        ...pythonSelector,
        {
          scheme: 'file',
          pattern: '**/{requirements*.txt,pyproject.toml,setup.py,setup.cfg,environment.yml,environment.yaml,Pipfile}',
        },
      ],
      new DockerfileCodeActions(service),
      { providedCodeActionKinds: DockerfileCodeActions.kinds },
    ),
    vscode.commands.registerCommand(IDS.commands.addDockerfile, (root: string) => addDockerfile(service, root)),
    vscode.languages.registerCodeActionsProvider(
      { language: 'python', scheme: 'vscode-notebook-cell' },
      new NotebookConfigCodeActions(service),
      { providedCodeActionKinds: NotebookConfigCodeActions.kinds },
    ),
    vscode.languages.registerHoverProvider(pythonSelector, new RuleHoverProvider(diagnostics, service)),
    vscode.languages.registerInlayHintsProvider(pythonSelector, inlay),
    vscode.languages.registerCodeLensProvider(pythonSelector, lenses),
    ...registerCommands(service, docs, report),
  );

  const activePath = () => {
    const uri = vscode.window.activeNotebookEditor?.notebook.uri ?? vscode.window.activeTextEditor?.document.uri;
    return uri?.scheme === 'file' ? toCorePath(uri.fsPath) : undefined;
  };
  let state = 'empty';
  let level = 0;
  const render = () => {
    const folders = service.folders();
    diagnostics.publish(folders, service.settings);
    tree.update(folders);
    findings.update(folders);
    findingsView.badge = findings.count
      ? { value: findings.count, tooltip: `${findings.count} ML Coach findings` }
      : undefined;
    statusBar.update(service.settings.enable ? folders : [], activePath());
    docs.reportChanged();
    void report.refresh();
    inlay.refresh();
    lenses.refresh();
    state = service.settings.enable ? viewState(folders) : 'disabled';
    void vscode.commands.executeCommand('setContext', 'mlcoach.state', state);
    level = service.settings.enable ? reachedLevel(folders) : 0;
    void vscode.commands.executeCommand('setContext', 'mlcoach.level', level);
  };
  context.subscriptions.push(service.onDidChange(render));

  const typingDelay = () => (service.settings.run === 'onType' ? service.settings.debounce : -1);
  const isPython = (d: vscode.TextDocument) => d.uri.scheme === 'file' && d.languageId === 'python';
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((d) => {
      if (isPython(d)) service.documentChanged(d, 0);
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      const delay = typingDelay();
      if (delay < 0 || e.contentChanges.length === 0) return;
      if (isPython(e.document)) service.documentChanged(e.document, delay);
      else if (e.document.uri.scheme === 'vscode-notebook-cell') {
        const where = cellOf(e.document);
        if (where) service.notebookChanged(where.notebook, delay);
      }
    }),
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (isPython(d)) service.documentChanged(d, 0);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (isPython(d)) service.closed(d.uri);
    }),
    vscode.workspace.onDidOpenNotebookDocument((nb) => service.notebookChanged(nb, 0)),
    vscode.workspace.onDidChangeNotebookDocument((e) => {
      const delay = typingDelay();
      // Cells added, removed or executed; text edits arrive through the cell documents.
      if (delay >= 0 && (e.contentChanges.length > 0 || e.cellChanges.some((c) => c.executionSummary || c.outputs)))
        service.notebookChanged(e.notebook, delay);
    }),
    vscode.workspace.onDidSaveNotebookDocument((nb) => service.notebookChanged(nb, 0)),
    vscode.workspace.onDidCloseNotebookDocument((nb) => {
      if (isNotebookPath(nb.uri.fsPath)) service.closed(nb.uri);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('mlcoach')) {
        service.refreshAll();
        render();
      }
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => service.foldersChanged()),
    vscode.window.onDidChangeActiveTextEditor(() =>
      statusBar.update(service.settings.enable ? service.folders() : [], activePath()),
    ),
    vscode.window.onDidChangeActiveNotebookEditor(() =>
      statusBar.update(service.settings.enable ? service.folders() : [], activePath()),
    ),
  );

  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  const onFile = (uri: vscode.Uri) => {
    if (!IGNORED_EVENT.test(uri.fsPath)) service.fileEvent(uri, 500);
  };
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate(onFile),
    watcher.onDidDelete(onFile),
    watcher.onDidChange(onFile),
  );

  void vscode.commands.executeCommand('setContext', 'mlcoach.state', 'empty');
  // The views show a progress bar until the first analysis answers.
  const first = new Promise<void>((resolve) => {
    const once = service.onDidChange(() => {
      once.dispose();
      resolve();
    });
    context.subscriptions.push(once);
  });
  for (const viewId of [IDS.views.levels, IDS.views.findings])
    void vscode.window.withProgress({ location: { viewId } }, () => first);
  service.refreshAll(0);

  const activationMs = performance.now() - started;
  log.info(`activated in ${activationMs.toFixed(1)} ms`);
  return {
    activationMs,
    whenIdle: () => service.whenIdle(),
    reports: () => service.reports(),
    levelTree: async () => tree.snapshot(),
    statusBar: () => statusBar.snapshot(),
    findingsTree: () => findings.snapshot(),
    viewState: () => state,
    reachedLevel: () => level,
  };
}

/** Nothing to do: every service is disposed through the context's subscriptions. */
export function deactivate(): void {}
