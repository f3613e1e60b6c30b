// Walks a folder the way a user expects: honouring .gitignore files at every depth, leaving out
// version-control folders, virtualenvs, caches and build output, never looping through symlinks,
// and saying what it passed over.
import ignore, { Ignore } from 'ignore';
import { minimatch } from 'minimatch';
import { FileSystem, joinPath } from '../fs/fileSystem';
import type { DiscoveredFile, SkippedPath } from '../project/model';

/** Folder names never walked into. `.dvc` is walked (its config is evidence) but not its cache. */
export const BUILT_IN_EXCLUDED_DIRS: ReadonlySet<string> = new Set([
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

/** Options for a walk. */
export interface DiscoverOptions {
  /** User globs (minimatch, relative to the root) to leave out. */
  exclude?: string[];
  /** Stop after this many files; the rest is reported as skipped. */
  maxFiles?: number;
  /** Honour .gitignore files (default true). */
  useGitignore?: boolean;
}

/** What a walk found. */
export interface DiscoverResult {
  files: DiscoveredFile[];
  skipped: SkippedPath[];
  /** True when the root, or a folder above it, holds a `.git`. */
  hasGit: boolean;
}

interface IgnoreScope {
  /** Directory (relative to root, '' for root) the .gitignore lives in. */
  dir: string;
  ig: Ignore;
}

/** Lists the files of a folder tree. Never throws for unreadable entries: they are reported as skipped. */
export async function discoverFiles(fs: FileSystem, root: string, options: DiscoverOptions = {}): Promise<DiscoverResult> {
  const maxFiles = options.maxFiles ?? 50_000;
  const useGitignore = options.useGitignore ?? true;
  const excludes = (options.exclude ?? []).map((g) => g.replace(/^\.\//, ''));
  const files: DiscoveredFile[] = [];
  const skipped: SkippedPath[] = [];
  const visited = new Set<string>();
  let limitReported = false;

  const isExcludedByUser = (rel: string, isDir: boolean): boolean =>
    excludes.some((g) => minimatch(rel, g, { dot: true }) || (isDir && minimatch(`${rel}/`, g, { dot: true })) || minimatch(rel, `${g.replace(/\/$/, '')}/**`, { dot: true }));

  const isIgnored = (scopes: IgnoreScope[], rel: string, isDir: boolean): boolean => {
    let ignored = false;
    for (const s of scopes) {
      const sub = s.dir ? rel.slice(s.dir.length + 1) : rel;
      const r = s.ig.test(isDir ? `${sub}/` : sub);
      if (r.ignored) ignored = true;
      if (r.unignored) ignored = false;
    }
    return ignored;
  };

  const walk = async (dirAbs: string, dirRel: string, scopes: IgnoreScope[]): Promise<void> => {
    let identity = dirAbs;
    try {
      identity = (await fs.stat(dirAbs)).identity ?? dirAbs;
    } catch {
      /* keep the path as identity */
    }
    if (visited.has(identity)) {
      skipped.push({ path: dirRel || '.', reason: 'symlink-loop', detail: 'already visited through another path' });
      return;
    }
    visited.add(identity);

    let entries;
    try {
      entries = await fs.readDirectory(dirAbs);
    } catch (e) {
      skipped.push({ path: dirRel || '.', reason: 'unreadable', detail: (e as Error).message.split('\n')[0] });
      return;
    }
    let localScopes = scopes;
    if (useGitignore && entries.some((e) => e.name === '.gitignore' && e.kind === 'file')) {
      try {
        const text = new TextDecoder().decode(await fs.readFile(joinPath(dirAbs, '.gitignore')));
        localScopes = [...scopes, { dir: dirRel, ig: ignore().add(text) }];
      } catch {
        /* an unreadable .gitignore ignores nothing */
      }
    }
    // A virtualenv is recognised by its marker file, whatever the folder is called.
    if (dirRel && entries.some((e) => e.name === 'pyvenv.cfg')) {
      skipped.push({ path: dirRel, reason: 'excluded', detail: 'virtual environment' });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = dirRel ? `${dirRel}/${entry.name}` : entry.name;
      const abs = joinPath(dirAbs, entry.name);
      let kind = entry.kind;
      let size = 0;
      if (kind === 'symlink' || kind === 'other') {
        try {
          const st = await fs.stat(abs);
          kind = st.kind === 'directory' ? 'directory' : st.kind === 'file' ? 'file' : 'other';
          size = st.size;
        } catch {
          skipped.push({ path: rel, reason: 'unreadable', detail: 'broken link' });
          continue;
        }
      }
      if (kind === 'other') continue;
      const isDir = kind === 'directory';
      if (isDir && BUILT_IN_EXCLUDED_DIRS.has(entry.name)) continue;
      if (isDir && (entry.name.endsWith('.egg-info') || (dirRel.endsWith('.dvc') && (entry.name === 'cache' || entry.name === 'tmp')))) continue;
      if (isExcludedByUser(rel, isDir)) {
        skipped.push({ path: rel, reason: 'excluded', detail: 'matches an exclude pattern' });
        continue;
      }
      if (useGitignore && isIgnored(localScopes, rel, isDir)) continue;
      if (isDir) {
        await walk(abs, rel, localScopes);
        continue;
      }
      if (files.length >= maxFiles) {
        if (!limitReported) skipped.push({ path: rel, reason: 'limit', detail: `more than ${maxFiles} files; the rest was not read` });
        limitReported = true;
        continue;
      }
      if (entry.kind === 'file') {
        try {
          size = (await fs.stat(abs)).size;
        } catch {
          skipped.push({ path: rel, reason: 'unreadable' });
          continue;
        }
      }
      files.push({ path: rel, size });
    }
  };

  await walk(root.replace(/\/+$/, '') || '/', '', []);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
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
