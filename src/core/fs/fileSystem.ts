// The only way the core reads a workspace: the extension implements it on vscode.workspace.fs,
// the CLI on node:fs, the tests on a fixture folder or an in-memory map.

/** What a directory entry is; links are reported as such so the walker can refuse loops. */
export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

/** One entry of a directory listing. */
export interface DirectoryEntry {
  name: string;
  kind: EntryKind;
  /** Size in bytes of a file, when the listing already knows it (saves a `stat` per file). */
  size?: number;
}

/** What `stat` tells about a path, following links. */
export interface FileStat {
  kind: 'file' | 'directory' | 'other';
  size: number;
  /** A canonical identity for the target (a real path), used to detect symlink loops. */
  identity?: string;
}

/** Bounds on one read. */
export interface ReadLimit {
  /** A file larger than this many bytes is refused unread. */
  maxBytes: number;
}

/** Why a read was refused before any byte was read. */
export type RefusalReason = 'not-regular' | 'too-large' | 'outside-root' | 'timeout';

/** A read the file-access policy refused (see docs/security.md): the file is reported, never read. */
export class ReadRefusedError extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
    /** The size of a file refused as too large. */
    readonly size?: number,
  ) {
    super(message);
    this.name = 'ReadRefusedError';
  }
}

/**
 * Read-only access to a tree of files. Paths are absolute and use forward slashes.
 * `readFile` reads regular files only: a pipe, device or socket (directly or through a link) is refused
 * with `ReadRefusedError('not-regular')` without being opened for a blocking read, and a file over
 * `limit.maxBytes` with `ReadRefusedError('too-large')` without being read.
 */
export interface FileSystem {
  readDirectory(path: string): Promise<DirectoryEntry[]>;
  stat(path: string): Promise<FileStat>;
  readFile(path: string, limit?: ReadLimit): Promise<Uint8Array>;
  /** The path with every link resolved (as `realpath`); throws when it does not exist. */
  realPath(path: string): Promise<string>;
}

/** Joins path segments with forward slashes, without doubling separators. */
export function joinPath(base: string, ...parts: string[]): string {
  let out = base.replace(/\/+$/, '');
  for (const part of parts) {
    if (!part) continue;
    out = `${out}/${part.replace(/^\/+/, '')}`;
  }
  return out || '/';
}

/** The path of `path` relative to `root`, with forward slashes ('' for the root itself). */
export function relativePath(root: string, path: string): string {
  const r = root.replace(/\/+$/, '');
  if (path === r) return '';
  if (path.startsWith(`${r}/`)) return path.slice(r.length + 1);
  return path;
}
