// "Resample the training split only": `X_res, y_res = sampler.fit_resample(X, y)` before
// `train_test_split(X_res, y_res, ...)` becomes the split of `X, y` followed by resampling the training
// part, so the test part keeps the real rows and class balance.
import type { Fix } from '../model/findings';
import type { SplitEvent } from '../flow/facts';
import type { Span } from '../python/ast';
import type { PythonUnit } from '../python/unit';
import { exprsAround, indentOf, insertAt, lineEnd, lineRemoval, replaceSpan, statementAt } from './source';
import { splitNames } from './validationSplit';

/** The title of the fix. */
const RESAMPLE_AFTER_SPLIT_TITLE = 'Resample the training split only (move the resampling after the split)';

/** The fix, when a lone `Xr, yr = s.fit_resample(X, y)` feeds only a later `train_test_split(Xr, yr, ...)`. */
export function resampleAfterSplitFix(unit: PythonUnit, resample: Span, split: SplitEvent): Fix | undefined {
  if (split.kind !== 'holdout' || !split.call) return undefined;
  const stmt = statementAt(unit, resample);
  if (stmt?.kind !== 'Assign' || stmt.targets.length !== 1) return undefined;
  const call = stmt.value;
  const target = stmt.targets[0];
  if (
    call?.kind !== 'Call' ||
    call.func.kind !== 'Attribute' ||
    call.func.attr !== 'fit_resample' ||
    call.keywords.length > 0
  )
    return undefined;
  if (target.kind !== 'Tuple' || target.elts.length !== 2 || call.args.length !== 2) return undefined;
  const outs = target.elts.map((e) => (e.kind === 'Name' ? e.id : ''));
  const ins = call.args.map((e) => (e.kind === 'Name' ? e.id : ''));
  if (outs.includes('') || ins.includes('')) return undefined;
  const names = splitNames(unit, split);
  if (!names || split.seq === undefined) return undefined;
  const args = split.call.args;
  const at = outs.map((o) => args.findIndex((a) => a.kind === 'Name' && a.id === o));
  if (at.some((i) => i < 0)) return undefined;
  const indent = indentOf(unit, stmt);
  if (indent === undefined || indentOf(unit, names.stmt) !== indent || names.stmt.from < stmt.to) return undefined;
  // The resampled names may be read only by the split; the inputs must not change before it.
  let clash = false;
  exprsAround(unit, { from: stmt.to, to: unit.module.source.length }, (e) => {
    if (e.kind !== 'Name' || e.from < stmt.to) return;
    if (outs.includes(e.id) && !at.some((i) => args[i] === e)) clash = true;
    if (ins.includes(e.id) && !outs.includes(e.id) && e.from < names.stmt.from) clash = true;
  });
  if (clash) return undefined;
  const removal = lineRemoval(unit, stmt, indent);
  if (!removal) return undefined;
  const edits = [removal];
  at.forEach((i, k) => {
    if (ins[k] !== outs[k]) edits.push(replaceSpan(unit, args[i], ins[k]));
  });
  const [xTrain, yTrain] = at.map((i) => names.pairs[i].train);
  const sampler = unit.text(call.func.value);
  edits.push(
    insertAt(
      unit,
      lineEnd(unit, names.stmt.to),
      `\n${indent}${xTrain}, ${yTrain} = ${sampler}.fit_resample(${xTrain}, ${yTrain})`,
    ),
  );
  return { title: RESAMPLE_AFTER_SPLIT_TITLE, isPreferred: true, safety: 'unsafe', edits };
}
