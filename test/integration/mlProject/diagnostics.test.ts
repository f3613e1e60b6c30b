// Diagnostics in a .py file and in notebook cells, published by the extension in a real VS Code.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  codeOf,
  expectedFindings,
  missingFindings,
  mlCoach,
  mlDiagnostics,
  SOURCE,
  waitFor,
  workspaceFile,
} from '../support';

function assertWellFormed(d: vscode.Diagnostic): void {
  assert.equal(d.source, SOURCE);
  assert.match(codeOf(d) ?? '', /^ML\d{3}$/);
  assert.ok(
    typeof d.code === 'object' && d.code.target instanceof vscode.Uri,
    `${codeOf(d)} has no documentation link`,
  );
  assert.ok(d.message.length > 10, `${codeOf(d)} has an empty message`);
}

describe('diagnostics', () => {
  before(async () => {
    await mlCoach();
  });

  it('marks the findings of a .py file, with source, code and a docs link', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('train.py'));
    await vscode.window.showTextDocument(doc);
    const expected = expectedFindings(doc);
    assert.ok(expected.length > 0, 'the fixture has no # expect: markers');
    await waitFor(
      `diagnostics ${expected.map((e) => `${e.code}@${e.line + 1}`).join(', ')} in train.py`,
      () => missingFindings(doc).length === 0,
    );
    mlDiagnostics(doc.uri).forEach(assertWellFormed);
    const unseeded = mlDiagnostics(doc.uri).find((d) => codeOf(d) === 'ML301');
    assert.ok(unseeded);
    assert.match(doc.getText(unseeded.range), /^RandomForestClassifier\b/);
    // The leak points at the split that comes after it.
    const leak = mlDiagnostics(doc.uri).find((d) => codeOf(d) === 'ML101');
    assert.ok(leak);
    assert.equal(leak.severity, vscode.DiagnosticSeverity.Warning);
    const split = leak.relatedInformation?.[0]?.location;
    assert.ok(split, 'ML101 has no related location');
    assert.equal(split.uri.toString(), doc.uri.toString());
    assert.match(doc.lineAt(split.range.start.line).text, /train_test_split\(/);
  });

  it('marks findings in notebook cells (vscode-notebook-cell documents), each in its own cell', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(workspaceFile('notebooks/explore.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    const cells = notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
    const marked = cells.filter((c) => expectedFindings(c.document).length > 0);
    assert.ok(marked.length > 0, 'the notebook has no # expect: markers');
    const codes = new Set(marked.flatMap((c) => expectedFindings(c.document).map((e) => e.code)));
    for (const cell of marked) {
      assert.equal(cell.document.uri.scheme, 'vscode-notebook-cell');
      await waitFor(
        `diagnostics ${[...codes].join(', ')} in cell ${cell.index}`,
        () => missingFindings(cell.document).length === 0,
      );
      mlDiagnostics(cell.document.uri).forEach(assertWellFormed);
    }
    // The leak in one cell points at the split in the next cell.
    const leakCell = marked.find((c) => expectedFindings(c.document).some((e) => e.code === 'ML101'));
    assert.ok(leakCell, 'no cell expects ML101');
    const split = mlDiagnostics(leakCell.document.uri).find((d) => codeOf(d) === 'ML101')?.relatedInformation?.[0]
      ?.location;
    assert.ok(split, 'ML101 in the notebook has no related location');
    const splitCell = cells.find((c) => c.document.uri.toString() === split.uri.toString());
    assert.ok(splitCell, `the related location is not a cell of the notebook: ${split.uri.toString()}`);
    assert.match(splitCell.document.lineAt(split.range.start.line).text, /train_test_split\(/);
    // Lines are counted within the cell, and no finding leaks into a neighbouring cell.
    for (const cell of cells.filter((c) => !marked.includes(c))) {
      const strays = mlDiagnostics(cell.document.uri).filter((d) => codes.has(codeOf(d) ?? ''));
      assert.deepEqual(
        strays.map((d) => `${codeOf(d)}@${d.range.start.line + 1}`),
        [],
        `cell ${cell.index}`,
      );
    }
  });

  it('updates as you type: a new finding appears with the edit and goes with its removal', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('train.py'));
    const editor = await vscode.window.showTextDocument(doc);
    const at = (line: number) =>
      mlDiagnostics(doc.uri).some((d) => codeOf(d) === 'ML301' && d.range.start.line === line);
    const fitLine = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('model.fit('));
    assert.ok(fitLine > 0);
    await waitFor('the first ML301', () => mlDiagnostics(doc.uri).some((d) => codeOf(d) === 'ML301'));
    assert.equal(at(fitLine), false);
    // A second unseeded forest, typed in without saving.
    assert.ok(
      await editor.edit((e) => e.insert(new vscode.Position(fitLine, 0), 'baseline = RandomForestClassifier()\n')),
    );
    await waitFor('ML301 on the typed line', () => at(fitLine));
    assert.ok(await editor.edit((e) => e.delete(new vscode.Range(fitLine, 0, fitLine + 1, 0))));
    await waitFor('ML301 gone with the typed line', () => !at(fitLine) && missingFindings(doc).length === 0);
    await doc.save();
  });
});
