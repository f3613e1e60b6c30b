// Questions about where rows came from that the data-flow pass asks while it runs: a prediction a few
// steps up, a loader's test split, train and test files stacked into one frame.
import type { Expr } from '../python/ast';
import type { DataNode, SplitEvent } from './facts';
import { nameKind, rootTarget } from './syntax';

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

/**
 * True when data a loader marked as that split (`CIFAR10(train=False)`, the pieces of Keras's `load_data()` pair)
 * is among the ancestors of `n` (a few steps up: a loader of a dataset).
 */
export function hasSplitSource(n: DataNode, split: 'train' | 'test'): boolean {
  let frontier = [n];
  for (let depth = 0; depth < 6 && frontier.length; depth++) {
    if (frontier.some((f) => (split === 'test' ? f.testSplitSource : f.trainSplitSource))) return true;
    frontier = frontier.flatMap((f) => f.parents);
  }
  return false;
}

/** True when rows of train and test files concatenated are among the ancestors of `n`. */
export function hasConcatOfFiles(n: DataNode): boolean {
  const seen = new Set<DataNode>();
  const stack = [n];
  while (stack.length && seen.size < 2000) {
    const x = stack.pop()!;
    if (seen.has(x)) continue;
    seen.add(x);
    if (x.concatOfFiles) return true;
    stack.push(...x.parents);
  }
  return false;
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
    if (cur.parents.length !== 1 || cur.stat) return undefined;
    cur = cur.parents[0];
  }
  return undefined;
}
