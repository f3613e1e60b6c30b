// Settings take effect without a reload.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { allMlDiagnostics, codeOf, mlCoach, mlDiagnostics, resetSetting, waitFor, workspaceFile } from '../support';

async function openTrain(): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile('train.py'));
  await vscode.window.showTextDocument(doc);
  await waitFor('ML301 in train.py', () => mlDiagnostics(doc.uri).some((d) => codeOf(d) === 'ML301'));
  return doc;
}

describe('settings', () => {
  afterEach(async () => {
    await resetSetting('mlcoach', 'enable');
    await resetSetting('mlcoach', 'rules.severity');
  });

  it('mlcoach.rules.severity turns one rule off or up, and back', async () => {
    const doc = await openTrain();
    const ml301 = () => mlDiagnostics(doc.uri).filter((d) => codeOf(d) === 'ML301');
    const config = () => vscode.workspace.getConfiguration('mlcoach');
    await config().update('rules.severity', { ML301: 'error' }, vscode.ConfigurationTarget.Workspace);
    await waitFor(
      'ML301 as an error',
      () => ml301().length > 0 && ml301().every((d) => d.severity === vscode.DiagnosticSeverity.Error),
    );
    await config().update('rules.severity', { ML301: 'off' }, vscode.ConfigurationTarget.Workspace);
    await waitFor('ML301 gone once off', () => ml301().length === 0);
    await resetSetting('mlcoach', 'rules.severity');
    await waitFor(
      'ML301 back at its default severity',
      () => ml301().length > 0 && ml301().every((d) => d.severity !== vscode.DiagnosticSeverity.Error),
    );
  });

  it('mlcoach.enable = false clears diagnostics and the status bar; true brings them back', async () => {
    const api = await mlCoach();
    const doc = await openTrain();
    await vscode.workspace.getConfiguration('mlcoach').update('enable', false, vscode.ConfigurationTarget.Workspace);
    await waitFor(
      'no ML Coach diagnostics once disabled',
      () => allMlDiagnostics().length === 0 && !api.statusBar().visible,
    );
    await api.whenIdle();
    assert.deepEqual(
      allMlDiagnostics().map(([uri]) => uri.toString()),
      [],
    );
    await vscode.workspace.getConfiguration('mlcoach').update('enable', true, vscode.ConfigurationTarget.Workspace);
    await waitFor(
      'ML301 and the status bar back once enabled',
      () => mlDiagnostics(doc.uri).some((d) => codeOf(d) === 'ML301') && api.statusBar().visible,
    );
  });
});
