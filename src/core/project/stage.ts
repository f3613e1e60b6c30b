// Is a project past Level 1? A beginner's notebook folder is coached gently: rules about configuration
// and structure (hard-coded hyperparameters, data paths) only speak once the project has started to be
// structured. The answer comes from files alone, so every rule asks the same question the same way.
//
// A project is past Level 1 when it has at least one of:
// - a dependency manifest (requirements.txt, pyproject.toml, environment.yml, Pipfile, setup.py, ...);
// - a configuration file for runs (`params.yaml`, `config.yaml`, `conf/**`, `configs/**`, `*.toml` other
//   than pyproject.toml, hydra/kedro style folders);
// - Python modules beyond notebooks: two or more .py files that are not tests, `setup.py` or `__init__.py`.
import type { ProjectModel } from './model';
import { isTestPath } from './testFiles';

/** Why a project counts as past Level 1 (empty reasons: still at Level 1). */
export interface ProjectStage {
  pastLevelOne: boolean;
  /** Human-readable reasons, e.g. `requirements.txt (dependency manifest)`. */
  reasons: string[];
}

const CONFIG_FILE = /((^|\/)(params|parameters|hyperparameters|hparams|config|configs|settings|train|training)[^/]*|(^|\/)(conf|configs?)\/(.+\/)?[^/]+)\.(ya?ml|json|toml)$/i;

const NOT_A_MODULE = /(^|\/)(setup|__init__)\.py$/;

/** Decides whether a project is past Level 1, with the files that show it. */
export function projectStage(project: ProjectModel): ProjectStage {
  const reasons: string[] = [];
  for (const m of project.manifests) reasons.push(`${m.path} (dependency manifest)`);
  for (const f of project.files) {
    if (f.path !== 'pyproject.toml' && !f.path.endsWith('/pyproject.toml') && CONFIG_FILE.test(f.path) && !isToolingFile(f.path)) {
      reasons.push(`${f.path} (configuration file)`);
    }
  }
  const modules = project.files.filter((f) => f.path.endsWith('.py') && !NOT_A_MODULE.test(f.path) && !isTestPath(f.path));
  if (modules.length >= 2) reasons.push(`${modules.length} Python modules besides notebooks`);
  return { pastLevelOne: reasons.length > 0, reasons };
}

/** Memo key under which rules share the stage of the project being analysed. */
export const STAGE_MEMO_KEY = 'project-stage';

/** Editor, CI and linter settings are not run configuration. */
function isToolingFile(path: string): boolean {
  return /(^|\/)(\.github|\.gitlab|\.vscode|\.devcontainer|node_modules)\//.test(path) || /(^|\/)(\.pre-commit-config|\.readthedocs|codecov|mkdocs|\.?mlcoach)[^/]*$/i.test(path);
}
