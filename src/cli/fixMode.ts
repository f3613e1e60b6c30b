// `mlcoach check --fix / --unsafe-fixes / --diff`: applies the core's fixes in passes (each pass analyses
// the project as the previous passes left it, in memory), then writes the files or prints a unified diff.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FileSystem } from '../core/fs/fileSystem';
import { relativePath } from '../core/fs/fileSystem';
import type { WorkspaceReport } from '../core/model/report';
import { OverlayFileSystem } from '../core/fixes/overlayFileSystem';
import { FixSelection, planFixes } from '../core/fixes/plan';
import { unifiedDiff } from '../core/fixes/unifiedDiff';

/** The options `check` takes for fixes. */
export const FIX_OPTIONS = {
  fix: { type: 'boolean', default: false },
  'unsafe-fixes': { type: 'boolean', default: false },
  diff: { type: 'boolean', default: false },
} as const;

/** Their lines in `check --help`. */
export const FIX_USAGE = `  --fix              apply the safe fixes, then report what is left
  --unsafe-fixes     with --fix or --diff: also the fixes that change what the code computes
  --diff             print the fixes as a unified diff and change nothing (exit code as without it)
`;

/** The most passes: a fix that keeps producing new fixes stops here. */
const MAX_PASSES = 8;

/** What applying fixes did. */
export interface FixOutcome {
  /** The report of the files as they were. */
  before: WorkspaceReport;
  /** The report after the fixes (equal to `before` when nothing was fixable). */
  after: WorkspaceReport;
  /** Fixes applied over all passes. */
  applied: number;
  /** Changed or created files: absolute path, old text (undefined for a new file), new text. */
  changes: Array<{ path: string; before: string | undefined; after: string }>;
}

/** Reads the disk, or undefined when the file is absent or unreadable. */
function readDisk(path: string): string | undefined {
  try {
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** Plans and applies fixes in memory over `base`, pass after pass, until nothing more is fixable. */
export async function fixInMemory(
  base: FileSystem,
  analyze: (fs: FileSystem) => Promise<WorkspaceReport>,
  selection: FixSelection,
): Promise<FixOutcome> {
  const overlay = new OverlayFileSystem(base);
  const texts = new Map<string, string>();
  const read = (p: string) => (texts.has(p) ? texts.get(p) : readDisk(p));
  const before = await analyze(base);
  let report = before;
  let applied = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const plan = planFixes(report, read, selection);
    if (plan.changes.length === 0) break;
    for (const c of plan.changes) {
      texts.set(c.path, c.after);
      overlay.write(c.path, c.after);
    }
    applied += plan.applied.length;
    report = await analyze(overlay);
  }
  const changes = [...texts.entries()]
    .map(([path, after]) => ({ path, before: readDisk(path), after }))
    .filter((c) => c.before !== c.after)
    .sort((a, b) => (a.path < b.path ? -1 : 1));
  return { before, after: report, applied, changes };
}

/** Writes the changes; a file the fixes create is never written over one that appeared meanwhile. */
export function writeChanges(changes: FixOutcome['changes']): void {
  for (const c of changes) {
    mkdirSync(dirname(c.path), { recursive: true });
    writeFileSync(c.path, c.after, c.before === undefined ? { flag: 'wx' } : undefined);
  }
}

/** The changes as one unified diff, paths relative to `root`. */
export function diffOf(changes: FixOutcome['changes'], root: string): string {
  return changes.map((c) => unifiedDiff(relativePath(root, c.path), c.before, c.after)).join('');
}
