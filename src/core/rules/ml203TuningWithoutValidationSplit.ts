// ML203: hyperparameters are tuned with only a train/test split, so the test set does the validating.
import {
  choiceRelated,
  hasValidation,
  pickAfterLoop,
  testScoredChoices,
  testScoredComparisons,
  testScoredTuning,
} from '../flow/selection';
import type { UnitRule } from './rule';
import type { Span, Stmt } from '../python/ast';
import { validationSplitFix } from '../fixes/validationSplit';

/** ML203 tuning-without-validation-split. */
export const tuningWithoutValidationSplit: UnitRule = {
  scope: 'unit',
  meta: {
    code: 'ML203',
    name: 'tuning-without-validation-split',
    title: 'Hyperparameters tuned without a validation split',
    category: 'evaluation',
    level: 2,
    defaultSeverity: 'info',
    fix: 'unsafe',
    affects: ['L2.heldout-evaluation'],
    docs: {
      whatItDoes:
        'Finds a loop over hyperparameter values (or an Optuna objective, or one that hyperopt or ' +
        'scikit-optimize calls with each candidate: `fmin(fn=objective, ...)`) that scores each candidate on the ' +
        'test ' +
        'part of a train/test split, or a loop over several models or decision thresholds that keeps the best by its ' +
        'test score (or picks it afterwards from the scores it collected), or two models scored on it one after the ' +
        'other and the better kept by comparing their scores (`best = a if score_a > score_b else b`), or the best ' +
        'picked from scores taken all at once (`best_t = thresholds[np.argmax([f1_score(y_test, p >= t) for t in ' +
        'thresholds])]`, a dict with a test score per model, written out or filled one entry at a time: ' +
        '`metrics["lasso"]["mse_test"] = ...`, then `min(metrics, key=...)`, or a report a helper fills with the ' +
        'test score of each candidate: `report = evaluate_models(X_train, y_train, X_test, y_test, models)`, then ' +
        '`best_score = max(sorted(report.values()))`, the helper of this file or of another module, or one that ' +
        'scores each model handed to it, in a loop that keeps its results: `results[name] = evaluate_model(model, ' +
        'X_test, y_test)`, where the helper predicts with its `model` parameter; or a table of ' +
        'the scores appended one candidate at a time, sorted, whose first row is kept: `champion = ' +
        'results_df.iloc[0]`), in code that ' +
        'has no validation split and no cross-validation at all. An Optuna objective counts whether Optuna is ' +
        'handed it or a lambda that calls it with the parts (`lambda trial: objective(trial, X_train, X_test)`). ' +
        'The test part may come from another file: a ' +
        "module's function that returns the parts of its split, a script that hands them to this file's " +
        'function (with the fitted models it compares: `compare_models(nb_model, lr_model, X_test, y_test)`, whose ' +
        'scores, each in a name of its own, are gathered in a dict the best is picked from: `max(scores, ' +
        'key=scores.get)`), or a file named as the test split (`test.csv`, or a path held by a parameter named so: ' +
        '`pd.read_csv(test_path)`). The model may be read back from a pickle (`model = joblib.load(...)`, then ' +
        '`model.predict_proba(X_test)`), and the best kept under a key that says so (`json.dump({"best": ' +
        "sweep.loc[sweep.f1.idxmax()].to_dict()}, f)`). An epoch loop over one model made before it is ML103's. " +
        '(When ' +
        'validation data exists and the test set is used anyway, ML103 reports it.)',
      whyBad:
        "With only two parts, the test set ends up doing the validation set's job: the setting with the best test " +
        'score wins, and that best score is then reported as if it were an honest estimate. Keep three roles ' +
        'apart: train to fit, validation (or CV) to choose, test to report once.',
      example: [
        '```python',
        'X_train, X_test, y_train, y_test = train_test_split(X, y)',
        'for k in range(1, 30):',
        '    knn = KNeighborsClassifier(n_neighbors=k).fit(X_train, y_train)',
        '    scores.append(knn.score(X_test, y_test))',
        '```',
      ].join('\n'),
      useInstead: [
        '```python',
        'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
        'search = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": range(1, 30)}, cv=5)',
        'search.fit(X_train, y_train)',
        'print(search.best_params_, search.score(X_test, y_test))',
        '```',
      ].join('\n'),
      fixSafety:
        'Unsafe. "Split into train/validation/test" adds a second `train_test_split` right after the first that ' +
        'carves a validation part (a quarter) out of the training part, with the same `random_state`, `shuffle` ' +
        'and stratification (`stratify=y` becomes `stratify=y_train`), and makes every tuning loop or objective ' +
        'that scored on the test part score on the validation part. On rows in time order (lag or window ' +
        'features, a datetime index, rows sorted by date) the validation part is a cut in time instead: the ' +
        'latest quarter of the training rows with `shuffle=False`, after `sort_index()` on the training parts ' +
        'when the first split shuffled rows with a datetime index (which assumes they are pandas objects ' +
        'carrying that index); a shuffled split of rows sorted by a column gets no validation fix until the ' +
        'split keeps the order (ML104). The test part keeps exactly the rows it had. It is unsafe because the ' +
        'model then trains on fewer rows.',
    },
  },
  check({ unit, index, projectIndex, report }) {
    const facts = projectIndex.modelFlow(index);
    if (!facts) return;
    if (hasValidation(facts)) return;
    const tunings = testScoredTuning(facts);
    // Where the best setting is then picked from the collected test scores, if right after the loop.
    const picked = (loop: Stmt | undefined, evaluation: Span) => {
      const at = loop ? pickAfterLoop(unit, loop, evaluation) : undefined;
      return at ? [{ range: unit.range(at), message: 'The best setting is picked here, by its test score.' }] : [];
    };
    for (const t of tunings) {
      const split = t.evaluation.data?.parts.find((p) => p.kind === 'test')?.split;
      const loops = tunings
        .filter((o) => o.evaluation.data?.parts.some((p) => p.split === split))
        .map((o) => o.loop.stmt ?? o.loop.fn ?? o.loop.span);
      const fix = split ? validationSplitFix(unit, split, loops) : undefined;
      report({
        fixes: fix ? [fix] : undefined,
        span: t.loop.span,
        message:
          `This ${t.loop.fn ? 'objective' : 'loop'} picks hyperparameters by their score on the test set ` +
          `and there is no validation split or cross-validation, so the test set does the tuning and its score ` +
          `will be optimistic.`,
        related: [
          { range: unit.range(t.evaluation.span), message: 'Each candidate is scored on test data here.' },
          ...picked(t.loop.stmt, t.evaluation.span),
        ],
      });
    }
    // The best of several models or thresholds, each scored on the test set, kept or picked by that score.
    for (const c of [...testScoredChoices(unit, facts), ...testScoredComparisons(unit, facts)]) {
      const split = c.evaluation.data?.parts.find((p) => p.kind === 'test')?.split;
      const fix = split && c.loop ? validationSplitFix(unit, split, [c.loop.stmt ?? c.loop.span]) : undefined;
      report({
        fixes: fix ? [fix] : undefined,
        span: c.span,
        message:
          'The best of the candidates scored on the test set is chosen here and there is no validation split or ' +
          'cross-validation, so the test set does the choosing and the chosen score will be optimistic.',
        related: choiceRelated(unit, c),
      });
    }
  },
};
