// The file-access policy every reader of the core follows (docs/security.md, "What ML Coach reads"):
// regular files only, never outside the workspace root, a size limit for every kind of file and a time
// budget for every read. `FileSystem.readFile` refuses special files and files over a limit; this module
// holds the limits and the checks that need the root.
import { type FileSystem, type ReadLimit, ReadRefusedError } from './fileSystem';

const MB = 1024 * 1024;

/** Configuration files (`.mlcoach.yaml`, `.mlcoach.yml`, `pyproject.toml` read for `[tool.mlcoach]`). */
export const CONFIG_FILE_LIMIT: ReadLimit = { maxBytes: 1 * MB };
/** Ignore files (`.gitignore` at any depth, `.git/info/exclude`). */
export const IGNORE_FILE_LIMIT: ReadLimit = { maxBytes: 1 * MB };
/**
 * The default limit of a notebook file, outputs included (setting `max-notebook-size`); its code cells are held to
 * `max-file-size`.
 */
export const DEFAULT_NOTEBOOK_FILE_LIMIT = 64 * MB;
/** How long one read may take before the file is given up as a problem (a stalled network drive or FUSE mount). */
export const READ_TIME_BUDGET_MS = 10_000;
/** How long parsing one file or notebook may take before it is given up as a problem. */
export const PARSE_TIME_BUDGET_MS = 10_000;
/**
 * Tokens a code file may hold per byte of `max-file-size`: 2 MB of ordinary Python holds about 0.15-0.25
 * tokens per byte, a file packed with one-character tokens up to 1. The syntax tree costs memory per token.
 */
export const TOKENS_PER_LIMIT_BYTE = 0.25;
/** Tokens of code one project may hold in all (about 100-150 bytes of syntax tree each). */
export const PROJECT_TOKEN_BUDGET = 4_000_000;

/** True when `path` is `root` or inside it (both real paths with forward slashes). */
export function isInside(root: string, path: string): boolean {
  const r = root.replace(/\/+$/, '');
  return path === r || path.startsWith(`${r}/`) || r === '';
}

/** The real path of a folder, or the path itself when it cannot be resolved. */
export async function realRoot(fs: FileSystem, root: string): Promise<string> {
  try {
    return await fs.realPath(root);
  } catch {
    return root;
  }
}

/** What withTimeBudget's first race gives when the work is still under way. */
const UNSETTLED: unique symbol = Symbol('unsettled');

/** Rejects with `ReadRefusedError('timeout')` when `work` takes longer than `ms`. */
export async function withTimeBudget<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  // Work already done (a synchronous file system's read) needs no timer: a race with a settled promise
  // goes to `work` when it is settled too, since it comes first.
  const first = await Promise.race([work, Promise.resolve(UNSETTLED)]);
  if (first !== UNSETTLED) return first as T;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ReadRefusedError('timeout', `${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Reads a file the walk did not vet (configuration, ignore files): refused when its real path leaves
 * `rootReal` (the real path of the workspace folder), when it is not a regular file, or over `limit`.
 */
export async function readInside(
  fs: FileSystem,
  rootReal: string,
  path: string,
  limit: ReadLimit,
): Promise<Uint8Array> {
  const real = await fs.realPath(path);
  if (!isInside(rootReal, real))
    throw new ReadRefusedError('outside-root', 'a link that leads outside the workspace folder');
  return withTimeBudget(fs.readFile(path, limit), READ_TIME_BUDGET_MS, 'reading it');
}

/** A one-line reason for a refused or failed read, never quoting the file's content. */
export function refusalDetail(e: unknown): string {
  if (e instanceof ReadRefusedError) return e.message;
  const message = (e as Error)?.message ?? String(e);
  return message.split('\n')[0];
}

/** The refusal of a file of `size` bytes over `limit`: every file system words it this one way. */
export function tooLarge(size: number, limit: ReadLimit): ReadRefusedError {
  return new ReadRefusedError(
    'too-large',
    `${formatBytes(size)} is over the ${formatBytes(limit.maxBytes)} limit`,
    size,
  );
}

/** `1.5 MB`-style sizes for messages. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
