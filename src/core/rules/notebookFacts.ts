// Facts about notebook cells shared by the notebook hygiene rules.
import type { Span } from '../python/ast';
import type { CellSlice, PythonUnit } from '../python/unit';

/** The cell's source as the parser saw it: IPython magics and shell lines blanked, offsets kept. */
function maskedSource(unit: PythonUnit, slice: CellSlice): string {
  return unit.module.source.slice(slice.start, slice.end);
}

/** True when a cell holds Python statements, not only blanks, comments, magics or `!pip` lines. */
export function hasPythonCode(unit: PythonUnit, slice: CellSlice): boolean {
  return maskedSource(unit, slice)
    .split(/\r?\n/)
    .some((l) => {
      const t = l.trim();
      return t !== '' && !t.startsWith('#');
    });
}

/** The span of a cell's first line, where cell-wide findings are shown. */
export function firstLineSpan(slice: CellSlice): Span {
  const first = slice.cell.source.split(/\r?\n/, 1)[0] ?? '';
  return { from: slice.start, to: slice.start + first.length };
}

/** Lines of a cell that count towards its length: not blank and not comment-only. */
export function codeLineCount(source: string): number {
  return source.split(/\r?\n/).filter((l) => {
    const t = l.trim();
    return t !== '' && !t.startsWith('#');
  }).length;
}
