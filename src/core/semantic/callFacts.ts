// Facts about the calls in a unit that several rules ask for: every call with the library name it is
// bound to, keyword lookup, and whether a file is training code. The unit's index (./index.ts) keeps them.
import type { AssignStmt, CallExpr, Expr, Keyword, Span } from '../python/ast';
import { dottedName } from '../python/imports';
import type { PythonUnit } from '../python/unit';
import type { CallSite } from './calls';
import { ML_LIBRARIES } from '../libraries/mlLibraries';
import {
  BOOSTER_TRAINING_CALLS,
  isAgentLearning,
  isGradientUpdate,
  KERAS_TRAINING_METHODS,
} from '../libraries/training';
import { apiRole } from '../libraries/catalog';

export type { CallSite };

/** What the path, site and held-out derivations read of a unit's index (`UnitIndex` has it all). */
export interface UnitCallView {
  readonly unit: PythonUnit;
  /** Every call of the unit in source order. */
  readonly callSites: CallSite[];
  /** Simple assignments `name = value` by name. */
  readonly assignments: Map<string, AssignStmt[]>;
}

/** The keyword argument `name` of a call. */
export function keywordOf(call: CallExpr, name: string): Keyword | undefined {
  const ks = call.keywords;
  for (let i = 0; i < ks.length; i++) if (ks[i].name === name) return ks[i];
  return undefined;
}

/** True when a call passes `**kwargs`, so any keyword may be among them. */
export function hasKwargsSpread(call: CallExpr): boolean {
  return call.keywords.some((k) => k.name === undefined) || call.args.some((a) => a.kind === 'Starred' && a.double);
}

/** True when an expression is the literal `value` (`True`, `'saga'`, `3`). */
export function isLiteral(e: Expr | undefined, value: string | number | boolean): boolean {
  return !!e && e.kind === 'Constant' && e.value === value;
}

/** True for a number, string or negative-number literal. */
export function isPlainLiteral(e: Expr): boolean {
  if (e.kind === 'Constant') return e.type === 'number' || e.type === 'str';
  return e.kind === 'Unary' && e.op === '-' && e.operand.kind === 'Constant' && e.operand.type === 'number';
}

/** A builtin name (`open`, `print`) used as itself: not rebound by an import. */
export function isBuiltinCall(site: CallSite, unit: PythonUnit, builtin: string): boolean {
  return site.call.func.kind === 'Name' && site.call.func.id === builtin && !unit.imports.byName.has(builtin);
}

/** Where a fix may insert one more keyword argument: after the last argument, or just inside `(`. */
export function keywordInsertion(
  call: CallExpr,
  unit: PythonUnit,
  keyword: string,
): { at: number; text: string } | undefined {
  const parts: Span[] = [...call.args, ...call.keywords].sort((a, b) => a.from - b.from);
  if (parts.length > 0) return { at: parts[parts.length - 1].to, text: `, ${keyword}` };
  const open = unit.module.source.slice(call.func.to, call.to).indexOf('(');
  if (open < 0) return undefined;
  return { at: call.func.to + open + 1, text: keyword };
}

/** True when a unit trains a model: it imports an ML library and fits, trains or back-propagates. */
export function unitTrainsModel(unit: PythonUnit, callSites: readonly CallSite[]): boolean {
  if (!ML_LIBRARIES.some((lib) => unit.imports.uses(lib))) return false;
  return callSites.some(
    (s) =>
      (!!s.name && KERAS_TRAINING_METHODS.has(s.name)) ||
      s.name === 'backward' ||
      (s.name === 'train' && !!s.qualified) ||
      (!!s.qualified && BOOSTER_TRAINING_CALLS.has(s.qualified)) ||
      isAgentLearning(s.method, s.receiverType) ||
      isGradientUpdate(s.qualified, s.method, s.call.args.length) ||
      (s.name === 'train' && s.call.func.kind === 'Attribute' && dottedName(s.call.func.value) === 'trainer'),
  );
}

/** Simple assignments `name = value` in a unit, by name, in source order (tuple targets are left out). */
export function collectSimpleAssignments(unit: PythonUnit): Map<string, AssignStmt[]> {
  const out = new Map<string, AssignStmt[]>();
  for (const s of unit.outline.assigns) {
    if (!s.value) continue;
    for (const t of s.targets) {
      if (t.kind !== 'Name') continue;
      const list = out.get(t.id) ?? [];
      list.push(s);
      out.set(t.id, list);
    }
  }
  return out;
}

/** Statements `name = ...` with one plain name as their only target, by name, in source order. */
export function collectSoleAssignments(unit: PythonUnit): Map<string, AssignStmt[]> {
  const byName = new Map<string, AssignStmt[]>();
  for (const a of unit.outline.assigns) {
    if (a.targets.length !== 1 || a.targets[0].kind !== 'Name') continue;
    const list = byName.get(a.targets[0].id) ?? [];
    list.push(a);
    byName.set(a.targets[0].id, list);
  }
  return byName;
}

/** The last part of a qualified name (`RandomForestClassifier`). */
export function lastName(qualified: string): string {
  return qualified.slice(qualified.lastIndexOf('.') + 1);
}

/** True when the call constructs a model that the catalog knows as an estimator. */
export function isEstimatorCall(site: CallSite): boolean {
  return apiRole(site.qualified) === 'estimator';
}
