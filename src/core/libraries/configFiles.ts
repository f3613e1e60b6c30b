// What counts as a file that configures the project's experiments. One definition serves the checklist
// (L2.config-files), the project stage that scopes ML401/ML402 (a project with a run configuration is
// past Level 1), the config scaffold (which YAML files to read targets and paths from) and the code facts
// (a `json.load` of a configuration file), so a `train.yaml` or an `experiment_config.yaml` means the
// same to all of them.

/**
 * Files that hold settings for experiments: `config.yaml`, `configs/train.yaml`, `experiment_config.yaml`,
 * `params.yaml`, `conf/base/parameters.yml`, `model_param.json`, a root `train.yaml`. A JSON named for
 * training (`data/train.json`, `train_args.json`) is data or a run record, not a configuration.
 */
const EXPERIMENT_CONFIG = new RegExp(
  String.raw`(^|\/)((conf|configs?|config_files|params|hparams|settings|experiments?)\/([^/]+\/)*[^/]+\.(ya?ml` +
    String.raw`|json|toml|ini|cfg)|[^/]*(config|param|setting)[^/]*\.(ya?ml|json|toml` +
    String.raw`|ini|cfg)|(train|training)([-_.][^/]*)?\.(ya?ml|toml))$`,
  'i',
);

/**
 * Files that configure tools (CI, deployment, packaging, editors, documentation) or that runs wrote (the
 * `hparams.yaml` of `lightning_logs/`, Optuna's `best_params.json`): not settings the project's experiments
 * are run from.
 */
const NOT_EXPERIMENT_CONFIG = new RegExp(
  String.raw`(^|\/)(\.github|\.gitlab|\.circleci|\.vscode|\.devcontainer|\.dvc|k8s` +
    `|kubernetes|helm|charts?|manifests?|deploy|deployment|infra[^/]*|[^/]*-k8s` +
    String.raw`|node_modules|docs?|lightning_logs|mlruns|wandb|outputs)\/|(^|\/)(pyproject\.toml` +
    String.raw`|setup\.cfg|tox\.ini|pytest\.ini|\.pre-commit-config\.yaml|mkdocs\.ya?ml` +
    String.raw`|_config\.ya?ml|dvc\.yaml|dvc\.lock|docker-compose[^/]*|compose[^/]*|package(-lock)?\.json` +
    String.raw`|tsconfig[^/]*\.json|\.?mlcoach[^/]*|codecov\.ya?ml|\.readthedocs\.ya?ml` +
    String.raw`|environment\.ya?ml|feature_store\.ya?ml|[^/]*configmaps?[^/]*|best[-_][^/]*)$`,
  'i',
);

/** True for a file that configures the project's experiments (paths, hyperparameters), not a tool. */
export function isExperimentConfigFile(path: string): boolean {
  return EXPERIMENT_CONFIG.test(path) && !NOT_EXPERIMENT_CONFIG.test(path);
}
