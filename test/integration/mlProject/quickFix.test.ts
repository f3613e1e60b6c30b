// A quick fix offered for a finding, applied through the code action API, removes the finding.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, expectedFindings, mlCoach, mlDiagnostics, waitFor, workspaceFile } from '../support';

type Action = vscode.CodeAction | vscode.Command;
const isCodeAction = (a: Action): a is vscode.CodeAction => !('command' in a && typeof a.command === 'string');

/** The code actions at a diagnostic that edit its document (the command hands them back without their diagnostics). */
async function editsAt(
  doc: vscode.TextDocument,
  d: vscode.Diagnostic,
): Promise<{ all: Action[]; edits: vscode.CodeAction[] }> {
  const all = await vscode.commands.executeCommand<Action[]>(
    'vscode.executeCodeActionProvider',
    doc.uri,
    d.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  return { all, edits: all.filter(isCodeAction).filter((a) => a.edit?.has(doc.uri)) };
}

describe('quick fixes', () => {
  before(async () => {
    await mlCoach();
  });

  it('in a .py file: "Add random_state" is preferred, applying it removes ML301, undo brings it back', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('train.py'));
    await vscode.window.showTextDocument(doc);
    const d = await waitFor('ML301 in train.py', () => mlDiagnostics(doc.uri).find((x) => codeOf(x) === 'ML301'));
    const { all, edits } = await editsAt(doc, d);
    const titles = all.map((a) => a.title);
    assert.ok(
      titles.some((t) => /Suppress ML301/.test(t)),
      `no suppression offered: ${titles.join(' | ')}`,
    );
    assert.ok(
      titles.some((t) => /documentation/i.test(t)),
      `no documentation action: ${titles.join(' | ')}`,
    );
    const fix = edits.find((a) => a.isPreferred);
    assert.ok(fix?.edit, `no preferred fix: ${titles.join(' | ')}`);
    assert.match(fix.title, /random_state/);
    const line = d.range.start.line;
    assert.ok(await vscode.workspace.applyEdit(fix.edit), `applying "${fix.title}" failed`);
    assert.match(doc.lineAt(line).text, /RandomForestClassifier\(.*random_state=\d+/);
    await waitFor(`ML301 gone after "${fix.title}"`, () => !mlDiagnostics(doc.uri).some((x) => codeOf(x) === 'ML301'));
    await vscode.commands.executeCommand('undo');
    await waitFor('ML301 back after undo', () =>
      mlDiagnostics(doc.uri).some((x) => codeOf(x) === 'ML301' && x.range.start.line === line),
    );
    await doc.save();
  });

  it('in a notebook cell: the fix edits the cell and removes the finding', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(workspaceFile('notebooks/explore.ipynb'));
    const cell = notebook.getCells().find((c) => expectedFindings(c.document).some((e) => e.code === 'ML301'));
    assert.ok(cell, 'no cell expects ML301');
    // The workbench answers code action requests only for a cell whose editor is shown.
    await vscode.window.showNotebookDocument(notebook, {
      selections: [new vscode.NotebookRange(cell.index, cell.index + 1)],
    });
    await vscode.commands.executeCommand('notebook.cell.edit');
    await waitFor('the cell editor', () =>
      vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === cell.document.uri.toString()),
    );
    const d = await waitFor('ML301 in the cell', () =>
      mlDiagnostics(cell.document.uri).find((x) => codeOf(x) === 'ML301'),
    );
    const original = cell.document.getText();
    const { all, edits } = await editsAt(cell.document, d);
    const fix = edits.find((a) => a.isPreferred);
    assert.ok(fix?.edit, `no preferred fix in the cell: ${all.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(cell.document.getText(), /RandomForestClassifier\(random_state=\d+\)/);
    await waitFor(
      'ML301 gone from the cell',
      () => !mlDiagnostics(cell.document.uri).some((x) => codeOf(x) === 'ML301'),
    );
    const restore = new vscode.WorkspaceEdit();
    restore.replace(cell.document.uri, new vscode.Range(0, 0, cell.document.lineCount, 0), original);
    assert.ok(await vscode.workspace.applyEdit(restore));
    await waitFor('ML301 back with the original cell text', () =>
      mlDiagnostics(cell.document.uri).some((x) => codeOf(x) === 'ML301'),
    );
  });
});
