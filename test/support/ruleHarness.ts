// Analyses small in-memory projects and applies fixes as an editor would: .py edits to the file text,
// notebook edits to the cell's source (never to the JSON), so fix tests check what users get.
import { analyzeFolder, type AnalyzeOptions } from '../../src/core/analyze';
import { MemoryFileSystem } from '../../src/core/fs/memoryFileSystem';
import type { Finding, Fix, SourceRange, TextEdit } from '../../src/core/model/findings';

/** A notebook cell for `notebook()`: code unless `type` says otherwise; `count` null means never run. */
export interface CellSpec {
  type?: 'code' | 'markdown';
  source: string;
  count?: number | null;
  outputs?: string[];
}

/** nbformat 4 JSON for a list of cells (text outputs become `execute_result`s). */
export function notebook(cells: CellSpec[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
    cells: cells.map((c) =>
      c.type === 'markdown'
        ? { cell_type: 'markdown', metadata: {}, source: c.source }
        : {
            cell_type: 'code',
            metadata: {},
            execution_count: c.count ?? null,
            source: c.source,
            outputs: (c.outputs ?? []).map((text) => ({
              output_type: 'execute_result',
              execution_count: c.count ?? null,
              metadata: {},
              data: { 'text/plain': text },
            })),
          },
    ),
  });
}

/** Analyses files given as relative path → text; returns the findings of all projects. */
export async function findingsOf(files: Record<string, string>, options?: AnalyzeOptions): Promise<Finding[]> {
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([p, t]) => [`/ws/${p}`, t])));
  const report = await analyzeFolder(fs, '/ws', options);
  return report.projects.flatMap((p) => p.findings);
}

/** Findings of one rule code. */
export async function findingsFor(
  code: string,
  files: Record<string, string>,
  options?: AnalyzeOptions,
): Promise<Finding[]> {
  return (await findingsOf(files, options)).filter((f) => f.code === code);
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return offset + column - 1;
}

function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort(
    (a, b) =>
      offsetOf(text, b.range.startLine, b.range.startColumn) - offsetOf(text, a.range.startLine, a.range.startColumn),
  );
  let out = text;
  for (const e of sorted) {
    const from = offsetOf(text, e.range.startLine, e.range.startColumn);
    const to = offsetOf(text, e.range.endLine, e.range.endColumn);
    out = out.slice(0, from) + e.newText + out.slice(to);
  }
  return out;
}

/** Applies a fix to in-memory files and returns the new files (notebooks rewritten cell by cell). */
export function applyFix(files: Record<string, string>, fix: Fix): Record<string, string> {
  const out = { ...files };
  const byTarget = new Map<string, TextEdit[]>();
  for (const e of fix.edits) {
    const key = `${e.range.path}\u0000${e.range.cell ?? ''}`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), e]);
  }
  for (const [key, edits] of byTarget) {
    const [path, cell] = key.split('\u0000');
    if (cell === '') {
      out[path] = applyEdits(out[path], edits);
      continue;
    }
    const nb = JSON.parse(out[path]) as { cells: Array<{ source: string | string[] }> };
    const c = nb.cells[Number(cell)];
    const source = Array.isArray(c.source) ? c.source.join('') : c.source;
    c.source = applyEdits(source, edits);
    out[path] = JSON.stringify(nb);
  }
  for (const f of fix.newFiles ?? []) out[f.path] = f.content;
  for (const d of [...(fix.deleteCells ?? [])].sort((a, b) => b.cell - a.cell)) {
    const nb = JSON.parse(out[d.path]) as { cells: unknown[] };
    nb.cells.splice(d.cell, 1);
    out[d.path] = JSON.stringify(nb);
  }
  return out;
}

/** `path#cell:line` of a range, for compact assertions. */
export function where(r: SourceRange | undefined): string {
  if (!r) return '(project)';
  return `${r.path}${r.cell !== undefined ? `#${r.cell}` : ''}:${r.startLine}`;
}
