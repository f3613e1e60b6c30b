// A folder with Python but no machine learning gets no findings and no nagging.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { allMlDiagnostics, mlCoach, waitFor, workspaceFile, workspaceRoot } from '../support';

describe('a non-ML folder', () => {
  before(async () => {
    const api = await mlCoach();
    for (const file of ['scrape.py', 'tests/test_scrape.py']) {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile(file)));
    }
    await vscode.commands.executeCommand('mlcoach.analyzeWorkspace');
    await api.whenIdle();
  });

  it('is analysed and recognised as not an ML project', async () => {
    const api = await mlCoach();
    const report = await waitFor(
      'a report for the folder',
      () => [...api.reports()].find(([key]) => vscode.Uri.parse(key).path === workspaceRoot().path)?.[1],
    );
    assert.ok(report.projects.length > 0);
    for (const p of report.projects) {
      assert.equal(p.isMlProject, false, p.mlReason);
      assert.equal(p.level, null);
      assert.deepEqual(
        p.findings.map((f) => f.code),
        [],
      );
    }
  });

  it('stays quiet: no diagnostics, no status bar item, no checklist', async () => {
    const api = await mlCoach();
    assert.deepEqual(
      allMlDiagnostics().map(([uri, ds]) => `${uri.path}: ${ds.map((d) => d.message).join('; ')}`),
      [],
    );
    assert.equal(api.statusBar().visible, false, api.statusBar().text);
    const items = (await api.levelTree()).flatMap((l) => l.children.map((c) => c.id));
    assert.deepEqual(items, []);
  });

  it('has the views say why they are empty: no machine-learning code here', async () => {
    const api = await mlCoach();
    assert.equal(api.viewState(), 'not-ml');
    assert.deepEqual(api.findingsTree(), []);
    // package.json gives both views a welcome text for this state (checked by the unit suite).
    const ext = vscode.extensions.getExtension('mlcoach.ml-coach');
    assert.ok(ext, 'the extension is installed');
    const welcome = (
      ext.packageJSON.contributes.viewsWelcome as Array<{ view: string; when: string; contents: string }>
    ).filter((w) => w.when.includes("'not-ml'"));
    assert.deepEqual(welcome.map((w) => w.view).sort(), ['mlcoach.findings', 'mlcoach.levels']);
  });
});
