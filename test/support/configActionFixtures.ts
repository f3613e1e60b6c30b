// Fixtures of the on-demand "extract to config" in notebooks: test/fixtures/actions/extract-config/<name>/
// before/ is a project, after/ what it looks like once the notebook's action is applied.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryFileSystem } from '../../src/core/fs/memoryFileSystem';
import { loadProject } from '../../src/core/scaffold/load';
import { ProjectIndex } from '../../src/core/semantic/index';
import { type NotebookConfigAction, notebookConfigActions } from '../../src/core/fixes/extractConfig';
import { planFixes } from '../../src/core/fixes/plan';
import type { WorkspaceReport } from '../../src/core/model/report';
import { FIXTURES } from './paths';

/** The folder of the fixtures. */
export const CONFIG_ACTION_FIXTURES = join(FIXTURES, 'actions', 'extract-config');

/** Every fixture: its name and folder. */
export function configActionFixtures(): Array<{ name: string; dir: string }> {
  if (!existsSync(CONFIG_ACTION_FIXTURES)) return [];
  return readdirSync(CONFIG_ACTION_FIXTURES).map((name) => ({ name, dir: join(CONFIG_ACTION_FIXTURES, name) }));
}

/** The semantic index of a tree of files read as one project rooted at /ws. */
export async function projectOf(files: Record<string, Uint8Array | string>): Promise<ProjectIndex> {
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([p, c]) => [`/ws/${p}`, c])));
  return new ProjectIndex(await loadProject(fs, '/ws'));
}

/**
 * Applies the first notebook's action to a tree of files with the fix planner the CLI uses (cell sources
 * rewritten in place, new files added); returns the tree afterwards and the actions offered before.
 */
export async function applyConfigActions(
  files: Record<string, Uint8Array | string>,
): Promise<{ tree: Record<string, string>; actions: NotebookConfigAction[] }> {
  const tree: Record<string, string> = {};
  for (const [p, c] of Object.entries(files)) tree[p] = typeof c === 'string' ? c : Buffer.from(c).toString('utf8');
  const actions = notebookConfigActions(await projectOf(files));
  // One pass per action: each is computed on the files as they were, like one click in the editor.
  const [first] = actions;
  if (!first) return { tree, actions };
  const report = {
    root: '/ws',
    projects: [{ root: '', findings: [{ code: 'action', fixes: [first.fix] }] }],
  } as unknown as WorkspaceReport;
  const plan = planFixes(report, (path) => tree[path.replace(/^\/ws\//, '')], { unsafe: true });
  for (const c of plan.changes) tree[c.path.replace(/^\/ws\//, '')] = c.after;
  return { tree, actions };
}
