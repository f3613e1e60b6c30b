// One home for the words the checklist and the rules share, so they cannot contradict each other:
// what counts as an imbalanced target, as an experiment configuration file. (What counts as tuning and as
// held-out data is derived by the semantic index, src/core/semantic/, and both ask it there.)

/**
 * The minority class at or under this share of the majority class makes a target imbalanced (80/20).
 * ML204 and the checklist's imbalance item read the same number.
 */
export const IMBALANCE_RATIO = 0.25;

/** Whether class counts (any order) are imbalanced by `IMBALANCE_RATIO`. */
export function isImbalanced(counts: readonly number[]): boolean {
  const positive = counts.filter((c) => c > 0);
  if (positive.length < 2) return false;
  return Math.min(...positive) / Math.max(...positive) <= IMBALANCE_RATIO;
}

/** Files that hold settings for experiments: `config.yaml`, `configs/train.yaml`, `experiment_config.yaml`, `params.yaml`, `conf/base/parameters.yml`. */
const EXPERIMENT_CONFIG =
  /(^|\/)((conf|configs?|config_files|params|hparams|settings|experiments?)\/([^/]+\/)*[^/]+\.(ya?ml|json|toml|ini|cfg)|[^/]*(config|params|parameters|hparams|hyperparams|settings)[^/]*\.(ya?ml|json|toml|ini|cfg))$/i;

/** Files that are configuration of tools, not of the project's experiments. */
const TOOL_CONFIG =
  /(^|\/)(\.github|\.gitlab|\.circleci|\.vscode|\.devcontainer|\.dvc|k8s|kubernetes|helm|charts?|manifests?|deploy|deployment|node_modules)\/|(^|\/)(pyproject\.toml|setup\.cfg|tox\.ini|pytest\.ini|\.pre-commit-config\.yaml|mkdocs\.ya?ml|dvc\.yaml|dvc\.lock|docker-compose[^/]*|compose[^/]*|package(-lock)?\.json|tsconfig[^/]*\.json|\.mlcoach\.ya?ml|codecov\.ya?ml|\.readthedocs\.ya?ml|environment\.ya?ml|feature_store\.ya?ml)$/i;

/** True for a file that configures the project's experiments (paths, hyperparameters), not a tool. */
export function isExperimentConfigFile(path: string): boolean {
  return EXPERIMENT_CONFIG.test(path) && !TOOL_CONFIG.test(path);
}
