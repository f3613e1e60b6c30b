// Fix fixtures: test/fixtures/fixes/<CODE>/<name>/before/ is a project, after/ is what it must look like
// once that code's fixes are applied (unsafe ones included).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFolder } from '../../src/core/analyze';
import { MemoryFileSystem } from '../../src/core/fs/memoryFileSystem';
import { fixWorkspace } from '../../src/core/fixes/fixWorkspace';
import type { FileSystem } from '../../src/core/fs/fileSystem';
import { FIXTURES } from './paths';

const FIX_FIXTURES = join(FIXTURES, 'fixes');

/** Every fixture: its rule code and folder. */
export function fixFixtures(): Array<{ code: string; name: string; dir: string }> {
  if (!existsSync(FIX_FIXTURES)) return [];
  return readdirSync(FIX_FIXTURES).flatMap((code) =>
    readdirSync(join(FIX_FIXTURES, code)).map((name) => ({ code, name, dir: join(FIX_FIXTURES, code, name) })),
  );
}

/** Applies the fixes of `code` to a tree of files; returns the tree afterwards and the outcome. */
export async function fixTree(files: Record<string, Uint8Array | string>, code: string, unsafe = true) {
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([p, c]) => [`/ws/${p}`, c])));
  const outcome = await fixWorkspace(fs, (f: FileSystem) => analyzeFolder(f, '/ws'), { unsafe, codes: [code] });
  const tree: Record<string, string> = {};
  for (const [p, c] of Object.entries(files)) tree[p] = typeof c === 'string' ? c : Buffer.from(c).toString('utf8');
  for (const c of outcome.changes) tree[c.path.replace(/^\/ws\//, '')] = c.after;
  return { tree, outcome };
}
