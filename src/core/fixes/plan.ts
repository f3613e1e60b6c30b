// Which fixes to apply and what the files look like afterwards, as data: the CLI writes or diffs the
// result, tests compare it. Fixes are chosen like ruff's: one per finding, safe ones unless unsafe ones
// are asked for, and a fix whose edits clash with one already taken waits for the next pass.
import { joinPath } from '../fs/fileSystem';
import type { Finding, Fix, SourceRange } from '../model/findings';
import type { WorkspaceReport } from '../model/report';
import { parseNotebook } from '../notebook/notebook';
import { deleteCells, replaceCellSources } from './notebookJson';
import { type FixSelection, chooseFix } from './choose';
import { type OffsetEdit, applyOffsetEdits, offsetsOf, overlaps } from './textEdits';

/** One file's contents before and after (before is undefined for a file the fixes create). */
export interface FileChange {
  /** Absolute path with forward slashes. */
  path: string;
  before: string | undefined;
  after: string;
}

/** The outcome of planning: the changed files and the fixes they carry. */
export interface FixPlan {
  changes: FileChange[];
  applied: Array<{ finding: Finding; fix: Fix }>;
}

/** Reads a file's text by absolute path; undefined when it does not exist. */
export type ReadText = (path: string) => string | undefined;

/** Where an edit lands: a file, or a cell of a notebook. */
function targetKey(path: string, r: SourceRange): string {
  return r.cell === undefined ? path : `${path}#${r.cell}`;
}

/** Plans the fixes of a report against the files as `read` returns them. */
export function planFixes(report: WorkspaceReport, read: ReadText, selection: FixSelection): FixPlan {
  const texts = new Map<string, string | undefined>();
  const textOf = (path: string) => {
    if (!texts.has(path)) texts.set(path, read(path));
    return texts.get(path);
  };
  const cellSources = new Map<string, string[] | undefined>();
  const cellsOf = (path: string) => {
    if (!cellSources.has(path)) {
      const text = textOf(path);
      const nb = text === undefined ? undefined : parseNotebook(text);
      cellSources.set(path, nb?.ok ? nb.notebook.cells.map((c) => c.source) : undefined);
    }
    return cellSources.get(path);
  };
  // Edits per target (a file or a notebook cell), as offsets into the original text of that target.
  const edits = new Map<string, { path: string; cell?: number; edits: OffsetEdit[]; remove?: boolean }>();
  const created = new Map<string, string>();
  const applied: FixPlan['applied'] = [];
  for (const project of report.projects) {
    for (const finding of project.findings) {
      const fix = chooseFix(finding, selection);
      if (!fix) continue;
      const planned: Array<{ key: string; path: string; cell?: number; edit: OffsetEdit; remove?: boolean }> = [];
      let ok = true;
      for (const e of fix.edits) {
        const path = joinPath(report.root, project.root, e.range.path);
        const text = e.range.cell === undefined ? textOf(path) : cellsOf(path)?.[e.range.cell];
        if (text === undefined) {
          ok = false;
          break;
        }
        planned.push({
          key: targetKey(path, e.range),
          path,
          cell: e.range.cell,
          edit: { ...offsetsOf(text, e.range), newText: e.newText },
        });
      }
      for (const d of fix.deleteCells ?? []) {
        const path = joinPath(report.root, project.root, d.path);
        if (cellsOf(path)?.[d.cell] === undefined) ok = false;
        else
          planned.push({
            key: targetKey(path, {
              path: d.path,
              cell: d.cell,
              startLine: 1,
              startColumn: 1,
              endLine: 1,
              endColumn: 1,
            }),
            path,
            cell: d.cell,
            edit: { from: 0, to: cellsOf(path)![d.cell].length, newText: '' },
            remove: true,
          });
      }
      const newFiles = (fix.newFiles ?? []).map((f) => ({
        path: joinPath(report.root, project.root, f.path),
        content: f.content,
      }));
      if (!ok || newFiles.some((f) => textOf(f.path) !== undefined && !created.has(f.path))) continue;
      const clash =
        planned.some((p) => edits.get(p.key)?.edits.some((o) => overlaps(o, p.edit))) ||
        planned.some((p, i) => planned.some((q, j) => j < i && q.key === p.key && overlaps(q.edit, p.edit, true))) ||
        newFiles.some((f) => created.has(f.path));
      // A fix whose edits clash with one taken is left for a later pass.
      if (clash) continue;
      for (const p of planned) {
        const entry = edits.get(p.key) ?? { path: p.path, cell: p.cell, edits: [] };
        entry.edits.push(p.edit);
        if (p.remove) entry.remove = true;
        edits.set(p.key, entry);
      }
      for (const f of newFiles) created.set(f.path, f.content);
      applied.push({ finding, fix });
    }
  }
  const changes: FileChange[] = [];
  const byFile = new Map<string, Array<{ cell?: number; edits: OffsetEdit[]; remove?: boolean }>>();
  for (const e of edits.values()) byFile.set(e.path, [...(byFile.get(e.path) ?? []), e]);
  for (const [path, targets] of byFile) {
    const before = textOf(path)!;
    let after = before;
    const whole = targets.find((t) => t.cell === undefined);
    if (whole) after = applyOffsetEdits(before, whole.edits);
    const cells = new Map<number, string>();
    const removed = new Set<number>();
    for (const t of targets) {
      if (t.cell === undefined) continue;
      if (t.remove) removed.add(t.cell);
      else cells.set(t.cell, applyOffsetEdits(cellsOf(path)![t.cell], t.edits));
    }
    if (cells.size > 0) after = replaceCellSources(before, cells);
    if (removed.size > 0) after = deleteCells(after, removed);
    if (after !== before) changes.push({ path, before, after });
  }
  for (const [path, content] of created) changes.push({ path, before: undefined, after: content });
  changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { changes, applied };
}
