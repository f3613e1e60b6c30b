// Screenshots for the README, taken by the runner when MLCOACH_SCREENSHOT_DIR is set (MLCOACH_SCREENSHOTS=1).
import * as vscode from 'vscode';
import { codeOf, expectedFindings, mlCoach, mlDiagnostics, screenshot, waitFor, workspaceFile } from '../support';

describe('screenshots', () => {
  before(async () => {
    await mlCoach();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the Level sidebar beside a script with a finding', async () => {
    const api = await mlCoach();
    const doc = await vscode.workspace.openTextDocument(workspaceFile('train.py'));
    const editor = await vscode.window.showTextDocument(doc);
    await waitFor('ML101 in train.py', () => mlDiagnostics(doc.uri).some((d) => codeOf(d) === 'ML101'));
    await api.whenIdle();
    await vscode.commands.executeCommand('workbench.view.extension.mlcoach');
    await vscode.commands.executeCommand('mlcoach.levels.focus');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await waitFor('the level tree', async () => (await api.levelTree()).length > 0);
    await screenshot('level-sidebar');
  });

  it('a notebook cell with a diagnostic and its hover', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const notebook = await vscode.workspace.openNotebookDocument(workspaceFile('notebooks/explore.ipynb'));
    const cell = notebook.getCells().find((c) => expectedFindings(c.document).length > 0);
    if (!cell) throw new Error('no marked cell');
    const d = await waitFor('ML101 in the notebook', () => mlDiagnostics(cell.document.uri).find((x) => codeOf(x) === 'ML101'));
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    const range = new vscode.NotebookRange(cell.index, cell.index + 1);
    await vscode.window.showNotebookDocument(notebook, { selections: [range] });
    // A cell's text editor exists only while the notebook shows it; focus it to place the hover.
    await vscode.commands.executeCommand('notebook.cell.edit');
    const editor = await waitFor('the cell editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === cell.document.uri.toString()));
    editor.selection = new vscode.Selection(d.range.start, d.range.start);
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('notebook-diagnostic');
  });
});
