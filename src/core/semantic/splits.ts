// The hold-out splits of a unit (`train_test_split(X, y, test_size=0.2, stratify=y, random_state=42)`)
// and how each is set: sizes, shuffling, stratification, seed, and the label column it is given. The
// editor's split hint and the scaffolds' split sizes and target read these, so both describe one split.
import type { Expr } from '../python/ast';
import { apiRole } from '../libraries/catalog';
import type { CallSite } from './calls';
import { keyword } from './calls';
import { droppedColumns, singleColumnOf } from './columns';

/** One `train_test_split`-like call and its settings as written. */
export interface HoldoutSplit {
  site: CallSite;
  /** `test_size=` as a literal number. */
  testSize?: number;
  /** `train_size=` as a literal number. */
  trainSize?: number;
  /** True when `test_size=` or `train_size=` is given at all (literal or computed). */
  sizeGiven: boolean;
  /** False for `shuffle=False`: rows keep their order. */
  shuffled: boolean;
  /** True when `stratify=` is given and not `None`. */
  stratified: boolean;
  /** True when `random_state=` is given and not `None`. */
  seeded: boolean;
  /** The seed, when `random_state=` is a literal number. */
  seed?: number;
  /** The label column of the second array (`df["Outcome"]`), when it is one literal column. */
  label?: string;
  /** The one column the first array drops (`df.drop("Outcome", axis=1)`), the label by elimination. */
  droppedColumn?: string;
}

function numberOf(e: Expr | undefined): number | undefined {
  return e?.kind === 'Constant' && e.type === 'number' && typeof e.value === 'number' ? e.value : undefined;
}

function givenNotNone(e: Expr | undefined): boolean {
  return !!e && !(e.kind === 'Constant' && e.type === 'none');
}

/** The hold-out splits among a unit's calls, in source order: `UnitIndex.holdoutSplits`. */
export function collectHoldoutSplits(callSites: readonly CallSite[]): HoldoutSplit[] {
  const out: HoldoutSplit[] = [];
  for (const site of callSites) {
    if (apiRole(site.qualified) !== 'splitter-function') continue;
    const call = site.call;
    const test = keyword(call, 'test_size');
    const train = keyword(call, 'train_size');
    const shuffle = keyword(call, 'shuffle');
    const seed = keyword(call, 'random_state');
    const split: HoldoutSplit = {
      site,
      sizeGiven: !!test || !!train,
      shuffled: !(shuffle?.kind === 'Constant' && shuffle.value === false),
      stratified: givenNotNone(keyword(call, 'stratify')),
      seeded: givenNotNone(seed),
    };
    const testSize = numberOf(test);
    if (testSize !== undefined) split.testSize = testSize;
    const trainSize = numberOf(train);
    if (trainSize !== undefined) split.trainSize = trainSize;
    const seedValue = numberOf(seed);
    if (seedValue !== undefined) split.seed = seedValue;
    if (call.args.length >= 2) {
      const label = singleColumnOf(call.args[1]);
      if (label) split.label = label;
      const dropped = droppedColumns(call.args[0]);
      if (dropped?.length === 1) split.droppedColumn = dropped[0];
    }
    out.push(split);
  }
  return out.sort((a, b) => a.site.call.from - b.site.call.from);
}
