// Small questions fix builders ask of a unit's source: the statement around a span, its indentation,
// the names a span reads, where a new import line goes.
import { escapeRegExp } from '../regExp';
import type { AssignStmt, Expr, Span, Stmt } from '../python/ast';
import type { PythonUnit } from '../python/unit';
import type { TextEdit } from '../model/findings';
import { eachStmtExpr, walkExpr, walkStatements } from '../python/walk';
import { unitIndex } from '../semantic/index';

/** The innermost simple statement (assignment or expression) holding `span`. */
export function statementAt(unit: PythonUnit, span: Span): Stmt | undefined {
  let found: Stmt | undefined;
  walkStatements(unit.module.body, (s) => {
    if (s.from > span.from || s.to < span.to) return false;
    if (s.kind === 'Assign' || s.kind === 'Expr' || s.kind === 'AugAssign') found = s;
    return true;
  });
  return found;
}

/** The text from the start of the line holding `offset` up to it (within its notebook cell). */
function linePrefix(unit: PythonUnit, offset: number): string {
  const cell = unit.cellAt(offset);
  const text = cell ? cell.cell.source : unit.module.source;
  const local = cell ? offset - cell.start : offset;
  return text.slice(text.lastIndexOf('\n', local - 1) + 1, local);
}

/** The indentation of the line a statement starts on, or undefined when code precedes it on that line. */
export function indentOf(unit: PythonUnit, stmt: Span): string | undefined {
  const prefix = linePrefix(unit, stmt.from);
  return prefix.trim() === '' ? prefix : undefined;
}

/** True when `name` appears anywhere in the unit's source as a whole word. */
export function nameUsed(unit: PythonUnit, name: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9_])${escapeRegExp(name)}($|[^A-Za-z0-9_])`).test(unit.module.source);
}

/** Calls `visit` on every expression that overlaps `span`, walking only the statements around it. */
export function exprsAround(unit: PythonUnit, span: Span, visit: (e: Expr) => void): void {
  // Top-level statements are in source order: start at the first one that reaches the span.
  const body = unit.module.body;
  let lo = 0;
  let hi = body.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (body[mid].to < span.from) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < body.length && body[end].from <= span.to) end++;
  walkStatements(body.slice(lo, end), (s) => {
    if (s.to < span.from || s.from > span.to) return false;
    eachStmtExpr(s, (root) =>
      walkExpr(root, (e) => {
        if (e.to < span.from || e.from > span.to) return false;
        visit(e);
        return true;
      }),
    );
    return true;
  });
}

/** Every `Name` node inside `span` (nested statements included). */
export function namesWithin(unit: PythonUnit, span: Span): Array<Expr & { kind: 'Name' }> {
  const out: Array<Expr & { kind: 'Name' }> = [];
  exprsAround(unit, span, (e) => {
    if (e.kind === 'Name' && e.from >= span.from && e.to <= span.to) out.push(e);
  });
  return out;
}

/** An edit that inserts text at an offset of the unit. */
export function insertAt(unit: PythonUnit, offset: number, text: string): TextEdit {
  return { range: unit.range({ from: offset, to: offset }), newText: text };
}

/** An edit that replaces a span of the unit. */
export function replaceSpan(unit: PythonUnit, span: Span, text: string): TextEdit {
  return { range: unit.range(span), newText: text };
}

/**
 * An edit that adds `line` (an import) after the unit's last top-level import before `before`, or at
 * the very top; undefined when the line is already there.
 */
export function importEdit(unit: PythonUnit, line: string, before: number): TextEdit | undefined {
  if (hasLine(unit.module.source, line)) return undefined;
  const imports = unit.module.body.filter((s) => s.kind === 'Import' && s.to <= before);
  const last = imports[imports.length - 1];
  if (last) return insertAt(unit, last.to, `\n${line}`);
  const first = unit.cells[0];
  return insertAt(unit, first ? first.start : 0, `${line}\n`);
}

/** Whether a line of `source` is `line` once trimmed, found by searching for `line` rather than splitting. */
function hasLine(source: string, line: string): boolean {
  if (line === '' || line.includes('\n')) return source.split('\n').some((l) => l.trim() === line);
  for (let at = source.indexOf(line); at >= 0; at = source.indexOf(line, at + 1)) {
    const end = source.indexOf('\n', at);
    if (source.slice(source.lastIndexOf('\n', at) + 1, end < 0 ? undefined : end).trim() === line) return true;
  }
  return false;
}

/** The simple `name = ...` assignments of a unit by name, in source order (kept by the unit's index). */
export function assignmentsOf(unit: PythonUnit, name: string): AssignStmt[] {
  return unitIndex(unit).soleAssignments.get(name) ?? [];
}

/** The end of the line holding `offset`, within its notebook cell. */
export function lineEnd(unit: PythonUnit, offset: number): number {
  const src = unit.module.source;
  const nl = src.indexOf('\n', offset);
  const end = nl < 0 ? src.length : nl;
  const cell = unit.cellAt(offset);
  return cell ? Math.min(end, cell.end) : end;
}

/**
 * An edit that removes a statement standing alone on its lines (a trailing comment goes with it); the
 * last line of a cell takes the line break before it along, so the cell does not end in a blank line.
 */
export function lineRemoval(unit: PythonUnit, stmt: Span, indent: string): TextEdit | undefined {
  const lineStart = stmt.from - indent.length;
  const end = lineEnd(unit, stmt.to);
  const rest = unit.module.source.slice(stmt.to, end);
  if (rest.trim() !== '' && !/^\s*#/.test(rest)) return undefined;
  const cell = unit.cellAt(stmt.from);
  const lastInCell = !!cell && end >= cell.end;
  const from = lastInCell && lineStart > cell.start ? lineStart - 1 : lineStart;
  return { range: unit.range({ from, to: lastInCell ? end : end + 1 }), newText: '' };
}
