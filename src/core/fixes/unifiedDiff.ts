// A unified diff of two texts (`diff -u` style, three lines of context), for `mlcoach check --diff`.

/** The lines of a text, each with its line end. */
function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

type Op = { kind: ' ' | '-' | '+'; line: string };

/** The edit script between two line lists, from a longest common subsequence (files here are small). */
function editScript(a: string[], b: string[]): Op[] {
  // Trim the common head and tail first: a fix changes a few lines of a long file.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const n = x.length;
  const m = y.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: Op[] = a.slice(0, head).map((line) => ({ kind: ' ', line }));
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      ops.push({ kind: ' ', line: x[i++] });
      j++;
    } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push({ kind: '-', line: x[i++] });
    else ops.push({ kind: '+', line: y[j++] });
  }
  for (const line of a.slice(a.length - tail)) ops.push({ kind: ' ', line });
  return ops;
}

/** A unified diff from `before` (undefined: a new file) to `after`; '' when they are equal. */
export function unifiedDiff(path: string, before: string | undefined, after: string, context = 3): string {
  if (before === after) return '';
  const ops = editScript(linesOf(before ?? ''), linesOf(after));
  const out = [`--- ${before === undefined ? '/dev/null' : `a/${path}`}\n`, `+++ b/${path}\n`];
  const changed = ops.map((o, k) => (o.kind !== ' ' ? k : -1)).filter((k) => k >= 0);
  let k = 0;
  while (k < changed.length) {
    let start = Math.max(0, changed[k] - context);
    let end = changed[k];
    while (k < changed.length && changed[k] - end <= 2 * context) end = changed[k++];
    end = Math.min(ops.length - 1, end + context);
    // Line numbers of the hunk's start on each side.
    let oldLine = 1;
    let newLine = 1;
    for (let q = 0; q < start; q++) {
      if (ops[q].kind !== '+') oldLine++;
      if (ops[q].kind !== '-') newLine++;
    }
    const hunk = ops.slice(start, end + 1);
    const oldCount = hunk.filter((o) => o.kind !== '+').length;
    const newCount = hunk.filter((o) => o.kind !== '-').length;
    out.push(
      `@@ -${oldCount === 0 ? oldLine - 1 : oldLine},${oldCount} +${newCount === 0 ? newLine - 1 : newLine},${newCount} @@\n`,
    );
    for (const o of hunk) {
      out.push(`${o.kind}${o.line.endsWith('\n') ? o.line : `${o.line}\n\\ No newline at end of file\n`}`);
    }
    start = end + 1;
  }
  return out.join('');
}
