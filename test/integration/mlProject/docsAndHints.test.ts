// A diagnostic's documentation link opens offline docs, and split hints appear when switched on.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, mlCoach, mlDiagnostics, resetSetting, waitFor, workspaceFile } from '../support';

describe('docs and hints', () => {
  afterEach(async () => {
    await resetSetting('mlcoach', 'hints.inlay');
  });

  it("the code link of a diagnostic opens the rule's documentation inside VS Code", async () => {
    await mlCoach();
    const doc = await vscode.workspace.openTextDocument(workspaceFile('train.py'));
    await vscode.window.showTextDocument(doc);
    const leak = await waitFor('ML101 in train.py', () => mlDiagnostics(doc.uri).find((d) => codeOf(d) === 'ML101'));
    assert.ok(typeof leak.code === 'object');
    const target = leak.code.target;
    assert.notEqual(target.scheme, 'http');
    assert.notEqual(target.scheme, 'https');
    const docs = await vscode.workspace.openTextDocument(target);
    const text = docs.getText();
    assert.match(text, /^# ML101 /);
    for (const section of ['What it does', 'Why is this bad?', 'Example', 'Use instead', 'Fix safety'])
      assert.ok(text.includes(`## ${section}`), section);
  });

  it('mlcoach.hints.inlay shows what a split does on a fresh install, and goes when switched off', async () => {
    await mlCoach();
    const doc = await vscode.workspace.openTextDocument(workspaceFile('train.py'));
    await vscode.window.showTextDocument(doc);
    const splitLine = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('train_test_split(X_scaled'));
    const all = new vscode.Range(0, 0, doc.lineCount, 0);
    const hints = async () =>
      (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, all)) ?? [];
    const ours = async () => (await hints()).filter((h) => h.position.line === splitLine);
    const [hint] = await waitFor('an inlay hint on the split with the default settings', async () => {
      const h = await ours();
      return h.length > 0 && h;
    });
    const label = typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');
    assert.match(label, /80\s*%?\s*\/\s*20/, label);
    assert.match(label, /seed|random_state|42/i, label);
    await vscode.workspace
      .getConfiguration('mlcoach')
      .update('hints.inlay', false, vscode.ConfigurationTarget.Workspace);
    await waitFor('no inlay hint once switched off', async () => (await ours()).length === 0);
  });
});
