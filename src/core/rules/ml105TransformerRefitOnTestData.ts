// ML105: a transformer fit (again) on the test or validation part, so held-out rows are transformed by
// their own statistics rather than by the training ones.
import type { Fix } from '../model/findings';
import type { DataNode, FitEvent, FlowFacts, PartMark, SplitEvent, StatUse } from '../flow/facts';
import {
  Lineage,
  categoriesGiven,
  hasPart,
  isClusterer,
  isModel,
  partsOrigin,
  picksColumns,
  placeOf,
  shortName,
  vocabularyOnly,
} from '../flow/queries';
import type { Stmt } from '../python/ast';
import type { PythonUnit } from '../python/unit';
import { eachStmtExpr, walkExpr } from '../python/walk';
import { findPrediction, onlyTestFileRows, onlyTrainFileRows } from '../flow/lineage';
import { statementAt } from '../fixes/source';
import type { UnitRule } from './rule';

/** Transformers that learn nothing from rows: fitting them anywhere is harmless. */
const STATELESS = new Set([
  'FunctionTransformer',
  'PolynomialFeatures',
  'Binarizer',
  'Normalizer',
  'HashingVectorizer',
  'FeatureHasher',
]);

/** `fit_transform` → `transform` when the same object was already fit on training rows. */
function useTransformFix(unit: PythonUnit, fit: FitEvent, earlier: FitEvent | undefined): Fix | undefined {
  if (!earlier || fit.method !== 'fit_transform' || fit.call.func.kind !== 'Attribute') return undefined;
  const end = fit.call.func.to;
  const start = end - 'fit_transform'.length;
  if (unit.text({ from: start, to: end }) !== 'fit_transform') return undefined;
  return {
    title: 'Use the transform fit on the training data (transform instead of fit_transform)',
    isPreferred: true,
    safety: 'unsafe',
    edits: [{ range: unit.range({ from: start, to: end }), newText: 'transform' }],
  };
}

/** ML105 transformer-refit-on-test-data. */
export const transformerRefitOnTestData: UnitRule = {
  scope: 'unit',
  meta: {
    code: 'ML105',
    name: 'transformer-refit-on-test-data',
    title: 'Preprocessing fit on the test data',
    category: 'evaluation',
    level: 1,
    defaultSeverity: 'info',
    fix: 'unsafe',
    affects: ['L2.heldout-evaluation'],
    docs: {
      whatItDoes:
        'Finds a scaler, encoder, imputer, vectoriser or similar transformer that is fit on the test (or ' +
        'validation) part of a split, typically `scaler.fit_transform(X_test)` after ' +
        '`scaler.fit_transform(X_train)`; and the same done by hand: gaps of the test part filled with its own ' +
        'median or mean (`X_test.fillna(X_test.median())`), or the test part standardised with its own mean and ' +
        'standard deviation, before the model is scored on it; also inside a function of another module that ' +
        'makes and fits a new transformer each time it is called, called once with the training part and once with ' +
        'the test part (`scale(X_train)`, `scale(X_test)`). The test part may be held by an instance of another ' +
        "module's class that split the rows (`data.X_test`). It may also be rows read from a file " +
        "named as the test split (`test.csv`) when the same object was fit on a training file's rows first and the " +
        "test file's rows are then scored; a competition's test file that is only predicted for a submission stays " +
        'quiet, and so does an encoder handed every category it codes, written out ' +
        '(`OrdinalEncoder(categories=[["S", "M", "L"]])`), which codes every part alike. A `LabelEncoder` fit ' +
        'again on the held-out labels ' +
        'alone stays quiet: it codes the sorted class list, the same codes as on the training part. At prediction ' +
        'time, a new transformer fit on the very rows a model loaded from a file then predicts (an uploaded file ' +
        'scaled by its own minimum and maximum in an app) is reported too; one fit on a training file when the ' +
        'service starts, or loaded beside the model, is not.',
      whyBad:
        'The model learned on features scaled or encoded with the training statistics. Refitting on the test rows ' +
        'scales them with their own statistics (or encodes categories with a different mapping), so the model ' +
        'sees the test data differently from how it was trained, and the score measures that mismatch as well ' +
        'as the model.',
      example: [
        '```python',
        'X_train = scaler.fit_transform(X_train)',
        'X_test = scaler.fit_transform(X_test)',
        '```',
      ].join('\n'),
      useInstead: [
        '```python',
        'X_train = scaler.fit_transform(X_train)',
        'X_test = scaler.transform(X_test)',
        '```',
        'Or put the scaler and the model in one `Pipeline`.',
      ].join('\n'),
      fixSafety:
        'Unsafe. When the same object was fit on training rows before, the fix replaces `fit_transform` with ' +
        '`transform`. It changes the test features (to the correct ones), so it is marked unsafe.',
    },
  },
  check({ unit, index, projectIndex, report }) {
    const facts = projectIndex.modelFlow(index);
    if (!facts) return;
    const done = new Set<number>();
    for (const fit of facts.fits) {
      const o = fit.object;
      if (!learnsFromRows(fit) || done.has(fit.call.from)) continue;
      if (fit.method !== 'fit' && fit.method !== 'fit_transform' && fit.method !== 'fit_predict') continue;
      const data = fit.data;
      if (!data) continue;
      // The same object fit on a training file's rows, then again on a test file's (`scaler.fit_transform(train)`,
      // then `scaler.fit_transform(test)`), whose rows are then scored: they are scaled or coded on their own. A
      // competition's test file, never scored, changes only the submission.
      const fromFile = !data.parts.length && onlyTestFileRows(data) && scoredAfter(facts, fit);
      const trainedOnFile = fromFile
        ? facts.fits.filter((f) => f.object === o && f.seq < fit.seq && f.data && onlyTrainFileRows(f.data)).pop()
        : undefined;
      if (!heldOutOnly(data) && !trainedOnFile) continue;
      // Missing values filled in a model's predicted probabilities before a curve is drawn: the predictions are not
      // the features any model meets.
      if (findPrediction(data)) continue;
      // A clusterer run on the test part to look at its clusters transforms nothing a model meets.
      if (isClusterer(o) && !reachesModelInputs(facts, fit)) continue;
      // A LabelEncoder fit again on the held-out labels codes the sorted class list, the training part's codes when
      // the part holds every class; only a feature column it codes (a category missing there shifts the others)
      // changes what the model meets.
      if (shortName(o.qualified) === 'LabelEncoder' && !reachesModelInputs(facts, fit)) continue;
      done.add(fit.call.from);
      if (trainedOnFile) {
        const fileFix = useTransformFix(unit, fit, trainedOnFile);
        report({
          span: fit.call,
          message:
            `\`${shortName(o.qualified)}\` is fit again on rows read from the test file, after it was fit on the ` +
            `training file's rows. Those rows are transformed with their own statistics instead of the training ` +
            `ones, so the model meets them differently from how it learned.`,
          related: [
            { range: unit.range(trainedOnFile.call), message: 'It was already fit on the training rows here.' },
          ],
          fixes: fileFix ? [fileFix] : undefined,
        });
        continue;
      }
      const earlier = facts.fits.filter((f) => f.object === o && f.seq < fit.seq && hasPart(f.data, 'train')).pop();
      const held = latestParts(data).find((p) => p.kind !== 'train')!;
      const side = held.kind === 'test' ? 'test' : 'validation';
      const fix = useTransformFix(unit, fit, earlier);
      report({
        span: fit.call,
        message:
          `\`${shortName(o.qualified)}\` is fit again on the ${side} part ${partsOrigin(unit, held.split)}. ` +
          `Those rows are transformed with their own statistics instead of the training ones, so the model meets ` +
          `them differently from how it learned.`,
        related: earlier
          ? [{ range: unit.range(earlier.call), message: 'It was already fit on the training data here.' }]
          : undefined,
        fixes: fix ? [fix] : undefined,
      });
    }
    const lin = new Lineage();
    // A transformer fit on the very rows a model trained elsewhere (loaded from a file) then predicts: the new rows
    // are scaled or coded by their own statistics (one uploaded file, a single input row), not by those the model
    // learned with.
    for (const n of facts.nodes) {
      const p = n.prediction;
      if (!p?.input || p.fit || !isModel(p.object) || p.input.parts.length) continue;
      const fit = facts.fits.find(
        (f) =>
          !done.has(f.call.from) &&
          f.data &&
          !f.data.parts.length &&
          learnsFromRows(f) &&
          (f.method === 'fit' || f.method === 'fit_transform') &&
          // The very rows fit on, not some of them (the last days of a history the model was trained on).
          lin.sameRows(p.input!, f.data) &&
          facts.transforms.some((t) => t.fit === f && lin.derivesFrom(p.input!, t.output)) &&
          // Not after a model is trained here (a network trained, saved and loaded back in one notebook).
          !facts.fits.some((m) => isModel(m.object) && m.call.from < n.span.from),
      );
      if (!fit) continue;
      done.add(fit.call.from);
      report({
        span: fit.call,
        message:
          `\`${shortName(fit.object.qualified)}\` is fit on the rows the model then predicts in ` +
          `${placeOf(unit, n.span)}, a model trained elsewhere. Those rows are transformed with their own statistics ` +
          'instead of the ones it was trained with, so it meets them differently from how it learned.',
        related: [{ range: unit.range(n.span), message: 'The model predicts the rows here.' }],
        // A serving flaw: the held-out evaluation of the project stands.
        affects: [],
      });
    }
    // The held-out part filled column after column (a median here, a mode for the categories there) is one leak.
    const refilled = new Set<string>();
    for (const u of facts.statUses) {
      const held = refilledPart(unit, facts, lin, u);
      if (!held) continue;
      const key = `${held.split.id}:${u.site?.from ?? ''}`;
      if (refilled.has(key)) continue;
      refilled.add(key);
      const side = held.kind === 'test' ? 'test' : 'validation';
      const how = FILL.test(unit.text(u.span)) ? 'fills its gaps' : 'standardises it';
      report({
        span: u.site ?? u.span,
        message:
          `The ${u.stat.method} of the ${side} part ${partsOrigin(unit, held.split)} ${how}. ` +
          `Those rows are prepared with their own statistics instead of the training ones, so the model meets ` +
          `them differently from how it learned.`,
        related: u.site ? [{ range: unit.range(u.stat.span), message: 'The statistic is taken here.' }] : undefined,
      });
    }
  },
};

/**
 * True for a fit of a transformer that learns from the rows it is fit on: not a model, not a stateless transformer
 * (`PolynomialFeatures`), not an encoder handed every category it codes (`OrdinalEncoder(categories=[["low",
 * "high"]])`, which codes the held-out rows as it codes the training rows wherever it is fit).
 */
function learnsFromRows(fit: FitEvent): boolean {
  const o = fit.object;
  if (o.role !== 'transformer' && o.role !== 'column-transformer' && o.role !== 'pipeline') return false;
  if (o.role === 'pipeline' && !o.inner.every((i) => i.role === 'transformer' || i.role === 'column-transformer'))
    return false;
  return !STATELESS.has(shortName(o.qualified)) && !(vocabularyOnly(o) && categoriesGiven(o));
}

/** Statistics that describe a column's values: a held-out part filled or standardised with its own is refit on it. */
const COLUMN_SUMMARIES = new Set(['mean', 'median', 'mode', 'std', 'var', 'nanmean', 'nanmedian', 'nanstd']);
const FILL = /\.fillna\(|\.replace\(/;

/**
 * The held-out part `u` fills the gaps of (or standardises) with a summary of its own rows, when the
 * result reaches what a model is scored on or predicts, or is returned to the file that split it:
 * `X_test.fillna(X_test.median())` after the split. A test file loaded on its own (a competition's unlabelled rows)
 * is no part of a split and stays quiet.
 */
function refilledPart(unit: PythonUnit, facts: FlowFacts, lin: Lineage, u: StatUse): PartMark | undefined {
  const st = u.stat;
  if (st.kind !== 'summary' || !COLUMN_SUMMARIES.has(st.method) || u.rowFilter) return undefined;
  if (!heldOutOnly(st.input) || !heldOutOnly(u.output)) return undefined;
  const held = latestParts(st.input).find((p) => p.kind !== 'train')!;
  // Folds of a cross-validation loop (out-of-fold encodings stacked back into every row) and a competition's test
  // file taken back off the training rows it was stacked on (no labels, no score) are not a scored test part.
  if (held.split.kind === 'cv' || held.split.rejoin) return undefined;
  const text = unit.text(u.span);
  if (picksColumns(st.kind, st.method, text)) return undefined;
  // Taken only when no value is handed in (`frame.age.median() if age_median is None else age_median`): the class
  // given the training part's median uses that one on the test part.
  const taken = statementAt(unit, st.span);
  if (taken && hasConditional(taken)) return undefined;
  if (!FILL.test(text) && !/[-/]/.test(text)) return undefined;
  const features = [
    ...facts.evals.map((e) => e.data),
    ...facts.nodes.filter((n) => n.prediction).map((n) => n.prediction!.input),
  ];
  if (features.some((d) => !!d && lin.derivesFrom(d, u.output))) return held;
  // The filled held-out rows a function returns go back to the file that split them, to be scored there. Only fills:
  // a score computed and returned by a helper subtracts a mean too (a hand-written R² on the test labels).
  return FILL.test(text) && facts.returns.some((r) => !!r.data && lin.derivesFrom(r.data, u.output)) ? held : undefined;
}

/** The split marks of `data` from the last split its rows went through (a fold of a training part: the fold's). */
function latestParts(data: DataNode): PartMark[] {
  let last: SplitEvent | undefined;
  for (const p of data.parts) if (!last || p.split.seq > last.seq) last = p.split;
  return data.parts.filter((p) => p.split === last);
}

/** True when a model is scored on what `fit` transformed (the refit test rows are what the score measures). */
function scoredAfter(facts: FlowFacts, fit: FitEvent): boolean {
  const lin = new Lineage();
  const outputs = facts.transforms.filter((t) => t.fit === fit).map((t) => t.output);
  return facts.evals.some((e) => !!e.data && outputs.some((o) => lin.derivesFrom(e.data!, o)));
}

/**
 * True when `data` holds only held-out rows of the last split it went through: the test or validation part, or a
 * validation fold of a training part (the fold is held out from the model fit on the other folds).
 */
function heldOutOnly(data: DataNode): boolean {
  const parts = latestParts(data);
  return parts.length > 0 && parts.every((p) => p.kind === 'test' || p.kind === 'val');
}

/**
 * True when what a fit transformed (a clusterer's labels, a column's codes) is in the data a model is fit on, scored
 * on or predicts.
 */
function reachesModelInputs(facts: FlowFacts, fit: FitEvent): boolean {
  const lin = new Lineage();
  const outputs = facts.transforms.filter((t) => t.fit === fit).map((t) => t.output);
  const used = [
    ...facts.fits.filter((f) => isModel(f.object)).map((f) => f.data),
    ...facts.evals.map((e) => e.data),
    ...facts.nodes.filter((n) => n.prediction).map((n) => n.prediction!.input),
  ];
  return used.some((d) => !!d && outputs.some((o) => lin.derivesFrom(d, o)));
}

/** True when the statement holds a conditional expression (`a if test else b`). */
function hasConditional(stmt: Stmt): boolean {
  let found = false;
  eachStmtExpr(stmt, (e) =>
    walkExpr(e, (x) => {
      if (x.kind === 'Conditional') found = true;
      return !found;
    }),
  );
  return found;
}
