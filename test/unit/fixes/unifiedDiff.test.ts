// The unified diff of `check --diff`: correct (applying it to the old text gives the new one, hunk
// headers included), shortest where the step budget allows, and bounded in time and memory on large
// files: a few scattered changes in a 60,000-line notebook, and two unrelated 40,000-line texts.
import assert from 'node:assert/strict';
import { DIFF_STEP_BUDGET, TABLE_CELLS, unifiedDiff } from '../../../src/core/fixes/unifiedDiff';

const linesOf = (text: string): string[] => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];

/** Applies a unified diff of one file to `before`, checking every context and removed line and each header. */
function applyDiff(before: string, diff: string): string {
  const old = linesOf(before);
  const rows = diff.split('\n');
  assert.match(rows[0], /^--- /);
  assert.match(rows[1], /^\+\+\+ /);
  const out: string[] = [];
  let at = 0; // next old line (0-based) not yet copied
  let r = 2;
  while (r < rows.length && rows[r] !== '') {
    const h = /^@@ -(\d+),(\d+) \+(\d+),(\d+) @@$/.exec(rows[r++]);
    assert.ok(h, `not a hunk header: ${rows[r - 1]}`);
    const [oldStart, oldCount, newStart, newCount] = h.slice(1).map(Number);
    const from = oldCount === 0 ? oldStart : oldStart - 1;
    assert.ok(from >= at, 'hunks overlap or go backwards');
    out.push(...old.slice(at, from));
    at = from;
    assert.equal(newCount === 0 ? newStart : newStart - 1, out.length, 'new-side start of the hunk');
    let seenOld = 0;
    let seenNew = 0;
    while (r < rows.length && /^[ +-]/.test(rows[r])) {
      const kind = rows[r][0];
      let line = `${rows[r].slice(1)}\n`;
      r++;
      if (rows[r] === '\\ No newline at end of file') {
        line = line.slice(0, -1);
        r++;
      }
      if (kind !== '+') {
        assert.equal(line, old[at], `old line ${at + 1} is not what the hunk says`);
        at++;
        seenOld++;
      }
      if (kind !== '-') {
        out.push(line);
        seenNew++;
      }
    }
    assert.equal(seenOld, oldCount);
    assert.equal(seenNew, newCount);
  }
  out.push(...old.slice(at));
  return out.join('');
}

/** Removed plus added lines of a diff. */
const changedLines = (diff: string): number =>
  diff.split('\n').filter((l) => /^[-+]/.test(l) && !/^(---|\+\+\+) /.test(l)).length;

/** The fewest removed plus added lines between two line lists (quadratic: small inputs only). */
function shortest(a: string[], b: string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++)
      row[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], row[j - 1]);
    prev = row;
  }
  return a.length + b.length - 2 * prev[b.length];
}

/** A small deterministic generator. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

/** Lines of a notebook's JSON, mostly unique as real ones are, with repeated brackets and blanks. */
function notebookLines(count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++)
    out.push(
      i % 7 === 0 ? '   ],\n' : i % 11 === 0 ? '    "\\n",\n' : `    "x_${i} = model_${i % 97}.fit(X, y)\\n",\n`,
    );
  return out;
}

describe('unified diff', function () {
  this.timeout(120_000);

  it('applies and is as short as a longest common subsequence makes it, on 3,000 random small edits', () => {
    const rnd = random(20261205);
    for (let t = 0; t < 3000; t++) {
      const a = Array.from({ length: Math.floor(rnd() * 30) }, () => `${'abcde'[Math.floor(rnd() * 5)]}\n`);
      const b = a.slice();
      for (let e = Math.floor(rnd() * 6); e > 0; e--) {
        const p = Math.floor(rnd() * (b.length + 1));
        if (rnd() < 0.5) b.splice(p, 1);
        else b.splice(p, 0, `${'abcdefg'[Math.floor(rnd() * 7)]}\n`);
      }
      const before = a.join('');
      const after = rnd() < 0.1 ? `${b.join('')}tail` : b.join('');
      const diff = unifiedDiff('f.py', before, after);
      if (before === after) {
        assert.equal(diff, '');
        continue;
      }
      assert.equal(applyDiff(before, diff), after, diff);
      assert.equal(changedLines(diff), shortest(linesOf(before), linesOf(after)), diff);
    }
  });

  it('diffs a 60,000-line notebook with 300 scattered changes quickly, with only those lines', () => {
    const a = notebookLines(60_000);
    const b = a.slice();
    // Changes spread over the whole file, as a fix touching many cells makes them.
    for (let k = 0; k < 100; k++) {
      const at = 500 + k * 590;
      b[at] = `    "X_train, X_val = split(${k})\\n",\n`;
      b.splice(at + 3, 1);
      b.splice(at + 7, 0, `    "# added ${k}\\n",\n`);
    }
    const before = a.join('');
    const after = b.join('');
    const stats = { steps: 0 };
    const diff = unifiedDiff('notebooks/big.ipynb', before, after, 3, DIFF_STEP_BUDGET, stats);
    assert.equal(applyDiff(before, diff), after);
    // 100 lines replaced (2 each), 100 removed, 100 added: the shortest script, not a rewrite.
    assert.equal(changedLines(diff), 400);
    // The table of a longest-common-subsequence diff over the whole file would hold 3.6 billion cells.
    assert.ok(stats.steps < DIFF_STEP_BUDGET, `spent ${stats.steps} steps`);
  });

  it('stays bounded on two unrelated 40,000-line texts: past the step budget it writes a correct, longer diff', () => {
    const rnd = random(7);
    const a = Array.from({ length: 40_000 }, (_, i) => `a${i % 500} ${Math.floor(rnd() * 50)}\n`);
    const b = Array.from({ length: 40_000 }, (_, i) => `a${(i * 7) % 500} ${Math.floor(rnd() * 50)}\n`);
    const before = a.join('');
    const after = b.join('');
    const heap = process.memoryUsage().heapUsed;
    const stats = { steps: 0 };
    const diff = unifiedDiff('data.txt', before, after, 3, DIFF_STEP_BUDGET, stats);
    const grown = process.memoryUsage().heapUsed - heap;
    assert.equal(applyDiff(before, diff), after);
    // Time: the budget, plus at most one table and the last search round it was checked in.
    assert.ok(stats.steps <= DIFF_STEP_BUDGET + TABLE_CELLS + 2 * 80_000, `spent ${stats.steps} steps`);
    // Linear memory: the diff text and its line records, far below a quadratic table (1.6 billion cells).
    assert.ok(grown < 200 * 1024 * 1024, `heap grew by ${Math.round(grown / 1024 / 1024)} MB`);
  });

  it('a small step budget still gives a diff that applies', () => {
    // Large enough that the changed region is halved before it fits a table, so the budget is reached.
    const a = notebookLines(6_000);
    const b = a.map((l, i) => (i % 13 === 0 ? l.replace('fit', 'predict') : l));
    const before = a.join('');
    const after = b.join('');
    const tight = unifiedDiff('f.ipynb', before, after, 3, 1_000);
    const full = unifiedDiff('f.ipynb', before, after);
    assert.equal(applyDiff(before, tight), after);
    assert.equal(applyDiff(before, full), after);
    assert.ok(changedLines(tight) > changedLines(full), 'the budget made no difference: the test does not test it');
    assert.equal(changedLines(full), 2 * b.filter((l, i) => l !== a[i]).length);
  });
});
