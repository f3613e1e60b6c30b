// ML503: imports scattered over later cells instead of gathered at the top of the notebook.
import type { Fix, TextEdit } from '../model/findings';
import type { ImportStmt } from '../python/ast';
import type { CellSlice, PythonUnit } from '../python/unit';
import type { UnitContext, UnitRule } from './rule';

/** Reports, once per later cell, top-level imports below the notebook's first cell of imports. */
export const importsAfterFirstCell: UnitRule = {
  scope: 'unit',
  meta: {
    code: 'ML503',
    name: 'imports-after-first-cell',
    title: 'Imports after the first cell',
    category: 'notebook',
    level: 1,
    defaultSeverity: 'hint',
    fix: 'unsafe',
    docs: {
      whatItDoes:
        'Flags top-level `import` statements in notebook cells after the first cell that imports anything, once per cell. Cells before it (`!pip install` lines, magics, a papermill parameters cell) do not count, and magics before the imports in that cell are fine. Imports inside functions, classes, `if` or `try` blocks are left alone.',
      whyBad:
        'With imports spread over the notebook, a reader cannot see what it depends on, a missing package is only discovered halfway through a long run, and running one cell alone fails with a NameError.',
      example: '```python\n# cell 7\nfrom sklearn.metrics import f1_score\nprint(f1_score(y_test, y_pred))\n```',
      useInstead: '```python\n# cell 1\nimport pandas as pd\nfrom sklearn.metrics import f1_score\n```',
      fixSafety:
        'The fix moves the cell\'s import lines to the end of the first cell that imports. It is marked unsafe because an import can depend on something a cell in between does (a `!pip install`, a `sys.path` change).',
    },
  },
  check(ctx: UnitContext): void {
    const { unit } = ctx;
    if (unit.kind !== 'notebook') return;
    const topLevel = unit.module.body.flatMap((s) => (s.kind === 'Other' && s.nodeName === 'StatementGroup' ? s.body : [s]));
    const imports = topLevel.filter((s): s is ImportStmt => s.kind === 'Import' && s.module !== '__future__');
    // The import cell is the first cell that imports: a papermill parameters cell or a settings cell may come before it.
    const home = imports.length > 0 ? unit.cellAt(imports[0].from) : undefined;
    if (!home) return;
    const late = new Map<CellSlice, ImportStmt[]>();
    for (const s of imports) {
      const slice = unit.cellAt(s.from);
      if (!slice || slice.start <= home.start) continue;
      const list = late.get(slice) ?? [];
      list.push(s);
      late.set(slice, list);
    }
    for (const imports of late.values()) {
      const names = imports.flatMap((i) => i.names.map((n) => n.asname ?? n.name.split('.')[0]));
      const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')}, ...` : names.join(', ');
      const fix = moveImportsFix(unit, home, imports);
      ctx.report({
        message: `This cell imports ${shown} below the notebook's first imports, so its dependencies are hard to see and running cells alone can fail.`,
        span: imports[0],
        fixes: fix ? [fix] : undefined,
      });
    }
  },
};

/** Moves whole-line imports of one cell to the end of the first import cell (edits in cell coordinates). */
function moveImportsFix(unit: PythonUnit, home: CellSlice, imports: ImportStmt[]): Fix | undefined {
  const src = unit.module.source;
  const moved: string[] = [];
  const edits: TextEdit[] = [];
  for (const stmt of imports) {
    const slice = unit.cellAt(stmt.from)!;
    const lineStart = src.lastIndexOf('\n', stmt.from - 1) + 1;
    const nl = src.indexOf('\n', stmt.to);
    const lineEnd = nl < 0 || nl > slice.end ? slice.end : nl;
    const before = src.slice(Math.max(lineStart, slice.start), stmt.from);
    const after = src.slice(stmt.to, lineEnd);
    if (before.trim() !== '' || !/^\s*(#.*)?$/.test(after) || after.includes(';')) continue;
    const start = Math.max(lineStart, slice.start);
    moved.push(unit.text({ from: start, to: lineEnd }).trimEnd());
    const deleteTo = lineEnd < slice.end ? lineEnd + 1 : lineEnd;
    edits.push({ range: unit.range({ from: start, to: deleteTo }), newText: '' });
  }
  if (moved.length === 0) return undefined;
  const endsWithNewline = /\n$/.test(home.cell.source);
  edits.unshift({ range: unit.range({ from: home.end, to: home.end }), newText: `${endsWithNewline ? '' : '\n'}${moved.join('\n')}${endsWithNewline ? '\n' : ''}` });
  return { title: 'Move the imports up to the first import cell', safety: 'unsafe', edits };
}
