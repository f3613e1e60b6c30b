// A decision threshold picked by a function of another module of the project on held-out rows
// (`threshold = find_best_threshold(y_test, proba)`, a loop over candidate thresholds that keeps the best score), and
// then used by another of its functions that scores those same rows (`compute_metrics(y_test, proba, threshold)`): the
// rows that chose the threshold report the score it gives. A function that picks the best of the scores it collected
// and reports that best score itself (`print(f"F1={max(f1s)}")`) chooses and scores in one call.
import type { FunctionDefStmt, Stmt } from '../python/ast';
import type { PythonUnit } from '../python/unit';
import { walkExpr, walkStatements } from '../python/walk';
import type { DataNode, FlowFacts, ForeignCall, PartMark } from './facts';
import { type Lineage, type ProjectFlows, calleeModule, lastName, modulesByName } from './queries';
import { keepsBest, methodCallsOn } from './syntax';

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
type Role = 'chooses' | 'chooses-and-reports' | 'scores' | undefined;

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
    // A loop that keeps the best score as it goes, or picks the best of the scores it collected.
    role = keepsBestInLoop(def.body) ? 'chooses' : picksBestOfCollected(def.body, (st) => m.text(st));
    if (!role && project.unit(m).callSites.some((c) => c.func === def && c.qualified?.startsWith('sklearn.metrics.')))
      role = 'scores';
    break;
  }
  known.set(qualified, role);
  return role;
}

/**
 * A loop over candidate thresholds that keeps the best score (`for t in np.linspace(...): ... if score > best_score:`);
 * not a loop over models (`for name, model in models.items()`), whose choice the module's own flow follows once its
 * callers hand it the parts.
 */
function keepsBestInLoop(body: Stmt[]): boolean {
  let found = false;
  walkStatements(body, (s) => {
    if (found || s.kind === 'FunctionDef' || s.kind === 'ClassDef') return false;
    if (s.kind === 'For' && !overModels(s))
      walkStatements(s.body, (x) => {
        if (x.kind === 'If' && x.branches.some((b) => keepsBest(b.test, b.body))) found = true;
        return !found;
      });
    return !found;
  });
  return found;
}

/**
 * A loop over a dict of models (`models.items()`, `.values()`), or one that fits or predicts with its own variable
 * (`for model in models: model.fit(...)`), not with a model made before it.
 */
function overModels(s: Extract<Stmt, { kind: 'For' }>): boolean {
  const it = s.iter;
  if (it.kind === 'Call' && it.func.kind === 'Attribute' && (it.func.attr === 'items' || it.func.attr === 'values'))
    return true;
  const names = new Set<string>();
  walkExpr(s.target, (e) => {
    if (e.kind === 'Name') names.add(e.id);
  });
  return methodCallsOn(s.body, names, MODEL_METHODS).size > 0;
}

const MODEL_METHODS: ReadonlySet<string> = new Set(['fit', 'predict', 'predict_proba', 'decision_function']);

/** Names of metrics whose results a loop collects (`f1s.append(f1_score(y_true, y_pred))`). */
const METRIC_CALL = /(score|f1|accuracy|precision|recall|auc|error|loss)\w*$/i;

/**
 * A loop that collects a metric per candidate into a list, then the best of them picked after it (`thresholds[np.
 * argmax(f1s)]`, `max(f1s)`): a choice. When a later print or return carries the best score itself (`max(f1s)`,
 * `f1s[i]`), the function also reports it.
 */
function picksBestOfCollected(body: Stmt[], text: (s: Stmt) => string): Role {
  const lists: Array<{ best: RegExp; reported: RegExp }> = [];
  let chooses = false;
  for (const s of body) {
    if (s.kind === 'For') {
      walkStatements(s.body, (x) => {
        if (x.kind === 'FunctionDef' || x.kind === 'ClassDef') return false;
        const l = collectedMetric(x);
        if (l)
          lists.push({
            best: new RegExp(String.raw`\b(?:(?:np|numpy)\.)?(?:arg)?(?:max|min)\(\s*${l}\s*\)`),
            reported: new RegExp(String.raw`\b(?:(?:np|numpy)\.)?(?:max|min)\(\s*${l}\s*\)|\b${l}\s*\[`),
          });
        return true;
      });
      continue;
    }
    if (!lists.length || (s.kind !== 'Assign' && s.kind !== 'Return' && s.kind !== 'Expr')) continue;
    const src = text(s);
    if (s.kind === 'Assign') chooses ||= lists.some((l) => l.best.test(src));
    const reports = s.kind === 'Return' || /^\s*(print|logger\.\w+|logging\.\w+)\(/.test(src);
    if (chooses && reports && lists.some((l) => l.reported.test(src))) return 'chooses-and-reports';
  }
  return chooses ? 'chooses' : undefined;
}

/** The list a statement appends a metric's result to (`f1s.append(f1_score(y_true, y_pred))`), if it does. */
function collectedMetric(s: Stmt): string | undefined {
  const c = s.kind === 'Expr' && s.value.kind === 'Call' ? s.value : undefined;
  if (c?.func.kind !== 'Attribute' || c.func.attr !== 'append' || c.func.value.kind !== 'Name') return undefined;
  const v = c.args[0];
  if (v?.kind !== 'Call') return undefined;
  const f = v.func.kind === 'Name' ? v.func.id : v.func.kind === 'Attribute' ? v.func.attr : '';
  return METRIC_CALL.test(f) ? c.func.value.id : undefined;
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
  if (!facts.foreignCalls.length) return [];
  const testScored =
    facts.evals.some((e) => e.data?.parts.some((p) => p.kind === 'test')) ||
    facts.foreignCalls.some((c) => heldOutPart(c, true)?.kind === 'test');
  const out: HelperThreshold[] = [];
  for (const choice of facts.foreignCalls) {
    const part = heldOutPart(choice, testScored);
    const role = part && roleOf(project, choice.qualified);
    // The best of the scores on those rows, reported by the call that chose by them.
    if (role === 'chooses-and-reports') {
      out.push({ choice, score: choice });
      continue;
    }
    if (!part || role !== 'chooses') continue;
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
