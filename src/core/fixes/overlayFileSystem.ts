// A file system that shows planned fixes over another one, so a project can be analysed again as if the
// fixes were written (for `--diff`, and to apply fixes in passes) without touching the disk.
import { tooLarge } from '../fs/readPolicy';
import type { DirectoryEntry, FileStat, FileSystem, ReadLimit } from '../fs/fileSystem';

/** `base` with some files replaced or added (absolute paths with forward slashes). */
export class OverlayFileSystem implements FileSystem {
  private readonly files = new Map<string, Uint8Array>();

  constructor(private readonly base: FileSystem) {}

  /** Sets a file's text. */
  write(path: string, text: string): void {
    this.files.set(path, new TextEncoder().encode(text));
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
      else if (!byName.has(rest.slice(0, slash)))
        byName.set(rest.slice(0, slash), { name: rest.slice(0, slash), kind: 'directory' });
    }
    return [...byName.values()];
  }

  async stat(path: string): Promise<FileStat> {
    const own = this.files.get(path);
    if (own) return { kind: 'file', size: own.length };
    try {
      return await this.base.stat(path);
    } catch (e) {
      if ([...this.files.keys()].some((p) => p.startsWith(`${path.replace(/\/+$/, '')}/`)))
        return { kind: 'directory', size: 0, identity: `overlay:${path}` };
      throw e;
    }
  }

  async readFile(path: string, limit?: ReadLimit): Promise<Uint8Array> {
    const own = this.files.get(path);
    if (!own) return this.base.readFile(path, limit);
    // A fixed file is held to the limit of its kind, as the file on disk would be.
    if (limit && own.length > limit.maxBytes) throw tooLarge(own.length, limit);
    return own;
  }

  async realPath(path: string): Promise<string> {
    // A file the fixes add has no links in its own name; its folder resolves as on disk.
    if (this.files.has(path)) {
      const slash = path.lastIndexOf('/');
      const dir = slash > 0 ? await this.realPath(path.slice(0, slash)).catch(() => path.slice(0, slash)) : '';
      return `${dir}/${path.slice(slash + 1)}`;
    }
    return this.base.realPath(path);
  }
}
