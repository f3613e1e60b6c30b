// A quick fix offered for a finding, applied through the code action API, removes the finding.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, mlCoach, mlDiagnostics, waitFor, workspaceFile } from '../support';

type Action = vscode.CodeAction | vscode.Command;
const isCodeAction = (a: Action): a is vscode.CodeAction => !('command' in a && typeof a.command === 'string');

describe('quick fixes', () => {
  before(async () => {
    await mlCoach();
  });

  it('offers fixes for a diagnostic, and applying one removes it', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('train.py'));
    await vscode.window.showTextDocument(doc);
    const leak = await waitFor('ML101 in train.py', () => mlDiagnostics(doc.uri).find((d) => codeOf(d) === 'ML101'));
    const actions = await vscode.commands.executeCommand<Action[]>('vscode.executeCodeActionProvider', doc.uri, leak.range, vscode.CodeActionKind.QuickFix.value);
    // The command hands back actions without their diagnostics, so ours are the ones that edit this file
    // (the workbench's own chat actions only run commands).
    const ours = actions.filter(isCodeAction).filter((a) => a.edit?.has(doc.uri));
    assert.ok(ours.length > 0, `no quick fix edits train.py; got: ${actions.map((a) => a.title).join(' | ')}`);
    const fix = ours.find((a) => a.isPreferred) ?? ours[0];
    assert.ok(fix.edit);
    const line = leak.range.start.line;
    assert.ok(await vscode.workspace.applyEdit(fix.edit), `applying "${fix.title}" failed`);
    await waitFor(`ML101 gone after "${fix.title}"`, () => !mlDiagnostics(doc.uri).some((d) => codeOf(d) === 'ML101' && d.range.start.line === line));
    await vscode.commands.executeCommand('undo');
    await waitFor('ML101 back after undo', () => mlDiagnostics(doc.uri).some((d) => codeOf(d) === 'ML101'));
    await doc.save();
  });
});
