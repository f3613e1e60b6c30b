// Fixes applied in passes: each pass analyses the files as the earlier passes left them (in memory, over
// the real file system), plans one fix per finding, and stops when nothing fixable is left. The CLI
// writes or diffs the outcome; the tests compare it with expected files.
import { type FileSystem, joinPath } from '../fs/fileSystem';
import type { WorkspaceReport } from '../model/report';
import { OverlayFileSystem } from './overlayFileSystem';
import type { FixSelection } from './choose';
import { type FileChange, planFixes } from './plan';

/** The most passes: fixes that keep producing new fixes stop here. */
const MAX_PASSES = 8;

/** What applying fixes did. */
export interface FixOutcome {
  /** The report of the files as they were. */
  before: WorkspaceReport;
  /** The report after the fixes (the same as `before` when nothing was fixable). */
  after: WorkspaceReport;
  /** Fixes applied over all passes. */
  applied: number;
  changes: FileChange[];
}

async function readText(fs: FileSystem, path: string): Promise<string | undefined> {
  try {
    const bytes = await fs.readFile(path);
    return new TextDecoder('utf-8').decode(bytes);
  } catch {
    return undefined;
  }
}

/** Every file a report's fixes touch or create. */
function pathsOf(report: WorkspaceReport): Set<string> {
  const out = new Set<string>();
  for (const p of report.projects) {
    for (const f of p.findings) {
      for (const fix of f.fixes ?? []) {
        for (const e of fix.edits) out.add(joinPath(report.root, p.root, e.range.path));
        for (const n of fix.newFiles ?? []) out.add(joinPath(report.root, p.root, n.path));
        for (const d of fix.deleteCells ?? []) out.add(joinPath(report.root, p.root, d.path));
      }
    }
  }
  return out;
}

/** Plans and applies fixes in memory over `base`, pass after pass, until nothing more is fixable. */
export async function fixWorkspace(
  base: FileSystem,
  analyze: (fs: FileSystem) => Promise<WorkspaceReport>,
  selection: FixSelection,
): Promise<FixOutcome> {
  const overlay = new OverlayFileSystem(base);
  const original = new Map<string, string | undefined>();
  const current = new Map<string, string | undefined>();
  const before = await analyze(base);
  let report = before;
  let applied = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    for (const path of pathsOf(report)) {
      if (current.has(path)) continue;
      const text = await readText(base, path);
      original.set(path, text);
      current.set(path, text);
    }
    const plan = planFixes(report, (p) => current.get(p), selection);
    if (plan.changes.length === 0) break;
    for (const c of plan.changes) {
      current.set(c.path, c.after);
      overlay.write(c.path, c.after);
    }
    applied += plan.applied.length;
    report = await analyze(overlay);
  }
  const changes: FileChange[] = [];
  for (const [path, after] of current) {
    const was = original.get(path);
    if (after !== undefined && after !== was) changes.push({ path, before: was, after });
  }
  changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { before, after: report, applied, changes };
}
