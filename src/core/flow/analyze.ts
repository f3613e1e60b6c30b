// The data-flow pass: one linear walk over a unit (a file, or a notebook's code cells in document order)
// that follows values through assignments, unpacking, subscripts, method chains, loops and calls of
// functions defined in the same unit, and records splits, fits, transforms and evaluations as facts.
// Loop bodies run once and branches run one after another: no fixpoint, so the cost stays linear.
//
// The parts: values.ts (what is followed), statements.ts and binding.ts (the walk), expressions.ts,
// calls.ts, libraryCalls.ts, learning.ts and methods.ts (what each form computes), record.ts (the facts
// and their numbering), syntax.ts and lineage.ts (questions they ask). What library calls do is data in
// libraries/dataFlow.ts.
import type { AssignStmt, Expr, Stmt } from '../python/ast';
import { walkAllExprs } from '../python/walk';
import type { PythonUnit } from '../python/unit';
import { applyFunction, evalCall, runUncalled } from './calls';
import { type FlowContext, FunctionState } from './context';
import { expr } from './expressions';
import type { FlowFacts, FlowSeeds, PartKind } from './facts';
import { FlowRecorder } from './record';
import { sliceSides } from './sliceSplits';
import { block } from './statements';
import { Scope } from './values';

export { FLOW_LIBRARY_ROOTS } from '../libraries/dataFlow';
import { PREDICT_METHODS } from '../libraries/dataFlow';
export { nameKind } from './syntax';

/** Calls that stack rows, as text. */
const STACKS_ROWS = /\b(concat|vstack|concatenate|row_stack)\s*\(|\.append\s*\(|\.r_\[/;

/** Runs the flow pass over a unit; `seeds` says what other files of the project know of its data. */
export function analyzeFlow(unit: PythonUnit, seeds?: FlowSeeds): FlowFacts {
  let predictors: Set<string> | undefined;
  let stacks: boolean | undefined;
  let slices: Map<number, PartKind> | undefined;
  const cx: FlowContext = {
    imports: unit.imports,
    seeds,
    predicts: (name) => {
      predictors ??= predictorNames(unit.module.source);
      return predictors.has(name);
    },
    stacksRows: () => {
      stacks ??= STACKS_ROWS.test(unit.module.source);
      return stacks;
    },
    sliceSide: (e) => {
      slices ??= sliceSides(unit.module.body, (x) => unit.text(x));
      return slices.get(e.from);
    },
    globals: new Scope(undefined, undefined, unit.imports),
    rec: new FlowRecorder(),
    fns: new FunctionState(),
    expr: (e, scope) => expr(cx, e, scope),
    call: (call, scope) => evalCall(cx, call, scope),
    applyFunction: (def, args) => applyFunction(cx, def, args),
  };
  // What a module's functions return, another file may import; a notebook's functions nothing imports.
  if (unit.kind === 'module')
    for (const s of unit.module.body) {
      if (s.kind === 'FunctionDef') cx.fns.topLevel.add(s);
      if (s.kind === 'ClassDef')
        for (const m of s.body) if (m.kind === 'FunctionDef') cx.fns.topLevelMethods.set(m, `${s.name}.${m.name}`);
    }
  block(cx, unit.module.body, cx.globals);
  const facts = cx.rec.facts;
  for (const [name, v] of cx.globals.vars)
    if (v.kind === 'data' && /^\w+$/.test(name) && facts.freeNames.get(name)?.node !== v.node)
      facts.topLevel.set(name, v.node);
  runUncalled(cx);
  // What the attributes of the module's classes hold once their methods have run, for the files making instances.
  if (unit.kind === 'module')
    for (const s of unit.module.body) {
      const v = s.kind === 'ClassDef' ? cx.globals.vars.get(s.name) : undefined;
      if (s.kind !== 'ClassDef' || v?.kind !== 'class') continue;
      for (const [key, val] of v.cls.scope.vars)
        if (key.startsWith('self.') && val.kind === 'data')
          facts.classAttrs.push({ cls: s.name, attr: key.slice(5), node: val.node });
    }
  markDiscardedHoldouts(unit, facts);
  markOverwrittenSplits(unit, facts);
  return cx.rec.finish();
}

/** A name a model's prediction method is called on (`clf.predict_proba(`), up to a bounded number of them. */
const PREDICTOR = new RegExp(`\\b([A-Za-z_]\\w*)\\s*\\.\\s*(?:${PREDICT_METHODS.join('|')})\\s*\\(`, 'g');

/** The names the unit calls prediction methods on: a value loaded from a pickle into one of them is a model. */
function predictorNames(source: string): Set<string> {
  const names = new Set<string>();
  for (const m of source.matchAll(PREDICTOR)) {
    names.add(m[1]);
    if (names.size >= 256) break;
  }
  return names;
}

/**
 * Marks each top-level `train_test_split` whose parts are all bound anew before any of them is read (a notebook that
 * splits an encoded frame, then starts over: "from scratch, do everything in a pipeline", splitting again under the
 * same names): nothing is computed on those parts, so nothing done to the rows before leaks through them. Any mention
 * of a part's name counts as a read, and a part never bound again keeps the split (a module's names may be imported).
 */
function markOverwrittenSplits(unit: PythonUnit, facts: FlowFacts): void {
  const body = unit.module.body;
  for (const split of facts.splits) {
    if (split.kind !== 'holdout' || !split.call || split.given || split.site || split.heldOutDiscarded) continue;
    const at = body.findIndex((x) => x.kind === 'Assign' && x.value?.from === split.span.from);
    const assign = at >= 0 ? (body[at] as AssignStmt) : undefined;
    if (!assign || assign.value?.to !== split.span.to || assign.targets.length !== 1) continue;
    const pending = new Set(boundNames(assign.targets[0]) ?? []);
    if (pending.size < 2) continue;
    const mentions = (x: Stmt): boolean => {
      let seen = false;
      walkAllExprs([x], (e) => {
        if (e.kind === 'Name' && pending.has(e.id)) seen = true;
        return !seen;
      });
      return seen;
    };
    for (let i = at + 1; i < body.length && pending.size; i++) {
      const x = body[i];
      const names = x.kind === 'Assign' && x.value ? x.targets.map(boundNames) : [];
      // Bound again from a value that reads none of the parts (`X_train, X_test, ... = train_test_split(X, y)`).
      if (x.kind === 'Assign' && x.value && names.every((n) => n) && !mentions({ ...x, targets: [] })) {
        for (const n of names) for (const name of n!) pending.delete(name);
        continue;
      }
      if (mentions(x)) break;
    }
    if (!pending.size) split.heldOutDiscarded = true;
  }
}

/** The plain names a target binds (`a`, `a, b`), or undefined for any other target (`df["x"]`, `obj.attr`). */
function boundNames(t: Expr): string[] | undefined {
  if (t.kind === 'Name') return t.id === '_' ? [] : [t.id];
  if (t.kind !== 'Tuple' && t.kind !== 'List') return undefined;
  const out: string[] = [];
  for (const e of t.elts) {
    const n = boundNames(e);
    if (!n) return undefined;
    out.push(...n);
  }
  return out;
}

/**
 * Marks each `train_test_split` unpacked into a train and a held-out name per array, in turn, whose held-out names are
 * all `_` (`X_train, _, y_train, _ = ...`), in a unit that scores nothing: a script that splits, trains and saves the
 * model. A held-out part bound to a name stays a held-out part, read or not: what the name means is not guessed.
 */
function markDiscardedHoldouts(unit: PythonUnit, facts: FlowFacts): void {
  // A unit that scores something may score the training part against rows held out elsewhere (a split of the
  // original rows beside the split of a resampled copy, whose held-out part goes unused).
  if (facts.evals.length || !facts.splits.some((s) => s.kind === 'holdout' && s.call)) return;
  // The assignments by where their value starts: one pass, however many splits the unit makes.
  const byValue = new Map<number, AssignStmt>();
  for (const a of unit.outline.assigns) if (a.value) byValue.set(a.value.from, a);
  for (const split of facts.splits) {
    if (split.kind !== 'holdout' || !split.call || split.given) continue;
    const at = byValue.get(split.span.from);
    const assign = at?.value?.to === split.span.to ? at : undefined;
    const target = assign?.targets.length === 1 ? assign.targets[0] : undefined;
    if (target?.kind !== 'Tuple' || target.elts.length < 2 || target.elts.length % 2) continue;
    const heldOut = target.elts.filter((_, i) => i % 2 === 1);
    if (!heldOut.every((e) => e.kind === 'Name' && /^_+$/.test(e.id))) continue;
    split.heldOutDiscarded = true;
  }
}
