// "Add a Dockerfile" as a code action in a serving entry point or in the dependency manifest of a project
// whose next level is 3 (the core decides where). Running it plans the `dockerfile` scaffold in the
// analysis worker and creates its files with one undoable WorkspaceEdit, never over an existing file.
import * as vscode from 'vscode';
import { ADD_DOCKERFILE_TITLE, DOCKERFILE_SCAFFOLD, offersDockerfile } from '../core/fixes/dockerfileAction';
import { joinPath, relativePath } from '../core/fs/fileSystem';
import type { AnalysisService } from './analysisService';
import { IDS } from './ids';
import { toCorePath } from './locations';

/** The project (folder key, report, project root, absolute root) holding a file, innermost first. */
export function projectOf(service: AnalysisService, path: string) {
  let best:
    | {
        folderKey: string;
        report: NonNullable<ReturnType<AnalysisService['folders']>[number]['report']>;
        root: string;
        absRoot: string;
        project: NonNullable<ReturnType<AnalysisService['folders']>[number]['report']>['projects'][number];
      }
    | undefined;
  for (const state of service.folders()) {
    const report = state.report;
    if (!report) continue;
    for (const project of report.projects) {
      const absRoot = joinPath(report.root, project.root);
      if (!(path === absRoot || path.startsWith(`${absRoot}/`))) continue;
      if (!best || absRoot.length > best.absRoot.length)
        best = { folderKey: state.key, report, root: project.root, absRoot, project };
    }
  }
  return best;
}

/** Offers "Add a Dockerfile" where the core says it helps. */
export class DockerfileCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly service: AnalysisService) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const notebook =
      document.uri.scheme === 'vscode-notebook-cell'
        ? vscode.workspace.notebookDocuments.find((n) => n.getCells().some((c) => c.document === document))
        : undefined;
    const uri = document.uri.scheme === 'vscode-notebook-cell' ? notebook?.uri : document.uri;
    if (uri?.scheme !== 'file') return [];
    const path = toCorePath(uri.fsPath);
    const found = projectOf(this.service, path);
    if (!found) return [];
    const notebookCode = notebook
      ?.getCells()
      .filter((c) => c.kind === vscode.NotebookCellKind.Code)
      .map((c) => c.document.getText())
      .join('\n');
    if (!offersDockerfile(found.project, relativePath(found.absRoot, path), document.getText(), notebookCode))
      return [];
    const a = new vscode.CodeAction(ADD_DOCKERFILE_TITLE, vscode.CodeActionKind.QuickFix);
    a.command = { command: IDS.commands.addDockerfile, title: ADD_DOCKERFILE_TITLE, arguments: [found.absRoot] };
    return [a];
  }
}

/** Plans the dockerfile scaffold for a project root and creates its absent files in one undoable edit. */
export async function addDockerfile(service: AnalysisService, root: string): Promise<boolean> {
  const answer = await service.planScaffold(root, DOCKERFILE_SCAFFOLD);
  if (answer.error || !answer.plan || answer.plan.files.length === 0) {
    await vscode.window.showInformationMessage(
      `ML Coach: nothing to add${answer.error ? ` (${answer.error})` : ': the project has a Dockerfile'}.`,
    );
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const f of answer.plan.files)
    edit.createFile(vscode.Uri.file(joinPath(root, f.path)), {
      ignoreIfExists: true,
      contents: new TextEncoder().encode(f.content),
    });
  if (!(await vscode.workspace.applyEdit(edit))) return false;
  service.refreshAll();
  await vscode.window.showTextDocument(vscode.Uri.file(joinPath(root, answer.plan.files[0].path)), { preview: false });
  return true;
}
