// Expressions: names, attributes, subscripts, operators, comprehensions and the other forms, each turned
// into the value it holds. Column picks, row picks, masks and comparisons of predictions are noted here.
import { dottedName } from '../python/imports';
import type { CallExpr, Expr } from '../python/ast';
import { BUILTINS, NOT_COLUMNS, SELECTION_ATTRS } from '../libraries/dataFlow';
import { CV_SCORE_ATTRIBUTES } from '../libraries/tuning';
import { bind, element } from './binding';
import type { FlowContext } from './context';
import type { DataNode, PartMark } from './facts';
import { picksOneFile } from './lineage';
import { MASK_OPS, isRowPick, literalColumns, qualifiedIn } from './syntax';
import {
  columnNames,
  dropColumns,
  keepColumns,
  leftOut,
  namedColumns,
  namesIn,
  namesOnly,
  pickColumns,
} from './columns';
import { Scope, UNKNOWN, type Value, dataOf, importedConstant, joinPath, truth } from './values';

/** The value of an expression; calls in it are evaluated through `cx.call`. */
export function expr(cx: FlowContext, e: Expr, scope: Scope): Value {
  switch (e.kind) {
    case 'Name': {
      const v = scope.lookup(e.id);
      if (v) return v;
      if (cx.imports.byName.has(e.id)) return UNKNOWN;
      if (BUILTINS.has(e.id)) return UNKNOWN;
      // A path constant of a module imported with `*` (`from config import *`, then `BALANCED_DATASET_PATH`).
      const path = importedConstant(e.id, scope);
      if (path) return { kind: 'const', value: path };
      // A name defined elsewhere (another cell's magic, a star import): one opaque source, shared by every use.
      const o = cx.rec.opaque(e);
      cx.globals.vars.set(e.id, o);
      if (o.kind === 'data') cx.rec.facts.freeNames.set(e.id, { node: o.node, span: { from: e.from, to: e.to } });
      return o;
    }
    case 'Attribute': {
      const dotted = dottedName(e);
      if (dotted) {
        const v = scope.lookup(dotted);
        if (v) return v;
      }
      const base = cx.expr(e.value, scope);
      // `obj.data` of an instance of the unit's own class: what its methods bound to `self.data`.
      if (base.kind === 'instance') return base.attrs.vars.get(`self.${e.attr}`) ?? UNKNOWN;
      // `prep.X_test` of an instance of another module's class whose methods split the rows it holds.
      const cls = base.kind === 'foreign' ? base.qualified : base.kind === 'data' ? base.node.ownClass : undefined;
      const member = cls ? cx.seeds?.members?.get(cls)?.get(e.attr) : undefined;
      if (member && (base.kind === 'foreign' || base.kind === 'data'))
        return { kind: 'data', node: cx.rec.memberPart(e, base, member, cls!) };
      if (base.kind === 'object') {
        if (e.attr === 'best_estimator_') return base;
        if (base.obj.role === 'search' && CV_SCORE_ATTRIBUTES.has(e.attr)) base.obj.foldScoresRead = true;
        // What a fitted model or selector says of the columns is a statistic of the rows it was fit on.
        const fit = cx.rec.lastFit.get(base.obj);
        if (SELECTION_ATTRS.has(e.attr) && fit?.data)
          return { kind: 'data', node: cx.rec.selection(e, e.attr, fit, fit.data) };
        // A clusterer's `labels_`: the rows it was fit on, transformed into their clusters.
        if (e.attr === 'labels_' && base.obj.role === 'transformer' && fit?.data)
          return cx.rec.transformed(e, fit, { kind: 'data', node: fit.data });
        return UNKNOWN;
      }
      if (base.kind === 'data') {
        const picked = NOT_COLUMNS.has(e.attr) ? undefined : pickColumns(cx.rec, e, base.node, [e.attr], []);
        const n = picked ?? cx.rec.node(e, [base.node]);
        if (base.node.grouped) n.grouped = true;
        if (!NOT_COLUMNS.has(e.attr) && !base.node.stat) {
          n.column = e.attr;
          n.series = true;
        }
        if (e.attr === 'columns' && !base.node.stat) n.columnsBut = [];
        if (e.attr === 'index' && !base.node.stat) n.labels = true;
        // `M[:, idx].T`: the columns picked are the rows of the transpose (examples kept as columns).
        if (e.attr === 'T' && base.node.columnPick) n.rowsChanged = true;
        // `.cat.codes` (or a Categorical's `.codes`) numbers the categories its dtype learned.
        if (e.attr === 'codes')
          for (const c of categoryDtypes(base.node)) cx.rec.vocabulary(c.span, c.qualified, c.input, n);
        return { kind: 'data', node: n };
      }
      return UNKNOWN;
    }
    case 'Call':
      return cx.call(e, scope);
    case 'Subscript': {
      const base = cx.expr(e.value, scope);
      // The end of a slice of rows by label (`df.loc[:train_end]`), kept to tell which rows it picks.
      let sliceEnd: Value | undefined;
      const idx = e.index.map((i, k) => {
        if (k > 0 || i.kind !== 'Slice' || i.parts[0] || !i.parts[1] || i.parts[2]) return cx.expr(i, scope);
        sliceEnd = cx.expr(i.parts[1], scope);
        return UNKNOWN;
      });
      if (
        base.kind === 'tuple' &&
        e.index.length === 1 &&
        e.index[0].kind === 'Constant' &&
        typeof e.index[0].value === 'number'
      ) {
        const i = e.index[0].value;
        return base.items[i < 0 ? base.items.length + i : i] ?? UNKNOWN;
      }
      // `clfs[:-1]` of a list of models (the pruning path's trivial last tree dropped): models of the same making. A
      // list filled in a loop holds one item per statement that appends, not one per turn, so the slice keeps them all.
      if (
        base.kind === 'tuple' &&
        e.index.length === 1 &&
        e.index[0].kind === 'Slice' &&
        base.items.length &&
        base.items.every((i) => i.kind === 'object')
      )
        return base;
      // `list(models.values())[i]` in a loop over the positions: one of the models of a list, as a loop over them
      // gives (not an item of a dict by a key, nor one picked by a number from elsewhere: which one is not known).
      const at = e.index.length === 1 ? e.index[0] : undefined;
      if (
        base.kind === 'tuple' &&
        at?.kind === 'Name' &&
        cx.rec.loops.some((l) => l.names.has(at.id)) &&
        base.items.length &&
        base.items.every((i) => i.kind === 'object')
      ) {
        if (!base.keys || e.value.kind === 'Call') return base.items[0];
        // A dict filled in the loop under keys made at run time (`encoders[col] = LabelEncoder()`, then
        // `encoders[col].fit(...)`): the item the loop put there last.
        const made = base.items.filter((_, i) => base.keys![i] === undefined);
        if (made.length) return made[made.length - 1];
      }
      // `models["rf"]` of a dict written out: the item under that key.
      const key0 = e.index.length === 1 ? e.index[0] : undefined;
      if (base.kind === 'tuple' && base.keys && key0?.kind === 'Constant' && typeof key0.value === 'string') {
        const at = base.keys.indexOf(key0.value);
        return at >= 0 ? (base.items[at] ?? UNKNOWN) : UNKNOWN;
      }
      // `np.c_[x, y, z]`: the arrays side by side, as columns.
      if (base.kind !== 'data')
        return qualifiedIn(cx.imports, e.value, scope) === 'numpy.c_' ? cx.rec.derived(e, idx) : UNKNOWN;
      // One column of every group's statistics (`df.groupby("city").mean()["price"]`): the statistic of that column.
      const st = base.node.stat;
      const key0s = e.index.length === 1 && e.index[0].kind === 'Constant' ? e.index[0].value : undefined;
      if (st?.kind === 'group' && !st.column && typeof key0s === 'string')
        return { kind: 'data', node: cx.rec.statNode(e, 'group', st.method, st.input, [], key0s) };
      // Rows picked by a part of a split of their positions (`train_idx, test_idx = train_test_split(np.arange(n))`,
      // then `X[train_idx]`): that split splits these rows too.
      if (idx.length === 1 && idx[0].kind === 'data') indexedBySplit(base.node, idx[0].node);
      // Named columns of a frame whose columns were assigned one by one carry only what went into those.
      const named = literalColumns(e.index) ?? namedColumns(idx);
      // `df[cols]` with `cols` every column but some: the frame without those.
      const but = idx.length === 1 && idx[0].kind === 'data' ? idx[0].node.columnsBut : undefined;
      const precise =
        (named && pickColumns(cx.rec, e, base.node, named, [])) ||
        (but?.length ? dropColumns(cx.rec, e, base.node, but) : undefined);
      const out = (precise ? { kind: 'data', node: precise } : cx.rec.derived(e, [base, ...idx])) as {
        kind: 'data';
        node: DataNode;
      };
      if (base.node.grouped) out.node.grouped = true;
      // `df_train[num_cols]` with `num_cols` names of columns (`[c for c in df.columns if c != "y"]`): the same rows.
      if (but?.length) out.node.allBut = but;
      if (!precise && but) out.node.columnPick = true;
      const key = e.index.length === 1 ? e.index[0] : undefined;
      // The column named by a string, written out or held by a name (`target = "sales"`, then `df[target]`).
      const keyName =
        key?.kind === 'Constant'
          ? key.value
          : key?.kind === 'Name' && idx[0]?.kind === 'const'
            ? idx[0].value
            : undefined;
      if (typeof keyName === 'string') {
        out.node.column = keyName;
        out.node.series = true;
      } else if (
        key?.kind === 'List' &&
        key.elts.length === 1 &&
        key.elts[0].kind === 'Constant' &&
        typeof key.elts[0].value === 'string'
      )
        out.node.column = key.elts[0].value;
      const first = e.index[0];
      if (e.index.length >= 2 && first.kind === 'Slice' && first.parts.every((p) => p === undefined))
        out.node.columnPick = true;
      // A slice of column names (`df.columns[1:-1]`) holds no more of them than the whole.
      if (base.node.columnsBut && e.index.length === 1 && first.kind === 'Slice')
        out.node.columnsBut = [...base.node.columnsBut];
      const names = idx.length === 1 && idx[0].kind === 'tuple' ? idx[0].items : [];
      if (names.length && names.every((i) => i.kind === 'const' && typeof i.value === 'string'))
        out.node.columns = names.map((i) => (i as { value: string }).value);
      // `df[keep]` where `keep` holds a comparison (`keep = df.x < df.x.quantile(.99)`) picks rows too.
      const maskName =
        e.index.length === 1 && e.index[0].kind === 'Name' && idx[0]?.kind === 'data' && cx.rec.masks.has(idx[0].node);
      if (isRowPick(e) || maskName) {
        out.node.rowsChanged = true;
        const first = e.index[0];
        if (maskName || (first?.kind === 'Binary' && MASK_OPS.test(first.op))) out.node.masked = true;
        if (picksOneFile(base.node, first) || (first?.kind === 'Slice' && picksStackedFile(base.node, first, scope)))
          out.node.oneFile = true;
        cx.rec.markFilters(idx, e.index);
        if (base.node.timeOrdered && (e.index[0]?.kind === 'Slice' || e.index[0]?.kind === 'Binary'))
          out.node.timeCut = { from: e.from, to: e.to };
        if (first?.kind === 'Slice' && !first.parts[0] && first.parts[1] && !first.parts[2])
          out.node.headOf = base.node;
        // Rows up to the last label of a training part (`df.loc[:train.index.max()]`, `df[df.index <= end]`, with
        // `end = train.index.max()`): that part's rows, picked again from the frame it was cut from.
        const upTo =
          sliceEnd ??
          (first?.kind === 'Binary' && (first.op === '<=' || first.op === '<') && idx[0]?.kind === 'data'
            ? { kind: 'data' as const, node: idx[0].node.parents[1] }
            : undefined);
        const part = upTo && trainingEnd(upTo);
        if (part) out.node.parts = [...part];
        if (base.node.frame && !out.node.frame && !out.node.columns)
          keepColumns(
            cx.rec,
            e,
            base.node,
            out.node,
            idx.flatMap((v) => dataOf(v)),
          );
      }
      return out;
    }
    case 'Constant':
      return { kind: 'const', value: e.value };
    case 'Tuple':
    case 'List':
    case 'Set': {
      const items = e.elts.map((x) => cx.expr(x, scope));
      // `combine = [train_df, test_df]`: a loop over it changes those frames in place.
      if (e.kind !== 'Set' && e.elts.length > 1 && e.elts.every((x) => x.kind === 'Name'))
        return { kind: 'tuple', items, names: e.elts.map((x) => (x as { id: string }).id) };
      return { kind: 'tuple', items };
    }
    case 'Dict': {
      const vals = e.items.map((i) => {
        if (i.key) cx.expr(i.key, scope);
        return cx.expr(i.value, scope);
      });
      const keys = e.items.map((i) =>
        i.key?.kind === 'Constant' && typeof i.key.value === 'string' ? i.key.value : undefined,
      );
      return { kind: 'tuple', items: vals, keys };
    }
    case 'Binary': {
      const l = cx.expr(e.left, scope);
      const r = cx.expr(e.right, scope);
      // `features + ["cluster"]`: lists of column names joined.
      if (e.op === '+' && l.kind === 'tuple' && r.kind === 'tuple' && namesOnly(l) && namesOnly(r))
        return { kind: 'tuple', items: [...l.items, ...r.items] };
      // `set(df.columns) - {"id", "target"}`: the column names less those.
      if (e.op === '-' && l.kind === 'data' && l.node.columnsBut && r.kind === 'tuple' && namesOnly(r))
        return { kind: 'data', node: columnNames(cx.rec, e, l.node, namesIn(r) ?? []) };
      // `ROOT / "data" / "features.csv"`: a path (no rows are divided by a string), whose file name is what a later
      // read or write is matched by.
      if (e.op === '/' && r.kind === 'const' && typeof r.value === 'string')
        return l.kind === 'const' && typeof l.value === 'string' && !r.value.startsWith('/')
          ? { kind: 'const', value: joinPath([l.value, r.value]) }
          : r;
      if (l.kind !== 'data' && r.kind !== 'data') {
        // `np.random.rand(len(df)) < 0.8`: a random mask, whose rows and the others (`df[msk]`, `df[~msk]`) split.
        if (!RANDOM_CUT.test(e.op) || !(randomDraw(cx, e.left, scope) || randomDraw(cx, e.right, scope)))
          return UNKNOWN;
        const mask = cx.rec.node(e, []);
        cx.rec.masks.add(mask);
        return { kind: 'data', node: mask };
      }
      // `(pred != y_test).mean()` is an error rate: an evaluation of the model that predicted.
      if ((e.op === '==' || e.op === '!=') && l.kind === 'data' && r.kind === 'data') {
        // Only the predictions themselves: `pred.shape == y.shape` compares sizes, not answers.
        const p = l.node.prediction ? l.node : r.node.prediction ? r.node : undefined;
        if (p?.prediction) cx.rec.evaluation(e, p.prediction.object, p.prediction.fit, p.prediction.input);
      }
      const out = cx.rec.derived(e, [l, r]);
      if (out.kind === 'data' && MASK_OPS.test(e.op)) cx.rec.masks.add(out.node);
      // A column moved by its own largest, smallest or mean value (`df.year.max() - df.year`, a car's age from the
      // newest year): every value moves by one constant.
      if (out.kind === 'data' && (e.op === '+' || e.op === '-') && l.kind === 'data' && r.kind === 'data') {
        const st = l.node.stat ?? r.node.stat;
        if (st && !(l.node.stat && r.node.stat) && LOCATION.has(st.method)) cx.rec.markShift(out.node);
      }
      // `df.age.max() + 1` is still an edge no value of the column is beyond; `df.age.min() - 1` too.
      const open = l.kind === 'data' ? cx.rec.openEdges.get(l.node) : undefined;
      if (
        out.kind === 'data' &&
        open &&
        r.kind === 'const' &&
        typeof r.value === 'number' &&
        r.value >= 0 &&
        e.op === (open.edge === 'upper' ? '+' : '-')
      )
        cx.rec.openEdges.set(out.node, { edge: open.edge, beyond: open.beyond || r.value > 0 });
      return out;
    }
    case 'Unary': {
      const v = cx.expr(e.operand, scope);
      return v.kind === 'data' ? cx.rec.derived(e, [v]) : UNKNOWN;
    }
    case 'Conditional': {
      const t = cx.expr(e.test, scope);
      // A test whose value is known here (`X_test is None` of a parameter handed rows): only that side is taken.
      const known = truth(e.test, scope);
      if (known !== undefined) return cx.expr(known ? e.body : e.orelse, scope);
      const a = cx.expr(e.body, scope);
      const b = cx.expr(e.orelse, scope);
      if (a.kind === 'object') return a;
      if (b.kind === 'object') return b;
      // `"other" if x in rare else x`: which value a row keeps is decided by its membership in a statistic (the
      // categories counted rare over the rows), so the result carries that statistic's use.
      const member =
        e.test.kind === 'Binary' &&
        (e.test.op === 'in' || e.test.op === 'not in') &&
        t.kind === 'data' &&
        t.node.parents.some((p) => p.stat);
      if (a.kind === 'data' || b.kind === 'data') return cx.rec.derived(e, member ? [a, b, t] : [a, b]);
      // `1 if x > mean else 0`: a code a threshold alone decides, as `(x > mean).astype(int)` is.
      if (
        t.kind === 'data' &&
        e.test.kind === 'Binary' &&
        /^[<>]=?$/.test(e.test.op) &&
        a.kind === 'const' &&
        b.kind === 'const'
      )
        return cx.rec.derived(e, [t]);
      return a;
    }
    case 'Comprehension': {
      const inner = new Scope(scope, scope.attrs);
      const parents: Value[] = [];
      for (const g of e.generators) {
        const it = cx.expr(g.iter, inner);
        parents.push(it);
        bind(cx, g.target, element(cx, it, g.iter), inner, undefined);
        for (const i of g.ifs) cx.expr(i, inner);
      }
      if (e.key) cx.expr(e.key, inner);
      const v = cx.expr(e.elt, inner);
      if (v.kind === 'object') return { kind: 'tuple', items: [v] };
      // `[c for c in df.columns if c not in ["id", "target"]]`: the column names less those. Any other condition
      // keeps fewer names still, which the pick of them cannot know: it keeps every name not left out.
      const g = e.generators.length === 1 ? e.generators[0] : undefined;
      const names = parents[0]?.kind === 'data' ? parents[0].node : undefined;
      if (g && names?.columnsBut && !e.key && g.target.kind === 'Name' && e.elt.kind === 'Name') {
        if (e.elt.id === g.target.id)
          return { kind: 'data', node: columnNames(cx.rec, e, names, leftOut(g.target.id, g.ifs, inner)) };
      }
      // `[c for c in ["lead_time", "adr"] if c in numeric_cols]`: some of those names, which no pick of them can tell
      // apart, so all of them (as for the names a frame lists, above); never rows of their own.
      const listed = parents[0];
      if (g && !e.key && g.target.kind === 'Name' && e.elt.kind === 'Name' && e.elt.id === g.target.id)
        if (listed?.kind === 'tuple' && listed.items.length && namesOnly(listed)) return listed;
      // What each name gives (`{col: df[col].nunique() for col in cat_cols}`) derives from its own values, not from the
      // list of names it went through: a dict of statistics by column is not those statistics put back into rows.
      if (v.kind === 'data') return cx.rec.derived(e, [v, ...parents.filter((p) => !isNameList(p))]);
      return cx.rec.derived(e, [v, ...parents]);
    }
    case 'Starred':
      return cx.expr(e.value, scope);
    case 'Lambda': {
      // `study.optimize(lambda trial: objective(trial, X_train, X_test))`: the objective runs on the parts handed in.
      if (!e.params.some((p) => p.name === 'trial')) return UNKNOWN;
      const inner = new Scope(scope, scope.attrs);
      for (const p of e.params) inner.vars.set(p.name, UNKNOWN);
      cx.expr(e.body, inner);
      return UNKNOWN;
    }
    case 'Slice':
      for (const p of e.parts) if (p) cx.expr(p, scope);
      return UNKNOWN;
    case 'Other': {
      const vals = e.children.map((c) => cx.expr(c, scope));
      return vals.some((v) => v.kind === 'data') ? cx.rec.derived(e, vals) : vals.length === 1 ? vals[0] : UNKNOWN;
    }
  }
}

/** True for the column names a frame lists (`df.columns`, `df.select_dtypes("object").columns`), less some. */
function isNameList(v: Value): boolean {
  return v.kind === 'data' && !!v.node.columnsBut;
}

/** An unknown callable: its result is data derived from whatever data went in. */
export function argsOnly(cx: FlowContext, call: CallExpr, scope: Scope, extra?: Value): Value {
  const vals = [...call.args.map((a) => cx.expr(a, scope)), ...call.keywords.map((k) => cx.expr(k.value, scope))];
  if (extra) vals.push(extra);
  return derivedFrom(cx, call, vals);
}

/** The data a call derives from values already evaluated, or unknown when none of them holds data. */
export function derivedFrom(cx: FlowContext, call: CallExpr, vals: Value[]): Value {
  if (!vals.some((v) => dataOf(v).length)) return UNKNOWN;
  return cx.rec.derived(call, vals);
}

/**
 * The category dtypes whose codes `n` reads, in the order they are written: the nearest columns up its lineage (a
 * few steps, through `.cat`, column picks and the columns a frame was assigned one by one) that `astype("category")`
 * or `pd.Categorical` turned into categories.
 */
function categoryDtypes(n: DataNode): Array<NonNullable<DataNode['categoriesOf']>> {
  const out: Array<NonNullable<DataNode['categoriesOf']>> = [];
  const seen = new Set<DataNode>();
  let frontier = [n];
  for (let depth = 0; depth < 6 && frontier.length; depth++) {
    const next: DataNode[] = [];
    for (const f of frontier) {
      if (seen.has(f) || f.stat) continue;
      seen.add(f);
      if (f.categoriesOf) out.push(f.categoriesOf);
      // A frame's assigned columns hold their latest values: one step from the frame, however many were assigned.
      else if (f.frame) next.push(f.frame.base, ...[...f.frame.columns.values()].flat());
      else next.push(...f.parents);
    }
    frontier = next;
  }
  return out.sort((a, b) => a.span.from - b.span.from);
}

/**
 * True when a slice by position of train and test rows stacked (`full[:n_train]`, `full.iloc[n_train:]`) cuts at the
 * number of rows of the first file stacked (`n_train = len(train)`, `len(train)`, `train.shape[0]`): the rows of one
 * file taken back.
 */
function picksStackedFile(frame: DataNode, slice: Extract<Expr, { kind: 'Slice' }>, scope: Scope): boolean {
  const [lower, upper, step] = slice.parts;
  if (step || !lower === !upper) return false;
  const bound = (lower ?? upper)!;
  const rowsOf = (e: Expr): DataNode | undefined => {
    if (e.kind === 'Name') {
      const v = scope.lookup(e.id);
      return v?.kind === 'unknown' ? v.lengthOf : undefined;
    }
    let counted: Expr | undefined;
    if (e.kind === 'Call' && e.func.kind === 'Name' && e.func.id === 'len' && e.args.length === 1) counted = e.args[0];
    else if (
      e.kind === 'Subscript' &&
      e.value.kind === 'Attribute' &&
      e.value.attr === 'shape' &&
      e.index.length === 1 &&
      e.index[0].kind === 'Constant' &&
      e.index[0].value === 0
    )
      counted = e.value.value;
    if (counted?.kind !== 'Name') return undefined;
    const v = scope.lookup(counted.id);
    return v?.kind === 'data' ? v.node : undefined;
  };
  const counted = rowsOf(bound);
  if (!counted) return false;
  let stack: DataNode | undefined = frame;
  for (let i = 0; stack && !stack.concatOfFiles && i < 40; i++) stack = stack.rowsOf ?? stack.parents[0];
  const first = stack?.concatOfFiles ? stack.parents[0] : undefined;
  // The first file as stacked, or what it was made from without a change of rows (`train.drop(columns="y")`).
  for (let n: DataNode | undefined = first, i = 0; n && i < 12; n = n.parents[0], i++) {
    if (n === counted) return true;
    if (n.rowsChanged) return false;
  }
  return false;
}

/** Comparisons that cut uniform draws at a share. */
const RANDOM_CUT = /^(<|>|<=|>=)$/;
/** NumPy's uniform draws in [0, 1), by the function's last name. */
const UNIFORM_DRAWS = new Set(['rand', 'random', 'random_sample', 'uniform']);

/** True for a call of NumPy's uniform draws: `np.random.rand(n)`, `np.random.default_rng(0).random(n)`. */
function randomDraw(cx: FlowContext, e: Expr, scope: Scope): boolean {
  if (e.kind !== 'Call' || e.func.kind !== 'Attribute' || !UNIFORM_DRAWS.has(e.func.attr)) return false;
  const q = qualifiedIn(cx.imports, e.func, scope);
  if (q) return q.startsWith('numpy.random.');
  // A generator's method (`rng.random(len(df))`) of `rng = np.random.default_rng(...)`.
  return e.func.attr === 'random' && e.func.value.kind === 'Name' && /rng|random|gen/i.test(e.func.value.id);
}

/** How many frames one split of positions is taken to split (`X[train_idx]`, `y[train_idx]`, `df.iloc[...]`). */
const MAX_INDEXED = 8;

/** Adds `rows` to the inputs of the split whose part of positions `index` is, when the split was of positions. */
function indexedBySplit(rows: DataNode, index: DataNode): void {
  const split = index.splitOutput?.split;
  if (!split || split.kind === 'cv' || split.inputs.includes(rows) || split.inputs.length >= MAX_INDEXED) return;
  // Positions only: a split of frames is picked from by rows of its own parts, not by position.
  if (split.inputs.some((i) => i.frame || i.column !== undefined)) return;
  if (rows.parts.length || rows.stat) return;
  split.inputs.push(rows);
}

/**
 * The parts of a training split whose last row label `v` is (`train.index.max()`): rows of the frame up to it are
 * the training rows, when the rows are in the order of their labels.
 */
function trainingEnd(v: Value): readonly PartMark[] | undefined {
  const st = v.kind === 'data' ? v.node?.stat : undefined;
  if (st?.method !== 'max' || !st.input.labels) return undefined;
  const parts = st.input.parts;
  return parts.length && parts.every((p) => p.kind === 'train') ? parts : undefined;
}

/** Statistics that locate a column's values (where they start, end or centre) without scaling them. */
const LOCATION = new Set(['max', 'min', 'mean', 'median']);
