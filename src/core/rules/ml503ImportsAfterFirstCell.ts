// ML503: imports scattered over later cells instead of gathered at the top of the notebook.
import type { Fix, RelatedLocation, TextEdit } from '../model/findings';
import type { ImportStmt } from '../python/ast';
import type { CellSlice, PythonUnit } from '../python/unit';
import type { RuleMeta, UnitContext, UnitRule } from './rule';
import { isSuppressed } from './suppression';

const META: RuleMeta = {
  code: 'ML503',
  name: 'imports-after-first-cell',
  title: 'Imports after the first cell',
  category: 'notebook',
  level: 1,
  defaultSeverity: 'hint',
  fix: 'unsafe',
  docs: {
    whatItDoes:
      'Finds top-level `import` statements in notebook cells after the first cell that imports anything, once per ' +
      'notebook: the finding sits at the first later cell that imports, says how many later cells do, and ' +
      'points at the others as related locations (a notebook converted from an example script imports in many ' +
      'cells, and one line per cell would drown the report). Cells before the first import cell (`!pip install` ' +
      'lines, magics, a papermill parameters cell) do not count, and magics before the imports in that cell are ' +
      'fine. Imports inside functions, classes, `if` or `try` blocks are left alone. A later cell whose import ' +
      'carries `# mlcoach: ignore[ML503]` (or a cell-wide directive) is left out of the count and of the fix.',
    whyBad:
      'With imports spread over the notebook, a reader cannot see what it depends on, a missing package is only ' +
      'discovered halfway through a long run, and running one cell alone fails with a NameError.',
    example: '```python\n# cell 7\nfrom sklearn.metrics import f1_score\nprint(f1_score(y_test, y_pred))\n```',
    useInstead: '```python\n# cell 1\nimport pandas as pd\nfrom sklearn.metrics import f1_score\n```',
    fixSafety:
      'Unsafe. The fix moves the import lines of every later cell it counts to the end of the first cell that ' +
      'imports, in one step: each line is removed from its cell and added once (a line the first import cell ' +
      'already has is only removed). An import that shares its line with other code ' +
      '(`import os; print(os.getcwd())`) stays ' +
      "where it is. The edits are made inside the cells' sources, never to the notebook file itself, and a cell " +
      'left with nothing but blank lines is removed instead of left empty. It is marked unsafe because an ' +
      'import can depend on something a cell in between does (a `!pip install`, a `sys.path` change).',
  },
};

/** Reports, once per notebook, top-level imports below the notebook's first cell of imports. */
export const importsAfterFirstCell: UnitRule = {
  scope: 'unit',
  meta: META,
  check(ctx: UnitContext): void {
    const { unit } = ctx;
    if (unit.kind !== 'notebook') return;
    const topLevel = unit.module.body.flatMap((s) =>
      s.kind === 'Other' && s.nodeName === 'StatementGroup' ? s.body : [s],
    );
    const imports = topLevel.filter((s): s is ImportStmt => s.kind === 'Import' && s.module !== '__future__');
    // The import cell is the first cell that imports: a papermill parameters cell or a settings cell may come before
    // it.
    const home = imports.length > 0 ? unit.cellAt(imports[0].from) : undefined;
    if (!home) return;
    const byCell = new Map<CellSlice, ImportStmt[]>();
    for (const s of imports) {
      const slice = unit.cellAt(s.from);
      if (!slice || slice.start <= home.start) continue;
      const list = byCell.get(slice) ?? [];
      list.push(s);
      byCell.set(slice, list);
    }
    // A cell the user silenced (the finding used to be per cell) stays out of the count and of the fix.
    const late = [...byCell.entries()]
      .filter(
        ([, list]) =>
          !isSuppressed(
            {
              code: META.code,
              rule: META.name,
              severity: META.defaultSeverity,
              message: '',
              range: unit.range(list[0]),
            },
            unit,
          ),
      )
      .sort(([a], [b]) => a.start - b.start);
    if (late.length === 0) return;
    const [first, ...others] = late;
    const shown = (list: ImportStmt[]) => {
      // `from pyspark.sql.functions import *` names nothing of its own: the module it takes everything from.
      const names = list.flatMap((i) =>
        i.star ? [`everything from ${i.module}`] : i.names.map((n) => n.asname ?? n.name.split('.')[0]),
      );
      return names.length > 3 ? `${names.slice(0, 3).join(', ')}, ...` : names.join(', ');
    };
    const message =
      others.length === 0
        ? `This cell imports ${shown(first[1])} below the notebook's first imports, so its dependencies are hard ` +
          `to see and running cells alone can fail.`
        : `Imports in ${late.length} later cells (this one imports ${shown(first[1])}) below the notebook's first ` +
          `imports, so its dependencies are hard to see and running cells alone can fail.`;
    const related: RelatedLocation[] = others.map(([, list]) => ({
      range: unit.range(list[0]),
      message: `This cell imports ${shown(list)} too.`,
    }));
    const fix = moveImportsFix(
      unit,
      home,
      late.flatMap(([, list]) => list),
      late.length,
    );
    ctx.report({
      message,
      span: first[1][0],
      related: related.length > 0 ? related : undefined,
      fixes: fix ? [fix] : undefined,
    });
  },
};

/**
 * Moves whole-line imports of later cells to the end of the first import cell, as edits in cell
 * coordinates (never in the notebook's JSON). Each line is added once; a line the import cell already
 * has is only removed.
 */
function moveImportsFix(unit: PythonUnit, home: CellSlice, imports: ImportStmt[], cellCount: number): Fix | undefined {
  const src = unit.module.source;
  const present = new Set(
    home.cell.source
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean),
  );
  const moved: string[] = [];
  const edits: TextEdit[] = [];
  const removedBy = new Map<CellSlice, Array<{ from: number; to: number; edit: TextEdit }>>();
  for (const stmt of imports) {
    const slice = unit.cellAt(stmt.from)!;
    const lineStart = src.lastIndexOf('\n', stmt.from - 1) + 1;
    const nl = src.indexOf('\n', stmt.to);
    const lineEnd = nl < 0 || nl > slice.end ? slice.end : nl;
    const before = src.slice(Math.max(lineStart, slice.start), stmt.from);
    const after = src.slice(stmt.to, lineEnd);
    if (before.trim() !== '' || !/^\s*(#.*)?$/.test(after) || after.includes(';')) continue;
    const start = Math.max(lineStart, slice.start);
    const text = unit.text({ from: start, to: lineEnd }).trimEnd();
    const key = text
      .split('\n')
      .map((l) => l.trim())
      .join('\n');
    if (!present.has(key)) {
      present.add(key);
      moved.push(text);
    }
    const deleteTo = lineEnd < slice.end ? lineEnd + 1 : lineEnd;
    const edit = { range: unit.range({ from: start, to: deleteTo }), newText: '' };
    edits.push(edit);
    removedBy.set(slice, [...(removedBy.get(slice) ?? []), { from: start, to: deleteTo, edit }]);
  }
  if (edits.length === 0) return undefined;
  // A cell left with nothing but blank lines is removed rather than left empty.
  const deleteCells: Array<{ path: string; cell: number }> = [];
  for (const [slice, removed] of removedBy) {
    let rest = '';
    let at = slice.start;
    for (const r of removed) {
      rest += src.slice(at, r.from);
      at = r.to;
    }
    rest += src.slice(at, slice.end);
    if (rest.trim() !== '') continue;
    deleteCells.push({ path: unit.path, cell: slice.cell.index });
    for (const r of removed) edits.splice(edits.indexOf(r.edit), 1);
  }
  if (moved.length > 0) {
    const endsWithNewline = /\n$/.test(home.cell.source);
    edits.unshift({
      range: unit.range({ from: home.end, to: home.end }),
      newText: `${endsWithNewline ? '' : '\n'}${moved.join('\n')}${endsWithNewline ? '\n' : ''}`,
    });
  }
  const title =
    cellCount > 1
      ? `Move the imports of the ${cellCount} later cells up to the first import cell`
      : 'Move the imports up to the first import cell';
  return { title, safety: 'unsafe', edits, deleteCells: deleteCells.length > 0 ? deleteCells : undefined };
}
