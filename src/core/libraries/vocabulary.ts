// What counts as tuning by a loop, shared by the checklist and the rules. The other shared words have a
// file each beside this one: configFiles.ts, imbalance.ts, targets.ts, heldOut.ts, mlLibraries.ts,
// training.ts, tuning.ts.
import type { LoopContext } from '../flow/facts';
import { modelFlowOf } from '../flow/queries';
import type { PythonUnit } from '../python/unit';
import type { Memo } from '../rules/rule';

/**
 * Hyperparameter loops of a unit: a `for` loop (or an Optuna objective) whose variable flows into a
 * model's constructor or `set_params`. The flow pass finds them once; ML203 and ML103 ask which of them
 * score on the test set, and the checklist counts every one of them as tuning.
 */
export function tuningLoops(unit: PythonUnit, memo: Memo): LoopContext[] {
  const flow = modelFlowOf(unit, memo);
  if (!flow) return [];
  const loops = new Set<LoopContext>();
  for (const o of flow.objects) for (const l of o.tunedBy) loops.add(l);
  return [...loops].sort((a, b) => a.span.from - b.span.from);
}
