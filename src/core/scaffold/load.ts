// Reads one folder as one project for scaffolding, and checks a plan against what is on disk now:
// discovery leaves out git-ignored files, so a plan is checked again before anything is written.
import { type FileSystem, joinPath } from '../fs/fileSystem';
import { readFolderConfig } from '../analyze';
import { discoverFiles } from '../discovery/discover';
import { buildProject } from '../project/build';
import type { ProjectModel } from '../project/model';
import type { ScaffoldPlan } from './scaffold';

/** Builds the project model of `folder` (the folder itself is the project root). */
export async function loadProject(fs: FileSystem, folder: string): Promise<ProjectModel> {
  const root = folder.replace(/\/+$/, '') || '/';
  const config = await readFolderConfig(fs, root);
  const walk = await discoverFiles(fs, root, { exclude: config.exclude });
  return buildProject(fs, root, '', walk.files, walk.skipped, walk.hasGit, config);
}

/** Moves every planned file whose path exists on `fs` (ignored files included) to `skipped`. */
export async function excludeExisting(fs: FileSystem, root: string, plan: ScaffoldPlan): Promise<ScaffoldPlan> {
  const files = [];
  const skipped = [...plan.skipped];
  for (const f of plan.files) {
    if (await exists(fs, joinPath(root, f.path))) skipped.push({ path: f.path, reason: 'exists' });
    else files.push(f);
  }
  return { files, skipped, notes: plan.notes };
}

async function exists(fs: FileSystem, path: string): Promise<boolean> {
  try {
    await fs.stat(path);
    return true;
  } catch {
    return false;
  }
}
