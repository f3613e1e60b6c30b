// "Add a validation split": a two-way `train_test_split` becomes train/validation/test. A second
// `train_test_split` carves the validation part out of the training part with the same seed, shuffling
// and stratification; the test part keeps exactly the rows it had. The code that tunes (a loop over
// settings, an Optuna objective) then scores on the validation part, and the test part is left for the
// final report. On rows in time order (lag features, a datetime index, rows sorted by date) the
// validation part is a cut in time instead: the latest quarter of the training rows, unshuffled, after
// sorting the training part by its datetime index when the first split shuffled it.
import type { Fix, TextEdit } from '../model/findings';
import type { SplitEvent } from '../flow/facts';
import type { AssignStmt, Expr, Span } from '../python/ast';
import type { PythonUnit } from '../python/unit';
import { indentOf, insertAt, nameUsed, namesWithin, replaceSpan } from './source';

/** The share of the training part that becomes the validation part. */
const VALIDATION_SHARE = 0.25;

/** The title every "add a validation split" fix carries. */
const VALIDATION_SPLIT_TITLE = 'Split into train/validation/test';

/** The validation name for a test name: `X_test` → `X_val`, `test_df` → `val_df`, else `<name>_val`. */
function validationName(testName: string): string {
  if (/test/.test(testName)) return testName.replace(/test/, 'val');
  if (/TEST/.test(testName)) return testName.replace(/TEST/, 'VAL');
  if (/Test/.test(testName)) return testName.replace(/Test/, 'Val');
  if (/(^|_)te$/.test(testName)) return testName.replace(/te$/, 'val');
  return `${testName}_val`;
}

/** The parts of a split assignment: (train, test) name pairs, one per array split. */
export interface SplitNames {
  stmt: AssignStmt;
  pairs: Array<{ train: string; test: string }>;
}

/** Split names with a free validation name for each test name. */
interface ValidationNames {
  stmt: AssignStmt;
  pairs: Array<{ train: string; test: string; val: string }>;
}

/** The names a `train_test_split` assignment binds, as (train, test) pairs. */
export function splitNames(unit: PythonUnit, split: SplitEvent): SplitNames | undefined {
  const call = split.call;
  if (!call || split.kind !== 'holdout') return undefined;
  const stmt = unit.outline.assigns.find((a) => a.value === call);
  if (stmt?.targets.length !== 1) return undefined;
  const target = stmt.targets[0];
  if (target.kind !== 'Tuple' && target.kind !== 'List') return undefined;
  const names = target.elts.map((e) => (e.kind === 'Name' ? e.id : undefined));
  if (names.some((n) => n === undefined) || names.length % 2 !== 0 || names.length !== call.args.length * 2)
    return undefined;
  const pairs: SplitNames['pairs'] = [];
  for (let i = 0; i < names.length; i += 2) pairs.push({ train: names[i]!, test: names[i + 1]! });
  return { stmt, pairs };
}

/**
 * How the validation part is cut from rows in time order: `cut` when the training part is still in
 * time order (the first split kept the order), `sort` when it must first be sorted by its datetime
 * index; undefined when the rows are not in time order; 'none' when no cut by date can be written (a
 * shuffled split of rows sorted by a column: ML104's fix keeps the order first).
 */
export function timeCut(split: SplitEvent): 'cut' | 'sort' | 'none' | undefined {
  const evidence = split.inputs.map((i) => i.timeOrdered).find((t) => t);
  if (!evidence) return undefined;
  if (!split.shuffled) return 'cut';
  return split.inputs.every((i) => i.timeOrdered?.why === 'a datetime index') ? 'sort' : 'none';
}

/** The text of the second split, or undefined when its keywords cannot be carried over. */
function secondSplit(unit: PythonUnit, split: SplitEvent, names: ValidationNames, indent: string): string | undefined {
  const call = split.call!;
  if (call.args.some((a) => a.kind === 'Starred') || call.keywords.some((k) => k.name === undefined)) return undefined;
  const order = timeCut(split);
  if (order === 'none') return undefined;
  if (order) {
    // The latest quarter of the training rows, in time order: no shuffling, so no seed or stratification.
    const trains = names.pairs.map((p) => p.train);
    const sort =
      order === 'sort' ? `${indent}${trains.join(', ')} = ${trains.map((t) => `${t}.sort_index()`).join(', ')}\n` : '';
    return `${sort}${validationLine(indent, unit.text(call.func), names.pairs, 'shuffle=False')}`;
  }
  const keep: string[] = [];
  for (const k of call.keywords) {
    if (k.name === 'random_state' || k.name === 'shuffle') keep.push(`${k.name}=${unit.text(k.value)}`);
    else if (k.name === 'stratify') {
      const strat = stratifyPart(unit, call.args, k.value, names);
      if (strat === undefined) return undefined;
      if (strat) keep.push(`stratify=${strat}`);
    }
  }
  const targets = names.pairs.flatMap((p) => [p.train, p.val]).join(', ');
  const inputs = names.pairs.map((p) => p.train).join(', ');
  const kept = keep.length ? `, ${keep.join(', ')}` : '';
  return `${indent}${targets} = ${unit.text(call.func)}(${inputs}, test_size=${VALIDATION_SHARE}${kept})`;
}

/** `stratify=y` → the training part of `y`; `stratify=None` → ''; anything else cannot be carried over. */
function stratifyPart(unit: PythonUnit, args: Expr[], value: Expr, names: ValidationNames): string | undefined {
  if (value.kind === 'Constant' && value.type === 'none') return '';
  const text = unit.text(value);
  const i = args.findIndex((a) => unit.text(a) === text);
  return i >= 0 ? names.pairs[i].train : undefined;
}

/**
 * The fix for a two-way split: the second split goes on the line after the first, and the names of
 * the test part inside `tuning` (the loop or objective that picks settings) become the validation part.
 */
export function validationSplitFix(unit: PythonUnit, split: SplitEvent, tuning: Span[]): Fix | undefined {
  const found = splitNames(unit, split);
  if (!found) return undefined;
  const names: ValidationNames = {
    stmt: found.stmt,
    pairs: found.pairs.map((p) => ({ ...p, val: validationName(p.test) })),
  };
  if (names.pairs.some((p) => nameUsed(unit, p.val))) return undefined;
  const indent = indentOf(unit, names.stmt);
  if (indent === undefined) return undefined;
  const line = secondSplit(unit, split, names, indent);
  if (!line) return undefined;
  const edits: TextEdit[] = [insertAt(unit, endOfLine(unit, names.stmt.to), `\n${line}`)];
  const rename = new Map(names.pairs.map((p) => [p.test, p.val]));
  for (const span of tuning) {
    for (const n of namesWithin(unit, span)) {
      const val = rename.get(n.id);
      if (val) edits.push(replaceSpan(unit, n, val));
    }
  }
  return { title: VALIDATION_SPLIT_TITLE, isPreferred: true, safety: 'unsafe', edits };
}

/** The end of the line a statement ends on (after a trailing comment), within its cell. */
function endOfLine(unit: PythonUnit, offset: number): number {
  const cell = unit.cellAt(offset);
  const src = unit.module.source;
  const nl = src.indexOf('\n', offset);
  const end = nl < 0 ? src.length : nl;
  return cell ? Math.min(end, cell.end) : end;
}

/**
 * The line that carves a validation part out of freshly split training names, for fixes that write the first split
 * themselves.
 */
export function validationLine(
  indent: string,
  func: string,
  pairs: Array<{ train: string; val: string }>,
  keywords: string,
): string {
  const targets = pairs.flatMap((p) => [p.train, p.val]).join(', ');
  const inputs = pairs.map((p) => p.train).join(', ');
  return `${indent}${targets} = ${func}(${inputs}, test_size=${VALIDATION_SHARE}${keywords ? `, ${keywords}` : ''})`;
}
