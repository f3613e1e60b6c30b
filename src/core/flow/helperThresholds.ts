// A decision threshold picked by a function of another module of the project on held-out rows
// (`threshold = find_best_threshold(y_test, proba)`, a loop over candidate thresholds that keeps the best score), and
// then used by another of its functions that scores those same rows (`compute_metrics(y_test, proba, threshold)`): the
// rows that chose the threshold report the score it gives.
import type { FunctionDefStmt, Stmt } from '../python/ast';
import type { PythonUnit } from '../python/unit';
import { walkStatements } from '../python/walk';
import type { DataNode, FlowFacts, ForeignCall, PartMark } from './facts';
import { type Lineage, type ProjectFlows, calleeModule, lastName, modulesByName } from './queries';
import { keepsBest } from './syntax';

/** A project's units with their call sites, as the project index holds them. */
export interface ProjectCalls extends ProjectFlows {
  unit(unit: PythonUnit): {
    readonly flow: FlowFacts;
    readonly callSites: ReadonlyArray<{ qualified?: string; func?: FunctionDefStmt }>;
  };
}

/** A threshold chosen on held-out rows by one call, and the call that scores the same rows with it. */
export interface HelperThreshold {
  choice: ForeignCall;
  score: ForeignCall;
}

/** What a function of the project's own modules does, by the qualified name a unit calls it by. */
type Role = 'chooses' | 'scores' | undefined;

/** Per project: the role of each called function of its own modules. */
const ROLES = new WeakMap<object, Map<string, Role>>();

function roleOf(project: ProjectCalls, qualified: string): Role {
  let known = ROLES.get(project);
  if (!known) {
    known = new Map();
    ROLES.set(project, known);
  }
  if (known.has(qualified)) return known.get(qualified);
  let role: Role;
  const fn = lastName(qualified);
  for (const m of modulesByName(project).get(calleeModule(qualified)) ?? []) {
    const def = m.module.body.find((s): s is FunctionDefStmt => s.kind === 'FunctionDef' && s.name === fn);
    if (!def) continue;
    if (keepsBestInLoop(def.body)) role = 'chooses';
    else if (project.unit(m).callSites.some((c) => c.func === def && c.qualified?.startsWith('sklearn.metrics.')))
      role = 'scores';
    break;
  }
  known.set(qualified, role);
  return role;
}

/** A loop over candidates that keeps the best score (`for t in np.linspace(...): ... if score > best_score:`). */
function keepsBestInLoop(body: Stmt[]): boolean {
  let found = false;
  walkStatements(body, (s) => {
    if (found || s.kind === 'FunctionDef' || s.kind === 'ClassDef') return false;
    if (s.kind === 'For')
      walkStatements(s.body, (x) => {
        if (x.kind === 'If' && x.branches.some((b) => keepsBest(b.test, b.body))) found = true;
        return !found;
      });
    return !found;
  });
  return found;
}

/** The held-out part a call is handed rows of: a test part, or a validation part where no test part is scored. */
function heldOutPart(c: ForeignCall, testScored: boolean): PartMark | undefined {
  for (const n of argsOf(c)) {
    const m = n?.parts.find((p) => p.kind === 'test' || (p.kind === 'val' && !testScored));
    if (m) return m;
  }
  return undefined;
}

/** Thresholds chosen on held-out rows by a project function, then used to score those rows by another. */
export function helperThresholds(project: ProjectCalls, facts: FlowFacts, lin: Lineage): HelperThreshold[] {
  if (facts.foreignCalls.length < 2) return [];
  const testScored =
    facts.evals.some((e) => e.data?.parts.some((p) => p.kind === 'test')) ||
    facts.foreignCalls.some((c) => heldOutPart(c, true)?.kind === 'test');
  const out: HelperThreshold[] = [];
  for (const choice of facts.foreignCalls) {
    const part = heldOutPart(choice, testScored);
    if (!part || roleOf(project, choice.qualified) !== 'chooses') continue;
    const score = facts.foreignCalls.find(
      (c) =>
        c !== choice &&
        c.span.from > choice.span.to &&
        argsOf(c).some((n) => n && lin.derivesFrom(n, choice.data)) &&
        // The rows themselves, not what the choice returned (a network trained and kept by its validation score
        // carries that part; scoring it on a test folder scores other rows).
        argsOf(c).some((n) => n?.parts.includes(part) && !lin.derivesFrom(n, choice.data)) &&
        roleOf(project, c.qualified) === 'scores',
    );
    if (score) out.push({ choice, score });
  }
  return out;
}

/** The data of a call's positional and keyword arguments. */
function argsOf(c: ForeignCall): Array<DataNode | undefined> {
  return [...c.args, ...c.keywords.values()];
}
