// `experiment-tracking`: a thin MLflow wrapper so every training run records its parameters, metrics,
// code version and model, and runs can be compared instead of remembered.
import type { ProjectModel } from '../../project/model';
import { fileText, pyLiteral } from '../emit';
import { type ProjectFacts, projectFacts } from '../facts';
import { placeModule } from '../layout';
import { type Scaffold, type ScaffoldPlan, planFiles } from '../scaffold';

/** The MLflow flavour module that logs a model of the project's framework. */
function flavour(facts: ProjectFacts): string {
  switch (facts.framework) {
    case 'xgboost':
      return 'xgboost';
    case 'lightgbm':
      return 'lightgbm';
    case 'catboost':
      return 'catboost';
    case 'torch':
      return 'pytorch';
    case 'tensorflow':
      return 'tensorflow';
    default:
      return 'sklearn';
  }
}

/** The experiment-tracking scaffold. */
export const experimentTrackingScaffold: Scaffold = {
  id: 'experiment-tracking',
  title: 'Experiment tracking (MLflow)',
  description:
    'A small MLflow wrapper: a context manager that starts a run, logs the (flattened) config, the git commit, ' +
    'metrics and the trained model with the flavour of your framework.',
  level: 4,
  items: ['L4.experiment-tracking', 'L3.versioning'],
  plan(project: ProjectModel): ScaffoldPlan {
    const facts = projectFacts(project);
    const loc = placeModule(facts, 'tracking.py', 'tracking.py');
    const notes = [
      `Wrap training with: from ${loc.module} import tracked_run, log_metrics, log_model`,
      'Runs go to ./mlruns unless MLFLOW_TRACKING_URI points at a tracking server; browse them with `mlflow ui`.',
      `Models are logged with mlflow.${flavour(facts)}, matching the framework your code uses.`,
    ];
    if (facts.uses.has('wandb')) notes.push('Your project already uses Weights & Biases: keep one tracker, not two.');
    if (!facts.uses.has('mlflow')) notes.push('Add mlflow to your dependencies.');
    return planFiles(project, [...loc.inits, { path: loc.path, content: trackingModule(facts) }], notes);
  },
};

function trackingModule(facts: ProjectFacts): string {
  const f = flavour(facts);
  return fileText([
    `"""Experiment tracking with MLflow.`,
    ``,
    `    with tracked_run("baseline", params=config_as_dict) as run:`,
    `        model.fit(X_train, y_train)`,
    `        log_metrics({"val_f1": f1_score(y_val, model.predict(X_val))})`,
    `        log_model(model)`,
    ``,
    `Each run records what was trained (parameters), how well (metrics), from which code (git commit)`,
    `and the model itself, so "which settings gave 0.87 last week?" has an answer.`,
    `"""`,
    `import os`,
    `import subprocess`,
    `from contextlib import contextmanager`,
    `from typing import Any, Dict, Iterator, Mapping, Optional`,
    ``,
    `import mlflow`,
    ``,
    `EXPERIMENT = os.environ.get("MLFLOW_EXPERIMENT_NAME", ${pyLiteral(facts.projectName)})`,
    ``,
    ``,
    `def flatten(params: Mapping[str, Any], prefix: str = "") -> Dict[str, Any]:`,
    `    """{"model": {"params": {"max_depth": 5}}} -> {"model.params.max_depth": 5}: MLflow params are flat."""`,
    `    flat: Dict[str, Any] = {}`,
    `    for key, value in params.items():`,
    `        name = f"{prefix}{key}"`,
    `        if isinstance(value, Mapping):`,
    `            flat.update(flatten(value, f"{name}."))`,
    `        else:`,
    `            flat[name] = value`,
    `    return flat`,
    ``,
    ``,
    `def git_commit() -> Optional[str]:`,
    `    """The current commit, so a run can be reproduced from the exact code (None outside git)."""`,
    `    try:`,
    `        out = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True)`,
    `        dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True).stdout.strip()`,
    `        return out.stdout.strip() + ("-dirty" if dirty else "")`,
    `    except (OSError, subprocess.CalledProcessError):`,
    `        return None`,
    ``,
    ``,
    `@contextmanager`,
    `def tracked_run(run_name: Optional[str] = None, params: Optional[Mapping[str, Any]] = None, tags: ` +
      `Optional[Mapping[str, str]] = None) -> Iterator[Any]:`,
    `    """Starts an MLflow run in the project's experiment and logs the parameters and the git commit."""`,
    `    mlflow.set_experiment(EXPERIMENT)`,
    `    with mlflow.start_run(run_name=run_name) as run:`,
    `        commit = git_commit()`,
    `        all_tags = dict(tags or {})`,
    `        if commit:`,
    `            all_tags.setdefault("git_commit", commit)`,
    `        if all_tags:`,
    `            mlflow.set_tags(all_tags)`,
    `        if params:`,
    `            mlflow.log_params(flatten(params))`,
    `        yield run`,
    ``,
    ``,
    `def log_metrics(metrics: Mapping[str, float], step: Optional[int] = None) -> None:`,
    `    """Logs numeric metrics; name them by the data they were computed on (val_f1, test_f1)."""`,
    `    mlflow.log_metrics({k: float(v) for k, v in metrics.items()}, step=step)`,
    ``,
    ``,
    `def log_model(model: Any, name: str = "model", input_example: Any = None) -> None:`,
    `    """Stores the trained model with the run, in the format mlflow.${f} loads back."""`,
    `    import mlflow.${f}`,
    ``,
    `    # Positional on purpose: MLflow 2 calls this argument artifact_path, MLflow 3 name.`,
    `    mlflow.${f}.log_model(model, name, input_example=input_example)`,
  ]);
}
