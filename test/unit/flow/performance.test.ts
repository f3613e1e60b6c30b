// The data-flow rules on a 200-cell notebook of the kind a long Kaggle notebook is: what they find. Their speed on it
// is a figure of `npm run bench`, which prints it, rather than an assertion of a test on a shared machine.
import assert from 'node:assert/strict';
import { analyzeFlow } from '../../../src/core/flow/analyze';
import { parseNotebook } from '../../../src/core/notebook/notebook';
import { notebookUnit } from '../../../src/core/python/unit';
import { analyzeFolder } from '../../../src/core/analyze';
import { MemoryFileSystem } from '../../../src/core/fs/memoryFileSystem';
import { ALL_RULES } from '../../../src/core/rules/registry';

/** One cell of the kind a long Kaggle notebook repeats: features, a split, a scaler, a model, a metric, a loop. */
function cell(i: number): string {
  return [
    `df_${i} = pd.read_csv("part_${i}.csv")`,
    `df_${i}["lag"] = df_${i}["y"].shift(1)`,
    `X_${i} = df_${i}.drop(columns=["y"])`,
    `X_train_${i}, X_test_${i}, y_train_${i}, y_test_${i} = train_test_split(X_${i}, df_${i}["y"], ` +
      `test_size=0.2, random_state=${i})`,
    `sc_${i} = StandardScaler().fit(X_train_${i})`,
    `model_${i} = RandomForestClassifier(n_estimators=100, random_state=${i})`,
    `model_${i}.fit(sc_${i}.transform(X_train_${i}), y_train_${i})`,
    `print(accuracy_score(y_test_${i}, model_${i}.predict(sc_${i}.transform(X_test_${i}))))`,
    `for k in range(1, 5):`,
    `    knn = KNeighborsClassifier(n_neighbors=k).fit(X_train_${i}, y_train_${i})`,
    `    print(knn.score(X_train_${i}, y_train_${i}))`,
  ].join('\n');
}

function notebookJson(cells: number): string {
  const imports = [
    'import pandas as pd',
    'from sklearn.model_selection import train_test_split',
    'from sklearn.preprocessing import StandardScaler',
    'from sklearn.ensemble import RandomForestClassifier',
    'from sklearn.neighbors import KNeighborsClassifier',
    'from sklearn.metrics import accuracy_score',
  ].join('\n');
  const sources = [imports, ...Array.from({ length: cells - 1 }, (_, i) => cell(i))];
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { language: 'python', name: 'python3', display_name: 'Python 3' } },
    cells: sources.map((source, i) => ({
      cell_type: 'code',
      id: `c${i}`,
      metadata: {},
      execution_count: i + 1,
      outputs: [],
      source,
    })),
  });
}

describe('flow pass on a 200-cell notebook', () => {
  // How long this takes is measured by `npm run bench` (its 200-cell line), not asserted here: the machines that run
  // the tests are shared, and a timed test fails for the load of other jobs.
  it('follows every cell: one holdout split per cell after the imports', () => {
    const nb = parseNotebook(notebookJson(200));
    assert.ok(nb.ok);
    const facts = analyzeFlow(notebookUnit('big.ipynb', nb.notebook));
    assert.equal(facts.splits.filter((s) => s.kind === 'holdout').length, 199);
  });

  it('gives the data-flow rules real findings to compute in a full analysis', async () => {
    const fs = new MemoryFileSystem({ '/ws/big.ipynb': new TextEncoder().encode(notebookJson(200)) });
    const flowRules = ALL_RULES.filter((r) => /^ML(10[1-4]|20[1-3])$/.test(r.meta.code));
    const report = await analyzeFolder(fs, '/ws', { rules: flowRules });
    const codes = new Set(report.projects.flatMap((p) => p.findings).map((f) => f.code));
    // The KNN loops score on training data and the lag features meet a shuffled split.
    assert.deepEqual([...codes].sort(), ['ML104', 'ML201']);
  });
});
