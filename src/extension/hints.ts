// What the editor hints say, from the unit's semantic index in the worker: a summary of each split
// call (sizes, stratified, seeded, validation) and where a model is trained. The splits and the model fits
// are the index's (`holdoutSplits`, `modelFits`); this file only words them.
import type { SourceRange } from '../core/model/findings';
import { type HoldoutSplit, unitIndex } from '../core/semantic/index';
import type { PythonUnit } from '../core/python/unit';

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
  const index = unitIndex(unit);
  const training: TrainingHint[] = [];
  const trainedIn = new Set<number | undefined>();
  for (const site of index.modelFits) {
    const range = unit.range(site.call);
    // One hint per cell (or per file): the cell is what the user runs.
    if (trainedIn.has(range.cell)) continue;
    trainedIn.add(range.cell);
    training.push({ range, call: unit.text(site.call.func) });
  }
  const splits = index.holdoutSplits;
  return { splits: splits.map((split, i) => describeSplit(split, unit, i, splits.length)), training };
}

function percent(x: number): string {
  return `${Math.round(x * 1000) / 10}`.replace(/\.0$/, '');
}

function describeSplit(split: HoldoutSplit, unit: PythonUnit, index: number, count: number): SplitHint {
  const parts: string[] = [];
  const notes: string[] = [];
  const test = split.testSize;
  const train = split.trainSize;
  if (test !== undefined && test > 0 && test < 1) parts.push(`${percent(1 - test)}/${percent(test)} split`);
  else if (test !== undefined && test >= 1) parts.push(`${test} rows held out`);
  else if (train !== undefined && train > 0 && train < 1) parts.push(`${percent(train)}/${percent(1 - train)} split`);
  else if (train !== undefined && train >= 1) parts.push(`${train} training rows`);
  else if (!split.sizeGiven) {
    parts.push('75/25 split');
    notes.push('No `test_size`: scikit-learn holds out 25% by default.');
  } else parts.push('split size set in code');

  const noShuffle = !split.shuffled;
  if (noShuffle) {
    parts.push('in order, no shuffle');
    notes.push('`shuffle=False` keeps the row order: right for time series, wrong for rows sorted by label.');
  } else if (split.stratified) {
    parts.push('stratified');
  } else {
    parts.push('not stratified');
    notes.push(
      'Without `stratify=y`, class proportions can differ between train and test on small or imbalanced data.',
    );
  }
  if (noShuffle) {
    /* the seed does not matter without shuffling */
  } else if (split.seeded) {
    parts.push(split.seed !== undefined ? `seed ${split.seed}` : 'seeded');
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
  return { range: unit.range(split.site.call), label, tooltip: [`**ML Coach:** ${label}`, ...notes].join('\n\n') };
}
