// The core's FileSystem on node:fs, for the CLI, the benchmark and the tests.
import { promises as fsp, readFileSync, readdirSync, statSync } from 'node:fs';
import type { DirectoryEntry, FileStat, FileSystem } from '../core/fs/fileSystem';

/** Reads the real disk. Paths are absolute with forward slashes. */
export class NodeFileSystem implements FileSystem {
  async readDirectory(path: string): Promise<DirectoryEntry[]> {
    // Synchronous calls, one directory at a time: on a 14,000-file tree (/usr/lib/python3) listing with
    // sizes takes about 160 ms this way against 360-450 ms with promise-based readdir/stat, and each call
    // blocks for one directory only.
    const entries = readdirSync(path, { withFileTypes: true });
    return entries.map((e): DirectoryEntry => {
      const kind = e.isSymbolicLink() ? 'symlink' : e.isDirectory() ? 'directory' : e.isFile() ? 'file' : 'other';
      if (kind !== 'file') return { name: e.name, kind };
      try {
        const st = statSync(`${path}/${e.name}`, { throwIfNoEntry: false });
        return st ? { name: e.name, kind, size: st.size } : { name: e.name, kind };
      } catch {
        return { name: e.name, kind }; // the walker's own stat reports why
      }
    });
  }

  async stat(path: string): Promise<FileStat> {
    const st = await fsp.stat(path);
    let identity: string | undefined;
    if (st.isDirectory()) identity = `${st.dev}:${st.ino}`;
    return { kind: st.isDirectory() ? 'directory' : st.isFile() ? 'file' : 'other', size: st.size, identity };
  }

  async readFile(path: string): Promise<Uint8Array> {
    // Synchronous for the same reason: the promise-based readFile opens, stats, reads and closes in four
    // trips through the thread pool; on the 5,000 files of bench:peers' monorepo that is 410 ms of CPU
    // and 1.3 s of wall time against 35 ms and 0.1 s this way.
    return readFileSync(path);
  }
}
