// ML502: a code cell that never ran, sitting between cells that did.
import { firstLineSpan, hasPythonCode } from './notebookFacts';
import type { UnitContext, UnitRule } from './rule';

/** Reports the first cell of each run of never-executed code cells between executed ones. */
export const unexecutedCellBetweenExecuted: UnitRule = {
  scope: 'unit',
  meta: {
    code: 'ML502',
    name: 'unexecuted-cell-between-executed',
    title: 'Cell skipped between executed cells',
    category: 'notebook',
    level: 1,
    defaultSeverity: 'info',
    fix: 'none',
    docs: {
      whatItDoes:
        'Finds a code cell with no execution count that sits between executed code cells: the saved results were ' +
        'produced without it. A run of several such cells gives one finding, at its first cell. Cells holding ' +
        'only comments, magics or `!pip install` lines are left alone, and so are notebooks saved with no ' +
        'outputs at all.',
      whyBad:
        'A reader who runs the notebook from the top executes this cell too, and may get different results from ' +
        'the saved ones; or the cell is dead code that no longer works. Either way the notebook does not say ' +
        'what really produced its outputs.',
      example: [
        '```python',
        '# In [1]:',
        'df = pd.read_csv("data/train.csv")',
        '# In [ ]: never run',
        'df = df[df["age"] < 100]',
        '# In [2]:',
        'model.fit(df[FEATURES], df["target"])',
        '```',
      ].join('\n'),
      useInstead: [
        '```python',
        '# In [1]:',
        'df = pd.read_csv("data/train.csv")',
        '# In [2]:',
        'df = df[df["age"] < 100]',
        '# In [3]:',
        'model.fit(df[FEATURES], df["target"])',
        '```',
        'Delete the cell if it is no longer needed, or restart the kernel and run all cells so every saved output ' +
          'includes it.',
      ].join('\n'),
      fixSafety: 'No automatic fix: whether the cell belongs in the notebook is your call.',
    },
  },
  check(ctx: UnitContext): void {
    const { unit } = ctx;
    if (unit.kind !== 'notebook') return;
    const executed = unit.cells.map((s) => s.cell.executionCount !== null);
    const first = executed.indexOf(true);
    const last = executed.lastIndexOf(true);
    if (first < 0) return;
    let inRun = false;
    for (let i = first + 1; i < last; i++) {
      const slice = unit.cells[i];
      if (executed[i] || !hasPythonCode(unit, slice)) {
        if (executed[i]) inRun = false;
        continue;
      }
      if (inRun) continue;
      inRun = true;
      ctx.report({
        message:
          'This cell never ran although cells above and below it did, so the saved outputs were produced without it.',
        span: firstLineSpan(slice),
      });
    }
  },
};
