// Walks a folder the way a user expects: honouring .gitignore files at every depth and the
// repository's .git/info/exclude, leaving out version-control folders, virtualenvs, caches and build
// output, never looping through symlinks, and saying what it passed over.
import ignore, { type Ignore } from 'ignore';
import { compileGlob, globRisk } from './glob';
import { type DirectoryEntry, type FileSystem, ReadRefusedError, joinPath } from '../fs/fileSystem';
import { IGNORE_FILE_LIMIT, isInside, readInside, realRoot, refusalDetail } from '../fs/readPolicy';
import type { DiscoveredFile, SkippedPath } from '../project/model';

/** Folder names never walked into. `.dvc` is walked (its config is evidence) but not its cache. */
const BUILT_IN_EXCLUDED_DIRS: ReadonlySet<string> = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '__pycache__',
  '.ipynb_checkpoints',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.tox',
  '.nox',
  '.venv',
  'venv',
  '.virtualenv',
  'site-packages',
  '.eggs',
  'build',
  'dist',
  '.idea',
  '.vscode-test',
  '.vscode-rig',
  'wandb',
  'mlruns',
  'lightning_logs',
]);

/** Built-in excludes that are also common Python package names: a folder with `__init__.py` is walked. */
const EXCLUDED_UNLESS_PACKAGE: ReadonlySet<string> = new Set(['build', 'dist', 'wandb']);

/**
 * Built-in excludes too common or too obvious to mention (every Python folder has a `__pycache__`).
 * The others (`node_modules`, `build`, `mlruns`, ...) are reported once each, so a user who wonders
 * why a folder was not analysed can find out.
 */
const QUIETLY_EXCLUDED: ReadonlySet<string> = new Set([
  '.git',
  '.hg',
  '.svn',
  '__pycache__',
  '.ipynb_checkpoints',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.idea',
]);

/** Options for a walk. */
export interface DiscoverOptions {
  /**
   * User globs (minimatch, relative to the root) to leave out. A pattern without a slash matches at any
   * depth, as in .gitignore (`*.csv`, `scratch`); `dir/**` leaves out the folder itself too.
   */
  exclude?: string[];
  /** Stop after this many files; the rest is reported as skipped. */
  maxFiles?: number;
  /** Honour .gitignore files (default true). */
  useGitignore?: boolean;
  /** Awaited before each folder is listed (see `AnalyzeOptions.checkpoint`). */
  checkpoint?: () => Promise<void>;
}

/** What a walk found. */
export interface DiscoverResult {
  files: DiscoveredFile[];
  skipped: SkippedPath[];
  /** True when the root, or a folder above it, holds a `.git`. */
  hasGit: boolean;
}

interface IgnoreScope {
  /** Directory (relative to root, '' for root) the patterns apply from. */
  dir: string;
  /** The file the patterns come from, as named in a skip reason. */
  source: string;
  ig: Ignore;
}

interface PendingLink {
  abs: string;
  rel: string;
  scopes: IgnoreScope[];
  outputDir: boolean;
}

/** One compiled user exclude pattern. */
interface ExcludeMatcher {
  glob: string;
  matches(rel: string, isDir: boolean): boolean;
}

/**
 * Compiles user globs once, with a matcher whose cost is linear in the path (`glob.ts`). A pattern that
 * could take super-linear time (an extended glob) is left out here: the configuration loader refuses it
 * with the file, key and line before a walk starts.
 */
export function compileExcludes(globs: readonly string[]): ExcludeMatcher[] {
  return globs
    .map((g) => g.trim().replace(/^\.\//, '').replace(/^\//, ''))
    .filter((g) => g && !globRisk(g))
    .map((glob) => {
      const dirOnly = glob.endsWith('/');
      const pattern = glob.replace(/\/+$/, '');
      const matchBase = !pattern.includes('/');
      const whole = compileGlob(pattern, matchBase);
      const folder = pattern.endsWith('/**') ? compileGlob(pattern.slice(0, -3), matchBase) : undefined;
      return {
        glob,
        matches: (rel: string, isDir: boolean) => {
          if (dirOnly && !isDir) return false;
          return whole(rel) || (isDir && !!folder?.(rel));
        },
      };
    });
}

/** Lists the files of a folder tree. Never throws for unreadable entries: they are reported as skipped. */
export async function discoverFiles(
  fs: FileSystem,
  root: string,
  options: DiscoverOptions = {},
): Promise<DiscoverResult> {
  const maxFiles = options.maxFiles ?? 50_000;
  const useGitignore = options.useGitignore ?? true;
  const excludes = compileExcludes(options.exclude ?? []);
  const files: DiscoveredFile[] = [];
  const skipped: SkippedPath[] = [];
  const visited = new Set<string>();
  // Folders reached through a link are walked last, so a folder's real path wins over a link to it.
  const links: PendingLink[] = [];
  let limitReported = false;
  const rootReal = await realRoot(fs, root);

  const ignoredBy = (scopes: IgnoreScope[], rel: string, isDir: boolean): string | undefined => {
    let rule: string | undefined;
    for (const s of scopes) {
      const sub = s.dir ? rel.slice(s.dir.length + 1) : rel;
      let r: ReturnType<Ignore['test']>;
      try {
        r = s.ig.test(isDir ? `${sub}/` : sub);
      } catch {
        continue; // a name the ignore library refuses (odd characters) is not ignored
      }
      if (r.ignored) rule = `${s.source}: ${r.rule?.pattern ?? 'a parent folder is ignored'}`;
      if (r.unignored) rule = undefined;
    }
    return rule;
  };

  const identityOf = async (dirAbs: string): Promise<string> => {
    try {
      return (await fs.stat(dirAbs)).identity ?? dirAbs;
    } catch {
      return dirAbs;
    }
  };

  const leadsInside = async (abs: string): Promise<boolean> => {
    try {
      return isInside(rootReal, await fs.realPath(abs));
    } catch {
      return false;
    }
  };

  const walk = async (
    dirAbs: string,
    dirRel: string,
    scopes: IgnoreScope[],
    outputUnlessPackage = false,
  ): Promise<void> => {
    // Past the limit, listing more folders (a data folder of 200,000 images) would only cost time.
    if (files.length >= maxFiles) {
      if (!limitReported)
        skipped.push({
          path: dirRel || '.',
          reason: 'limit',
          detail: `more than ${maxFiles} files; the rest was not read`,
        });
      limitReported = true;
      return;
    }
    await options.checkpoint?.();
    const identity = await identityOf(dirAbs);
    if (visited.has(identity)) {
      skipped.push({
        path: dirRel || '.',
        reason: 'symlink-loop',
        detail: 'a link to a folder already walked (a loop or a second path to it)',
      });
      return;
    }
    visited.add(identity);

    let entries: DirectoryEntry[];
    try {
      entries = await fs.readDirectory(dirAbs);
    } catch (e) {
      skipped.push({ path: dirRel || '.', reason: 'unreadable', detail: (e as Error).message.split('\n')[0] });
      return;
    }
    if (outputUnlessPackage && !entries.some((e) => e.name === '__init__.py')) {
      skipped.push({ path: dirRel, reason: 'excluded', detail: 'built-in exclude' });
      return;
    }
    // A virtualenv or conda environment is recognised by its marker, whatever the folder is called.
    if (dirRel && entries.some((e) => e.name === 'pyvenv.cfg' && e.kind !== 'directory')) {
      skipped.push({ path: dirRel, reason: 'excluded', detail: 'virtual environment (has pyvenv.cfg)' });
      return;
    }
    if (dirRel && entries.some((e) => e.name === 'conda-meta' && e.kind === 'directory')) {
      skipped.push({ path: dirRel, reason: 'excluded', detail: 'conda environment (has conda-meta/)' });
      return;
    }
    let localScopes = scopes;
    // Git reads .git/info/exclude like a root .gitignore of lower precedence, so it goes first and the
    // root .gitignore can re-include what it leaves out. Missing or unreadable, it simply does not apply.
    if (useGitignore && !dirRel && entries.some((e) => e.name === '.git' && e.kind === 'directory')) {
      try {
        const text = new TextDecoder().decode(
          await readInside(fs, rootReal, joinPath(dirAbs, '.git/info/exclude'), IGNORE_FILE_LIMIT),
        );
        localScopes = [...scopes, { dir: '', source: '.git/info/exclude', ig: ignore().add(text) }];
      } catch (e) {
        // No exclude file: nothing to apply. One the policy refuses (a device, a pipe, too large) is said.
        if (e instanceof ReadRefusedError)
          skipped.push({
            path: '.git/info/exclude',
            reason: 'unreadable',
            detail: `${refusalDetail(e)}; its patterns were not applied`,
          });
      }
    }
    if (useGitignore && entries.some((e) => e.name === '.gitignore' && e.kind !== 'directory')) {
      const source = dirRel ? `${dirRel}/.gitignore` : '.gitignore';
      try {
        const text = new TextDecoder().decode(
          await readInside(fs, rootReal, joinPath(dirAbs, '.gitignore'), IGNORE_FILE_LIMIT),
        );
        localScopes = [...localScopes, { dir: dirRel, source, ig: ignore().add(text) }];
      } catch (e) {
        skipped.push({
          path: source,
          reason: 'unreadable',
          detail: `${refusalDetail(e)}; its patterns were not applied`,
        });
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      // In a git worktree or submodule `.git` is a file pointing at the repository: not project content.
      if (entry.name === '.git') continue;
      const rel = dirRel ? `${dirRel}/${entry.name}` : entry.name;
      const abs = joinPath(dirAbs, entry.name);
      let kind = entry.kind;
      let size = entry.size;
      const isLink = kind === 'symlink';
      if (kind === 'symlink' || kind === 'other') {
        try {
          const st = await fs.stat(abs);
          kind = st.kind;
          size = st.size;
        } catch {
          skipped.push({ path: rel, reason: 'unreadable', detail: isLink ? 'broken link' : 'cannot be read' });
          continue;
        }
        // A link may point anywhere on the host: what it leads to outside the folder is neither read nor walked.
        if (isLink && !(await leadsInside(abs))) {
          // A `.gitignore` refused above is already listed, with what it means for its patterns.
          if (!skipped.some((x) => x.path === rel))
            skipped.push({
              path: rel,
              reason: 'outside-root',
              detail: 'a link that leads outside the workspace folder; not followed',
            });
          continue;
        }
      }
      if (kind === 'other') {
        if (!skipped.some((x) => x.path === rel))
          skipped.push({ path: rel, reason: 'unreadable', detail: 'not a regular file (socket, device or pipe)' });
        continue;
      }
      const isDir = kind === 'directory';
      if (isDir && BUILT_IN_EXCLUDED_DIRS.has(entry.name) && !EXCLUDED_UNLESS_PACKAGE.has(entry.name)) {
        if (!QUIETLY_EXCLUDED.has(entry.name))
          skipped.push({ path: rel, reason: 'excluded', detail: 'built-in exclude' });
        continue;
      }
      if (
        isDir &&
        (entry.name.endsWith('.egg-info') ||
          (dirRel.endsWith('.dvc') && (entry.name === 'cache' || entry.name === 'tmp')))
      )
        continue;
      const excludedBy = excludes.find((x) => x.matches(rel, isDir));
      if (excludedBy) {
        skipped.push({ path: rel, reason: 'excluded', detail: `matches the exclude pattern '${excludedBy.glob}'` });
        continue;
      }
      if (useGitignore) {
        const rule = ignoredBy(localScopes, rel, isDir);
        if (rule !== undefined) {
          // Ignored files are many (data, outputs); only folders and code files are worth a line each.
          if (isDir || /\.(py|ipynb)$/.test(entry.name)) skipped.push({ path: rel, reason: 'ignored', detail: rule });
          continue;
        }
      }
      if (isDir) {
        const outputDir = EXCLUDED_UNLESS_PACKAGE.has(entry.name);
        if (isLink) links.push({ abs, rel, scopes: localScopes, outputDir });
        else await walk(abs, rel, localScopes, outputDir);
        continue;
      }
      if (files.length >= maxFiles) {
        if (!limitReported)
          skipped.push({ path: rel, reason: 'limit', detail: `more than ${maxFiles} files; the rest was not read` });
        limitReported = true;
        continue;
      }
      if (size === undefined) {
        try {
          size = (await fs.stat(abs)).size;
        } catch (e) {
          skipped.push({ path: rel, reason: 'unreadable', detail: (e as Error).message.split('\n')[0] });
          continue;
        }
      }
      files.push({ path: rel, size });
    }
  };

  await walk(root.replace(/\/+$/, '') || '/', '', []);
  // Links found while walking linked folders join the queue; the visited set ends every loop.
  for (let i = 0; i < links.length; i++) await walk(links[i].abs, links[i].rel, links[i].scopes, links[i].outputDir);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, skipped, hasGit: await hasGitAbove(fs, root) };
}

async function hasGitAbove(fs: FileSystem, root: string): Promise<boolean> {
  let dir = root.replace(/\/+$/, '');
  for (let i = 0; i < 64; i++) {
    try {
      await fs.stat(joinPath(dir || '/', '.git'));
      return true;
    } catch {
      /* not here */
    }
    if (!dir || dir === '/') return false;
    dir = dir.slice(0, dir.lastIndexOf('/'));
  }
  return false;
}
