// "Scaffold": pick a scaffold and a project, show the files it would add, create only the new ones.
// Nothing is ever overwritten: the plan leaves out existing files, and each file is created with
// `ignoreIfExists` in case one appeared in the meantime. Nothing is written through a link that leads
// outside the project: the worker's plan refuses such paths and they are checked again before writing.
import * as vscode from 'vscode';
import type { NewFile } from '../core/model/findings';
import type { AnalysisService } from './analysisService';
import { joinPath } from '../core/fs/fileSystem';
import { toCorePath } from './locations';
import { linkRefusal } from '../node/scaffoldTarget';
import { plainMessage } from './messageText';
import { scaffoldConfirm } from './scaffoldText';

/** A project root to scaffold into. */
interface Target {
  label: string;
  root: string;
}

/** The project roots of the workspace, from the latest reports (a folder without a report counts as one project). */
function targets(service: AnalysisService): Target[] {
  const out: Target[] = [];
  const states = new Map(service.folders().map((f) => [f.key, f]));
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const report = states.get(folder.uri.toString())?.report;
    const roots = report?.projects.map((p) => p.root) ?? [''];
    for (const r of roots)
      out.push({ label: r ? `${folder.name}/${r}` : folder.name, root: joinPath(toCorePath(folder.uri.fsPath), r) });
  }
  return out;
}

/** Runs a scaffold: `id` and the project (folder key + project root) come from a tree item, else the user picks. */
export async function runScaffold(
  service: AnalysisService,
  id: string | undefined,
  folderKey?: string,
  projectRoot?: string,
): Promise<void> {
  const { scaffolds } = await service.meta();
  let scaffold = id ? scaffolds.find((s) => s.id === id) : undefined;
  if (!scaffold) {
    const pick = await vscode.window.showQuickPick(
      scaffolds.map((s) => ({
        label: s.title,
        description: `Level ${s.level} · ${s.id}`,
        detail: s.description,
        id: s.id,
      })),
      { title: 'ML Coach: add to the project', placeHolder: 'Pick a scaffold', matchOnDetail: true },
    );
    if (!pick) return;
    scaffold = scaffolds.find((s) => s.id === pick.id);
    if (!scaffold) return;
  }
  const all = targets(service);
  if (all.length === 0) {
    await vscode.window.showWarningMessage('ML Coach: open a folder to scaffold into.');
    return;
  }
  let target: Target | undefined;
  if (folderKey !== undefined) {
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.toString() === folderKey);
    if (folder) target = { label: folder.name, root: joinPath(toCorePath(folder.uri.fsPath), projectRoot ?? '') };
  }
  if (!target)
    target =
      all.length === 1
        ? all[0]
        : await vscode.window.showQuickPick(
            all.map((t) => ({ ...t, description: t.root })),
            { title: `Add ${scaffold.title} to which project?` },
          );
  if (!target) return;

  const answer = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Planning ${scaffold.title}` },
    () => service.planScaffold(target!.root, scaffold!.id),
  );
  if (answer.error || !answer.plan) {
    await vscode.window.showErrorMessage(
      plainMessage(`ML Coach could not plan "${scaffold.title}": ${answer.error ?? 'no plan'}`),
    );
    return;
  }
  const { plan } = answer;
  const kept = plan.skipped.map((s) => `${s.path} (${s.reason === 'exists' ? 'exists, left as is' : s.reason})`);
  if (plan.files.length === 0) {
    await vscode.window.showInformationMessage(
      plainMessage(
        `ML Coach: nothing to add for "${scaffold.title}"${kept.length ? `; already there: ${kept.join(', ')}` : ''}.`,
      ),
    );
    return;
  }
  const confirm = scaffoldConfirm(scaffold.title, target.label, plan);
  const choice = await vscode.window.showInformationMessage(
    plainMessage(confirm.title),
    { modal: true, detail: confirm.detail },
    confirm.action,
  );
  if (choice !== confirm.action) return;
  const picked = plan.files.map((file) => ({ file }));
  const created = await createFiles(
    target.root,
    picked.map((p) => p.file),
  );
  service.refreshAll();
  if (!created) {
    await vscode.window.showErrorMessage(
      plainMessage(
        `ML Coach could not create the files of "${scaffold.title}" in ${target.label} (is the folder ` +
          `read-only?); nothing was created.`,
      ),
    );
    return;
  }
  if (created.length) {
    const first = vscode.Uri.file(joinPath(target.root, created[0].path));
    await vscode.window.showTextDocument(first, { preview: false });
  }
  // The plan's notes were shown in the confirmation already.
  await vscode.window.showInformationMessage(
    plainMessage(
      `ML Coach created ${created.map((f) => f.path).join(', ') || 'no files'}` +
        `${kept.length ? `; left as is: ${kept.join(', ')}` : ''}.`,
    ),
  );
}

/**
 * Creates files that do not exist yet and that no link would send outside the project; returns those created, undefined
 * when the edit failed.
 */
async function createFiles(root: string, files: NewFile[]): Promise<NewFile[] | undefined> {
  const created: NewFile[] = [];
  const edit = new vscode.WorkspaceEdit();
  for (const f of files) {
    // Checked again here: the disk may have changed since the worker planned.
    if (linkRefusal(root, f.path)) continue;
    const uri = vscode.Uri.file(joinPath(root, f.path));
    try {
      await vscode.workspace.fs.stat(uri);
      continue; // appeared since the plan was made
    } catch {
      /* absent: create it */
    }
    edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(f.content) });
    created.push(f);
  }
  if (created.length && !(await vscode.workspace.applyEdit(edit))) return undefined;
  return created;
}
