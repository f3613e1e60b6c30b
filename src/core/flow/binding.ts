// Binding values to names: assignment targets (names, unpacking, columns and attributes that change the
// frame they belong to), loop elements, and the hints a name gives (`X_test` is a test part; a row slice
// bound to train and test names is a manual split).
import type { Expr } from '../python/ast';
import { dottedName } from '../python/imports';
import { loadsTrainTestPair } from '../libraries/dataFlow';
import { assignColumn, pickColumns } from './columns';
import type { FlowContext } from './context';
import { hasConcatOfFiles } from './lineage';
import type { DataNode, PartKind } from './facts';
import {
  constantOf,
  devName,
  dropsColumns,
  dropsRowsOf,
  isDateExpr,
  isRowPick,
  literalColumn,
  literalColumns,
  nameKind,
  rootTarget,
} from './syntax';

import { type Scope, UNKNOWN, type Value, dataOf, dataOfAll } from './values';

/** The value one iteration of a `for` loop binds. */
export function element(cx: FlowContext, iter: Value, iterExpr: Expr): Value {
  switch (iter.kind) {
    case 'folds':
      return {
        kind: 'tuple',
        items: [
          { kind: 'data', node: iter.train },
          { kind: 'data', node: iter.test },
        ],
      };
    case 'iter':
      if (iter.wrap === 'enumerate')
        return { kind: 'tuple', items: [UNKNOWN, element(cx, iter.items[0] ?? UNKNOWN, iterExpr)] };
      return { kind: 'tuple', items: iter.items.map((i) => element(cx, i, iterExpr)) };
    case 'data': {
      const n = cx.rec.node(iterExpr, [iter.node]);
      n.rowsChanged = true;
      // The groups of a `groupby` are sets of rows; anything else iterated gives one item at a time.
      if (!iter.node.grouped) n.item = true;
      return { kind: 'data', node: n };
    }
    case 'tuple': {
      // `for X, y in [make_moons(), make_circles()]`: each element is one of the items; tuples of
      // the same length are taken position by position, anything else as data of all of them.
      const items = iter.items;
      if (!items.length) return UNKNOWN;
      const first = items[0];
      if (first.kind === 'tuple' && items.every((i) => i.kind === 'tuple' && i.items.length === first.items.length)) {
        return {
          kind: 'tuple',
          items: first.items.map((_, k) =>
            joined(
              cx,
              iterExpr,
              items.map((i) => (i as { items: Value[] }).items[k]),
            ),
          ),
        };
      }
      if (items.every((i) => i.kind === 'object')) return items[0];
      return joined(cx, iterExpr, items);
    }
    case 'object': {
      // The old `cross_validation.KFold(n, n_folds=5)` and `StratifiedKFold(y, ...)` are iterables of folds.
      if (iter.obj.role !== 'splitter') return UNKNOWN;
      const split = cx.rec.cvSplit(iter.obj.call, iter.obj, [], undefined);
      const train = cx.rec.node(iterExpr, []);
      const test = cx.rec.node(iterExpr, []);
      train.parts = [{ kind: 'train', split }];
      test.parts = [{ kind: 'val', split }];
      return {
        kind: 'tuple',
        items: [
          { kind: 'data', node: train },
          { kind: 'data', node: test },
        ],
      };
    }
    default:
      return UNKNOWN;
  }
}

/** One loop element standing for any of `items`: data of all of them, or the first non-data value. */
export function joined(cx: FlowContext, span: { from: number; to: number }, items: Value[]): Value {
  const data = dataOfAll(items);
  if (!data.length) return items.find((i) => i.kind === 'tuple' || i.kind === 'object') ?? UNKNOWN;
  const n = cx.rec.node(span, data);
  n.rowsChanged = true;
  if (data.length > 1) n.eachOf = data;
  return { kind: 'data', node: n };
}

/** Binds a value to an assignment target: a name, a tuple to unpack, a column or attribute that changes its owner. */
export function bind(cx: FlowContext, target: Expr, v: Value, scope: Scope, valueExpr: Expr | undefined): void {
  switch (target.kind) {
    case 'Name':
      noteName(cx, target.id, v, valueExpr, target);
      scope.vars.set(target.id, v);
      return;
    case 'Tuple':
    case 'List': {
      const elts = target.elts;
      const star = elts.findIndex((e) => e.kind === 'Starred');
      if (v.kind === 'tuple' && (v.items.length === elts.length || star >= 0)) {
        for (const [i, e] of elts.entries()) {
          if (e.kind === 'Starred') {
            bind(cx, e.value, UNKNOWN, scope, undefined);
            continue;
          }
          const idx = star >= 0 && i > star ? v.items.length - (elts.length - i) : i;
          const item = v.items[idx] ?? UNKNOWN;
          const sub =
            valueExpr && (valueExpr.kind === 'Tuple' || valueExpr.kind === 'List') ? valueExpr.elts[idx] : undefined;
          bind(cx, e, item, scope, sub);
        }
      } else {
        const parents = dataOf(v);
        for (const e of elts) {
          const t = e.kind === 'Starred' ? e.value : e;
          let item: Value = UNKNOWN;
          if (parents.length) {
            const n = cx.rec.node(t, parents);
            // Each target takes a different piece of the value (`(x_train, y_train), (x_test, y_test) =
            // load_data()`, `train, test = random_split(...)`), never the same rows as its siblings.
            if (elts.length > 1) n.rowsChanged = true;
            // Keras's bundled datasets come as (train, test): the loader says which piece is which.
            if (elts.length === 2 && parents.some((p) => loadsTrainTestPair(p.source?.qualified))) {
              if (elts.indexOf(e) === 0) n.trainSplitSource = true;
              else n.testSplitSource = true;
            }
            item = { kind: 'data', node: n };
          }
          bind(cx, t, item, scope, undefined);
        }
      }
      return;
    }
    case 'Subscript': {
      // `df[cols] = ...` changes df: its new value carries rows of the old one and of the assigned value.
      const base = rootTarget(target.value);
      const old = cx.expr(target.value, scope);
      const idx = target.index.map((i) => cx.expr(i, scope));
      if (!base) return;
      // `models["svc"] = SVC()` in a dict written out, or one an object keeps (`self.models["svc"] = model`): the item
      // under that key is the new value.
      const key = target.index.length === 1 ? target.index[0] : undefined;
      const dict =
        target.value.kind === 'Name' || (target.value.kind === 'Attribute' && base === dottedName(target.value));
      // A model kept under a key made at run time (`self.models[f"{name}_tuned"] = search.best_estimator_`) is one
      // more item of the dict.
      const anyKey = key?.kind === 'Constant' || (!!key && v.kind === 'object');
      if (old.kind === 'tuple' && old.keys && dict && anyKey) {
        const at = key?.kind === 'Constant' && typeof key.value === 'string' ? old.keys.indexOf(key.value) : -1;
        const items = [...old.items];
        const keys = [...old.keys];
        if (at >= 0) items[at] = v;
        else {
          items.push(v);
          keys.push(key?.kind === 'Constant' && typeof key.value === 'string' ? key.value : undefined);
        }
        rebind(cx, base, { kind: 'tuple', items, keys }, scope);
        return;
      }
      // `df["amount_bin"] = ...` on a frame followed by name: remember which column holds what.
      const column = literalColumn(target.index);
      if (column !== undefined && old.kind === 'data' && target.value.kind === 'Name') {
        const n = assignColumn(cx.rec, target, old.node, column, dataOf(v));
        const value = constantOf(valueExpr);
        if (value !== undefined) n.marker = { column, value };
        rebind(cx, base, { kind: 'data', node: n }, scope);
      } else {
        // `df.loc[:, "cluster"] = ...`: the whole column, as `df["cluster"] = ...`.
        const loc = locColumn(target);
        const frame = loc ? scope.lookup(base) : undefined;
        if (loc?.whole && frame?.kind === 'data') {
          rebind(
            cx,
            base,
            { kind: 'data', node: assignColumn(cx.rec, target, frame.node, loc.column, dataOf(v)) },
            scope,
          );
          return;
        }
        // `df.loc[rows, "age"] = v`: some rows of the column take `v` (and what picked them), the others keep theirs.
        // A row label taken from iterated rows (`for i in df[df.age.isna()].index`) picks one row, it holds no values.
        if (loc && frame?.kind === 'data' && !idx.some((i) => i.kind === 'data' && i.node.parts.length > 0)) {
          const picked = dataOfAll(idx).filter((n) => !n.item);
          const kept = pickColumns(cx.rec, target, frame.node, [loc.column], []) ?? frame.node;
          const values = cx.rec.node(target, [kept, ...dataOf(v), ...picked]);
          rebind(
            cx,
            base,
            { kind: 'data', node: assignColumn(cx.rec, target, frame.node, loc.column, [values]) },
            scope,
          );
          return;
        }
        const nv = cx.rec.derived(target, [old, v, ...idx]);
        // A column under a name made at run time (`df[f"lag_{k}"] = df["sales"].shift(k)`): the frame keeps its rows.
        if (old.kind === 'data' && nv.kind === 'data' && target.value.kind === 'Name' && computedColumn(target.index))
          nv.node.rowsOf = old.node;
        // Values written into the rows a fold or split side picked (`X.loc[val_idx, "enc"] = ...`, out-of-fold
        // encodings and predictions): the frame still holds all of its rows, not those of the side, and is the part
        // it was (an outer fold's training part stays that). A fold number written there (`df.loc[val_idx, "fold"] =
        // k`) marks the folds in the frame, which then carries them.
        if (
          old.kind === 'data' &&
          nv.kind === 'data' &&
          dataOf(v).length > 0 &&
          idx.some((i) => i.kind === 'data' && i.node.parts.length > 0)
        )
          nv.node.parts = [...old.node.parts];
        rebind(cx, base, nv, scope);
      }
      return;
    }
    case 'Attribute': {
      const name = dottedName(target);
      if (!name) return;
      const owner = rootTarget(target.value);
      const ownerValue = owner ? scope.lookup(owner) : undefined;
      if (owner && ownerValue?.kind === 'data') {
        // A statistic given the row labels it will fill (`draws.index = df[df[c].isna()].index`) is still that
        // statistic: no row's values join it.
        if (target.attr === 'index' && ownerValue.node.stat && owner === name.slice(0, name.lastIndexOf('.'))) return;
        // `df.index = pd.to_datetime(df.date)` changes df itself.
        const nv = cx.rec.derived(target, [ownerValue, v]);
        if (target.attr === 'index' && v.kind === 'data' && isDateExpr(cx.imports, valueExpr)) {
          (nv as { node: DataNode }).node.timeOrdered = { span: target, why: 'a datetime index' };
        }
        rebind(cx, owner, nv, scope);
        return;
      }
      (scope.attrs ?? cx.globals).vars.set(name, v);
      return;
    }
    case 'Starred':
      bind(cx, target.value, v, scope, valueExpr);
      return;
    default:
      return;
  }
}

/** `df.loc[rows, "col"]` on a frame followed by name: the column, and whether every row is assigned (`rows` is `:`). */
function locColumn(target: Extract<Expr, { kind: 'Subscript' }>): { column: string; whole: boolean } | undefined {
  const owner = target.value;
  const [rows, col] = target.index;
  if (owner.kind !== 'Attribute' || owner.attr !== 'loc' || owner.value.kind !== 'Name' || target.index.length !== 2)
    return undefined;
  const column = literalColumn([col]);
  if (column === undefined) return undefined;
  return { column, whole: rows.kind === 'Slice' && rows.parts.every((p) => p === undefined) };
}

/** Rebinds a name or dotted attribute where it lives now. */
export function rebind(cx: FlowContext, name: string, v: Value, scope: Scope): void {
  if (name.includes('.')) return void (scope.attrs ?? cx.globals).vars.set(name, v);
  // `df[col] = ...` inside a function changes the frame where it lives (often a global), not a local copy.
  let home: Scope | undefined = scope;
  while (home && !home.vars.has(name)) home = home.parent;
  (home ?? scope).vars.set(name, v);
}

/** Name hints: a split output bound to `X_val` is a validation part; a row slice bound to `test` is a manual split. */
export function noteName(cx: FlowContext, name: string, v: Value, valueExpr: Expr | undefined, at: Expr): void {
  if (v.kind !== 'data') return;
  const n = v.node;
  // Named as a side, or one of two slices of a frame at one bound (`past = df.iloc[:cut]`, `future = df.iloc[cut:]`),
  // unless the frame is train and test files stacked: names tell those apart again (`X_test = words[n_train:]`).
  const bySlice = valueExpr ? cx.sliceSide(valueExpr) : undefined;
  const kind = nameKind(name) ?? (bySlice && !hasConcatOfFiles(n) ? bySlice : undefined);
  if (kind === 'test' || kind === 'val') cx.rec.facts.heldOutNames.push({ from: at.from, to: at.to });
  if (!kind) return;
  if (n.splitOutput) {
    // A development part at the training side of the split that sets the test part aside (`X_dev, X_test = ...`)
    // is the rows left for training and validation, not a validation part.
    if (n.splitOutput.kind === 'train' && kind === 'val' && devName(name)) return;
    if (n.splitOutput.kind !== kind && !(kind === 'test' && n.splitOutput.kind === 'val')) n.splitOutput.kind = kind;
    return;
  }
  if (!valueExpr || n.parents.length === 0) return;
  if (n.parts.length) {
    // The rows left when those of one side are dropped (`test = df.drop(train.index)`, `train` a sample of `df`): the
    // other side of that split, though the labels it drops by come from the first. Rows dropped by labels of their own
    // (`train = train.drop(train[train.area > 4000].index)`) are no side of anything.
    const base = n.parents[0];
    const drop = dropsRowsOf(valueExpr) && n.parts.some((p) => p.split.kind === 'manual' && p.split.inputs[0] === base);
    if (drop) markManualSide(cx, n, base, valueExpr, kind);
    return;
  }
  // Rows picked by a mask kept in a variable (`train = df[msk]`) too.
  if (isRowPick(valueExpr) || (n.masked && valueExpr.kind === 'Subscript')) {
    markManualSide(cx, n, pickedFrom(n, valueExpr), valueExpr, kind);
    // A pick from a frame with assigned columns keeps a base of its own for the columns picked from it later
    // (`test[features]`): made by the same pick, it holds the same rows. Not for rows a frame keeps of its own
    // (`df_train = df_train[mask]`), whose columns go on as they were.
    const own = n.frame?.base;
    if (own && rootTarget(valueExpr) !== name && own.span.from === n.span.from && own.span.to === n.span.to)
      own.parts = [...n.parts];
    return;
  }
  // A row pick whose columns are then trimmed (`all_data[all_data.is_train == 1].drop(columns="is_train")`,
  // `df[df.is_train == 1]["survived"]`): the side is the rows picked, and what the pick became keeps them.
  const pick = rowPickUnder(valueExpr);
  if (!pick) return;
  const chain: DataNode[] = [n];
  for (let i = 0; i < 6 && chain[0].parents.length; i++) {
    const at = chain[0].parents[0];
    if (at.parts.length) return;
    chain.unshift(at);
    if (at.span.from === pick.from && at.span.to === pick.to) break;
  }
  const picked = chain[0];
  if (picked.span.from !== pick.from || picked.span.to !== pick.to || !picked.parents.length) return;
  markManualSide(cx, n, picked.parents[0], pick, kind);
  for (const x of chain.slice(0, -1)) x.parts = [...n.parts];
}

/**
 * The rows a pick takes its rows from: the frame itself for `df.iloc[idx[:800]]` (each `df.iloc` is an accessor of its
 * own), so the parts picked by two statements are sides of one split of `df`.
 */
function pickedFrom(n: DataNode, e: Expr): DataNode {
  const base = n.parents[0];
  const accessor =
    e.kind === 'Subscript' &&
    e.value.kind === 'Attribute' &&
    (e.value.attr === 'iloc' || e.value.attr === 'loc') &&
    base.span.from === e.value.from &&
    base.span.to === e.value.to &&
    base.parents.length === 1;
  return accessor ? base.parents[0] : base;
}

/** Steps that keep every row of what they are given: only columns change (dropped, picked, converted). */
const ROW_KEEPING = new Set(['drop', 'copy', 'reset_index', 'to_numpy', 'astype', 'rename']);

/** The row pick under steps that keep its rows (`df[mask].drop(columns=...)`, `df[mask]["y"]`), if any. */
function rowPickUnder(e: Expr): Expr | undefined {
  let cur = e;
  for (let depth = 0; depth < 5; depth++) {
    if (cur.kind === 'Call' && cur.func.kind === 'Attribute' && ROW_KEEPING.has(cur.func.attr)) {
      // `drop` keeps the rows when it drops columns only: `axis=1` or `columns=`.
      if (cur.func.attr === 'drop' && !dropsColumns(cur)) return undefined;
      cur = cur.func.value;
    } else if (cur.kind === 'Attribute' && cur.attr === 'values') cur = cur.value;
    else if (cur.kind === 'Subscript' && literalColumns(cur.index)) cur = cur.value;
    else return undefined;
    if (isRowPick(cur)) return cur;
  }
  return undefined;
}

/** Makes `n`, rows picked from `base` at `pick`, the `kind` side of the manual split of `base`. */
export function markManualSide(cx: FlowContext, n: DataNode, base: DataNode, pick: Expr, kind: PartKind): void {
  const mark = cx.rec.manualSide(base, pick, kind);
  n.parts = [mark];
  n.splitOutput = mark;
}

/** A column name made at run time: an f-string, or a string joined to another (`col + "_log"`). */
function computedColumn(index: readonly Expr[]): boolean {
  const k = index.length === 1 ? index[0] : undefined;
  if (k?.kind === 'Constant') return k.type === 'fstr';
  if (k?.kind === 'Other') return k.nodeName === 'FormatString';
  return (
    k?.kind === 'Binary' &&
    k.op === '+' &&
    [k.left, k.right].some((e) => e.kind === 'Constant' && (e.type === 'str' || e.type === 'fstr'))
  );
}
