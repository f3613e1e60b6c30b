// Methods called on values the pass follows: on library objects (fit, transform, predict, score, split)
// and on data (pandas and NumPy methods that summarise, pick, reorder, write or change rows in place).
import type { CallExpr, Expr } from '../python/ast';
import { dottedName } from '../python/imports';
import { isKerasTuner } from '../libraries/tuning';
import { ROW_CHANGING, STAT_METHODS, TIME_METHODS, WRITE_METHODS } from '../libraries/dataFlow';
import { rebind } from './binding';
import type { FlowContext } from './context';
import { argsOnly } from './expressions';
import type { DataNode, MlObject } from './facts';
import { fileMarkers, isTestData, joinsFiles } from './lineage';
import { arg, dropsColumns, kw, literalColumns, mentionsDate, rootTarget, rowWise } from './syntax';
import { tablePath } from './paths';
import { columnNames, dropColumns, groupColumns, keepColumns, mergeColumns, namedColumns, namesIn } from './columns';
import {
  Scope,
  UNKNOWN,
  type Value,
  constString,
  dataOf,
  dataOfAll,
  firstData,
  lastEvalEntry,
  objectsOf,
} from './values';

/**
 * Where a statistic method takes its axis by position: first for pandas' and NumPy's reductions (`df[cols].sum(1)`
 * counts along each row), second for `quantile(q, axis)`; -1 where it takes none.
 */
function axisAt(method: string): number {
  if (method === 'quantile') return 1;
  return AXIS_FIRST.has(method) ? 0 : -1;
}
const AXIS_FIRST = new Set(['mean', 'median', 'mode', 'std', 'var', 'min', 'max', 'sum', 'count', 'nunique', 'prod']);

/** Methods that pick or reorder rows and keep every column as it was. */
const FRAME_KEEPING = new Set(['copy', 'reset_index', 'sort_values', 'sort_index', 'dropna', 'drop_duplicates']);
/** A method of a library object: fits, transforms, predictions, scores, CV splits, `set_params`. */
export function objectMethod(cx: FlowContext, call: CallExpr, method: string, obj: MlObject, scope: Scope): Value {
  // A Keras Tuner's `search(x, y, validation_data=...)` fits a network per candidate, as `fit` does one.
  if (method === 'search' && isKerasTuner(obj.qualified)) return objectMethod(cx, call, 'fit', obj, scope);
  switch (method) {
    case 'fit_on_texts':
    case 'adapt':
      if (obj.role !== 'transformer') return argsOnly(cx, call, scope);
      return objectMethod(cx, { ...call }, 'fit', obj, scope);
    case 'fit':
    case 'partial_fit':
    case 'fit_transform':
    case 'fit_resample':
    case 'fit_sample':
    case 'fit_predict': {
      const xExpr = arg(call, 0, 'X', 'x');
      const yExpr = arg(call, 1, 'y');
      // A statsmodels model fits the rows it was made with (`sm.OLS(y, X).fit()`).
      const made = xExpr ? undefined : obj.given;
      const given = (n: DataNode | undefined): Value | undefined => (n ? { kind: 'data', node: n } : undefined);
      const xv = xExpr ? cx.expr(xExpr, scope) : given(made?.rows);
      const yv = yExpr ? cx.expr(yExpr, scope) : given(made?.target);
      const evalData: DataNode[] = [];
      let watched: DataNode[] | undefined;
      const callbacks: MlObject[] = [];
      const keywords = new Set<string>();
      for (const k of call.keywords) {
        if (k.value === xExpr || k.value === yExpr) continue;
        const v = cx.expr(k.value, scope);
        if (!k.name) continue;
        keywords.add(k.name);
        if (k.name === 'eval_set' || k.name === 'validation_data') {
          dataOf(v, evalData);
          watched = lastEvalEntry(obj.qualified, v) ?? watched;
        }
        if (k.name === 'callbacks') objectsOf(v, callbacks);
        if (k.name === 'eval_set' || k.name === 'validation_data' || k.name === 'validation_split')
          cx.rec.facts.heldOutKeywords.push({ from: k.from, to: k.to });
      }
      for (const a of call.args.slice(2)) cx.expr(a, scope);
      // A network trained for each number of epochs or batch size of a loop: the loop tunes them.
      if (obj.role === 'keras-model') {
        const settings = call.keywords.filter((k) => k.name === 'epochs' || k.name === 'batch_size');
        if (settings.length) tunedByCall(cx, obj, { ...call, args: [], keywords: settings });
      }
      const fit = cx.rec.fit({
        object: obj,
        call,
        method,
        data: firstData(xv),
        target: firstData(yv),
        evalData,
        watched,
        keywords,
        callbacks,
      });
      if (obj.role === 'search') {
        const splitter = objectsOf(kwValue(cx, obj.call, 'cv', scope))[0];
        const split = cx.rec.cvSplit(call, splitter, fit.data ? [fit.data] : [], obj.inner[0]);
        split.search = obj;
        cx.rec.cv(call, obj.qualified, obj.inner[0], fit.data, split, fit.target);
      } else if (INTERNAL_CV.test(obj.qualified) && method === 'fit') {
        // `LassoCV`, `LogisticRegressionCV`, `RFECV` choose their setting by cross-validation on the rows they fit.
        const splitter = objectsOf(kwValue(cx, obj.call, 'cv', scope))[0];
        const split = cx.rec.cvSplit(call, splitter, fit.data ? [fit.data] : [], obj);
        cx.rec.cv(call, obj.qualified, obj, fit.data, split, fit.target);
      }
      if (method === 'fit_transform') return cx.rec.transformed(call, fit, xv);
      if (method === 'fit_resample' || method === 'fit_sample') {
        const r = cx.rec.resample(call, obj.qualified, [...dataOf(xv), ...dataOf(yv)]);
        const xs = cx.rec.node(call, dataOf(xv));
        const ys = cx.rec.node(call, dataOf(yv));
        xs.resampledBy = r;
        ys.resampledBy = r;
        return {
          kind: 'tuple',
          items: [
            { kind: 'data', node: xs },
            { kind: 'data', node: ys },
          ],
        };
      }
      // A clusterer's labels of the rows it was fit on are what it learnt from them: a transform, not a prediction.
      if (method === 'fit_predict')
        return obj.role === 'transformer' ? cx.rec.transformed(call, fit, xv) : cx.rec.predicted(call, obj, fit, xv);
      return { kind: 'object', obj };
    }
    case 'texts_to_sequences':
    case 'texts_to_matrix':
    case 'transform':
    case 'inverse_transform': {
      const xv = call.args[0] ? cx.expr(call.args[0], scope) : undefined;
      for (const k of call.keywords) cx.expr(k.value, scope);
      const fit = cx.rec.lastFit.get(obj);
      if (!fit) return cx.rec.derived(call, [xv]);
      return cx.rec.transformed(call, fit, xv);
    }
    case 'predict':
    case 'predict_proba':
    case 'predict_log_proba':
    case 'decision_function': {
      const xExpr = obj.given ? arg(call, 0, 'exog') : call.args[0];
      let xv = xExpr ? cx.expr(xExpr, scope) : undefined;
      for (const k of call.keywords) if (k.value !== xExpr) cx.expr(k.value, scope);
      const fit = cx.rec.lastFit.get(obj);
      // A statsmodels result asked for predictions of nothing gives those of the rows it was fit on.
      if (!xExpr && obj.given && fit?.data) xv = { kind: 'data', node: fit.data };
      // The cluster a clusterer assigns rows to is a transform by what it learnt.
      if (obj.role === 'transformer' && fit) return cx.rec.transformed(call, fit, xv);
      return cx.rec.predicted(call, obj, fit, xv);
    }
    case 'score':
    case 'evaluate': {
      const xExpr = arg(call, 0, 'X', 'x');
      const xv = xExpr ? cx.expr(xExpr, scope) : undefined;
      for (const a of call.args.slice(1)) cx.expr(a, scope);
      for (const k of call.keywords) if (k.value !== xExpr) cx.expr(k.value, scope);
      const scored = firstData(xv);
      cx.rec.evaluation(call, obj, cx.rec.lastFit.get(obj), scored);
      // A network's score per epoch (`model.evaluate(test_ds)`); scikit-learn's `score` in a loop over candidates is
      // a choice of model the selection rules follow.
      if (method === 'evaluate' && scored && cx.rec.loops.length && isTestData(scored))
        cx.fns.testScoreCalls.set(call.from, { from: call.from, to: call.to });
      return UNKNOWN;
    }
    case 'split': {
      const xv = call.args[0] ? cx.expr(call.args[0], scope) : undefined;
      for (const a of call.args.slice(1)) cx.expr(a, scope);
      if (obj.role !== 'splitter') return UNKNOWN;
      const split = cx.rec.cvSplit(call, obj, dataOf(xv), undefined);
      const parents = dataOf(xv);
      const train = cx.rec.node(call, parents);
      const test = cx.rec.node(call, parents);
      train.parts = [...train.parts, { kind: 'train', split }];
      test.parts = [...test.parts.filter((p) => p.kind !== 'train'), { kind: 'val', split }];
      return { kind: 'folds', train, test };
    }
    case 'get_support':
    case 'get_feature_names_out': {
      // Which columns a fitted selector keeps: a statistic of the rows it was fit on.
      for (const a of call.args) cx.expr(a, scope);
      for (const k of call.keywords) cx.expr(k.value, scope);
      const fit = cx.rec.lastFit.get(obj);
      if (!fit?.data || !obj.qualified.includes('feature_selection')) return UNKNOWN;
      return { kind: 'data', node: cx.rec.selection(call, method, fit, fit.data) };
    }
    case 'set_params': {
      for (const k of call.keywords) cx.expr(k.value, scope);
      tunedByCall(cx, obj, call);
      return { kind: 'object', obj };
    }
    case 'add':
    case 'compile': {
      // A network compiled with each optimizer, learning rate or loss of a loop, or given layers of each width or
      // activation: the loop tunes it.
      const out = argsOnly(cx, call, scope);
      if (obj.role === 'keras-model') tunedByCall(cx, obj, call);
      return out;
    }
    default: {
      for (const a of call.args) cx.expr(a, scope);
      for (const k of call.keywords) cx.expr(k.value, scope);
      return UNKNOWN;
    }
  }
}

/** The value of keyword argument `name`, when given. */
function kwValue(cx: FlowContext, call: CallExpr, name: string, scope: Scope): Value | undefined {
  const k = call.keywords.find((x) => x.name === name);
  return k ? cx.expr(k.value, scope) : undefined;
}

/** A method of data: statistics, row changes, time order, writes, category vocabularies, in-place changes. */
export function dataMethod(
  cx: FlowContext,
  call: CallExpr,
  method: string,
  recv: DataNode,
  scope: Scope,
  recvExpr: Expr,
): Value {
  if (recv.columnsBut) {
    const names = columnNamesMethod(cx, call, method, recv, scope);
    if (names) return names;
  }
  const statsBefore = cx.rec.facts.stats.length;
  const givenFunction = call.args.some((a) => a.kind === 'Lambda' || isFunctionName(a, scope));
  // `df.groupby("admission").apply(summarise)`: the function runs on the rows of one group at a time, so the
  // statistics it takes are that group's own, as a statistic of one item of iterated rows is that item's.
  const perGroup =
    givenFunction && !!recv.grouped && (method === 'apply' || method === 'agg' || method === 'aggregate');
  const itemStatsBefore = cx.rec.itemStats;
  const columnsBefore = cx.rec.itemStatColumns.length;
  const seqBefore = cx.rec.nextSeq();
  if (perGroup) cx.rec.perItem++;
  let vals: Value[];
  try {
    vals = [
      ...call.args.map((a) => lambdaOver(cx, a, recv, scope, call) ?? cx.expr(a, scope)),
      ...call.keywords.map((k) => cx.expr(k.value, scope)),
    ];
  } finally {
    if (perGroup) cx.rec.perItem--;
  }
  // A per-group function (`transform(lambda s: s.fillna(s.median()))`) is a group statistic only when it takes one.
  const lambdaStat = perGroup
    ? cx.rec.itemStats > itemStatsBefore
    : givenFunction
      ? cx.rec.facts.stats.length > statsBefore
      : true;
  if (WRITE_METHODS.has(method)) {
    const target = constString(call.args[0] ?? kw(call, 'name')?.value, scope);
    cx.rec.write(call, recv, method === 'to_sql' && target !== undefined ? tablePath(target) : target);
    return UNKNOWN;
  }
  const extra = dataOfAll(vals);
  if (
    !recv.stat &&
    !recv.windowed &&
    lambdaStat &&
    (STAT_METHODS.has(method) || (recv.grouped && (method === 'transform' || method === 'apply'))) &&
    !rowWise(call, axisAt(method)) &&
    !elementWise(call)
  ) {
    if (method === 'transform' && recv.grouped) {
      // `df.groupby(k)[c].transform("mean")`: per-group statistics put back on every row.
      const st = cx.rec.statNode(call, 'group', method, recv, [], recv.column);
      const out = cx.rec.node(call, [recv, st, ...extra]);
      return { kind: 'data', node: out };
    }
    if (perGroup) {
      // One row per group (each group's statistics) is a per-group statistic; a function that hands back the
      // group's rows with its statistics in them (`lambda g: g.fillna(g.mean())`) puts them back on every row.
      // The column summarised: the one picked before the function (`["price"].apply(f)`), or the only one it reads.
      const read = new Set(cx.rec.itemStatColumns.splice(columnsBefore));
      const column = recv.column ?? (read.size === 1 ? [...read][0] : undefined);
      const st = cx.rec.statNode(call, 'group', method, recv, extra, column);
      if (!extra.some((n) => carriesRows(cx, n, seqBefore))) return { kind: 'data', node: st };
      return { kind: 'data', node: cx.rec.node(call, [recv, st, ...extra]) };
    }
    if ((method !== 'agg' && method !== 'aggregate' && method !== 'apply') || recv.grouped) {
      return {
        kind: 'data',
        node: cx.rec.statNode(
          call,
          recv.grouped ? 'group' : 'summary',
          method,
          recv,
          extra,
          recv.grouped ? recv.column : undefined,
        ),
      };
    }
  }
  // Values of a column drawn at random to fill its gaps (`df[c].dropna().sample(df[c].isna().sum())`): the draw is
  // of every row's values, the size asked (a count of the gaps) says nothing of them.
  if (
    method === 'sample' &&
    recvExpr.kind === 'Call' &&
    recvExpr.func.kind === 'Attribute' &&
    recvExpr.func.attr === 'dropna' &&
    (recv.series || oneColumnPick(recvExpr.func.value)) &&
    !recv.stat &&
    !recv.grouped &&
    !shufflesOnly(call, recvExpr)
  )
    return { kind: 'data', node: cx.rec.statNode(call, 'summary', 'random draws', recv, [], recv.column) };
  const dropped = method === 'drop' ? droppedColumns(call) : undefined;
  const out = (dropped && dropColumns(cx.rec, call, recv, dropped)) ?? cx.rec.node(call, [recv, ...extra]);
  if ((method === 'merge' || method === 'join') && !kw(call, 'suffixes') && !kw(call, 'lsuffix'))
    mergeColumns(cx.rec, call, recv, out, extra);
  // `astype("category")` learns the categories present; only its codes (`.cat.codes`) number them, a dtype
  // changed to save memory or for plotting leaks nothing.
  const a0 = call.args[0];
  if (method === 'astype' && a0?.kind === 'Constant' && a0.value === 'category' && !recv.stat) {
    out.categoriesOf = { span: { from: call.from, to: call.to }, qualified: 'pandas.Series.astype', input: recv };
  }
  if (
    method === 'append' &&
    call.args[0] &&
    joinsFiles(
      [
        { expr: recvExpr, nodes: [recv] },
        { expr: call.args[0], nodes: dataOf(vals[0]) },
      ],
      (s) => cx.rec.hasBothSides(s),
    )
  ) {
    out.concatOfFiles = true;
    out.fileMarkers = fileMarkers([[recv], dataOf(vals[0])]);
  }
  if ((method === 'any' || method === 'all') && rowWise(call, 0)) out.acrossColumns = true;
  if (method === 'groupby') {
    out.grouped = true;
    // The grouping keys by name: `groupby("city")`, `groupby(["city", "year"])`, `groupby(by=keys)`.
    const keyAt = call.args[0] ? 0 : call.args.length + call.keywords.findIndex((k) => k.name === 'by');
    const keyExpr = call.args[0] ?? kw(call, 'by')?.value;
    const keys = keyExpr && (literalColumns([keyExpr]) ?? namedColumns([vals[keyAt]]));
    if (keys) groupColumns(cx.rec, call, recv, out, keys, extra);
  }
  if (method === 'rolling' || method === 'ewm' || method === 'expanding' || method === 'resample') out.windowed = true;
  // A window ending at the row, or a difference with an earlier row (`diff()`, `pct_change()`): the row's own value is
  // in it, unless the rows were shifted first.
  const ownRow = (method !== 'resample' && out.windowed && !closedBeforeRow(call)) || DIFFERENCES.has(method);
  if (ownRow && !shifted(recv)) out.ownRowInWindow = true;
  if (method === 'pop' && call.args[0]?.kind === 'Constant' && typeof call.args[0].value === 'string')
    out.column = call.args[0].value;
  // `M[:, idx].T`: the columns picked (the examples of a matrix with one model or feature per row) become the rows.
  if (ROW_CHANGING.has(method) || (method === 'transpose' && recv.columnPick)) out.rowsChanged = true;
  // Rows of one class drawn at random: `majority.sample(n=len(minority))`, `rng.choice(normal_idx, n)`.
  if (method === 'sample' && !shufflesOnly(call, recvExpr))
    cx.rec.handResample(call, 'pandas.DataFrame.sample', recv, out);
  if (method === 'choice' && call.args[0])
    cx.rec.handResample(call, 'numpy.random.Generator.choice', firstData(vals[0]), out);
  if (TIME_METHODS.has(method)) out.timeOrdered = { span: call, why: timeFeatures(method) };
  else if ((method === 'sort_values' || method === 'set_index') && mentionsDate(call)) {
    out.timeOrdered = { span: call, why: method === 'sort_values' ? 'rows sorted by date' : 'a datetime index' };
  } else if (method === 'resample' && call.args[0]?.kind === 'Constant' && typeof call.args[0].value === 'string') {
    out.timeOrdered = { span: call, why: '.resample()' };
  }
  if (FRAME_KEEPING.has(method) && recv.frame) keepColumns(cx.rec, call, recv, out, extra);
  const inplace = kw(call, 'inplace');
  if (inplace && inplace.value.kind === 'Constant' && inplace.value.value === true) {
    const name = dottedName(recvExpr);
    // `df.age.fillna(m, inplace=True)`: a column of a frame by attribute, not a name of its own.
    const frame = name?.includes('.') && !scope.lookup(name) ? name.slice(0, name.indexOf('.')) : undefined;
    const column = frame !== undefined && scope.lookup(frame)?.kind === 'data';
    if (name && !column) rebind(cx, name, { kind: 'data', node: out }, scope);
    else {
      // `df["age"].fillna(m, inplace=True)` changes df.
      const root = column ? frame : rootTarget(recvExpr);
      const old = root ? scope.lookup(root) : undefined;
      if (root && old?.kind === 'data')
        rebind(cx, root, { kind: 'data', node: cx.rec.node(call, [old.node, out]) }, scope);
    }
  }
  return { kind: 'data', node: out };
}

/**
 * True for `df.sample()` calls that draw no sample of the rows: one row to look at (no size given), or every row
 * in a new order (`train.sample(len(train))`, `df.sample(df.shape[0])`; `frac=1` is told apart where the draw is
 * recorded).
 */
function shufflesOnly(call: CallExpr, recvExpr: Expr): boolean {
  const n = kw(call, 'n')?.value ?? call.args[0];
  if (!n && !kw(call, 'frac')) return true;
  const name = dottedName(recvExpr);
  if (!n || !name) return false;
  if (n.kind === 'Call')
    return n.func.kind === 'Name' && n.func.id === 'len' && n.args.length === 1 && dottedName(n.args[0]) === name;
  // `df.shape[0]`: the number of rows of the frame itself.
  return (
    n.kind === 'Subscript' &&
    n.index.length === 1 &&
    n.index[0].kind === 'Constant' &&
    n.index[0].value === 0 &&
    n.value.kind === 'Attribute' &&
    n.value.attr === 'shape' &&
    dottedName(n.value.value) === name
  );
}

/** `df[c]` with one name or string (not a list, slice or mask of rows): a column, whether or not its name is known. */
function oneColumnPick(e: Expr): boolean {
  if (e.kind !== 'Subscript' || e.index.length !== 1) return false;
  const i = e.index[0];
  return i.kind === 'Name' || (i.kind === 'Constant' && typeof i.value === 'string');
}

/** The columns `df.drop(...)` names with plain strings: `columns=[...]`, or labels with `axis=1`. */
function droppedColumns(call: CallExpr): string[] | undefined {
  if (!dropsColumns(call)) return undefined;
  const labels = kw(call, 'columns')?.value ?? kw(call, 'labels')?.value ?? call.args[0];
  return labels && literalColumns([labels]);
}

/**
 * True when `n`, made by a function run on one group, carries rows from outside it (the group's own rows) other
 * than through a statistic of the group: it is rows, not one summary per group.
 */
function carriesRows(cx: FlowContext, n: DataNode, seqBefore: number): boolean {
  const seen = new Set<DataNode>();
  const stack = [n];
  while (stack.length && seen.size < 500) {
    const x = stack.pop()!;
    if (seen.has(x) || cx.rec.itemStatNodes.has(x)) continue;
    seen.add(x);
    if (x.seq < seqBefore) return true;
    stack.push(...x.parents);
  }
  return false;
}

function isFunctionName(a: Expr, scope: Scope): boolean {
  return a.kind === 'Name' && scope.lookup(a.id)?.kind === 'function';
}

/**
 * True when the function handed to `call` runs on one value or row at a time: `apply` or `map` of one column
 * (`df["text"].apply(f)`), or a frame's `apply(f, axis=1)`. A frame's plain `apply` runs on each whole column.
 */
function oneValueAtATime(call: CallExpr, recv: DataNode): boolean {
  const method = call.func.kind === 'Attribute' ? call.func.attr : '';
  if ((method === 'apply' || method === 'map') && recv.series && !recv.grouped) return true;
  const axis = kw(call, 'axis')?.value;
  return method === 'apply' && axis?.kind === 'Constant' && (axis.value === 1 || axis.value === 'columns');
}

/** `df.apply(lambda col: ...)`: the body runs once on a column of the receiver. Undefined for any other argument. */
function lambdaOver(cx: FlowContext, a: Expr, recv: DataNode, scope: Scope, call: CallExpr): Value | undefined {
  // `df.apply(LabelEncoder().fit_transform)`: the bound method runs on each column of the receiver.
  if (a.kind === 'Attribute' && (a.attr === 'fit_transform' || a.attr === 'fit')) {
    const base = cx.expr(a.value, scope);
    if (base.kind !== 'object') return undefined;
    const col = cx.rec.node(a, [recv]);
    const bound: CallExpr = { kind: 'Call', func: a, args: [], keywords: [], from: a.from, to: a.to };
    const fit = cx.rec.fit({
      object: base.obj,
      call: bound,
      method: a.attr,
      data: col,
      target: undefined,
      evalData: [],
      keywords: new Set(),
      callbacks: [],
    });
    return a.attr === 'fit_transform' ? cx.rec.transformed(bound, fit, { kind: 'data', node: col }) : base;
  }
  // `df.apply(set_age, axis=1)`, `s.map(to_code)`: the unit's function runs once on a row or value of the
  // receiver, at this call; what it returns (a statistic for some rows, the value itself for others) is the result.
  if (a.kind === 'Name') {
    const fv = scope.lookup(a.id);
    if (fv?.kind !== 'function' || !fv.def.params.length) return undefined;
    const part = cx.rec.node(a, [recv]);
    if (oneValueAtATime(call, recv)) part.item = true;
    cx.rec.callSites.push(call);
    try {
      const data = dataOfAll(cx.applyFunction(fv.def, [{ kind: 'data', node: part }]));
      return data.length ? { kind: 'data', node: cx.rec.node(a, data) } : undefined;
    } finally {
      cx.rec.callSites.pop();
    }
  }
  if (a.kind !== 'Lambda' || !a.params.length) return undefined;
  const inner = new Scope(scope, scope.attrs);
  const col = cx.rec.node(a, [recv]);
  // `df["text"].apply(lambda x: x.count("!"))`: one value at a time, whose methods are not statistics of the rows.
  if (oneValueAtATime(call, recv)) col.item = true;
  inner.vars.set(a.params[0].name, { kind: 'data', node: col });
  return cx.expr(a.body, inner);
}

/**
 * Methods of a frame's column names (`df.columns`): a copy (`tolist()`), the names less some (`drop(["id"])`,
 * `difference(...)`), or a list of them changed in place (`cols.remove("Age")`, also in a loop over written-out names:
 * `for c in drop: cols.remove(c)`). Undefined for anything else, which is then read as data.
 */
function columnNamesMethod(
  cx: FlowContext,
  call: CallExpr,
  method: string,
  recv: DataNode,
  scope: Scope,
): Value | undefined {
  const a0 = arg(call, 0, 'labels');
  const named = (): string[] | undefined => {
    if (!a0) return undefined;
    if (a0.kind === 'Name') {
      // The variable of a loop over written-out names stands for each of them in turn.
      for (let i = cx.rec.loops.length - 1; i >= 0; i--)
        if (cx.rec.loops[i].names.has(a0.id)) return cx.rec.loops[i].overNames;
    }
    // Only names and written-out lists: anything that computes is left to the method's own reading, once.
    if (a0.kind !== 'Name' && a0.kind !== 'Constant' && a0.kind !== 'List' && a0.kind !== 'Tuple') return undefined;
    return namesIn(cx.expr(a0, scope));
  };
  if ((method === 'tolist' || method === 'to_list' || method === 'copy') && !call.args.length)
    return { kind: 'data', node: columnNames(cx.rec, call, recv, []) };
  if (method === 'drop' || method === 'difference') {
    const n = named();
    return n && call.args.length === 1 ? { kind: 'data', node: columnNames(cx.rec, call, recv, n) } : undefined;
  }
  if (method === 'remove' && call.args.length === 1) {
    const n = named();
    if (!n) return undefined;
    recv.columnsBut = [...(recv.columnsBut ?? []), ...n];
    return UNKNOWN;
  }
  return undefined;
}

/** Estimators and selectors that cross-validate inside their own `fit`. */
const INTERNAL_CV = /^sklearn\.(linear_model\.\w+CV|feature_selection\.RFECV)$/;

/** Why rows made by a time method (`shift`, `rolling`, ...) are in time order, as ML104 says it. */
function timeFeatures(method: string): string {
  return `\`.${method}()\` features`;
}

/** The reason a shift in time gives: the mark `shifted` looks for. */
const SHIFTED = timeFeatures('shift');

/** Differences of each row with another one. */
const DIFFERENCES = new Set(['diff', 'pct_change']);

/**
 * True when rows were shifted in time on their way to `n` (`df["y"].shift(1)`, a few steps up): a shift itself on the
 * way, not a frame that only got a shifted column (`df[f"lag_{k}"] = df["y"].shift(k)`, then `df["y"]`).
 */
function shifted(n: DataNode): boolean {
  let cur: DataNode | undefined = n;
  for (let i = 0; cur && i < 4; i++, cur = cur.parents[0]) {
    const t = cur.timeOrdered;
    if (t?.why === SHIFTED && t.span.from === cur.span.from && t.span.to === cur.span.to) return true;
  }
  return false;
}

/** True for a window that ends before the row (`rolling(3, closed="left")`). */
function closedBeforeRow(call: CallExpr): boolean {
  const closed = kw(call, 'closed')?.value;
  return closed?.kind === 'Constant' && (closed.value === 'left' || closed.value === 'neither');
}

/** A method of pandas' string or date accessor (`df.Name.str.count("[aeiou]")`, `s.dt.day`): one value per row. */
function elementWise(call: CallExpr): boolean {
  const f = call.func;
  return f.kind === 'Attribute' && f.value.kind === 'Attribute' && (f.value.attr === 'str' || f.value.attr === 'dt');
}

/** Adds the loops whose variables a call's arguments mention to the loops that tune `obj`. */
function tunedByCall(cx: FlowContext, obj: MlObject, call: CallExpr): void {
  obj.tunedBy.push(...cx.rec.tuning(call).filter((l) => !obj.tunedBy.includes(l)));
}
