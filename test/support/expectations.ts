// Expectations carried by fixtures: `# expect: ML101` (several codes separated by spaces or commas)
// on the line where a finding starts, in .py files and in notebook cells.
import { readFileSync } from 'node:fs';
import type { Finding } from '../../src/core/model/findings';

/** One expected or actual finding, as a comparable string: `path[:cell]:line CODE`. */
export function findingKey(f: Finding): string {
  const r = f.range;
  if (!r) return `(project) ${f.code}`;
  return `${r.path}${r.cell !== undefined ? `#${r.cell}` : ''}:${r.startLine} ${f.code}`;
}

const MARKER = /#\s*expect:\s*([A-Z]{2}\d{3}(?:[\s,]+[A-Z]{2}\d{3})*)/g;

function markersIn(text: string, prefix: string): string[] {
  const out: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    for (const m of line.matchAll(MARKER)) {
      for (const code of m[1].split(/[\s,]+/).filter(Boolean)) out.push(`${prefix}:${i + 1} ${code}`);
    }
  });
  return out;
}

/** The expectations written in a fixture file (relative path `rel` as the analysis reports it). */
export function expectationsOf(absPath: string, rel: string): string[] {
  const text = readFileSync(absPath, 'utf8');
  if (!rel.endsWith('.ipynb')) return markersIn(text, rel);
  const nb = JSON.parse(text) as { cells?: Array<{ source: string | string[] }> };
  return (nb.cells ?? []).flatMap((c, i) => markersIn(Array.isArray(c.source) ? c.source.join('') : c.source, `${rel}#${i}`));
}
