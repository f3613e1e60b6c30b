// The worker's view of the disk: listings and file contents are kept until a file event invalidates
// them, and open editor buffers (unsaved text, open notebooks) are laid over the files they belong to.
import { tooLarge } from '../core/fs/readPolicy';
import type { DirectoryEntry, FileStat, FileSystem, ReadLimit } from '../core/fs/fileSystem';

/** A FileSystem that caches another one and overlays editor buffers. Paths are absolute with forward slashes. */
export class CachingFileSystem implements FileSystem {
  private readonly dirs = new Map<string, Promise<DirectoryEntry[]>>();
  private readonly stats = new Map<string, Promise<FileStat>>();
  private readonly files = new Map<string, Promise<Uint8Array>>();
  /** The limit each cached read was made with (a read under another limit goes to disk again). */
  private readonly fileLimits = new Map<string, number>();
  private readonly realPaths = new Map<string, Promise<string>>();
  private readonly overlay = new Map<string, Uint8Array>();

  constructor(private readonly base: FileSystem) {}

  /** Sets the text of an open buffer (null removes it, and the file is read from disk again). */
  setOverlay(path: string, text: string | null): void {
    if (text === null) this.overlay.delete(path);
    else this.overlay.set(path, new TextEncoder().encode(text));
  }

  /** Forgets what is known about `path` and the listing of its folder (a file was created, changed or deleted). */
  invalidate(path: string): void {
    this.files.delete(path);
    this.realPaths.clear(); // a changed link changes every path through it
    this.stats.delete(path);
    this.dirs.delete(path);
    const slash = path.lastIndexOf('/');
    this.dirs.delete(slash > 0 ? path.slice(0, slash) : '/');
    // A deleted or renamed folder takes everything below it.
    const prefix = `${path}/`;
    for (const map of [this.files, this.stats, this.dirs, this.fileLimits] as Array<Map<string, unknown>>) {
      for (const key of [...map.keys()]) if (key.startsWith(prefix)) map.delete(key);
    }
  }

  /** Forgets everything read from disk (buffers stay). */
  invalidateAll(): void {
    this.dirs.clear();
    this.stats.clear();
    this.files.clear();
    this.fileLimits.clear();
    this.realPaths.clear();
  }

  readDirectory(path: string): Promise<DirectoryEntry[]> {
    return this.remember(this.dirs, path, () => this.base.readDirectory(path));
  }

  async stat(path: string): Promise<FileStat> {
    const buffer = this.overlay.get(path);
    const st = await this.remember(this.stats, path, () => this.base.stat(path));
    return buffer && st.kind === 'file' ? { ...st, size: buffer.byteLength } : st;
  }

  readFile(path: string, limit?: ReadLimit): Promise<Uint8Array> {
    const buffer = this.overlay.get(path);
    if (buffer) {
      if (limit && buffer.byteLength > limit.maxBytes) {
        return Promise.reject(tooLarge(buffer.byteLength, limit));
      }
      return Promise.resolve(buffer);
    }
    const max = limit?.maxBytes ?? Infinity;
    if (this.fileLimits.get(path) !== max) {
      this.files.delete(path);
      this.fileLimits.set(path, max);
    }
    return this.remember(this.files, path, () => this.base.readFile(path, limit));
  }

  realPath(path: string): Promise<string> {
    const hit = this.realPaths.get(path);
    if (hit) return hit;
    const p = this.base.realPath(path);
    this.realPaths.set(path, p);
    p.catch(() => this.realPaths.delete(path));
    return p;
  }

  private remember<T>(map: Map<string, Promise<T>>, path: string, read: () => Promise<T>): Promise<T> {
    const hit = map.get(path);
    if (hit) return hit;
    const p = read();
    map.set(path, p);
    // A failed read is not remembered: the file may appear later.
    p.catch(() => {
      if (map.get(path) === p) map.delete(path);
    });
    return p;
  }
}
