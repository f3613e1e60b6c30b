// "Wrap in a Pipeline": `V = obj.fit_transform(A)` whose output goes only into `cross_val_score(est, V, y,
// ...)` (or `cross_validate`, `cross_val_predict`) becomes `cross_val_score(make_pipeline(obj, est), A, y,
// ...)`, so each fold fits its own copy of the transformer on its training rows only.
import type { CallExpr, Expr } from '../python/ast';
import type { Fix, TextEdit } from '../model/findings';
import type { FitEvent, SplitEvent } from '../flow/facts';
import type { PythonUnit } from '../python/unit';
import { exprsAround, importEdit, indentOf, lineRemoval, replaceSpan, statementAt } from './source';

/** The title of the fix. */
const WRAP_IN_PIPELINE_TITLE = 'Wrap in a Pipeline (each cross-validation fold fits its own transformer)';

const CV_FUNCTIONS = /^sklearn\.model_selection(\.\w+)*\.(cross_val_score|cross_validate|cross_val_predict)$/;
const IMPORT_LINE = 'from sklearn.pipeline import make_pipeline';

/** The call that `split` (of kind 'cv') stands for, when it is one of the cross-validation functions. */
function cvCall(unit: PythonUnit, split: SplitEvent, qualified: string | undefined): CallExpr | undefined {
  if (!qualified || !CV_FUNCTIONS.test(qualified)) return undefined;
  let found: CallExpr | undefined;
  exprsAround(unit, split.span, (e) => {
    if (e.kind === 'Call' && e.from === split.span.from && e.to === split.span.to) found = e;
  });
  return found;
}

/** The argument given positionally at `index` or by `name`. */
function argument(call: CallExpr, index: number, name: string): Expr | undefined {
  if (
    call.args.slice(0, index + 1).some((a) => a.kind === 'Starred') ||
    call.keywords.some((k) => k.name === undefined)
  )
    return undefined;
  return call.args[index] ?? call.keywords.find((k) => k.name === name)?.value;
}

/**
 * The fix, when the fit is a lone `V = obj.fit_transform(A)` whose output goes only into a later `cross_val_score(est,
 * V, ...)`.
 */
export function wrapInPipelineFix(
  unit: PythonUnit,
  fit: FitEvent,
  split: SplitEvent,
  qualified: string | undefined,
): Fix | undefined {
  if (fit.method !== 'fit_transform' || split.kind !== 'cv' || split.seq < fit.seq) return undefined;
  const call = fit.call;
  if (
    call.func.kind !== 'Attribute' ||
    call.args.length !== 1 ||
    call.keywords.length > 0 ||
    call.args[0].kind !== 'Name'
  )
    return undefined;
  const objExpr = call.func.value;
  if (objExpr.kind !== 'Name' && objExpr.kind !== 'Call') return undefined;
  const stmt = statementAt(unit, call);
  if (stmt?.kind !== 'Assign' || stmt.value !== call || stmt.targets.length !== 1 || stmt.targets[0].kind !== 'Name')
    return undefined;
  const v = stmt.targets[0].id;
  const a = call.args[0].id;
  const cv = cvCall(unit, split, qualified);
  if (!cv || cv.from < stmt.to) return undefined;
  const est = argument(cv, 0, 'estimator');
  const x = argument(cv, 1, 'X');
  if (!est || !x || x.kind !== 'Name' || x.id !== v || est.kind === 'Starred') return undefined;
  const cvStmt = statementAt(unit, cv);
  const indent = indentOf(unit, stmt);
  if (!cvStmt || indent === undefined || indentOf(unit, cvStmt) !== indent) return undefined;
  // `V` may be read only by the cross-validation call, `A` must not change before it, and a named
  // transformer must not be used again (it is no longer fit on the rows).
  const obj = objExpr.kind === 'Name' ? objExpr.id : undefined;
  let clash = false;
  exprsAround(unit, { from: stmt.to, to: unit.module.source.length }, (e) => {
    if (e.kind !== 'Name' || e.from < stmt.to) return;
    if (e.id === v && e !== x) clash = true;
    if (e.id === a && e.from < cvStmt.from && a !== v) clash = true;
    if (obj !== undefined && e.id === obj) clash = true;
  });
  if (clash) return undefined;
  const removal = lineRemoval(unit, stmt, indent);
  if (!removal) return undefined;
  const edits: TextEdit[] = [removal];
  const imported = unit.module.body.some(
    (s) =>
      s.kind === 'Import' &&
      s.module === 'sklearn.pipeline' &&
      s.names.some((n) => n.name === 'make_pipeline' && !n.asname),
  );
  if (!imported) {
    const imp = importEdit(unit, IMPORT_LINE, stmt.from);
    if (imp) edits.push(imp);
  }
  edits.push(replaceSpan(unit, est, `make_pipeline(${unit.text(objExpr)}, ${unit.text(est)})`));
  if (a !== v) edits.push(replaceSpan(unit, x, a));
  return { title: WRAP_IN_PIPELINE_TITLE, isPreferred: true, safety: 'unsafe', edits };
}
