// `split`: a seeded train/validation/test split module, stratified for classification, with a
// time-based variant for data where the future must not leak into training.
import type { NewFile } from '../../model/findings';
import type { ProjectModel } from '../../project/model';
import { fileText, pyDocText, pyLiteral, shellWord } from '../emit';
import { type ProjectFacts, projectFacts } from '../facts';
import { type ModuleLocation, placeModule } from '../layout';
import { type Scaffold, type ScaffoldPlan, planFiles } from '../scaffold';

/** Where the split module of a project goes. */
export function splitLocation(facts: ProjectFacts): ModuleLocation {
  return placeModule(facts, 'data/split.py', 'split.py');
}

/** The seed scaffolds write: the project's own when its code shows one. */
export function seedOf(facts: ProjectFacts): number {
  return facts.seed ?? 42;
}

/** The split module and its package markers, for this scaffold and for those that build on it. */
export function splitFiles(facts: ProjectFacts): NewFile[] {
  const loc = splitLocation(facts);
  return [...loc.inits, { path: loc.path, content: splitModule(facts, loc.module) }];
}

/** Notes on what the split module guessed. */
function splitNotes(facts: ProjectFacts): string[] {
  const notes: string[] = [];
  if (facts.target)
    notes.push(
      `Target column '${facts.target}' was taken from your ` +
        `${facts.targetSource === 'config' ? 'configuration' : 'code'}.`,
    );
  else notes.push('No target column was found in your code: set TARGET in the split module.');
  if (facts.dataPath) {
    const source =
      facts.dataPathSource === 'config' ? 'configuration' : facts.dataPathSource === 'files' ? 'data folder' : 'code';
    notes.push(`Data path '${facts.dataPath}' was taken from your ${source}.`);
  } else if (facts.externalDataPath)
    notes.push(
      `Your code reads '${facts.externalDataPath}', outside the project, so it only works on one machine: put the ` +
        `file under data/ and set DATA_PATH.`,
    );
  if (facts.timeColumn)
    notes.push(
      `Your code parses '${facts.timeColumn}' as dates: the module splits by time by default, so the model is ` +
        `validated on later data than it learned from.`,
    );
  return notes;
}

/** The default data path written into scaffolds. */
export function dataPathOf(facts: ProjectFacts): string {
  return (
    facts.dataPath ??
    (facts.externalDataPath ? `data/${facts.externalDataPath.replace(/\\/g, '/').split('/').pop()}` : 'data/train.csv')
  );
}

/** The split scaffold. */
export const splitScaffold: Scaffold = {
  id: 'split',
  title: 'Train/validation/test split',
  description:
    'A module that splits your data into seeded train, validation and test sets (stratified for classification), ' +
    'with a time-based variant, and a command that writes the three files.',
  level: 2,
  items: ['L2.heldout-evaluation', 'L2.seeds'],
  plan(project: ProjectModel): ScaffoldPlan {
    const facts = projectFacts(project);
    const loc = splitLocation(facts);
    const notes = splitNotes(facts);
    const path = facts.layout === 'src' ? ' (with src/ on PYTHONPATH or the package installed)' : '';
    notes.push(`Run it with: python -m ${loc.module}${path}`);
    return planFiles(project, splitFiles(facts), notes);
  },
};

function splitModule(facts: ProjectFacts, module: string): string {
  const target = facts.target ?? 'target';
  const stratifyDefault = facts.task === 'classification' ? 'True' : facts.task === 'regression' ? 'False' : 'None';
  const ownSizes = facts.splitSizes.val !== 0.15 || facts.splitSizes.test !== 0.15;
  return fileText([
    `"""Train / validation / test split.`,
    ``,
    `Three parts, three jobs: the model learns on *train*; you compare models and tune`,
    `hyperparameters on *validation*; you score the chosen model on *test* once, at the end.`,
    `A score on data that influenced any choice (fitting, scaling, picking a model) is optimistic,`,
    `so split before any preprocessing is fitted, and fit preprocessing on train only.`,
    ``,
    `Run as a script to write the three parts to files:`,
    ``,
    `    python -m ${module} --data ${pyDocText(shellWord(dataPathOf(facts)))} --out data/processed`,
    `"""`,
    `from __future__ import annotations`,
    ``,
    `import argparse`,
    `from pathlib import Path`,
    `from typing import Optional, Tuple`,
    ``,
    `import pandas as pd`,
    `from sklearn.model_selection import train_test_split`,
    ``,
    facts.target
      ? `# The column the model predicts (found in your ${facts.targetSource === 'config' ? 'configuration' : 'code'}).`
      : `# The column the model predicts: not found in your code, set it here.`,
    `TARGET = ${pyLiteral(target)}`,
    `# A fixed seed makes the split, and every score computed on it, the same on every run.`,
    `SEED = ${seedOf(facts)}`,
    `# Where the raw data lives, relative to the project root.`,
    `DATA_PATH = ${pyLiteral(dataPathOf(facts))}`,
    facts.timeColumn
      ? `# Your data has dates: rows are split by time so validation and test lie after training.`
      : `# Set this to a date column to split by time instead of at random (see time_split).`,
    `TIME_COLUMN: Optional[str] = ${pyLiteral(facts.timeColumn)}`,
    `# Shares of all rows for validation and test${ownSizes ? ' (as your project has them)' : ''}.`,
    `VAL_SIZE = ${facts.splitSizes.val}`,
    `TEST_SIZE = ${facts.splitSizes.test}`,
    `# True keeps class proportions equal in every part; None decides from the target.`,
    `STRATIFY: Optional[bool] = ${stratifyDefault}`,
    ``,
    `Splits = Tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]`,
    ``,
    ``,
    `def looks_like_classes(y: pd.Series, max_classes: int = 20) -> bool:`,
    `    """True when the target holds a few discrete classes, each frequent enough to stratify on."""`,
    `    is_discrete = not pd.api.types.is_float_dtype(y) or bool((y.dropna() % 1 == 0).all())`,
    `    counts = y.value_counts()`,
    `    # Stratifying needs a few rows of every class in each part; rarer classes make sklearn raise.`,
    `    return is_discrete and 1 < len(counts) <= max_classes and int(counts.min()) >= 3`,
    ``,
    ``,
    `def split_frame(`,
    `    df: pd.DataFrame,`,
    `    target: str = TARGET,`,
    `    val_size: float = VAL_SIZE,`,
    `    test_size: float = TEST_SIZE,`,
    `    seed: int = SEED,`,
    `    stratify: Optional[bool] = STRATIFY,`,
    `) -> Splits:`,
    `    """Random split into train, validation and test; sizes are fractions of all rows."""`,
    `    if not (0 < val_size < 1 and 0 < test_size < 1 and val_size + test_size < 1):`,
    `        raise ValueError("val_size and test_size must be in (0, 1) and leave rows for training")`,
    `    if target not in df.columns:`,
    `        raise KeyError(f"target column {target!r} is not in the data; columns are {list(df.columns)}")`,
    `    if stratify is None:`,
    `        stratify = looks_like_classes(df[target])`,
    `    # Cut the test set off first, then split what is left: two seeded calls.`,
    `    rest, test = train_test_split(`,
    `        df, test_size=test_size, random_state=seed, stratify=df[target] if stratify else None`,
    `    )`,
    `    # val_size is a share of all rows, so rescale it to the rows that are left.`,
    `    train, val = train_test_split(`,
    `        rest,`,
    `        test_size=val_size / (1 - test_size),`,
    `        random_state=seed,`,
    `        stratify=rest[target] if stratify else None,`,
    `    )`,
    `    return train, val, test`,
    ``,
    ``,
    `def time_cutoffs(df: pd.DataFrame, time_column: str, val_size: float = VAL_SIZE, test_size: float = TEST_SIZE):`,
    `    """The dates where validation and test start, so that they hold about the requested shares."""`,
    `    times = pd.to_datetime(df[time_column]).sort_values()`,
    `    val_start = times.iloc[int(len(times) * (1 - val_size - test_size))]`,
    `    test_start = times.iloc[int(len(times) * (1 - test_size))]`,
    `    return val_start, test_start`,
    ``,
    ``,
    `def time_split(df: pd.DataFrame, time_column: str, val_start, test_start) -> Splits:`,
    `    """Split by time: train before val_start, validation until test_start, test from then on.`,
    ``,
    `    A random split of time-ordered data lets the model learn from the future of the rows it is`,
    `    scored on; splitting by date measures what happens in production, where it predicts ahead.`,
    `    """`,
    `    times = pd.to_datetime(df[time_column])`,
    `    val_start, test_start = pd.Timestamp(val_start), pd.Timestamp(test_start)`,
    `    if not val_start < test_start:`,
    `        raise ValueError("val_start must come before test_start")`,
    `    train = df[times < val_start]`,
    `    val = df[(times >= val_start) & (times < test_start)]`,
    `    test = df[times >= test_start]`,
    `    return train, val, test`,
    ``,
    ``,
    `def read_table(path) -> pd.DataFrame:`,
    `    """Reads a CSV or Parquet file."""`,
    `    path = Path(path)`,
    `    if path.suffix in (".parquet", ".pq"):`,
    `        return pd.read_parquet(path)`,
    `    return pd.read_csv(path, sep="\\t" if path.suffix == ".tsv" else ",")`,
    ``,
    ``,
    `def main(argv=None) -> None:`,
    `    parser = argparse.ArgumentParser(description="Split the data into train, validation and test files.")`,
    `    parser.add_argument("--data", default=DATA_PATH, help="input CSV or Parquet file")`,
    `    parser.add_argument("--out", default="data/processed", help="folder for train.csv, val.csv, test.csv")`,
    `    parser.add_argument("--target", default=TARGET)`,
    `    parser.add_argument("--val-size", type=float, default=VAL_SIZE)`,
    `    parser.add_argument("--test-size", type=float, default=TEST_SIZE)`,
    `    parser.add_argument("--seed", type=int, default=SEED)`,
    `    parser.add_argument("--time-column", default=TIME_COLUMN, help="split by this date column")`,
    `    args = parser.parse_args(argv)`,
    ``,
    `    df = read_table(args.data)`,
    `    if args.time_column:`,
    `        val_start, test_start = time_cutoffs(df, args.time_column, args.val_size, args.test_size)`,
    `        parts = time_split(df, args.time_column, val_start, test_start)`,
    `    else:`,
    `        parts = split_frame(df, args.target, args.val_size, args.test_size, args.seed)`,
    `    out = Path(args.out)`,
    `    out.mkdir(parents=True, exist_ok=True)`,
    `    for name, part in zip(("train", "val", "test"), parts):`,
    `        part.to_csv(out / f"{name}.csv", index=False)`,
    `        print(f"{name}: {len(part)} rows -> {out / (name + '.csv')}")`,
    ``,
    ``,
    `if __name__ == "__main__":`,
    `    main()`,
  ]);
}
