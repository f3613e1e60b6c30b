// The extension as a user reads it on a Level 3 service with foundation gaps and a leaky notebook:
// the tree at a glance, one-line Problems messages naming cells 1-based, hovers that lead with the thing,
// hints and CodeLens on a fresh install, the report's tab.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, mlCoach, mlDiagnostics, waitFor, workspaceFile } from '../support';

const NOTEBOOK = 'notebooks/01-explore.ipynb';
const TRAIN = 'src/churn_service/train.py';

async function leakCell(): Promise<{
  notebook: vscode.NotebookDocument;
  cell: vscode.NotebookCell;
  leak: vscode.Diagnostic;
}> {
  const notebook = await vscode.workspace.openNotebookDocument(workspaceFile(NOTEBOOK));
  await vscode.window.showNotebookDocument(notebook);
  const cell = notebook.getCells().find((c) => c.document.getText().includes('StandardScaler().fit_transform'));
  assert.ok(cell, 'no cell fits the scaler');
  const leak = await waitFor('ML101 in the notebook', () =>
    mlDiagnostics(cell.document.uri).find((d) => codeOf(d) === 'ML101'),
  );
  return { notebook, cell, leak };
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')))
    .join('\n\n');
}

describe('as a user reads it', () => {
  before(async () => {
    const api = await mlCoach();
    await waitFor('an analysed workspace', async () => {
      await api.whenIdle();
      return api.reports().size > 0;
    });
  });

  it('opens the Level view with the level, its reason and the foundation gaps, in labels that fit 300 px', async () => {
    const api = await mlCoach();
    const tree = await waitFor('a summary row', async () => {
      const t = await api.levelTree();
      return t[0]?.kind === 'summary' && t;
    });
    const [summary] = tree;
    assert.equal(summary.label, 'Level 3');
    assert.ok(summary.description && summary.description.length > 10, 'the summary gives a reason');
    // Unpinned requirements are a Level 2 gap under a reached Level 3 (the unseeded split of train.py is a
    // finding; seeds are set elsewhere, so they are no gap of the project).
    const gaps = summary.children.filter((c) => /^Level 2\b/.test(c.description ?? ''));
    assert.ok(
      gaps.some((g) => g.id === 'L2.dependencies'),
      `L2.dependencies is not a gap: ${gaps.map((g) => g.id).join(', ')}`,
    );
    assert.ok(!gaps.some((g) => g.id === 'L2.seeds'), 'seeds set in the notebook are no gap');
    const levels = tree.filter((n) => n.kind === 'level');
    assert.equal(levels.length, 5);
    // The level and its progress lead each row, so the narrow sidebar cuts only the title.
    for (const l of levels) assert.match(`${l.label} ${l.description}`, /^Level \d \d+\/\d+/);
    assert.match(levels[2].description ?? '', /^7\/7 reached · Production deployment$/);
    assert.match(api.statusBar().text, /ML L3/);
  });

  it('ticks the walkthrough from the level reached, Levels 1 to 3 here', async () => {
    const api = await mlCoach();
    assert.equal(api.reachedLevel(), 3);
    const ext = vscode.extensions.getExtension('mlcoach.ml-coach');
    const steps = ext?.packageJSON.contributes.walkthroughs[0].steps as Array<{ completionEvents: string[] }>;
    const done = steps.filter((s) =>
      s.completionEvents.some((e) => Number(/^onContext:mlcoach\.level >= (\d)$/.exec(e)?.[1]) <= api.reachedLevel()),
    );
    assert.equal(done.length, 3);
  });

  it('leads each Findings row with its message, the place (cell counted from 1) in the description', async () => {
    const api = await mlCoach();
    const rows = await waitFor('findings rows', () => api.findingsTree().length > 0 && api.findingsTree());
    const leak = rows.find((r) => r.code === 'ML101');
    assert.ok(leak, rows.map((r) => r.code).join(', '));
    assert.match(leak.label, /StandardScaler/);
    assert.doesNotMatch(leak.label, /ipynb/);
    assert.equal(leak.description, `${NOTEBOOK} cell 5:3`);
    assert.deepEqual([leak.icon, leak.iconColor], ['warning', 'problemsWarningIcon.foreground']);
    const seed = rows.find((r) => r.code === 'ML301');
    assert.ok(seed);
    assert.equal(seed.icon, 'info');
  });

  it('gives the Problems panel one line that names the cell, and related places that name theirs', async () => {
    const { leak } = await leakCell();
    assert.ok(leak.message.length <= 100, leak.message);
    assert.doesNotMatch(leak.message, /\n/);
    assert.match(leak.message, /^Cell 5: /);
    const related = leak.relatedInformation?.[0];
    assert.ok(related, 'no related location');
    assert.match(related.message, /\(cell 6\)\.$/);
  });

  it('hovers with the lead sentence, then "Fix: …", then the documentation link', async () => {
    const { cell, leak } = await leakCell();
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      cell.document.uri,
      leak.range.start,
    );
    const text = hoverText(hovers ?? []);
    const fix = text.indexOf('**Fix:**');
    const docs = text.indexOf('[ML101 documentation](command:mlcoach.showRuleDocs');
    assert.ok(fix >= 0, text);
    assert.ok(docs > fix, text);
    // No rule specification in the hover: that is what the documentation link is for.
    assert.doesNotMatch(text, /## What it does|Yang et al/);
  });

  it('shows the split summary and a training CodeLens naming the next step on a fresh install', async () => {
    await mlCoach();
    const doc = await vscode.workspace.openTextDocument(workspaceFile(TRAIN));
    await vscode.window.showTextDocument(doc);
    const all = new vscode.Range(0, 0, doc.lineCount, 0);
    const splitLine = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('train_test_split(X, y'));
    const hint = await waitFor('an inlay hint on the split', async () => {
      const hs =
        (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, all)) ??
        [];
      return hs.find((h) => h.position.line === splitLine);
    });
    const label = typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');
    assert.match(label, /unseeded/);
    const lens = await waitFor('a CodeLens over model.fit', async () => {
      const ls =
        (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)) ?? [];
      return ls.find((l) => l.command?.command === 'mlcoach.runNextStep');
    });
    assert.match(doc.lineAt(lens.range.start.line).text, /model\.fit\(/);
    assert.match(lens.command!.title, /^\$\(mortar-board\) Level 3 · next: add random_state=42$/);
    // Clicking it runs the fix of the finding in this file.
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    await waitFor('the fix applied', () => /train_test_split\(X, y, [^\n]*random_state=42/.test(doc.getText()));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('says in the Level view which files were not analysed, and why', async () => {
    const api = await mlCoach();
    const big = workspaceFile('src/churn_service/generated_table.py');
    // Over the 2 MB file limit, in code: skipped whichever way notebooks are measured.
    await vscode.workspace.fs.writeFile(
      big,
      new TextEncoder().encode(`ROWS = [\n${'    (0.123456789, 0.987654321, 42),\n'.repeat(70_000)}]\n`),
    );
    try {
      const row = await waitFor('a "not analysed" row', async () => {
        await api.whenIdle();
        return (await api.levelTree()).find((n) => n.kind === 'message' && /not analysed/.test(n.label));
      });
      assert.equal(row.label, '1 file not analysed');
      assert.deepEqual(
        row.children.map((c) => c.label),
        ['src/churn_service/generated_table.py'],
      );
      assert.match(row.children[0].description ?? '', /too large/);
    } finally {
      await vscode.workspace.fs.delete(big);
    }
    await waitFor('the row gone with the file', async () => {
      await api.whenIdle();
      return !(await api.levelTree()).some((n) => n.kind === 'message');
    });
  });

  it('opens the level report in a tab with a proper title', async () => {
    await vscode.commands.executeCommand('mlcoach.showLevelReport');
    const tab = await waitFor('the report tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'ML Coach Level Report'),
    );
    assert.ok(tab.input instanceof vscode.TabInputWebview, 'the report is a webview tab');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
