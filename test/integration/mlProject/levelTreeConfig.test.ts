// "Extract to Config" from the Level view's config item, in a real VS Code: the item offers it while
// train.py hard-codes its data path (ML402), the command applies the same fix as the quick fix and shows
// train.py, and the offer goes once the path is read from the config; a notebook with more hard-coded
// values than any script comes first, and the command applies the notebook's fix to its cells. The files
// are restored afterwards, so the later suites find the workspace as committed.
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
    for (const uri of [workspaceFile('configs'), workspaceFile('notebooks/tuned_tree.ipynb')])
      if (await exists(uri)) await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false });
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
      // One script qualifies; the notebook's data path qualifies too, so the file is named here rather than picked.
      assert.deepEqual([...new Set(withFix.map((f) => f.range?.path))], ['train.py']);

      await vscode.commands.executeCommand(
        'mlcoach.extractToConfig',
        { kind: 'item', item, folderKey: key, projectRoot: project.root },
        'train.py',
      );
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
  it('applies to the notebook with the most hard-coded values: picked first, its cells read the config', async () => {
    const cells = [
      'import pandas as pd\nfrom sklearn.ensemble import RandomForestClassifier',
      'df = pd.read_csv("../data/churn.csv")\nX, y = df.drop(columns="churned"), df["churned"]',
      'model = RandomForestClassifier(n_estimators=120, max_depth=6, min_samples_leaf=3, random_state=0)\n' +
        'model.fit(X, y)',
    ];
    const uri = workspaceFile('notebooks/tuned_tree.ipynb');
    const nbJson = {
      cells: cells.map((source, i) => ({
        cell_type: 'code',
        execution_count: null,
        id: `t${i}`,
        metadata: {},
        outputs: [],
        source: source.split(/(?<=\n)/),
      })),
      metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${JSON.stringify(nbJson, null, 1)}\n`));
    // A config the code does not read yet (the item stays partly met): the fix extends it, keeping its comment.
    const config = workspaceFile('configs/notebook.yaml');
    await vscode.workspace.fs.writeFile(config, new TextEncoder().encode('# Settings of the notebooks.\n'));
    const train = await vscode.workspace.openTextDocument(workspaceFile('train.py'));
    const trainText = train.getText();
    const { key, project } = await folderProject();
    const item = project.items.find((i) => i.id === 'L2.config-files');
    assert.ok(item);
    // train.py, explore.ipynb and tuned_tree.ipynb qualify: the quick pick lists tuned_tree.ipynb (four
    // values) first. (A name of its own: a notebook of the same name from another test could still be open.)
    let done = false;
    void Promise.resolve(
      vscode.commands.executeCommand('mlcoach.extractToConfig', {
        kind: 'item',
        item,
        folderKey: key,
        projectRoot: project.root,
      }),
    ).then(() => {
      done = true;
    });
    await waitFor('the first file of the quick pick taken', async () => {
      if (!done) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return done;
    });
    const editor = await waitFor(
      'tuned_tree.ipynb shown',
      () => vscode.window.activeNotebookEditor?.notebook.uri.path === uri.path && vscode.window.activeNotebookEditor,
    );
    const now = editor.notebook.getCells().map((c) => c.document.getText());
    assert.match(now[0], /\nCONFIG = yaml\.safe_load\(\n/);
    assert.equal(now[1], cells[1].replace('"../data/churn.csv"', 'CONFIG["data"]["churn"]'));
    assert.match(now[2], /n_estimators=CONFIG\["random_forest_classifier"\]\["n_estimators"\]/);
    assert.equal(train.getText(), trainText, 'train.py changed');
    const configDoc = await vscode.workspace.openTextDocument(config);
    assert.match(
      configDoc.getText(),
      new RegExp(
        /^# Settings of the notebooks\.\n\nnotebooks_tuned_tree:\n/.source +
          /^ {2}# Read by notebooks\/tuned_tree\.ipynb; .*\n {2}random_forest_classifier:\n/.source,
        'm',
      ),
    );
    // Saved, so no unsaved copy of it outlives the file deleted afterwards.
    await configDoc.save();
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
