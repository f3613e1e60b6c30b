// "Add balanced metrics": after an `accuracy_score(y_true, y_pred)` statement, print the per-class
// classification report and the balanced accuracy of the same labels, and, for a binary target and a
// model with `predict_proba`, the PR-AUC (average precision) of its scores.
import type { Fix, TextEdit } from '../model/findings';
import type { CallExpr, Span } from '../python/ast';
import type { PythonUnit } from '../python/unit';
import { exprsAround, importEdit, indentOf, insertAt, statementAt } from './source';

/** The title of the fix. */
const BALANCED_METRICS_TITLE = 'Add balanced metrics (classification report, balanced accuracy, PR-AUC)';

/** The `accuracy_score(...)` call at or around `span`. */
function accuracyCall(unit: PythonUnit, stmt: Span, at: Span): CallExpr | undefined {
  let found: CallExpr | undefined;
  exprsAround(unit, stmt, (e) => {
    if (e.kind === 'Call' && e.from <= at.from && e.to >= at.to && /(^|\.)accuracy_score$/.test(unit.text(e.func)))
      found = e;
  });
  return found;
}

/** The fix for an accuracy use at `span`; undefined when it is not a plain `accuracy_score(y_true, y_pred)`. */
export function balancedMetricsFix(unit: PythonUnit, span: Span): Fix | undefined {
  const stmt = statementAt(unit, span);
  if (!stmt) return undefined;
  const call = accuracyCall(unit, stmt, span);
  if (call?.args.length !== 2 || call.keywords.length > 0) return undefined;
  const indent = indentOf(unit, stmt);
  if (indent === undefined) return undefined;
  const yTrue = unit.text(call.args[0]);
  const yPred = unit.text(call.args[1]);
  const lines = [
    `print(classification_report(${yTrue}, ${yPred}))`,
    `print("balanced accuracy:", balanced_accuracy_score(${yTrue}, ${yPred}))`,
  ];
  const names = ['balanced_accuracy_score', 'classification_report'];
  // `model.predict(X)` gives the model and the rows the PR-AUC needs scores of.
  const predict = call.args[1];
  if (
    predict.kind === 'Call' &&
    predict.func.kind === 'Attribute' &&
    predict.func.attr === 'predict' &&
    predict.args.length === 1
  ) {
    const model = unit.text(predict.func.value);
    const rows = unit.text(predict.args[0]);
    lines.push(
      `if len(set(${yTrue})) == 2 and hasattr(${model}, "predict_proba"):`,
      `    print("PR-AUC:", average_precision_score(${yTrue}, ${model}.predict_proba(${rows})[:, 1]))`,
    );
    names.unshift('average_precision_score');
  }
  const cell = unit.cellAt(stmt.to);
  const src = unit.module.source;
  const nl = src.indexOf('\n', stmt.to);
  const lineEnd = cell ? Math.min(nl < 0 ? src.length : nl, cell.end) : nl < 0 ? src.length : nl;
  const edits: TextEdit[] = [];
  const imp = importEdit(unit, `from sklearn.metrics import ${names.join(', ')}`, stmt.from);
  if (imp) edits.push(imp);
  edits.push(insertAt(unit, lineEnd, lines.map((l) => `\n${indent}${l}`).join('')));
  return { title: BALANCED_METRICS_TITLE, isPreferred: true, safety: 'safe', edits };
}
