// The analysis the worker runs: the core over a cached, buffer-overlaid file system, with parsed files
// kept between runs so typing re-parses only the file being edited.
import { analyzeFolder } from '../core/analyze';
import type { FileSystem } from '../core/fs/fileSystem';
import { type ParseCache, cacheKeyPath, createParseCache } from '../core/project/build';
import type { PythonUnit } from '../core/python/unit';
import { CachingFileSystem } from './cachingFileSystem';
import { type UnitHints, unitHints } from './hints';
import type { AnalyzeRequest, AnalyzeResponse, FolderResult } from './protocol';

/** How often a run lets waiting messages in, in milliseconds of work. */
const YIELD_EVERY_MS = 25;

/** Ends a run that a newer request has made stale: nobody waits for its result. */
export class StaleRunError extends Error {
  constructor() {
    super('superseded by a newer request');
    this.name = 'StaleRunError';
  }
}

/** Runs analysis requests against one cached view of the disk. */
export class WorkspaceAnalyzer {
  readonly fs: CachingFileSystem;
  private readonly parses = createParseCache();
  private readonly hintCache = new WeakMap<PythonUnit, UnitHints>();

  constructor(base: FileSystem) {
    this.fs = new CachingFileSystem(base);
  }

  /**
   * Applies a request's buffer changes and invalidations, then analyses every folder. `isStale`, asked
   * between files, stops the run with `StaleRunError` once a newer request waits (its changes stay applied).
   */
  async run(req: AnalyzeRequest, isStale?: () => boolean): Promise<AnalyzeResponse> {
    const started = Date.now();
    for (const o of req.overlays) this.fs.setOverlay(o.path, o.text);
    if (req.invalidate === 'all') this.fs.invalidateAll();
    else for (const p of req.invalidate) this.fs.invalidate(p);

    let parsed = 0;
    const seen = new Map<string, PythonUnit>();
    const inner = this.parses;
    const cache: ParseCache = {
      get<T>(key: string, text: string, make: (previous: T | undefined) => T): T {
        const colon = key.indexOf(':');
        const kind = key.slice(0, colon);
        const value = inner.get(key, text, (previous: T | undefined) => {
          // A notebook is read, then turned into a unit: count it once. Token counts are no parse.
          if (kind === 'py' || kind === 'nb') parsed++;
          return make(previous);
        });
        if (kind === 'py' || kind === 'nbunit') seen.set(cacheKeyPath(key), value as unknown as PythonUnit);
        return value;
      },
    };
    // Messages are macrotasks: awaiting cached reads never lets one in, so the run yields now and then.
    let yielded = Date.now();
    const checkpoint = isStale
      ? async () => {
          if (Date.now() - yielded >= YIELD_EVERY_MS) {
            await new Promise((resolve) => setTimeout(resolve, 0));
            yielded = Date.now();
          }
          if (isStale()) throw new StaleRunError();
        }
      : undefined;
    const folders: FolderResult[] = [];
    for (const folder of req.folders) {
      try {
        const report = await analyzeFolder(this.fs, folder.path, { overrides: req.overrides, cache, checkpoint });
        folders.push({ key: folder.key, report });
      } catch (e) {
        if (e instanceof StaleRunError) throw e;
        folders.push({ key: folder.key, error: (e as Error).message });
      }
    }
    const hints: Record<string, UnitHints> = {};
    for (const path of req.hintsFor) {
      const unit = seen.get(path);
      if (!unit) continue;
      let h = this.hintCache.get(unit);
      if (!h) {
        h = unitHints(unit);
        this.hintCache.set(unit, h);
      }
      hints[path] = h;
    }
    return { type: 'result', id: req.id, folders, hints, ms: Date.now() - started, parsed };
  }
}
