// ML201: a model is scored on rows it was trained on, and on nothing else.
import { Lineage, hasPart, isFull, isModel, placeOf, rowSource, shortText } from '../flow/queries';
import type { UnitRule } from './rule';
import type { DataNode, EvalEvent, FitEvent, FlowFacts, LoopContext, SplitEvent } from '../flow/facts';
import type { CallExpr } from '../python/ast';
import type { PythonUnit } from '../python/unit';
import { dottedName } from '../python/imports';
import type { CallSite } from '../semantic/calls';
import { scoreOnTestFix } from '../fixes/scoreOnTest';

/** ML201 evaluated-on-training-data. */
export const evaluatedOnTrainingData: UnitRule = {
  scope: 'unit',
  meta: {
    code: 'ML201',
    name: 'evaluated-on-training-data',
    title: 'Model evaluated on the data it was trained on',
    category: 'evaluation',
    level: 1,
    defaultSeverity: 'warning',
    fix: 'unsafe',
    affects: ['L2.heldout-evaluation'],
    docs: {
      whatItDoes:
        'Finds a model whose only evaluations (`score`, `evaluate`, or a metric on its predictions) use rows it ' +
        'was fit on: the same data, a part of data the model was fit on in full (the test part after a refit on ' +
        'the training and test parts stacked back together), or every row after a fit on the training part. Also a ' +
        'model fit on the training part of one random split and scored on the held-out part of a second split of ' +
        'the same rows drawn differently (another or no `random_state`, another size), without a score on its own ' +
        "split's held-out part: most of the scored rows were training rows (two splits with the same seed and size " +
        'draw the same parts, and are not reported). A ' +
        'training score printed ' +
        'next to a held-out score is fine and is not reported, nor is one next to the held-out predictions set ' +
        'against their labels by hand (a table of residuals), and so is one printed under a label that says it is ' +
        'the training score (`"RMSE train: %.3f"`) or kept in a name then logged under one (`logger.info("Training ' +
        'accuracy: %.4f", train_accuracy)`): it is not presented as the model\'s quality on new data. Nor is a first ' +
        'fit on the training part looked at on those rows when a model of the same class is made again, fit on the ' +
        'training rows of that split (columns dropped in between) and scored on its held-out part. Nor is a ' +
        'collinearity check written by hand: least squares regressing each column on the others in a loop over ' +
        'them (`for col in X.columns: LinearRegression().fit(X.drop(col, axis=1), X[col])`, then its R²). ' +
        'statsmodels models count with the rows they were made with (`sm.Logit(y, X).fit()`, `predict()` with ' +
        'no rows), and a booster with the labels of its own container (`lgb.Dataset(X, label=y)`).',
      whyBad:
        'A model scored on its own training rows is measured on how well it remembers them. A decision tree gets ' +
        '100% this way; the number says nothing about new data.',
      example: ['```python', 'model.fit(X, y)', 'print(accuracy_score(y, model.predict(X)))', '```'].join('\n'),
      useInstead: [
        '```python',
        'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
        'model.fit(X_train, y_train)',
        'print(accuracy_score(y_test, model.predict(X_test)))',
        '```',
      ].join('\n'),
      fixSafety:
        'Unsafe. When the model was fit on the training part of a `train_test_split` (`model.fit(X_train, ' +
        'y_train)`), "Score on the test split" renames the training part to the test part (`X_train` → ' +
        '`X_test`, `y_train` → `y_test`) in every evaluation of that fit and in the predictions they read ' +
        '(`train_pred = model.predict(X_train)`). It changes the reported numbers (to honest ones). A model fit ' +
        'on all the data gets no fix here: ML202 inserts a split when the project holds nothing out.',
    },
  },
  check({ unit, index, projectIndex, report }) {
    const facts = projectIndex.modelFlow(index);
    if (!facts) return;
    const lin = new Lineage();
    const done = new Set<number>();
    const byFit = new Map<unknown, typeof facts.evals>();
    for (const ev of facts.evals) {
      if (!ev.fit) continue;
      const list = byFit.get(ev.fit) ?? [];
      list.push(ev);
      byFit.set(ev.fit, list);
    }
    // What functions of other modules returned: a dict of parts keyed by name is one of them.
    const returned = new Set(facts.foreignCalls.map((c) => c.data));
    // Scored rows that are not (known to be) among the rows fit on.
    const otherRows = (fitData: DataNode, scored: DataNode) =>
      (!lin.contains(fitData, scored) && !stackedFrom(fitData, scored) && !partOf(fitData, scored)) ||
      otherEntries(fitData, scored, returned);
    // Rows fit on made from the scored held-out part (`pd.concat([X_train, X_test])`): they hold every scored row.
    const stackedFrom = (fitData: DataNode, scored: DataNode) =>
      scored.parts.length > 0 &&
      scored.parts.every((p) => p.kind !== 'train' && fitData.parts.includes(p)) &&
      lin.derivesFrom(fitData, scored);
    // A part of the scored rows fit on (`fit(X_train, ...)`, then a score on all of `X`): the score is partly on them.
    const partOf = (fitData: DataNode, scored: DataNode) =>
      isFull(scored) && hasPart(fitData, 'train') && lin.derivesFrom(fitData, scored);
    // The scores by the class of the model scored, made once when a refit is looked for.
    let byClass: Map<string, EvalEvent[]> | undefined;
    for (const ev of facts.evals) {
      const fit = ev.fit;
      if (!fit?.data || !ev.data || !isModel(ev.object) || done.has(fit.call.from)) continue;
      // Unsupervised models (outlier detectors, clusterers) are fit without a target and are meant to
      // score the very rows they were fit on.
      if (!fit.target) continue;
      if (otherRows(fit.data, ev.data)) {
        const again = splitAnew(unit, lin, fit.data, ev.data);
        if (again && !(byFit.get(fit) ?? []).some((o) => o.data && heldOutOf(o.data, again.first))) {
          done.add(fit.call.from);
          report({
            span: ev.span,
            message:
              `This scores the model on the held-out part of the split in ${placeOf(unit, again.second.span)}, ` +
              `but it was fit on the training part of another split of the same rows in ` +
              `${placeOf(unit, again.first.span)}, drawn differently. Most of these rows were among those it was ` +
              'fit on, so the score is optimistic.',
            related: [
              { range: unit.range(fit.call), message: 'The model is fit here.' },
              { range: unit.range(again.first.span), message: 'Its training rows come from this split.' },
              {
                range: unit.range(again.second.span),
                message: 'The scored rows come from this split of the same rows.',
              },
            ],
          });
        }
        continue;
      }
      // A search fit on everything and scored on a test part is ML103's case.
      if (ev.object.role === 'search' && isFull(fit.data) && (hasPart(ev.data, 'test') || hasPart(ev.data, 'val')))
        continue;
      const heldOut = (byFit.get(fit) ?? []).some((o) => o.data && otherRows(fit.data!, o.data));
      if (heldOut) continue;
      // Its predictions on a held-out part set against that part's labels by hand (`df["Residual"] = df["Target"] -
      // df["Prediction"]`, a table of differences): the held-out rows are looked at, the training score beside them.
      if (comparedOnHeldOut(facts, lin, fit)) continue;
      // A helper that fits and scores (`mse_for_degree(deg, X_tr, y_tr, X_eval, y_eval)`) called once on the training
      // rows and again on held-out rows: the training call is the column beside the others in a table of errors.
      if (
        fit.site &&
        facts.evals.some(
          (o) => o !== ev && o.span.from === ev.span.from && o.fit?.data && o.data && otherRows(o.fit.data, o.data),
        )
      )
        continue;
      // A loop that scores the training part and a held-out part in turn (`for name, X_, y_ in [("Train", X_train,
      // y_train), ("Test", X_test, y_test)]`): the training score is the column beside the held-out one.
      if (eachInTurn(ev.data).some((d) => otherRows(fit.data!, d))) continue;
      const partly = partOf(fit.data, ev.data) && !lin.contains(fit.data, ev.data);
      const stacked = stackedFrom(fit.data, ev.data) && !lin.contains(fit.data, ev.data);
      const same =
        !partly &&
        !stacked &&
        (ev.data === fit.data || !ev.data.parts.length || ev.data.parts.every((p) => fit.data!.parts.includes(p)));
      // A training score shown beside cross-validation of the same model or the same rows is the usual way to show
      // overfitting.
      if (same && facts.cvs.some((c) => c.estimator === ev.object || (c.data && lin.sameRows(c.data, fit.data!))))
        continue;
      // A score kept under a name that says it is the training score (`train_accuracy = ...`), of a model fit on the
      // training part of a split whose held-out part is set aside for a later step, is a training metric watched for
      // overfitting, not the model's reported performance.
      if (hasPart(fit.data, 'train') && namedTrainingMetric(unit, ev.span)) continue;
      // A first fit on the training part, looked at on those rows, then the same kind of model made again and fit
      // on the training rows of that split (columns dropped in between), the refit scored on its held-out part: the
      // number judged on new data is that one.
      if (same) {
        byClass ??= evalsByClass(facts);
        if (refitScoredHeldOut(byClass.get(ev.object.qualified) ?? [], ev, fit.data, otherRows)) continue;
      }
      // A score printed under a label that says it is the training score (`'RMSE train: %.3f' % ...`) is presented
      // as one: the reader is not told it measures the model on new data.
      if (printedAsTraining(unit, ev.span) || loggedAsTraining(unit, index.calls.calls, ev.span)) continue;
      // Each column regressed on the others in turn, a collinearity check written by hand (`for col in df.columns:
      // model.fit(df.drop(col, axis=1), df[col])`, then its R²): no target of the project is predicted.
      if (eachColumnOnTheOthers(unit, ev.loops, fit)) continue;
      done.add(fit.call.from);
      const fix = scoreOnTestFix(unit, fit, byFit.get(fit) ?? [ev]);
      report({
        fixes: fix ? [fix] : undefined,
        span: ev.span,
        message: partly
          ? `This scores the model on every row, and the rows it was fit on in ${placeOf(unit, fit.call)} are among ` +
            `them (\`${shortText(unit, fit.call.args[0] ?? fit.data.span, 30)}\`), so the score is optimistic.`
          : same
            ? `This scores the model on the rows it was fit on in ${placeOf(unit, fit.call)}. It measures memory ` +
              `rather than how the model does on new data.`
            : `This scores the model on rows it was fit on in ${placeOf(unit, fit.call)} ` +
              `(\`${shortText(unit, fit.call.args[0] ?? fit.data.span, 30)}\` still contained them), so the score is ` +
              `optimistic.`,
        related: [{ range: unit.range(fit.call), message: 'The model is fit here.' }],
      });
    }
  },
};

/**
 * The data a loop variable the scored rows come from is in turn (a few steps up their first parents, through the
 * predictions of a model), or none when they come from no such loop.
 */
function eachInTurn(n: DataNode): readonly DataNode[] {
  let cur: DataNode | undefined = n;
  for (let i = 0; cur && i < 6; i++) {
    if (cur.eachOf) return cur.eachOf;
    cur = cur.parents.find((p) => p.eachOf) ?? cur.parents[0];
  }
  return [];
}

/** The unit's scores by the class of the model scored. */
function evalsByClass(facts: FlowFacts): Map<string, EvalEvent[]> {
  const out = new Map<string, EvalEvent[]>();
  for (const e of facts.evals) {
    const list = out.get(e.object.qualified);
    if (list) list.push(e);
    else out.set(e.object.qualified, [e]);
  }
  return out;
}

/**
 * True when a later model of the same class as the one `ev` scores (among `sameClass`, the scores of that class) is fit
 * on the training part of a split that `fitData` is the training part of, and scored on a held-out part of that split.
 */
function refitScoredHeldOut(
  sameClass: readonly EvalEvent[],
  ev: EvalEvent,
  fitData: DataNode,
  otherRows: (fitData: DataNode, scored: DataNode) => boolean,
): boolean {
  const splits = new Set(fitData.parts.filter((p) => p.kind === 'train').map((p) => p.split));
  if (!splits.size) return false;
  return sameClass.some(
    (o) =>
      o.seq > ev.seq &&
      o.object !== ev.object &&
      !!o.fit?.data &&
      !!o.data &&
      o.fit.data.parts.some((p) => p.kind === 'train' && splits.has(p.split)) &&
      o.data.parts.some((p) => p.kind !== 'train' && splits.has(p.split)) &&
      otherRows(o.fit.data, o.data),
  );
}

/**
 * True when `a` and `b` are entries of one value that another module returned (`data = preprocess(path)`, then
 * `data["train_X"]` and `data["val_X"]`) under keys that name different parts: a dict of arrays, not one frame's
 * columns, so nothing says they hold the same rows.
 */
function otherEntries(a: DataNode, b: DataNode, returned: ReadonlySet<DataNode>): boolean {
  const ea = entryOf(a, returned);
  const eb = entryOf(b, returned);
  return !!ea && !!eb && ea.container === eb.container && ea.part !== eb.part;
}

/** The keyed entry `n` was picked from (a few steps up its first parents), with the part its key names. */
function entryOf(n: DataNode, returned: ReadonlySet<DataNode>): { container: DataNode; part: string } | undefined {
  let cur: DataNode | undefined = n;
  for (let i = 0; cur && i < 4; i++, cur = cur.parents[0]) {
    const container = cur.parents[0];
    if (cur.column === undefined || !container || !(container.source?.guessed || returned.has(container))) continue;
    const part = /(^|_)(train|training|val|valid|validation|dev|test|holdout)(_|$)/i
      .exec(cur.column)?.[2]
      .toLowerCase();
    return part ? { container, part: part.startsWith('val') || part === 'dev' ? 'val' : part } : undefined;
  }
  return undefined;
}

/** True when the score at `span` is assigned to a name that calls it a training score (`train_score`, `acc_train`). */
function namedTrainingMetric(unit: PythonUnit, span: { from: number; to: number }): boolean {
  const a = unit.outline.assigns.find((s) => s.value && s.value.from <= span.from && span.to <= s.value.to);
  return !!a?.targets.some((t) => TRAINING_NAME.test(dottedName(t) ?? ''));
}

const TRAINING_NAME =
  /(^|[._])(train|training)(_|$)|(^|_)(train|training)_?(acc|accuracy|score|loss|r2|rmse|mae|auc|f1)/i;

/** True when the line of the score at `span` holds a string that labels it a training score (`"RMSE train: %.3f"`). */
function printedAsTraining(unit: PythonUnit, span: { from: number; to: number }): boolean {
  const before = unit.text({ from: Math.max(0, span.from - 200), to: span.from });
  const after = unit.text({ from: span.to, to: span.to + 200 });
  const end = after.indexOf('\n');
  const line = before.slice(before.lastIndexOf('\n') + 1) + unit.text(span) + (end < 0 ? after : after.slice(0, end));
  return TRAINING_STRING.test(line);
}

/**
 * True when the score at `span` is kept in a name that a later call (`calls`, the unit's call sites) prints or logs
 * beside a training label (`logger.info("Training accuracy: %.4f", train_accuracy)`).
 */
function loggedAsTraining(unit: PythonUnit, calls: readonly CallSite[], span: { from: number; to: number }): boolean {
  const a = unit.outline.assigns.find((s) => s.value && s.value.from <= span.from && span.to <= s.value.to);
  const names = new Set(a?.targets.map((t) => dottedName(t)).filter((n): n is string => !!n));
  if (!names.size) return false;
  return calls.some(({ call }) => {
    if (call.from < span.to) return false;
    const args = [...call.args, ...call.keywords.map((k) => k.value)];
    return (
      args.some((x) => names.has(dottedName(x) ?? '')) &&
      args.some((x) => x.kind === 'Constant' && typeof x.value === 'string' && TRAINING_LABEL.test(x.value))
    );
  });
}

/** Words that say a number is measured on the training rows. */
const TRAINING_WORDS = 'train|training|in-sample';

/** A label that says a number is measured on the training rows. */
const TRAINING_LABEL = new RegExp(`\\b(${TRAINING_WORDS})\\b`, 'i');

/**
 * A string literal holding such a label, on one line; or a metric's key that is the label (`log_metric("train_r2",
 * ...)`, `"mae_train"`): the whole literal one word whose parts are set off by underscores, dots or dashes. A name in
 * an f-string's braces (`{accuracy_score(y_train, pred)}`) is code, not a label.
 */
const TRAINING_STRING = new RegExp(
  `(['"])[^'"\\n]*\\b(${TRAINING_WORDS})\\b[^'"\\n]*\\1` +
    `|(['"])(?:[a-z0-9]+[_.-])*(${TRAINING_WORDS})(?:[_.-][a-z0-9]+)*\\3`,
  'i',
);

/** Least squares, the model a collinearity check regresses each column with. */
const LEAST_SQUARES =
  /^(sklearn\.linear_model\.(_base\.)?LinearRegression|statsmodels\.(api|regression\.linear_model)\.OLS)$/;

/**
 * True when a least-squares fit in a loop over names (`for col in df.columns`) has that column as its target
 * (`df[col]`) and the frame without it as its rows (`df.drop(col, axis=1)`, `df.drop(columns=[col])`). A classifier
 * per column (one model per product to recommend) is a model, whose training scores say nothing of new rows.
 */
function eachColumnOnTheOthers(unit: PythonUnit, loops: readonly LoopContext[], fit: FitEvent): boolean {
  if (!fit.target || !fit.data || !LEAST_SQUARES.test(fit.object.qualified)) return false;
  const target = unit.text(fit.target.span);
  const rows = unit.text(fit.data.span);
  for (const loop of loops)
    for (const name of loop.names) {
      const picked = new RegExp(String.raw`\[\s*${name}\s*\]$`).test(target);
      const dropped = new RegExp(String.raw`\.drop\(\s*(?:columns\s*=\s*)?\[?\s*${name}\b`).test(rows);
      if (picked && dropped) return true;
    }
  return false;
}

/** True when `n` holds only rows of a held-out side of `split`. */
function heldOutOf(n: DataNode, split: SplitEvent): boolean {
  return n.parts.length > 0 && n.parts.every((p) => p.split === split && p.kind !== 'train');
}

/**
 * The two splits when a model fit on the training part of one random split (`train_test_split(X, y,
 * random_state=0)`) is scored on the held-out part of a second random split of the same rows drawn differently
 * (another or no `random_state`, another size): most of the scored rows were training rows of the first. Two
 * calls with the same seed and size draw the same parts, and are one split in effect.
 */
function splitAnew(
  unit: PythonUnit,
  lin: Lineage,
  fitData: DataNode,
  scored: DataNode,
): { first: SplitEvent; second: SplitEvent } | undefined {
  const firsts = new Set(fitData.parts.map((p) => p.split));
  const seconds = new Set(scored.parts.map((p) => p.split));
  if (firsts.size !== 1 || seconds.size !== 1) return undefined;
  const [first] = firsts;
  const [second] = seconds;
  if (first === second || !fitData.parts.every((p) => p.kind === 'train')) return undefined;
  if (!scored.parts.every((p) => p.kind !== 'train')) return undefined;
  if (first.kind !== 'holdout' || second.kind !== 'holdout' || !first.shuffled || !second.shuffled) return undefined;
  if (!first.call || !second.call || drawnAlike(unit, first.call, second.call)) return undefined;
  const rows = (s: SplitEvent) => s.inputs.map((i) => rowSource(i));
  const a = rows(first);
  if (
    !rows(second).some((r) => a.includes(r)) &&
    !second.inputs.some((i) => first.inputs.some((j) => lin.sameRows(i, j)))
  )
    return undefined;
  return { first, second };
}

/** True when two split calls draw the same parts: both seeded alike, with the same sizes. */
function drawnAlike(unit: PythonUnit, a: CallExpr, b: CallExpr): boolean {
  const kw = (c: CallExpr, name: string) => {
    const k = c.keywords.find((x) => x.name === name);
    return k ? unit.text(k.value).replace(/\s+/g, '') : undefined;
  };
  const seed = kw(a, 'random_state');
  if (seed === undefined || seed === 'None' || seed !== kw(b, 'random_state')) return false;
  return ['test_size', 'train_size', 'stratify'].every((k) => kw(a, k) === kw(b, k));
}

/**
 * True when the fit's predictions on a held-out part of a split and that part's labels (a split output its input rows
 * do not come from) meet in one value: the predictions are compared with the truth by hand.
 */
function comparedOnHeldOut(facts: FlowFacts, lin: Lineage, fit: FitEvent): boolean {
  const fitData = fit.data;
  if (!fitData) return false;
  const preds: DataNode[] = [];
  const inputs: DataNode[] = [];
  for (const n of facts.nodes) {
    const input = n.prediction?.fit === fit ? n.prediction.input : undefined;
    if (!input || !input.parts.some((p) => p.kind === 'test' || p.kind === 'val') || lin.contains(fitData, input))
      continue;
    preds.push(n);
    inputs.push(input);
  }
  if (!preds.length) return false;
  const labels = facts.nodes.filter(
    (n) =>
      (n.splitOutput?.kind === 'test' || n.splitOutput?.kind === 'val') && inputs.every((i) => !lin.derivesFrom(i, n)),
  );
  if (!labels.length) return false;
  // Only values made after the first prediction can be made from it (a node's parents always come before it).
  const first = Math.min(...preds.map((p) => p.seq));
  return facts.nodes.some(
    (n) =>
      n.seq > first && preds.some((p) => p !== n && lin.derivesFrom(n, p)) && labels.some((l) => lin.derivesFrom(n, l)),
  );
}
