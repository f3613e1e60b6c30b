// Screenshots for the README, taken by the runner when MLCOACH_SCREENSHOT_DIR is set (npm run screenshots),
// on the churn-service workspace: a Level 3 service with foundation gaps and a leaky notebook.
// The fixture's `# expect:` markers are taken out of the editors first (unsaved) and put back afterwards.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, expectedFindings, mlCoach, mlDiagnostics, screenshot, waitFor, workspaceFile } from '../support';

const MARKER = /\s*# expect: [A-Z0-9, ]+$/;
const NOTEBOOK = 'notebooks/01-explore.ipynb';

/** Removes the expectation markers of some documents (unsaved); returns an edit that puts them back. */
async function stripMarkers(docs: vscode.TextDocument[]): Promise<vscode.WorkspaceEdit> {
  const strip = new vscode.WorkspaceEdit();
  const restore = new vscode.WorkspaceEdit();
  for (const doc of docs) {
    restore.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), doc.getText());
    for (let line = 0; line < doc.lineCount; line++) {
      const text = doc.lineAt(line).text;
      const m = MARKER.exec(text);
      if (m) strip.delete(doc.uri, new vscode.Range(line, m.index, line, text.length));
    }
  }
  assert.ok(await vscode.workspace.applyEdit(strip), 'could not remove the markers');
  return restore;
}

async function tidyWorkbench(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
  await vscode.commands.executeCommand('notifications.clearAll');
}

/** Opens the notebook at its leaking cell with the markers taken out. */
async function notebookAtLeak(): Promise<{
  notebook: vscode.NotebookDocument;
  cell: vscode.NotebookCell;
  leak: vscode.Diagnostic;
  restore: vscode.WorkspaceEdit;
}> {
  const notebook = await vscode.workspace.openNotebookDocument(workspaceFile(NOTEBOOK));
  const cell = notebook.getCells().find((c) => expectedFindings(c.document).some((e) => e.code === 'ML101'));
  assert.ok(cell, 'no cell expects ML101');
  await vscode.window.showNotebookDocument(notebook, {
    selections: [new vscode.NotebookRange(cell.index, cell.index + 1)],
  });
  const restore = await stripMarkers(notebook.getCells().map((c) => c.document));
  const leak = await waitFor('ML101 in the notebook', () =>
    mlDiagnostics(cell.document.uri).find((x) => codeOf(x) === 'ML101'),
  );
  return { notebook, cell, leak, restore };
}

async function putBack(notebook: vscode.NotebookDocument, restore: vscode.WorkspaceEdit): Promise<void> {
  assert.ok(await vscode.workspace.applyEdit(restore));
  assert.ok(await notebook.save());
}

describe('screenshots', () => {
  before(async () => {
    const api = await mlCoach();
    await waitFor('an analysed workspace', async () => {
      await api.whenIdle();
      return api.reports().size > 0;
    });
    await tidyWorkbench();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  it('the Level and Findings views at the default sidebar width beside the training script', async () => {
    const api = await mlCoach();
    const doc = await vscode.workspace.openTextDocument(workspaceFile('src/churn_service/train.py'));
    const editor = await vscode.window.showTextDocument(doc);
    const restore = await stripMarkers([doc]);
    await waitFor('ML301 in train.py', () => mlDiagnostics(doc.uri).some((d) => codeOf(d) === 'ML301'));
    await api.whenIdle();
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('workbench.view.extension.mlcoach');
    await vscode.commands.executeCommand('mlcoach.findings.focus');
    await vscode.commands.executeCommand('mlcoach.levels.focus');
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('model.fit('));
    editor.selection = new vscode.Selection(line, 0, line, 0);
    editor.revealRange(new vscode.Range(Math.max(0, line - 12), 0, line, 0), vscode.TextEditorRevealType.AtTop);
    await waitFor('rows in the Findings view', () => api.findingsTree().length > 0);
    await screenshot('level-sidebar', 'text=/ML301 unseeded/');
    assert.ok(await vscode.workspace.applyEdit(restore));
    assert.ok(await doc.save());
  });

  it('a leakage hover in a notebook cell', async () => {
    await tidyWorkbench();
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    const { notebook, cell, leak, restore } = await notebookAtLeak();
    await vscode.window.showNotebookDocument(notebook, {
      selections: [new vscode.NotebookRange(cell.index, cell.index + 1)],
    });
    // A cell's text editor exists only while the notebook shows it; focus it to place the hover.
    await vscode.commands.executeCommand('notebook.cell.edit');
    const editor = await waitFor('the cell editor', () =>
      vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === cell.document.uri.toString()),
    );
    editor.selection = new vscode.Selection(leak.range.start, leak.range.start);
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('notebook-hover', '.monaco-hover >> text=/Fix:/');
    await vscode.commands.executeCommand('notebook.cell.quitEdit');
    await putBack(notebook, restore);
  });

  it('the Problems panel with one line per finding, notebook cells named', async () => {
    await tidyWorkbench();
    const { notebook, restore } = await notebookAtLeak();
    const train = await vscode.workspace.openTextDocument(workspaceFile('src/churn_service/train.py'));
    await waitFor('ML301 in train.py', () => mlDiagnostics(train.uri).some((d) => codeOf(d) === 'ML301'));
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('problems-panel', 'text=/cell 5/');
    await putBack(notebook, restore);
    await tidyWorkbench();
  });
});
