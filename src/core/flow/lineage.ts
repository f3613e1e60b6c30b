// Questions about where rows came from that the data-flow pass asks while it runs: a prediction a few
// steps up, a loader's test split, train and test files stacked into one frame.
import type { Expr } from '../python/ast';
import type { DataNode, SplitEvent } from './facts';
import { constantOf, literalColumn, nameKind, rootTarget } from './syntax';

/** The nearest prediction node among a node and its ancestors (a few steps up: `(p > .5).astype(int)`). */
export function findPrediction(n: DataNode): DataNode | undefined {
  let frontier = [n];
  for (let depth = 0; depth < 4 && frontier.length; depth++) {
    for (const f of frontier) if (f.prediction) return f;
    frontier = frontier.flatMap((f) => f.parents);
  }
  return undefined;
}

/** True when `n` is (a few steps down from) rows picked by a boolean mask: `np.array(df[df.y == 0].index)`. */
export function fromMaskedRows(n: DataNode): boolean {
  let frontier = [n];
  for (let depth = 0; depth < 5 && frontier.length; depth++) {
    if (frontier.some((f) => f.masked)) return true;
    frontier = frontier.flatMap((f) => f.parents).filter((f) => !f.stat);
  }
  return false;
}

/** A path that names a test split: `data/test/y_test.txt`, `test.csv`, `X_test.npy`. */
const TEST_PATH = /(^|[\\/_.-])test([\\/_.-]|$)/i;

/** A path that names a training split, anywhere in it: `train.csv`, `X_train.npy`, `training/`. */
const TRAIN_PATH = /train/i;

/**
 * True when `n` holds test data a model can be scored on: a loader's test split, the test part of a split (not cut
 * from a loader's training split), or rows read from a file whose path names a test split (scored, so labelled).
 */
export function isTestData(n: DataNode): boolean {
  if (testSplitData(n)) return true;
  if (n.parts.length) return false;
  return someAncestor(n, 200, (x) => {
    const path = pathOrName(x);
    return !!path && TEST_PATH.test(path) && !TRAIN_PATH.test(path);
  });
}

/** The literal path a node's rows were read from, else the name the path was held by (`test_path`). */
function pathOrName(x: DataNode): string | undefined {
  return x.source?.path ?? x.source?.pathName;
}

/**
 * True when `n`'s rows were read from a file named as a test split (`X_test.npy`, `data/test.csv`) and from no file
 * named as a training split: rows stacked from a training and a test file are not test rows.
 */
export function onlyTestFileRows(n: DataNode): boolean {
  return onlyFilesNamed(n, TEST_PATH, TRAIN_PATH);
}

/**
 * True when `n`'s rows were read from a file named as a training split (`train.csv`, `X_train.npy`) and from no file
 * named as a test split.
 */
export function onlyTrainFileRows(n: DataNode): boolean {
  return onlyFilesNamed(n, TRAIN_PATH, TEST_PATH);
}

/** True when `n`'s rows were read from a file whose path (or the name holding it) `named` matches, and none `other`. */
function onlyFilesNamed(n: DataNode, named: RegExp, other: RegExp): boolean {
  const path = (x: DataNode) => pathOrName(x) ?? '';
  return someAncestor(n, 200, (x) => named.test(path(x))) && !someAncestor(n, 200, (x) => other.test(path(x)));
}

/**
 * A loader's test split, or the test part of a split not cut from a loader's training split; not a validation part
 * cut from either (`val_idx, test_idx = train_test_split(temp_idx)` after `train_idx, temp_idx = ...`).
 */
export function testSplitData(n: DataNode): boolean {
  if (n.parts.some((p) => p.kind === 'val')) return false;
  return hasSplitSource(n, 'test') || (n.parts.some((p) => p.kind === 'test') && !hasSplitSource(n, 'train'));
}

/** True when `n` or one of its ancestors (at most `limit` of them looked at) is what `is` says. */
function someAncestor(n: DataNode, limit: number, is: (x: DataNode) => boolean): boolean {
  const seen = new Set<DataNode>();
  const stack = [n];
  while (stack.length && seen.size < limit) {
    const x = stack.pop()!;
    if (seen.has(x)) continue;
    seen.add(x);
    if (is(x)) return true;
    stack.push(...x.parents);
  }
  return false;
}

/**
 * How many steps up a loader's split mark is looked for: a score counted by hand over a test loader's batches
 * (`correct += predicted.eq(targets).sum().item()` of `outputs = model(inputs)`, then `100.0 * correct / total`) is
 * nine steps from the dataset.
 */
const SPLIT_SOURCE_DEPTH = 10;

/**
 * True when data a loader marked as that split (`CIFAR10(train=False)`, the pieces of Keras's `load_data()` pair)
 * is among the ancestors of `n` (a few steps up: a loader of a dataset).
 */
export function hasSplitSource(n: DataNode, split: 'train' | 'test'): boolean {
  let frontier = [n];
  const seen = new Set(frontier);
  for (let depth = 0; depth < SPLIT_SOURCE_DEPTH && frontier.length; depth++) {
    if (frontier.some((f) => (split === 'test' ? f.testSplitSource : f.trainSplitSource))) return true;
    const next: DataNode[] = [];
    for (const f of frontier)
      for (const p of f.parents)
        if (!seen.has(p)) {
          seen.add(p);
          next.push(p);
        }
    frontier = next;
  }
  return false;
}

/**
 * The columns that tell stacked files apart: given one value for every row of each piece before stacking
 * (`train["is_train"] = 1`, `test["is_train"] = 0`), a different value in each piece.
 */
export function fileMarkers(pieces: ReadonlyArray<readonly DataNode[]>): string[] {
  const perPiece = pieces.map((nodes) => {
    const found = new Map<string, string | number | boolean>();
    for (let n: DataNode | undefined = nodes[0], i = 0; n && i < 12; n = n.rowsOf ?? n.parents[0], i++)
      if (n.marker && !found.has(n.marker.column)) found.set(n.marker.column, n.marker.value);
    return found;
  });
  if (perPiece.length < 2) return [];
  return [...perPiece[0].keys()].filter((c) => {
    const values = perPiece.map((m) => m.get(c));
    return values.every((v) => v !== undefined) && new Set(values).size === values.length;
  });
}

/**
 * True when a row mask (`df["is_train"] == 1`) compares a column that marks which stacked file each row of `frame`
 * came from with one value: it picks one file's rows back.
 */
export function picksOneFile(frame: DataNode, mask: Expr | undefined): boolean {
  if (mask?.kind !== 'Binary' || mask.op !== '==') return false;
  const column = (e: Expr) =>
    e.kind === 'Attribute' ? e.attr : e.kind === 'Subscript' ? literalColumn(e.index) : undefined;
  const compared =
    constantOf(mask.right) !== undefined ? mask.left : constantOf(mask.left) !== undefined ? mask.right : undefined;
  const col = compared && column(compared);
  if (!col) return false;
  for (let n: DataNode | undefined = frame, i = 0; n && i < 40; n = n.rowsOf ?? n.parents[0], i++)
    if (n.concatOfFiles) return !!n.fileMarkers?.includes(col);
  return false;
}

/** True when rows of train and test files concatenated are among the ancestors of `n`. */
export function hasConcatOfFiles(n: DataNode): boolean {
  return someAncestor(n, 2000, (x) => !!x.concatOfFiles);
}

/**
 * True when rows are stacked from separately loaded data: each piece comes from its own file, or, where
 * the origin is out of sight (function parameters), the pieces are named train and test. Never for
 * parts of a split, which were one dataset; `isSplit` tells whether a manual split has both sides yet.
 */
export function joinsFiles(
  items: Array<{ expr: Expr; nodes: DataNode[] }>,
  isSplit: (split: SplitEvent) => boolean,
): boolean {
  // The training and test files taken apart after stacking (`train = full[:n_train]`) are those files again.
  const rejoined = items.map((i) => i.nodes.flatMap((n) => n.parts));
  if (
    items.length >= 2 &&
    rejoined.every((ps) => ps.length && ps.every((p) => p.split.rejoin)) &&
    rejoined.some((ps) => ps.some((p) => p.kind === 'train')) &&
    rejoined.some((ps) => ps.some((p) => p.kind === 'test'))
  )
    return true;
  // Parts of a real split were one dataset; a lone row pick named like a split side is no split (yet).
  const realPart = (n: DataNode) => n.parts.some((p) => p.split.kind !== 'manual' || isSplit(p.split));
  if (items.length < 2 || items.some((i) => !i.nodes.length || i.nodes.some(realPart))) return false;
  const loads = items.map((i) => {
    const found = new Set<DataNode>();
    const stack = [...i.nodes];
    const seen = new Set<DataNode>();
    while (stack.length && seen.size < 400) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      if (n.source && !n.source.guessed) found.add(n);
      else stack.push(...n.parents);
    }
    return found;
  });
  const kinds = items.map((i) => {
    const name = rootTarget(i.expr);
    return name ? nameKind(name.slice(name.lastIndexOf('.') + 1)) : undefined;
  });
  const separate =
    loads.every((l) => l.size > 0) &&
    loads.some((l, i) => loads.some((m, j) => j !== i && [...l].some((n) => !m.has(n))));
  // Files of one dataset (months, shards) stacked are one dataset; a test file among them is not.
  if (separate)
    return (
      kinds.includes('test') ||
      loads.some((l) =>
        [...l].some(
          (n) =>
            !!n.source?.path && nameKind(n.source.path.replace(/^.*[\\/]/, '').replace(/\.[a-z]+$/i, '')) === 'test',
        ),
      )
    );
  return kinds.includes('train') && kinds.includes('test');
}

/** The column a value was picked as (`df["y"]`, `df.y.values`, `df.pop("y")`), up through steps that keep it. */
export function columnOf(n: DataNode | undefined): string | undefined {
  for (let cur = n, depth = 0; cur && depth < 6; depth++) {
    if (cur.column) return cur.column;
    // A statistic taken here (`df["y"].mean()`) is no column; a column of a table of statistics (`daily["sales"]` of
    // daily sums, then `.astype(float)`) still is.
    if (cur.parents.length !== 1 || (cur.stat && takenAt(cur.stat, cur))) return undefined;
    cur = cur.parents[0];
  }
  return undefined;
}

/** True when the statistic is taken by `n` itself, not carried from the table it is computed over. */
export function takenAt(stat: { span: { from: number; to: number } }, n: DataNode): boolean {
  return stat.span.from === n.span.from && stat.span.to === n.span.to;
}
