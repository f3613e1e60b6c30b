// Library calls that learn or measure: model, transformer and splitter objects constructed, train/test
// splits, cross-validation, metrics, boosters trained by a function, scikit-learn's function transformers.
import type { CallExpr, Expr } from '../python/ast';
import { UNSUPERVISED_METRICS } from '../libraries/dataFlow';
import type { FlowContext } from './context';
import type { DataNode, MlObject, ObjectRole, PartKind, PartMark, StatEvent } from './facts';
import { findPrediction } from './lineage';
import { arg, kw } from './syntax';
import { type Scope, UNKNOWN, type Value, dataOf, dataOfAll, firstData, lastEvalEntry, objectsOf } from './values';

/** Statistics whose values, handed to a step, choose its columns. */
const COLUMN_STATS: ReadonlySet<string> = new Set(['corr', 'corrwith', 'var']);

/**
 * The statistics that choose columns in a value made of statistics only: a list of columns joined from several
 * filters (`list(missing[missing > .15].index) + list(corr[corr < .3].index)`) carries each of them.
 */
function columnStatsOf(n: DataNode): StatEvent[] {
  const out: StatEvent[] = [];
  const seen = new Set<DataNode>();
  const walk = (d: DataNode): void => {
    if (!d.stat || seen.has(d) || seen.size > 64) return;
    seen.add(d);
    if ((d.stat.kind === 'selection' || COLUMN_STATS.has(d.stat.method)) && !out.includes(d.stat)) out.push(d.stat);
    for (const p of d.parents) walk(p);
  };
  walk(n);
  return out;
}

/** A library object constructed: the objects passed in (pipeline steps, a search's estimator) are its inner ones. */
export function newObject(cx: FlowContext, call: CallExpr, role: ObjectRole, qualified: string, scope: Scope): Value {
  const inner: MlObject[] = [];
  const given: DataNode[] = [];
  // Models handed in by a name (`MultiOutputRegressor(base)` for each `base` of a list of models): a loop over them
  // compares models; the wrapper is tuned only by what tunes the model itself.
  const models = new Set<Expr>();
  const values = new Map<Expr, Value>();
  for (const a of [...call.args, ...call.keywords.map((k) => k.value)]) {
    const v = cx.expr(a, scope);
    values.set(a, v);
    objectsOf(v, inner);
    dataOf(v, given);
    if (a.kind === 'Name' && v.kind === 'object') models.add(a);
  }
  const obj = cx.rec.object(call, role, qualified, inner, cx.rec.tuning(call, role, models));
  // statsmodels takes the target and the rows when the model is made (`sm.OLS(endog, exog)`); `fit()` takes none.
  if (qualified.startsWith('statsmodels.')) {
    const value = (i: number, name: string) => {
      const e = arg(call, i, name);
      return e ? firstData(values.get(e)) : undefined;
    };
    obj.given = { target: value(0, 'endog'), rows: value(1, 'exog') };
  }
  // A step built from what a fitted model, a correlation matrix or variances say of the columns (a custom selector
  // given importances, a `DropColumns` step given the columns weakly correlated with the target).
  const selected: NonNullable<MlObject['selectedBy']> = [];
  for (const n of given) for (const stat of columnStatsOf(n)) selected.push({ stat, span: n.span });
  if (selected.length) obj.selectedBy = selected;
  return { kind: 'object', obj };
}

/** `train_test_split(X, y)`: a train and a test part of each array (train and validation parts of a training part). */
export function holdoutSplit(cx: FlowContext, call: CallExpr, q: string, scope: Scope): Value {
  const arrays = call.args.filter((a) => a.kind !== 'Starred').map((a) => cx.expr(a, scope));
  for (const k of call.keywords) cx.expr(k.value, scope);
  const shuffle = kw(call, 'shuffle');
  const split = cx.rec.split({
    kind: 'holdout',
    span: { from: call.from, to: call.to },
    call,
    inputs: dataOfAll(arrays),
    shuffled: !(shuffle && shuffle.value.kind === 'Constant' && shuffle.value.value === false),
    qualified: q,
  });
  // Splitting the labelled file taken back out of a train+test concatenation is a first split, not a re-split.
  const ofTrain = split.inputs.some((n) => n.parts.some((p) => p.kind === 'train' && !p.split.rejoin));
  const items: Value[] = [];
  for (const a of arrays) {
    const parents = dataOf(a);
    for (const kind of ['train', ofTrain ? 'val' : 'test'] as const) {
      const n = cx.rec.node(call, parents);
      const mark: PartMark = { kind, split };
      n.parts = [...n.parts.filter((p) => p.kind !== 'train' || kind === 'train'), mark];
      n.splitOutput = mark;
      // A part of a frame with columns assigned by name keeps them: a column dropped from the part afterwards (a
      // label made only to stratify the split) no longer carries what went into it.
      const frame = parents.length === 1 ? parents[0].frame : undefined;
      if (frame) {
        const base = cx.rec.node(call, [frame.base]);
        base.parts = n.parts;
        base.rowsOf = n;
        n.frame = { base, columns: frame.columns };
      }
      items.push({ kind: 'data', node: n });
    }
  }
  return { kind: 'tuple', items };
}

/** `random_split(ds, [a, b])` / `[a, b, c]`: train and test parts, or train, validation and test parts. */
export function randomSplit(cx: FlowContext, call: CallExpr, q: string, scope: Scope): Value {
  const data = call.args[0] ? dataOf(cx.expr(call.args[0], scope)) : [];
  const lengths = call.args[1];
  for (const a of call.args.slice(1)) cx.expr(a, scope);
  for (const k of call.keywords) cx.expr(k.value, scope);
  if (!data.length) return UNKNOWN;
  const n = lengths && (lengths.kind === 'List' || lengths.kind === 'Tuple') ? lengths.elts.length : 2;
  const split = cx.rec.split({
    kind: 'holdout',
    span: { from: call.from, to: call.to },
    inputs: data,
    shuffled: true,
    qualified: q,
  });
  const kinds: PartKind[] = n >= 3 ? ['train', 'val', 'test'] : ['train', 'test'];
  return {
    kind: 'tuple',
    items: kinds.map((kind) => {
      const node = cx.rec.node(call, data);
      const mark: PartMark = { kind, split };
      node.parts = [...node.parts.filter((p) => p.kind !== 'train' || kind === 'train'), mark];
      node.splitOutput = mark;
      return { kind: 'data', node } as Value;
    }),
  };
}

/** `cross_val_score(est, X, y, cv=...)` and its kind: folds of X, the estimator cloned in each. */
export function cvFunction(cx: FlowContext, call: CallExpr, q: string, scope: Scope): Value {
  const est = objectsOf(cx.expr(arg(call, 0, 'estimator') ?? call, scope))[0];
  const xExpr = arg(call, 1, 'X');
  const x = xExpr ? firstData(cx.expr(xExpr, scope)) : undefined;
  const rest = call.args.slice(2).map((a) => cx.expr(a, scope));
  let splitter: MlObject | undefined;
  let y = call.args[2]?.kind === 'Starred' ? undefined : firstData(rest[0]);
  for (const k of call.keywords) {
    const v = cx.expr(k.value, scope);
    if (k.name === 'cv') splitter = objectsOf(v)[0];
    if (k.name === 'y') y = firstData(v);
  }
  const split = cx.rec.cvSplit(call, splitter, x ? [x] : [], est);
  cx.rec.cv(call, q, est, x, split, y);
  if (q.endsWith('cross_val_predict'))
    return cx.rec.derived(call, [x ? { kind: 'data', node: x } : undefined, ...rest]);
  return UNKNOWN;
}

/**
 * An evaluation, at `call`, of each model whose predictions are among `inputs`: the models scored and the rows the
 * first of them predicted on.
 */
export function evaluatePredictions(
  cx: FlowContext,
  call: CallExpr,
  inputs: DataNode[],
): { seen: Set<MlObject>; predicted: DataNode | undefined } {
  const seen = new Set<MlObject>();
  let predicted: DataNode | undefined;
  for (const n of inputs) {
    const p = findPrediction(n);
    if (p?.prediction && !seen.has(p.prediction.object)) {
      seen.add(p.prediction.object);
      predicted ??= p.prediction.input;
      cx.rec.evaluation(call, p.prediction.object, p.prediction.fit, p.prediction.input, inputs);
    }
  }
  return { seen, predicted };
}

/** A metric of predictions: an evaluation of each model whose predictions it is given. */
export function metric(cx: FlowContext, call: CallExpr, q: string, scope: Scope): Value {
  const vals = [...call.args.map((a) => cx.expr(a, scope)), ...call.keywords.map((k) => cx.expr(k.value, scope))];
  // Clustering scores are meant to be computed on the data that was clustered.
  if (UNSUPERVISED_METRICS.test(q)) return UNKNOWN;
  const { seen, predicted } = evaluatePredictions(cx, call, dataOfAll(vals));
  // `fpr, tpr, thresholds = roc_curve(y, p)`: values read off a curve of predictions, which a threshold can
  // be chosen from. They are not rows, so they start no lineage of their own but remember where they came from.
  const last = q.slice(q.lastIndexOf('.') + 1);
  if (CURVE_METRICS.has(last) && seen.size) {
    return {
      kind: 'tuple',
      items: [0, 1, 2].map(() => {
        const n = cx.rec.node(call, []);
        n.curve = { span: { from: call.from, to: call.to }, input: predicted };
        return { kind: 'data', node: n } as Value;
      }),
    };
  }
  return UNKNOWN;
}

/** Metrics that return a curve of (rate, rate, threshold) rather than one number. */
const CURVE_METRICS = new Set(['roc_curve', 'precision_recall_curve', 'det_curve']);

/** `preprocessing.scale(X)` and its kind: a transformer fit and applied in one call. */
export function functionTransform(cx: FlowContext, call: CallExpr, q: string, scope: Scope): Value {
  const last = q.slice(q.lastIndexOf('.') + 1);
  const xv = call.args[0] ? cx.expr(call.args[0], scope) : undefined;
  for (const a of call.args.slice(1)) cx.expr(a, scope);
  for (const k of call.keywords) cx.expr(k.value, scope);
  // `normalize` scales each row to unit norm unless told `axis=0`: nothing is learned across rows.
  const axis = kw(call, 'axis')?.value ?? call.args[2];
  if (last === 'normalize' && !(axis?.kind === 'Constant' && axis.value === 0)) return cx.rec.derived(call, [xv]);
  const obj = cx.rec.object(call, 'transformer', q, [], []);
  const fit = cx.rec.fit({
    object: obj,
    call,
    method: 'fit_transform',
    data: firstData(xv),
    target: undefined,
    evalData: [],
    keywords: new Set(call.keywords.flatMap((k) => (k.name ? [k.name] : []))),
    callbacks: [],
  });
  return cx.rec.transformed(call, fit, xv);
}

/**
 * `lgb.train(params, dtrain, valid_sets=[...])` / `xgb.train(params, dtrain, evals=[...])`: a fit that returns a
 * booster.
 */
export function boosterTrain(cx: FlowContext, call: CallExpr, q: string, scope: Scope): Value {
  const obj = cx.rec.object(call, 'estimator', q, [], cx.rec.tuning(call));
  for (const a of call.args.slice(0, 1)) cx.expr(a, scope);
  const train = call.args[1] ? firstData(cx.expr(call.args[1], scope)) : undefined;
  const evalData: DataNode[] = [];
  let watched: DataNode[] | undefined;
  const callbacks: MlObject[] = [];
  const keywords = new Set<string>();
  for (const k of call.keywords) {
    const v = cx.expr(k.value, scope);
    if (!k.name) continue;
    keywords.add(k.name);
    if (k.name === 'valid_sets' || k.name === 'evals') {
      dataOf(v, evalData);
      watched = lastEvalEntry(q, v) ?? watched;
      cx.rec.facts.heldOutKeywords.push({ from: k.from, to: k.to });
    }
    if (k.name === 'callbacks') objectsOf(v, callbacks);
  }
  const fit = {
    object: obj,
    call,
    method: 'train',
    data: train,
    target: train?.boosterLabel,
    evalData,
    watched,
    keywords,
    callbacks,
  };
  cx.rec.fit(fit, false);
  // The scores of every round on the evaluation sets, written into the dict handed in (`evals_result=eval_r`): the
  // model is scored on the last set it watches, and the code asked to read that score.
  const scored = watched ?? (evalData.length === 1 ? evalData : undefined);
  if (scored && call.keywords.some((k) => k.name === 'evals_result' && k.value.kind === 'Name'))
    for (const d of scored) cx.rec.evaluation(call, obj, cx.rec.lastFit.get(obj), d);
  return { kind: 'object', obj };
}
