// "Extract hyperparameters and data paths to config" in a notebook cell. ML401/ML402 leave notebooks
// alone, so no diagnostic carries the fix there: the action is asked for on demand, planned in the
// analysis worker over the cells as the editor holds them, and offered in the cells it edits, as one
// undoable WorkspaceEdit like any quick fix. In .py files the fix stays on the ML401/ML402 diagnostics.
import * as vscode from 'vscode';
import { EXTRACT_CONFIG_TITLE } from '../core/fixes/extractConfigTitle';
import { relativePath } from '../core/fs/fileSystem';
import type { WorkspaceReport } from '../core/model/report';
import type { NotebookConfigAction } from '../core/fixes/extractConfig';
import type { AnalysisService } from './analysisService';
import { fixToEdit } from './codeActions';
import { projectOf } from './dockerfileAction';
import { toCorePath } from './locations';

/** The notebook that holds a cell document. */
export function notebookOfCell(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
  return vscode.workspace.notebookDocuments.find((n) => n.getCells().some((c) => c.document === document));
}

/** Offers the notebook's extract-to-config fix in the cells it edits. */
export class NotebookConfigCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  /** The last plan per notebook, kept while neither its cells nor the report change. */
  private readonly plans = new Map<
    string,
    { key: string; report: WorkspaceReport; actions: Promise<NotebookConfigAction[]> }
  >();

  constructor(private readonly service: AnalysisService) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): Promise<vscode.CodeAction[]> {
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const notebook = notebookOfCell(document);
    if (notebook?.uri.scheme !== 'file') return [];
    const cell = notebook.getCells().find((c) => c.document === document);
    if (cell?.kind !== vscode.NotebookCellKind.Code) return [];
    const path = toCorePath(notebook.uri.fsPath);
    const found = projectOf(this.service, path);
    if (!found?.project.isMlProject) return [];
    const rel = relativePath(found.absRoot, path);
    const action = (await this.plan(notebook, found.report, found.absRoot)).find((a) => a.path === rel);
    if (!action?.fix.edits.some((e) => e.range.path === rel && e.range.cell === cell.index)) return [];
    const edit = fixToEdit({ report: found.report, project: found.project }, action.fix);
    if (!edit) return [];
    const a = new vscode.CodeAction(EXTRACT_CONFIG_TITLE, vscode.CodeActionKind.QuickFix);
    a.edit = edit;
    return [a];
  }

  /** The worker's plan for one notebook, asked again once a cell or the report changed. */
  private plan(notebook: vscode.NotebookDocument, report: WorkspaceReport, root: string) {
    const uri = notebook.uri.toString();
    const key = `${notebook.version}:${notebook
      .getCells()
      .map((c) => `${c.kind}.${c.document.version}`)
      .join(',')}`;
    const known = this.plans.get(uri);
    if (known && known.key === key && known.report === report) return known.actions;
    const actions = this.service.planNotebookConfig(root, toCorePath(notebook.uri.fsPath)).then((r) => r.actions);
    this.plans.set(uri, { key, report, actions });
    return actions;
  }
}
