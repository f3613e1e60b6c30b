// Which code is "training code of a project past Level 1": the scope of the configuration rules.
// Notebooks are exploration and stay out of it; so do tests. A beginner's project stays quiet.
import type { ProjectModel } from '../project/model';
import { projectStage, type ProjectStage, STAGE_MEMO_KEY } from '../project/stage';
import type { PythonUnit } from '../python/unit';
import { trainsModel } from './callFacts';
import { isTestPath } from '../project/testFiles';
import type { Memo } from './rule';

/** The project's stage, computed once per analysis. */
export function stageOf(project: ProjectModel, memo: Memo): ProjectStage {
  return memo.get(STAGE_MEMO_KEY, () => projectStage(project));
}

/** True for a .py module that trains a model, outside tests, in a project past Level 1. */
export function isStructuredTrainingCode(unit: PythonUnit, project: ProjectModel, memo: Memo): boolean {
  if (unit.kind !== 'module' || isTestPath(unit.path)) return false;
  if (!stageOf(project, memo).pastLevelOne) return false;
  return trainsModel(unit, memo);
}
