// ML103: the test set takes part in choosing the model: hyperparameters, the early-stopping round or
// the kept checkpoint, or a search that was fit on the rows it is later scored on.
import type { DataNode, EvalEvent, FlowFacts } from '../flow/facts';
import { Lineage, hasPart, isFull, placeOf, shortName } from '../flow/queries';
import {
  bestEpochFromTestHistory,
  earlyStoppingOnTest,
  stoppingCallbacks,
  hasValidation,
  readsRecordedScores,
  pickAfterLoop,
  selectedOnScoredPart,
  silentFit,
  choiceRelated,
  testScoredChoices,
  testScoredComparisons,
  testScoredTuning,
} from '../flow/selection';
import { helperThresholds } from '../flow/helperThresholds';
import type { PythonUnit } from '../python/unit';
import { eachChildBody, walkStatements } from '../python/walk';
import { testMetricRunPicks } from './testMetricRunPicks';
import type { UnitRule } from './rule';
import { isKerasTuner } from '../libraries/tuning';

/** ML103 test-set-used-for-selection. */
export const testSetUsedForSelection: UnitRule = {
  scope: 'unit',
  meta: {
    code: 'ML103',
    name: 'test-set-used-for-selection',
    title: 'Test set used to choose the model',
    category: 'leakage',
    level: 2,
    defaultSeverity: 'warning',
    fix: 'none',
    affects: ['L2.heldout-evaluation'],
    docs: {
      whatItDoes: [
        'Finds places where the test set decides something about the model:',
        '- a hyperparameter loop (or an Optuna or hyperopt objective) that scores its candidates on test data ' +
          'while a ' +
          'validation split or cross-validation is available (without one, ML203 reports the loop);',
        '- a loop over several models, thresholds or settings that scores each on test data and keeps the best ' +
          '(`if auc > best_auc: best_model = model`), or picks it afterwards from the scores it collected into a ' +
          'name that says so (`best_name = max(results, key=...)`), or the same choice from scores taken all at ' +
          'once (a comprehension over thresholds, a dict with a test score per model), while validation data is ' +
          'available (without it, ML203 reports the choice);',
        '- the best epoch picked from the scores a Keras fit recorded on the test data passed as `validation_data` ' +
          '(`np.argmax(history.history["val_accuracy"])`, or the best of them reported);',
        '- early stopping or a best-checkpoint callback that watches the test set (`eval_set=[(X_test, y_test)]` ' +
          'with `early_stopping_rounds`, Keras `validation_data=(X_test, y_test)` with `EarlyStopping` or ' +
          '`ModelCheckpoint` watching a validation metric (the default; `monitor="loss"` watches the training ' +
          'rows), CatBoost with an eval set, TabNet with an `eval_set` unless `patience=0`, a Keras Tuner ' +
          '`tuner.search(..., validation_data=(X_test, y_test))` whose objective is a validation score, its ' +
          'default); the test set is the ' +
          "test part of a split, a loader's test split " +
          "(`mnist.load_data()`'s second pair) or rows read from a file named as the test split (`X_test.npy`), " +
          'unless the fit prints no scores and the model is never ' +
          'scored or predicted on that part nor its recorded scores read (XGBoost and TabNet stop on the last of ' +
          'their evaluation sets only);',
        '- early stopping or a kept best iteration that watches the only held-out part of the rows (the other ' +
          'side of the one split, whatever it is called), when the model is then scored on that same part; a ' +
          "test part set aside beside it (a loader's test piece, a third slice) counts only when it is scored " +
          'somewhere, since otherwise the score that chose the model is the one reported;',
        '- a decision threshold read off the ROC or precision-recall curve of test predictions ' +
          '(`thresholds[np.argmax(tpr - fpr)]`) and then used for the test score;',
        "- a decision threshold picked by a function of the project's own modules on held-out rows (a loop over " +
          'candidate thresholds that keeps the best score) and then used by another of its functions that scores the ' +
          'same rows (held-out: a test part, or a validation part where no test part is scored); this one leaves the ' +
          'held-out evaluation item met, since scores that need no threshold stay honest; likewise such a function ' +
          'that collects a score per candidate, picks the best (`thresholds[np.argmax(f1s)]`) and reports that best ' +
          'score itself (`print(f"F1={max(f1s):.4f}")`, or returns it), handed test rows;',
        "- an epoch loop, in a training function or at the top level, that scores a loader's test split or the " +
          'held-out part of a `random_split` and keeps the best weights or score (`if acc > best_acc: ' +
          'torch.save(...)`), or that scores a network on test data each epoch (`model.evaluate(test_ds)`: the test ' +
          "part of a split, a loader's test split or rows read from a file in a test folder) and keeps the best " +
          "weights by that score; a piece of a loader's training split (`CIFAR10(train=True)`) is a validation part;",
        '- a Keras model loaded back from the file a `ModelCheckpoint` wrote, scored on the rows that chose its epoch;',
        "- split parts that come from another file count as they do in one: returned by a module's function, handed " +
          "to this file's function by its callers, written to a file by another script and read here, or held by " +
          "an instance of another module's class that split them (`data.X_test`, or a getter: `data.x_test()`, " +
          'also after a method that returns the instance: `Prep().run()`);',
        '- a `GridSearchCV` or similar fit on all rows and then scored on a part of them, or whose picked settings ' +
          'make the model then scored on the test part of a split of those rows (`RandomForestClassifier(**grid.' +
          'best_params_)`);',
        '- a setting picked from cross-validation scores taken on all rows in a loop over candidates ' +
          '(`cross_val_score(KNeighborsClassifier(n_neighbors=k), X, y)`, then ' +
          '`best_k = k_range[np.argmax(scores)]`), ' +
          'for a model then scored on the test part of a split of those rows;',
        '- runs of an MLflow experiment ranked by a metric named as taken on the test set, to pick the best one ' +
          '(`mlflow.search_runs(order_by=["metrics.test_rmse ASC"])`, or the runs\' table sorted or cut by such a ' +
          'column: `runs.sort_values("metrics.test_f1")`, `runs.nlargest(1, "metrics.test_auc")`).',
      ].join('\n'),
      whyBad:
        'A score you choose by is no longer an estimate: picking the best of many settings on the test set tunes ' +
        'the model to those rows, and the reported number is the best of several tries rather than what to expect ' +
        'on new data.',
      example: [
        '```python',
        'for depth in range(2, 20):',
        '    tree = DecisionTreeClassifier(max_depth=depth).fit(X_train, y_train)',
        '    scores.append(tree.score(X_test, y_test))',
        '```',
      ].join('\n'),
      useInstead: [
        '```python',
        'search = GridSearchCV(DecisionTreeClassifier(), {"max_depth": range(2, 20)}, cv=5)',
        'search.fit(X_train, y_train)',
        'print(search.score(X_test, y_test))   # once, at the end',
        '```',
        'For early stopping, split a validation set off the training data and pass that as `eval_set` / ' +
          '`validation_data`.',
      ].join('\n'),
      fixSafety: 'No automatic fix: which data should play the validation role is a decision for the author.',
    },
  },
  check({ unit, index, projectIndex, report }) {
    // Tracked runs ranked by a test metric: the run promoted or registered is the one the test set chose.
    if (unit.imports.uses('mlflow'))
      for (const pick of testMetricRunPicks(index.callSites))
        report({
          span: pick.span,
          message:
            `The best run is picked here by \`${pick.metric}\`, a score on the test set, so the test set chooses ` +
            'the model and its score is optimistic. Rank runs by a validation metric and report the test metric of ' +
            'the chosen run only.',
        });
    const facts = projectIndex.modelFlow(index);
    if (!facts) return;
    const done = new Set<number>();
    if (hasValidation(facts)) {
      for (const t of testScoredTuning(facts)) {
        if (done.has(t.evaluation.span.from)) continue;
        done.add(t.evaluation.span.from);
        report({
          span: t.evaluation.span,
          message:
            'The hyperparameters are chosen by this score on the test set although you have validation data, so ' +
            'the final test score is the best of several tries and comes out optimistic.',
          related: [
            {
              range: unit.range(t.loop.span),
              message: t.loop.fn
                ? 'The candidates are proposed here.'
                : 'The loop over candidate settings starts here.',
            },
          ],
        });
      }
    }
    if (hasValidation(facts)) {
      for (const c of [...testScoredChoices(unit, facts), ...testScoredComparisons(unit, facts)]) {
        if (done.has(c.span.from)) continue;
        done.add(c.span.from);
        report({
          span: c.span,
          message:
            `The best of the candidates ${c.loop ? 'that the loop scores' : 'scored'} on the test set is chosen here ` +
            'although you have validation data, so the test set makes the choice and the chosen score is optimistic.',
          related: choiceRelated(unit, c),
        });
      }
    }
    // Read once: whether the unit reads the scores a fit recorded on its evaluation sets.
    let readsFitScores: boolean | undefined;
    for (const f of earlyStoppingOnTest(facts)) {
      if (done.has(f.call.from)) continue;
      // A part named test that only stops a silent fit (its scores are not printed while it trains), never
      // predicted or scored afterwards nor read back from the training history, is the run's validation part: a
      // model that then only predicts a competition's file reports no optimistic test score.
      readsFitScores ??= readsRecordedScores(unit);
      const predictsHeldOut = facts.nodes.some(
        (n) =>
          n.prediction &&
          (n.prediction.fit === f || n.prediction.object === f.object) &&
          hasPart(n.prediction.input, 'test'),
      );
      // A search whose candidates each stop early on the test set picks its best setting by models the test set
      // shaped, whether or not anything is printed: the test set takes part in the choice.
      if (
        f.object.role !== 'search' &&
        silentFit(f) &&
        !readsFitScores &&
        !predictsHeldOut &&
        !facts.evals.some((e) => e.fit === f || e.object === f.object)
      )
        continue;
      done.add(f.call.from);
      const keras = f.object.role === 'keras-model';
      // The callbacks made on lines of their own: where the patience and the kept best epoch are set.
      const fitLine = unit.range(f.call).startLine;
      const callbacks = stoppingCallbacks(f)
        .filter((c) => unit.range(c.call).startLine !== fitLine)
        .map((c) => ({
          range: unit.range(c.call),
          message: /ModelCheckpoint$/.test(c.qualified)
            ? 'The callback that keeps the best epoch by the test data is made here.'
            : 'The callback that stops training by the test data is made here.',
        }));
      report({
        span: f.call,
        related: callbacks.length ? callbacks : undefined,
        message: isKerasTuner(f.object.qualified)
          ? 'The tuner keeps the hyperparameters that score best on the test data passed as `validation_data`, so ' +
            'the test set picks the model and its score is optimistic.'
          : keras
            ? 'The callbacks stop training or keep the best epoch by the test data passed as `validation_data`, so ' +
              'the test set picks the model and its score is optimistic.'
            : f.object.role === 'search'
              ? `Early stopping inside \`${shortName(f.object.qualified)}\` watches the test set here: each ` +
                "candidate's number of boosting rounds is chosen on it, so the test set takes part in picking the " +
                'best setting.'
              : 'Early stopping watches the test set here, so the number of boosting rounds is tuned on it and the ' +
                `test score of ${boosterName(f.object.qualified)} is optimistic.`,
      });
    }
    for (const { fit, pick } of bestEpochFromTestHistory(unit, facts)) {
      if (done.has(fit.call.from)) continue;
      done.add(fit.call.from);
      report({
        span: pick,
        message:
          'The best epoch is picked here from the scores recorded on the test data passed as `validation_data`, so ' +
          'the test set chooses it and its best score is optimistic.',
        related: [{ range: unit.range(fit.call), message: 'The test data is the validation data of this fit.' }],
      });
    }
    // A kept best that the selection rules report as a choice among candidates is theirs.
    const chosen = new Set(testScoredChoices(unit, facts).map((c) => c.span.from));
    for (const b of facts.bestOnTest) {
      if (b.scored && chosen.has(b.span.from)) continue;
      const where = b.scored ? `computed in ${placeOf(unit, b.loop)}` : `looped over in ${placeOf(unit, b.loop)}`;
      report({
        span: b.span,
        message:
          `The best epoch or checkpoint is kept by a score on the test data ${where}. ` +
          'The test set picks the model, so its best score is optimistic.',
        related: [{ range: unit.range(b.loop), message: 'The test data is scored here.' }],
      });
    }
    const lin = new Lineage();
    for (const { fit, evaluation } of selectedOnScoredPart(facts, lin)) {
      if (done.has(fit.call.from)) continue;
      done.add(fit.call.from);
      const keras = fit.object.role === 'keras-model';
      const q = fit.object.qualified;
      const keeper = keras
        ? 'The callbacks keep the best epoch'
        : `\`${boosterTrain(q) ? q : shortName(q)}\` keeps the best iteration`;
      report({
        span: fit.call,
        message:
          `${keeper} by the held-out rows passed here, and its score is then reported on those same rows ` +
          `(${placeOf(unit, evaluation.span)}). With no other held-out rows, that part is the test set: it chose ` +
          'the model, so its score is optimistic.',
        related: [{ range: unit.range(evaluation.span), message: 'It is scored on the same rows here.' }],
      });
    }
    // A decision threshold read off the curve of test predictions, then used for a score on the same test part.
    const testOnly = (n: DataNode | undefined) => hasPart(n, 'test') && !hasPart(n, 'val');
    const curvesReported = new Set<number>();
    for (const ev of facts.evals) {
      if (!ev.inputs || !testOnly(ev.data)) continue;
      const testMarks = ev.data!.parts.filter((p) => p.kind === 'test');
      let curve: DataNode['curve'];
      for (const i of ev.inputs) {
        for (const a of lin.of(i)) {
          const c = a.curve;
          if (c && testOnly(c.input) && c.input!.parts.some((p) => testMarks.includes(p))) curve = c;
        }
      }
      if (!curve || curvesReported.has(curve.span.from)) continue;
      curvesReported.add(curve.span.from);
      report({
        span: curve.span,
        message:
          'A decision threshold is read off this curve of test predictions and the test score in ' +
          `${placeOf(unit, ev.span)} is computed with it. The test set chose the threshold, so that score is ` +
          'optimistic.',
        related: [
          { range: unit.range(ev.span), message: 'The test score with the chosen threshold is computed here.' },
        ],
      });
    }
    // A threshold chosen by a function of another module on held-out rows, then used by another to score them.
    for (const { choice, score } of helperThresholds(projectIndex, facts, lin)) {
      if (done.has(choice.span.from)) continue;
      done.add(choice.span.from);
      const chooser = `\`${choice.qualified.slice(choice.qualified.lastIndexOf('.') + 1)}\``;
      if (score === choice) {
        report({
          span: choice.span,
          message:
            `${chooser} scores candidates on these held-out rows, picks the best and reports its score. Those rows ` +
            'made the choice, so the score reported is optimistic.',
          affects: [],
        });
        continue;
      }
      report({
        span: choice.span,
        message:
          `${chooser} picks the decision threshold by its score on these held-out rows, and the score in ` +
          `${placeOf(unit, score.span)} is computed on the same rows with it. Those rows chose the threshold, so ` +
          'that score is optimistic.',
        related: [{ range: unit.range(score.span), message: 'The rows are scored with the chosen threshold here.' }],
        // Only the scores at the threshold are optimistic; those that need none (ROC AUC, PR AUC) of the same rows
        // still evaluate the model on held-out data, so the held-out evaluation stands.
        affects: [],
      });
    }
    for (const f of facts.fits) {
      if (f.object.role !== 'search' || !isFull(f.data) || done.has(f.call.from)) continue;
      const ev = facts.evals.find(
        (e) =>
          e.fit === f &&
          e.data &&
          (hasPart(e.data, 'test') || hasPart(e.data, 'val')) &&
          lin.derivesFrom(e.data, f.data!),
      );
      if (!ev) continue;
      done.add(f.call.from);
      report({
        span: f.call,
        message:
          `\`${shortName(f.object.qualified)}\` is fit on all rows and then scored on a part of them, so the test ` +
          'rows helped choose and train the model and the score is optimistic.',
        related: [{ range: unit.range(ev.span), message: 'It is scored here.' }],
      });
    }
    // A search fit on all rows whose chosen settings are kept (`RandomForestClassifier(**grid.best_params_)`,
    // `best_params[name] = grid.best_params_`, not only printed) for a model then scored on the test part of a split
    // of those rows.
    for (const f of facts.fits) {
      if (f.object.role !== 'search' || !f.data || !isFull(f.data) || done.has(f.call.from)) continue;
      const receiver = f.call.func.kind === 'Attribute' ? unit.text(f.call.func.value) : undefined;
      if (!receiver || !/^[\w.]+$/.test(receiver) || !keepsBestParams(unit, `${receiver}.best_params_`, f.call.to))
        continue;
      const ev = laterTestScore(facts, lin, f.seq, f.data);
      if (!ev) continue;
      done.add(f.call.from);
      report({
        span: f.call,
        message:
          `\`${shortName(f.object.qualified)}\` is fit on all rows here, so the rows of the test part scored later ` +
          'helped pick its settings and that test score is optimistic. Fit the search on the training part only.',
        related: [{ range: unit.range(ev.span), message: 'The test part is scored here.' }],
      });
    }
    // A setting picked by cross-validating each candidate on all rows, the test part of a later split of them
    // included, for a model that is then scored on that test part.
    for (const cv of facts.cvs) {
      const loop = cv.estimator?.tunedBy.find((l) => l.stmt);
      if (!loop?.stmt || !cv.data || !isFull(cv.data) || done.has(cv.span.from)) continue;
      const ev = laterTestScore(facts, lin, cv.seq, cv.data);
      const pick = ev && pickAfterLoop(unit, loop.stmt, cv.span);
      if (!ev || !pick) continue;
      done.add(cv.span.from);
      report({
        span: cv.span,
        message:
          'Each candidate is cross-validated here on all rows, so the rows of the test part scored later helped pick ' +
          'the setting and that test score is optimistic. Cross-validate on the training part only.',
        related: [
          { range: unit.range(pick), message: 'The setting is picked here.' },
          { range: unit.range(ev.span), message: 'The test part is scored here.' },
        ],
      });
    }
  },
};

/** The first score, after `seq`, of the test part of a split of `rows` (not of a validation part cut from it). */
function laterTestScore(facts: FlowFacts, lin: Lineage, seq: number, rows: DataNode): EvalEvent | undefined {
  return facts.evals.find(
    (e) => e.seq > seq && hasPart(e.data, 'test') && !hasPart(e.data, 'val') && lin.derivesFrom(e.data!, rows),
  );
}

/**
 * True when a statement after `after` keeps the settings a search chose (`chosen`: `grid.best_params_`): assigns them
 * somewhere or unpacks them into a call, rather than only printing or showing them.
 */
function keepsBestParams(unit: PythonUnit, chosen: string, after: number): boolean {
  let kept = false;
  walkStatements(unit.module.body, (s) => {
    if (kept || s.to <= after) return false;
    // Into blocks, so that only simple statements' text is read (a block's text holds every statement in it).
    let block = false;
    eachChildBody(s, () => {
      block = true;
    });
    if (block) return true;
    kept =
      unit.text(s).includes(`**${chosen}`) || (s.kind === 'Assign' && !!s.value && unit.text(s.value).includes(chosen));
    return false;
  });
  return kept;
}

/** `lightgbm.train` / `xgboost.train`: named in full, as `train` alone says nothing. */
function boosterTrain(qualified: string): boolean {
  return qualified === 'lightgbm.train' || qualified === 'xgboost.train';
}

/** A model's name in a message: `XGBClassifier`, or "the booster" that `lgb.train` / `xgb.train` returns. */
function boosterName(qualified: string): string {
  return /\.train$/.test(qualified) ? 'the booster' : `\`${shortName(qualified)}\``;
}
