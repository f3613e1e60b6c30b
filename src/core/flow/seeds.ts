// What other files of a project say of a unit's data, for a second run of its flow pass (`FlowSeeds`): a split
// made in one file reaches another as the parts a function is handed, the parts a function returns, or the files
// the parts were written to. The flow reads one file at a time; these seeds carry the parts across.
import type { ClassDefStmt, FunctionDefStmt, Stmt } from '../python/ast';
import { walkStatements } from '../python/walk';
import { moduleNames } from '../python/imports';
import type { PythonUnit } from '../python/unit';
import type { ConstArg, DataNode, FlowFacts, FlowSeeds, ForeignCall, LoaderParam, MlObject, PartKind } from './facts';
import {
  Lineage,
  type ProjectFlows,
  calleeModule,
  classMethodCall,
  isModel,
  lastName,
  loaderParam,
  modulesByName,
  pipelineUnits,
  resolvesTo,
} from './queries';
import { sameFile } from './paths';
import { predictedParams } from './calls';

/** A project whose units' flows may themselves be seeded (the files calling a function may get their parts so). */
export interface SeededProject extends ProjectFlows {
  /** A unit's flow facts, and whether they can matter at all (undefined for a unit no modelled library reaches). */
  unit(unit: PythonUnit): { readonly flow: FlowFacts; readonly modelFlow: FlowFacts | undefined };
  /** The unit's flow, seeded by what the other files say of its data. */
  projectFlow(unit: PythonUnit): FlowFacts;
  /** The units that call a function of another module of the project by this name (from their call sites). */
  callersOf(fn: string): readonly PythonUnit[];
}

/** What the project's other files say of `unit`'s data, or undefined when they say nothing. */
export function seedsFor(project: SeededProject, unit: PythonUnit): FlowSeeds | undefined {
  const flow = project.unit(unit).flow;
  const { results, resultKeys, objects, passes, loads, modelParams } = calleeSeeds(project, unit, flow);
  const files = fileSeeds(project, unit, flow);
  const params = paramSeeds(project, unit, flow);
  const models = ownModelClasses(project, unit);
  const { members, fluent } = memberSeeds(project, unit, flow);
  const consts = constSeeds(project, unit);
  if (
    !results.size &&
    !objects.size &&
    !passes.size &&
    !loads.size &&
    !modelParams.size &&
    !members.size &&
    !fluent.size &&
    !files.length &&
    !params.size &&
    !models.size &&
    !consts.size
  )
    return undefined;
  return { params, results, resultKeys, files, objects, models, consts, passes, loads, modelParams, members, fluent };
}

/**
 * Other modules' classes the unit makes instances of or calls methods of (`prep = Prep(); prep.run()`): the side of a
 * split each attribute holds once the class's methods have run (`self.X_test`), each method that only returns such an
 * attribute (`def x_test(self): return self.__x_test`), and the methods that return the instance itself.
 */
function memberSeeds(
  project: SeededProject,
  unit: PythonUnit,
  flow: FlowFacts,
): { members: NonNullable<FlowSeeds['members']>; fluent: Set<string> } {
  const members: NonNullable<FlowSeeds['members']> = new Map();
  const fluent = new Set<string>();
  const modules = modulesByName(project);
  const tried = new Set<string>();
  for (const c of flow.foreignCalls) {
    const method = classMethodCall(c.qualified);
    const q = method ? c.qualified.slice(0, c.qualified.lastIndexOf('.')) : c.qualified;
    const cls = lastName(q);
    if (tried.has(q) || !/^[A-Z]/.test(cls)) continue;
    tried.add(q);
    for (const m of modules.get(calleeModule(q)) ?? []) {
      const def = m === unit ? undefined : m.module.body.find((st) => st.kind === 'ClassDef' && st.name === cls);
      const callee = def && project.unit(m).modelFlow;
      if (def?.kind !== 'ClassDef' || !callee) continue;
      const kinds = new Map<string, PartKind>();
      for (const a of callee.classAttrs) {
        const kind = a.cls === cls ? partKind(a.node) : undefined;
        if (kind) kinds.set(a.attr, kind);
      }
      for (const st of def.body) {
        if (st.kind !== 'FunctionDef') continue;
        const body = st.body.filter((b) => !(b.kind === 'Expr' && b.value.kind === 'Constant'));
        const only = body.length === 1 && body[0].kind === 'Return' ? body[0].value : undefined;
        // `def x_test(self): return self.__x_test`
        if (only?.kind === 'Attribute' && only.value.kind === 'Name' && only.value.id === 'self') {
          const kind = kinds.get(only.attr);
          if (kind) kinds.set(`${st.name}()`, kind);
        }
        let returnsSelf = false;
        walkStatements(st.body, (b) => {
          if (b.kind === 'FunctionDef' || b.kind === 'ClassDef') return false;
          if (b.kind === 'Return' && b.value?.kind === 'Name' && b.value.id === 'self') returnsSelf = true;
          return !returnsSelf;
        });
        if (returnsSelf) fluent.add(`${q}.${st.name}`);
      }
      // Only the members of a class that holds both sides of its split are taken for parts.
      if (bothSides(kinds.values())) members.set(q, kinds);
      break;
    }
  }
  return { members, fluent };
}

/**
 * The constants the files calling the unit's top-level functions hand the parameters that pick a branch (`if strategy
 * == "mean":`): only when every call of the project's other files gives the same constant (or leaves out a parameter
 * whose default is that constant), so the branches no call takes are not run.
 */
function constSeeds(project: SeededProject, unit: PythonUnit): NonNullable<FlowSeeds['consts']> {
  const out: NonNullable<FlowSeeds['consts']> = new Map();
  if (unit.kind !== 'module') return out;
  const names = moduleNames(unit.path);
  for (const def of unit.module.body) {
    if (def.kind !== 'FunctionDef') continue;
    const tested = branchParams(def);
    if (!tested.size) continue;
    const given = new Map<string, ConstArg | undefined>();
    let calls = 0;
    for (const other of project.callersOf(def.name)) {
      if (other === unit) continue;
      let seen = 0;
      for (const c of project.unit(other).flow.foreignCalls) {
        if (lastName(c.qualified) !== def.name || !names.includes(calleeModule(c.qualified))) continue;
        seen++;
        def.params.forEach((p, i) => {
          if (!tested.has(p.name) || p.star) return;
          given.set(p.name, agreed(given, p.name, argValue(c, p, i)));
        });
      }
      // A caller whose calls the flow did not see (its own function of that name, a call it does not follow): what it
      // hands is not known.
      if (!seen) for (const name of tested) given.set(name, undefined);
      calls += seen;
    }
    if (!calls) continue;
    const known = new Map<string, ConstArg>();
    for (const [name, v] of given) if (v !== undefined) known.set(name, v);
    if (known.size) out.set(def.name, known);
  }
  return out;
}

/** The constant a call hands parameter `p` at position `i`, its default when left out, or undefined when not known. */
function argValue(c: ForeignCall, p: FunctionDefStmt['params'][number], i: number): ConstArg | undefined {
  const args = c.consts;
  if (args?.has('*')) return undefined;
  if (args?.has(p.name)) return args.get(p.name);
  if (args?.has(String(i))) return args.get(String(i));
  return p.default?.kind === 'Constant' ? (p.default.value as ConstArg) : undefined;
}

/** The value all calls so far agree on for a parameter: undefined once one is unknown or two differ. */
function agreed(given: ReadonlyMap<string, ConstArg | undefined>, name: string, value: ConstArg | undefined) {
  if (value === undefined) return undefined;
  if (!given.has(name)) return value;
  return given.get(name) === value ? value : undefined;
}

/** The parameters a function's `if` tests compare (`if strategy == "mean":`, `elif method in ("a", "b"):`). */
function branchParams(def: FunctionDefStmt): Set<string> {
  const params = new Set(def.params.map((p) => p.name));
  const out = new Set<string>();
  walkStatements(def.body, (st) => {
    if (st.kind !== 'If') return;
    for (const b of st.branches) {
      const t = b.test;
      if (t.kind === 'Binary' && t.left.kind === 'Name' && params.has(t.left.id)) out.add(t.left.id);
      if (t.kind === 'Name' && params.has(t.id)) out.add(t.id);
    }
  });
  return out;
}

/**
 * The model classes of the project's own modules that the unit imports by name (`from models.logistic_regression
 * import LogisticRegression`): a class written at a module's top level with both a `fit` and a `predict` method, the
 * shape of a model written from scratch for a course. Their instances are fit, predict and are scored like a library's.
 */
function ownModelClasses(project: SeededProject, unit: PythonUnit): Set<string> {
  const models = new Set<string>();
  const modules = modulesByName(project);
  for (const { qualified } of unit.imports.byName.values()) {
    const name = lastName(qualified);
    if (!/^[A-Z]/.test(name)) continue;
    for (const m of modules.get(calleeModule(qualified)) ?? []) {
      if (m === unit) continue;
      const methods = new Set<string>();
      classMethods(m, name, modules, methods, 0);
      if (methods.has('fit') && methods.has('predict')) models.add(qualified);
    }
  }
  return models;
}

/**
 * Adds the method names of the class `name` of module `m` to `out`, with those of its bases of the project (defined in
 * the same module or imported from another of its modules: `class WeightedLogisticRegression(LogisticRegression)`).
 */
function classMethods(
  m: PythonUnit,
  name: string,
  modules: ReadonlyMap<string, readonly PythonUnit[]>,
  out: Set<string>,
  depth: number,
): void {
  const cls = m.module.body.find((s) => s.kind === 'ClassDef' && s.name === name);
  if (cls?.kind !== 'ClassDef' || depth > 3) return;
  for (const s of cls.body) if (s.kind === 'FunctionDef') out.add(s.name);
  for (const b of cls.bases) {
    if (b.kind !== 'Name') continue;
    const imported = m.imports.byName.get(b.id)?.qualified;
    if (!imported) classMethods(m, b.id, modules, out, depth + 1);
    else
      for (const o of modules.get(calleeModule(imported)) ?? [])
        classMethods(o, lastName(imported), modules, out, depth + 1);
  }
}

/** The side of a split a value holds: the split's own output, or the one kind of part it carries. */
function partKind(n: DataNode | undefined): PartKind | undefined {
  if (!n) return undefined;
  if (n.splitOutput) return n.splitOutput.kind;
  let kind: PartKind | undefined;
  for (const p of n.parts) {
    if (kind && p.kind !== kind) return undefined;
    kind = p.kind;
  }
  return kind;
}

/** Held-out sides only, at least one: parameters handed the test (or validation) part and never the training part. */
function onlyHeldOut(kinds: Iterable<PartKind | undefined>): boolean {
  let held = false;
  for (const k of kinds) {
    if (k === 'train') return false;
    if (k) held = true;
  }
  return held;
}

/** A train side and a held-out side: what makes positions or files parts of one split. */
function bothSides(kinds: Iterable<PartKind | undefined>): boolean {
  let train = false;
  let held = false;
  for (const k of kinds) {
    if (k === 'train') train = true;
    else if (k) held = true;
  }
  return train && held;
}

/**
 * Calls of other modules' functions that return the parts of a split they made (`return X_train, X_test, y_train,
 * y_test`: the part at each position of the returned tuple) or build and return a library object (`def
 * create_preprocessor(): return ColumnTransformer([...])`: the object, at [0] alone or at [i + 1] at position i of a
 * returned tuple), by the name the unit calls.
 */
function calleeSeeds(
  project: SeededProject,
  unit: PythonUnit,
  flow: FlowFacts,
): Pick<FlowSeeds, 'results' | 'objects'> & {
  resultKeys: NonNullable<FlowSeeds['resultKeys']>;
  passes: NonNullable<FlowSeeds['passes']>;
  loads: Map<string, LoaderParam>;
  modelParams: NonNullable<FlowSeeds['modelParams']>;
} {
  const modelParams: NonNullable<FlowSeeds['modelParams']> = new Map();
  const results: FlowSeeds['results'] = new Map();
  const resultKeys: NonNullable<FlowSeeds['resultKeys']> = new Map();
  const loads = new Map<string, LoaderParam>();
  const passes: NonNullable<FlowSeeds['passes']> = new Map();
  const lin = new Lineage();
  const objects: FlowSeeds['objects'] = new Map();
  const modules = modulesByName(project);
  const tried = new Set<string>();
  for (const c of flow.foreignCalls) {
    if (tried.has(c.qualified)) continue;
    tried.add(c.qualified);
    // A method of a module's class (`src.prep.Prep.prepare`) returns by `Prep.prepare` from `src.prep`.
    const method = classMethodCall(c.qualified);
    const fn = method?.fn ?? lastName(c.qualified);
    let objectsDone = method !== undefined;
    for (const m of modules.get(method?.module ?? calleeModule(c.qualified)) ?? []) {
      // A module that splits or builds a library object imports that library: the others' flows need not be computed.
      const callee = m === unit ? undefined : project.unit(m).modelFlow;
      if (!callee) continue;
      if (!method && !loads.has(c.qualified)) {
        const load = loaderParam(project, m, fn);
        if (load) loads.set(c.qualified, load);
      }
      if (!modelParams.has(c.qualified)) {
        const found = definitionOf(m.module.body, fn);
        const predicted = found && predictedParams(found.def);
        const at = found?.def.params.flatMap((p, i) =>
          i >= found.shift && !p.star && predicted?.has(p.name) ? [i - found.shift] : [],
        );
        if (at?.length) modelParams.set(c.qualified, at);
      }
      if (!results.has(c.qualified) && callee.returns.length) {
        const kinds = byPosition(
          callee.returns.filter((r) => r.fn === fn && r.index !== undefined).map((r) => [r.index!, partKind(r.data)]),
          (a, b) => a === b,
        );
        if (bothSides(kinds)) {
          results.set(c.qualified, kinds);
          const keys = byPosition(
            callee.returns.filter((r) => r.fn === fn && r.index !== undefined).map((r) => [r.index!, r.key]),
            (a, b) => a === b,
          );
          if (keys.some((k) => k !== undefined)) resultKeys.set(c.qualified, keys);
        } else if (!passes.has(c.qualified)) {
          const through = passedThrough(callee, fn, method ? 1 : 0, lin);
          if (through) passes.set(c.qualified, through);
        }
      }
      const returned = objectsDone ? [] : callee.objectReturns.filter((r) => r.fn === fn);
      if (returned.length) {
        objectsDone = true;
        const objs = byPosition<MlObject>(
          returned.map((r) => [(r.index ?? -1) + 1, r.obj]),
          (a, b) => a.qualified === b.qualified,
        );
        if (objs.some((o) => o)) objects.set(c.qualified, objs);
      }
      if (results.has(c.qualified) && objectsDone) break;
    }
  }
  return { results, resultKeys, objects, passes, loads, modelParams };
}

/**
 * For each position of the tuple a function returns, the argument (by the caller's position: `shift` less for a
 * method's `self`) whose rows alone that item derives from, when every return agrees and every position has one.
 */
function passedThrough(callee: FlowFacts, fn: string, shift: number, lin: Lineage): number[] | undefined {
  const params = callee.params.filter((p) => p.fn === fn && p.index !== undefined);
  if (new Set(params.map((p) => p.index)).size < 2) return undefined;
  const at = byPosition(
    callee.returns
      .filter((r) => r.fn === fn && r.index !== undefined)
      .map((r): [number, number | undefined] => {
        const from = new Set(params.filter((p) => lin.derivesFrom(r.data, p.node)).map((p) => p.index!));
        return [r.index!, from.size === 1 ? [...from][0] - shift : undefined];
      }),
    (a, b) => a === b,
  );
  // Only where every position is one argument's rows: a position holding anything else (a fitted object, a list of
  // names, rows of several arguments) leaves the tuple's shape unknown to the caller.
  if (!at.length || callee.objectReturns.some((r) => r.fn === fn)) return undefined;
  return at.every((i) => i !== undefined && i >= 0) ? (at as number[]) : undefined;
}

function topLevelFunction(body: Stmt[], name: string): FunctionDefStmt | undefined {
  return body.find((s): s is FunctionDefStmt => s.kind === 'FunctionDef' && s.name === name);
}

function methodOf(body: Stmt[], cls: string, name: string): FunctionDefStmt | undefined {
  const c = body.find((s): s is ClassDefStmt => s.kind === 'ClassDef' && s.name === cls);
  return c && topLevelFunction(c.body, name);
}

/**
 * A module's function by name, or its class's method by `Class.method`, with how many parameters come before the ones
 * a call hands it (1 for a method's `self`).
 */
function definitionOf(body: Stmt[], fn: string): { def: FunctionDefStmt; shift: number } | undefined {
  const dot = fn.indexOf('.');
  const def = dot < 0 ? topLevelFunction(body, fn) : methodOf(body, fn.slice(0, dot), fn.slice(dot + 1));
  return def && { def, shift: dot < 0 ? 0 : 1 };
}

/**
 * One value per position of what a function returns, from each of its return statements: undefined where they
 * disagree (a function that returns different things on different paths says nothing sure there).
 */
function byPosition<T>(
  entries: ReadonlyArray<[number, T | undefined]>,
  same: (a: T, b: T) => boolean,
): Array<T | undefined> {
  const out: Array<T | undefined> = [];
  const mixed = new Set<number>();
  for (const [i, v] of entries) {
    const had = out[i];
    if (had !== undefined && (v === undefined || !same(had, v))) mixed.add(i);
    out[i] ??= v;
  }
  for (const i of mixed) out[i] = undefined;
  return Array.from(out, (v) => v);
}

/** Per project: the split parts its units write to files, as each unit's flow sees them. */
const WRITTEN_PARTS = new WeakMap<object, Array<{ unit: PythonUnit; path: string; kind: PartKind; group: string }>>();

function writtenParts(project: SeededProject) {
  let known = WRITTEN_PARTS.get(project);
  if (known) return known;
  known = [];
  for (const u of pipelineUnits(project)) {
    // Only units whose flow matters (a unit that splits imports the library it splits with) and that write.
    if (!/\.(to_csv|to_parquet|to_pickle|to_feather|save|savez|savetxt|dump)\(/.test(u.module.source)) continue;
    const flow = project.unit(u).modelFlow;
    if (!flow?.writes.length) continue;
    const bySplit = new Map<number, Array<{ path: string; kind: PartKind }>>();
    for (const w of flow.writes) {
      const kind = partKind(w.data);
      const split = w.data.splitOutput?.split ?? w.data.parts[0]?.split;
      if (!w.path || !kind || !split || split.kind === 'cv' || split.given) continue;
      const list = bySplit.get(split.id) ?? [];
      list.push({ path: w.path, kind });
      bySplit.set(split.id, list);
    }
    for (const [id, list] of bySplit) {
      if (!bothSides(list.map((x) => x.kind))) continue;
      for (const x of list) known.push({ unit: u, ...x, group: `${u.path}#${id}` });
    }
  }
  WRITTEN_PARTS.set(project, known);
  return known;
}

/** Files the unit reads that another unit wrote a split's parts to (`X_val.to_csv("X_val.csv")`). */
function fileSeeds(project: SeededProject, unit: PythonUnit, flow: FlowFacts): FlowSeeds['files'] {
  const reads = flow.nodes.filter((n) => n.source?.path && !n.source.guessed);
  if (!reads.length) return [];
  const written = writtenParts(project).filter((w) => w.unit !== unit);
  const out: FlowSeeds['files'] = [];
  // Held-out parts only: a training part read back is still all the rows the reader has, and what it computes over
  // them before splitting them again reaches the validation rows it splits off.
  for (const w of written)
    if (w.kind !== 'train' && reads.some((n) => sameFile(n.source!.path!, w.path)))
      out.push({ path: w.path, kind: w.kind, group: w.group });
  return out;
}

/**
 * The parts that the files calling the unit's top-level functions hand them (`train_and_compare(X_train, y_train,
 * X_test, y_test)`), by function and parameter: only for functions whose parameters reach a score or an evaluation
 * set, where which part they are decides what the score means.
 */
function paramSeeds(project: SeededProject, unit: PythonUnit, flow: FlowFacts): FlowSeeds['params'] {
  const out: FlowSeeds['params'] = new Map();
  if (unit.kind !== 'module' || !flow.params.length) return out;
  const lin = new Lineage();
  const scored: DataNode[] = [];
  for (const e of flow.evals) {
    if (e.data) scored.push(e.data);
    if (e.inputs) scored.push(...e.inputs);
  }
  for (const f of flow.fits) scored.push(...f.evalData);
  // Rows a function takes statistics of or fits a transformer on: handed a test part, it prepares the test rows with
  // their own statistics (`X_test.fillna(X_test.median())` in a `prepare(X_train, X_test)` of another module).
  for (const u of flow.statUses) scored.push(u.stat.input);
  for (const f of flow.fits) if (f.data && !isModel(f.object)) scored.push(f.data);
  if (!scored.length) return out;
  const fns = new Set<string>();
  for (const p of flow.params) if (scored.some((s) => lin.derivesFrom(s, p.node))) fns.add(p.fn);
  if (!fns.size) return out;
  const names = moduleNames(unit.path);
  for (const fn of fns) {
    // A method of a top-level class (`Class.method`), whose callers hand it rows after the instance.
    const found = definitionOf(unit.module.body, fn);
    if (!found) continue;
    const { def, shift } = found;
    const called = fn.slice(fn.indexOf('.') + 1);
    const given = new Map<string, PartKind>();
    const conflicting = new Set<string>();
    // A parameter handed the training part by one call and a held-out part by another with the same arguments
    // otherwise (`scale(X_train)`, `scale(X_test)`): run as the held-out part, what the function fits or summarises
    // of it is fit on those rows. A call handing more (`scale(X_test, scaler)`, the object fit on the training part)
    // may take another branch, so the parameter stays unknown.
    let eachSide = false;
    const shapes = new Map<string, string>();
    // Parameters some call hands rows of no known side (a training file read by path, next to a test file).
    const unsided = new Set<string>();
    const note = (param: string, kind: PartKind | undefined, shape: string) => {
      if (!kind) unsided.add(param);
      if (!kind || conflicting.has(param)) return;
      const had = given.get(param);
      if (had && had !== kind) {
        if ((had === 'train' || kind === 'train') && shapes.get(param) === shape) {
          given.set(param, had === 'train' ? kind : had);
          eachSide = true;
        } else given.delete(param);
        conflicting.add(param);
      } else {
        given.set(param, kind);
        shapes.set(param, shape);
      }
    };
    for (const other of project.callersOf(called)) {
      if (other === unit) continue;
      for (const c of project.projectFlow(other).foreignCalls) {
        if (lastName(c.qualified) !== called) continue;
        const module = shift ? classMethodCall(c.qualified)?.module : calleeModule(c.qualified);
        if (module === undefined || !names.includes(module) || !resolvesTo(project, other, module, unit)) continue;
        // The arguments it is given, by position and keyword name (every positional one is among them).
        const shape = [...(c.consts?.keys() ?? [])].sort().join(',');
        c.args.forEach((a, i) => {
          const p = def.params[i + shift];
          if (p && !p.star && a) note(p.name, partKind(a), shape);
        });
        for (const [name, a] of c.keywords) note(name, partKind(a), shape);
      }
    }
    // Or held-out parts alone, by every call (`compare_models(nb, lr, X_test, y_test)`): what the function scores,
    // fits or summarises of them is of held-out rows.
    const heldOnly = onlyHeldOut(given.values()) && ![...given.keys()].some((p) => unsided.has(p));
    if (eachSide || bothSides(given.values()) || heldOnly) out.set(fn, given);
  }
  return out;
}
