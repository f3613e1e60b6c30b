import { tooLarge } from './readPolicy';
import type { DirectoryEntry, FileStat, FileSystem, ReadLimit } from './fileSystem';

/** A FileSystem over a map of path to content, for tests and for unsaved editor buffers. */
export class MemoryFileSystem implements FileSystem {
  private readonly files = new Map<string, Uint8Array>();

  /** `files` maps absolute paths (forward slashes) to text or bytes. */
  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [path, content] of Object.entries(files)) this.set(path, content);
  }

  /** Adds or replaces one file. */
  set(path: string, content: string | Uint8Array): void {
    this.files.set(normalise(path), typeof content === 'string' ? new TextEncoder().encode(content) : content);
  }

  async readDirectory(path: string): Promise<DirectoryEntry[]> {
    const dir = normalise(path);
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const seen = new Map<string, DirectoryEntry>();
    for (const file of this.files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const rest = file.slice(prefix.length);
      const slash = rest.indexOf('/');
      const name = slash < 0 ? rest : rest.slice(0, slash);
      if (!seen.has(name))
        seen.set(
          name,
          slash < 0 ? { name, kind: 'file', size: this.files.get(file)!.byteLength } : { name, kind: 'directory' },
        );
    }
    if (seen.size === 0 && !this.isDirectory(dir)) throw new Error(`ENOENT: no such directory '${path}'`);
    return [...seen.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async stat(path: string): Promise<FileStat> {
    const p = normalise(path);
    const file = this.files.get(p);
    if (file) return { kind: 'file', size: file.byteLength, identity: p };
    if (this.isDirectory(p)) return { kind: 'directory', size: 0, identity: p };
    throw new Error(`ENOENT: no such file '${path}'`);
  }

  async readFile(path: string, limit?: ReadLimit): Promise<Uint8Array> {
    const file = this.files.get(normalise(path));
    if (!file) throw new Error(`ENOENT: no such file '${path}'`);
    if (limit && file.byteLength > limit.maxBytes) throw tooLarge(file.byteLength, limit);
    return file;
  }

  async realPath(path: string): Promise<string> {
    await this.stat(path);
    return normalise(path);
  }

  private isDirectory(dir: string): boolean {
    const prefix = dir === '/' ? '/' : `${dir}/`;
    for (const file of this.files.keys()) if (file.startsWith(prefix)) return true;
    return false;
  }
}

function normalise(path: string): string {
  const p = path.replace(/\\/g, '/').replace(/\/+$/, '');
  return p === '' ? '/' : p;
}
