// Small helpers the checklist items share: reading facts and turning them into outcomes with evidence.
import type { Fact, FactKind } from '../facts/fact';
import { factsOf, projectFacts } from '../facts/projectFacts';
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
