// Suppression comments, and the fixes that write them.
//
// - `# mlcoach: ignore[ML101]` (codes or rule names, separated by commas or spaces) silences those rules
//   on any line of the finding or of the statement it starts in: a formatter may spread a call over
//   several lines, and the comment then sits on the first, the last or a line in between;
// - `# mlcoach: ignore` without brackets silences every rule there; `ignore[]` silences nothing;
// - on the first line of a notebook cell, alone on its line, the directive covers the whole cell; after a
//   cell magic (`%%time`), which must stay first, the second line takes that role;
// - `# mlcoach: ignore-file` (optionally with codes) anywhere in a file or notebook covers all of it.
// Only real comments count: a string that looks like a directive does not. In notebooks, a directive at
// the end of a line magic (`%time model.fit(X)  # mlcoach: ignore[ML201]`) counts too, although the
// parser never sees that line.
import type { Finding, Fix, SourceRange } from '../model/findings';
import { parsePython } from '../python/parse';
import type { PythonUnit } from '../python/unit';
import { walkStatements } from '../python/walk';

/** A directive in a comment: `mlcoach: ignore`, `ignore[codes]` or `ignore-file[codes]`. */
export const DIRECTIVE = /#\s*mlcoach:\s*(ignore-file|ignore)(?![\w-])(?:\[([^\]]*)\])?/i;

/** One suppression comment. */
export interface Directive {
  kind: 'ignore' | 'ignore-file';
  /** Lower-case codes or names; `undefined` means every rule, an empty list means none. */
  codes: string[] | undefined;
  /** Line (1-based) and cell of the comment. */
  line: number;
  cell?: number;
}

/** Parses the directive in one comment's text, if any. */
export function parseDirective(comment: string): Pick<Directive, 'kind' | 'codes'> | undefined {
  const m = DIRECTIVE.exec(comment);
  if (!m) return undefined;
  return {
    kind: m[1].toLowerCase() as Directive['kind'],
    codes:
      m[2] === undefined
        ? undefined
        : m[2]
            .split(/[\s,]+/)
            .map((s) => s.trim().toLowerCase())
            .filter(Boolean),
  };
}

const cache = new WeakMap<PythonUnit, Directive[]>();

/** What DIRECTIVE needs in a comment's text, however it is spaced or cased. */
const MENTIONS_MLCOACH = /mlcoach/i;

/** The suppression directives in a unit's comments (memoised per unit). */
function suppressionDirectives(unit: PythonUnit): Directive[] {
  const cached = cache.get(unit);
  if (cached) return cached;
  const out: Directive[] = [];
  // Every directive holds the word: a unit without it anywhere (most) has none, and its comments and
  // masked lines need not be read.
  if (!MENTIONS_MLCOACH.test(unit.module.source) && !unit.cells.some((c) => MENTIONS_MLCOACH.test(c.cell.source))) {
    cache.set(unit, out);
    return out;
  }
  for (const c of unit.module.comments) {
    const d = parseDirective(unit.module.source.slice(c.from, c.to));
    if (!d) continue;
    const r = unit.range(c);
    out.push({ ...d, line: r.startLine, cell: r.cell });
  }
  // Lines the notebook masking blanked (magics, shell escapes) never reach the parser.
  for (const slice of unit.cells) {
    const masked = unit.module.source.slice(slice.start, slice.end).split(/\r?\n/);
    slice.cell.source.split(/\r?\n/).forEach((raw, i) => {
      if (masked[i] === undefined || masked[i].trim() !== '' || !/^\s*[%!]/.test(raw)) return;
      const hash = raw.indexOf('#');
      const d = hash >= 0 ? parseDirective(raw.slice(hash)) : undefined;
      if (d) out.push({ ...d, line: i + 1, cell: slice.cell.index });
    });
  }
  cache.set(unit, out);
  return out;
}

function covers(d: Directive, f: Finding): boolean {
  return d.codes === undefined || d.codes.includes(f.code.toLowerCase()) || d.codes.includes(f.rule.toLowerCase());
}

/** The line of a cell on which a directive covers the whole cell: 1, or 2 after a cell magic. */
function cellDirectiveLine(cellSource: string): number {
  return /^\s*%%/.test(cellSource) ? 2 : 1;
}

const statementCache = new WeakMap<PythonUnit, Array<{ cell?: number; startLine: number; endLine: number }>>();

/** Line extents of the simple statements (no nested body) of a unit, memoised per unit. */
function simpleStatementLines(unit: PythonUnit): Array<{ cell?: number; startLine: number; endLine: number }> {
  const cached = statementCache.get(unit);
  if (cached) return cached;
  const out: Array<{ cell?: number; startLine: number; endLine: number }> = [];
  walkStatements(unit.module.body, (s) => {
    const compound =
      s.kind === 'FunctionDef' ||
      s.kind === 'ClassDef' ||
      s.kind === 'For' ||
      s.kind === 'While' ||
      s.kind === 'If' ||
      s.kind === 'With' ||
      s.kind === 'Try' ||
      (s.kind === 'Other' && s.body.length > 0);
    if (compound) return;
    const r = unit.range(s);
    if (r.endLine > r.startLine) out.push({ cell: r.cell, startLine: r.startLine, endLine: r.endLine });
  });
  statementCache.set(unit, out);
  return out;
}

/** The lines on which a directive silences a finding: its own lines, widened to its multi-line statement. */
function findingLines(range: SourceRange, unit: PythonUnit): { from: number; to: number } {
  let from = range.startLine;
  let to = range.endLine;
  for (const s of simpleStatementLines(unit)) {
    if (s.cell === range.cell && s.startLine <= range.startLine && s.endLine >= range.startLine) {
      from = Math.min(from, s.startLine);
      to = Math.max(to, s.endLine);
    }
  }
  return { from, to };
}

/** True when a finding is silenced by a directive in its unit. */
export function isSuppressed(f: Finding, unit: PythonUnit): boolean {
  const range = f.range;
  if (!range) return false;
  let lines: { from: number; to: number } | undefined;
  return suppressionDirectives(unit).some((d) => {
    if (!covers(d, f)) return false;
    if (d.kind === 'ignore-file') return true;
    if (d.cell !== range.cell) return false;
    lines ??= findingLines(range, unit);
    if (d.line >= lines.from && d.line <= lines.to) return true;
    return d.cell !== undefined && isCellWide(unit, d);
  });
}

/** A directive alone on the cell's directive line covers the cell. */
function isCellWide(unit: PythonUnit, d: Directive): boolean {
  const slice = unit.cells.find((c) => c.cell.index === d.cell);
  if (!slice) return false;
  const source = slice.cell.source;
  const line = cellDirectiveLine(source);
  return d.line === line && (source.split(/\r?\n/)[line - 1] ?? '').trimStart().startsWith('#');
}

/** The text of a directive for `codes`. */
function directiveText(codes: string[]): string {
  return `# mlcoach: ignore[${codes.join(', ')}]`;
}

/**
 * Fixes that silence a finding, as data: "for this line" (a comment at the end of the finding's first
 * line, or the code added to a directive already there) and, in notebooks, "for this cell" (a directive
 * line at the top of the cell, after a cell magic if there is one). `source` is the text the finding's
 * lines refer to: the .py file, or the cell's own source. Edits are in those coordinates, so applying
 * them never touches a notebook's JSON. A line where a comment would change the code (inside a
 * multi-line string, after a backslash continuation) gets no line fix.
 */
export function suppressionFixes(f: Finding, source: string): Fix[] {
  const r = f.range;
  if (!r) return [];
  const fixes: Fix[] = [];
  const lines = source.split('\n');
  const lineFix = suppressLine(r, lines, source, f.code);
  if (lineFix) fixes.push(lineFix);
  if (r.cell !== undefined) {
    const cellFix = suppressCell(r, lines, f.code);
    if (cellFix) fixes.push(cellFix);
  }
  return fixes;
}

function suppressLine(r: SourceRange, lines: string[], source: string, code: string): Fix | undefined {
  const text = (lines[r.startLine - 1] ?? '').replace(/\r$/, '');
  const at = (column: number): SourceRange => ({
    path: r.path,
    cell: r.cell,
    startLine: r.startLine,
    startColumn: column,
    endLine: r.startLine,
    endColumn: column,
  });
  const existing = DIRECTIVE.exec(text);
  if (existing && existing[1].toLowerCase() === 'ignore') {
    if (existing[2] === undefined) return undefined;
    const codes = existing[2].split(/[\s,]+/).filter(Boolean);
    if (codes.some((c) => c.toLowerCase() === code.toLowerCase())) return undefined;
    const start = existing.index + 1;
    return {
      title: `Suppress ${code} on this line`,
      safety: 'safe',
      edits: [
        { range: { ...at(start), endColumn: start + existing[0].length }, newText: directiveText([...codes, code]) },
      ],
    };
  }
  if (/\\\s*$/.test(text) || lineEndsInsideString(source, lines, r.startLine)) return undefined;
  const end = text.replace(/\s+$/, '').length + 1;
  return {
    title: `Suppress ${code} on this line`,
    safety: 'safe',
    edits: [{ range: at(end), newText: `  ${directiveText([code])}` }],
  };
}

/** True when the end of a line is inside a string literal (a triple-quoted string spanning lines). */
function lineEndsInsideString(source: string, lines: string[], line: number): boolean {
  let offset = 0;
  for (let i = 0; i < line - 1; i++) offset += lines[i].length + 1;
  const eol = offset + lines[line - 1].replace(/\r$/, '').length;
  // A comment after this line's end would be inside a string exactly when some string spans the line break.
  const module = parsePython(source);
  if (module.comments.some((c) => c.from < eol && c.to >= eol)) return false;
  let inside = false;
  const visit = (node: unknown): void => {
    if (inside || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    const o = node as Record<string, unknown>;
    if (typeof o.from === 'number' && typeof o.to === 'number' && (o.from as number) > eol) return;
    if (
      (o.kind === 'Constant' && (o.type === 'str' || o.type === 'fstr')) ||
      (o.kind === 'Other' && (o.nodeName === 'FormatString' || o.nodeName === 'ContinuedString'))
    ) {
      if ((o.from as number) < eol && (o.to as number) > eol) inside = true;
      if (o.kind === 'Constant') return;
    }
    for (const k in o) if (o[k] && typeof o[k] === 'object') visit(o[k]);
  };
  visit(module.body);
  return inside;
}

function suppressCell(r: SourceRange, lines: string[], code: string): Fix | undefined {
  const line = cellDirectiveLine(lines.join('\n'));
  const current = (lines[line - 1] ?? '').replace(/\r$/, '');
  const pos = (l: number, c: number) => ({
    path: r.path,
    cell: r.cell,
    startLine: l,
    startColumn: c,
    endLine: l,
    endColumn: c,
  });
  const m = DIRECTIVE.exec(current);
  if (m && current.trimStart().startsWith('#') && m[1].toLowerCase() === 'ignore') {
    if (m[2] === undefined) return undefined;
    const codes = m[2].split(/[\s,]+/).filter(Boolean);
    if (codes.some((c) => c.toLowerCase() === code.toLowerCase())) return undefined;
    const start = m.index + 1;
    return {
      title: `Suppress ${code} in this cell`,
      safety: 'safe',
      edits: [
        { range: { ...pos(line, start), endColumn: start + m[0].length }, newText: directiveText([...codes, code]) },
      ],
    };
  }
  if (line === 1)
    return {
      title: `Suppress ${code} in this cell`,
      safety: 'safe',
      edits: [{ range: pos(1, 1), newText: `${directiveText([code])}\n` }],
    };
  // After a cell magic: a new second line (the magic line keeps its place).
  const magic = (lines[0] ?? '').replace(/\r$/, '');
  return {
    title: `Suppress ${code} in this cell`,
    safety: 'safe',
    edits: [{ range: pos(1, magic.length + 1), newText: `\n${directiveText([code])}` }],
  };
}
