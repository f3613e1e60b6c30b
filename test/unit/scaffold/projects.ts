// Project models for scaffold tests: from an in-memory map of files or from a fixture folder.
import { resolve } from 'node:path';
import { MemoryFileSystem } from '../../../src/core/fs/memoryFileSystem';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';
import { loadProject } from '../../../src/core/scaffold/load';
import type { ProjectModel } from '../../../src/core/project/model';
import { FIXTURES } from '../../support/paths';

/** A project whose root is `root` and whose files are `files` (relative paths to text). */
export async function projectFromFiles(
  files: Record<string, string>,
  root = '/work/my-project',
): Promise<ProjectModel> {
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([p, t]) => [`${root}/${p}`, t])));
  return loadProject(fs, root);
}

/** The fixture project `test/fixtures/scaffold/<name>`. */
export async function fixtureProject(name: string): Promise<ProjectModel> {
  return loadProject(new NodeFileSystem(), scaffoldFixture(name));
}

/** Absolute path of a scaffold fixture project. */
export function scaffoldFixture(name: string): string {
  return resolve(FIXTURES, 'scaffold', name).replace(/\\/g, '/');
}

/** A notebook file with one code cell per source string. */
export function notebook(...cells: string[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' },
      language_info: { name: 'python' },
    },
    cells: cells.map((source, i) => ({
      cell_type: 'code',
      execution_count: i + 1,
      id: `c${i}`,
      metadata: {},
      outputs: [],
      source,
    })),
  });
}
