// Rule fixtures: loads a fixture file or folder into an in-memory workspace, analyses it with the real
// core, and reads the expectations it carries (`# expect: ML101` on the line where a finding starts).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyzeFolder, type AnalyzeOptions } from '../../src/core/analyze';
import { MemoryFileSystem } from '../../src/core/fs/memoryFileSystem';
import type { Finding } from '../../src/core/model/findings';
import type { WorkspaceReport } from '../../src/core/model/report';

/** Reads every file below `dir` into a map of relative path to bytes. */
export function readTree(dir: string): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p).split('\\').join('/')] = readFileSync(p);
    }
  };
  walk(dir);
  return out;
}

/** Analyses a fixture: a single file (as a one-file project) or a folder (as a project). */
export async function analyzeFixture(path: string, options?: AnalyzeOptions): Promise<WorkspaceReport> {
  const files: Record<string, Uint8Array> = {};
  if (statSync(path).isDirectory()) {
    for (const [rel, bytes] of Object.entries(readTree(path))) files[`/ws/${rel}`] = bytes;
  } else {
    files[`/ws/${path.split(/[\\/]/).pop()}`] = readFileSync(path);
  }
  return analyzeFolder(new MemoryFileSystem(files), '/ws', options);
}

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
  return (nb.cells ?? []).flatMap((c, i) =>
    markersIn(Array.isArray(c.source) ? c.source.join('') : c.source, `${rel}#${i}`),
  );
}
