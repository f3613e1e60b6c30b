// Calls: which callee a call reaches (a library function, a function of the unit, a method of a library
// object or of data), and the unit's own functions run inline with their arguments bound.
import type { CallExpr, Expr, FunctionDefStmt, Param, Stmt } from '../python/ast';
import { eachChildBody, walkAllExprs } from '../python/walk';
import { dottedName, packageOf } from '../python/imports';
import {
  BUILTINS,
  FLOW_LIBRARY_ROOTS,
  OTHER_BUILTINS,
  LIST_GROWERS,
  PREDICT_METHODS,
  NOT_DATA_ROOTS,
  SCALAR_BUILTINS,
  TABLE_ROOTS,
} from '../libraries/dataFlow';
import { rebind } from './binding';
import type { FlowContext } from './context';
import type { DataNode, LoopContext, PartKind } from './facts';
import { columnNames } from './columns';
import { argsOnly, derivedFrom } from './expressions';
import { allArgs, foreignCall, libraryCall } from './libraryCalls';
import { dataMethod, objectMethod } from './methods';
import { block } from './statements';
import { CONFIG_PATH } from './paths';
import { kw, methodCallsOn, qualifiedIn } from './syntax';
import { type OwnClass, SAME_PATH, Scope, UNKNOWN, type Value, constString, dataOf } from './values';

/**
 * The value of a call: of a library (through imports), of the unit's own function, or a method of an object or of data.
 */
export function evalCall(cx: FlowContext, call: CallExpr, scope: Scope): Value {
  const func = call.func;
  const q = qualifiedIn(cx.imports, func, scope);
  // A path made from a written-out one (`Path(output_file)`, where `output_file` holds "data/features.csv") is that
  // path, so rows written to it can be followed to the file that reads them; so is its text (`str(FINAL_PATH)`) and
  // the same path made absolute (`FINAL_PATH.resolve()`).
  if ((q === 'pathlib.Path' || q === 'pathlib.PurePath' || q === 'os.fspath') && call.args.length === 1) {
    const path = constString(call.args[0], scope);
    if (path !== undefined) return { kind: 'const', value: path };
  }
  // `os.path.join(output_dir, "train.csv")` kept in a name: the path, as far as its parts are known.
  if (
    q === 'os.path.join' ||
    q === 'posixpath.join' ||
    q === 'ntpath.join' ||
    (func.kind === 'Name' && func.id === 'str') ||
    (func.kind === 'Attribute' && SAME_PATH.has(func.attr))
  ) {
    const path = constString(call, scope);
    if (path !== undefined) return { kind: 'const', value: path };
  }
  if (!q && func.kind === 'Attribute' && ARGPARSE_METHODS.has(func.attr))
    return argparseCall(cx, call, func.attr, scope);
  if (q) return libraryCall(cx, call, q, scope);
  if (func.kind === 'Name') {
    const fv = scope.lookup(func.id);
    if (fv?.kind === 'function') return userCall(cx, call, fv.def, scope, undefined, undefined, fv.closure);
    if (fv?.kind === 'class') return construct(cx, call, fv.cls, scope);
    if (fv?.kind === 'object') return argsOnly(cx, call, scope, fv);
    if (func.id === 'enumerate' || func.id === 'zip') {
      const items = call.args.map((a) => cx.expr(a, scope));
      return { kind: 'iter', wrap: func.id, items };
    }
    if (SCALAR_BUILTINS.has(func.id) && !scope.has(func.id)) {
      // `len(df)`, `float(...)`, `print(...)`: a number, a string or nothing, never rows.
      const args = call.args.map((a) => cx.expr(a, scope));
      for (const k of call.keywords) cx.expr(k.value, scope);
      // A statistic turned into a plain number (`int(df["bmi"].mean())`, `round(m, 1)`) is still that statistic.
      const first = args[0];
      if (NUMBER_OF.has(func.id) && first?.kind === 'data' && first.node.stat) return first;
      if (func.id === 'len' && args.length === 1 && first?.kind === 'data')
        return { kind: 'unknown', lengthOf: first.node };
      return UNKNOWN;
    }
    if (func.id === 'list' || func.id === 'tuple' || func.id === 'iter' || func.id === 'set' || func.id === 'sorted') {
      const v = call.args[0] ? cx.expr(call.args[0], scope) : UNKNOWN;
      for (const a of call.args.slice(1)) cx.expr(a, scope);
      for (const k of call.keywords) cx.expr(k.value, scope);
      // A new list of a frame's column names (`list(df.columns)`): changed apart from the names it copies.
      if (v.kind === 'data' && v.node.columnsBut) return { kind: 'data', node: columnNames(cx.rec, call, v.node, []) };
      return v.kind === 'folds' || v.kind === 'iter' || v.kind === 'tuple'
        ? v
        : v.kind === 'data'
          ? cx.rec.derived(call, [v])
          : UNKNOWN;
    }
    const starred = fv ? undefined : starImported(cx, func.id);
    if (starred) return libraryCall(cx, call, starred, scope);
    return argsOnly(cx, call, scope);
  }
  if (func.kind === 'Attribute') {
    const recv = cx.expr(func.value, scope);
    if (recv.kind === 'object') return objectMethod(cx, call, func.attr, recv.obj, scope);
    if (recv.kind === 'foreign' || (recv.kind === 'data' && recv.node.ownClass))
      return ownClassMethod(cx, call, func.attr, recv, scope);
    if (recv.kind === 'data') return dataMethod(cx, call, func.attr, recv.node, scope, func.value);
    if (recv.kind === 'function') return argsOnly(cx, call, scope);
    if (recv.kind === 'instance') {
      const def = recv.cls.methods.get(func.attr);
      if (def && !isStaticOrClassMethod(def)) return userCall(cx, call, def, scope, recv);
      if (func.attr === 'fit_transform' && recv.cls.estimator) return fitThenTransform(cx, call, recv, scope);
      return argsOnly(cx, call, scope);
    }
    // A dict of models (`{"rf": RandomForestClassifier(), ...}` holds its values): `.items()` pairs each with a key.
    if (recv.kind === 'tuple' && !call.args.length && (func.attr === 'items' || func.attr === 'values'))
      return func.attr === 'values'
        ? recv
        : { kind: 'tuple', items: recv.items.map((v) => ({ kind: 'tuple', items: [UNKNOWN, v] })) };
    if (recv.kind === 'tuple' && LIST_CHANGERS.has(func.attr) && recv.items.every(isName))
      return changeNames(cx, call, func.attr, recv, scope);
    if (recv.kind === 'tuple' && func.attr === 'append' && recv.items.every((i) => i.kind === 'object'))
      return appendModel(cx, call, recv, scope);
    const out = argsOnly(cx, call, scope);
    // `drop_cols.append(col)`: the list now holds what was appended.
    if (out.kind === 'data' && LIST_GROWERS.has(func.attr)) {
      const name = dottedName(func.value);
      if (name) rebind(cx, name, cx.rec.derived(call, [recv, out]), scope);
    }
    return out;
  }
  const f = cx.expr(func, scope);
  return argsOnly(cx, call, scope, f);
}

/** A new instance of the unit's own class: its `__init__` runs on the arguments, its attributes its own. */
function construct(cx: FlowContext, call: CallExpr, cls: OwnClass, scope: Scope): Value {
  const self: Extract<Value, { kind: 'instance' }> = { kind: 'instance', cls, attrs: new Scope(cls.scope) };
  const init = cls.methods.get('__init__');
  const given = init ? evaluated(cx, call, scope) : undefined;
  if (cls.estimator) {
    const data = given ? derivedFrom(cx, call, [...given[0], ...given[1].values()]) : argsOnly(cx, call, scope);
    if (data.kind === 'data') self.given = data.node;
  }
  if (init) userCall(cx, call, init, scope, self, given);
  else if (!cls.estimator) argsOnly(cx, call, scope);
  // A `Dataset` of the project: the rows its attributes hold once `__init__` has run.
  if (cls.rows) {
    const held = [...self.attrs.vars.entries()].filter(([k, v]) => k.startsWith('self.') && v.kind === 'data');
    const rows = held.length
      ? cx.rec.derived(
          call,
          held.map(([, v]) => v),
        )
      : undefined;
    if (rows?.kind === 'data') self.given = rows.node;
  }
  return self;
}

/**
 * `fit_transform` of a custom transformer that defines only `fit` and `transform` (scikit-learn's `TransformerMixin`
 * supplies it): its `fit` runs on the arguments, then its `transform` on the rows.
 */
function fitThenTransform(
  cx: FlowContext,
  call: CallExpr,
  self: Extract<Value, { kind: 'instance' }>,
  scope: Scope,
): Value {
  const fit = self.cls.methods.get('fit');
  const transform = self.cls.methods.get('transform');
  if (!fit || !transform || isStaticOrClassMethod(fit) || isStaticOrClassMethod(transform))
    return argsOnly(cx, call, scope);
  const [args, kws] = evaluated(cx, call, scope);
  userCall(cx, call, fit, scope, self, [args, kws]);
  return userCall(cx, call, transform, scope, self, [args.slice(0, 1), new Map()]);
}

/** A call's arguments, evaluated once: positional values and keyword values by name. */
function evaluated(cx: FlowContext, call: CallExpr, scope: Scope): [Value[], Map<string, Value>] {
  const args = call.args.map((a) => cx.expr(a, scope));
  const kws = new Map(call.keywords.filter((k) => k.name).map((k) => [k.name!, cx.expr(k.value, scope)] as const));
  return [args, kws];
}

/** True when a call leaves a parameter without a default unfilled (no `*args` or `**kwargs` handed on). */
function missesArguments(
  call: CallExpr,
  def: FunctionDefStmt,
  self: boolean,
  args: readonly Value[],
  kws: ReadonlyMap<string, Value>,
): boolean {
  if (call.args.some((a) => a.kind === 'Starred') || call.keywords.some((k) => !k.name)) return false;
  const params = def.params.slice(self ? 1 : 0);
  return params.some((p, i) => !p.star && !p.default && i >= args.length && !kws.has(p.name));
}

function isStaticOrClassMethod(def: FunctionDefStmt): boolean {
  return def.decorators.some((d) => d.kind === 'Name' && (d.id === 'staticmethod' || d.id === 'classmethod'));
}

/**
 * A call of the unit's own function: its body runs with the arguments bound (a few levels deep, within a budget).
 * A method of an instance (`self`) runs with its first parameter bound to the instance, in the instance's
 * attribute scope; the instance holds the rows, so the leak is reported in the class, where it is written.
 */
function userCall(
  cx: FlowContext,
  call: CallExpr,
  def: FunctionDefStmt,
  scope: Scope,
  self?: Extract<Value, { kind: 'instance' }>,
  given?: [Value[], Map<string, Value>],
  closure?: Scope,
): Value {
  const [args, kws] = given ?? evaluated(cx, call, scope);
  // A call missing a required argument (`Split()` under `if __name__ == "__main__":`, for a class made from rows)
  // stops with a TypeError before the body runs: the function is still one nothing runs, for the files importing it.
  const cannotRun = missesArguments(call, def, !!self, args, kws);
  if (cannotRun || cx.fns.stack.includes(def) || cx.fns.stack.length >= 4 || cx.fns.budget <= 0) {
    return cx.rec.derived(call, [...args, ...kws.values()]);
  }
  cx.fns.called.add(def);
  const inner = self ? new Scope(self.attrs, self.attrs) : new Scope(closure ?? cx.globals, cx.globals);
  let i = 0;
  for (const [n, p] of def.params.entries()) {
    if (self && n === 0) {
      inner.vars.set(p.name, self);
      continue;
    }
    if (p.star === '*') {
      inner.vars.set(p.name, { kind: 'tuple', items: args.slice(i) });
      i = args.length;
      continue;
    }
    if (p.star === '**') {
      inner.vars.set(p.name, UNKNOWN);
      continue;
    }
    const at = i < args.length && call.args[i]?.kind !== 'Starred' ? i++ : -1;
    let v = at >= 0 ? args[at] : kws.get(p.name);
    // A path a configuration names (`preprocess(params["input"], params["output"])`), known by its keys inside.
    if (!given && (!v || v.kind === 'unknown')) {
      const path = constString(at >= 0 ? call.args[at] : kw(call, p.name)?.value, scope);
      if (path?.startsWith(CONFIG_PATH)) v = { kind: 'const', value: path };
    }
    // A parameter the body predicts with (`metrics = evaluate_model(model, X_test, y_test)` with `model` taken out of
    // a dict of models): a model, whatever the value handed in shows of it, so what the body scores it on is followed.
    const predicts =
      !p.star && (!v || v.kind === 'data' || v.kind === 'unknown') ? predictedParams(def).get(p.name) : undefined;
    if (predicts && [...cx.imports.modules].some((m) => FLOW_LIBRARY_ROOTS.has(packageOf(m))))
      v = { kind: 'object', obj: cx.rec.object(predicts, 'estimator', p.name, [], []) };
    inner.vars.set(p.name, v ?? (p.default ? cx.expr(p.default, scope) : cx.rec.opaque(p)));
  }
  // A call that hands rows in (`preprocess(df)`), not a wrapper like `main()`.
  const handsRows = [...args, ...kws.values()].some((v) => dataOf(v).length > 0);
  const takesRows = !self && handsRows;
  // What a top-level function the module calls itself does to the rows handed to it, for the files importing it.
  if (takesRows && cx.fns.topLevel.has(def))
    for (const [index, p] of def.params.entries()) {
      const v = inner.vars.get(p.name);
      if (v?.kind === 'data') cx.rec.facts.params.push({ fn: def.name, node: v.node, body: def, name: p.name, index });
    }
  // A one-parameter function given one element of iterated rows runs on that item only.
  const onItem =
    !self && def.params.length === 1 && args.length === 1 && args[0].kind === 'data' && !!args[0].node.item;
  if (takesRows) cx.rec.callSites.push(call);
  if (onItem) cx.rec.perItem++;
  // An Optuna objective called with its trial (`study.optimize(lambda trial: objective(trial, X_tr, X_te))`) is a
  // tuning loop, as when Optuna is handed the function itself; a helper an objective calls with its trial
  // (`create_model(trial)`) runs within that objective's loop.
  const trial = def.params.some((p) => p.name === 'trial') && !cx.rec.loops.some((l) => l.names.has('trial'));
  if (trial) cx.rec.loops.push(trialLoop(cx, def));
  let out: Value;
  try {
    out = callFunction(cx, def, inner, call);
  } finally {
    if (trial) cx.rec.loops.pop();
    if (takesRows) cx.rec.callSites.pop();
    if (onItem) cx.rec.perItem--;
  }
  // A method changes the rows handed to it in place for its caller as a function does (`self._fill(self.df)`).
  if (handsRows) changedInPlace(cx, call, def, inner, self ? 1 : 0, [args, kws], scope);
  return out;
}

/**
 * Rows a function changed in place (`dataframe[column] = dataframe[column].fillna(median)`, `df.dropna(inplace=True)`)
 * are changed for its caller too: the caller's variable handed in now holds the changed rows. A parameter the
 * function binds again by name (`df = df.dropna()`) is a local copy, and the caller's rows stay as they were.
 */
function changedInPlace(
  cx: FlowContext,
  call: CallExpr,
  def: FunctionDefStmt,
  inner: Scope,
  skip: number,
  [args, kws]: [Value[], Map<string, Value>],
  scope: Scope,
): void {
  const params = def.params.slice(skip);
  for (const [i, p] of params.entries()) {
    if (p.star) break;
    const positional = i < call.args.length;
    const arg = positional ? call.args[i] : call.keywords.find((k) => k.name === p.name)?.value;
    if (!arg || arg.kind === 'Starred' || (arg.kind !== 'Name' && arg.kind !== 'Attribute')) continue;
    const name = dottedName(arg);
    const before = positional ? args[i] : kws.get(p.name);
    const after = inner.vars.get(p.name);
    if (!name || before?.kind !== 'data' || after?.kind !== 'data' || after.node === before.node) continue;
    if (!after.node.parents.length || bindsName(def.body, p.name)) continue;
    rebind(cx, name, after, scope);
  }
}

/** True when `name` is bound again by a plain assignment, an augmented one or a loop in `body` (not in nested defs). */
function bindsName(body: Stmt[], name: string): boolean {
  const isName = (t: Expr): boolean =>
    (t.kind === 'Name' && t.id === name) || ((t.kind === 'Tuple' || t.kind === 'List') && t.elts.some(isName));
  for (const s of body) {
    if (s.kind === 'FunctionDef' || s.kind === 'ClassDef') continue;
    if (s.kind === 'Assign' && s.targets.some(isName)) return true;
    if ((s.kind === 'AugAssign' || s.kind === 'For') && isName(s.target)) return true;
    let found = false;
    eachChildBody(s, (b) => {
      found ||= bindsName(b, name);
    });
    if (found) return true;
  }
  return false;
}

/** Runs a function's body in `scope` and returns what it returns. */
function callFunction(cx: FlowContext, def: FunctionDefStmt, scope: Scope, call?: CallExpr): Value {
  const rets = runBody(cx, def, scope);
  // Several returns: prefer one that carries structure (a tuple of parts, a fitted object).
  const structured = rets.find((r) => r.kind === 'tuple' || r.kind === 'object');
  if (structured) return structured;
  // Rows or values returned by different branches (`if strategy == "median": return s.fillna(s.median())` ... `return
  // s`): any of them may come back, so the result carries each. Only plain rows of no split side, no prediction and no
  // read: those keep what the last return says of them.
  const data = [...new Set(rets.flatMap((r) => (r.kind === 'data' ? [r.node] : [])))];
  if (call && data.length > 1 && data.every((n) => !n.parts.length && !n.prediction && !n.source))
    return cx.rec.derived(
      call,
      data.map((node) => ({ kind: 'data', node }) as const),
    );
  return rets[rets.length - 1] ?? UNKNOWN;
}

/** Runs a function's body in `scope`: every value it returns. */
function runBody(cx: FlowContext, def: FunctionDefStmt, scope: Scope): Value[] {
  const saved = cx.fns.returns;
  cx.fns.returns = [];
  cx.fns.stack.push(def);
  cx.fns.testLoops.push(undefined);
  block(cx, def.body, scope);
  cx.fns.testLoops.pop();
  cx.fns.stack.pop();
  const rets = cx.fns.returns;
  cx.fns.returns = saved;
  return rets;
}

/**
 * The qualified name of a function the unit calls without defining or importing it by name, when one star import of
 * a module (not a library the pass models) can bring it: `from utils import *` ... `load_data("clean.csv")` calls
 * `utils.load_data`. With several star imports, which one brings the name is not known.
 */
function starImported(cx: FlowContext, name: string): string | undefined {
  if (BUILTINS.has(name) || OTHER_BUILTINS.has(name)) return undefined;
  let star: string | undefined;
  for (const st of cx.imports.statements) {
    if (!st.star || st.module === undefined) continue;
    if (star !== undefined) return undefined;
    star = st.module;
  }
  if (star === undefined || star.startsWith('.')) return undefined;
  const root = packageOf(star);
  if (FLOW_LIBRARY_ROOTS.has(root) || TABLE_ROOTS.has(root) || NOT_DATA_ROOTS.has(root)) return undefined;
  return `${star}.${name}`;
}

/**
 * A function of the unit handed by name to a method that runs it on rows (`df.apply(set_age, axis=1)`,
 * `s.map(to_code)`): its body runs once with `args`, and every value it can return
 * is returned (each branch may return something else: a statistic for missing values, the row's own value).
 * The caller names the call it runs at (`rec.callSites`).
 */
export function applyFunction(cx: FlowContext, def: FunctionDefStmt, args: Value[]): Value[] {
  if (cx.fns.stack.includes(def) || cx.fns.stack.length >= 4 || cx.fns.budget <= 0) return [];
  cx.fns.called.add(def);
  const inner = new Scope(cx.globals, cx.globals);
  for (const [i, p] of def.params.entries()) {
    if (p.star) inner.vars.set(p.name, UNKNOWN);
    else inner.vars.set(p.name, args[i] ?? (p.default ? cx.expr(p.default, inner) : cx.rec.opaque(p)));
  }
  return runBody(cx, def, inner);
}

/**
 * A method of an instance of another module's class (`preprocessor.fit_transform(df)`): a call of that module, given
 * the rows passed in and those the instance was made from. What the method returns is data of unknown extent when
 * no rows go in, as for a function of another module.
 */
function ownClassMethod(
  cx: FlowContext,
  call: CallExpr,
  method: string,
  recv: Extract<Value, { kind: 'foreign' | 'data' }>,
  scope: Scope,
): Value {
  const posVals = call.args.map((a) => cx.expr(a, scope));
  const kwVals = call.keywords.map((k) => cx.expr(k.value, scope));
  const given = recv.kind === 'data' ? recv.node : recv.given;
  const cls = recv.kind === 'data' ? recv.node.ownClass! : recv.qualified;
  const q = `${cls}.${method}`;
  const vals = [...posVals, ...kwVals, ...(given ? [{ kind: 'data', node: given } as const] : [])];
  const out = cx.rec.derived(call, vals);
  let node: DataNode;
  if (out.kind === 'data') node = out.node;
  else {
    node = cx.rec.node(call, []);
    node.source = { qualified: q, guessed: true };
  }
  const made = foreignCall(cx, call, q, node, posVals, kwVals);
  // A method that returns its instance (`Prep().run()`), to call or read more of it; or one that returns a side of
  // the split the class made (`prep.x_test()`).
  if (cx.seeds?.fluent?.has(q)) return recv;
  const kind = posVals.length || kwVals.length ? undefined : cx.seeds?.members?.get(cls)?.get(`${method}()`);
  if (kind) return { kind: 'data', node: cx.rec.memberPart(call, recv, kind, cls) };
  return made;
}

/**
 * Functions never called in the unit still hold real code (a library module, an Optuna objective): each
 * runs once, its parameters opaque data (the first of a method: its object); a `trial` parameter is a
 * tuning loop.
 */
export function runUncalled(cx: FlowContext): void {
  for (const { def, cls, closure } of cx.fns.defs) {
    if (cx.fns.called.has(def)) continue;
    // A function defined in another's body and handed on rather than called (`fmin(fn=objective)` inside a tuning
    // function) reads the names of that body, as it would when the search calls it.
    const scope = new Scope(cls ?? closure ?? cx.globals, cls ?? cx.globals);
    const trial =
      def.params.find((p) => p.name === 'trial') ?? (cx.fns.searchObjectives.has(def) ? def.params[0] : undefined);
    const imported = !cls && cx.fns.topLevel.has(def);
    // A method of a top-level class, for the files calling it on an instance (`trainer.split_data(X, y)`).
    const method = cls ? cx.fns.topLevelMethods.get(def) : undefined;
    // The parts of a split that the files calling the function hand it (`train_and_compare(X_train, ..., X_test)`).
    const seeded = imported ? cx.seeds?.params.get(def.name) : method ? cx.seeds?.params.get(method) : undefined;
    // Otherwise (a module's function or method) what its signature declares: the parameters named as the training
    // and test rows of one split (`initiate_model_trainer(self, train_array, test_array)`, called with arrays whose
    // origin the project does not show) are those parts. Not in a unit that stacks rows: train and test frames
    // stacked there are the concatenation rules' (`pd.concat([df_train, df_test])`), which know them by their files.
    const declared = !seeded && (imported || method) && !cx.stacksRows() ? declaredParts(def) : undefined;
    const given = seeded ?? declared;
    // The constant every call in the project's other files hands a parameter that picks a branch.
    const consts = imported ? cx.seeds?.consts?.get(def.name) : undefined;
    // The first parameter of a plain class's method is an instance of it: `self._impute(df, fit=True)` runs that
    // method on those rows, its attributes those the class's methods set.
    const own = cls && cx.fns.classes.get(cls);
    const predicted = predictedParams(def);
    for (const [i, p] of def.params.entries()) {
      let v: Value = (cls && i === 0) || notRows(p) ? UNKNOWN : cx.rec.opaque(p);
      const known = consts?.get(p.name);
      if (known !== undefined) v = { kind: 'const', value: known };
      if (own && i === 0 && !def.decorators.length) v = { kind: 'instance', cls: own, attrs: cls };
      // A parameter the body predicts with (`def compare_models(nb_model, lr_model, X_test, y_test)`, whose callers
      // hand it fitted models): a model fit elsewhere, so what the body scores it on is followed.
      const predicts = v.kind === 'data' && !p.star ? predicted.get(p.name) : undefined;
      if (predicts && [...cx.imports.modules].some((m) => FLOW_LIBRARY_ROOTS.has(packageOf(m))))
        v = { kind: 'object', obj: cx.rec.object(predicts, 'estimator', p.name, [], []) };
      const kind = given?.get(p.name);
      if (kind && v.kind === 'data') {
        const split = cx.rec.givenSplit(
          `param:${def.name}`,
          def.nameSpan,
          declared ? 'signature' : 'param',
          declared ? (method ?? def.name) : def.name,
        );
        v = { kind: 'data', node: cx.rec.givenPart(p, v.node, kind, split) };
      }
      scope.vars.set(p.name, v);
      if ((imported || method) && v.kind === 'data')
        cx.rec.facts.params.push({ fn: method ?? def.name, node: v.node, name: p.name, index: i });
    }
    if (trial) cx.rec.loops.push(trialLoop(cx, def, trial.name));
    callFunction(cx, def, scope);
    if (trial) cx.rec.loops.pop();
  }
}

/**
 * The parameters a signature names as the training and test rows of one split: each name with `train` in it whose
 * twin with `test` in its place is a parameter too (`X_train`/`X_test`, `train_array`/`test_array`,
 * `training_data`/`testing_data`). None unless both sides are there: one `X_test` alone may be any held-out rows.
 */
export function declaredParts(def: FunctionDefStmt): Map<string, PartKind> | undefined {
  if (!scores(def)) return undefined;
  const names = new Set(def.params.filter((p) => !p.star).map((p) => p.name));
  let out: Map<string, PartKind> | undefined;
  for (const name of names) {
    const twin = [name.replace(/training/i, twinCase('testing')), name.replace(/train/i, twinCase('test'))].find(
      (t) => t !== name && names.has(t),
    );
    if (!twin) continue;
    out ??= new Map();
    out.set(name, 'train');
    out.set(twin, 'test');
  }
  return out;
}

/**
 * Whether a function's body scores models: it predicts, scores or evaluates (`model.predict(X_test)`,
 * `model.score(...)`), or calls a metric or an evaluation helper (`r2_score(...)`, `evaluate_models(...)`). A function
 * that only prepares the rows it is named for (`clean(train_df, test_df)`, stacking them) declares no roles: what it
 * does to them is the business of the rules that know train and test files.
 */
function scores(def: FunctionDefStmt): boolean {
  let found = false;
  walkAllExprs(def.body, (e) => {
    if (found || e.kind !== 'Call') return;
    const name = e.func.kind === 'Attribute' ? e.func.attr : e.func.kind === 'Name' ? e.func.id : '';
    found =
      (e.func.kind === 'Attribute' && (PREDICTS.has(name) || name === 'score' || name === 'evaluate')) ||
      SCORING_CALL.test(name);
  });
  return found;
}

/** Names of metric functions and evaluation helpers: `accuracy_score`, `mean_squared_error`, `evaluate_models`. */
const SCORING_CALL = /(_score|_error|^evaluat\w*|^score\w*|_evaluat\w*|^get_metrics?|_metrics?)$/i;

/** A replacement keeping the case of what it replaces (`TRAIN` → `TEST`, `Train` → `Test`). */
function twinCase(word: string): (found: string) => string {
  return (found) =>
    found === found.toUpperCase()
      ? word.toUpperCase()
      : found[0] === found[0].toUpperCase()
        ? word[0].toUpperCase() + word.slice(1)
        : word;
}

/**
 * The parameters of a function its own body calls a model's prediction method on (`model.predict(X_test)`), each with
 * the first such call: the parameter holds a model.
 */
export function predictedParams(def: FunctionDefStmt): Map<string, CallExpr> {
  let out = PREDICTED.get(def);
  if (!out) {
    out = methodCallsOn(def.body, new Set(def.params.map((p) => p.name)), PREDICTS);
    PREDICTED.set(def, out);
  }
  return out;
}

const PREDICTS: ReadonlySet<string> = new Set(PREDICT_METHODS);
/** `predictedParams` of each function, walked once. */
const PREDICTED = new WeakMap<FunctionDefStmt, Map<string, CallExpr>>();

/** The tuning loop an Optuna (or hyperopt) objective's body runs in: each call is one trial (one candidate). */
function trialLoop(cx: FlowContext, def: FunctionDefStmt, name = 'trial'): LoopContext {
  return { id: cx.rec.newId(), span: def.nameSpan, fn: def, names: new Set([name]) };
}

const PLAIN_VALUE_TYPE = new RegExp(
  '^(?:typing\\.)?(?:list|List|tuple|Tuple|Sequence|Iterable|str|int|float|bool|dict|Dict|set|Set|' +
    'Optional\\[(?:str|int|float|bool)\\])\\b',
);

/**
 * A parameter annotated as a plain Python value (`cols: list`, `name: str`, `features: List[str]`, `k: int`): the
 * names of columns or a setting, not rows. `List[pd.DataFrame]` and the like still hold rows.
 */
function notRows(p: Param): boolean {
  const a = p.annotation;
  if (!a || /DataFrame|Series|ndarray|array|Tensor|Dataset/i.test(a)) return false;
  return PLAIN_VALUE_TYPE.test(a);
}

/** Builtins that turn a number into another form of the same number. */
const NUMBER_OF = new Set(['int', 'float', 'round']);

/** Methods that change a list in place. */
const LIST_CHANGERS = new Set(['append', 'extend', 'insert', 'remove', 'pop', 'clear']);

/** True for a string constant: a column name in a list of names. */
function isName(v: Value): boolean {
  return v.kind === 'const' && typeof v.value === 'string';
}

/**
 * `features.extend(["Embarked_Q", "Embarked_S"])`, `features.remove("Embarked")` on a list of column names: the
 * names the variable holds afterwards, so a pick of columns by it (`df[features]`) names the right ones. A change
 * that cannot be followed leaves the list unknown.
 */
function changeNames(
  cx: FlowContext,
  call: CallExpr,
  method: string,
  recv: Extract<Value, { kind: 'tuple' }>,
  scope: Scope,
): Value {
  const args = call.args.map((a) => cx.expr(a, scope));
  for (const k of call.keywords) cx.expr(k.value, scope);
  const name = call.func.kind === 'Attribute' ? dottedName(call.func.value) : undefined;
  if (!name) return UNKNOWN;
  const a0 = args[0];
  let items: Value[] | undefined;
  if (method === 'append' && a0 && isName(a0)) items = [...recv.items, a0];
  else if (method === 'append' && a0?.kind === 'object' && !recv.items.length) items = [a0];
  else if (method === 'extend' && a0?.kind === 'tuple' && a0.items.every(isName)) items = [...recv.items, ...a0.items];
  else if (method === 'remove' && a0 && isName(a0)) {
    const at = recv.items.findIndex((x) => x.kind === 'const' && a0.kind === 'const' && x.value === a0.value);
    items = recv.items.filter((_, i) => i !== at);
  } else if (method === 'clear') items = [];
  if (!items && args.some((v) => dataOf(v).length)) {
    // Rows appended to a list (`frames.append(df)`): the list now holds them.
    const out = cx.rec.derived(call, args);
    if (LIST_GROWERS.has(method)) rebind(cx, name, cx.rec.derived(call, [recv, out]), scope);
    return out;
  }
  rebind(cx, name, items ? { kind: 'tuple', items } : UNKNOWN, scope);
  return UNKNOWN;
}

/** How many models a list appended to in the unit is taken to hold. */
const MAX_MODELS = 64;

/**
 * `trees.append(tree)` on a list of models (a tree per pruning strength, built in a loop): the list now holds it too,
 * so a later loop over the list (`for tree in trees: scores.append(f1_score(y_test, tree.predict(X_test)))`) scores
 * the models the first loop made. Anything else appended leaves the list unknown.
 */
function appendModel(cx: FlowContext, call: CallExpr, recv: Extract<Value, { kind: 'tuple' }>, scope: Scope): Value {
  const args = allArgs(cx, call, scope);
  const name = call.func.kind === 'Attribute' ? dottedName(call.func.value) : undefined;
  if (!name) return UNKNOWN;
  const a0 = args[0];
  const ok = call.args.length === 1 && a0?.kind === 'object' && recv.items.length < MAX_MODELS;
  rebind(
    cx,
    name,
    ok ? { kind: 'tuple', items: recv.items.includes(a0) ? recv.items : [...recv.items, a0] } : UNKNOWN,
    scope,
  );
  return UNKNOWN;
}

const ARGPARSE_METHODS = new Set(['add_argument', 'parse_args', 'parse_known_args']);
/** How many command-line options with a string default a unit is taken to define. */
const MAX_OPTIONS = 512;

/**
 * Command-line options with a string default (`parser.add_argument("--output", default="data/processed.csv")`): the
 * parsed options (`args = parser.parse_args()`) hold the defaults by option name, so `args.output` is that path when
 * the script runs as written, and a file reading the same path meets the rows it writes.
 */
function argparseCall(cx: FlowContext, call: CallExpr, method: string, scope: Scope): Value {
  allArgs(cx, call, scope);
  if (method === 'add_argument') {
    const names = call.args.flatMap((a) => (a.kind === 'Constant' && typeof a.value === 'string' ? [a.value] : []));
    const dest = constString(kw(call, 'dest')?.value, scope) ?? names.find((n) => n.startsWith('--')) ?? names[0];
    const value = constString(kw(call, 'default')?.value, scope);
    if (dest && value !== undefined && cx.rec.argDefaults.size < MAX_OPTIONS) {
      cx.rec.argDefaults.set(dest.replace(/^-+/, '').replace(/-/g, '_'), value);
      cx.rec.parsedArgs = undefined;
    }
    return UNKNOWN;
  }
  const defaults = cx.rec.argDefaults;
  if (!defaults.size) return UNKNOWN;
  // Made once however many times the options are parsed (a file of thousands of `parse_args()` calls stays linear).
  cx.rec.parsedArgs ??= {
    kind: 'tuple',
    items: [...defaults.values()].map((value) => ({ kind: 'const', value })),
    keys: [...defaults.keys()],
  };
  const args = cx.rec.parsedArgs;
  return method === 'parse_known_args' ? { kind: 'tuple', items: [args, UNKNOWN] } : args;
}
