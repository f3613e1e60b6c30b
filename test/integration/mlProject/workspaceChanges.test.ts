// The analysis follows the workspace: new files are analysed, deleted files lose their diagnostics, and a
// new test file moves the level checklist.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, mlCoach, mlDiagnostics, waitFor, workspaceFile } from '../support';

const encoder = new TextEncoder();

describe('workspace changes', () => {
  it('a new script is analysed, and its diagnostics go when it is deleted', async () => {
    await mlCoach();
    const uri = workspaceFile('baseline.py');
    const source = [
      'import pandas as pd',
      'from sklearn.feature_selection import SelectKBest',
      'from sklearn.linear_model import LogisticRegression',
      'from sklearn.model_selection import train_test_split',
      '',
      'df = pd.read_parquet("features.parquet")',
      'X = SelectKBest(k=5).fit_transform(df.drop(columns="y"), df["y"])',
      'X_train, X_test, y_train, y_test = train_test_split(X, df["y"], random_state=1)',
      'print(LogisticRegression().fit(X_train, y_train).score(X_test, y_test))',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(uri, encoder.encode(source));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const leak = await waitFor('ML101 in the new file', () => mlDiagnostics(uri).find((d) => codeOf(d) === 'ML101'));
    assert.equal(leak.range.start.line, 6);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(uri);
    await waitFor('no diagnostics for the deleted file', () => mlDiagnostics(uri).length === 0);
  });

  it('a new test file makes "The code has tests" met', async () => {
    const api = await mlCoach();
    const status = async () => {
      await api.whenIdle();
      const item = (await api.levelTree())
        .filter((l) => l.kind === 'level')
        .flatMap((l) => l.children)
        .find((c) => c.id === 'L2.tests');
      return item?.icon;
    };
    assert.notEqual(await status(), 'pass-filled', 'the fixture starts without tests');
    const uri = workspaceFile('tests/test_data.py');
    await vscode.workspace.fs.writeFile(
      uri,
      encoder.encode(
        [
          'import pandas as pd',
          '',
          '',
          'def test_churn_file_has_the_target():',
          '    df = pd.read_csv("data/churn.csv")',
          '    assert "churned" in df.columns',
          '    assert set(df["churned"]) <= {0, 1}',
          '',
        ].join('\n'),
      ),
    );
    try {
      await waitFor('L2.tests met after adding a test file', async () => (await status()) === 'pass-filled', 30_000);
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
    await waitFor('L2.tests back once the test file is gone', async () => (await status()) !== 'pass-filled', 30_000);
  });
});
