// What names held-out data: a test set or a validation set. One vocabulary for held-out files and written
// paths (semantic/heldOutData.ts, which the checklist's L2.heldout-evaluation item also asks), the paths
// ML202 sees a model read (`pd.read_csv("data/dev.csv")`), and the variables and loaders the checklist's
// code facts take as held-out sets (`X_test`, `valid_df`, `dev_loader`). The flow pass keeps its own
// word lists for split sides (nameKind in flow/syntax.ts) until its tables move out of it.

/** Which held-out set a name denotes. */
export type HeldOutKind = 'test' | 'validation';

/** Words that name a test set when they stand as a whole part of a name. */
const TEST_WORDS: ReadonlySet<string> = new Set(['test', 'holdout', 'heldout']);

/** Words that name a validation set when they stand as a whole part of a name (`dev` for NLP's dev sets). */
const VALIDATION_WORDS: ReadonlySet<string> = new Set(['val', 'valid', 'validation', 'dev', 'eval']);

/** Two-part spellings of a test set (`hold_out`, `held-out`). */
const TEST_PAIRS: ReadonlyArray<[string, string]> = [
  ['hold', 'out'],
  ['held', 'out'],
];

/** `Xtest`, `yval`: the feature matrix or target of a held-out set written as one word. */
const FUSED = /^[xy](test|val|valid)$/;

/** The lower-case word parts of a name: `X_test` → x, test; `valid2024` → valid, 2024; `XTest` → x, test. */
export function nameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .replace(/([0-9])([A-Za-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The held-out set one lower-case word names (`test`, `dev`), if any. */
export function heldOutWordKind(word: string): HeldOutKind | undefined {
  if (TEST_WORDS.has(word)) return 'test';
  if (VALIDATION_WORDS.has(word)) return 'validation';
  const fused = FUSED.exec(word);
  if (fused) return fused[1] === 'test' ? 'test' : 'validation';
  return undefined;
}

/**
 * The held-out set a name denotes by a whole word part: `X_test`, `holdout_df`, `hold_out` → test;
 * `valid_2024`, `dev`, `yval` → validation; `latest`, `contest`, `evaluate` → none. A name with both
 * (`test_val`) is a test set.
 */
export function heldOutKind(name: string): HeldOutKind | undefined {
  const parts = nameParts(name);
  let kind: HeldOutKind | undefined;
  for (let i = 0; i < parts.length; i++) {
    if (i + 1 < parts.length && TEST_PAIRS.some(([a, b]) => parts[i] === a && parts[i + 1] === b)) return 'test';
    const k = heldOutWordKind(parts[i]);
    if (k === 'test') return k;
    kind ??= k;
  }
  return kind;
}

/** True when a name (without its extension) names a held-out split as a whole word part. */
export function namesHeldOutSplit(stem: string): boolean {
  return heldOutKind(stem) !== undefined;
}

/**
 * The held-out set a path names by a folder or file name (`data/dev.csv`, `val2017/x.jpg`, `test.csv.gz`),
 * a test set first when both appear.
 */
export function heldOutPathKind(path: string): HeldOutKind | undefined {
  let kind: HeldOutKind | undefined;
  for (const segment of path.split(/[\\/]+/)) {
    const k = heldOutKind(segment.replace(/(\.[A-Za-z0-9]+){1,2}$/, ''));
    if (k === 'test') return k;
    kind ??= k;
  }
  return kind;
}

/** True when some folder or file name of a path names a held-out split. */
export function pathNamesHeldOutSplit(path: string): boolean {
  return heldOutPathKind(path) !== undefined;
}

const HELD_OUT_WORDS = [...TEST_WORDS, ...VALIDATION_WORDS].join('|');
const LOADER_WORDS = 'loader|dataloader|dl|ds|dataset|set|data|gen|generator|iter';

/** Names of held-out datasets and loaders: `val_loader`, `test_ds`, `dataset_val`, `dev_generator`. */
const HELD_OUT_LOADER = new RegExp(
  `^((${HELD_OUT_WORDS}|hold_?out)_?(${LOADER_WORDS})` +
    `|(loader|dataloader|dataset|data|ds)_?(${HELD_OUT_WORDS}|hold_?out))$`,
  'i',
);

/** The held-out set a dataset or loader variable holds, by its name (`val_loader` → validation). */
export function heldOutLoaderKind(name: string): HeldOutKind | undefined {
  if (!HELD_OUT_LOADER.test(name)) return undefined;
  // `valloader`, `testds`: the words run together, so the loader pattern alone tells which set it is.
  return heldOutKind(name) ?? (/test|hold_?out|heldout/i.test(name) ? 'test' : 'validation');
}
