// `# mlcoach: ignore[ML101]` on a line or the first line of a cell, `# mlcoach: ignore` for every
// rule on that line, and `# mlcoach: ignore-file` anywhere in a file or notebook.
import type { Finding } from '../model/findings';
import type { PythonUnit } from '../python/unit';

const DIRECTIVE = /#\s*mlcoach:\s*(ignore-file|ignore)(?:\[([^\]]*)\])?/i;

interface Directive {
  kind: 'ignore' | 'ignore-file';
  /** Codes or names; empty means every rule. */
  codes: string[];
  /** Line (1-based) and cell of the comment. */
  line: number;
  cell?: number;
}

/** The suppression directives in a unit's comments (comments only: a string that looks like one does not count). */
export function suppressionDirectives(unit: PythonUnit): Directive[] {
  const out: Directive[] = [];
  for (const c of unit.module.comments) {
    const m = DIRECTIVE.exec(unit.module.source.slice(c.from, c.to));
    if (!m) continue;
    const r = unit.range(c);
    out.push({
      kind: m[1].toLowerCase() as Directive['kind'],
      codes: (m[2] ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean),
      line: r.startLine,
      cell: r.cell,
    });
  }
  return out;
}

/** True when a finding is silenced by a directive in its unit. */
export function isSuppressed(f: Finding, unit: PythonUnit): boolean {
  if (!f.range) return false;
  const directives = suppressionDirectives(unit);
  const matches = (d: Directive) => d.codes.length === 0 || d.codes.includes(f.code.toLowerCase()) || d.codes.includes(f.rule);
  return directives.some((d) => {
    if (d.kind === 'ignore-file') return matches(d);
    if (d.cell !== f.range!.cell) return false;
    if (d.line === f.range!.startLine) return matches(d);
    // On the first line of a cell, a directive covers the whole cell.
    return d.cell !== undefined && d.line === 1 && isCommentOnlyLine(unit, d) && matches(d);
  });
}

function isCommentOnlyLine(unit: PythonUnit, d: Directive): boolean {
  const cell = unit.cells.find((c) => c.cell.index === d.cell);
  const first = cell?.cell.source.split(/\r?\n/, 1)[0] ?? '';
  return first.trimStart().startsWith('#');
}
