// Calls of library functions and classes, by qualified name: the catalog's roles first (models, splits,
// CV, metrics, loaders), then what pandas, NumPy, scikit-learn, Keras and the boosting libraries do to
// data: statistics, stacking, resampling, category vocabularies, files written and read.
import { dottedName } from '../python/imports';
import type { CallExpr, Expr } from '../python/ast';
import { isUnder, packageOf } from '../python/imports';
import { apiRole } from '../libraries/catalog';
import {
  CLUSTER_MODULES,
  FLOW_LIBRARY_ROOTS,
  FUNCTION_TRANSFORMS,
  KERAS_LEARNING_LAYERS,
  KERAS_MODELS,
  NOT_DATA_ROOTS,
  NUMPY_SAVERS,
  NUMPY_STATS,
  OBJECT_SAVERS,
  OPAQUE_LOADERS,
  ROW_CONCAT,
  TABLE_ROOTS,
  TRAINING_CALLBACKS,
} from '../libraries/dataFlow';
import { isKeras } from '../libraries/mlLibraries';
import { isKerasTuner } from '../libraries/tuning';
import { markManualSide } from './binding';
import type { FlowContext } from './context';
import type { ConstArg, DataNode, MlObject } from './facts';
import {
  boosterTrain,
  cvFunction,
  evaluatePredictions,
  functionTransform,
  holdoutSplit,
  metric,
  newObject,
  randomSplit,
} from './learning';
import { columnOf, fileMarkers, fromMaskedRows, joinsFiles } from './lineage';
import { DATA_FILE, queriedTable, readPath, sameFile } from './paths';
import { mergeColumns } from './columns';
import { arg, kw, rowWise } from './syntax';
import { type Scope, UNKNOWN, type Value, constString, dataOf, dataOfAll, firstData, objectsOf } from './values';

/** The value of a call of the library callable `q`. */
/** Gradient-boosting libraries' own containers of rows and labels. */
const BOOSTER_DATA = new Set(['lightgbm.Dataset', 'xgboost.DMatrix', 'xgboost.QuantileDMatrix', 'catboost.Pool']);

/** Hyperparameter searches that call an objective with each candidate: hyperopt's and scikit-optimize's. */
const SEARCH_MINIMIZERS = /^(hyperopt\.fmin|skopt\.(gp|forest|gbrt|dummy)_minimize)$/;

/** Names of the project's own functions that score predictions (`calculate_metrics`, `f2_score`, `evaluate`). */
const OWN_METRIC = /metric|score|accuracy|precision|recall|f1|auc|rmse|mae|error|loss|evaluat/i;

export function libraryCall(cx: FlowContext, call: CallExpr, q: string, scope: Scope): Value {
  const role = apiRole(q);
  switch (role) {
    case 'estimator':
    case 'transformer':
    case 'resampler':
    case 'search':
    case 'pipeline':
    case 'column-transformer':
      return newObject(cx, call, role, q, scope);
    case 'splitter-class':
      return newObject(cx, call, 'splitter', q, scope);
    case 'splitter-function':
      return holdoutSplit(cx, call, q, scope);
    case 'cv-function':
      return cvFunction(cx, call, q, scope);
    case 'metric':
      return metric(cx, call, q, scope);
    case 'data-load':
      return dataLoad(cx, call, q, scope);
    default:
      break;
  }
  const last = q.slice(q.lastIndexOf('.') + 1);
  // `np.split(df.sample(frac=1), [int(.6 * n), int(.8 * n)])`: parts cut at the positions listed, the first for
  // training, the last for testing, those between for validation.
  if (q === 'numpy.split' || q === 'numpy.array_split') {
    const parts = cutParts(cx, call, scope);
    if (parts) return parts;
  }
  // Univariate scores of each column against the target (`mutual_info_classif(X, y)`, `chi2(X, y)`): what a
  // selector keeps columns by, a statistic of the rows they are given.
  if (SCORE_FUNCTIONS.has(q)) {
    const vals = allArgs(cx, call, scope);
    const x = firstData(vals[0]);
    if (x) return { kind: 'data', node: cx.rec.statNode(call, 'selection', last, x, dataOfAll(vals.slice(1))) };
    return cx.rec.derived(call, vals);
  }
  // A model class of the project's own modules (`LogisticRegression(eta=0.01)` written from scratch in `models/`).
  if (cx.seeds?.models?.has(q)) return newObject(cx, call, 'estimator', q, scope);
  // A clusterer learns from the rows it is fit on, like a transformer: its labels are a transform of them.
  if (/^[A-Z]/.test(last) && CLUSTER_MODULES.some((m) => isUnder(q, m)))
    return newObject(cx, call, 'transformer', q, scope);
  // A Keras Tuner search: its `search(x, y, validation_data=...)` trains a network for each candidate and keeps the
  // best by its objective on that data, as a Keras fit with a callback keeps the best epoch.
  if (isKerasTuner(q)) return newObject(cx, call, 'keras-model', q, scope);
  if (isKeras(q) && KERAS_MODELS.has(last)) {
    const made = newObject(cx, call, 'keras-model', q, scope);
    if (last === 'load_model' && made.kind === 'object') checkpointOf(cx, call, made.obj, scope);
    return made;
  }
  // Keras text vocabularies: `Tokenizer().fit_on_texts(texts)`, `TextVectorization().adapt(texts)`.
  if (isKeras(q) && KERAS_LEARNING_LAYERS.has(last)) return newObject(cx, call, 'transformer', q, scope);
  if ((isKeras(q) || isUnder(q, 'lightgbm') || isUnder(q, 'xgboost')) && TRAINING_CALLBACKS.test(last))
    return newObject(cx, call, 'callback', q, scope);
  if (q === 'sklearn.utils.resample') return resample(cx, call, q, scope);
  if (q === 'numpy.random.choice') {
    const vals = allArgs(cx, call, scope);
    const drawn = randomDraws(cx, call, vals);
    if (drawn) return drawn;
    const out = cx.rec.derived(call, vals);
    if (out.kind === 'data') cx.rec.handResample(call, q, firstData(vals[0]), out.node);
    return out;
  }
  if (q === 'lightgbm.train' || q === 'xgboost.train') return boosterTrain(cx, call, q, scope);
  // A search that calls the unit's function with each candidate (`fmin(fn=objective, space=...)`): the function is a
  // tuning loop's body, its first parameter the candidate, as an Optuna objective's trial.
  if (SEARCH_MINIMIZERS.test(q)) {
    const fn = kw(call, 'fn')?.value ?? kw(call, 'func')?.value ?? call.args[0];
    const vals = allArgs(cx, call, scope);
    // `allArgs` evaluates the positional arguments, then the keywords' values, in order.
    const at = fn ? [...call.args, ...call.keywords.map((k) => k.value)].indexOf(fn) : -1;
    const objective = at >= 0 ? vals[at] : undefined;
    if (objective?.kind === 'function' && objective.def.params.length) cx.fns.searchObjectives.add(objective.def);
    return dataOfAll(vals).length ? cx.rec.derived(call, vals) : UNKNOWN;
  }
  if (BOOSTER_DATA.has(q) && call.args[0]) {
    // `lgb.Dataset(X_val, label=y_val, reference=train_set)`: the rows of `X_val` with their labels. The reference
    // only lends the training set's bin edges, so the wrapper holds the rows it was given, not the training rows.
    const rows = firstData(cx.expr(call.args[0], scope));
    const positional = call.args.slice(1).map((a) => cx.expr(a, scope));
    const named = call.keywords.map((k) => ({ k, v: cx.expr(k.value, scope) }));
    const rest = [...positional, ...named.filter((x) => x.k.name !== 'reference').map((x) => x.v)];
    const out = cx.rec.derived(call, [rows ? { kind: 'data', node: rows } : undefined, ...rest]);
    if (out.kind === 'data' && rows) out.node.rowsOf = rows;
    // The labels it holds (`label=y_train`, second positional), the target of a booster trained on it.
    const label = firstData(named.find((x) => x.k.name === 'label')?.v ?? positional[0]);
    if (out.kind === 'data' && label) out.node.boosterLabel = label;
    return out;
  }
  if (q === 'torch.utils.data.random_split') {
    cx.rec.facts.heldOutKeywords.push({ from: call.from, to: call.to });
    return randomSplit(cx, call, q, scope);
  }
  if (isUnder(q, 'sklearn.preprocessing') && FUNCTION_TRANSFORMS.has(last))
    return functionTransform(cx, call, q, scope);
  const root = packageOf(q);
  if (root === 'numpy' && NUMPY_STATS.has(last)) return numpyStat(cx, call, last, scope);
  if (ROW_CONCAT.has(q) && call.args[0] && !rowWise(call)) return concat(cx, call, scope);
  if (q === 'pandas.merge' && call.args[0] && !kw(call, 'suffixes')) {
    // The left frame's columns assigned by name stay as they were.
    const vals = allArgs(cx, call, scope);
    const out = cx.rec.derived(call, vals);
    const left = firstData(vals[0]);
    if (left && out.kind === 'data') {
      out.node.rowsChanged = true;
      mergeColumns(cx.rec, call, left, out.node, dataOfAll(vals.slice(1)));
    }
    return out;
  }
  if (q === 'pandas.cut') {
    // Bins whose last edge is the column's maximum (or above it) and first its minimum (or below): those edges
    // only make sure every value falls in a bin, so no row's bin depends on them.
    const vals = allArgs(cx, call, scope);
    const at = call.args[1] ? 1 : call.args.length + call.keywords.findIndex((k) => k.name === 'bins');
    const bins = vals[at];
    const column = firstData(vals[0]) && columnOf(firstData(vals[0])!);
    if (!column || bins?.kind !== 'tuple' || at < 1) return cx.rec.derived(call, vals);
    // Bins are closed on the right unless `right=False`; the lowest value is in the first one only when the
    // first edge is below it, or with `include_lowest=True` or `right=False`.
    const flag = (name: string) => {
      const k = kw(call, name)?.value;
      return k?.kind === 'Constant' ? k.value === true : undefined;
    };
    const closedRight = flag('right') !== false;
    const open = (v: Value | undefined, edge: 'upper' | 'lower') => {
      const o = v?.kind === 'data' ? cx.rec.openEdges.get(v.node) : undefined;
      if (!o || o.edge !== edge || v?.kind !== 'data' || !v.node.stat) return false;
      if (columnOf(v.node.stat.input) !== column) return false;
      return o.beyond || (edge === 'upper' ? closedRight : !closedRight || flag('include_lowest') === true);
    };
    const n = bins.items.length;
    const kept = bins.items.filter(
      (v, i) => !(i === n - 1 && open(v, 'upper')) && !(i === 0 && n > 1 && open(v, 'lower')),
    );
    const out = cx.rec.derived(call, [...vals.slice(0, at), ...kept, ...vals.slice(at + 1)]);
    if (out.kind === 'data' && bins.items.every((v) => v.kind === 'const')) out.node.fixedBins = true;
    return out;
  }
  if (q === 'pandas.qcut') {
    // Quantile bins: the edges are quantiles of every row given.
    const vals = allArgs(cx, call, scope);
    const x = firstData(vals[0]);
    if (!x || x.stat) return cx.rec.derived(call, vals);
    const st = cx.rec.statNode(call, 'summary', 'quantile bins', x);
    return { kind: 'data', node: cx.rec.node(call, [x, st]) };
  }
  if (q === 'pandas.factorize') {
    // Codes numbered by the categories present in every row given.
    const vals = allArgs(cx, call, scope);
    const input = firstData(vals[0]);
    const out = cx.rec.derived(call, vals) as { kind: 'data'; node: DataNode };
    if (input && !input.stat) cx.rec.vocabulary(call, q, input, out.node);
    return { kind: 'tuple', items: [out, UNKNOWN] };
  }
  if (q === 'pandas.get_dummies') {
    const vals = allArgs(cx, call, scope);
    const dataKw = call.keywords.findIndex((k) => k.name === 'data');
    const input = firstData(call.args[0] ? vals[0] : dataKw >= 0 ? vals[call.args.length + dataKw] : undefined);
    const out = cx.rec.derived(call, vals);
    if (out.kind !== 'data' || !input) return out;
    cx.rec.vocabulary(call, q, input, out.node, dummyColumns(call, input));
    return out;
  }
  if (q === 'pandas.Categorical' || q === 'pandas.CategoricalDtype' || q === 'pandas.api.types.CategoricalDtype') {
    const vals = allArgs(cx, call, scope);
    const out = vals.some((v) => dataOf(v).length) ? cx.rec.derived(call, vals) : UNKNOWN;
    const fixed = !!kw(call, 'categories') || (q !== 'pandas.Categorical' && call.args.length > 0);
    const n = out.kind === 'data' ? out.node : cx.rec.node(call, []);
    const input = call.args[0] ? firstData(vals[0]) : undefined;
    if (fixed) n.fixedCategories = true;
    // `pd.Categorical(col)` learns the categories present, as `astype("category")` does.
    else if (q === 'pandas.Categorical' && input && !input.stat)
      n.categoriesOf = { span: { from: call.from, to: call.to }, qualified: q, input };
    return { kind: 'data', node: n };
  }
  if ((root === 'numpy' && NUMPY_SAVERS.has(last)) || OBJECT_SAVERS.has(q)) {
    const vals = allArgs(cx, call, scope);
    const pathArg = root === 'numpy' ? call.args[0] : call.args[1];
    const data = dataOf(root === 'numpy' ? vals[1] : vals[0])[0];
    if (data) cx.rec.write(call, data, constString(pathArg, scope));
    // A model saved under a literal path, so that loading the path again gives the same model (and its fit).
    const saved = root === 'numpy' ? undefined : objectsOf(vals[0])[0];
    const path = saved && constString(pathArg, scope);
    if (saved && path !== undefined) cx.rec.dumped.set(path, saved);
    return UNKNOWN;
  }
  if (OPAQUE_LOADERS.has(q)) {
    for (const a of call.args) cx.expr(a, scope);
    for (const k of call.keywords) cx.expr(k.value, scope);
    const n = cx.rec.node(call, []);
    n.source = { qualified: q };
    return { kind: 'data', node: n };
  }
  const posVals = call.args.map((a) => cx.expr(a, scope));
  const kwVals = call.keywords.map((k) => cx.expr(k.value, scope));
  const vals = [...posVals, ...kwVals];
  const out = vals.some((v) => dataOf(v).length) ? cx.rec.derived(call, vals) : UNKNOWN;
  const foreign = (node: DataNode): Value => {
    const made = foreignCall(cx, call, q, node, posVals, kwVals);
    // An instance of the project's own class made from rows (`FeatureEngineering(df)`): its methods are calls of
    // its module.
    if (made.kind === 'data' && made.node === node && /^[A-Z]/.test(last)) node.ownClass = q;
    return made;
  };
  // A call of another module that takes no data in (`X, y = load_data()`, `pd.DataFrame(records)`) returns
  // data of unknown extent: not nothing, so what is done to it later is still followed.
  if (
    out.kind === 'unknown' &&
    !NOT_DATA_ROOTS.has(root) &&
    !NOT_DATA_ROOTS.has(q.slice(0, q.lastIndexOf('.'))) &&
    (!/^[A-Z]/.test(last) || root === 'pandas' || root === 'numpy' || root === 'polars')
  ) {
    const n = cx.rec.node(call, []);
    n.source = { qualified: q, guessed: true };
    // The project's own helper around a database read, given the query (`sql_connect("select * from clean")`).
    const query = constString(call.args[0], scope);
    if (query && /^\s*select\b/i.test(query)) n.source.path = queriedTable(query);
    // Another module's function that reads the path it is handed (`load_data("data/clean.csv")`): a read of that file.
    const load = cx.seeds?.loads?.get(q);
    const path = load && constString(arg(call, load.index, load.name), scope);
    if (load && path !== undefined) {
      n.source = { qualified: load.loader, path: readPath(load.loader, path) };
      if (n.source.path !== undefined) return foreign(givenFile(cx, call, n.source.path, n));
    }
    if (!FLOW_LIBRARY_ROOTS.has(root) && !TABLE_ROOTS.has(root)) return foreign(n);
    return { kind: 'data', node: n };
  }
  // What a function of another module returns from the rows it was given (`train, test = preprocess(train, test)`):
  // the project's own module may have shaped them with statistics of every row.
  if (out.kind === 'data' && !FLOW_LIBRARY_ROOTS.has(root) && !TABLE_ROOTS.has(root) && !NOT_DATA_ROOTS.has(root))
    return foreign(out.node);
  // A class of the project's own modules handed a data file's path (`Preprocessor("data/train.csv")`) reads it: what
  // its methods return (`preprocessor.get_matrix(cols)`) is data of unknown extent, not nothing.
  if (out.kind === 'unknown' && /^[A-Z]/.test(last) && !apiRole(q) && !NOT_DATA_ROOTS.has(root)) {
    const path = dataPathArg(call, scope);
    if (path) {
      const n = cx.rec.node(call, []);
      n.source = { qualified: q, guessed: true, path };
      // Its methods are calls of its module (`prep.split()`, `prep.scale(X_test)`), as for one made from rows.
      if (!FLOW_LIBRARY_ROOTS.has(root) && !TABLE_ROOTS.has(root)) n.ownClass = q;
      return { kind: 'data', node: n };
    }
    // An instance of the project's own class made without rows (`Preprocessor(cols)`): its methods are calls of its
    // module (`preprocessor.fit_transform(df)`).
    if (!FLOW_LIBRARY_ROOTS.has(root) && !TABLE_ROOTS.has(root)) return { kind: 'foreign', qualified: q };
  }
  return out;
}

/**
 * A call of another module of the project, recorded for the files that follow what its functions do with the rows
 * they are given: the model object or split parts the module is known to return, or `node`.
 */
export function foreignCall(
  cx: FlowContext,
  call: CallExpr,
  q: string,
  node: DataNode,
  posVals: readonly Value[],
  kwVals: readonly Value[],
): Value {
  const keywords = new Map<string, DataNode>();
  call.keywords.forEach((k, i) => {
    const d = firstData(kwVals[i]);
    if (k.name && d) keywords.set(k.name, d);
  });
  cx.rec.foreignCall(q, call, node, posVals.map(firstData), keywords, constArgs(call, posVals, kwVals));
  // The project's own metric (`ModelEvaluator.calculate_metrics(y_test, y_pred)`) handed a model's predictions.
  if (OWN_METRIC.test(q.slice(q.lastIndexOf('.') + 1))) {
    const { seen } = evaluatePredictions(cx, call, dataOfAll([...posVals, ...kwVals]));
    if (!seen.size) scoreHandedModels(cx, call, [...handedModels(cx, call, q, posVals), ...kwVals]);
  }
  const obj = cx.seeds?.objects.get(q)?.[0];
  if (obj) return { kind: 'object', obj: givenObject(cx, call, obj) };
  return givenResult(cx, call, q, node) ?? partsPassedThrough(cx, call, q, node, posVals) ?? { kind: 'data', node };
}

/**
 * The project's own evaluation handed models and a held-out part (`evaluate_models(X_train, y_train, X_test, y_test,
 * models)` with a dict of candidates, `evaluate(model, X_test, y_test)`): each model is scored on that part.
 */
function scoreHandedModels(cx: FlowContext, call: CallExpr, vals: readonly Value[]): void {
  const heldOut = dataOfAll(vals).find((n) => n.parts.some((p) => p.kind === 'test' || p.kind === 'val'));
  if (!heldOut) return;
  const models = new Set<MlObject>();
  for (const v of vals) for (const o of objectsOf(v)) if (scoredModel(o)) models.add(o);
  for (const o of models) cx.rec.evaluation(call, o, cx.rec.lastFit.get(o), heldOut);
}

/**
 * The arguments of a call of another module's function, with a model standing at each position whose parameter the
 * function predicts with (`evaluate_model(model, X_test, y_test)`, `model` returned by another module's
 * `train_with_search(...)`): the function's own code says a model goes there.
 */
function handedModels(cx: FlowContext, call: CallExpr, q: string, posVals: readonly Value[]): Value[] {
  const at = cx.seeds?.modelParams?.get(q);
  if (!at) return [...posVals];
  return posVals.map((v, i) =>
    at.includes(i) && v.kind !== 'object' && v.kind !== 'tuple'
      ? { kind: 'object', obj: cx.rec.object(call, 'estimator', q, [], []) }
      : v,
  );
}

/** A model a score is taken of: an estimator, a network, a search, or a pipeline ending in one. */
function scoredModel(o: MlObject): boolean {
  if (o.role === 'estimator' || o.role === 'keras-model' || o.role === 'search') return true;
  return o.role === 'pipeline' && o.inner.length > 0 && scoredModel(o.inner[o.inner.length - 1]);
}

/**
 * The arguments of a call that are constants, by position (`"0"`, `"1"`, ...) and keyword name; undefined for the
 * others (rows, variables), and under `"*"` when the call unpacks arguments (`f(*args)`, `f(**kw)`).
 */
function constArgs(
  call: CallExpr,
  posVals: readonly Value[],
  kwVals: readonly Value[],
): Map<string, ConstArg | undefined> | undefined {
  if (!call.args.length && !call.keywords.length) return undefined;
  const out = new Map<string, ConstArg | undefined>();
  const note = (key: string, v: Value | undefined) =>
    out.set(key, v?.kind === 'const' && isConstArg(v.value) ? v.value : undefined);
  posVals.forEach((v, i) => {
    if (call.args[i]?.kind === 'Starred') out.set('*', undefined);
    else note(String(i), v);
  });
  call.keywords.forEach((k, i) => {
    if (k.name) note(k.name, kwVals[i]);
    else out.set('*', undefined);
  });
  return out;
}

function isConstArg(v: unknown): v is ConstArg {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/**
 * What another module's function returns, where the project knows it returns the parts of a split it made
 * (`X_train, X_test, y_train, y_test = preprocess_and_split(df)`): a tuple of those parts. Undefined otherwise.
 */
function givenResult(cx: FlowContext, call: CallExpr, q: string, node: DataNode): Value | undefined {
  const kinds = cx.seeds?.results.get(q) ?? [];
  const objs = cx.seeds?.objects.get(q) ?? [];
  if (!kinds.length && objs.length < 2) return undefined;
  const split = kinds.length ? cx.rec.givenSplit(`result:${call.from}`, call, 'result', q) : undefined;
  const items: Value[] = [];
  for (let i = 0; i < Math.max(kinds.length, objs.length - 1); i++) {
    const kind = kinds[i];
    const obj = objs[i + 1];
    if (kind && split) items.push({ kind: 'data', node: cx.rec.givenPart(call, node, kind, split) });
    else if (obj) items.push({ kind: 'object', obj: givenObject(cx, call, obj) });
    else items.push(UNKNOWN);
  }
  const keys = cx.seeds?.resultKeys?.get(q);
  return keys ? { kind: 'tuple', items, keys } : { kind: 'tuple', items };
}

/**
 * What another module's function returns where each item derives from one argument's rows alone (`X_train_s, X_test_s
 * = scale(X_train, X_test)`): that argument's rows at that position, so the parts handed in stay apart. Undefined
 * when the project knows no such function.
 */
function partsPassedThrough(
  cx: FlowContext,
  call: CallExpr,
  q: string,
  node: DataNode,
  posVals: readonly Value[],
): Value | undefined {
  const through = cx.seeds?.passes?.get(q);
  if (!through) return undefined;
  const items = through.map((j): Value => {
    const v = posVals[j];
    return v && dataOf(v).length ? cx.rec.derived(call, [v]) : { kind: 'data', node };
  });
  return { kind: 'tuple', items };
}

/**
 * A library object another module's function builds and returns (`preprocessor = create_preprocessor()`), made
 * again here: the same class, constructor keywords and steps, at this call, so what the unit does with it (fit it on
 * all rows, hand it to a search) is followed as if it were built here.
 */
function givenObject(cx: FlowContext, call: CallExpr, o: MlObject): MlObject {
  const made: CallExpr = { ...call, args: o.call.args, keywords: o.call.keywords };
  return cx.rec.object(
    made,
    o.role,
    o.qualified,
    o.inner.map((i) => givenObject(cx, call, i)),
    [],
  );
}

/** The part of a split that another file wrote to the file read at `path`, as the project knows it. */
function givenFile(cx: FlowContext, call: CallExpr, path: string, node: DataNode): DataNode {
  const written = cx.seeds?.files.find((f) => sameFile(f.path, path));
  if (!written) return node;
  const split = cx.rec.givenSplit(`file:${written.group}`, call, 'file', 'file');
  return cx.rec.givenPart(call, node, written.kind, split);
}

/**
 * `keras.models.load_model("best.keras")` of the file a `ModelCheckpoint` of an earlier fit wrote: the model that fit
 * kept (its best epoch by what the callback watched), so scoring it is scoring that fit.
 */
function checkpointOf(cx: FlowContext, call: CallExpr, obj: MlObject, scope: Scope): void {
  const path = constString(arg(call, 0, 'filepath'), scope);
  if (!path) return;
  const fits = cx.rec.facts.fits;
  for (let i = fits.length - 1; i >= 0; i--) {
    const f = fits[i];
    const kept = f.callbacks.some(
      (c) => /ModelCheckpoint$/.test(c.qualified) && constString(arg(c.call, 0, 'filepath'), scope) === path,
    );
    if (kept) {
      cx.rec.lastFit.set(obj, f);
      return;
    }
  }
}

/** Which split a loader says it gives (`train=False`, `split="test"`), when it says. */
function loaderSplit(call: CallExpr): 'train' | 'test' | undefined {
  const train = kw(call, 'train')?.value;
  if (train?.kind === 'Constant' && typeof train.value === 'boolean') return train.value ? 'train' : 'test';
  const split = kw(call, 'split')?.value;
  if (split?.kind !== 'Constant' || typeof split.value !== 'string') return undefined;
  return /^test\b/.test(split.value) ? 'test' : /^train\b/.test(split.value) ? 'train' : undefined;
}

/** The values of every positional argument, then of every keyword argument. */
export function allArgs(cx: FlowContext, call: CallExpr, scope: Scope): Value[] {
  return [...call.args.map((a) => cx.expr(a, scope)), ...call.keywords.map((k) => cx.expr(k.value, scope))];
}

/**
 * A loader (`read_csv`, `load_dataset`): new data, with its literal path, a test split it says it is, a datetime index.
 */
function dataLoad(cx: FlowContext, call: CallExpr, q: string, scope: Scope): Value {
  for (const k of call.keywords) cx.expr(k.value, scope);
  const first = call.args[0];
  const n = cx.rec.node(call, []);
  const text = constString(first, scope);
  n.source = { qualified: q, path: text === undefined ? undefined : readPath(q, text) };
  if (text === undefined && first) n.source.pathName = heldByName(first);
  const turn = cx.rec.loops[cx.rec.loops.length - 1];
  if (turn?.stmt && first && n.source.path === undefined) n.readEachTurn = turn;
  for (const a of call.args) cx.expr(a, scope);
  // `CIFAR10(train=False)`, `load_dataset(..., split="test")`: the loader's test split; `train=True` or
  // `split="train"`: its training split, with its test split beside it.
  const side = loaderSplit(call);
  if (side === 'test') n.testSplitSource = true;
  if (side === 'train') n.trainSplitSource = true;
  const idx = kw(call, 'index_col');
  const dates = kw(call, 'parse_dates');
  if (idx && dates && !(dates.value.kind === 'Constant' && dates.value.value === false))
    n.timeOrdered = { span: call, why: 'a datetime index' };
  return { kind: 'data', node: n.source.path && cx.seeds ? givenFile(cx, call, n.source.path, n) : n };
}

/** The name a path is held by: `test_path`, `args.test_csv` (`test_csv`), `cfg["test_file"]` (`test_file`). */
function heldByName(e: Expr): string | undefined {
  if (e.kind === 'Name') return e.id;
  if (e.kind === 'Attribute') return e.attr;
  const key = e.kind === 'Subscript' && e.index.length === 1 ? e.index[0] : undefined;
  if (key?.kind === 'Constant' && typeof key.value === 'string') return key.value;
  return undefined;
}

/** `sklearn.utils.resample`: with replacement it oversamples; without, a smaller `n_samples` undersamples. */
function resample(cx: FlowContext, call: CallExpr, q: string, scope: Scope): Value {
  const vals = call.args.map((a) => cx.expr(a, scope));
  const replace = kw(call, 'replace');
  const out = cx.rec.derived(call, vals);
  // Undersampling without replacement takes fewer rows (of a majority class, typically).
  const withReplacement = replace?.value.kind === 'Constant' && replace.value.value === true;
  const under = replace?.value.kind === 'Constant' && replace.value.value === false && !!kw(call, 'n_samples');
  if (withReplacement || under) {
    const r = cx.rec.resample(call, q, dataOfAll(vals));
    for (const n of dataOf(out)) n.resampledBy = r;
  }
  return out;
}

/** `np.mean(X)` and its kind: a statistic of every row, unless taken row by row. */
function numpyStat(cx: FlowContext, call: CallExpr, last: string, scope: Scope): Value {
  const x = call.args[0] ? firstData(cx.expr(call.args[0], scope)) : undefined;
  const rest = [...call.args.slice(1), ...call.keywords.map((k) => k.value)].map((a) => cx.expr(a, scope));
  if (x && !x.stat && !rowWise(call, last === 'percentile' || last === 'quantile' ? 2 : 1)) {
    const extra = dataOfAll(rest);
    return { kind: 'data', node: cx.rec.statNode(call, 'summary', last, x, extra) };
  }
  return cx.rec.derived(call, [x ? { kind: 'data', node: x } : undefined, ...rest]);
}

/**
 * `np.random.choice(values)` of one column's values (`df["salary"].dropna().tolist()`): draws from the column's
 * distribution over the rows it is given, a statistic of them in a mild form. A draw of row labels or positions
 * (`np.random.choice(df.index, 100)`, `np.random.choice(len(df))`) picks rows and is no statistic.
 */
function randomDraws(cx: FlowContext, call: CallExpr, vals: Value[]): Value | undefined {
  const a0 = call.args[0];
  // Only a column's values: rows picked by label or position, a count or a list typed by hand are other matters.
  if (!a0 || (a0.kind !== 'Name' && a0.kind !== 'Call' && a0.kind !== 'Subscript' && a0.kind !== 'Attribute'))
    return undefined;
  if (
    /(^|\.)(index|columns)$/.test(dottedName(a0) ?? '') ||
    (a0.kind === 'Call' && a0.func.kind === 'Name' && (a0.func.id === 'len' || a0.func.id === 'range'))
  )
    return undefined;
  const x = firstData(vals[0]);
  if (!x || x.stat || !columnOf(x) || fromMaskedRows(x)) return undefined;
  return { kind: 'data', node: cx.rec.statNode(call, 'summary', 'random draws', x, dataOfAll(vals.slice(1))) };
}

/** `pd.concat([a, b])` and its kind: rows of every piece, marked when separately loaded train and test rows meet. */
function concat(cx: FlowContext, call: CallExpr, scope: Scope): Value {
  const first = call.args[0];
  const itemExprs = first.kind === 'List' || first.kind === 'Tuple' ? first.elts : [];
  const itemVals = itemExprs.map((x) => cx.expr(x, scope));
  const rest = [
    ...(itemExprs.length ? [] : [cx.expr(first, scope)]),
    ...call.args.slice(1).map((a) => cx.expr(a, scope)),
    ...call.keywords.map((k) => cx.expr(k.value, scope)),
  ];
  const out = cx.rec.derived(call, [...itemVals, ...rest]) as { kind: 'data'; node: DataNode };
  const items = itemExprs.map((x, i) => ({ expr: x, nodes: dataOf(itemVals[i]) }));
  if (joinsFiles(items, (s) => cx.rec.hasBothSides(s))) {
    out.node.concatOfFiles = true;
    out.node.fileMarkers = fileMarkers(items.map((i) => i.nodes));
  }
  return out;
}

/**
 * The names the new columns of `get_dummies` start with, when written out: `prefix="Month"` (a string, a list or a
 * dict of strings), or the `columns=[...]` it encodes, whose names are the default prefixes.
 */
function dummyColumns(
  call: CallExpr,
  input: DataNode,
): { prefixes: string[]; sep: string; sources: string[] } | undefined {
  const strings = (e: Expr | undefined): string[] | undefined => {
    if (!e) return undefined;
    if (e.kind === 'Constant') return typeof e.value === 'string' ? [e.value] : undefined;
    const items =
      e.kind === 'List' || e.kind === 'Tuple' ? e.elts : e.kind === 'Dict' ? e.items.map((i) => i.value) : [];
    const out = items.map((x) => (x.kind === 'Constant' && typeof x.value === 'string' ? x.value : undefined));
    return out.length && out.every((x) => x !== undefined) ? (out as string[]) : undefined;
  };
  const sepArg = kw(call, 'prefix_sep')?.value;
  const sep =
    sepArg === undefined
      ? '_'
      : sepArg.kind === 'Constant' && typeof sepArg.value === 'string'
        ? sepArg.value
        : undefined;
  if (sep === undefined) return undefined;
  const columns = strings(kw(call, 'columns')?.value);
  const prefixes = strings(kw(call, 'prefix')?.value ?? call.args[1]) ?? columns;
  if (!prefixes) return undefined;
  const column = columnOf(input);
  return { prefixes, sep, sources: [...(columns ?? []), ...(column ? [column] : [])] };
}

/** A data file's path given to a call, written out or through a name bound to it (`train_file = "data/train.csv"`). */
function dataPathArg(call: CallExpr, scope: Scope): string | undefined {
  for (const a of [...call.args, ...call.keywords.map((k) => k.value)]) {
    const text = constString(a, scope);
    if (text && DATA_FILE.test(text)) return text;
  }
  return undefined;
}

/** scikit-learn's univariate feature scores, which a selector (or a hand-written pick) keeps the best columns by. */
const SCORE_FUNCTIONS: ReadonlySet<string> = new Set(
  ['chi2', 'f_classif', 'f_regression', 'r_regression', 'mutual_info_classif', 'mutual_info_regression'].map(
    (f) => `sklearn.feature_selection.${f}`,
  ),
);

/** The parts `np.split` cuts rows into at the listed positions, as the sides of one split of those rows. */
function cutParts(cx: FlowContext, call: CallExpr, scope: Scope): Value | undefined {
  const cuts = call.args[1];
  if ((cuts?.kind !== 'List' && cuts?.kind !== 'Tuple') || !cuts.elts.length || cuts.elts.length > 3) return undefined;
  // Cut along rows only: `np.split(data, (4,), axis=1)` takes the label column off the features.
  const axis = arg(call, 2, 'axis');
  if (axis && !(axis.kind === 'Constant' && axis.value === 0)) return undefined;
  const vals = allArgs(cx, call, scope);
  const rows = firstData(vals[0]);
  if (!rows || rows.stat) return undefined;
  const n = cuts.elts.length + 1;
  const items: Value[] = [];
  for (let i = 0; i < n; i++) {
    const part = cx.rec.node(call, [rows]);
    part.rowsChanged = true;
    markManualSide(cx, part, rows, call, i === 0 ? 'train' : i === n - 1 ? 'test' : 'val');
    items.push({ kind: 'data', node: part });
  }
  return { kind: 'tuple', items };
}
