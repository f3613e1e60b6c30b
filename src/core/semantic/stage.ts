// Is a project past Level 1? A beginner's notebook folder is coached gently: rules about configuration
// and structure (hard-coded hyperparameters, data paths) only speak once the project has started to be
// structured. The answer comes from files alone, so every rule asks the same question the same way.
//
// A project is past Level 1 when it has at least one of:
// - a dependency manifest (requirements.txt, pyproject.toml, environment.yml, Pipfile, setup.py, ...);
// - a configuration file for runs, as the checklist's config item counts them (`params.yaml`,
//   `config.yaml`, `train.yaml`, `conf/**`, `configs/**`; tool settings such as pyproject.toml aside);
// - a Python package: a folder with an `__init__.py` (tests aside), or modules under `src/`. Two loose
//   scripts side by side (a Kaggle `train.py` and `predict.py`) are still Level 1 work.
import type { ProjectModel } from '../project/model';
import { isTestPath } from '../project/testFiles';
import { isExperimentConfigFile } from '../libraries/configFiles';

/** Why a project counts as past Level 1 (empty reasons: still at Level 1). */
export interface ProjectStage {
  pastLevelOne: boolean;
  /** Human-readable reasons, e.g. `requirements.txt (dependency manifest)`. */
  reasons: string[];
}

const NOT_A_MODULE = /(^|\/)(setup|__init__)\.py$/;

/** Decides whether a project is past Level 1, with the files that show it. */
export function projectStage(project: ProjectModel): ProjectStage {
  const reasons: string[] = [];
  for (const m of project.manifests) reasons.push(`${m.path} (dependency manifest)`);
  for (const f of project.files) {
    if (isExperimentConfigFile(f.path)) reasons.push(`${f.path} (configuration file)`);
  }
  const packages = new Set(
    project.files
      .filter((f) => f.path.endsWith('/__init__.py') && !isTestPath(f.path))
      .map((f) => f.path.slice(0, -'/__init__.py'.length)),
  );
  const srcModules = project.files.filter(
    (f) => /(^|\/)src\/.+\.py$/.test(f.path) && !NOT_A_MODULE.test(f.path) && !isTestPath(f.path),
  );
  if (packages.size > 0) reasons.push(`${[...packages].sort()[0]}/ (Python package)`);
  else if (srcModules.length > 0) reasons.push(`${srcModules[0].path} (module under src/)`);
  return { pastLevelOne: reasons.length > 0, reasons };
}
