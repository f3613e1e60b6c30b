// The text edits of "Suppress for this line" and "for this cell": pure string logic.

const DIRECTIVE = /#\s*mlcoach:\s*ignore\[([^\]]*)\]/i;

/** Where and what to write on a line to silence `code` there, or undefined when a comment cannot go there safely. */
export function lineSuppression(
  line: string,
  code: string,
): { column: number; text: string; replaceTo?: number } | undefined {
  const existing = DIRECTIVE.exec(line);
  if (existing) {
    const codes = existing[1]
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    if (codes.some((c) => c.toLowerCase() === code.toLowerCase())) return undefined;
    const start = existing.index;
    return {
      column: start,
      replaceTo: start + existing[0].length,
      text: `# mlcoach: ignore[${[...codes, code].join(', ')}]`,
    };
  }
  // A comment after a line continuation is a syntax error; a line that opens or closes a
  // triple-quoted string may be inside one, where a comment would become part of the text.
  if (/\\\s*$/.test(line) || /"""|'''/.test(line)) return undefined;
  // After an existing comment the directive is still found: it is matched anywhere in the comment.
  const trimmedEnd = line.replace(/\s+$/, '');
  return { column: trimmedEnd.length, text: `  # mlcoach: ignore[${code}]` };
}

/**
 * Where to put the directive that silences `code` in a whole cell: the first line, or the line after a
 * cell magic (`%%time` must stay first or the cell no longer runs). Undefined when it is already there.
 */
export function cellSuppression(
  firstLines: readonly string[],
  code: string,
): { line: number; replaceLine: boolean; text: string } | undefined {
  const line = /^\s*%%/.test(firstLines[0] ?? '') ? 1 : 0;
  const current = firstLines[line] ?? '';
  const m = DIRECTIVE.exec(current);
  if (m && current.trimStart().startsWith('#')) {
    const codes = m[1]
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    if (codes.some((c) => c.toLowerCase() === code.toLowerCase())) return undefined;
    return {
      line,
      replaceLine: true,
      text: current.replace(DIRECTIVE, `# mlcoach: ignore[${[...codes, code].join(', ')}]`),
    };
  }
  return { line, replaceLine: false, text: `# mlcoach: ignore[${code}]\n` };
}
