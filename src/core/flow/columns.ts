// Columns of a frame assigned one by one (`df["amount_bin"] = pd.qcut(...)`): the pass remembers which value
// each assigned column holds, so that a pick of other columns (`df["amount"]`), or the frame once that column
// is dropped (`df.drop(columns=["amount_bin"])`, `del df["amount_bin"]`), no longer carries what went into it.
// A merge keeps the map: the merged-in frame joins the base, so every column not assigned by name carries it.
// Any other change to the frame starts afresh from the changed frame, which then carries everything.
import type { Expr, Span } from '../python/ast';
import type { DataNode } from './facts';
import type { FlowRecorder } from './record';
import type { Scope, Value } from './values';

type Range = Pick<Span, 'from' | 'to'>;

/** `df[column] = value`: the frame with one column (re)assigned; its rows are the old frame's. */
export function assignColumn(
  rec: FlowRecorder,
  span: Range,
  old: DataNode,
  column: string,
  values: DataNode[],
): DataNode {
  const n = rec.node(span, [old, ...values]);
  n.rowsOf = old;
  const frame = old.frame ?? { base: old, columns: new Map<string, DataNode[]>() };
  n.frame = { base: frame.base, columns: new Map(frame.columns).set(column, values) };
  return n;
}

/** A pick of named columns from a frame with assigned columns: the frame they started from and their values. */
export function pickColumns(
  rec: FlowRecorder,
  span: Range,
  from: DataNode,
  names: readonly string[],
  extra: DataNode[],
): DataNode | undefined {
  const frame = from.frame;
  if (!frame || !names.length) return undefined;
  // A merge with a frame holding a column of the same name suffixes both (`amount_x`, `amount_y`).
  const values = (c: string) => frame.columns.get(c) ?? frame.columns.get(c.replace(/_[xy]$/, '')) ?? [];
  const n = rec.node(span, [frame.base, ...names.flatMap(values), ...extra]);
  n.rowsOf = frame.base;
  return n;
}

/** The frame with named columns dropped: what was assigned to them is gone from it. */
export function dropColumns(
  rec: FlowRecorder,
  span: Range,
  from: DataNode,
  names: readonly string[],
): DataNode | undefined {
  const frame = from.frame;
  if (!frame || !names.length) return undefined;
  const columns = new Map(frame.columns);
  for (const c of names) columns.delete(c);
  const n = rec.node(span, [frame.base, ...[...columns.values()].flat()]);
  n.rowsOf = frame.base;
  n.frame = { base: frame.base, columns };
  return n;
}

/**
 * `left.merge(right, on=...)`, `pd.merge(left, right)`, `left.join(right)`: the merged frame `out` keeps the columns
 * assigned to `left`; what `others` bring in joins the base, which any other column picked then carries.
 */
export function mergeColumns(rec: FlowRecorder, span: Range, left: DataNode, out: DataNode, others: DataNode[]): void {
  const frame = left.frame;
  if (!frame) return;
  const base = rec.node(span, [frame.base, ...others]);
  base.rowsChanged = true;
  out.frame = { base, columns: frame.columns };
}

/**
 * Rows picked from a frame with assigned columns (`df[df.stage != "x"]`, `df.dropna()`, `df.copy()`): the result keeps
 * the columns assigned to `from`; its base carries the frame's other columns and what picked the rows (`extra`), so
 * a pick of other columns afterwards (`kept[["age", "bmi"]]`) does not carry an assigned column it leaves out.
 */
export function keepColumns(rec: FlowRecorder, span: Range, from: DataNode, out: DataNode, extra: DataNode[]): void {
  const frame = from.frame;
  if (!frame) return;
  const base = rec.node(span, [frame.base, ...extra]);
  // What the pick says of the rows holds for the columns picked from it later.
  if (out.rowsChanged) base.rowsChanged = true;
  if (out.masked) base.masked = true;
  if (out.oneFile) base.oneFile = true;
  if (out.timeOrdered) base.timeOrdered = out.timeOrdered;
  if (out.timeCut) base.timeCut = out.timeCut;
  out.frame = { base, columns: frame.columns };
}

/**
 * `df.groupby(keys)`: the groups keep the columns assigned to `from`, so a pick of one (`["dmin"]`) carries only what
 * went into it, the grouping keys and the base.
 */
export function groupColumns(
  rec: FlowRecorder,
  span: Range,
  from: DataNode,
  out: DataNode,
  keys: readonly string[],
  extra: DataNode[],
): void {
  const frame = from.frame;
  if (!frame) return;
  const base = rec.node(span, [frame.base, ...keys.flatMap((k) => frame.columns.get(k) ?? []), ...extra]);
  base.rowsChanged = true;
  base.grouped = true;
  out.frame = { base, columns: frame.columns };
}

/** True for a list or tuple of plain strings (column names), such as `["age", "fare"]`. */
export function namesOnly(v: Extract<Value, { kind: 'tuple' }>): boolean {
  return v.items.every((i) => i.kind === 'const' && typeof i.value === 'string' && !/[{}]/.test(i.value));
}

/** The columns a subscript picks by a name bound to a column name or a list of them (`df[features]`). */
export function namedColumns(idx: Value[]): string[] | undefined {
  const v = idx.length === 1 ? idx[0] : undefined;
  if (v?.kind === 'const') return typeof v.value === 'string' && !/[{}]/.test(v.value) ? [v.value] : undefined;
  if (v?.kind !== 'tuple' || !v.items.length || !namesOnly(v)) return undefined;
  return v.items.map((i) => (i as { value: string }).value);
}

/** Column names (`df.columns`) less `removed`: a new list, as `list(...)` or a comprehension makes. */
export function columnNames(rec: FlowRecorder, span: Range, from: DataNode, removed: readonly string[]): DataNode {
  const n = rec.node(span, [from]);
  n.columnsBut = [...(from.columnsBut ?? []), ...removed];
  return n;
}

/** The names a value holds: a column name, or a list of them. */
export function namesIn(v: Value | undefined): string[] | undefined {
  if (v?.kind === 'const') return typeof v.value === 'string' ? [v.value] : undefined;
  if (v?.kind !== 'tuple' || !namesOnly(v)) return undefined;
  return v.items.map((i) => (i as { value: string }).value);
}

/**
 * The names a comprehension's conditions leave out of the names it goes through (`c not in ["id", "target"]`,
 * `c not in drop`, `c != "target"`, joined by `and`), read from constants without evaluating them again.
 */
export function leftOut(target: string, ifs: readonly Expr[], scope: Scope): string[] {
  const out: string[] = [];
  const names = (e: Expr): string[] | undefined => {
    if (e.kind === 'Constant') return typeof e.value === 'string' ? [e.value] : undefined;
    if (e.kind === 'List' || e.kind === 'Tuple' || e.kind === 'Set') {
      const all = e.elts.map(names);
      return all.every((x) => x?.length === 1) ? (all.flat() as string[]) : undefined;
    }
    return e.kind === 'Name' ? namesIn(scope.lookup(e.id)) : undefined;
  };
  const visit = (e: Expr) => {
    if (e.kind !== 'Binary') return;
    if (e.op === 'and') {
      visit(e.left);
      visit(e.right);
      return;
    }
    if (e.left.kind !== 'Name' || e.left.id !== target) return;
    const n =
      e.op === 'not in' ? names(e.right) : e.op === '!=' && e.right.kind === 'Constant' ? names(e.right) : undefined;
    if (n) out.push(...n);
  };
  for (const i of ifs) visit(i);
  return out;
}
