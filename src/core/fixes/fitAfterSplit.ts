// "Fit on the training split": `V = obj.fit_transform(A)` before `train_test_split(V, ...)` becomes the
// split of `A`, then `obj.fit_transform` on the training part and `obj.transform` on the test part, so the
// transformer learns from training rows only and both parts get the same transform.
import type { Fix, TextEdit } from '../model/findings';
import type { FitEvent, SplitEvent } from '../flow/facts';
import type { PythonUnit } from '../python/unit';
import { exprsAround, indentOf, insertAt, lineEnd, lineRemoval, replaceSpan, statementAt } from './source';
import { splitNames } from './validationSplit';

/** The title of the fix. */
const FIT_ON_TRAINING_TITLE = 'Fit on the training split (move the fit after the split, transform both parts)';

/**
 * The fix, when the fit is a lone `V = obj.fit_transform(A)` whose output goes only into a later `train_test_split`.
 */
export function fitAfterSplitFix(unit: PythonUnit, fit: FitEvent, split: SplitEvent): Fix | undefined {
  if (fit.method !== 'fit_transform' || split.kind !== 'holdout' || !split.call || split.seq < fit.seq)
    return undefined;
  const call = fit.call;
  if (
    call.func.kind !== 'Attribute' ||
    call.args.length !== 1 ||
    call.keywords.length > 0 ||
    call.args[0].kind !== 'Name'
  )
    return undefined;
  const stmt = statementAt(unit, call);
  if (stmt?.kind !== 'Assign' || stmt.value !== call || stmt.targets.length !== 1 || stmt.targets[0].kind !== 'Name')
    return undefined;
  const v = stmt.targets[0].id;
  const a = call.args[0].id;
  const names = splitNames(unit, split);
  if (!names) return undefined;
  const at = split.call.args.findIndex((x) => x.kind === 'Name' && x.id === v);
  if (at < 0) return undefined;
  const indent = indentOf(unit, stmt);
  if (indent === undefined || indentOf(unit, names.stmt) !== indent) return undefined;
  // `V` may be read only by the split; `A` must not change between the fit and the split.
  let clash = false;
  exprsAround(unit, { from: stmt.to, to: unit.module.source.length }, (e) => {
    if (e.kind !== 'Name' || e.from < stmt.to) return;
    if (e.id === v && e !== split.call!.args[at]) clash = true;
    if (e.id === a && e.from < names.stmt.from && a !== v) clash = true;
  });
  if (clash) return undefined;
  const removal = lineRemoval(unit, stmt, indent);
  if (!removal) return undefined;
  const obj = unit.text(call.func.value);
  const pair = names.pairs[at];
  const edits: TextEdit[] = [removal];
  if (a !== v) edits.push(replaceSpan(unit, split.call.args[at], a));
  const fitTrain = `${indent}${pair.train} = ${obj}.fit_transform(${pair.train})`;
  const transformTest = `${indent}${pair.test} = ${obj}.transform(${pair.test})`;
  edits.push(insertAt(unit, lineEnd(unit, names.stmt.to), `\n${fitTrain}\n${transformTest}`));
  return { title: FIT_ON_TRAINING_TITLE, isPreferred: true, safety: 'unsafe', edits };
}
