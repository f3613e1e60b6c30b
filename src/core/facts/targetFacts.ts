// Is the target imbalanced? Read from the printed
// `value_counts()` of the target column. That is a fact about the data, never evidence for a level.
import type { Expr } from '../python/ast';
import { dottedName } from '../python/imports';
import { walkAllExprs } from '../python/walk';
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
    for (const unit of project.python) {
      if (unit.kind !== 'notebook') continue;
      // Columns used as the target: `y = df["Churn"]`, `df.drop("Churn", axis=1)` next to a `y = ...`.
      const targetColumns = new Set<string>();
      for (const s of unit.module.body) {
        if (s.kind !== 'Assign' || !s.value) continue;
        const names = s.targets
          .flatMap((t) => (t.kind === 'Tuple' || t.kind === 'List' ? t.elts : [t]))
          .map((t) => dottedName(t) ?? '');
        if (!names.some(isTargetVariable)) continue;
        const col = columnOf(s.value);
        if (col) {
          targetColumns.add(col);
          // After one-hot encoding the target is `Churn_Yes`; its counts were printed as `Churn`.
          const dummy = /^(.+)_[^_]+$/.exec(col);
          if (dummy) targetColumns.add(dummy[1]);
        }
      }
      walkAllExprs(unit.module.body, (e) => {
        if (e.kind !== 'Call' || e.func.kind !== 'Attribute' || e.func.attr !== 'value_counts') return;
        const receiver = e.func.value;
        const col = columnOf(receiver);
        const name = dottedName(receiver);
        if (!((col && targetColumns.has(col)) || (name && isTargetVariable(name)))) return;
        const slice = unit.cellAt(e.from);
        if (!slice) return;
        for (const text of slice.cell.textOutputs) {
          const counts = countsFromOutput(text);
          if (!counts) continue;
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
            return;
          }
        }
      });
    }
    return facts;
  },
};

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
