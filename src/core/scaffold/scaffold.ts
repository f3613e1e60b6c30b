// What a scaffold is: a next step of the level checklist turned into new files, adapted to the project,
// that never overwrite anything. Plans are data; the CLI and the extension write them.
import type { NewFile } from '../model/findings';
import type { ProjectModel } from '../project/model';
import { isPathTaken } from './paths';

/** The files a scaffold would create for one project, what it left out and what the user should know. */
export interface ScaffoldPlan {
  files: NewFile[];
  /** Paths the scaffold would have created but did not (reason `exists` when the path is taken). */
  skipped: Array<{ path: string; reason: string }>;
  /** Short advice: what was guessed from the project, what to do next. */
  notes: string[];
}

/** One scaffold: metadata plus a pure, deterministic planner. */
export interface Scaffold {
  /** Stable id used by `mlcoach scaffold <id>` and by `nextStep.scaffold` of checklist items. */
  id: string;
  title: string;
  /** One or two sentences: what the files are for. */
  description: string;
  /** The level the scaffold helps reach. */
  level: number;
  /** Checklist item ids (`L3.dockerfile`) this scaffold helps meet. */
  items: string[];
  plan(project: ProjectModel): ScaffoldPlan;
}

/**
 * Builds a plan from candidate files: a candidate whose path already exists goes to `skipped` with
 * reason `exists`, as does a second candidate for the same path.
 */
export function planFiles(project: ProjectModel, candidates: NewFile[], notes: string[] = []): ScaffoldPlan {
  const files: NewFile[] = [];
  const skipped: ScaffoldPlan['skipped'] = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    if (seen.has(c.path) || isPathTaken(project, c.path)) skipped.push({ path: c.path, reason: 'exists' });
    else files.push(c);
    seen.add(c.path);
  }
  return { files, skipped, notes };
}
