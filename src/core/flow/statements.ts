// Statements: the linear walk over a body. Loop bodies run once and branches one after another (a branch
// whose test is known runs alone); definitions are recorded for later calls.
import type { AssignStmt, Expr, FunctionDefStmt, Span, Stmt } from '../python/ast';
import { FLOW_LIBRARY_ROOTS, OPAQUE_LOADERS } from '../libraries/dataFlow';
import { packageOf } from '../python/imports';
import { eachStmtExpr, walkExpr, walkStatements } from '../python/walk';
import { bind, element, markManualSide, rebind } from './binding';
import { dropColumns, namesOnly } from './columns';
import type { FlowContext } from './context';
import type { DataNode } from './facts';
import { isTestData, testSplitData } from './lineage';
import { keepsBest, literalColumn, mentionedName, qualifiedIn } from './syntax';
import { Scope, UNKNOWN, type Value, constString, dataOf, truth } from './values';

/** Runs the statements of a body in order. */
export function block(cx: FlowContext, body: Stmt[], scope: Scope): void {
  if (cx.fns.stack.length) cx.fns.budget -= body.length;
  for (const s of body) {
    try {
      stmt(cx, s, scope);
    } catch (e) {
      // One odd statement must not cost the whole unit its analysis.
      if (!(e instanceof RangeError)) throw e;
    }
  }
}

function stmt(cx: FlowContext, s: Stmt, scope: Scope): void {
  switch (s.kind) {
    case 'Import':
      return;
    case 'Assign': {
      const v = s.value ? loadedModel(cx, s, cx.expr(s.value, scope), scope) : UNKNOWN;
      for (const t of s.targets) bind(cx, t, v, scope, s.value);
      if (s.value) {
        noteTestScores(cx, s.targets, s.value);
        settingsOfLoop(cx, s.targets, s.value);
      }
      return;
    }
    case 'AugAssign': {
      const old = cx.expr(s.target, scope);
      const v = cx.expr(s.value, scope);
      bind(cx, s.target, cx.rec.derived(s, [old, v]), scope, undefined);
      return;
    }
    case 'Expr':
      cx.expr(s.value, scope);
      return;
    case 'FunctionDef': {
      // A function defined in another's body reads that body's names when it runs (`test_loader` of `main()`).
      const closure = cx.fns.stack.length ? scope : undefined;
      scope.vars.set(s.name, { kind: 'function', def: s, closure });
      cx.fns.define(s, scope.attrs && scope.attrs !== cx.globals ? scope.attrs : undefined, closure);
      return;
    }
    case 'ClassDef': {
      for (const b of s.bases) cx.expr(b, scope);
      const cls = new Scope(cx.globals);
      const inner = new Scope(cls, cls);
      const methods = new Map<string, FunctionDefStmt>();
      for (const b of s.body) {
        if (b.kind === 'FunctionDef') {
          inner.vars.set(b.name, { kind: 'function', def: b });
          methods.set(b.name, b);
          cx.fns.define(b, cls);
        } else stmt(cx, b, inner);
      }
      // Instances of the unit's own classes run their methods on what they were given (`Data(df).preprocess()`).
      // Plain classes, and transformers built on scikit-learn's bases (`FeatureEngineering(BaseEstimator,
      // TransformerMixin)`): a method the script calls itself (`fe.transform(combined)`) runs on those rows, and
      // given to a pipeline the instance is a step, as before. Other library bases (a model, a network) are not.
      const plain = s.bases.every(plainBase) && !s.keywords.length;
      const rows = s.bases.some(torchDataset);
      const estimator = !rows && s.bases.some((b) => !isObject(b));
      if (plain && !s.decorators.length) {
        const own = { methods, scope: cls, estimator, rows };
        scope.vars.set(s.name, { kind: 'class', cls: own });
        cx.fns.classes.set(cls, own);
      }
      return;
    }
    case 'For': {
      const iter = cx.expr(s.iter, scope);
      const names = new Set<string>();
      walkExpr(s.target, (e) => {
        if (e.kind === 'Name') names.add(e.id);
      });
      const each = element(cx, iter, s.iter);
      bind(cx, s.target, each, scope, undefined);
      // Over test data: a loader's test split, or the held-out part of a split made here (`random_split`) unless
      // it was cut from a loader's training split (a validation part beside the loader's own test split).
      if (cx.fns.testLoops.length && dataOf(iter).some(testSplitData))
        cx.fns.testLoops[cx.fns.testLoops.length - 1] ??= { from: s.from, to: s.iter.to };
      const overNames = iter.kind === 'tuple' && iter.items.length && namesOnly(iter) ? iter.items : undefined;
      const loop = {
        id: cx.rec.newId(),
        span: { from: s.from, to: s.iter.to },
        stmt: s,
        names,
        overNames: overNames?.map((i) => (i as { value: string }).value),
      };
      cx.rec.loops.push(loop);
      // The groups of a `groupby`, one a turn: what the body summarises of one is that group's statistic.
      if (iter.kind === 'data' && iter.node.grouped) for (const d of dataOf(each)) d.groupEachTurn = loop;
      // At a notebook's or script's top level, an epoch loop plays the part of a training function: a loop over
      // test data in its body, then the best score kept there (`if acc > best_acc: torch.save(...)`).
      const topLevel = !cx.fns.stack.length;
      if (topLevel) cx.fns.testLoops.push(undefined);
      const frames = inPlaceFrames(iter, s.target, s.body, scope);
      if (frames) {
        // `for dataset in [train, test]:` changes each frame in place: the body runs once for each, and what it
        // made of the frame is that name's value afterwards.
        const target = (s.target as { id: string }).id;
        for (const name of frames) {
          const before = scope.lookup(name)!;
          scope.vars.set(target, before);
          block(cx, s.body, scope);
          const after = scope.lookup(target);
          if (after && after !== before) rebind(cx, name, after, scope);
        }
      } else block(cx, s.body, scope);
      if (topLevel) cx.fns.testLoops.pop();
      cx.rec.loops.pop();
      block(cx, s.orelse, scope);
      return;
    }
    case 'While':
      cx.expr(s.test, scope);
      block(cx, s.body, scope);
      block(cx, s.orelse, scope);
      return;
    case 'If': {
      // Inside a called function a flag argument often picks the branch (`if train: fit_transform
      // else: transform`): when the test has a known value, only the branch taken runs.
      const branches = new BranchValues(s, scope);
      // Whether a branch before `else` may have run: then `else` may not (`else: y = None` leaves the rows `y` was
      // given above, and `if y is not None:` below is not known to be false).
      let maybe = false;
      for (const b of s.branches) {
        cx.expr(b.test, scope);
        const overTest = cx.fns.testLoops[cx.fns.testLoops.length - 1];
        const best = keepsBest(b.test, b.body);
        if (overTest && best)
          cx.rec.facts.bestOnTest.push({ span: { from: b.test.from, to: b.test.to }, loop: overTest });
        else if (best && cx.rec.loops.length) {
          // The score compared is a model's score on test data, given a name in this loop's turn, or (in a loop that
          // trains a network a step at a time) a value computed from test rows (`acc = (preds == y_test_t).mean()`).
          const scored = testScoreIn(cx, b.test) ?? testValueIn(cx, b.test, scope);
          if (scored)
            cx.rec.facts.bestOnTest.push({ span: { from: b.test.from, to: b.test.to }, loop: scored, scored: true });
        }
        const known = truth(b.test, scope);
        if (known === true) {
          block(cx, b.body, scope);
          return;
        }
        if (known === false) continue;
        mayRun(cx, b.body, scope);
        branches.note(b.body);
        maybe = true;
      }
      if (maybe) mayRun(cx, s.orelse, scope);
      else block(cx, s.orelse, scope);
      branches.note(s.orelse);
      branches.join(cx, s);
      return;
    }
    case 'With':
      for (const i of s.items) {
        const v = cx.expr(i.context, scope);
        if (i.target) bind(cx, i.target, v, scope, undefined);
      }
      block(cx, s.body, scope);
      return;
    case 'Try': {
      block(cx, s.body, scope);
      // A handler runs only when the body failed: a flag it sets (`except ImportError: HAS_TORCH = False`) may or may
      // not hold afterwards, so a test of it is not known, and code under `if HAS_TORCH:` still runs.
      const flags = new Map<string, Value | undefined>();
      for (const h of s.handlers) for (const name of assignedNames(h.body)) flags.set(name, scope.vars.get(name));
      for (const h of s.handlers) mayRun(cx, h.body, scope);
      for (const [name, before] of flags) {
        const now = scope.vars.get(name);
        if (now?.kind === 'const' && !(before?.kind === 'const' && before.value === now.value))
          scope.vars.set(name, UNKNOWN);
        // Rows the body read (`df = pd.read_csv("clean.csv")`) and other rows a handler reads when that failed
        // (`except FileNotFoundError: df = pd.read_csv("raw.csv")`): either may be what follows, the body's first.
        else if (
          now?.kind === 'data' &&
          before?.kind === 'data' &&
          now.node !== before.node &&
          !now.node.stat &&
          !before.node.stat
        )
          scope.vars.set(name, { kind: 'data', node: cx.rec.node(s, [before.node, now.node]) });
      }
      block(cx, s.orelse, scope);
      block(cx, s.finalbody, scope);
      return;
    }
    case 'Return': {
      const v = s.value ? cx.expr(s.value, scope) : UNKNOWN;
      if (s.value?.kind === 'Tuple' && v.kind === 'tuple') positionalParts(cx, s.value.elts, v.items);
      cx.fns.returns?.push(v);
      // Rows a module-level function returns: a script that imports the function may split them.
      const fn = cx.fns.stack.length === 1 ? cx.fns.stack[0] : undefined;
      // A method of a module's top-level class returns rows to the file that made the instance
      // (`Preprocessor(cols).fit_transform(df)`), by `Class.method`.
      const method = fn && cx.fns.topLevelMethods.get(fn);
      if (method) {
        const span = { from: s.from, to: s.to };
        if (v.kind !== 'tuple') for (const d of dataOf(v)) cx.rec.returned(method, span, d);
        // The parts of a split the method made, by position (`return X_train, X_test, y_train, y_test`).
        else
          v.items.forEach((item, index) => {
            for (const d of dataOf(item)) cx.rec.returned(method, span, d, index);
          });
      }
      // The library object a module-level function builds and returns, also when another function of the module
      // calls it (`create_pipeline()` calling `create_preprocessor()`): the object is the same whoever asks for it.
      const inner = cx.fns.stack[cx.fns.stack.length - 1];
      if (v.kind === 'object' && inner && inner !== fn && cx.fns.topLevel.has(inner))
        cx.rec.facts.objectReturns.push({ fn: inner.name, obj: v.obj });
      if (fn && cx.fns.topLevel.has(fn)) {
        const span = { from: s.from, to: s.to };
        if (v.kind === 'object') cx.rec.facts.objectReturns.push({ fn: fn.name, obj: v.obj });
        // Each item of a returned tuple with its position (`return X_train, X_test, y_train, y_test, preprocessor`).
        if (v.kind === 'tuple') {
          v.items.forEach((item, index) => {
            if (item.kind === 'object') cx.rec.facts.objectReturns.push({ fn: fn.name, obj: item.obj, index });
            for (const d of dataOf(item)) cx.rec.returned(fn.name, span, d, index, v.keys?.[index]);
          });
        } else for (const d of dataOf(v)) cx.rec.returned(fn.name, span, d);
      }
      return;
    }
    case 'Other':
      // `del df["amount_bin"]` drops an assigned column from the frame.
      if (s.nodeName === 'DeleteStatement') {
        for (const e of s.exprs) deleteColumn(cx, e, scope);
        return;
      }
      for (const e of s.exprs) cx.expr(e, scope);
      block(cx, s.body, scope);
      return;
  }
}

/**
 * The frames a loop over a list of names changes in place (`for dataset in combine:` with `combine = [train_df,
 * test_df]`): two to four names, each holding data now, and a plain name as the loop's target that the body only
 * changes in place (`dataset["Age"] = ...`). A body that gives the name a new value (`frame = pd.DataFrame(...)`)
 * leaves the frames of the list as they were.
 */
function inPlaceFrames(iter: Value, target: Expr, body: Stmt[], scope: Scope): string[] | undefined {
  if (target.kind !== 'Name' || iter.kind !== 'tuple' || !iter.names || iter.names.length > 4) return undefined;
  const names = iter.names;
  if (!names.every((n): n is string => !!n && scope.lookup(n)?.kind === 'data')) return undefined;
  let rebound = false;
  walkStatements(body, (st) => {
    if (st.kind === 'Assign' && st.targets.some((t) => namesBound(t).includes(target.id))) rebound = true;
    if (st.kind === 'AugAssign' && st.target.kind === 'Name' && st.target.id === target.id) rebound = true;
    if (st.kind === 'For' && namesBound(st.target).includes(target.id)) rebound = true;
    return !rebound;
  });
  return rebound ? undefined : (names as string[]);
}

/** The plain names an assignment target binds: `a`, `a, b` (not `a[k]` nor `a.x`, which change `a` in place). */
function namesBound(t: Expr): string[] {
  if (t.kind === 'Name') return [t.id];
  if (t.kind === 'Tuple' || t.kind === 'List') return t.elts.flatMap(namesBound);
  if (t.kind === 'Starred') return namesBound(t.value);
  return [];
}

/**
 * The rows a name holds after an `if` whose test is not known: any branch's. Branches run one after another, so a
 * name given rows in two of them (`X = pd.concat([num, dummies])` in one, `X = num` in the else) would otherwise
 * hold only the last one's; it holds rows derived from each.
 */
class BranchValues {
  private readonly seen = new Map<string, DataNode[]>();

  constructor(
    stmt: Extract<Stmt, { kind: 'If' }>,
    private readonly scope: Scope,
  ) {
    for (const name of assignedNames([...stmt.branches.flatMap((b) => b.body), ...stmt.orelse]))
      this.seen.set(name, []);
  }

  /** Records what each name holds after a branch that assigned it. */
  note(body: Stmt[]): void {
    for (const name of assignedNames(body)) {
      const v = this.scope.vars.get(name);
      const list = this.seen.get(name);
      if (list && v?.kind === 'data' && !v.node.stat && !list.includes(v.node)) list.push(v.node);
    }
  }

  /** Binds each name given different rows in several branches to rows derived from all of them. */
  join(cx: FlowContext, stmt: Stmt): void {
    for (const [name, nodes] of this.seen) {
      if (nodes.length < 2) continue;
      const now = this.scope.vars.get(name);
      if (now?.kind !== 'data' || !nodes.includes(now.node)) continue;
      // The last branch's rows first: what reads the name's first parent (its frame, its columns) reads those.
      const ordered = [now.node, ...nodes.filter((n) => n !== now.node)];
      this.scope.vars.set(name, { kind: 'data', node: cx.rec.node(stmt, ordered) });
    }
  }
}

/** The plain names a block's own statements assign (not those of nested blocks). */
function assignedNames(body: Stmt[]): string[] {
  const out: string[] = [];
  for (const st of body) if (st.kind === 'Assign') for (const t of st.targets) if (t.kind === 'Name') out.push(t.id);
  return out;
}

/**
 * Runs a branch that may not run: a name it sets to a constant or nothing (`if pd.isna(m): m = 0`) keeps the data
 * it held before, which it still holds when the branch is not taken.
 */
function mayRun(cx: FlowContext, body: Stmt[], scope: Scope): void {
  const before = new Map<string, Value>();
  for (const name of assignedNames(body)) {
    const v = scope.vars.get(name);
    if (v?.kind === 'data') before.set(name, v);
  }
  block(cx, body, scope);
  for (const [name, v] of before) {
    const now = scope.vars.get(name);
    if (now && (now.kind === 'const' || now.kind === 'unknown')) scope.vars.set(name, v);
  }
}

/** `del df["c"]`: the frame without column `c`, when it was assigned by name. */
function deleteColumn(cx: FlowContext, e: Expr, scope: Scope): void {
  if (e.kind !== 'Subscript' || e.value.kind !== 'Name') return;
  const column = literalColumn(e.index);
  const frame = scope.lookup(e.value.id);
  if (column === undefined || frame?.kind !== 'data') return;
  const out = dropColumns(cx.rec, e, frame.node, [column]);
  if (out) rebind(cx, e.value.id, { kind: 'data', node: out }, scope);
}

/** Bases a class's own methods may be followed under: `object`, and scikit-learn's estimator and transformer bases. */
function plainBase(b: Expr): boolean {
  const name = b.kind === 'Name' ? b.id : b.kind === 'Attribute' ? b.attr : undefined;
  return name === 'object' || name === 'BaseEstimator' || name === 'TransformerMixin' || torchDataset(b);
}

/** PyTorch's map-style `Dataset` base (`Dataset`, `torch.utils.data.Dataset`, `data.Dataset`). */
function torchDataset(b: Expr): boolean {
  return (b.kind === 'Name' && b.id === 'Dataset') || (b.kind === 'Attribute' && b.attr === 'Dataset');
}

function isObject(b: Expr): boolean {
  return b.kind === 'Name' && b.id === 'object';
}

/**
 * The first and last rows of the same data by one cut, returned together (`return X[:n], X[n:], y[:n], y[n:]`): a
 * split by position, whatever the caller names the parts. `X[:n]` is the training part, `X[n:]` the held-out one.
 */
function positionalParts(cx: FlowContext, elts: readonly Expr[], items: readonly Value[]): void {
  const cut = (e: Expr, head: boolean): string | undefined => {
    if (e.kind !== 'Subscript' || e.value.kind !== 'Name') return undefined;
    const first = e.index[0];
    if (first?.kind !== 'Slice' || first.parts[2]) return undefined;
    const [lower, upper] = first.parts;
    const bound = head ? (!lower ? upper : undefined) : !upper ? lower : undefined;
    const key = bound && exprKey(bound);
    return key ? `${e.value.id}|${key}` : undefined;
  };
  const heads = new Map<string, number>();
  elts.forEach((e, i) => {
    const k = cut(e, true);
    if (k) heads.set(k, i);
  });
  elts.forEach((e, i) => {
    const k = cut(e, false);
    const h = k === undefined ? undefined : heads.get(k);
    if (h === undefined) return;
    const train = items[h];
    const held = items[i];
    if (train?.kind !== 'data' || held?.kind !== 'data' || train.node.parts.length || held.node.parts.length) return;
    const base = train.node.parents[0];
    if (!base || held.node.parents[0] !== base) return;
    markManualSide(cx, train.node, base, elts[h], 'train');
    markManualSide(cx, held.node, base, e, 'test');
  });
}

/** A text key of a small expression (a name, a number, an attribute) to compare the cut of two slices by. */
function exprKey(e: Expr): string | undefined {
  if (e.kind === 'Name') return e.id;
  if (e.kind === 'Constant') return String(e.value);
  if (e.kind !== 'Attribute') return undefined;
  const base = exprKey(e.value);
  return base === undefined ? undefined : `${base}.${e.attr}`;
}

/** Optimizers of Keras, TensorFlow and PyTorch (`keras.optimizers.Adam`, `torch.optim.SGD`). */
const OPTIMIZER = /^((keras|tensorflow\.keras)\.optimizers(\.legacy)?|torch\.optim)\.[A-Z]\w*$/;

/**
 * Settings gathered from a tuning loop's variables into a name (`params = {"max_depth": depth}` in a loop over
 * depths, `param = {"n_estimators": trial.suggest_int(...)}` in an Optuna objective): a model built from that name
 * (`XGBRegressor(**params)`) is tuned by the loop as if given the variables. In an objective, any value drawn from the
 * trial is a setting; in a loop, a dict written out of the loop's variables or an optimizer made from them.
 */
function settingsOfLoop(cx: FlowContext, targets: readonly Expr[], value: Expr): void {
  const names = targets.flatMap((t) => (t.kind === 'Name' ? [t.id] : []));
  if (!names.length) return;
  // An optimizer made for each learning rate of a loop (`optim = Nadam(learning_rate=lr)`) is a setting too.
  const optimizer = value.kind === 'Call' && OPTIMIZER.test(qualifiedIn(cx.imports, value.func, undefined) ?? '');
  for (const loop of cx.rec.loops) {
    if (!loop.fn && value.kind !== 'Dict' && !optimizer) continue;
    if (mentionedName(value, loop.names)) for (const n of names) loop.names.add(n);
  }
}

/**
 * Names given a model's score on test data (`test_loss, test_acc = model.evaluate(test_ds)`, then `acc =
 * results[1]`) are remembered with the place of that score; a name given anything else is forgotten.
 */
function noteTestScores(cx: FlowContext, targets: Expr[], value: Expr): void {
  let at: Span | undefined;
  walkExpr(value, (e) => {
    if (!at && e.kind === 'Call') at = cx.fns.testScoreCalls.get(e.from);
    else if (!at && e.kind === 'Name') at = cx.fns.testScores.get(e.id);
    return !at;
  });
  for (const t of targets)
    walkExpr(t, (e) => {
      if (e.kind !== 'Name') return;
      if (at) cx.fns.testScores.set(e.id, at);
      else cx.fns.testScores.delete(e.id);
    });
}

/** Where the test score that a comparison reads was computed, when it reads a name given one. */
function testScoreIn(cx: FlowContext, test: Expr): Span | undefined {
  let at: Span | undefined;
  walkExpr(test, (e) => {
    if (!at && e.kind === 'Name') at = cx.fns.testScores.get(e.id);
  });
  return at;
}

/** Methods a training step calls: the loss's gradients, the optimiser's update. */
const TRAINING_STEP = new Set(['backward', 'step']);

/**
 * Where a value computed from test rows that a comparison reads was computed, inside a loop that trains a network a
 * step at a time (`loss.backward()`, `optimizer.step()`): an epoch loop that keeps the best by that value.
 */
function testValueIn(cx: FlowContext, test: Expr, scope: Scope): Span | undefined {
  const loop = [...cx.rec.loops].reverse().find((l) => l.stmt);
  if (!loop?.stmt || !trainsEachTurn(loop.stmt.body, scope)) return undefined;
  let at: Span | undefined;
  walkExpr(test, (e) => {
    if (at || e.kind !== 'Name') return;
    const v = scope.lookup(e.id);
    if (v?.kind === 'data' && isTestData(v.node)) at = v.node.span;
  });
  return at;
}

/**
 * True when statements take a training step of a network (`loss.backward()`, `optimizer.step()`), themselves or in a
 * function of the unit they call (`train_loss = train(epoch)`, its body stepping over the training loader).
 */
function trainsEachTurn(body: Stmt[], scope?: Scope): boolean {
  let steps = false;
  const called: FunctionDefStmt[] = [];
  walkStatements(body, (s) => {
    if (steps) return false;
    eachStmtExpr(s, (e) =>
      walkExpr(e, (x) => {
        if (x.kind !== 'Call') return;
        if (x.func.kind === 'Attribute' && TRAINING_STEP.has(x.func.attr)) steps = true;
        else if (scope && x.func.kind === 'Name') {
          const f = scope.lookup(x.func.id);
          if (f?.kind === 'function') called.push(f.def);
        }
      }),
    );
    return !steps;
  });
  // One level down only: a function's own calls are not followed further.
  return steps || called.some((def) => trainsEachTurn(def.body));
}

/** MLflow's loaders of a logged model by flavour (`mlflow.sklearn.load_model`, `mlflow.pyfunc.load_model`). */
const MLFLOW_MODEL_LOADER = /^mlflow\.(?:sklearn|pyfunc|xgboost|lightgbm|catboost)\.load_model$/;

/**
 * A model read back from a pickle (`clf = joblib.load("models/logreg.joblib")`, `model = pickle.load(f)`) into a name
 * the unit calls prediction methods on: an estimator fit elsewhere, so its scores here are followed. Any other value
 * read from a pickle stays data of unknown extent.
 */
function loadedModel(cx: FlowContext, s: AssignStmt, v: Value, scope: Scope): Value {
  const target = s.targets.length === 1 ? s.targets[0] : undefined;
  if (s.value?.kind !== 'Call' || target?.kind !== 'Name') return v;
  // A model of MLflow's registry or a run (`mlflow.sklearn.load_model("runs:/.../model")`): MLflow makes no data.
  const q =
    v.kind === 'data'
      ? v.node.source?.qualified
      : v.kind === 'unknown'
        ? qualifiedIn(cx.imports, s.value.func, scope)
        : undefined;
  // The model this unit saved under that path (`joblib.dump(rfc, "rf.joblib")`, then `joblib.load("rf.joblib")`).
  const path = q && OPAQUE_LOADERS.has(q) ? constString(s.value.args[0], scope) : undefined;
  const saved = path === undefined ? undefined : cx.rec.dumped.get(path);
  if (saved) return { kind: 'object', obj: saved };
  if (!q || !(OPAQUE_LOADERS.has(q) || MLFLOW_MODEL_LOADER.test(q)) || !cx.predicts(target.id)) return v;
  // Only in a unit that imports a library the pass models: others make no model objects at all (rules skip them).
  if (![...cx.imports.modules].some((m) => FLOW_LIBRARY_ROOTS.has(packageOf(m)))) return v;
  return { kind: 'object', obj: cx.rec.object(s.value, 'estimator', q, [], []) };
}
