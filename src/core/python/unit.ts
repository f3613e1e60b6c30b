// A unit of Python code that rules analyse: a .py file, or a notebook's code cells in document order.
// Both expose one syntax tree with one offset space; `range()` maps offsets back to file lines or to
// notebook cell + line, so every finding points where the user reads the code.
import type { SourceRange } from '../model/findings';
import { type Notebook, type NotebookCell, maskIpython } from '../notebook/notebook';
import type { PythonModule, Span } from './ast';
import { TooDeepError, parsePython } from './parse';
import { withImpliedImports } from './impliedImports';
import { ImportTable } from './imports';
import { type ModuleOutline, outline } from './walk';
import { LineIndex } from './lines';

/** Where one notebook cell sits in the unit's combined source. */
export interface CellSlice {
  cell: NotebookCell;
  /** Offset of the cell's first character in the combined source. */
  start: number;
  /** Offset just past the cell's last character. */
  end: number;
  lines: LineIndex;
}

/** A parsed Python file or notebook, ready for rules. */
export interface PythonUnit {
  /** Path relative to the analysed root. */
  path: string;
  kind: 'module' | 'notebook';
  /** The tree over the combined source (for notebooks: code cells joined by newlines, IPython masked). */
  module: PythonModule;
  imports: ImportTable;
  /** Imports, definitions and assignments, nested ones included, in source order (one walk, shared). */
  outline: ModuleOutline;
  /** The notebook, for notebook units. */
  notebook?: Notebook;
  /** Code cells in document order with their place in the combined source (notebooks only). */
  cells: CellSlice[];
  /** Maps a span of the combined source to a user-facing range. */
  range(span: Span): SourceRange;
  /** The cell containing an offset (notebooks only). */
  cellAt(offset: number): CellSlice | undefined;
  /** The original text of a span (IPython masking shows as blanks). */
  text(span: Span): string;
  /**
   * Each code cell's own parse (notebooks only), kept for incremental re-parsing. Its spans, errors and comments
   * are offsets in the unit.
   */
  cellModules?: PythonModule[];
  /** Code cells left out of the analysis (nested too deeply to analyse), with why (notebooks only). */
  cellsLeftOut?: Array<{ cell: number; line?: number; message: string }>;
}

/**
 * Builds a unit from a .py file's text; `previous` (the unit of an earlier version) makes re-parsing
 * incremental. `keepTree: false` is for one-off analyses, which never re-parse (see `parsePython`).
 */
export function pythonFileUnit(
  path: string,
  text: string,
  previous?: PythonUnit,
  keepTree = true,
  deadline = Infinity,
  bracketsChecked = false,
): PythonUnit {
  const module = parsePython(
    text,
    previous?.kind === 'module' ? previous.module : undefined,
    keepTree,
    deadline,
    bracketsChecked,
  );
  const lines = new LineIndex(text);
  return {
    path,
    kind: 'module',
    module,
    ...outlineOf(module),
    cells: [],
    range(span) {
      const s = lines.position(span.from);
      const e = lines.position(span.to);
      return { path, startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
    },
    cellAt: () => undefined,
    text: (span) => text.slice(span.from, span.to),
  };
}

/**
 * Builds a unit from a notebook: each code cell parsed on its own (an unclosed bracket stays in its cell).
 * `previous` (the unit of an earlier version) lets unchanged cells skip parsing and an edited cell re-parse
 * incrementally.
 */
export function notebookUnit(
  path: string,
  notebook: Notebook,
  previous?: PythonUnit,
  keepTree = true,
  deadline = Infinity,
): PythonUnit {
  const cells: CellSlice[] = [];
  const earlier = previous?.cellModules ?? [];
  const bySource = new Map(earlier.map((m) => [m.source, m]));
  const cellModules: PythonModule[] = [];
  const body: PythonModule['body'] = [];
  const errors: Span[] = [];
  const comments: Span[] = [];
  const cellsLeftOut: NonNullable<PythonUnit['cellsLeftOut']> = [];
  let combined = '';
  const python = notebook.language.startsWith('python') || notebook.language === '';
  for (const cell of notebook.cells) {
    if (cell.kind !== 'code' || !python) continue;
    const start = combined.length;
    let masked = maskIpython(cell.source);
    // An unchanged cell reuses its old tree; an edited one reuses the old tree of the cell at its place.
    // Parsed at its place in the unit: the tree's spans, errors and comments count from the unit's start.
    let parsed: PythonModule;
    try {
      parsed = parsePython(masked, bySource.get(masked) ?? earlier[cells.length], keepTree, deadline, false, start);
    } catch (e) {
      if (!(e instanceof TooDeepError)) throw e;
      // The cell is blanked, keeping its lines, so the other cells are analysed and still map to their lines.
      cellsLeftOut.push({ cell: cell.index, line: e.line, message: e.message });
      masked = masked.replace(/[^\n]/g, ' ');
      parsed = parsePython(masked, undefined, keepTree, Infinity, false, start);
    }
    cellModules.push(parsed);
    for (const e of parsed.errors) errors.push(e);
    for (const c of parsed.comments) comments.push(c);
    body.push(...parsed.body);
    combined += masked;
    cells.push({ cell, start, end: combined.length, lines: new LineIndex(cell.source) });
    combined += '\n';
  }
  const module: PythonModule = { source: combined, body, errors, comments };
  const cellAt = (offset: number): CellSlice | undefined => {
    let lo = 0;
    let hi = cells.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cells[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return cells[lo];
  };
  return {
    path,
    kind: 'notebook',
    module,
    ...outlineOf(module),
    notebook,
    cells,
    cellModules,
    ...(cellsLeftOut.length ? { cellsLeftOut } : {}),
    range(span) {
      const c = cellAt(span.from);
      if (!c) return { path, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
      const s = c.lines.position(span.from - c.start);
      const e = c.lines.position(Math.min(span.to, c.end) - c.start);
      return {
        path,
        cell: c.cell.index,
        startLine: s.line,
        startColumn: s.column,
        endLine: e.line,
        endColumn: e.column,
      };
    },
    cellAt,
    text(span) {
      const c = cellAt(span.from);
      return c ? c.cell.source.slice(span.from - c.start, span.to - c.start) : '';
    },
  };
}

/** The import table and outline of a module, from one walk. */
function outlineOf(module: PythonModule): { imports: ImportTable; outline: ModuleOutline } {
  const o = outline(module.body);
  return { imports: withImpliedImports(module.source, ImportTable.from(o.imports), o), outline: o };
}
