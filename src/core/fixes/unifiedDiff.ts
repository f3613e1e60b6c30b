// A unified diff of two texts (`diff -u` style, three lines of context), for `mlcoach check --diff`.
// Large regions are halved with Myers' O((N+M)D) algorithm in its linear-space form (a middle snake
// found from both ends, then each half) until they fit a bounded table of longest common subsequences;
// time is bounded by a step budget, past which the rest of a region is written as removed then added
// lines (still a correct diff, only not the shortest). A fix rewriting a few cells of a 50,000-line
// notebook diffs in a fraction of a second instead of filling gigabytes with a table.

/** The lines of a text, each with its line end. */
function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

type Kind = ' ' | '-' | '+';
type Op = { kind: Kind; line: string };

/** Regions up to this many line pairs are diffed with a table (at most 2 bytes a cell below 65,535 lines). */
export const TABLE_CELLS = 16_000_000;

/** Table cells per step: filling a cell costs about a quarter of a step of the middle-snake search. */
const CELLS_PER_STEP = 4;

/**
 * Steps (diagonals tried, lines matched, table cells / 4) one diff may spend before settling for a
 * longer script: about a second of work.
 */
export const DIFF_STEP_BUDGET = 100_000_000;

/** The edit script between two line lists: removals before additions where both are possible. */
function editScript(a: string[], b: string[], budget: number, stats?: { steps: number }): Op[] {
  // Lines as small integers, so comparisons do not walk strings.
  const ids = new Map<string, number>();
  const idOf = (line: string): number => {
    let id = ids.get(line);
    if (id === undefined) {
      id = ids.size;
      ids.set(line, id);
    }
    return id;
  };
  const x = Int32Array.from(a, idOf);
  const y = Int32Array.from(b, idOf);
  const ops: Op[] = [];
  let steps = 0;
  const keep = (from: number, to: number): void => {
    for (let i = from; i < to; i++) ops.push({ kind: ' ', line: a[i] });
  };
  const remove = (from: number, to: number): void => {
    for (let i = from; i < to; i++) ops.push({ kind: '-', line: a[i] });
  };
  const add = (from: number, to: number): void => {
    for (let j = from; j < to; j++) ops.push({ kind: '+', line: b[j] });
  };

  /**
   * A region small enough for a table of longest common subsequences of its suffixes: the script takes
   * a match where there is one, else a removal where that loses nothing, else an addition (the order
   * `diff` users know, and the one earlier versions wrote).
   */
  const table = (aLo: number, aHi: number, bLo: number, bHi: number): void => {
    const n = aHi - aLo;
    const m = bHi - bLo;
    const w = m + 1;
    const lcs = Math.min(n, m) < 0xffff ? new Uint16Array((n + 1) * w) : new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--)
        lcs[i * w + j] =
          x[aLo + i] === y[bLo + j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    steps += Math.ceil((n * m) / CELLS_PER_STEP);
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && x[aLo + i] === y[bLo + j]) {
        ops.push({ kind: ' ', line: a[aLo + i++] });
        j++;
      } else if (i < n && (j === m || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]))
        ops.push({ kind: '-', line: a[aLo + i++] });
      else ops.push({ kind: '+', line: b[bLo + j++] });
    }
  };

  /** A point on a shortest path from (aLo, bLo) to (aHi, bHi) that halves it; undefined past the budget. */
  const middle = (aLo: number, aHi: number, bLo: number, bHi: number): [number, number] | undefined => {
    const n = aHi - aLo;
    const m = bHi - bLo;
    const maxD = Math.ceil((n + m) / 2);
    const offset = maxD + 1;
    const size = 2 * maxD + 3;
    const forward = new Int32Array(size).fill(-1);
    const backward = new Int32Array(size).fill(-1);
    forward[offset + 1] = 0;
    backward[offset + 1] = 0;
    const delta = n - m;
    const odd = (delta & 1) !== 0;
    // Diagonals that ran off the grid are not tried again.
    let fStart = 0;
    let fEnd = 0;
    let bStart = 0;
    let bEnd = 0;
    for (let d = 0; d <= maxD; d++) {
      if (steps > budget) return undefined;
      for (let k = -d + fStart; k <= d - fEnd; k += 2) {
        const at = offset + k;
        let i = k === -d || (k !== d && forward[at - 1] < forward[at + 1]) ? forward[at + 1] : forward[at - 1] + 1;
        let j = i - k;
        const from = i;
        while (i < n && j < m && x[aLo + i] === y[bLo + j]) {
          i++;
          j++;
        }
        steps += 1 + i - from;
        forward[at] = i;
        if (i > n) fEnd += 2;
        else if (j > m) fStart += 2;
        else if (odd) {
          const other = offset + delta - k;
          if (other >= 0 && other < size && backward[other] !== -1 && i >= n - backward[other])
            return [aLo + i, bLo + j];
        }
      }
      for (let k = -d + bStart; k <= d - bEnd; k += 2) {
        const at = offset + k;
        let i = k === -d || (k !== d && backward[at - 1] < backward[at + 1]) ? backward[at + 1] : backward[at - 1] + 1;
        let j = i - k;
        const from = i;
        while (i < n && j < m && x[aHi - 1 - i] === y[bHi - 1 - j]) {
          i++;
          j++;
        }
        steps += 1 + i - from;
        backward[at] = i;
        if (i > n) bEnd += 2;
        else if (j > m) bStart += 2;
        else if (!odd) {
          const other = offset + delta - k;
          if (other >= 0 && other < size && forward[other] !== -1) {
            const fi = forward[other];
            const fj = fi - (other - offset);
            if (fi >= n - i) return [aLo + fi, bLo + fj];
          }
        }
      }
    }
    return undefined;
  };

  // An explicit stack of regions (no recursion depth to worry about); each entry either diffs a region
  // or emits the common tail that was trimmed from it once the region's inside is done.
  type Task =
    | { kind: 'diff'; aLo: number; aHi: number; bLo: number; bHi: number }
    | { kind: 'keep'; from: number; to: number };
  const stack: Task[] = [{ kind: 'diff', aLo: 0, aHi: a.length, bLo: 0, bHi: b.length }];
  while (stack.length > 0) {
    const task = stack.pop() as Task;
    if (task.kind === 'keep') {
      keep(task.from, task.to);
      continue;
    }
    let { aLo, aHi, bLo, bHi } = task;
    const head = aLo;
    while (aLo < aHi && bLo < bHi && x[aLo] === y[bLo]) {
      aLo++;
      bLo++;
    }
    keep(head, aLo);
    const tail = aHi;
    while (aHi > aLo && bHi > bLo && x[aHi - 1] === y[bHi - 1]) {
      aHi--;
      bHi--;
    }
    steps += aLo - head + tail - aHi;
    if (tail > aHi) stack.push({ kind: 'keep', from: aHi, to: tail });
    if (aLo === aHi || bLo === bHi) {
      remove(aLo, aHi);
      add(bLo, bHi);
      continue;
    }
    if (steps > budget) {
      remove(aLo, aHi);
      add(bLo, bHi);
      continue;
    }
    if ((aHi - aLo) * (bHi - bLo) <= TABLE_CELLS) {
      table(aLo, aHi, bLo, bHi);
      continue;
    }
    const split = middle(aLo, aHi, bLo, bHi);
    if (split === undefined) {
      remove(aLo, aHi);
      add(bLo, bHi);
      continue;
    }
    const [i, j] = split;
    stack.push({ kind: 'diff', aLo: i, aHi, bLo: j, bHi });
    stack.push({ kind: 'diff', aLo, aHi: i, bLo, bHi: j });
  }
  if (stats) stats.steps = steps;
  return ops;
}

/**
 * A unified diff from `before` (undefined: a new file) to `after`; '' when they are equal. `stats`
 * receives the steps spent (a measure of time that does not depend on the machine's load).
 */
export function unifiedDiff(
  path: string,
  before: string | undefined,
  after: string,
  context = 3,
  budget = DIFF_STEP_BUDGET,
  stats?: { steps: number },
): string {
  if (before === after) return '';
  const ops = editScript(linesOf(before ?? ''), linesOf(after), budget, stats);
  const out = [`--- ${before === undefined ? '/dev/null' : `a/${path}`}\n`, `+++ b/${path}\n`];
  const changed: number[] = [];
  for (let k = 0; k < ops.length; k++) if (ops[k].kind !== ' ') changed.push(k);
  // Line numbers at ops[q], carried forward from hunk to hunk.
  let q = 0;
  let oldLine = 1;
  let newLine = 1;
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k] - context);
    let end = changed[k];
    while (k < changed.length && changed[k] - end <= 2 * context) end = changed[k++];
    end = Math.min(ops.length - 1, end + context);
    for (; q < start; q++) {
      if (ops[q].kind !== '+') oldLine++;
      if (ops[q].kind !== '-') newLine++;
    }
    const hunk = ops.slice(start, end + 1);
    const oldCount = hunk.filter((o) => o.kind !== '+').length;
    const newCount = hunk.filter((o) => o.kind !== '-').length;
    const oldStart = oldCount === 0 ? oldLine - 1 : oldLine;
    const newStart = newCount === 0 ? newLine - 1 : newLine;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@\n`);
    for (const o of hunk) {
      out.push(`${o.kind}${o.line.endsWith('\n') ? o.line : `${o.line}\n\\ No newline at end of file\n`}`);
    }
  }
  return out.join('');
}
