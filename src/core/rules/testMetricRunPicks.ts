// Runs of an experiment tracker picked by a metric logged on the test set: `mlflow.search_runs(order_by=
// ["metrics.test_rmse ASC"])`, or the runs' table sorted by such a column (`runs.sort_values("metrics.test_f1")`).
import type { CallExpr, Expr, Span } from '../python/ast';
import type { CallSite } from '../semantic/calls';

/** A metric column or key of a tracker that names the test set: `metrics.test_rmse`, `metrics.auc_test`. */
const TEST_METRIC = /^metrics\.(\w*?[_.-])?test([_.-]\w*)?(\s+(asc|desc))?$/i;

/** Methods of a runs table that order or pick by a column: the best run is then the first or the one picked. */
const TABLE_PICKS = new Set(['sort_values', 'nlargest', 'nsmallest']);

export interface TestMetricRunPick {
  span: Span;
  metric: string;
}

/** The string constants an argument holds (itself, or the items of a list or tuple). */
function strings(e: Expr | undefined): Array<{ text: string; span: Span }> {
  if (!e) return [];
  if (e.kind === 'Constant' && typeof e.value === 'string') return [{ text: e.value.trim(), span: e }];
  if (e.kind === 'List' || e.kind === 'Tuple') return e.elts.flatMap(strings);
  return [];
}

function keyword(call: CallExpr, name: string): Expr | undefined {
  return call.keywords.find((k) => k.name === name)?.value;
}

/**
 * Picks of runs by a metric whose name says it was taken on the test set, in a unit that uses MLflow: the tracker
 * orders the runs by it (`search_runs(order_by=[...])`), or the runs' table is sorted or cut by its column.
 */
export function testMetricRunPicks(sites: readonly CallSite[]): TestMetricRunPick[] {
  const out: TestMetricRunPick[] = [];
  for (const site of sites) {
    const call = site.call;
    const args =
      site.name === 'search_runs'
        ? strings(keyword(call, 'order_by'))
        : site.method && TABLE_PICKS.has(site.method)
          ? [...strings(keyword(call, 'by')), ...strings(keyword(call, 'columns')), ...call.args.flatMap(strings)]
          : [];
    const hit = args.find((a) => TEST_METRIC.test(a.text));
    if (hit) out.push({ span: hit.span, metric: hit.text.replace(/\s+(asc|desc)$/i, '') });
  }
  return out;
}
