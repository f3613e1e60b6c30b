// ML501: the saved execution counts show that cells ran in a different order than they are written.
import { firstLineSpan } from './notebookFacts';
import type { UnitContext, UnitRule } from './rule';

/** Reports a notebook whose execution counts decrease in document order (once per notebook). */
export const cellsRunOutOfOrder: UnitRule = {
  scope: 'unit',
  meta: {
    code: 'ML501',
    name: 'cells-run-out-of-order',
    title: 'Cells run out of order',
    category: 'notebook',
    level: 1,
    defaultSeverity: 'info',
    fix: 'none',
    docs: {
      whatItDoes:
        'Finds the first code cell of a notebook whose saved execution count is lower than that of an executed ' +
        'cell above it, which means it ran before a cell written above it. Cells that never ' +
        'ran and gaps in the numbering are ignored; one finding per notebook.',
      whyBad:
        'The saved outputs (scores, plots, tables) came from an order no one can repeat with "Run All", so they ' +
        'may depend on variables that a top-to-bottom run would not have. Pimentel et al. (MSR 2019) found that ' +
        'only 4% of public notebooks reproduce their stored results; out-of-order execution is a main cause.',
      example: [
        '```python',
        '# In [5]:',
        'df = pd.read_csv("data/train.csv")',
        '# In [6]:',
        'df = df.dropna()',
        '# In [2]: ran before the two cells above it',
        'model.fit(df[FEATURES], df["target"])',
        '```',
      ].join('\n'),
      useInstead: [
        '```python',
        '# In [1]:',
        'df = pd.read_csv("data/train.csv")',
        '# In [2]:',
        'df = df.dropna()',
        '# In [3]:',
        'model.fit(df[FEATURES], df["target"])',
        '```',
        'Restart the kernel and run all cells from the top, then save the notebook, so the stored outputs come ' +
          'from one top-to-bottom run.',
      ].join('\n'),
      fixSafety: 'No automatic fix: re-running the notebook is for you to do, in your environment.',
    },
  },
  check(ctx: UnitContext): void {
    const { unit } = ctx;
    if (unit.kind !== 'notebook') return;
    let previous: { count: number } | undefined;
    for (const slice of unit.cells) {
      const count = slice.cell.executionCount;
      if (count === null) continue;
      if (previous && count < previous.count) {
        ctx.report({
          message:
            `This cell ran as [${count}], before the cell above it that ran as [${previous.count}], so the ` +
            `saved outputs may not match a top-to-bottom run.`,
          span: firstLineSpan(slice),
        });
        return;
      }
      previous = { count };
    }
  },
};
