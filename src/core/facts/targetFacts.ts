// Is the target imbalanced? Read from the printed `value_counts()` of the target column, or known from what the
// target is (churn, fraud, loan default: outcomes that are rare by nature). That is a fact about the data, never
// evidence for a level.
import type { Expr } from '../python/ast';
import { dottedName } from '../python/imports';
import type { ProjectDerivation, ProjectIndex } from '../semantic/index';
import { stringValue } from '../semantic/calls';
import { type Fact, unitFact } from './fact';
import { countsFromOutput } from '../notebook/outputs';
import { isImbalanced } from '../libraries/imbalance';
import { isTargetVariable } from '../libraries/targets';

/** Facts saying the target is imbalanced, from the counts a notebook printed. */
export function imbalancedTargetFacts(index: ProjectIndex): Fact[] {
  return index.get(IMBALANCED_TARGET_FACTS);
}

const IMBALANCED_TARGET_FACTS: ProjectDerivation<Fact[]> = {
  name: 'imbalancedTargetFacts',
  compute(index) {
    const project = index.project;
    const facts: Fact[] = [];
    const byName: Fact[] = [];
    let countsPrinted = false;
    for (const unit of project.python) {
      // A target column is picked from a frame: a module without pandas has none (library code, most of a repo).
      if (unit.kind !== 'notebook' && !unit.imports.uses('pandas')) continue;
      // Columns used as the target: `y = df["Churn"]`, `df.drop("Churn", axis=1)` next to a `y = ...`.
      const targetColumns = new Set<string>();
      for (const s of unit.outline.assigns) {
        if (!s.value || !s.targets.some(namesTarget)) continue;
        const col = columnOf(s.value);
        if (col) {
          targetColumns.add(col);
          // After one-hot encoding the target is `Churn_Yes`; its counts were printed as `Churn`.
          const dummy = /^(.+)_[^_]+$/.exec(col);
          if (dummy) targetColumns.add(dummy[1]);
        }
      }
      // Churn, fraud, default and attrition are rare outcomes by nature: a practitioner knows the classes are
      // skewed without printing them (unless the printed counts say otherwise, below).
      const rare = [...targetColumns].find((c) => RARE_OUTCOME.test(c));
      if (rare) {
        const at = unit.outline.assigns.find((a) => a.value && columnOf(a.value) === rare);
        byName.push(
          unitFact(unit, at ?? { from: 0, to: 0 }, 'imbalanced-target', `the target ${rare} is a rare outcome`),
        );
      }
      if (unit.kind !== 'notebook') continue;
      // The unit's call sites are every call in walk order, already collected for the rules and the other facts:
      // no second walk over every expression of the notebook.
      for (const site of index.unit(unit).callSites) {
        if (site.method !== 'value_counts') continue;
        const e = site.call;
        if (e.func.kind !== 'Attribute') continue;
        const receiver = e.func.value;
        const col = columnOf(receiver);
        const name = dottedName(receiver);
        if (!((col && targetColumns.has(col)) || (name && isTargetVariable(name)))) continue;
        const slice = unit.cellAt(e.from);
        if (!slice) continue;
        for (const text of slice.cell.textOutputs) {
          const counts = countsFromOutput(text);
          if (!counts) continue;
          countsPrinted = true;
          if (isImbalanced(counts)) {
            const present = counts.filter((c) => c > 0);
            const min = Math.min(...present);
            const max = Math.max(...present);
            facts.push(
              unitFact(
                unit,
                e,
                'imbalanced-target',
                `the printed class counts of ${col ?? name} are skewed (${fmt(min)} vs ${fmt(max)})`,
              ),
            );
            break;
          }
        }
      }
    }
    // Counts printed anywhere in the project are the data speaking: they overrule what the target's name suggests.
    return countsPrinted ? facts : [...facts, ...byName];
  },
};

/** True when an assignment target (or an element of a tuple target) is named like a target variable (`y`). */
function namesTarget(t: Expr): boolean {
  if (t.kind === 'Tuple' || t.kind === 'List') return t.elts.some(namesTarget);
  const name = dottedName(t);
  return name !== undefined && isTargetVariable(name);
}

/** Target columns named for outcomes that are rare by nature: customers who leave, frauds, loan defaults. */
const RARE_OUTCOME = /^(is_?)?(churn(ed)?|fraud(ulent)?|default(ed)?|attrition|exited|bad_?loan)(_(yes|1|flag))?$/i;

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/** `df["Churn"]`, `df.Churn` → `Churn`. */
function columnOf(e: Expr): string | undefined {
  if (e.kind === 'Subscript' && e.index.length === 1) return stringValue(e.index[0]);
  if (e.kind === 'Attribute' && e.value.kind === 'Name' && /^(df|data|train|dataset|raw)/i.test(e.value.id))
    return e.attr;
  return undefined;
}
