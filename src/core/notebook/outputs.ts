// Facts read from a notebook's stored outputs. Only data facts (class counts) come from here, never
// evidence for a level: outputs hold arbitrary text.

/** Class counts read from a stored output: a pandas Series, a Counter or a NumPy array. */
export function countsFromOutput(text: string): number[] | undefined {
  const counter = /Counter\(\{([^}]*)\}\)/.exec(text);
  if (counter) {
    const nums = [...counter[1].matchAll(/:\s*(\d+(?:\.\d+)?)/g)].map((m) => Number(m[1]));
    return nums.length >= 2 ? nums : undefined;
  }
  const array = /^\s*array\(\[([\d\s,.]+)\]/.exec(text);
  if (array) {
    const nums = array[1]
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    return nums.length >= 2 && nums.every((n) => Number.isFinite(n)) ? nums : undefined;
  }
  // A Series repr ends with `Name: ..., dtype: ...` or `dtype: ...`.
  if (!/(^|\n)(Name: .*)?dtype: (int|float|uint)\d*\s*$/.test(text.trimEnd())) return undefined;
  const nums: number[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^(Name:|dtype:|Length:)/.test(line.trim()) || line.trim() === '') continue;
    const m = /^\s*\S.*?\s+(\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/.exec(line);
    if (m) nums.push(Number(m[1]));
  }
  return nums.length >= 2 && nums.length <= 50 ? nums : undefined;
}
