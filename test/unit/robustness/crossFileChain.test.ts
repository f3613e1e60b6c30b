// A hostile repository can chain thousands of modules, each handing the parts of a split to the next one's function:
// following split parts across files must not recurse once per module and exhaust the stack.
import assert from 'node:assert/strict';
import { analyzeFolder } from '../../../src/core/analyze';
import { MemoryFileSystem } from '../../../src/core/fs/memoryFileSystem';

describe('split parts followed across a chain of modules', () => {
  it('analyses a 2,000-module chain, named so the deepest is read first, without a rule failing', async () => {
    const n = 2000;
    // Reversed names: the end of the chain sorts first, so its callers are all still unknown when it is analysed.
    const name = (i: number) => `z${String(n - i).padStart(5, '0')}`;
    const files: Record<string, string> = {
      [`/ws/${name(0)}.py`]:
        `import pandas as pd\nfrom sklearn.model_selection import train_test_split\nfrom ${name(1)} import step1\n` +
        'df = pd.read_csv("a.csv")\n' +
        'X_train, X_test, y_train, y_test = train_test_split(df.drop(columns="y"), df["y"], random_state=0)\n' +
        'step1(X_train, y_train, X_test, y_test)\n',
    };
    for (let i = 1; i < n; i++) {
      const next = i < n - 1 ? `from ${name(i + 1)} import step${i + 1}\n` : '';
      const call = i < n - 1 ? `    step${i + 1}(X_train, y_train, X_test, y_test)\n` : '';
      files[`/ws/${name(i)}.py`] =
        `from sklearn.linear_model import LogisticRegression\n${next}\n\n` +
        `def step${i}(X_train, y_train, X_test, y_test):\n` +
        '    model = LogisticRegression().fit(X_train, y_train)\n' +
        `    print(model.score(X_test, y_test))\n${call}`;
    }
    const report = await analyzeFolder(new MemoryFileSystem(files), '/ws');
    const problems = report.projects.flatMap((p) => p.problems);
    assert.deepEqual(
      problems.filter((p) => /failed/.test(p.message)),
      [],
    );
    assert.equal(report.projects.length, 1);
  }).timeout(60_000);
  it('follows rows written from file to file in a ring of 1,000 scripts that each write many files', async () => {
    const n = 1000;
    const files: Record<string, string> = {};
    for (let i = 0; i < n; i++) {
      // Every script reads the previous one's file and writes the next one's, and three more every script reads.
      files[`/ws/s${i}.py`] =
        'import pandas as pd\nfrom sklearn.preprocessing import StandardScaler\n' +
        `df = pd.read_csv("data/f${i}.csv")\n` +
        'df[["a"]] = StandardScaler().fit_transform(df[["a"]])\n' +
        `df.to_csv("data/f${(i + 1) % n}.csv")\n` +
        'df.to_csv("data/shared1.csv")\ndf.to_csv("data/shared2.csv")\ndf.to_csv("data/shared3.csv")\n' +
        'other = pd.read_csv("data/shared1.csv")\n';
    }
    const started = Date.now();
    const report = await analyzeFolder(new MemoryFileSystem(files), '/ws');
    assert.deepEqual(
      report.projects.flatMap((p) => p.problems).filter((p) => /failed/.test(p.message)),
      [],
    );
    // Nothing splits the rows: no leak is reported, however far the files are followed.
    assert.equal(report.projects.flatMap((p) => p.findings).filter((f) => f.code === 'ML101').length, 0);
    // Bounded, not quadratic in the files: the whole ring is read in well under the test's time limit.
    assert.ok(Date.now() - started < 50_000);
  }).timeout(60_000);
});
