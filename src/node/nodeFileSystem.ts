// The core's FileSystem on node:fs, for the CLI, the benchmark and the tests.
import { promises as fsp } from 'node:fs';
import type { DirectoryEntry, FileStat, FileSystem } from '../core/fs/fileSystem';

/** Reads the real disk. Paths are absolute with forward slashes. */
export class NodeFileSystem implements FileSystem {
  async readDirectory(path: string): Promise<DirectoryEntry[]> {
    const entries = await fsp.readdir(path, { withFileTypes: true });
    return entries.map((e) => ({
      name: e.name,
      kind: e.isSymbolicLink() ? 'symlink' : e.isDirectory() ? 'directory' : e.isFile() ? 'file' : 'other',
    }));
  }

  async stat(path: string): Promise<FileStat> {
    const st = await fsp.stat(path);
    let identity: string | undefined;
    if (st.isDirectory()) identity = `${st.dev}:${st.ino}`;
    return { kind: st.isDirectory() ? 'directory' : st.isFile() ? 'file' : 'other', size: st.size, identity };
  }

  async readFile(path: string): Promise<Uint8Array> {
    return fsp.readFile(path);
  }
}
