// The palette and tree commands.
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { locate } from './diagnostics';
import { type DocsProvider, itemDocsUri, showMarkdown } from './docsProvider';
import type { LevelReportPanel } from './reportPanel';
import { IDS } from './ids';
import { configFixTargets, type ConfigFixTarget, type ItemNode } from './levelView';
import type { FindingRow, RuleGroup } from './findingsModel';
import type { SourceRange } from '../core/model/findings';
import { joinPath } from '../core/fs/fileSystem';
import { ruleDocsUri } from './diagnostics';
import { runScaffold } from './scaffoldCommand';
import { fixToEdit } from './codeActions';
import type { NextStepArgs } from './editorHints';

/** Opens a report range: a file at its lines, or a notebook at its cell. False when the project is gone. */
async function openRange(
  service: AnalysisService,
  folderKey: string,
  projectRoot: string,
  range: SourceRange,
): Promise<boolean> {
  const state = service.folders().find((f) => f.key === folderKey);
  const project = state?.report?.projects.find((p) => p.root === projectRoot);
  if (!state?.report || !project) return false;
  if (range.cell !== undefined) {
    const file = locate(state.report, project, { ...range, cell: undefined });
    const nb = await vscode.workspace.openNotebookDocument(file.uri);
    const editor = await vscode.window.showNotebookDocument(nb);
    if (range.cell < nb.cellCount) {
      const r = new vscode.NotebookRange(range.cell, range.cell + 1);
      editor.revealRange(r, vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
      editor.selections = [r];
    }
    return true;
  }
  const loc = locate(state.report, project, range);
  await vscode.window.showTextDocument(loc.uri, { selection: loc.range, preview: true });
  return true;
}

/** Registers every command; returns their disposables. */
export function registerCommands(
  service: AnalysisService,
  docs: DocsProvider,
  report: LevelReportPanel,
): vscode.Disposable[] {
  const c = IDS.commands;
  return [
    vscode.commands.registerCommand(c.analyzeWorkspace, async () => {
      service.refreshAll();
      await vscode.window.withProgress({ location: { viewId: IDS.views.levels }, title: 'Analysing' }, () =>
        service.whenIdle(),
      );
    }),
    vscode.commands.registerCommand(c.showLevelReport, async () => {
      await service.whenIdle();
      docs.reportChanged();
      await report.show();
    }),
    vscode.commands.registerCommand(c.explainRule, async (code?: string) => {
      let chosen = typeof code === 'string' ? code : undefined;
      if (!chosen) {
        const { rules } = await service.meta();
        const pick = await vscode.window.showQuickPick(
          rules.map((r) => ({ label: r.code, description: r.name, detail: r.title })),
          {
            title: 'ML Coach: explain a rule',
            matchOnDescription: true,
            matchOnDetail: true,
            placeHolder: 'Pick a rule',
          },
        );
        chosen = pick?.label;
      }
      if (chosen) await showMarkdown(ruleDocsUri(chosen));
    }),
    vscode.commands.registerCommand(c.showRuleDocs, async (arg?: string | RuleGroup | FindingRow) => {
      const code = typeof arg === 'string' ? arg : arg?.kind === 'rule' ? arg.code : arg?.finding?.code;
      if (code) await showMarkdown(ruleDocsUri(code));
      else await vscode.commands.executeCommand(c.explainRule);
    }),
    vscode.commands.registerCommand(c.openFinding, async (row?: FindingRow) => {
      if (!row?.finding) return;
      if (row.finding.range) await openRange(service, row.folderKey, row.projectRoot, row.finding.range);
      else await showMarkdown(ruleDocsUri(row.finding.code));
    }),
    vscode.commands.registerCommand(c.showItemDocs, async (node?: ItemNode) => {
      if (node?.item) await showMarkdown(itemDocsUri(node.item.id));
    }),
    vscode.commands.registerCommand(c.openEvidence, async (node?: ItemNode) => {
      if (!node?.item) return;
      const evidence = node.item.evidence.find((e) => e.range);
      if (!evidence?.range || !(await openRange(service, node.folderKey, node.projectRoot, evidence.range)))
        await showMarkdown(itemDocsUri(node.item.id));
    }),
    vscode.commands.registerCommand(c.runNextStep, async (arg?: NextStepArgs) => {
      if (!arg?.action) return;
      if (arg.action.kind === 'scaffold')
        return runScaffold(service, arg.action.scaffold, arg.folderKey || undefined, arg.projectRoot);
      if (arg.action.kind === 'fix') {
        const state = service.folders().find((f) => f.key === arg.folderKey);
        const project = state?.report?.projects.find((p) => p.root === arg.projectRoot);
        const finding = project?.findings[arg.action.findingIndex];
        const fix = finding?.fixes?.[arg.action.fixIndex];
        const edit =
          state?.report && project && finding && fix ? fixToEdit({ report: state.report, project }, fix) : undefined;
        if (edit && (await vscode.workspace.applyEdit(edit))) return;
        await vscode.window.showWarningMessage(
          'ML Coach: the code changed since the last analysis; the fix was not applied.',
        );
        return;
      }
      await vscode.commands.executeCommand(c.focusLevels);
    }),
    // `path` (relative to the project) names the file to extract from; without it the user picks.
    vscode.commands.registerCommand(c.extractToConfig, async (node?: ItemNode, path?: string) => {
      if (!node?.item) return;
      const state = service.folders().find((f) => f.key === node.folderKey);
      const project = state?.report?.projects.find((p) => p.root === node.projectRoot);
      // Notebooks carry no ML401/ML402 finding: their fixes are planned now, over the open cells.
      const notebooks =
        state?.report && project?.stats.notebooks
          ? (await service.planNotebookConfig(joinPath(state.report.root, project.root))).actions
          : [];
      const targets = project ? configFixTargets(project, notebooks) : [];
      if (!state?.report || !project || !targets.length) {
        await vscode.window.showInformationMessage(
          'ML Coach: no script or notebook has hard-coded hyperparameters or data paths to extract to config.',
        );
        return;
      }
      let target: ConfigFixTarget | undefined = path === undefined ? targets[0] : targets.find((t) => t.path === path);
      if (path === undefined && targets.length > 1) {
        const pick = await vscode.window.showQuickPick(
          targets.map((t) => ({
            label: t.path,
            description: `${t.values} hard-coded value${t.values === 1 ? '' : 's'}`,
            target: t,
          })),
          {
            title: 'ML Coach: extract to config from which file?',
            placeHolder: 'The file with the most hard-coded values comes first',
          },
        );
        target = pick?.target;
      }
      if (!target) return;
      const fix = target.fix ?? project.findings[target.findingIndex!].fixes![target.fixIndex!];
      // Cell edits go to the cell documents, which exist only once the notebook is open.
      const file = locate(state.report, project, {
        path: target.path,
        startLine: 1,
        startColumn: 1,
        endLine: 1,
        endColumn: 1,
      });
      const notebook = fix.edits.some((e) => e.range.cell !== undefined)
        ? await vscode.workspace.openNotebookDocument(file.uri)
        : undefined;
      const edit = fixToEdit({ report: state.report, project }, fix);
      if (!edit || !(await vscode.workspace.applyEdit(edit))) {
        await vscode.window.showWarningMessage(
          'ML Coach: the code changed since the last analysis; the fix was not applied.',
        );
        return;
      }
      if (notebook) await vscode.window.showNotebookDocument(notebook);
      else await vscode.window.showTextDocument(file.uri, { preview: false });
    }),
    vscode.commands.registerCommand(c.scaffold, async (arg?: ItemNode | string) => {
      const id = typeof arg === 'string' ? arg : arg?.item?.nextStep?.scaffold;
      const node = typeof arg === 'object' ? arg : undefined;
      await runScaffold(service, id, node?.folderKey, node?.projectRoot);
    }),
  ];
}
