// A file system that shows planned fixes over another one, so a project can be analysed again as if the
// fixes were written (for `--diff`, and to apply fixes in passes) without touching the disk.
import type { DirectoryEntry, FileStat, FileSystem } from '../fs/fileSystem';

/** `base` with some files replaced or added (absolute paths with forward slashes). */
export class OverlayFileSystem implements FileSystem {
  private readonly files = new Map<string, Uint8Array>();

  constructor(private readonly base: FileSystem) {}

  /** Sets a file's text. */
  write(path: string, text: string): void {
    this.files.set(path, new TextEncoder().encode(text));
  }

  /** The files written so far. */
  written(): string[] {
    return [...this.files.keys()].sort();
  }

  async readDirectory(path: string): Promise<DirectoryEntry[]> {
    const dir = path.replace(/\/+$/, '');
    let entries: DirectoryEntry[] = [];
    try {
      entries = await this.base.readDirectory(path);
    } catch (e) {
      if (![...this.files.keys()].some((p) => p.startsWith(`${dir}/`))) throw e;
    }
    const byName = new Map(entries.map((e) => [e.name, e]));
    for (const [p, bytes] of this.files) {
      if (!p.startsWith(`${dir}/`)) continue;
      const rest = p.slice(dir.length + 1);
      const slash = rest.indexOf('/');
      if (slash < 0) byName.set(rest, { name: rest, kind: 'file', size: bytes.length });
      else if (!byName.has(rest.slice(0, slash))) byName.set(rest.slice(0, slash), { name: rest.slice(0, slash), kind: 'directory' });
    }
    return [...byName.values()];
  }

  async stat(path: string): Promise<FileStat> {
    const own = this.files.get(path);
    if (own) return { kind: 'file', size: own.length };
    try {
      return await this.base.stat(path);
    } catch (e) {
      if ([...this.files.keys()].some((p) => p.startsWith(`${path.replace(/\/+$/, '')}/`))) return { kind: 'directory', size: 0, identity: `overlay:${path}` };
      throw e;
    }
  }

  async readFile(path: string): Promise<Uint8Array> {
    return this.files.get(path) ?? this.base.readFile(path);
  }
}

