// The design card's actions from the lightbulb, in a real VS Code: "Split into train/validation/test" in
// a .py file and in a notebook cell, "Extract ... to config" in a .py file and in a notebook cell, "Add a
// Dockerfile" in a .py file and in a notebook cell; "Fix all ML Coach safe fixes"; undo restores the file.
// The files are made here and removed afterwards, so the committed workspace stays as the other suites
// expect it.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, mlCoach, mlDiagnostics, waitFor, workspaceFile } from '../support';

type Action = vscode.CodeAction | vscode.Command;
const isCodeAction = (a: Action): a is vscode.CodeAction => !('command' in a && typeof a.command === 'string');

const TUNE = `import pandas as pd
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier

df = pd.read_csv("data/churn.csv")
X = df.drop(columns="churned")
y = df["churned"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=7)

best_depth, best_f1 = None, -1.0
for depth in range(2, 8):
    tree = DecisionTreeClassifier(max_depth=depth, random_state=7).fit(X_train, y_train)
    f1 = f1_score(y_test, tree.predict(X_test))
    if f1 > best_f1:
        best_depth, best_f1 = depth, f1
`;

const UNSEEDED = `import pandas as pd
from sklearn.ensemble import ExtraTreesClassifier, RandomForestClassifier

df = pd.read_csv("data/churn.csv")
X, y = df.drop(columns="churned"), df["churned"]
forest = RandomForestClassifier(n_estimators=50)
extra = ExtraTreesClassifier(n_estimators=50)
forest.fit(X, y)
extra.fit(X, y)
`;

/** A notebook of a project past Level 1 (the workspace has requirements.txt): values in two cells. */
const TUNED = [
  'import pandas as pd\nfrom sklearn.ensemble import RandomForestClassifier',
  'df = pd.read_csv("../data/churn.csv")',
  'X, y = df.drop(columns="churned"), df["churned"]',
  'model = RandomForestClassifier(n_estimators=120, max_depth=6, min_samples_leaf=3, random_state=0)\nmodel.fit(X, y)',
];

const SERVE = `from fastapi import FastAPI

app = FastAPI(title="churn")


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}
`;

function notebook(cells: string[]): string {
  return `${JSON.stringify(
    {
      cells: cells.map((source, i) => ({
        cell_type: 'code',
        execution_count: null,
        id: `c${i}`,
        metadata: {},
        outputs: [],
        source: source.split(/(?<=\n)/),
      })),
      metadata: {
        kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
        language_info: { name: 'python' },
      },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  )}\n`;
}

const created: vscode.Uri[] = [];

async function write(relative: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceFile(relative);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  created.push(uri);
  return uri;
}

async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<Action[]> {
  return vscode.commands.executeCommand<Action[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    vscode.CodeActionKind.QuickFix.value,
  );
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

describe('design card actions and fix-all', () => {
  before(async () => {
    await mlCoach();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of [
      ...created,
      workspaceFile('Dockerfile'),
      workspaceFile('.dockerignore'),
      workspaceFile('configs/params.yaml'),
      workspaceFile('configs'),
    ]) {
      if (await exists(uri)) await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false });
    }
  });

  it(
    'in a .py file: "Split into train/validation/test" is the first, preferred fix, suppressions come last; ' +
      'applying it removes ML203 and undo restores the file',
    async () => {
      const doc = await vscode.workspace.openTextDocument(await write('tune_depth.py', TUNE));
      await vscode.window.showTextDocument(doc);
      const d = await waitFor('ML203 in tune_depth.py', () =>
        mlDiagnostics(doc.uri).find((x) => codeOf(x) === 'ML203'),
      );
      const all = await quickFixes(doc.uri, d.range);
      const titles = all.map((a) => a.title);
      assert.equal(titles[0], 'Split into train/validation/test', titles.join(' | '));
      const fix = all[0] as vscode.CodeAction;
      assert.ok(fix.isPreferred && fix.edit);
      const suppress = titles.findIndex((t) => /^Suppress/.test(t));
      assert.ok(
        suppress > 0 && titles.slice(suppress).every((t) => /^Suppress/.test(t)),
        `suppressions are not last: ${titles.join(' | ')}`,
      );
      assert.ok(
        all
          .filter(isCodeAction)
          .filter((a) => /^Suppress/.test(a.title))
          .every((a) => !a.isPreferred),
      );
      const original = doc.getText();
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.match(
        doc.getText(),
        new RegExp(
          /\nX_train, X_val, y_train, y_val = train_test_split\(X_train, y_train, /.source +
            /test_size=0\.25, stratify=y_train, random_state=7\)\n/.source,
        ),
      );
      assert.match(doc.getText(), /f1 = f1_score\(y_val, tree\.predict\(X_val\)\)/);
      await waitFor('ML203 gone after the split', () => !mlDiagnostics(doc.uri).some((x) => codeOf(x) === 'ML203'));
      await vscode.commands.executeCommand('undo');
      await waitFor('the file restored by undo', () => doc.getText() === original);
      await waitFor('ML203 back after undo', () => mlDiagnostics(doc.uri).some((x) => codeOf(x) === 'ML203'));
      await doc.save();
    },
  );

  it('in a notebook cell: the split fix edits the split cell and the tuning cell, and removes ML203', async () => {
    const uri = await write(
      'notebooks/tuning.ipynb',
      notebook([`${TUNE.split('\n\n')[0]}\n`, TUNE.split('\n\n')[1], TUNE.split('\n\n')[2]]),
    );
    const nb = await vscode.workspace.openNotebookDocument(uri);
    const loop = nb.cellAt(2);
    await vscode.window.showNotebookDocument(nb, { selections: [new vscode.NotebookRange(2, 3)] });
    await vscode.commands.executeCommand('notebook.cell.edit');
    await waitFor('the cell editor', () =>
      vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === loop.document.uri.toString()),
    );
    const d = await waitFor('ML203 in the loop cell', () =>
      mlDiagnostics(loop.document.uri).find((x) => codeOf(x) === 'ML203'),
    );
    const all = await quickFixes(loop.document.uri, d.range);
    const fix = all.filter(isCodeAction).find((a) => a.isPreferred);
    assert.ok(fix?.edit, `no preferred fix in the cell: ${all.map((a) => a.title).join(' | ')}`);
    assert.equal(fix.title, 'Split into train/validation/test');
    const cellsBefore = nb.getCells().map((c) => c.document.getText());
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    // The whole text of each cell after the fix: the split cell gains the validation split, the loop
    // scores on it, and the first cell is untouched.
    const [, split, tuning] = TUNE.split('\n\n');
    assert.equal(nb.cellAt(0).document.getText(), cellsBefore[0]);
    assert.equal(
      nb.cellAt(1).document.getText(),
      `${split}\nX_train, X_val, y_train, y_val = ` +
        'train_test_split(X_train, y_train, test_size=0.25, stratify=y_train, random_state=7)',
    );
    assert.equal(
      loop.document.getText().trimEnd(),
      tuning.replace('f1_score(y_test, tree.predict(X_test))', 'f1_score(y_val, tree.predict(X_val))').trimEnd(),
    );
    await waitFor(
      'ML203 gone from the notebook',
      () => !nb.getCells().some((c) => mlDiagnostics(c.document.uri).some((x) => codeOf(x) === 'ML203')),
    );
    await vscode.commands.executeCommand('undo');
    await waitFor('ML203 back after undo', () =>
      nb.getCells().some((c) => mlDiagnostics(c.document.uri).some((x) => codeOf(x) === 'ML203')),
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it(
    'in a .py file: "Extract hyperparameters and data paths to config" writes configs/params.yaml and reads the ' +
      'value from it',
    async () => {
      const doc = await vscode.workspace.openTextDocument(workspaceFile('train.py'));
      await vscode.window.showTextDocument(doc);
      const original = doc.getText();
      const d = await waitFor('ML402 in train.py', () => mlDiagnostics(doc.uri).find((x) => codeOf(x) === 'ML402'));
      const all = await quickFixes(doc.uri, d.range);
      const fix = all[0] as vscode.CodeAction;
      assert.equal(fix.title, 'Extract hyperparameters and data paths to config', all.map((a) => a.title).join(' | '));
      assert.ok(fix.isPreferred && fix.edit);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.match(doc.getText(), /df = pd\.read_csv\(CONFIG\["data"\]\["churn"\]\)/);
      // The new config is created and filled in the editor (saved like any other edited file).
      const configDoc = await vscode.workspace.openTextDocument(workspaceFile('configs/params.yaml'));
      const config = configDoc.getText();
      await configDoc.save();
      assert.match(config, /^train:\n {2}# Read by train\.py\.\n {2}data:\n {4}churn: "data\/churn\.csv"$/m);
      await waitFor(
        'ML402 gone after the extraction',
        () => !mlDiagnostics(doc.uri).some((x) => codeOf(x) === 'ML402'),
      );
      await vscode.commands.executeCommand('undo');
      await waitFor('train.py restored by undo', () => doc.getText() === original);
      await doc.save();
      await vscode.workspace.fs.delete(workspaceFile('configs'), { recursive: true, useTrash: false });
      await waitFor('ML402 back', () => mlDiagnostics(doc.uri).some((x) => codeOf(x) === 'ML402'));
    },
  );

  it(
    'in a notebook cell: "Extract hyperparameters and data paths to config" edits the cells that hold values and ' +
      'loads the config after the imports; undo restores the cells',
    async () => {
      const title = 'Extract hyperparameters and data paths to config';
      const uri = await write('notebooks/tuned.ipynb', notebook(TUNED));
      const nb = await vscode.workspace.openNotebookDocument(uri);
      const model = nb.cellAt(3);
      await vscode.window.showNotebookDocument(nb, { selections: [new vscode.NotebookRange(3, 4)] });
      await vscode.commands.executeCommand('notebook.cell.edit');
      await waitFor('the cell editor', () =>
        vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === model.document.uri.toString()),
      );
      const offered = async (cell: vscode.NotebookCell) =>
        (await quickFixes(cell.document.uri, new vscode.Range(0, 0, 0, 0)))
          .filter(isCodeAction)
          .find((a) => a.title === title);
      const action = await waitFor('the extract action in the model cell', () => offered(model));
      assert.equal(await offered(nb.cellAt(2)), undefined, 'offered in a cell it does not edit');
      assert.ok(action.edit);
      const before = nb.getCells().map((c) => c.document.getText());
      assert.deepEqual(before, TUNED);
      assert.ok(await vscode.workspace.applyEdit(action.edit));
      const after = nb.getCells().map((c) => c.document.getText());
      assert.ok(
        after[0].startsWith(`${TUNED[0]}\nimport yaml\nfrom pathlib import Path\n\n# Hyperparameters and data paths`),
        after[0],
      );
      assert.match(after[0], /\(Path\.cwd\(\), \*Path\.cwd\(\)\.parents\)/);
      assert.match(after[0], /\)\["notebooks_tuned"\]$/);
      assert.equal(after[1], 'df = pd.read_csv(CONFIG["data"]["churn"])');
      assert.equal(after[2], TUNED[2], 'a cell without values changed');
      assert.equal(
        after[3],
        TUNED[3]
          .replace('=120', '=CONFIG["random_forest_classifier"]["n_estimators"]')
          .replace('=6', '=CONFIG["random_forest_classifier"]["max_depth"]')
          .replace('=3', '=CONFIG["random_forest_classifier"]["min_samples_leaf"]'),
      );
      const configDoc = await vscode.workspace.openTextDocument(workspaceFile('configs/params.yaml'));
      assert.match(
        configDoc.getText(),
        new RegExp(
          /^notebooks_tuned:\n {2}# Read by notebooks\/tuned\.ipynb; its data paths are relative to its folder\.\n/
            .source + /^ {2}random_forest_classifier:\n {4}n_estimators: 120\n/.source,
          'm',
        ),
      );
      await waitFor('no extract action once the cells read the config', async () => !(await offered(model)));
      await vscode.commands.executeCommand('undo');
      await waitFor('the cells restored by undo', () =>
        nb.getCells().every((c, i) => c.document.getText() === TUNED[i]),
      );
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(workspaceFile('configs'), { recursive: true, useTrash: false });
    },
  );

  it('"Add a Dockerfile" in a FastAPI app creates the Dockerfile from the scaffold', async () => {
    const doc = await vscode.workspace.openTextDocument(await write('serve.py', SERVE));
    await vscode.window.showTextDocument(doc);
    const action = await waitFor('the Dockerfile action', async () =>
      (await quickFixes(doc.uri, new vscode.Range(2, 0, 2, 0))).find((a) => a.title === 'Add a Dockerfile'),
    );
    const command = isCodeAction(action) ? action.command : action;
    assert.ok(command);
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const dockerfile = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('Dockerfile')));
    assert.match(dockerfile, /^FROM python:3\.\d+-slim$/m);
    assert.match(dockerfile, /uvicorn/);
    await waitFor(
      'no Dockerfile action once the project has one',
      async () =>
        !(await quickFixes(doc.uri, new vscode.Range(2, 0, 2, 0))).some((a) => a.title === 'Add a Dockerfile'),
    );
  });

  it('"Add a Dockerfile" in the notebook cell that makes a FastAPI app, with the import in another cell', async () => {
    // The test before created one from serve.py.
    for (const f of [workspaceFile('Dockerfile'), workspaceFile('.dockerignore')])
      if (await exists(f)) await vscode.workspace.fs.delete(f, { useTrash: false });
    const uri = await write(
      'notebooks/serve.ipynb',
      notebook([
        'from fastapi import FastAPI\n',
        'app = FastAPI(title="churn")\n\n@app.get("/health")\ndef health():\n    return {"status": "ok"}\n',
      ]),
    );
    const nb = await vscode.workspace.openNotebookDocument(uri);
    await vscode.window.showNotebookDocument(nb);
    const [imports, app] = nb.getCells();
    const offered = async (cell: vscode.NotebookCell) =>
      (await quickFixes(cell.document.uri, new vscode.Range(0, 0, 0, 0))).find((a) => a.title === 'Add a Dockerfile');
    const action = await waitFor('the Dockerfile action in the app cell', () => offered(app));
    assert.equal(await offered(imports), undefined, 'offered in the import cell');
    const command = isCodeAction(action) ? action.command : action;
    assert.ok(command);
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const dockerfile = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('Dockerfile')));
    assert.match(dockerfile, /^FROM python:3\.\d+-slim$/m);
    await waitFor('no Dockerfile action once the project has one', async () => !(await offered(app)));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('"Fix all ML Coach safe fixes" applies every safe fix of the file at once; undo restores it', async () => {
    const doc = await vscode.workspace.openTextDocument(await write('unseeded.py', UNSEEDED));
    await vscode.window.showTextDocument(doc);
    await waitFor(
      'two ML301 in unseeded.py',
      () => mlDiagnostics(doc.uri).filter((x) => codeOf(x) === 'ML301').length === 2,
    );
    const actions = await vscode.commands.executeCommand<Action[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      new vscode.Range(0, 0, 0, 0),
      'source.fixAll.mlcoach',
    );
    const fixAll = actions.filter(isCodeAction).find((a) => a.title === 'Fix all ML Coach safe fixes');
    assert.ok(fixAll?.edit, actions.map((a) => a.title).join(' | '));
    assert.equal(fixAll.kind?.value, 'source.fixAll.mlcoach');
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    assert.match(
      doc.getText(),
      new RegExp(
        /RandomForestClassifier\(n_estimators=50, random_state=42\)/.source +
          /\nextra = ExtraTreesClassifier\(n_estimators=50, random_state=42\)/.source,
      ),
    );
    await waitFor('ML301 gone', () => !mlDiagnostics(doc.uri).some((x) => codeOf(x) === 'ML301'));
    await vscode.commands.executeCommand('undo');
    await waitFor('unseeded.py restored by undo', () => doc.getText() === UNSEEDED);
    await doc.save();
  });
});
