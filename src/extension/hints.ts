// What the editor hints say, computed from the syntax tree in the worker: a summary of each split
// call (sizes, stratified, seeded, validation) and where a model is trained.
import type { SourceRange } from '../core/model/findings';
import type { CallExpr, Expr } from '../core/python/ast';
import { qualifiedName } from '../core/python/imports';
import { walkStatements } from '../core/python/walk';
import { unitIndex } from '../core/semantic/index';
import type { PythonUnit } from '../core/python/unit';
import { apiRole } from '../core/libraries/catalog';
import { isKerasModelClass, TRAINABLE_ROLES } from '../core/libraries/training';

/** A summary shown after a split call. */
export interface SplitHint {
  /** The whole call; the hint sits at its end. */
  range: SourceRange;
  label: string;
  tooltip: string;
}

/** The first model training in a cell (notebooks) or a file. */
export interface TrainingHint {
  range: SourceRange;
  /** What is trained, as written (`model.fit`). */
  call: string;
}

/** Hints of one Python file or notebook. */
export interface UnitHints {
  splits: SplitHint[];
  training: TrainingHint[];
}

/** Computes the hints of one unit. */
export function unitHints(unit: PythonUnit): UnitHints {
  const splitCalls: CallExpr[] = [];
  const trainable = new Set<string>();
  walkStatements(unit.module.body, (s) => {
    if (s.kind === 'Assign' && s.value?.kind === 'Call' && isTrainableCtor(s.value.func, unit)) {
      for (const t of s.targets) if (t.kind === 'Name') trainable.add(t.id);
    }
  });
  const training: TrainingHint[] = [];
  const trainedIn = new Set<number | undefined>();
  // Every call with its callee resolved, from the unit's semantic index (kept while the unit is unchanged).
  for (const site of unitIndex(unit).callSites) {
    const e = site.call;
    if (apiRole(site.qualified) === 'splitter-function') splitCalls.push(e);
    if (e.func.kind === 'Attribute' && e.func.attr === 'fit') {
      const owner = e.func.value;
      const trains =
        (owner.kind === 'Name' && trainable.has(owner.id)) ||
        (owner.kind === 'Call' && isTrainableCtor(owner.func, unit));
      if (!trains) continue;
      const range = unit.range(e);
      // One hint per cell (or per file): the cell is what the user runs.
      if (trainedIn.has(range.cell)) continue;
      trainedIn.add(range.cell);
      training.push({ range, call: unit.text(e.func) });
    }
  }
  splitCalls.sort((a, b) => a.from - b.from);
  const splits = splitCalls.map((call, i) => describeSplit(call, unit, i, splitCalls.length));
  return { splits, training };
}

function isTrainableCtor(func: Expr, unit: PythonUnit): boolean {
  const q = qualifiedName(func, unit.imports);
  const role = apiRole(q);
  return (role !== undefined && TRAINABLE_ROLES.has(role)) || isKerasModelClass(q);
}

function keyword(call: CallExpr, name: string): Expr | undefined {
  return call.keywords.find((k) => k.name === name)?.value;
}

function numberOf(e: Expr | undefined): number | undefined {
  return e?.kind === 'Constant' && e.type === 'number' && typeof e.value === 'number' ? e.value : undefined;
}

function percent(x: number): string {
  return `${Math.round(x * 1000) / 10}`.replace(/\.0$/, '');
}

function describeSplit(call: CallExpr, unit: PythonUnit, index: number, count: number): SplitHint {
  const parts: string[] = [];
  const notes: string[] = [];
  const testSize = keyword(call, 'test_size');
  const trainSize = keyword(call, 'train_size');
  const test = numberOf(testSize);
  const train = numberOf(trainSize);
  if (test !== undefined && test > 0 && test < 1) parts.push(`${percent(1 - test)}/${percent(test)} split`);
  else if (test !== undefined && test >= 1) parts.push(`${test} rows held out`);
  else if (train !== undefined && train > 0 && train < 1) parts.push(`${percent(train)}/${percent(1 - train)} split`);
  else if (train !== undefined && train >= 1) parts.push(`${train} training rows`);
  else if (!testSize && !trainSize) {
    parts.push('75/25 split');
    notes.push('No `test_size`: scikit-learn holds out 25% by default.');
  } else parts.push('split size set in code');

  const shuffle = keyword(call, 'shuffle');
  const noShuffle = shuffle?.kind === 'Constant' && shuffle.value === false;
  const stratify = keyword(call, 'stratify');
  if (noShuffle) {
    parts.push('in order, no shuffle');
    notes.push('`shuffle=False` keeps the row order: right for time series, wrong for rows sorted by label.');
  } else if (stratify && !(stratify.kind === 'Constant' && stratify.type === 'none')) {
    parts.push('stratified');
  } else {
    parts.push('not stratified');
    notes.push(
      'Without `stratify=y`, class proportions can differ between train and test on small or imbalanced data.',
    );
  }
  const seed = keyword(call, 'random_state');
  if (noShuffle) {
    /* the seed does not matter without shuffling */
  } else if (seed && !(seed.kind === 'Constant' && seed.type === 'none')) {
    const n = numberOf(seed);
    parts.push(n !== undefined ? `seed ${n}` : 'seeded');
  } else {
    parts.push('unseeded');
    notes.push('Without `random_state`, every run splits differently and scores are not comparable.');
  }
  if (count >= 2) {
    parts.push(index === 0 ? 'then split again (validation)' : 'second split (validation)');
  } else {
    parts.push('no validation split');
    notes.push(
      'A single split leaves no validation set: tune on cross-validation or split the training part again, and ' +
        'keep the test set for the end.',
    );
  }
  const label = parts.join(' · ');
  return { range: unit.range(call), label, tooltip: [`**ML Coach:** ${label}`, ...notes].join('\n\n') };
}
