// ML101: a transformer that learns statistics (scaler, imputer, PCA, vectoriser, selector, target encoder)
// is fit on rows that later end up in the test side of a split or in cross-validation folds.
import type { DataNode, FitEvent, FlowFacts, MlObject, SplitEvent, StatEvent } from '../flow/facts';
import {
  Lineage,
  columnOf,
  fromSeparateLoads,
  hasPart,
  concatConsumer,
  isClusterer,
  isImputer,
  isFull,
  isModel,
  learnsFromRows,
  leavesTheFile,
  picksColumns,
  picksFromRows,
  placeOf,
  shortName,
  elsewhereRelated,
  foldScoresRead,
  splitLater,
  onlyTrainingPart,
  splitElsewhere,
  splitFedBy,
  splitNote,
  splitPlace,
  holdsOutNothing,
} from '../flow/queries';
import { heldOutNeverScored, readsRecordedScores } from '../flow/selection';
import { OPAQUE_LOADERS } from '../libraries/dataFlow';
import { isKerasTuner } from '../libraries/tuning';
import type { Fix, RelatedLocation } from '../model/findings';
import type { CallExpr, Span } from '../python/ast';
import type { PythonUnit } from '../python/unit';
import type { Report, UnitRule } from './rule';
import { fitAfterSplitFix } from '../fixes/fitAfterSplit';
import { wrapInPipelineFix } from '../fixes/wrapInPipeline';

type Transform = FlowFacts['transforms'][number];

/** Finds the split that the rows this fit learned from end up in, if any. */
function leakingSplit(
  fit: FitEvent,
  splits: readonly SplitEvent[],
  transforms: ReadonlyArray<Transform>,
  all: ReadonlyArray<Transform>,
  lin: Lineage,
): SplitEvent | undefined {
  const data = fit.data!;
  const outputs = transforms.map((t) => t.output);
  if (!outputs.length) return undefined;
  // The transformed full data flows into a split or into cross-validation. Clusters taken as the labels to
  // predict (the last array a holdout split is given) define the classes: no feature learnt from the test rows.
  // The same for the clusters of a clusterer fit on this fit's output (a scaler's rows clustered into the classes).
  const clusters = isClusterer(fit.object) ? [] : clustersOf(all, outputs, lin);
  const labelsOnly = (labels: DataNode) =>
    isClusterer(fit.object) || clusters.some((c) => lin.derivesFrom(labels, c.output));
  for (const s of splits) {
    if (holdsOutNothing(s, lin)) continue;
    const inputs =
      s.kind === 'holdout' && s.inputs.length >= 2 && labelsOnly(s.inputs.at(-1)!) ? s.inputs.slice(0, -1) : s.inputs;
    if (inputs.some((i) => outputs.some((o) => lin.derivesFrom(i, o)))) return s;
  }
  // Or the data was split (before or after), and this fit is then applied to one of the sides.
  for (const t of transforms) {
    if (!t.input) continue;
    for (const p of t.input.parts) {
      if (p.split.kind === 'cv' || holdsOutNothing(p.split, lin)) continue;
      if (p.split.inputs.some((i) => lin.related(i, data) || lin.sameRows(i, data))) return p.split;
    }
  }
  return undefined;
}

/** The clusters (`labels_`, `fit_predict`) of clusterers fit on what `outputs` became. */
function clustersOf(all: ReadonlyArray<Transform>, outputs: readonly DataNode[], lin: Lineage): Transform[] {
  return all.filter((t) => {
    const data = t.fit.data;
    return !!data && isClusterer(t.fit.object) && outputs.some((o) => lin.derivesFrom(data, o));
  });
}

/** Scalers that shift and stretch each column on its own: the order of every column's values stays as it was. */
const AFFINE_SCALER = new RegExp(
  String.raw`^sklearn\.preprocessing\.(_data\.)?(StandardScaler|MinMaxScaler|MaxAbsScaler|RobustScaler|scale` +
    '|minmax_scale|maxabs_scale|robust_scale)$',
);

/** Models made of decision trees: each split compares a column with a threshold, so only the order of values counts. */
const TREE_MODEL = new RegExp(
  String.raw`^(sklearn\.(tree|ensemble)\.(DecisionTree|ExtraTree|RandomForest|ExtraTrees|GradientBoosting` +
    String.raw`|HistGradientBoosting)\w*|xgboost\.XGB\w+|lightgbm\.LGBM\w+|catboost\.CatBoost\w+)$`,
);

/**
 * True when a fit's validation score decides something: a callback that watches it (early stopping, the best
 * checkpoint, a learning-rate schedule), or callbacks the flow cannot resolve.
 */
function choosesByValidation(f: FitEvent): boolean {
  // A Keras Tuner's search keeps the candidate that scores best on the validation rows.
  if (isKerasTuner(f.object.qualified)) return true;
  return f.callbacks.some((c) => c.role === 'callback') || (f.keywords.has('callbacks') && f.callbacks.length === 0);
}

/** Why a scaler fit on held-out rows too is milder when only trees learn from it. */
const TREES_ONLY =
  'Only tree models learn from the scaled columns here, and scaling keeps the order of values they split on, so no ' +
  'score changes yet; a model of any other kind would learn from those rows.';

/** The same when plain least squares learns from it too. */
const SCALE_FREE =
  'Only trees and plain linear regression learn from the scaled columns here, and shifting or stretching a column ' +
  'changes none of their predictions, so no score changes yet; a model of any other kind would learn from those rows.';

/** The same when plain least squares alone learns from it. */
const LEAST_SQUARES_ONLY =
  'Only plain linear regression learns from the scaled columns here, and shifting or stretching a column changes ' +
  'none of its predictions, so no score changes yet; a model of any other kind would learn from those rows.';

/** Ordinary least squares with its intercept: a column shifted and stretched gets another coefficient, same fit. */
const LINEAR_REGRESSION = /^sklearn\.linear_model\.(_base\.)?LinearRegression$/;

/**
 * Why a scaler's fit changes no score when every model that learns from the transformed rows (fit, searched or
 * cross-validated on them) is made of decision trees or is plain least squares: a scaler that only shifts and stretches
 * each column leaves every prediction and score as it would be without it, whatever it learned from the test rows.
 */
function scaleFreeLearners(
  fit: FitEvent,
  facts: FlowFacts,
  lin: Lineage,
  outputs: readonly DataNode[],
): string | undefined {
  if (!AFFINE_SCALER.test(fit.object.qualified)) return undefined;
  const fed = (d: DataNode | undefined): boolean => !!d && outputs.some((o) => lin.derivesFrom(d, o));
  const learners = learnersOf(facts, fed);
  if (!learners.some(isModel)) return undefined;
  // Models made but followed no further (the second of `for m in (forest, logreg): m.fit(...)`) may learn from them.
  const followed = new Set<MlObject>(facts.objects.flatMap((o) => o.inner));
  for (const f of facts.fits) followed.add(f.object);
  for (const c of facts.cvs) if (c.estimator) followed.add(c.estimator);
  return scaleFree([...learners, ...facts.objects.filter((o) => madeHere(o) && !followed.has(o))]);
}

/**
 * The same for every model another file trains, searches or cross-validates (and every transformer it fits in
 * between): the file the scaled rows are handed to, whose own rows the pass does not tell apart.
 */
function scaleFreeIn(facts: FlowFacts): string | undefined {
  // Models made but followed no further (the second of `for m in (forest, logreg): m.fit(...)`) may learn from them.
  const learners = learnersOf(facts, (d) => !!d);
  return learners.some(isModel) ? scaleFree([...learners, ...facts.objects.filter(madeHere)]) : undefined;
}

/** A model made in the unit: one read back from a pickle (`joblib.load`) was fit elsewhere and learns nothing here. */
function madeHere(o: MlObject): boolean {
  return isModel(o) && !OPAQUE_LOADERS.has(o.qualified);
}

/** The learners of what `fed` accepts (transformers too: a PCA learns from the scale). */
function learnersOf(facts: FlowFacts, fed: (d: DataNode | undefined) => boolean): MlObject[] {
  const learners: MlObject[] = [];
  // Every fit on the scaled rows or on what is made of them, transformers too: a PCA or a clusterer in between
  // learns from the scale, and the trees after it learn from what the test rows shaped.
  for (const f of facts.fits) if (fed(f.data) && !AFFINE_SCALER.test(f.object.qualified)) learners.push(f.object);
  for (const c of facts.cvs) if (c.estimator && fed(c.data)) learners.push(c.estimator);
  return learners;
}

/** Why these learners make a scaler's fit harmless, when they are models that no shift or stretch changes. */
function scaleFree(learners: readonly MlObject[]): string | undefined {
  if (!learners.some(isModel)) return undefined;
  if (learners.every((m) => isScaleFree(m, false))) return TREES_ONLY;
  if (!learners.every((m) => isScaleFree(m, true))) return undefined;
  return learners.some((m) => isScaleFree(m, false)) ? SCALE_FREE : LEAST_SQUARES_ONLY;
}

/** A model made of decision trees (or, with `leastSquares`, plain linear regression), or a search over such only. */
function isScaleFree(m: MlObject, leastSquares: boolean): boolean {
  if (TREE_MODEL.test(m.qualified)) return true;
  if (leastSquares && LINEAR_REGRESSION.test(m.qualified) && !m.call.keywords.some((k) => k.name === 'fit_intercept'))
    return true;
  return m.role === 'search' && m.inner.length > 0 && m.inner.every((i) => isScaleFree(i, leastSquares));
}

/** What picks the columns, as a message's subject: a model's scores, variances or a correlation matrix of `rows`. */
function pickedBy(st: StatEvent, rows = 'all rows'): string {
  if (st.kind === 'selection')
    return st.fit ? `\`${st.method}\` of a model fit on ${rows}` : `\`${st.method}\` over ${rows}`;
  return st.method === 'var' ? `The variances of ${rows}` : `A correlation matrix of ${rows}`;
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
        'Finds a scaler, imputer, encoder that learns from the target, vectoriser, PCA or feature selector ' +
        "(`SelectKBest`, `RFE`, `SelectFromModel`, or columns kept by a model's coefficients, a correlation " +
        'matrix, variances or univariate scores such as `mutual_info_classif(X, y)`) that is fit on all rows, when ' +
        'those rows are afterwards split into train and test (also a PyTorch `Dataset` written for the project ' +
        'whose constructor scales every row it reads, then `random_split`), ' +
        'or passed to cross-validation outside a pipeline (including an estimator that cross-validates inside its ' +
        'own fit: `LassoCV`, `LogisticRegressionCV`, `RFECV`). Also the function forms (`preprocessing.scale`, ' +
        '`minmax_scale`, `robust_scale`, `normalize(..., axis=0)`), a fit on train and test files concatenated ' +
        'before they are taken apart again, a fit on the whole training part before it is split again into fit ' +
        'and validation parts (also by `validation_split=` when a callback keeps or stops on that score, or a Keras ' +
        "Tuner's search picks by it), or " +
        'cross-validated by `cross_val_score`, a hand-written fold loop or a search whose best fold score is read ' +
        '(`best_score_`; a search such as `GridSearchCV` that only picks a setting, with the test split judging ' +
        'the model, is not reported), ' +
        "columns kept by a model's importances or coefficients, or a selector's scores, on the whole training part " +
        'before it is split again or cross-validated the same way (or before every row is split anew), ' +
        "a fit in one notebook whose output another notebook or script reads and splits (or, in a module's " +
        "function or a method of a module's class, returns to a script that imports it and splits; for a fit on the " +
        'training part, splits again ' +
        "or cross-validates reading the fold scores), columns a selector's scores pick that leave the file the " +
        'same way, and a clusterer ' +
        '(`KMeans`) fit on all rows whose cluster labels (`labels_`, `fit_predict`) become a feature: a milder, ' +
        'unsupervised form, as the centres were placed with the test rows. Clusters that become the labels to ' +
        "predict (customer segments), of a clusterer fit on all rows or on a scaler's output over all rows, define " +
        'the classes and are not reported. A scaler that only shifts and stretches ' +
        'each column (`StandardScaler`, `MinMaxScaler`, `RobustScaler`, `MaxAbsScaler`, `scale`) whose output only ' +
        'tree models learn from (forests, gradient boosting, XGBoost, LightGBM, CatBoost) changes no score, as a ' +
        'tree splits on the order of values, and neither does one that plain linear regression learns from (least ' +
        'squares with its intercept fits a shifted and stretched column with another coefficient): it is reported ' +
        'one severity lower, as information; before cross-validation, only the models cross-validated count. ' +
        'Held-out rows that ' +
        'are only seen ' +
        'stopping fits that print nothing, and are never scored, predicted on or written out (the folds of an ' +
        'averaged ensemble), make no score optimistic: that split is not reported; nor is a split whose held-out ' +
        'parts are discarded (`X_train, _, y_train, _ = train_test_split(...)`) in a file that scores nothing; ' +
        'nor an imputer that fills every gap with a constant (`SimpleImputer(strategy="constant")`), which learns ' +
        'nothing from the rows.',
      whyBad:
        'The transformer learns means, variances, vocabularies or selected features from the test rows too. The ' +
        'model then meets test data that is not really new, and the test score is better than what the model will ' +
        'do in production. Yang et al. found this kind of leakage in a large share of public notebooks.',
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
        'Unsafe. "Fit on the training split" applies to the common shape `X = scaler.fit_transform(X)` followed ' +
        'by `train_test_split(X, ...)` (the output read by nothing but the split): it removes the fit line, ' +
        'splits the untransformed rows, and adds `X_train = scaler.fit_transform(X_train)` and `X_test = ' +
        'scaler.transform(X_test)` after the split. The test score changes (to an honest one). "Wrap in a ' +
        'Pipeline" applies to `X_s = scaler.fit_transform(X)` (or `StandardScaler().fit_transform(X)`) whose ' +
        'output is read by nothing but `cross_val_score`, `cross_validate` or `cross_val_predict`: it removes the ' +
        'fit line, passes `make_pipeline(scaler, model)` and the untransformed `X` instead, and adds `from ' +
        'sklearn.pipeline import make_pipeline` after the last import when it is missing, so each fold fits its ' +
        'own transformer. The cross-validation scores change (to honest ones). Other shapes (a search such as ' +
        '`GridSearchCV`, whose parameter names would need the step prefix, a transformer used again later, fits ' +
        'inside functions) get no automatic fix: put the transformer and the model in one `Pipeline` and pass it ' +
        'to the search, prefixing its parameter names with the step name (`logisticregression__C`).',
    },
  },
  check({ unit, index, projectIndex, report: emit }) {
    const facts = projectIndex.modelFlow(index);
    if (!facts) return;
    // The lines already reported: a fit reported there is not reported again for the columns it picks.
    const reportedLines = new Set<string>();
    const lineOf = (span: Span) => {
      const r = unit.range(span);
      return `${r.cell ?? ''}:${r.startLine}`;
    };
    const report = (r: Report) => {
      if (r.span) reportedLines.add(lineOf(r.span));
      emit(r);
    };
    const lin = new Lineage();
    const done = new Set<number>();
    const byFit = new Map<FitEvent, Transform[]>();
    for (const t of facts.transforms) {
      const list = byFit.get(t.fit) ?? [];
      list.push(t);
      byFit.set(t.fit, list);
    }
    const reported = new Set<number>();
    let readsFitScores: boolean | undefined;
    const say = (
      fit: FitEvent,
      lead: string,
      why: string,
      split: { span: { from: number; to: number }; site?: SplitEvent['site'] } | undefined,
      splitNote: string,
      { extra, fix, milder }: { extra?: RelatedLocation; fix?: Fix; milder?: boolean } = {},
    ) => {
      done.add(fit.call.from);
      // Inside a helper of this unit, the leak happens where the helper is called on the rows, unless the helper
      // splits those rows itself: then both are inside it, and the fit is the place.
      const inside = fit.site !== undefined && split?.site === fit.site;
      const at = inside ? fit.call : (fit.site ?? fit.call);
      if (reported.has(at.from)) return;
      reported.add(at.from);
      const related: RelatedLocation[] = [];
      if (fit.site && !inside)
        related.push({ range: unit.range(fit.call), message: 'Inside the function called here, it is fit here.' });
      if (split) related.push({ range: unit.range(split.span), message: splitNote });
      if (extra) related.push(extra);
      report({ fixes: fix ? [fix] : undefined, span: at, message: `${lead} ${why}`, related, milder });
    };
    // Columns whose gaps a statistic of rows already filled (`df["Age"].fillna(df["Age"].median())`), with where.
    const filledBy = new Map<string, number[]>();
    for (const u of facts.statUses) {
      if (!/\.fillna\(/.test(unit.text(u.span))) continue;
      const column = columnOf(u.stat.input);
      if (column) filledBy.set(column, [...(filledBy.get(column) ?? []), u.seq]);
    }
    for (const fit of facts.fits) {
      if (done.has(fit.call.from) || !learnsFromRows(fit.object) || !fit.data) continue;
      if (!['fit', 'fit_transform', 'partial_fit', 'fit_predict'].includes(fit.method)) continue;
      // An imputer fit on columns an earlier fill left without gaps changes nothing: that fill is the leak.
      const picked = fit.data.columns ?? (fit.data.column ? [fit.data.column] : undefined);
      if (isImputer(fit.object) && picked?.length && picked.every((c) => filledBy.get(c)?.some((seq) => seq < fit.seq)))
        continue;
      const transforms = byFit.get(fit) ?? [];
      const outputs = transforms.map((t) => t.output);
      const what = shortName(fit.object.qualified);
      const fn = fit.object.call === fit.call;
      const verb = fn
        ? 'is computed'
        : fit.object.qualified.includes('feature_selection')
          ? 'picks features'
          : 'is fit';
      const subject = fn ? `\`${what}\` ${verb} with statistics of all rows` : `\`${what}\` ${verb} on all rows`;
      // Fit on the first rows by position and applied to all of them (`scaler.fit(data[:n_train])`, then
      // `scaler.transform(data)`): the training part of a split by position made later.
      const head = fit.data.headOf;
      const fitOnHead =
        !!head && transforms.some((t) => t.input && t.input !== fit.data && lin.derivesFrom(t.input, head));
      // The training and test files, taken apart after stacking, stacked again (`np.vstack((train, test))`).
      const restacked =
        hasPart(fit.data, 'train') && hasPart(fit.data, 'test') && fit.data.parts.every((p) => p.split.rejoin);
      if ((isFull(fit.data) || restacked) && !fitOnHead) {
        // Train and test files concatenated, fit on the union, then taken apart again.
        if (fromSeparateLoads(fit.data, lin)) {
          const back = concatConsumer(facts, lin, outputs);
          if (back) {
            say(
              fit,
              `\`${what}\` ${fn ? 'uses statistics of' : 'is fit on'} train and test rows concatenated ` +
                `(${placeOf(unit, fit.call)}).`,
              'The test rows shape the training features, so scores on them are optimistic.',
              back,
              back.note,
            );
            continue;
          }
        }
        if (restacked) continue;
        const freeWhy = scaleFreeLearners(fit, facts, lin, outputs);
        const split = leakingSplit(fit, facts.splits, transforms, facts.transforms, lin);
        // Held-out rows that no number is computed on (folds that only stop silent fits of an averaged ensemble)
        // make no reported score optimistic.
        readsFitScores ??= readsRecordedScores(unit);
        if (split && heldOutNeverScored(facts, split, readsFitScores)) continue;
        if (split) {
          const cv = split.kind === 'cv';
          const lead = cv
            ? `${subject} before cross-validation in ${placeOf(unit, split.span)}.`
            : split.seq > fit.seq
              ? `${subject} before the split in ${placeOf(unit, split.span)}.`
              : `${subject}, test rows included (split in ${placeOf(unit, split.span)}).`;
          const why =
            freeWhy ??
            (cv
              ? 'Every validation fold has already shaped it, so the CV score is optimistic.'
              : 'What it learns includes the test rows, so the test score will look better than it should.');
          // The fix rewrites the fit where it is written, so not a fit inside a helper.
          const fix = fit.site
            ? undefined
            : split.kind === 'holdout'
              ? fitAfterSplitFix(unit, fit, split)
              : cv
                ? wrapInPipelineFix(unit, fit, split, facts.cvs.find((c) => c.split === split)?.qualified)
                : undefined;
          say(
            fit,
            lead,
            why,
            split,
            cv ? 'Cross-validation runs here, on the already transformed rows.' : 'The rows are split here.',
            { fix, milder: !!freeWhy },
          );
          continue;
        }
        // Written out and split by another notebook or script.
        const elsewhere = outputs.length ? splitElsewhere(unit, facts, lin, outputs, projectIndex) : undefined;
        if (elsewhere) {
          done.add(fit.call.from);
          // The models are trained where the rows land: the file that splits them, or the one that hands them to
          // another module's function that splits them.
          const landing = projectIndex.unit(elsewhere.passedTo?.unit ?? elsewhere.unit).flow;
          const free = AFFINE_SCALER.test(fit.object.qualified) ? scaleFreeIn(landing) : undefined;
          report({
            span: fit.call,
            message:
              `${subject}, ${splitLater(elsewhere)}. ` +
              (free ?? 'What it learns includes the test rows, so the test score will look better than it should.'),
            related: elsewhereRelated(elsewhere),
            milder: !!free,
          });
        }
        continue;
      }
      // Fit on the whole training part, which is then split again into fit and validation parts.
      if (onlyTrainingPart(fit.data) && outputs.length) {
        const freeWhy = scaleFreeLearners(fit, facts, lin, outputs);
        const again = facts.splits.find(
          (s) =>
            s.kind === 'holdout' &&
            s.seq > fit.seq &&
            s.inputs.some((i) => hasPart(i, 'train') && outputs.some((o) => lin.derivesFrom(i, o))),
        );
        if (again) {
          say(
            fit,
            `\`${what}\` is fit on the training rows before their re-split in ${placeOf(unit, again.span)}.`,
            freeWhy ?? 'The validation rows shaped it, so the validation score is optimistic.',
            again,
            'The training rows are split into fit and validation parts here.',
            { milder: !!freeWhy },
          );
          continue;
        }
        // Or a hand-written fold loop (`for tr, va in kf.split(X_train_scaled)`) or `cross_val_score` over the
        // transformed part: each validation fold shaped the fit, and those fold scores are the numbers read.
        // (A search that only picks a setting by its folds is tolerated: the test split still judges the model; one
        // whose best fold score is read reports that score.)
        // Only the fit's own rows transformed: cross-validating the transformed test part is another matter.
        const own = transforms
          .filter((t) => t.input && (lin.sameRows(t.input, fit.data!) || lin.derivesFrom(t.input, fit.data!)))
          .map((t) => t.output);
        const loop = facts.splits.find(
          (s) =>
            foldScoresRead(facts, s) && s.seq > fit.seq && s.inputs.some((i) => own.some((o) => lin.derivesFrom(i, o))),
        );
        if (loop) {
          const folds = facts.cvs.some((c) => c.split === loop) ? 'cross-validation' : 'the fold loop';
          // The fold scores are those of the models cross-validated: other fits on the whole training part learn
          // nothing of held-out rows from it.
          const scored = facts.cvs.filter((c) => c.split === loop).map((c) => c.estimator);
          const known = scored.filter((m): m is MlObject => m !== undefined);
          const foldWhy =
            AFFINE_SCALER.test(fit.object.qualified) && known.length && known.length === scored.length
              ? scaleFree(known)
              : freeWhy;
          say(
            fit,
            `\`${what}\` is fit on all training rows before ${folds} in ${placeOf(unit, loop.span)}.`,
            foldWhy ?? 'Each validation fold shaped it, so the fold scores are optimistic.',
            loop,
            'The training rows are split into folds here.',
            { milder: !!foldWhy },
          );
          continue;
        }
        // Or a model holds part of the transformed training rows out with `validation_split=` and lets that score
        // choose (early stopping, the best checkpoint): a validation score Keras only prints chooses nothing.
        const held = facts.fits.find(
          (f) =>
            f.seq > fit.seq &&
            f.keywords.has('validation_split') &&
            choosesByValidation(f) &&
            f.data &&
            outputs.some((o) => lin.derivesFrom(f.data!, o)),
        );
        if (held) {
          say(
            fit,
            `\`${what}\` is fit on all training rows before \`validation_split\` in ${placeOf(unit, held.call)}.`,
            freeWhy ?? 'The validation rows shaped it, so the validation score is optimistic.',
            { span: held.call },
            'Part of the training rows is held out for validation here.',
            { milder: !!freeWhy },
          );
          continue;
        }
        // Or the transformed training rows are written out (or returned) and another notebook or script splits them
        // again or cross-validates them, reading the fold scores.
        const resplit = (f: FlowFacts, s: SplitEvent) => s.kind === 'holdout' || foldScoresRead(f, s);
        const elsewhere =
          leavesTheFile(facts, projectIndex) && !freeWhy
            ? splitElsewhere(unit, facts, lin, own, projectIndex, resplit)
            : undefined;
        if (elsewhere) {
          done.add(fit.call.from);
          const cv = elsewhere.split.kind === 'cv';
          report({
            span: fit.call,
            message:
              `\`${what}\` is fit on all training rows, ` +
              `${splitLater(elsewhere, cv ? 'cross-validates' : 'splits again')}. ` +
              (cv
                ? 'Each validation fold shaped it, so the fold scores are optimistic.'
                : 'The validation rows shaped it, so the validation score is optimistic.'),
            related: elsewhereRelated(elsewhere),
          });
        }
      }
    }
    // A selector fit on all rows whose scores or picks are read, then a list of columns typed by hand (other than
    // those it scored) from the same rows is split or cross-validated: the choice was made on every row.
    for (const fit of facts.fits) {
      if (done.has(fit.call.from) || !fit.data || !fit.target || !isFull(fit.data)) continue;
      if (!fit.object.qualified.includes('feature_selection')) continue;
      if (fit.method !== 'fit' && fit.method !== 'fit_transform') continue;
      const scored = fit.data;
      if (!facts.stats.some((st) => st.kind === 'selection' && st.input === scored)) continue;
      const scoredColumns = scored.columns ? new Set(scored.columns) : undefined;
      let typed: { split: SplitEvent; pick: DataNode } | undefined;
      for (const s of facts.splits) {
        if (typed) break;
        if (s.seq < fit.seq || holdsOutNothing(s, lin)) continue;
        for (const i of s.inputs) {
          const pick = [...lin.of(i)].find(
            (n) =>
              n.columns &&
              n.seq > fit.seq &&
              lin.sameRows(n, scored) &&
              (!scoredColumns ||
                (n.columns.length < scoredColumns.size && n.columns.every((c) => scoredColumns.has(c)))),
          );
          if (pick) {
            typed = { split: s, pick };
            break;
          }
        }
      }
      if (!typed) continue;
      const { split, pick } = typed;
      const pickedAt = placeOf(unit, pick.span) === placeOf(unit, split.span) ? '' : ` (${placeOf(unit, pick.span)})`;
      const splitVerb = split.kind === 'cv' ? 'cross-validated' : 'split';
      say(
        fit,
        `\`${shortName(fit.object.qualified)}\` scores the columns on all rows, and columns typed by hand${pickedAt} ` +
          `are then ${splitVerb} in ${placeOf(unit, split.span)}.`,
        'If they were chosen by those scores, the test rows helped choose them and the score is optimistic.',
        split,
        splitNote(split),
        { extra: { range: unit.range(pick.span), message: 'The columns are picked by name here.' } },
      );
    }
    // A pipeline step built from what a model fit on the rows says of the columns (`TopFeatureSelector(
    // forest.feature_importances_, k)`), cross-validated on those rows: the folds helped choose the features.
    const steps = new Set<number>();
    const within = (o: MlObject, out: MlObject[] = []): MlObject[] => {
      if (out.includes(o) || out.length > 50) return out;
      out.push(o);
      for (const i of o.inner) within(i, out);
      return out;
    };
    for (const c of facts.cvs) {
      if (!c.estimator || !c.data) continue;
      for (const o of within(c.estimator)) {
        for (const sel of o.selectedBy ?? []) {
          const rows = sel.stat.input;
          if (steps.has(sel.span.from) || !(lin.related(c.data, rows) || lin.sameRows(c.data, rows))) continue;
          steps.add(sel.span.from);
          report({
            span: sel.span,
            message:
              `\`${sel.stat.method}\` of a model fit on the rows that ${placeOf(unit, c.span)} cross-validates ` +
              'chooses the features of this step. Every validation fold helped choose them, so the CV score is ' +
              'optimistic.',
            related: [
              { range: unit.range(sel.stat.span), message: 'The model says this of the columns here.' },
              { range: unit.range(c.span), message: 'Cross-validation runs here.' },
            ],
          });
        }
      }
    }
    // The same step fit on the training part of a split of those rows, its output scored on the other part: the
    // held-out rows helped choose its columns (`DropColumns(cols)` with the columns weakly correlated with the target
    // in a correlation matrix of every row, then `pipe.fit_transform(X_train)` and a score on `X_val`).
    for (const f of facts.fits) {
      if (!f.data) continue;
      for (const o of within(f.object)) {
        for (const sel of o.selectedBy ?? []) {
          const rows = sel.stat.input;
          if (steps.has(sel.span.from) || !isFull(rows)) continue;
          const part = f.data.parts.find(
            (p) =>
              p.kind === 'train' &&
              p.split.kind !== 'cv' &&
              p.split.inputs.some((i) => lin.derivesFrom(i, rows) || lin.sameRows(i, rows)),
          );
          const scored =
            part &&
            facts.evals.find((e) =>
              [e.data, ...(e.inputs ?? [])].some((d) =>
                d?.parts.some((p) => p.split === part.split && p.kind !== 'train'),
              ),
            );
          if (!part || !scored) continue;
          steps.add(sel.span.from);
          const by = pickedBy(sel.stat);
          report({
            span: sel.span,
            message:
              `${by} chooses the columns of this step, which is fit on the training part of ` +
              `${placeOf(unit, part.split.span)} and scored on the rest. The held-out rows helped choose them, so ` +
              'the score is optimistic.',
            related: [
              { range: unit.range(sel.stat.span), message: 'The statistic is computed here.' },
              { range: unit.range(part.split.span), message: 'The rows are split here.' },
              { range: unit.range(scored.span), message: 'The held-out part is scored here.' },
            ],
          });
        }
      }
    }
    // Columns kept by what a model, a selector, a correlation matrix or variances say of all rows.
    for (const u of facts.statUses) {
      const st = u.stat;
      if (!picksColumns(st.kind, st.method, unit.text(u.span))) continue;
      // Picked by what a model or a selector says of the whole training part, whose rows are then re-split into fit
      // and validation parts, or cross-validated with the fold scores read: each validation fold helped choose them.
      if (onlyTrainingPart(st.input)) {
        const again = splitFedBy(facts, lin, [u.output], {
          cv: true,
          featuresOnly: true,
          accept: (s) => s.seq > st.seq && (s.kind === 'cv' ? foldScoresRead(facts, s) : true),
        });
        const at = u.site ?? u.span;
        if (!again || reportedLines.has(lineOf(at))) continue;
        const cv = again.kind === 'cv';
        // The columns dropped from every row, which a new split then divides: its test rows are mostly rows that
        // were in the training part that chose them, unless it repeats the first split with the same seed.
        const resplitTraining = again.inputs.some((i) => hasPart(i, 'train'));
        if (!cv && !resplitTraining && st.input.parts.some((p) => repeatsSplit(unit, again, p.split))) continue;
        reportedLines.add(lineOf(at));
        report({
          span: at,
          message:
            `${pickedBy(st, 'all training rows')} picks features before ` +
            (cv
              ? `cross-validation in ${placeOf(unit, again.span)}. Each validation fold helped choose them, so the ` +
                'fold scores are optimistic.'
              : resplitTraining
                ? `the training rows are split again in ${placeOf(unit, again.span)}. The validation rows helped ` +
                  'choose them, so the validation score is optimistic.'
                : `every row is split anew in ${placeOf(unit, again.span)}. Its test rows are mostly rows that ` +
                  'helped choose them, so the test score is optimistic.'),
          related: [...statisticPlaces(unit, st), splitPlace(unit, again)],
        });
        continue;
      }
      if (!isFull(st.input)) continue;
      const split = splitFedBy(facts, lin, [u.output], { cv: true, featuresOnly: true });
      // The picked columns written out (or returned) and split by another notebook or script: columns of the rows the
      // statistic was taken of, not its value kept as a feature.
      const leaving = [...facts.writes, ...facts.returns, ...facts.foreignCalls].map((x) => x.data);
      const picked = !split && leaving.some((d) => lin.derivesFrom(d, u.output) && picksFromRows(d, st));
      const elsewhere = picked ? splitElsewhere(unit, facts, lin, [u.output], projectIndex) : undefined;
      if (!split && !elsewhere) continue;
      const at = u.site ?? u.span;
      const key = lineOf(at);
      if (reportedLines.has(key)) continue;
      const by = pickedBy(st);
      if (elsewhere) {
        report({
          span: at,
          message:
            `${by} picks features, ${splitLater(elsewhere)}. The test rows helped choose them, so the score is ` +
            'optimistic.',
          related: [...statisticPlaces(unit, st), ...elsewhereRelated(elsewhere)],
        });
        continue;
      }
      if (!split) continue;
      const place =
        split.kind === 'cv'
          ? `cross-validation in ${placeOf(unit, split.span)}`
          : `the split in ${placeOf(unit, split.span)}`;
      report({
        span: at,
        message: `${by} picks features before ${place}. The test rows helped choose them, so the score is optimistic.`,
        related: [...statisticPlaces(unit, st), splitPlace(unit, split)],
      });
    }
  },
};

/** Where a statistic that picks columns is computed, and the fit it says it of when a selector or model says it. */
function statisticPlaces(unit: PythonUnit, st: StatEvent): RelatedLocation[] {
  const places: RelatedLocation[] = [{ range: unit.range(st.span), message: 'The statistic is computed here.' }];
  if (st.fit) places.push({ range: unit.range(st.fit), message: 'It is fit on every row here.' });
  return places;
}

/** Keywords that decide which rows a `train_test_split` puts where, given the same rows. */
const PARTITION_KEYWORDS = ['test_size', 'train_size', 'random_state', 'shuffle', 'stratify'];

/**
 * True when `again` repeats `first` (`train_test_split(..., test_size=0.3, random_state=0)` twice, the second on fewer
 * columns of the same rows): the same seed and sizes put the same rows in each part, so its test rows are again those
 * that chose nothing. A seed that is not a number written out may differ.
 */
function repeatsSplit(unit: PythonUnit, again: SplitEvent, first: SplitEvent): boolean {
  if (!again.call || !first.call || again.qualified !== first.qualified) return false;
  const keywords = (c: CallExpr) =>
    PARTITION_KEYWORDS.map((k) => {
      const v = c.keywords.find((x) => x.name === k)?.value;
      return v ? unit.text(v).replace(/\s+/g, '') : '';
    });
  const [a, b] = [keywords(again.call), keywords(first.call)];
  const seed = first.call.keywords.find((k) => k.name === 'random_state')?.value;
  return seed?.kind === 'Constant' && typeof seed.value === 'number' && a.every((x, i) => x === b[i]);
}
