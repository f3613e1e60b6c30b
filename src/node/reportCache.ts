// The command line's report cache: one JSON file per project under <cache folder>/reports, named by a
// hash of the tool's build, the configuration and the project's file list, and holding a content hash
// of every file the analysis read. A run reuses a report only when all of them match, so editing one
// file of a monorepo analyses that file's project again and reuses the others. Deleting the folder (or
// any file in it) at any time only costs the next run its reuse; `mlcoach check --no-cache` neither
// reads nor writes it.
import type * as Crypto from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { FileSystem } from '../core/fs/fileSystem';
import type { ProjectReport } from '../core/model/report';
import type { CachedReport, ProjectInputs, ReportCache } from '../core/model/reportCache';
import { VERSION } from '../core/version';
import { DEFAULT_NOTEBOOK_FILE_LIMIT } from '../core/fs/readPolicy';

/** Entries kept; beyond this the least recently written half goes (a report is a few kilobytes to a megabyte). */
const MAX_ENTRIES = 500;

/** The hash noted for a file that could not be read: the report stands while it still cannot be. */
const UNREADABLE = 'unreadable';

/**
 * A file whose size, inode and change times are those noted when it was read is taken as unchanged without
 * reading it again, as long as it had last changed this long before (its times then cannot hide a later
 * write in the same tick of a coarse file-system clock).
 */
const RACY_WINDOW_MS = 2000;

interface Entry {
  key: string;
  /** Content hash of every file the analysis read, by absolute path. */
  reads: Record<string, string>;
  /**
   * The metadata (see metadataOf) of each file read, taken before reading it, for the files that had
   * last changed at least the racy window before: a file whose metadata is still this is not read to be checked.
   */
  stats?: Record<string, string>;
  report: ProjectReport;
  /** What the analysis keeps beside the report (see CachedReport). */
  kept?: unknown;
}

/** `node:crypto`, loaded on first use: a run without the report cache (`--no-cache`) never needs it (1.7 ms). */
let nodeCrypto: typeof Crypto | undefined;

function createHash(algorithm: string): Crypto.Hash {
  nodeCrypto ??= require('node:crypto') as typeof Crypto;
  return nodeCrypto.createHash(algorithm);
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * What identifies this build of the analysis: the version and a hash of the code that runs (the
 * bundle in a package; every compiled module when run unbundled, as in tests), so a rebuilt tool
 * never reuses an old report.
 */
function buildStamp(): string {
  const hash = createHash('sha256');
  try {
    const files = basename(__filename) === 'reportCache.js' ? jsFiles(dirname(__dirname)) : [__filename];
    for (const f of files) hash.update(f).update(readFileSync(f));
  } catch {
    hash.update(String(Math.random())); // unknown code: reuse nothing
  }
  return `${VERSION}-${hash.digest('hex')}`;
}

function jsFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.isDirectory()) jsFiles(join(dir, e.name), out);
    else if (e.name.endsWith('.js')) out.push(join(dir, e.name));
  }
  return out;
}

/** Project reports kept in a folder between runs. */
export class DiskReportCache implements ReportCache {
  private readonly dir: string;

  constructor(
    cacheDir: string,
    private readonly stamp: string = buildStamp(),
    private readonly racyWindowMs: number = RACY_WINDOW_MS,
  ) {
    this.dir = join(cacheDir, 'reports');
  }

  async lookup(fs: FileSystem, inputs: ProjectInputs): Promise<CachedReport> {
    const key = sha256(
      JSON.stringify([
        this.stamp,
        inputs.root,
        inputs.relativeRoot,
        inputs.hasGit,
        inputs.config,
        inputs.skipped,
        inputs.files,
      ]),
    );
    const file = join(this.dir, `${key}.json`);
    const entry = readEntry(file, key);
    if (entry && (await sameContents(fs, entry.reads, entry.stats ?? {})))
      return { report: entry.report, kept: entry.kept };
    // Analyse through a file system that notes what is read, so the entry knows what to check next time.
    const reads: Record<string, string> = {};
    const stats: Record<string, string> = {};
    const recording: FileSystem = {
      readDirectory: (path) => fs.readDirectory(path),
      stat: (path) => fs.stat(path),
      realPath: (path) => fs.realPath(path),
      readFile: async (path, limit) => {
        try {
          // Before the read: a write after it changes the metadata, so the next run reads the file again.
          const st = metadataOf(path);
          if (st && Date.now() - st.changedMs >= this.racyWindowMs) stats[path] = st.text;
          const bytes = await fs.readFile(path, limit);
          reads[path] = sha256(bytes);
          return bytes;
        } catch (e) {
          reads[path] = UNREADABLE;
          throw e;
        }
      },
    };
    return { fs: recording, store: (report, kept) => this.write(file, { key, reads, stats, report, kept }) };
  }

  private write(file: string, entry: Entry): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(entry));
      renameSync(tmp, file);
      this.prune();
    } catch {
      // A read-only or full disk: the next run analyses again.
    }
  }

  private prune(): void {
    const names = readdirSync(this.dir).filter((n) => n.endsWith('.json'));
    if (names.length <= MAX_ENTRIES) return;
    const byAge = names.map((n) => ({ n, t: statSync(join(this.dir, n)).mtimeMs })).sort((a, b) => a.t - b.t);
    for (const { n } of byAge.slice(0, names.length - MAX_ENTRIES / 2)) rmSync(join(this.dir, n), { force: true });
  }
}

function readEntry(file: string, key: string): Entry | undefined {
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as Entry;
    return entry.key === key && entry.reads && entry.report ? entry : undefined;
  } catch {
    return undefined; // absent, or cut short by a crash: analyse again
  }
}

/** The most any analysis reads of one file (a notebook at its largest). */
const CHECK_LIMIT = { maxBytes: DEFAULT_NOTEBOOK_FILE_LIMIT };

/**
 * What identifies a file's current contents without reading them: size, device and inode, modification and
 * change times (the change time moves with every write and cannot be set back), and the later of the two times.
 */
function metadataOf(path: string): { text: string; changedMs: number } | undefined {
  try {
    // Times in milliseconds as doubles: a fraction of a microsecond apart still differ.
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st?.isFile()) return undefined;
    return {
      text: `${st.size}:${st.dev}:${st.ino}:${st.mtimeMs}:${st.ctimeMs}`,
      changedMs: Math.max(st.mtimeMs, st.ctimeMs),
    };
  } catch {
    return undefined;
  }
}

async function sameContents(
  fs: FileSystem,
  reads: Record<string, string>,
  stats: Record<string, string>,
): Promise<boolean> {
  for (const [path, hash] of Object.entries(reads)) {
    const noted = stats[path];
    if (noted !== undefined && hash !== UNREADABLE && metadataOf(path)?.text === noted) continue;
    let now: string;
    try {
      // Bounded like the analysis' own reads: a file swapped for something huge or special is a change.
      now = sha256(await fs.readFile(path, CHECK_LIMIT));
    } catch {
      now = UNREADABLE;
    }
    if (now !== hash) return false;
  }
  return true;
}
