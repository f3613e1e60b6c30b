// "Extract to Config" from the Level view's config item, in a real VS Code: the item offers it while
// train.py hard-codes its data path (ML402), the command applies the same fix as the quick fix and shows
// train.py, and the offer goes once the path is read from the config. The files are restored afterwards,
// so the later suites find the workspace as committed.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ProjectReport } from '../../../src/core/model/report';
import { codeOf, mlCoach, mlDiagnostics, waitFor, workspaceFile, workspaceRoot } from '../support';

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** The config item's context value as the tree renders it. */
async function configContext(): Promise<string | undefined> {
  const api = await mlCoach();
  await api.whenIdle();
  const level2 = (await api.levelTree()).find((n) => n.kind === 'level' && /^Level 2\b/.test(n.label));
  return level2?.children.find((c) => c.id === 'L2.config-files')?.contextValue;
}

/** The folder key and the one project of the fixture. */
async function folderProject(): Promise<{ key: string; project: ProjectReport }> {
  const api = await mlCoach();
  return waitFor('a report for the workspace folder', async () => {
    await api.whenIdle();
    for (const [key, report] of api.reports())
      if (vscode.Uri.parse(key).path === workspaceRoot().path) return { key, project: report.projects[0] };
    return undefined;
  });
}

describe('Extract to Config from the Level view', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (await exists(workspaceFile('configs')))
      await vscode.workspace.fs.delete(workspaceFile('configs'), { recursive: true, useTrash: false });
  });

  it(
    'is offered on the missing config item while ML402 fires, applies the extract fix to train.py and shows it, ' +
      'then is gone',
    async () => {
      const doc = await vscode.workspace.openTextDocument(workspaceFile('train.py'));
      const original = doc.getText();
      await waitFor('ML402 in train.py', () => mlDiagnostics(doc.uri).some((x) => codeOf(x) === 'ML402'));
      const context = await waitFor('the config item offering Extract to Config', async () => {
        const c = await configContext();
        return c && /\bconfig\b/.test(c) && c;
      });
      assert.match(context, /^item\b/);
      const { key, project } = await folderProject();
      const item = project.items.find((i) => i.id === 'L2.config-files');
      assert.ok(item && (item.status === 'missing' || item.status === 'partial'), item?.status);
      const withFix = project.findings.filter(
        (f) =>
          (f.code === 'ML401' || f.code === 'ML402') &&
          f.fixes?.some((x) => x.title === 'Extract hyperparameters and data paths to config'),
      );
      // One file qualifies, so the command applies without asking.
      assert.deepEqual([...new Set(withFix.map((f) => f.range?.path))], ['train.py']);

      await vscode.commands.executeCommand('mlcoach.extractToConfig', {
        kind: 'item',
        item,
        folderKey: key,
        projectRoot: project.root,
      });
      const editor = await waitFor(
        'train.py shown',
        () =>
          vscode.window.activeTextEditor?.document.uri.toString() === doc.uri.toString() &&
          vscode.window.activeTextEditor,
      );
      assert.match(editor.document.getText(), /df = pd\.read_csv\(CONFIG\["data"\]\["churn"\]\)/);
      const configDoc = await vscode.workspace.openTextDocument(workspaceFile('configs/params.yaml'));
      assert.match(
        configDoc.getText(),
        /^train:\n {2}# Read by train\.py\.\n {2}data:\n {4}churn: "data\/churn\.csv"$/m,
      );
      await configDoc.save();
      await doc.save();
      await waitFor(
        'ML402 gone after the extraction',
        () => !mlDiagnostics(doc.uri).some((x) => codeOf(x) === 'ML402'),
      );
      await waitFor('no Extract to Config once nothing is left to extract', async () => {
        const c = await configContext();
        return c !== undefined && !/\bconfig\b/.test(c);
      });

      const whole = new vscode.WorkspaceEdit();
      whole.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), original);
      assert.ok(await vscode.workspace.applyEdit(whole));
      await doc.save();
      await vscode.workspace.fs.delete(workspaceFile('configs'), { recursive: true, useTrash: false });
      await waitFor('ML402 back', () => mlDiagnostics(doc.uri).some((x) => codeOf(x) === 'ML402'));
      assert.equal(doc.getText(), original);
    },
  );
});
