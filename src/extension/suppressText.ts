// The text edits of "Suppress for this line" and "for this cell": pure string logic.

const DIRECTIVE = /#\s*mlcoach:\s*ignore\[([^\]]*)\]/i;

/** Where and what to write on a line to silence `code` there, or undefined when a comment cannot go there safely. */
export function lineSuppression(line: string, code: string): { column: number; text: string; replaceTo?: number } | undefined {
  const existing = DIRECTIVE.exec(line);
  if (existing) {
    const codes = existing[1].split(',').map((c) => c.trim()).filter(Boolean);
    if (codes.some((c) => c.toLowerCase() === code.toLowerCase())) return undefined;
    const start = existing.index;
    return { column: start, replaceTo: start + existing[0].length, text: `# mlcoach: ignore[${[...codes, code].join(', ')}]` };
  }
  // A comment after a line continuation is a syntax error; a line that opens or closes a
  // triple-quoted string may be inside one, where a comment would become part of the text.
  if (/\\\s*$/.test(line) || /"""|'''/.test(line)) return undefined;
  // After an existing comment the directive is still found: it is matched anywhere in the comment.
  const trimmedEnd = line.replace(/\s+$/, '');
  return { column: trimmedEnd.length, text: `  # mlcoach: ignore[${code}]` };
}

/** The line to put first in a cell to silence `code` in the whole cell, or undefined when it is already there. */
export function cellSuppression(firstLine: string, code: string): { replaceFirstLine: boolean; text: string } | undefined {
  const m = DIRECTIVE.exec(firstLine);
  if (m && firstLine.trimStart().startsWith('#')) {
    const codes = m[1].split(',').map((c) => c.trim()).filter(Boolean);
    if (codes.some((c) => c.toLowerCase() === code.toLowerCase())) return undefined;
    return { replaceFirstLine: true, text: firstLine.replace(DIRECTIVE, `# mlcoach: ignore[${[...codes, code].join(', ')}]`) };
  }
  return { replaceFirstLine: false, text: `# mlcoach: ignore[${code}]\n` };
}
