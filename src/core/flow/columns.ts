// Columns of a frame assigned one by one (`df["amount_bin"] = pd.qcut(...)`): the pass remembers which value
// each assigned column holds, so that a pick of other columns (`df["amount"]`), or the frame once that column
// is dropped (`df.drop(columns=["amount_bin"])`, `del df["amount_bin"]`), no longer carries what went into it.
// Any other change to the frame starts afresh from the changed frame, which then carries everything.
import type { Span } from '../python/ast';
import type { DataNode } from './facts';
import type { FlowRecorder } from './record';

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
  const n = rec.node(span, [frame.base, ...names.flatMap((c) => frame.columns.get(c) ?? []), ...extra]);
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
