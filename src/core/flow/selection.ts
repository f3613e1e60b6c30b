// Where a model choice is made by a score: hyperparameter loops, Optuna objectives, early stopping and
// checkpoints that watch a held-out set. Shared by the test-set-for-selection and no-validation rules.
import type { Expr, FunctionDefStmt, Span, Stmt } from '../python/ast';
import type { DataNode, EvalEvent, FitEvent, FlowFacts, LoopContext, MlObject, SplitEvent } from './facts';
import type { PythonUnit } from '../python/unit';
import type { RelatedLocation } from '../model/findings';
import { eachChildBody, walkAllExprs, walkExpr, walkStatements } from '../python/walk';
import { keepsBest, mentionedName, rootTarget } from './syntax';
import { type Lineage, hasPart } from './queries';
import { hasSplitSource, onlyTestFileRows, testSplitData } from './lineage';
import { isKerasTuner } from '../libraries/tuning';

/** A hyperparameter loop that scores its candidates on test data. */
export interface TestScoredTuning {
  loop: LoopContext;
  evaluation: EvalEvent;
}

/** Hyperparameter loops (and objectives) whose candidates are scored on a test part, one entry per loop. */
export function testScoredTuning(facts: FlowFacts): TestScoredTuning[] {
  const out: TestScoredTuning[] = [];
  const seen = new Set<LoopContext>();
  for (const ev of facts.evals) {
    if (!watchesTestData(ev.data)) continue;
    // A search object tunes its hyperparameters by its own cross-validation: a loop over searches
    // (one per model family) scores each tuned model once, it does not tune on the test set.
    if (ev.object.role === 'search') continue;
    const loop = ev.object.tunedBy.find((l) => ev.loops.includes(l));
    if (!loop || seen.has(loop)) continue;
    // Each candidate scored on the validation part too, in the same loop: the validation curve is what chooses, the
    // test score of each candidate is reported beside it.
    if (facts.evals.some((e) => e.loops.includes(loop) && hasPart(e.data, 'val') && !hasPart(e.data, 'test'))) continue;
    seen.add(loop);
    out.push({ loop, evaluation: ev });
  }
  return out;
}

/** True when the unit holds out a validation set or cross-validates somewhere. */
export function hasValidation(facts: FlowFacts): boolean {
  if (facts.splits.some((s) => s.kind === 'cv')) return true;
  if (facts.nodes.some((n) => n.splitOutput?.kind === 'val')) return true;
  return facts.objects.some((o) => o.role === 'search');
}

const STOPPING_CALLBACK = /(^|\.)(EarlyStopping|ModelCheckpoint|early_stopping)$/;

/**
 * Test data an evaluation set (or a score that chooses) can be: the test part of a split, a loader's test split
 * (`mnist.load_data()`'s second pair, `CIFAR10(train=False)`) or rows read from a file named as the test split
 * (`X_test.npy`, or a path held by `test_path`), but no part of it set aside for validation.
 */
function watchesTestData(n: DataNode | undefined): boolean {
  if (!n || hasPart(n, 'val')) return false;
  return hasPart(n, 'test') || testSplitData(n) || (!n.parts.length && onlyTestFileRows(n));
}

/** A fit that stops early or keeps the best checkpoint by a score on test data. */
export function earlyStoppingOnTest(facts: FlowFacts): FitEvent[] {
  return facts.fits.filter((f) => {
    if (!watchedEvalData(f).some(watchesTestData)) return false;
    return selectsByEvalSet(f);
  });
}

/**
 * A Keras fit given test data as `validation_data` (without a callback that stops or keeps the best epoch), whose
 * recorded validation scores the unit then picks the best of (`np.argmax(history.history["val_accuracy"])`,
 * `max(h.history["val_acc"])`): the epoch chosen, or the score reported, is the best of many on the test set. The pick
 * is the first such call in the unit.
 */
export function bestEpochFromTestHistory(unit: PythonUnit, facts: FlowFacts): { fit: FitEvent; pick: Span }[] {
  const fits = facts.fits.filter(
    (f) => f.object.role === 'keras-model' && !selectsByEvalSet(f) && watchedEvalData(f).some(watchesTestData),
  );
  if (!fits.length) return [];
  let pick: Span | undefined;
  walkAllExprs(unit.module.body, (e) => {
    if (pick || e.kind !== 'Call') return;
    const f = calledName(e);
    if (!PICKS.has(f) || f.startsWith('sort')) return;
    if (RECORDED_VALIDATION.test(unit.text(e))) pick = { from: e.from, to: e.to };
  });
  return pick ? fits.map((fit) => ({ fit, pick: pick! })) : [];
}

/** A read of a validation metric a Keras fit recorded (`history.history["val_accuracy"]`, `h.history['val_loss']`). */
const RECORDED_VALIDATION = /\.history\s*\[\s*['"]val_/;

/** An early-stopping fit whose held-out part is then the part its model is scored on. */
export interface SelectedOnScoredPart {
  fit: FitEvent;
  evaluation: EvalEvent;
}

/**
 * Fits that stop early or keep the best iteration by a validation part that is the only held-out part of its
 * rows (the other side of a first split, whatever its name), when that fit is then scored on that very part:
 * the reported score was also the one that chose the model.
 */
export function selectedOnScoredPart(facts: FlowFacts, lin: Lineage): SelectedOnScoredPart[] {
  const out: SelectedOnScoredPart[] = [];
  // The other side of a split of rows that were not a training part: no test part is left beside it. Rows a
  // loader gave as the training split (Keras's `load_data()` pair) have their test part beside them.
  // A test part beside it that is never scored leaves the validation part as the only one reported.
  const testScored = facts.evals.some((e) => e.data && (hasPart(e.data, 'test') || hasSplitSource(e.data, 'test')));
  const trainingRows = (i: DataNode) => testScored && (hasPart(i, 'train') || hasSplitSource(i, 'train'));
  // A split that also set a test side aside (`train`, `valid` and `test` slices of one frame) left one.
  const testSide = new Set(
    testScored ? facts.nodes.flatMap((n) => n.parts.filter((p) => p.kind === 'test').map((p) => p.split)) : [],
  );
  const onlyHeldOut = (n: DataNode) =>
    n.parts.some((p) => p.kind === 'val' && !testSide.has(p.split) && !p.split.inputs.some(trainingRows)) &&
    !hasPart(n, 'test');
  for (const f of facts.fits) {
    const held = watchedEvalData(f).filter(onlyHeldOut);
    // Inside an Optuna objective the score on that part is what the search minimises, not a reported result.
    if (!held.length || !selectsByEvalSet(f) || f.loops.some((l) => l.fn)) continue;
    // Scored later on the same rows, while this fit is the one in effect.
    const ev = facts.evals.find(
      (e) => e.fit === f && e.data && held.some((h) => e.data === h || lin.sameRows(e.data!, h)),
    );
    // A model also scored on a test part has its honest score there.
    if (!ev || facts.evals.some((e) => e.fit === f && hasPart(e.data, 'test'))) continue;
    out.push({ fit: f, evaluation: ev });
  }
  return out;
}

/**
 * The evaluation sets that decide when a fit stops: XGBoost and TabNet stop on the last entry of `evals` / `eval_set`
 * only (the others are logged), other libraries on any of them.
 */
function watchedEvalData(f: FitEvent): DataNode[] {
  return f.watched ?? f.evalData;
}

function ctorKeyword(o: MlObject, name: string): boolean {
  return o.call.keywords.some((k) => k.name === name);
}

/** The callbacks that stop a fit or keep its best epoch by a held-out score (`EarlyStopping`, `ModelCheckpoint`). */
export function stoppingCallbacks(f: FitEvent): MlObject[] {
  return f.callbacks.filter((c) => STOPPING_CALLBACK.test(c.qualified) && !monitorsTraining(c));
}

/** True when a fit's evaluation set decides something (rounds, epochs, the kept checkpoint), not just gets logged. */
function selectsByEvalSet(f: FitEvent): boolean {
  if (stoppingCallbacks(f).length) return true;
  // A Keras Tuner keeps the candidate with the best objective, a validation score unless told a training one.
  if (isKerasTuner(f.object.qualified)) return tunerWatchesValidation(f.object);
  if (f.keywords.has('early_stopping_rounds') || ctorKeyword(f.object, 'early_stopping_rounds')) return true;
  const q = f.object.qualified;
  if (q.startsWith('catboost.')) {
    // CatBoost keeps the best iteration on the eval set unless told otherwise.
    const off = [...f.call.keywords, ...f.object.call.keywords].some(
      (k) => k.name === 'use_best_model' && k.value.kind === 'Constant' && k.value.value === false,
    );
    return !off;
  }
  // TabNet stops early on the last of its evaluation sets (`patience=10` unless told 0) and keeps that epoch's weights.
  if (q.startsWith('pytorch_tabnet.'))
    return !f.call.keywords.some((k) => k.name === 'patience' && k.value.kind === 'Constant' && k.value.value === 0);
  return false;
}

/**
 * True unless a Keras Tuner is told an objective on the training rows (`objective="accuracy"`, or
 * `kt.Objective("loss", ...)`): its default and every `val_` objective are scores on the validation data.
 */
function tunerWatchesValidation(o: MlObject): boolean {
  let objective = o.call.keywords.find((k) => k.name === 'objective')?.value;
  if (objective?.kind === 'Call')
    objective = objective.args[0] ?? objective.keywords.find((k) => k.name === 'name')?.value;
  return !(objective?.kind === 'Constant' && typeof objective.value === 'string' && !/^val_/.test(objective.value));
}

/**
 * A stopping or checkpoint callback told to watch a training metric (`EarlyStopping(monitor="loss")`): it never
 * reads the validation data, which is then only logged. The default (`val_loss`) watches it.
 */
function monitorsTraining(c: MlObject): boolean {
  // `EarlyStopping(monitor, ...)`, `ModelCheckpoint(filepath, monitor, ...)`.
  const at = /ModelCheckpoint$/.test(c.qualified) ? 1 : 0;
  const m = c.call.keywords.find((k) => k.name === 'monitor')?.value ?? c.call.args[at];
  return m?.kind === 'Constant' && typeof m.value === 'string' && !/val/i.test(m.value);
}

/** True when a fit prints no evaluation scores while it trains (`verbose=False`, `verbose=0`, `verbose_eval=False`). */
export function silentFit(f: FitEvent): boolean {
  const quiet = (k: { name?: string; value: { kind: string; value?: unknown } }) =>
    (k.name === 'verbose' || k.name === 'verbose_eval' || k.name === 'silent') &&
    k.value.kind === 'Constant' &&
    (k.name === 'silent' ? k.value.value === true : k.value.value === false || k.value.value === 0);
  return f.call.keywords.some(quiet) || f.object.call.keywords.some(quiet);
}

/** Attributes that hold the scores a fit recorded on its evaluation sets. */
const RECORDED_SCORES = new Set(['history', 'evals_result', 'evals_result_', 'best_score', 'best_score_']);

/** True when the unit reads what a fit recorded on its evaluation sets (`history.history["val_accuracy"]`). */
export function readsRecordedScores(unit: PythonUnit): boolean {
  let found = false;
  walkAllExprs(unit.module.body, (e) => {
    if (e.kind === 'Attribute' && RECORDED_SCORES.has(e.attr)) found = true;
  });
  return found;
}

/**
 * True when no number is computed on the held-out rows of `split`: they are never scored, predicted on, written out,
 * cross-validated or read back from a fit's recorded scores; at most they stop a fit that prints nothing while it
 * trains (`eval_set=valid_pool, verbose=False`), which they are seen doing. A fit before such a split makes no
 * reported score optimistic.
 */
export function heldOutNeverScored(facts: FlowFacts, split: SplitEvent, readsFitScores: boolean): boolean {
  if (readsFitScores || facts.cvs.some((c) => c.split === split)) return false;
  const held = (n: DataNode | undefined) => !!n && n.parts.some((p) => p.split === split && p.kind !== 'train');
  if (facts.evals.some((e) => held(e.data)) || facts.writes.some((w) => held(w.data))) return false;
  if (facts.nodes.some((n) => n.prediction && held(n.prediction.input))) return false;
  // Seen stopping a silent fit: rows the pass sees no use of at all may be scored where it cannot look (a
  // framework's own test loop), so they are not taken as unscored.
  if (!facts.fits.some((f) => silentFit(f) && f.evalData.some(held))) return false;
  return facts.fits.every((f) => !held(f.data) && (silentFit(f) || !f.evalData.some(held)));
}

/** A choice made by scores on a test part: the best of several models or settings kept, or picked out of a table. */
export interface TestScoredChoice {
  /** The comparison that keeps the best (`if auc > best_auc:`) or the call that picks it (`max(results, key=...)`). */
  span: Span;
  /** The loop whose candidates are scored; undefined for two candidates scored one after the other. */
  loop?: LoopContext;
  /** A test score of one candidate. */
  evaluation: EvalEvent;
  /** Where the scores were put in order, when the best is the first row of the sorted table or picked from it. */
  order?: Span;
}

/** Calls that pick the best of several scores: `max(results, key=...)`, `scores.idxmax()`, `df.sort_values(...)`. */
const PICKS = new Set([
  'max',
  'min',
  'sorted',
  'argmax',
  'argmin',
  'nanargmax',
  'nanargmin',
  'idxmax',
  'idxmin',
  'sort_values',
  'nlargest',
  'nsmallest',
  'sort',
]);
const GROWERS = new Set(['append', 'extend', 'update', 'insert', 'add', 'setdefault']);
const BEST = /best|champion|winner|selected|chosen/i;
/** Picks that put scores in order: the first of them is then the best. */
const ORDERS = new Set(['sorted', 'sort_values', 'nlargest', 'nsmallest', 'sort']);

/** The table whose first row `e` takes (`df.iloc[0]`, `df.iloc[0]["model"]`, `df.head(1)`, `df.index[0]`), if any. */
function firstRowOf(e: Expr): string | undefined {
  let cur = e;
  // Columns of that row (`df.iloc[0]["model"]`).
  while (cur.kind === 'Subscript' && cur.value.kind === 'Subscript') cur = cur.value;
  if (
    cur.kind === 'Call' &&
    cur.func.kind === 'Attribute' &&
    cur.func.attr === 'head' &&
    cur.func.value.kind === 'Name'
  )
    return cur.func.value.id;
  if (cur.kind !== 'Subscript' || cur.index.length !== 1) return undefined;
  const i = cur.index[0];
  if (i.kind !== 'Constant' || i.value !== 0) return undefined;
  const v = cur.value;
  if (v.kind === 'Attribute' && (v.attr === 'iloc' || v.attr === 'index') && v.value.kind === 'Name') return v.value.id;
  return v.kind === 'Name' ? v.id : undefined;
}

/**
 * Loops that score several candidates (models, thresholds, settings) on a test part and keep the best by that score:
 * `if auc > best_auc: best_model = model` in the loop, or a table of the scores the loop collected from which the best
 * is then picked into a name that says so (`best_model = max(results, key=...)`, `results.sort_values(...)` then
 * `best = results.iloc[0]`). The scores are followed by name from the assignments that hold an evaluation the
 * data flow saw on test rows. Hyperparameter loops (`testScoredTuning`) and epochs over a test loader
 * (`bestOnTest`) are reported on their own.
 */
export function testScoredChoices(unit: PythonUnit, facts: FlowFacts): TestScoredChoice[] {
  const tuning = new Set(testScoredTuning(facts).map((t) => t.loop));
  const kept = new Set(facts.bestOnTest.filter((b) => !b.scored).map((b) => b.span.from));
  // Every score on test rows in each loop: any of them may be the one the best is kept by (accuracy and recall
  // printed, ROC AUC compared).
  const scored = new Map<LoopContext, EvalEvent[]>();
  for (const ev of facts.evals) {
    if (!watchesTestData(ev.data)) continue;
    const loop = ev.loops[ev.loops.length - 1];
    if (!loop?.stmt || tuning.has(loop)) continue;
    const list = scored.get(loop);
    if (list) list.push(ev);
    else scored.set(loop, [ev]);
  }
  if (!scored.size) return [];
  const defs = new Map<string, FunctionDefStmt>();
  walkStatements(unit.module.body, (s) => {
    if (s.kind === 'FunctionDef') defs.set(s.name, s);
  });
  const out: TestScoredChoice[] = [];
  for (const [loop, evs] of scored) {
    const stmt = loop.stmt!;
    // Epochs of one model, made before the loop and trained on each round: the best epoch it keeps is ML103's.
    if (epochLoop(loop, evs)) continue;
    const ev = evs[0];
    const within = (s: { from: number; to: number }) => evs.some((e) => s.from <= e.span.from && e.span.to <= s.to);
    // An expression holding the score: the metric itself, or a call of the unit's function that computes it.
    const holdsEval = (e: Expr): boolean => {
      if (!within(e)) {
        let found = false;
        walkExpr(e, (x) => {
          if (found) return false;
          if (x.kind === 'Call' && x.func.kind === 'Name') {
            const d = defs.get(x.func.id);
            if (d && within(d)) found = true;
          }
          return true;
        });
        return found;
      }
      return true;
    };
    const scores = new Set<string>();
    const picked = new Map<string, Span>();
    // Where tables of the scores are put in order (`results_df.sort_values("ROC-AUC")`), by the sort's offset.
    const orders = new Set<number>();
    const holdsScore = (e: Expr) => holdsEval(e) || !!mentionedName(e, scores);
    // The keys of the records the scores are collected in (`{"model": name, "test_f1": f1, "cv_f1": cv}`): those
    // whose values hold a test score, and the others.
    const testKeys = new Set<string>();
    const otherKeys = new Set<string>();
    // The record fields an expression names: whether one holds a test score, and whether one is another field.
    const fieldsNamed = (e: Expr) => {
      let test = false;
      let other = false;
      walkExpr(e, (x) => {
        if (x.kind === 'Constant' && x.type === 'str') {
          const k = String(x.value);
          if (testKeys.has(k)) test = true;
          else if (otherKeys.has(k)) other = true;
        }
        return !test;
      });
      return { test, other };
    };
    const recordKeys = (e: Expr) =>
      walkExpr(e, (x) => {
        if (x.kind !== 'Dict') return true;
        for (const { key, value } of x.items) {
          if (key?.kind !== 'Constant' || key.type !== 'str') continue;
          const k = String(key.value);
          // A value reading a field that holds a test score (`{"ROC-AUC": r["auc"]}`) holds one too.
          if (holdsScore(value) || fieldsNamed(value).test) {
            testKeys.add(k);
            otherKeys.delete(k);
          } else if (!testKeys.has(k)) otherKeys.add(k);
        }
        return true;
      });
    // A pick by a record's field that holds no test score (`max(runs, key=lambda r: r["cv_f1"])`,
    // `df.sort_values("cv_f1")`): the fields it names are all known, and none is a test score.
    const byOtherField = (call: Expr): boolean => {
      const { test, other } = fieldsNamed(call);
      return other && !test;
    };
    const pickIn = (e: Expr): Extract<Expr, { kind: 'Call' }> | undefined => {
      let at: Extract<Expr, { kind: 'Call' }> | undefined;
      walkExpr(e, (x) => {
        if (at) return false;
        if (x.kind !== 'Call') return true;
        const f = calledName(x);
        if (PICKS.has(f) && holdsScore(x) && !byOtherField(x)) at = x;
        return true;
      });
      return at;
    };
    const choices: Span[] = [];
    let order: Span | undefined;
    const bestUnderKey = (e: Expr) =>
      walkExpr(e, (x) => {
        if (x.kind !== 'Dict') return true;
        for (const { key, value } of x.items) {
          if (key?.kind !== 'Constant' || key.type !== 'str' || !BEST.test(String(key.value))) continue;
          const at = pickIn(value);
          if (at && !choices.some((c) => c.from === at.from)) choices.push({ from: at.from, to: at.to });
        }
        return true;
      });
    const visit = (s: Stmt, inLoop: boolean) => {
      if ((s.kind === 'Expr' || s.kind === 'Assign') && s.value) recordKeys(s.value);
      // The best kept under a key that says so (`json.dump({"best_f1": df.loc[df.f1.idxmax()].to_dict()}, f)`).
      if (!inLoop && (s.kind === 'Expr' || s.kind === 'Assign') && s.value) bestUnderKey(s.value);
      if (s.kind === 'Assign' && s.value) {
        const value = s.value;
        if (!holdsScore(value)) {
          // A name given something else no longer holds the scores (`results = search.cv_results_` later on).
          for (const t of s.targets) {
            if (t.kind !== 'Name') continue;
            scores.delete(t.id);
            picked.delete(t.id);
          }
          return;
        }
        const own = pickIn(value);
        // Where the scores the value names were picked or put in order.
        const named = picked.get(mentionedName(value, picked) ?? '');
        const from = own ? undefined : named;
        // The first row of a table sorted earlier (`best_name = results_df.iloc[0]["Model"]`): the choice is made
        // where that row is taken, the sort only put the rows in order.
        const fromOrder = from && orders.has(from.from) && firstRowOf(value) !== undefined;
        // Or the best picked from a table sorted earlier (`results_df[metric].idxmax()` after `sort_values("R²")`):
        // the sort ranked the candidates first, and stays a related place.
        const ranked = own && named && orders.has(named.from) ? named : undefined;
        const at = own ? { from: own.from, to: own.to } : fromOrder ? { from: value.from, to: value.to } : from;
        for (const t of s.targets) {
          for (const name of targetNames(t)) {
            scores.add(name);
            if (at) picked.set(name, at);
            if (own && ORDERS.has(calledName(own))) orders.add(own.from);
            if (at && BEST.test(name) && !choices.some((c) => c.from === at.from || c.from === from?.from)) {
              choices.push(at);
              if (choices.length === 1) order = fromOrder ? from : ranked;
            }
          }
        }
      } else if (s.kind === 'AugAssign' && holdsScore(s.value)) {
        for (const name of targetNames(s.target)) scores.add(name);
      } else if (s.kind === 'Expr' && s.value.kind === 'Call' && s.value.func.kind === 'Attribute') {
        const call = s.value;
        const f = call.func as Extract<Expr, { kind: 'Attribute' }>;
        if (GROWERS.has(f.attr) && [...call.args, ...call.keywords.map((k) => k.value)].some(holdsScore))
          for (const name of targetNames(f.value)) scores.add(name);
      } else if (s.kind === 'If' && inLoop) {
        for (const b of s.branches) {
          if (!holdsScore(b.test) || kept.has(b.test.from) || !keepsBest(b.test, b.body)) continue;
          if (!choices.some((c) => c.from === b.test.from)) choices.push({ from: b.test.from, to: b.test.to });
        }
      } else if (s.kind === 'For' && holdsScore(s.iter)) {
        for (const name of targetNames(s.target)) scores.add(name);
      }
    };
    // Twice over the loop's body (a score kept in one statement is read in an earlier one on the next round), then
    // once over what follows the loop in the same block.
    for (let round = 0; round < 2; round++) walkStatements(stmt.body, (s) => visit(s, true));
    for (const s of statementsAfter(unit.module.body, stmt)) walkStatements([s], (x) => visit(x, false));
    // A loop in a function of the unit that returns the scores (`report = evaluate_models(X_train, ..., X_test,
    // y_test, models)`): the best may be picked where the function is called, after its definition.
    const home = enclosingDef(defs, stmt);
    if (home && !choices.length)
      for (const s of statementsAfter(unit.module.body, home)) walkStatements([s], (x) => visit(x, false));
    // One choice per loop: the best model's name and its score picked from the same scores are one choice.
    if (choices.length) out.push({ span: choices[0], loop, evaluation: ev, order });
  }
  return out;
}

/** The innermost function of the unit that holds `s`, if any. */
function enclosingDef(defs: ReadonlyMap<string, FunctionDefStmt>, s: Stmt): FunctionDefStmt | undefined {
  let best: FunctionDefStmt | undefined;
  for (const d of defs.values()) if (d.from <= s.from && s.to <= d.to && (!best || best.from <= d.from)) best = d;
  return best;
}

/**
 * A loop over a range of rounds whose scores are all of models made before it was entered (ids are given in the order
 * the flow runs): one model trained on, epoch by epoch. A range over the length of something counts positions.
 */
function epochLoop(loop: LoopContext, evs: EvalEvent[]): boolean {
  const iter = loop.stmt?.iter;
  if (iter?.kind !== 'Call' || iter.func.kind !== 'Name' || iter.func.id !== 'range') return false;
  // `range(len(models))`: the positions of the candidates, not rounds.
  const count = iter.args[iter.args.length - 1];
  if (count?.kind === 'Call' && count.func.kind === 'Name' && count.func.id === 'len') return false;
  return evs.every((e) => e.object.id < loop.id);
}

/** Where a choice's candidates are scored, as related locations of the finding that reports it. */
export function choiceRelated(unit: PythonUnit, c: TestScoredChoice): RelatedLocation[] {
  return [
    ...(c.loop ? [{ range: unit.range(c.loop.span), message: 'The candidates are scored in this loop.' }] : []),
    { range: unit.range(c.evaluation.span), message: 'Each is scored on test data here.' },
    ...(c.order
      ? [{ range: unit.range(c.order), message: 'The candidates are put in order by that score here.' }]
      : []),
  ];
}

/**
 * Candidates scored on a test part one after the other, outside any loop, and the better kept by comparing their
 * scores into a name that says so: `best_model = xgb if xgb_rmse < rf_rmse else rf`, or the same written as an
 * `if`/`else`. The scores are followed by name from the assignments that hold such an evaluation (or call the unit's
 * function that computes one). Several scores held at once, by a comprehension that scores each candidate
 * (`[f1_score(y_test, proba >= t) for t in thresholds]`) or a dict or list written out with a score per candidate,
 * are a choice when the best is picked from them into a name that says so (`best_t = thresholds[np.argmax(f1s)]`).
 */
export function testScoredComparisons(unit: PythonUnit, facts: FlowFacts): TestScoredChoice[] {
  const evals = facts.evals.filter((e) => watchesTestData(e.data) && !e.loops.length);
  if (!evals.length) return [];
  // An expression holding a test score: the metric itself, or a call of the unit's function that computes one.
  const defs = functionsScoring(unit, evals);
  const holds = (e: Expr): boolean =>
    someExpr(
      e,
      (x) =>
        x.kind === 'Call' &&
        ((x.func.kind === 'Name' && defs.has(x.func.id)) ||
          evals.some((ev) => ev.calls?.includes(x) || (x.from <= ev.span.from && ev.span.to <= x.to))),
    );
  const scores = new Set<string>();
  // Names holding the scores of several candidates at once, and what is made of them (`pd.DataFrame(rows)`).
  const several = new Set<string>();
  const holdsSeveral = (e: Expr): boolean => {
    if (e.kind === 'Comprehension') return holds(e);
    const items =
      e.kind === 'Dict' ? e.items.map((i) => i.value) : e.kind === 'List' || e.kind === 'Tuple' ? e.elts : [];
    // Each item a score, or a name holding one (`{"Naive Bayes": nb_accuracy, "SVM": svm_accuracy}`).
    const score = (i: Expr) => holds(i) || (i.kind === 'Name' && scores.has(i.id));
    return items.filter(score).length >= 2 || !!mentionedName(e, several);
  };
  // Scores stored one by one into the entries of one dict (`metrics["Lasso"]["MSE_test"] = mse`), per dict.
  const stored = new Map<string, number>();
  walkStatements(unit.module.body, (st) => {
    if (st.kind === 'For' || st.kind === 'While') return false;
    if (st.kind === 'Assign' && st.value && holds(st.value))
      for (const t of st.targets) {
        for (const name of targetNames(t)) scores.add(name);
        const root = t.kind === 'Subscript' ? rootTarget(t) : undefined;
        if (root) stored.set(root, (stored.get(root) ?? 0) + 1);
      }
    if (st.kind === 'Assign' && st.value && !pickOf(st.value, holdsSeveral) && someExpr(st.value, holdsSeveral))
      for (const t of st.targets) for (const name of targetNames(t)) several.add(name);
    // One call scoring several candidates (`report = evaluate_models(X_train, y_train, X_test, y_test, models)`).
    if (st.kind === 'Assign' && st.value && scoresSeveral(st.value, evals))
      for (const t of st.targets) for (const name of targetNames(t)) several.add(name);
    // A list each candidate's scores are appended to, one statement each (`results.append(evaluate(...))`).
    if (st.kind === 'Expr' && st.value.kind === 'Call' && st.value.func.kind === 'Attribute') {
      const call = st.value;
      const f = call.func as Extract<Expr, { kind: 'Attribute' }>;
      if (GROWERS.has(f.attr) && call.args.some(holds))
        for (const name of targetNames(f.value)) {
          stored.set(name, (stored.get(name) ?? 0) + 1);
          if ((stored.get(name) ?? 0) >= 2) several.add(name);
        }
    }
    return true;
  });
  for (const [name, count] of stored) if (count >= 2) several.add(name);
  if (evals.length < 2 && !several.size) return [];
  const compares = (e: Expr): boolean => {
    if (e.kind !== 'Binary' || !/^(<|>|<=|>=)$/.test(e.op)) return false;
    const side = (x: Expr) => x.kind === 'Name' && scores.has(x.id);
    return side(e.left) && side(e.right);
  };
  const out: TestScoredChoice[] = [];
  // One choice per comparison: the best model and its name picked by the same test (`best_name = ... if a < b`).
  const seen = new Set<string>();
  const choose = (test: Expr) => {
    const text = unit.text(test).replace(/\s+/g, '');
    if (seen.has(text)) return;
    seen.add(text);
    out.push({ span: { from: test.from, to: test.to }, evaluation: evals[0] });
  };
  const best = (t: Expr) => targetNames(t).some((n) => BEST.test(n));
  // Tables of the scores put in order (`results_df = results_df.sort_values("MAE")`).
  const sorted = new Set<string>();
  walkStatements(unit.module.body, (st) => {
    if (st.kind === 'For' || st.kind === 'While') return false;
    if (st.kind === 'Assign' && st.value?.kind === 'Conditional' && compares(st.value.test) && st.targets.some(best))
      choose(st.value.test);
    const pick = st.kind === 'Assign' && st.value && st.targets.some(best) ? pickOf(st.value, holdsSeveral) : undefined;
    if (pick) choose(pick);
    else if (st.kind === 'Assign' && st.value) {
      const order = pickOf(st.value, holdsSeveral);
      if (order && ORDERS.has(calledName(order)))
        for (const t of st.targets) for (const name of targetNames(t)) sorted.add(name);
      // Its first row kept as the best (`champion = results_df.iloc[0]`): the order chose it.
      // (One choice per table: its best model's name and score picked from it are one choice.)
      const first = st.targets.some(best) ? firstRowOf(st.value) : undefined;
      if (first && sorted.has(first)) {
        choose(st.value);
        sorted.delete(first);
      }
    }
    if (st.kind === 'If')
      for (const b of st.branches) {
        const keeps = [...b.body, ...st.orelse].some((x) => x.kind === 'Assign' && x.targets.some(best));
        if (compares(b.test) && keeps) choose(b.test);
      }
    return true;
  });
  return out;
}

/** True when `e` is one call that scores two or more models (the project's evaluation handed a dict of them). */
function scoresSeveral(e: Expr, evals: readonly EvalEvent[]): boolean {
  if (e.kind !== 'Call') return false;
  const models = new Set(evals.filter((ev) => ev.span.from === e.from && ev.span.to === e.to).map((ev) => ev.object));
  return models.size >= 2;
}

/**
 * The unit's functions (by name) whose body holds one of `evals` on rows it does not take from a caller (the test part
 * of the module, `X_test`): every call of them scores on it. One scoring the rows each call hands it is matched by
 * the calls the evaluation records instead.
 */
function functionsScoring(unit: PythonUnit, evals: readonly EvalEvent[]): Set<string> {
  const out = new Set<string>();
  walkStatements(unit.module.body, (s) => {
    if (s.kind === 'FunctionDef' && evals.some((e) => !e.calls?.length && s.from <= e.span.from && e.span.to <= s.to))
      out.add(s.name);
  });
  return out;
}

/** The first call in `e` that picks the best (`max`, `np.argmax`, `.idxmax()`, ...) of what `from` holds. */
function pickOf(e: Expr, from: (x: Expr) => boolean): Extract<Expr, { kind: 'Call' }> | undefined {
  let at: Extract<Expr, { kind: 'Call' }> | undefined;
  walkExpr(e, (x) => {
    if (at) return false;
    if (x.kind !== 'Call') return true;
    const f = calledName(x);
    if (!PICKS.has(f)) return true;
    const receiver = x.func.kind === 'Attribute' ? [x.func.value] : [];
    if ([...x.args, ...receiver].some((a) => someExpr(a, from))) at = x;
    return !at;
  });
  return at;
}

/** The name a call is made by: `max` of `max(xs)`, `idxmax` of `s.idxmax()`; empty for anything else. */
function calledName(call: Extract<Expr, { kind: 'Call' }>): string {
  return call.func.kind === 'Name' ? call.func.id : call.func.kind === 'Attribute' ? call.func.attr : '';
}

/** True when `e` or an expression within it satisfies `test`. */
function someExpr(e: Expr, test: (x: Expr) => boolean): boolean {
  let found = false;
  walkExpr(e, (x) => {
    if (found) return false;
    if (test(x)) found = true;
    return !found;
  });
  return found;
}

/** The names an assignment target binds or changes: `a`, `a, b`, `results[name]` (results), `self.best` (best). */
function targetNames(t: Expr): string[] {
  if (t.kind === 'Name') return [t.id];
  if (t.kind === 'Tuple' || t.kind === 'List') return t.elts.flatMap(targetNames);
  if (t.kind === 'Starred') return targetNames(t.value);
  if (t.kind === 'Subscript') return targetNames(t.value);
  if (t.kind === 'Attribute') return [t.attr];
  return [];
}

/**
 * The statements that run after `stmt` in its function or module: the rest of its block, then the rest of each block
 * around it (a loop inside `with mlflow.start_run():` is followed by what comes after the `with`).
 */
function statementsAfter(body: Stmt[], stmt: Stmt): Stmt[] {
  const path: Array<{ block: Stmt[]; index: number }> = [];
  const find = (b: Stmt[]): boolean => {
    for (let i = 0; i < b.length; i++) {
      const s = b[i];
      if (s.to <= stmt.from || stmt.to <= s.from) continue;
      path.push({ block: b, index: i });
      if (s === stmt) return true;
      let found = false;
      eachChildBody(s, (c) => {
        if (!found) found = find(c);
      });
      if (found) return true;
      path.pop();
    }
    return false;
  };
  if (!find(body)) return [];
  const out: Stmt[] = [];
  for (let k = path.length - 1; k >= 0; k--) {
    const { block, index } = path[k];
    for (let i = index + 1; i < block.length; i++) out.push(block[i]);
    const owner = k > 0 ? path[k - 1].block[path[k - 1].index] : undefined;
    if (owner?.kind === 'FunctionDef' || owner?.kind === 'ClassDef') break;
  }
  return out;
}

/**
 * Where the best setting of a tuning loop is picked after it, from the test scores the loop collected: `best =
 * max(test_score)` after `for k in range(1, 21): ... test_score.append(knn.score(X_test, y_test))`. Followed by name
 * through the loop's statements: a list or dict grown with a score (or a name bound to one), then picked within the
 * next few statements of the same block.
 */
export function pickAfterLoop(unit: PythonUnit, loop: Stmt, evaluation: Span): Span | undefined {
  const within = (e: { from: number; to: number }) => e.from <= evaluation.from && evaluation.to <= e.to;
  // Names bound to the score inside the loop, then the collections grown with one of them.
  const scores = new Set<string>();
  const collections = new Set<string>();
  const body = 'body' in loop && Array.isArray(loop.body) ? (loop.body as Stmt[]) : [];
  walkStatements(body, (s) => {
    if (s.kind === 'Assign' && s.value && (within(s.value) || !!mentionedName(s.value, scores))) {
      for (const t of s.targets) {
        if (t.kind === 'Name') scores.add(t.id);
        else if (t.kind === 'Subscript' && t.value.kind === 'Name') collections.add(t.value.id);
      }
    }
  });
  walkAllExprs(body, (e) => {
    if (e.kind !== 'Call' || e.func.kind !== 'Attribute' || !GROWERS.has(e.func.attr)) return;
    if (e.func.value.kind !== 'Name') return;
    if (e.args.some((a) => within(a) || !!mentionedName(a, scores))) collections.add(e.func.value.id);
  });
  if (!collections.size) return undefined;
  // The block the loop sits in, and the few statements after it.
  let container: Stmt[] | undefined;
  const find = (b: Stmt[]): void => {
    if (container) return;
    if (b.includes(loop)) {
      container = b;
      return;
    }
    for (const s of b) eachChildBody(s, find);
  };
  find(unit.module.body);
  if (!container) return undefined;
  const after = container.slice(container.indexOf(loop) + 1, container.indexOf(loop) + 9);
  let pick: Span | undefined;
  walkAllExprs(after, (e) => {
    if (pick) return false;
    if (e.kind !== 'Call') return true;
    const f = calledName(e);
    const picksFrom =
      e.args.some((a) => !!mentionedName(a, collections)) ||
      (e.func.kind === 'Attribute' && !!mentionedName(e.func.value, collections));
    if ((PICKS.has(f) || f === 'index') && picksFrom) pick = { from: e.from, to: e.to };
    return !pick;
  });
  return pick;
}
