// Loads fixture files or folders into an in-memory workspace and analyses them with the real core.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyzeFolder, AnalyzeOptions } from '../../src/core/analyze';
import { MemoryFileSystem } from '../../src/core/fs/memoryFileSystem';
import type { WorkspaceReport } from '../../src/core/model/report';

/** Reads every file below `dir` into a map of relative path to bytes. */
export function readTree(dir: string): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p).split('\\').join('/')] = readFileSync(p);
    }
  };
  walk(dir);
  return out;
}

/** Analyses a fixture: a single file (as a one-file project) or a folder (as a project). */
export async function analyzeFixture(path: string, options?: AnalyzeOptions): Promise<WorkspaceReport> {
  const files: Record<string, Uint8Array> = {};
  if (statSync(path).isDirectory()) {
    for (const [rel, bytes] of Object.entries(readTree(path))) files[`/ws/${rel}`] = bytes;
  } else {
    files[`/ws/${path.split(/[\\/]/).pop()}`] = readFileSync(path);
  }
  return analyzeFolder(new MemoryFileSystem(files), '/ws', options);
}
