// Small helpers the checklist items share: reading facts and turning them into outcomes with evidence.
import type { Fact, FactKind } from '../facts/fact';
import { factsOf, projectFacts } from '../facts/projectFacts';
import type { FunctionDefStmt } from '../python/ast';
import { holdsTests } from '../project/testFiles';
import { walkAllExprs } from '../python/walk';
import type { ProjectDerivation } from '../semantic/index';
import type { DetectContext, Evidence, ItemOutcome } from './item';

/** Evidence shown per item at most; the first places are the most telling. */
const MAX_EVIDENCE = 5;

/** The project's facts of some kinds, in place order. */
export function facts(ctx: DetectContext, ...kinds: FactKind[]): Fact[] {
  return factsOf(projectFacts(ctx.index), ...kinds);
}

/** Facts as evidence, at most `MAX_EVIDENCE`, without repeating a place. */
export function evidence(...lists: Fact[][]): Evidence[] {
  const out: Evidence[] = [];
  const seen = new Set<string>();
  for (const f of lists.flat()) {
    const key = `${f.range.path}|${f.range.cell ?? ''}|${f.range.startLine}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ note: f.note, range: f.range });
    if (out.length >= MAX_EVIDENCE) break;
  }
  return out;
}

/** Met when any of the facts is there, missing otherwise. */
export function metIfAny(found: Fact[], missingDetail?: string): ItemOutcome {
  if (found.length > 0) return { status: 'met', evidence: evidence(found) };
  return missingDetail
    ? { status: 'missing', evidence: [], detail: missingDetail }
    : { status: 'missing', evidence: [] };
}

/** An outcome with a detail line. */
export function outcome(status: ItemOutcome['status'], found: Fact[][], detail?: string): ItemOutcome {
  const o: ItemOutcome = { status, evidence: evidence(...found) };
  if (detail) o.detail = detail;
  return o;
}

/**
 * The facts of `found` made inside a function of a Python module that no other code of the project calls or names:
 * a `to_feature_store(...)` kept for later, whose every call is commented out. Code that never runs shows what the
 * project could do, not what it does. A name met anywhere else in code (a call, a Kedro node's `func=`, an import)
 * keeps the fact; tests, which only patch it, do not.
 */
export function inUncalledFunctions(ctx: DetectContext, found: readonly Fact[]): Set<Fact> {
  const out = new Set<Fact>();
  if (!found.length) return out;
  const names = ctx.index.get(NAMES_IN_CODE);
  for (const f of found) {
    const unit = ctx.project.python.find((u) => u.path === f.range.path && u.kind === 'module');
    if (!unit) continue;
    const def = unit.module.body.find(
      (s): s is FunctionDefStmt =>
        s.kind === 'FunctionDef' &&
        unit.range(s).startLine <= f.range.startLine &&
        unit.range(s).endLine >= f.range.endLine,
    );
    if (!def || def.name.startsWith('__')) continue;
    if (!names.has(def.name)) out.add(f);
  }
  return out;
}

/**
 * The names the project's code outside tests refers to, read from the syntax trees: names, attributes and imported
 * names (comments and strings are no code, and a `def` does not refer to itself).
 */
const NAMES_IN_CODE: ProjectDerivation<Set<string>> = {
  name: 'namesInCode',
  compute(index) {
    const names = new Set<string>();
    for (const u of index.project.python) {
      if (holdsTests(u)) continue;
      walkAllExprs(u.module.body, (e) => {
        if (e.kind === 'Name') names.add(e.id);
        else if (e.kind === 'Attribute') names.add(e.attr);
      });
      for (const imp of u.outline.imports)
        for (const a of imp.names) names.add(a.name.slice(a.name.lastIndexOf('.') + 1));
    }
    return names;
  },
};
