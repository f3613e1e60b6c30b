// `mlcoach check --fix / --unsafe-fixes / --diff`: the options, and writing or diffing what the core's
// fixWorkspace planned.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { relativePath } from '../core/fs/fileSystem';
import type { FileChange } from '../core/fixes/plan';
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

/** Writes the changes; a file the fixes create is never written over one that appeared meanwhile. */
export function writeChanges(changes: FileChange[]): void {
  for (const c of changes) {
    mkdirSync(dirname(c.path), { recursive: true });
    writeFileSync(c.path, c.after, c.before === undefined ? { flag: 'wx' } : undefined);
  }
}

/** The changes as one unified diff, paths relative to `root`. */
export function diffOf(changes: FileChange[], root: string): string {
  return changes.map((c) => unifiedDiff(relativePath(root, c.path), c.before, c.after)).join('');
}
