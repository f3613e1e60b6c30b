// ML505: a notebook cell so long that it is really a module.
import { codeLineCount, firstLineSpan } from './notebookFacts';
import type { UnitContext, UnitRule } from './rule';

/** Code lines (not blank, not comment-only) above which a cell counts as very long. */
const LONG_CELL_LINES = 60;

/** Reports code cells with more than {@link LONG_CELL_LINES} lines of code. */
export const veryLongCell: UnitRule = {
  scope: 'unit',
  meta: {
    code: 'ML505',
    name: 'very-long-cell',
    title: 'Very long cell',
    category: 'notebook',
    level: 2,
    defaultSeverity: 'hint',
    fix: 'none',
    docs: {
      whatItDoes:
        `Finds notebook code cells with more than ${LONG_CELL_LINES} lines of code (blank and ` +
        `comment-only lines do not count). The finding is shown on the cell's first line.`,
      whyBad:
        'A cell that long usually holds functions or a whole training procedure: it cannot be tested, imported by ' +
        'a script or reused by another notebook, and an error halfway through leaves the kernel in a state no ' +
        'one can reason about.',
      example: [
        '```python',
        '# one cell of 150 lines',
        'def add_features(df):',
        '    ...  # 60 lines',
        'def build_model():',
        '    ...  # 30 lines',
        'for epoch in range(20):',
        '    ...  # 50 lines of training loop',
        '```',
      ].join('\n'),
      useInstead: [
        '```python',
        '%load_ext autoreload',
        '%autoreload 2',
        'from churn.features import add_features',
        'from churn.model import build_model, train',
        '```',
        '```python',
        'model = train(build_model(), add_features(df), epochs=20)',
        '```',
        'Move the functions into a module (`src/<package>/features.py`) and import them; keep cells short: call, ' +
          'show, comment. With `%load_ext autoreload` and `%autoreload 2` the notebook picks up edits to the ' +
          'module.',
      ].join('\n'),
      fixSafety: 'No automatic fix: where the code belongs, and how to name it, is a design decision.',
    },
  },
  check(ctx: UnitContext): void {
    const { unit } = ctx;
    if (unit.kind !== 'notebook') return;
    for (const slice of unit.cells) {
      const lines = codeLineCount(slice.cell.source);
      if (lines <= LONG_CELL_LINES) continue;
      ctx.report({
        message:
          `This cell has ${lines} lines of code, so it is hard to test or reuse; the functions in it belong ` +
          `in a module that the notebook imports.`,
        span: firstLineSpan(slice),
      });
    }
  },
};
