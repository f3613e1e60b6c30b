// Where a scaffold may write: only inside its target folder, never over anything, never through a link.
// A repository can commit a link (`tests -> /home/me/.ssh`, `Dockerfile -> /etc/profile.d/x.sh`) that
// `git clone` recreates; creating files "inside" such a folder would create them wherever it points.
// The CLI, the analysis worker and the extension all check a plan here before showing or writing it.
import { accessSync, constants, lstatSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { NewFile } from '../core/model/findings';
import type { ScaffoldPlan } from '../core/scaffold/scaffold';

/**
 * Why `rel` (a relative path of a planned file) must not be written under `root`, or undefined when it
 * may: a folder on the way that is a link leading outside the target, or the file itself being a link
 * (existing or dangling: creating through it would write where it points). Links to folders inside
 * the target are followed and checked again.
 */
export function linkRefusal(root: string, rel: string): string | undefined {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return undefined; // a missing target is reported by whoever reads it
  }
  const parts = rel.split('/').filter((p) => p && p !== '.');
  let current = root;
  for (let i = 0; i < parts.length; i++) {
    const shown = parts.slice(0, i + 1).join('/');
    if (parts[i] === '..') return `'${shown}' leaves the target folder`;
    current = join(current, parts[i]);
    let isLink: boolean;
    try {
      isLink = lstatSync(current).isSymbolicLink();
    } catch {
      return undefined; // nothing there yet: what is created below is a real folder inside the target
    }
    if (!isLink) continue;
    if (i === parts.length - 1) return `'${shown}' is a link: a scaffold never writes through one`;
    let real: string;
    try {
      real = realpathSync(current);
    } catch {
      return `'${shown}' is a link to a missing folder`;
    }
    if (!isInside(realRoot, real)) return `'${shown}' is a link to ${real}, outside the target folder`;
  }
  return undefined;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
}

/** Moves every planned file that `linkRefusal` refuses to `skipped`, with the reason. */
export function refuseLinkedPaths(root: string, plan: ScaffoldPlan): ScaffoldPlan {
  const files: NewFile[] = [];
  const skipped = [...plan.skipped];
  for (const f of plan.files) {
    const refusal = linkRefusal(root, f.path);
    if (refusal) skipped.push({ path: f.path, reason: `refused: ${refusal}` });
    else files.push(f);
  }
  return { files, skipped, notes: plan.notes };
}

/** The writes a scaffold makes, so tests can stand in a read-only or failing disk. */
export interface TargetWriter {
  /** Throws (EACCES, EROFS, ...) when new entries cannot be made in the existing folder `dir`. */
  checkWritable(dir: string): void;
  makeFolder(path: string): void;
  /** Creates a file that must not exist yet (an existing file or link makes it throw EEXIST). */
  createFile(path: string, content: string): void;
}

/** The real disk. */
export const NODE_WRITER: TargetWriter = {
  checkWritable: (dir) => accessSync(dir, constants.W_OK),
  makeFolder: (path) => mkdirSync(path, { recursive: true }),
  // `wx` is O_CREAT|O_EXCL: it fails on any existing entry, a dangling link included, so it never follows one.
  createFile: (path, content) => writeFileSync(path, content, { flag: 'wx' }),
};

/** What writing a plan did. */
export interface WriteResult {
  /** The plan with `files` cut down to those created; files that appeared meanwhile moved to skipped. */
  plan: ScaffoldPlan;
  /** Set when the target could not be written to: nothing after the failure was created. */
  error?: string;
}

/**
 * Writes a plan under `root`. Before anything is created, every file's nearest existing folder must be
 * writable: a read-only target writes nothing and reports why. Links are checked again at write time.
 */
export function writePlan(root: string, plan: ScaffoldPlan, writer: TargetWriter = NODE_WRITER): WriteResult {
  const guarded = refuseLinkedPaths(root, plan);
  for (const f of guarded.files) {
    const dir = nearestExisting(join(root, dirname(f.path)));
    try {
      writer.checkWritable(dir);
    } catch (e) {
      return { plan: { ...guarded, files: [] }, error: `cannot write in ${dir}: ${errorText(e)}; nothing was created` };
    }
  }
  const files: NewFile[] = [];
  const skipped = [...guarded.skipped];
  for (const f of guarded.files) {
    const target = join(root, f.path);
    try {
      writer.makeFolder(dirname(target));
      writer.createFile(target, f.content);
      files.push(f);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        skipped.push({ path: f.path, reason: 'exists' });
        continue;
      }
      const done = files.length
        ? ` (created before the failure: ${files.map((x) => x.path).join(', ')})`
        : '; nothing was created';
      return {
        plan: { files, skipped, notes: guarded.notes },
        error: `cannot write ${f.path}: ${errorText(e)}${done}`,
      };
    }
  }
  return { plan: { files, skipped, notes: guarded.notes } };
}

/** `path` or its closest existing ancestor. */
function nearestExisting(path: string): string {
  let p = path;
  for (;;) {
    try {
      lstatSync(p);
      return p;
    } catch {
      const up = dirname(p);
      if (up === p) return p;
      p = up;
    }
  }
}

function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const reason: Record<string, string> = {
    EROFS: 'read-only file system',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOSPC: 'no space left on device',
    ENOTDIR: 'a file is where a folder should be',
  };
  return (err.code && reason[err.code]) ?? (err.message ?? String(e)).split('\n')[0];
}
