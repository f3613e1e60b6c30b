// "Score on the test split": a model trained on the training part of a split and scored only on that
// training part is scored on the test part instead. The names of the training part become the test
// part's in every evaluation of that fit and in the predictions those evaluations read.
import type { Fix, TextEdit } from '../model/findings';
import type { EvalEvent, FitEvent } from '../flow/facts';
import type { Span } from '../python/ast';
import type { PythonUnit } from '../python/unit';
import { assignmentsOf, namesWithin, replaceSpan } from './source';
import { splitNames } from './validationSplit';

/** The title of the fix. */
const SCORE_ON_TEST_TITLE = 'Score on the test split';

const PREDICT = /^(predict|predict_proba|decision_function|predict_log_proba|transform)$/;

/** The fix, when the fit's data is named parts of a `train_test_split`. */
export function scoreOnTestFix(unit: PythonUnit, fit: FitEvent, evals: EvalEvent[]): Fix | undefined {
  const x = fit.call.args[0];
  if (x?.kind !== 'Name') return undefined;
  const split = fit.data?.parts.find((p) => p.kind === 'train')?.split;
  if (!split) return undefined;
  const names = splitNames(unit, split);
  if (!names) return undefined;
  const rename = new Map(names.pairs.map((p) => [p.train, p.test]));
  if (!rename.has(x.id)) return undefined;
  const spans: Span[] = evals.map((e) => e.span);
  // Predictions made earlier and read by an evaluation: `train_pred = model.predict(X_train)`.
  for (const e of evals) {
    for (const n of namesWithin(unit, e.span)) {
      if (rename.has(n.id)) continue;
      const assign = assignmentsOf(unit, n.id)
        .filter((a) => a.to <= e.span.from && a.from > fit.call.to)
        .pop();
      const value = assign?.value;
      if (value?.kind === 'Call' && value.func.kind === 'Attribute' && PREDICT.test(value.func.attr)) spans.push(value);
    }
  }
  const edits: TextEdit[] = [];
  const seen = new Set<number>();
  for (const span of spans) {
    for (const n of namesWithin(unit, span)) {
      const test = rename.get(n.id);
      if (!test || seen.has(n.from)) continue;
      seen.add(n.from);
      edits.push(replaceSpan(unit, n, test));
    }
  }
  if (edits.length === 0) return undefined;
  return { title: SCORE_ON_TEST_TITLE, isPreferred: true, safety: 'unsafe', edits };
}
