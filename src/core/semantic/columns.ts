// The columns a unit names as its target and its features: `y = df["Survived"]`, `TARGET = "Survived"`,
// `X = df.drop(columns=["Survived"])`, `X = df[["age", "fare"]]`, and the arrays a split is given. The
// scaffolds' target and feature list come from here; the target names themselves are libraries/targets.ts'.
import type { AssignStmt, CallExpr, Expr } from '../python/ast';
import type { PythonUnit } from '../python/unit';
import { walkStatements } from '../python/walk';
import { isTargetConstant, isTargetVariable } from '../libraries/targets';

/** One piece of evidence that a column is the target, weighed: 2 named outright, 1 by elimination. */
export interface TargetColumnVote {
  column: string;
  weight: number;
}

/** The columns a unit names as target and features. */
export interface ColumnUse {
  /** Target candidates in source order (assignments first, then the splits' arrays). */
  targets: TargetColumnVote[];
  /** The first literal list of two or more columns assigned to the feature matrix (`X = df[["a", "b"]]`). */
  features?: string[];
}

/** Names that code conventionally gives the feature matrix. */
const FEATURE_NAMES = /^(X|x|X_all|X_full|features|feats)$/;

/** The target and feature columns of a unit, given its hold-out splits: `UnitIndex.columns`. */
export function collectColumnUse(
  unit: PythonUnit,
  splits: ReadonlyArray<{ label?: string; droppedColumn?: string }>,
): ColumnUse {
  const targets: TargetColumnVote[] = [];
  let features: string[] | undefined;
  walkStatements(unit.module.body, (s) => {
    if (s.kind !== 'Assign' || !s.value) return;
    for (const [target, value] of assignmentPairs(s)) {
      if (target.kind !== 'Name') continue;
      if (isTargetVariable(target.id)) {
        const col = singleColumnOf(value);
        if (col) targets.push({ column: col, weight: 2 });
      }
      // `TARGET = "Survived"`: the name says what the string is.
      if (isTargetConstant(target.id)) {
        const name = stringConst(value);
        if (name) targets.push({ column: name, weight: 2 });
      }
      if (FEATURE_NAMES.test(target.id)) {
        const dropped = droppedColumns(value);
        if (dropped?.length === 1) targets.push({ column: dropped[0], weight: 1 });
        const selected = selectedColumns(value);
        if (selected && selected.length > 1 && !features) features = selected;
      }
    }
  });
  // `train_test_split(df.drop("Outcome", axis=1), df["Outcome"])`: the label is the second array.
  for (const split of splits) {
    if (split.label) targets.push({ column: split.label, weight: 2 });
    if (split.droppedColumn) targets.push({ column: split.droppedColumn, weight: 1 });
  }
  return features ? { targets, features } : { targets };
}

/** Target/value pairs of an assignment, element-wise for `X, y = a, b`. */
function assignmentPairs(s: AssignStmt): Array<[Expr, Expr]> {
  const out: Array<[Expr, Expr]> = [];
  const value = s.value;
  if (!value) return out;
  for (const t of s.targets) {
    const tupleTarget = t.kind === 'Tuple' || t.kind === 'List';
    const tupleValue = value.kind === 'Tuple' || value.kind === 'List';
    if (tupleTarget && tupleValue && t.elts.length === value.elts.length) {
      for (const [i, el] of t.elts.entries()) out.push([el, value.elts[i]]);
    } else {
      out.push([t, value]);
    }
  }
  return out;
}

/** Methods that keep the one column they are called on: `.to_numpy()`, `.astype(int)`, `.ravel()`. */
const COLUMN_KEEPING_METHODS = new Set(['to_numpy', 'astype', 'ravel', 'copy', 'squeeze']);

/** `df["col"]`, `df.pop("col")`, `df["col"].values`, `df[["col"]]`: the one column taken (`df.col` is too loose). */
export function singleColumnOf(e: Expr): string | undefined {
  let cur = e;
  for (;;) {
    if (cur.kind === 'Attribute' && (cur.attr === 'values' || cur.attr === 'array')) cur = cur.value;
    else if (cur.kind === 'Call' && cur.func.kind === 'Attribute' && COLUMN_KEEPING_METHODS.has(cur.func.attr))
      cur = cur.func.value;
    else break;
  }
  if (cur.kind === 'Subscript' && cur.index.length === 1) {
    const idx = cur.index[0];
    const s = stringConst(idx);
    if (s !== undefined) return s;
    if (idx.kind === 'List' && idx.elts.length === 1) return stringConst(idx.elts[0]);
  }
  if (cur.kind === 'Call' && cur.func.kind === 'Attribute' && cur.func.attr === 'pop' && cur.args.length === 1)
    return stringConst(cur.args[0]);
  return undefined;
}

/** Columns dropped by `df.drop(columns=[...])`, `df.drop("c", axis=1)`, `df.drop(["c"], axis="columns")`. */
export function droppedColumns(e: Expr): string[] | undefined {
  if (e.kind !== 'Call' || e.func.kind !== 'Attribute' || e.func.attr !== 'drop') return undefined;
  const cols = keyword(e, 'columns');
  if (cols) return allStrings(cols);
  const axis = keyword(e, 'axis');
  const isColumns = axis?.kind === 'Constant' && (axis.value === 1 || axis.value === 'columns');
  const first = e.args[0] ?? keyword(e, 'labels');
  if (isColumns && first) return allStrings(first);
  return undefined;
}

/** The strings of a literal string or list of strings; undefined when any element is computed. */
function allStrings(e: Expr): string[] | undefined {
  const list = stringList(e);
  const size = e.kind === 'List' || e.kind === 'Tuple' ? e.elts.length : 1;
  return list.length === size ? list : undefined;
}

/** Columns of `df[["a", "b"]]`. */
function selectedColumns(e: Expr): string[] | undefined {
  if (e.kind !== 'Subscript' || e.index.length !== 1 || e.index[0].kind !== 'List') return undefined;
  const cols = stringList(e.index[0]);
  return cols.length === e.index[0].elts.length ? cols : undefined;
}

/** A non-empty string literal's value. */
export function stringConst(e: Expr | undefined): string | undefined {
  return e && e.kind === 'Constant' && e.type === 'str' && typeof e.value === 'string' && e.value !== ''
    ? e.value
    : undefined;
}

/** The non-empty strings of a string literal or a list or tuple of them (computed elements left out). */
export function stringList(e: Expr | undefined): string[] {
  if (!e) return [];
  const single = stringConst(e);
  if (single !== undefined) return [single];
  if (e.kind === 'List' || e.kind === 'Tuple')
    return e.elts.map(stringConst).filter((s): s is string => s !== undefined);
  return [];
}

function keyword(e: CallExpr, name: string): Expr | undefined {
  return e.keywords.find((k) => k.name === name)?.value;
}
