// Screenshots for the README, taken by the runner when MLCOACH_SCREENSHOT_DIR is set (npm run screenshots).
// The fixture's `# expect:` markers are taken out of the editors first (unsaved) and put back afterwards.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, expectedFindings, mlCoach, mlDiagnostics, screenshot, waitFor, workspaceFile } from '../support';

const MARKER = /\s*# expect: [A-Z0-9, ]+$/;

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

describe('screenshots', () => {
  before(async () => {
    await mlCoach();
    await tidyWorkbench();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  it('the Level sidebar beside a script with findings', async () => {
    const api = await mlCoach();
    const doc = await vscode.workspace.openTextDocument(workspaceFile('train.py'));
    const editor = await vscode.window.showTextDocument(doc);
    await waitFor('ML101 in train.py', () => mlDiagnostics(doc.uri).some((d) => codeOf(d) === 'ML101'));
    const restore = await stripMarkers([doc]);
    await waitFor('findings after the markers went', () => mlDiagnostics(doc.uri).some((d) => codeOf(d) === 'ML101'));
    await api.whenIdle();
    await vscode.commands.executeCommand('workbench.view.extension.mlcoach');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    // A wider sidebar, so the items' titles show: the editor gives up the room.
    for (let i = 0; i < 3; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await screenshot('level-sidebar', 'text=Structured project');
    assert.ok(await vscode.workspace.applyEdit(restore));
    assert.ok(await doc.save());
    assert.ok(expectedFindings(doc).length > 0);
  });

  it('a notebook cell with a leakage diagnostic and its hover', async () => {
    await tidyWorkbench();
    const notebook = await vscode.workspace.openNotebookDocument(workspaceFile('notebooks/explore.ipynb'));
    const cell = notebook.getCells().find((c) => expectedFindings(c.document).some((e) => e.code === 'ML101'));
    assert.ok(cell, 'no cell expects ML101');
    await vscode.window.showNotebookDocument(notebook, { selections: [new vscode.NotebookRange(cell.index, cell.index + 1)] });
    const restore = await stripMarkers(notebook.getCells().map((c) => c.document));
    const d = await waitFor('ML101 in the notebook', () => mlDiagnostics(cell.document.uri).find((x) => codeOf(x) === 'ML101'));
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.window.showNotebookDocument(notebook, { selections: [new vscode.NotebookRange(cell.index, cell.index + 1)] });
    // A cell's text editor exists only while the notebook shows it; focus it to place the hover.
    await vscode.commands.executeCommand('notebook.cell.edit');
    const editor = await waitFor('the cell editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === cell.document.uri.toString()));
    editor.selection = new vscode.Selection(d.range.start, d.range.start);
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('notebook-diagnostic', '.monaco-hover >> text=/ML101|fit on all rows/');
    await vscode.commands.executeCommand('notebook.cell.quitEdit');
    assert.ok(await vscode.workspace.applyEdit(restore));
    assert.ok(await notebook.save());
    assert.ok(expectedFindings(cell.document).length > 0);
    await tidyWorkbench();
  });
});
