// ML101: a transformer that learns statistics (scaler, imputer, PCA, vectoriser, selector, target encoder)
// is fit on rows that later end up in the test side of a split or in cross-validation folds.
import type { FitEvent, FlowFacts, SplitEvent } from '../flow/facts';
import { Lineage, isFull, learnsFromRows, modelFlowOf, runOrderNote, shortName, undoesConcat } from '../flow/queries';
import type { UnitRule } from './rule';
import { fitAfterSplitFix } from '../fixes/fitAfterSplit';

type Transform = FlowFacts['transforms'][number];

/** Finds the split that the rows this fit learned from end up in, if any. */
function leakingSplit(fit: FitEvent, splits: readonly SplitEvent[], transforms: ReadonlyArray<Transform>, lin: Lineage): SplitEvent | undefined {
  const data = fit.data!;
  const outputs = transforms.map((t) => t.output);
  if (!outputs.length) return undefined;
  // The transformed full data flows into a split or into cross-validation.
  for (const s of splits) {
    if (undoesConcat(s, lin)) continue;
    if (s.inputs.some((i) => outputs.some((o) => lin.derivesFrom(i, o)))) return s;
  }
  // Or the data was split (before or after), and this fit is then applied to one of the sides.
  for (const t of transforms) {
    if (!t.input) continue;
    for (const p of t.input.parts) {
      if (p.split.kind === 'cv' || undoesConcat(p.split, lin)) continue;
      if (p.split.inputs.some((i) => lin.related(i, data) || lin.sameRows(i, data))) return p.split;
    }
  }
  return undefined;
}

/** ML101 preprocessing-leakage. */
export const preprocessingLeakage: UnitRule = {
  scope: 'unit',
  meta: {
    code: 'ML101',
    name: 'preprocessing-leakage',
    title: 'Preprocessing fit on data that includes the test rows',
    category: 'leakage',
    level: 2,
    defaultSeverity: 'warning',
    fix: 'unsafe',
    affects: ['L2.heldout-evaluation'],
    docs: {
      whatItDoes:
        'Finds a scaler, imputer, encoder that learns from the target, vectoriser, PCA or feature selector that is fit on all rows, when those rows are afterwards split into train and test, or passed to cross-validation outside a pipeline.',
      whyBad:
        'The transformer learns means, variances, vocabularies or selected features from the test rows too. The model then meets test data that is not really new, and the test score is better than what the model will do in production. Yang et al. found this kind of leakage in a large share of public notebooks.',
      example: [
        '```python',
        'scaler = StandardScaler()',
        'X = scaler.fit_transform(X)          # learns from every row',
        'X_train, X_test, y_train, y_test = train_test_split(X, y)',
        '```',
      ].join('\n'),
      useInstead: [
        '```python',
        'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
        'model = make_pipeline(StandardScaler(), LogisticRegression())',
        'model.fit(X_train, y_train)         # the scaler only sees training rows',
        'print(model.score(X_test, y_test))',
        '```',
        'With cross-validation, pass the pipeline to `cross_val_score` so each fold fits its own scaler.',
      ].join('\n'),
      fixSafety:
        'Unsafe. "Fit on the training split" applies to the common shape `X = scaler.fit_transform(X)` followed by `train_test_split(X, ...)` (the output read by nothing but the split): it removes the fit line, splits the untransformed rows, and adds `X_train = scaler.fit_transform(X_train)` and `X_test = scaler.transform(X_test)` after the split. The test score changes (to an honest one). Other shapes (cross-validation on transformed rows, fits inside functions) get no automatic fix: put the transformer and the model in one `Pipeline` and pass it to `cross_val_score` or `GridSearchCV`.',
    },
  },
  check({ unit, memo, report }) {
    const facts = modelFlowOf(unit, memo);
    if (!facts) return;
    const lin = new Lineage();
    const done = new Set<number>();
    const byFit = new Map<FitEvent, Transform[]>();
    for (const t of facts.transforms) {
      const list = byFit.get(t.fit) ?? [];
      list.push(t);
      byFit.set(t.fit, list);
    }
    for (const fit of facts.fits) {
      if (done.has(fit.call.from) || !learnsFromRows(fit.object) || !isFull(fit.data)) continue;
      if (fit.method !== 'fit' && fit.method !== 'fit_transform' && fit.method !== 'partial_fit') continue;
      const split = leakingSplit(fit, facts.splits, byFit.get(fit) ?? [], lin);
      if (!split) continue;
      done.add(fit.call.from);
      const what = shortName(fit.object.qualified);
      const cv = split.kind === 'cv';
      const related = [{ range: unit.range(split.span), message: cv ? 'Cross-validation runs here, on the already transformed rows.' : 'The rows are split here.' }];
      const note = runOrderNote(unit, fit.call, split.span);
      if (note) related.push(note);
      const fix = split.kind === 'holdout' ? fitAfterSplitFix(unit, fit, split) : undefined;
      report({
        fixes: fix ? [fix] : undefined,
        span: fit.call,
        message: cv
          ? `\`${what}\` is fit on all rows and its output goes into cross-validation, so every validation fold has already shaped the transform and the CV score is optimistic.`
          : split.seq > fit.seq
            ? `\`${what}\` is fit on all rows before they are split, so what it learns includes the test rows and the test score will look better than it should.`
            : `\`${what}\` is fit on all rows, including the ones held out for testing, so what it learns includes the test rows and the test score will look better than it should.`,
        related,
      });
    }
  },
};

