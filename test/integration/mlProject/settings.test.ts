// Settings take effect without a reload.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { allMlDiagnostics, codeOf, mlCoach, mlDiagnostics, resetSetting, waitFor, workspaceFile } from '../support';

describe('settings', () => {
  afterEach(async () => {
    await resetSetting('mlcoach', 'enable');
  });

  it('mlcoach.enable = false clears the diagnostics and true brings them back', async () => {
    const api = await mlCoach();
    const doc = await vscode.workspace.openTextDocument(workspaceFile('train.py'));
    await vscode.window.showTextDocument(doc);
    await waitFor('ML101 in train.py', () => mlDiagnostics(doc.uri).some((d) => codeOf(d) === 'ML101'));
    await vscode.workspace.getConfiguration('mlcoach').update('enable', false, vscode.ConfigurationTarget.Workspace);
    await waitFor('no ML Coach diagnostics once disabled', () => allMlDiagnostics().length === 0);
    await api.whenIdle();
    assert.deepEqual(allMlDiagnostics().map(([uri]) => uri.toString()), []);
    await vscode.workspace.getConfiguration('mlcoach').update('enable', true, vscode.ConfigurationTarget.Workspace);
    await waitFor('ML101 back once enabled', () => mlDiagnostics(doc.uri).some((d) => codeOf(d) === 'ML101'));
  });
});
