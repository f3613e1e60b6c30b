// ML102: oversampling or undersampling applied to all rows before they are split or cross-validated.
import {
  Lineage,
  elsewhereRelated,
  foldScoresRead,
  splitLater,
  isFull,
  leavesTheFile,
  onlyTrainingPart,
  placeOf,
  shortName,
  splitElsewhere,
  holdsOutNothing,
} from '../flow/queries';
import type { UnitRule } from './rule';
import { resampleAfterSplitFix } from '../fixes/resampleAfterSplit';

/** ML102 resampling-before-split. */
export const resamplingBeforeSplit: UnitRule = {
  scope: 'unit',
  meta: {
    code: 'ML102',
    name: 'resampling-before-split',
    title: 'Resampling before the split',
    category: 'leakage',
    level: 2,
    defaultSeverity: 'warning',
    fix: 'unsafe',
    affects: ['L2.heldout-evaluation'],
    docs: {
      whatItDoes:
        'Finds oversampling or undersampling (`SMOTE`, `RandomOverSampler`, `RandomUnderSampler`, ' +
        '`sklearn.utils.resample(..., replace=True)`, ..., or by hand: the rows or row indices of one class, ' +
        'picked by a mask, drawn at random with `DataFrame.sample` or `np.random.choice` and stacked with the ' +
        'others) applied to all rows when the result is afterwards split into train and test or passed to ' +
        'cross-validation; and applied to the whole training part when that is then cross-validated by hand or ' +
        'with `cross_val_score`-style functions, or by a search whose best fold score is read (`best_score_`, ' +
        '`cv_results_`); a search that only picks a setting by its folds is left alone, as the test part still ' +
        'judges the model. All rows resampled and then written out or returned to another ' +
        'notebook or script that splits or cross-validates them are reported where they are resampled, and so is ' +
        'the whole training part when that file cross-validates it and reads the fold scores.',
      whyBad:
        'Oversampling copies minority rows or makes synthetic ones from their neighbours. After the split, copies ' +
        'and near-copies of test rows sit in the training set, so the model is tested on rows it has in effect ' +
        'already seen. Undersampling first makes the test set balanced, which is not the distribution the model ' +
        'will meet. Either way the test score is wrong.',
      example: [
        '```python',
        'X_res, y_res = SMOTE().fit_resample(X, y)',
        'X_train, X_test, y_train, y_test = train_test_split(X_res, y_res)',
        '```',
      ].join('\n'),
      useInstead: [
        '```python',
        'X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)',
        'X_train, y_train = SMOTE(random_state=0).fit_resample(X_train, y_train)',
        '```',
        'With cross-validation, put the sampler in an `imblearn.pipeline.Pipeline` so it only runs on each ' +
          'training fold.',
      ].join('\n'),
      fixSafety:
        'Unsafe. "Resample the training split only" applies to `X_res, y_res = sampler.fit_resample(X, y)` ' +
        'followed by `train_test_split(X_res, y_res, ...)` (the resampled rows read by nothing but the split): it ' +
        'removes the resampling line, splits `X, y`, and resamples the training part right after the split ' +
        '(`X_train, y_train = sampler.fit_resample(X_train, y_train)`). The model trains on different rows and ' +
        'the test part keeps the real class balance, so the scores change (to honest ones). Resampling before ' +
        'cross-validation gets no automatic fix: put the sampler in an `imblearn.pipeline.Pipeline`.',
    },
  },
  check({ unit, index, projectIndex, report }) {
    const facts = projectIndex.modelFlow(index);
    if (!facts) return;
    const lin = new Lineage();
    const outputs = new Map(facts.resamples.map((r) => [r, facts.nodes.filter((n) => n.resampledBy === r)] as const));
    for (const r of facts.resamples) {
      if (!r.inputs.length) continue;
      // All rows, or the training part of a split when what it gives is then cross-validated: the folds are cut
      // from resampled rows either way (the test part, resampled or not, still judges the model in the second case).
      const full = r.inputs.every((i) => isFull(i));
      const trainingPart = !full && r.inputs.every(onlyTrainingPart);
      if (!full && !trainingPart) continue;
      const outs = outputs.get(r) ?? [];
      const split = facts.splits.find(
        (s) =>
          (full || (foldScoresRead(facts, s) && s.seq > r.seq)) &&
          !holdsOutNothing(s, lin) &&
          s.inputs.some((i) => outs.some((o) => lin.derivesFrom(i, o))),
      );
      if (!split) {
        // Written out or returned and split or cross-validated by another file: all rows, or the training part
        // when the fold scores there are read (as in one file).
        const elsewhere = leavesTheFile(facts, projectIndex)
          ? splitElsewhere(unit, facts, lin, outs, projectIndex, full ? undefined : foldScoresRead)
          : undefined;
        if (!elsewhere) continue;
        const cv = elsewhere.split.kind === 'cv';
        report({
          span: r.span,
          message:
            `\`${shortName(r.qualified)}\` runs on ${full ? 'all rows' : 'the whole training part'}, ` +
            `${splitLater(elsewhere)}. ` +
            (cv
              ? "Copies or synthetic neighbours of each validation fold's rows are in its training folds, so the CV " +
                'score is optimistic.'
              : 'Copies or synthetic neighbours of test rows end up in the training set, so the test score is ' +
                'optimistic.'),
          related: elsewhereRelated(elsewhere),
        });
        continue;
      }
      const related = [
        {
          range: unit.range(split.span),
          message:
            split.kind === 'cv'
              ? 'Cross-validation runs here, on the resampled rows.'
              : 'The resampled rows are split here.',
        },
      ];
      const sk = shortName(r.qualified) === 'resample';
      const byHand = r.qualified === 'numpy.random.choice' || /\.(sample|choice)$/.test(r.qualified);
      const replaced = /replace\s*=\s*True/.test(unit.text(r.span));
      const under = r.qualified.startsWith('imblearn.under_sampling') || ((sk || byHand) && !replaced);
      const what = byHand
        ? `${under ? 'Undersampling' : 'Oversampling'} by hand ` +
          `(rows of one group drawn at random with \`${shortName(r.qualified)}\`)`
        : sk
          ? under
            ? 'Undersampling with `resample`'
            : 'Resampling with replacement'
          : `\`${shortName(r.qualified)}\``;
      const before = split.kind === 'cv' ? 'cross-validation' : 'the split';
      const rows = full ? 'all rows' : 'the whole training part';
      const lead = `${what} runs on ${rows} before ${before} in ${placeOf(unit, split.span)}.`;
      const fix = full ? resampleAfterSplitFix(unit, r.span, split) : undefined;
      report({
        fixes: fix ? [fix] : undefined,
        span: r.span,
        message: under
          ? `${lead} The held-out rows get an artificial class balance, so their score does not reflect the data ` +
            'the model will meet.'
          : split.kind === 'cv'
            ? `${lead} Copies or synthetic neighbours of each validation fold's rows are in its training folds, so ` +
              'the CV score is optimistic.'
            : `${lead} Copies or synthetic neighbours of test rows end up in the training set, so the test score ` +
              'is optimistic.',
        related,
      });
    }
  },
};
