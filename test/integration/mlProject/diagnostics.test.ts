// Diagnostics in a .py file and in notebook cells, published by the extension in a real VS Code.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, expectedFindings, missingFindings, mlCoach, mlDiagnostics, SOURCE, waitFor, workspaceFile } from '../support';

describe('diagnostics', () => {
  before(async () => {
    await mlCoach();
  });

  it('marks the leakage in a .py file, with source, code and a docs link', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('train.py'));
    await vscode.window.showTextDocument(doc);
    const expected = expectedFindings(doc);
    assert.ok(expected.length > 0, 'the fixture has no # expect: markers');
    await waitFor(`diagnostics ${expected.map((e) => `${e.code}@${e.line + 1}`).join(', ')} in train.py`, () => missingFindings(doc).length === 0);
    for (const d of mlDiagnostics(doc.uri)) {
      assert.equal(d.source, SOURCE);
      assert.match(codeOf(d) ?? '', /^ML\d{3}$/);
      assert.ok(typeof d.code === 'object' && d.code.target instanceof vscode.Uri, `${codeOf(d)} has no documentation link`);
      assert.ok(d.message.length > 10, `${codeOf(d)} has an empty message`);
    }
    const leak = mlDiagnostics(doc.uri).find((d) => codeOf(d) === 'ML101');
    assert.ok(leak);
    assert.match(doc.getText(leak.range), /fit_transform|scaler|StandardScaler/);
  });

  it('marks the leakage in a notebook cell (a vscode-notebook-cell document)', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(workspaceFile('notebooks/explore.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    const cells = notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
    const marked = cells.filter((c) => expectedFindings(c.document).length > 0);
    assert.ok(marked.length > 0, 'the notebook has no # expect: markers');
    for (const cell of marked) {
      assert.equal(cell.document.uri.scheme, 'vscode-notebook-cell');
      await waitFor(`diagnostics in cell ${cell.index}`, () => missingFindings(cell.document).length === 0);
      for (const d of mlDiagnostics(cell.document.uri)) assert.equal(d.source, SOURCE);
    }
    // Findings stay in the cell they belong to: cells without markers carry no leakage finding.
    for (const cell of cells.filter((c) => !marked.includes(c))) {
      assert.deepEqual(mlDiagnostics(cell.document.uri).filter((d) => codeOf(d) === 'ML101').map((d) => d.range.start.line), [], `cell ${cell.index}`);
    }
  });

  it('updates as you type: a new leak appears and goes with the edit', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('train.py'));
    const editor = await vscode.window.showTextDocument(doc);
    const leaks = () => mlDiagnostics(doc.uri).filter((d) => codeOf(d) === 'ML101').length;
    await waitFor('the first ML101', () => leaks() >= 1);
    const before = leaks();
    const splitLine = doc.getText().split('\n').findIndex((l) => l.includes('train_test_split(X_scaled'));
    assert.ok(splitLine > 0);
    // A second scaler fit on the full data before the split: the same mistake again.
    const added = 'X_again = StandardScaler().fit_transform(X)\n';
    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(splitLine, 0), added)));
    await waitFor('a second ML101 after typing', () => leaks() > before && mlDiagnostics(doc.uri).some((d) => codeOf(d) === 'ML101' && d.range.start.line === splitLine));
    assert.ok(await editor.edit((e) => e.delete(new vscode.Range(splitLine, 0, splitLine + 1, 0))));
    await waitFor('the second ML101 gone after undoing the edit', () => leaks() === before);
    await doc.save();
  });
});
