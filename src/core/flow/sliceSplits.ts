// Manual splits told by their shape rather than by their names: the rows before a bound and the rows from it on,
// each bound to a name (`past = table.iloc[:cut]`, `future = table.iloc[cut:]`, or both in one tuple assignment).
// Two slices of one frame at one bound that together cover it are the two sides of a split, whatever they are called.
import type { Expr, Stmt } from '../python/ast';
import { walkStatements } from '../python/walk';
import type { PartKind } from './facts';

/**
 * The assigned values that are one side of such a pair, by where each starts: the rows before the bound are the
 * training side, the rows from it on the held-out side. A slice whose other side is never bound splits nothing.
 */
export function sliceSides(body: Stmt[], text: (e: Expr) => string): Map<number, PartKind> {
  const before = new Map<string, Expr[]>();
  const after = new Map<string, Expr[]>();
  const note = (target: string, value: Expr): void => {
    const s = sliceOf(value);
    // A frame trimmed in place (`X = X[:-n]`, the rows to forecast set aside) is not one side of a split.
    if (!s || text(s.frame) === target) return;
    const key = `${text(s.frame)}\u0000${text(s.bound)}`;
    const into = s.side === 'before' ? before : after;
    const list = into.get(key);
    if (list) list.push(value);
    else into.set(key, [value]);
  };
  walkStatements(body, (s) => {
    if (s.kind !== 'Assign' || !s.value) return;
    const value = s.value;
    for (const t of s.targets) {
      if (t.kind === 'Name') note(t.id, value);
      else if ((t.kind === 'Tuple' || t.kind === 'List') && (value.kind === 'Tuple' || value.kind === 'List'))
        for (const [i, e] of t.elts.entries()) if (e.kind === 'Name' && value.elts[i]) note(e.id, value.elts[i]);
    }
  });
  const sides = new Map<number, PartKind>();
  for (const [key, values] of before) {
    const others = after.get(key);
    if (!others) continue;
    for (const v of values) sides.set(v.from, 'train');
    for (const v of others) sides.set(v.from, 'test');
  }
  return sides;
}

/** `df[:n]`, `df.iloc[:n]`, `df.loc[:n]` (before `n`) and `df[n:]` and the like (from `n` on), step-less. */
function sliceOf(e: Expr): { frame: Expr; bound: Expr; side: 'before' | 'after' } | undefined {
  if (e.kind !== 'Subscript' || e.index.length !== 1) return undefined;
  const slice = e.index[0];
  if (slice.kind !== 'Slice' || slice.parts[2]) return undefined;
  const [lower, upper] = slice.parts;
  if (!lower === !upper) return undefined;
  const frame =
    e.value.kind === 'Attribute' && (e.value.attr === 'iloc' || e.value.attr === 'loc') ? e.value.value : e.value;
  if (frame.kind !== 'Name' && frame.kind !== 'Attribute') return undefined;
  return upper ? { frame, bound: upper, side: 'before' } : { frame, bound: lower!, side: 'after' };
}
