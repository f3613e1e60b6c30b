// A folder with Python but no machine learning gets no findings and no nagging.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { allMlDiagnostics, mlCoach, workspaceFile } from '../support';

describe('a non-ML folder', () => {
  it('stays quiet: no diagnostics in its Python files', async () => {
    const api = await mlCoach();
    for (const file of ['scrape.py', 'tests/test_scrape.py']) {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile(file)));
    }
    await vscode.commands.executeCommand('mlcoach.analyzeWorkspace');
    await api.whenIdle();
    assert.deepEqual(allMlDiagnostics().map(([uri, ds]) => `${uri.path}: ${ds.map((d) => d.message).join('; ')}`), []);
  });
});
