// `config`: one YAML file for everything that changes a result (data, seed, split sizes,
// hyperparameters), and a small typed loader that rejects typos instead of ignoring them.
import type { NewFile } from '../../model/findings';
import type { ProjectModel } from '../../project/model';
import { fileText, pyLiteral, yamlScalar } from '../emit';
import { type ProjectFacts, type ParamValue, projectFacts } from '../facts';
import { type ModuleLocation, placeModule } from '../layout';
import { type Scaffold, type ScaffoldPlan, planFiles } from '../scaffold';
import { dataPathOf, seedOf } from './split';

/** Path of the training configuration file. */
export const CONFIG_PATH = 'config/train.yaml';

/** Where the config loader goes (not `config.py` at the root of flat projects: it would clash with `config/`). */
export function configLoaderLocation(facts: ProjectFacts): ModuleLocation {
  return placeModule(facts, 'config.py', 'train_config.py');
}

/** The estimator written into the config: the project's own, or a sensible default for its task. */
export function configuredEstimator(facts: ProjectFacts): {
  qualified: string;
  params: Record<string, ParamValue>;
  fromCode: boolean;
} {
  if (facts.estimator) {
    const params = { ...facts.estimator.params };
    // The seed has its own key; the loader passes it to models that take random_state.
    delete params.random_state;
    return { qualified: facts.estimator.qualified, params, fromCode: true };
  }
  if (facts.task === 'regression')
    return { qualified: 'sklearn.ensemble.RandomForestRegressor', params: { n_estimators: 200 }, fromCode: false };
  return { qualified: 'sklearn.ensemble.RandomForestClassifier', params: { n_estimators: 200 }, fromCode: false };
}

/** The YAML file and its loader. */
export function configFiles(facts: ProjectFacts): NewFile[] {
  const loc = configLoaderLocation(facts);
  return [
    { path: CONFIG_PATH, content: configYaml(facts) },
    ...loc.inits,
    { path: loc.path, content: configLoader(facts) },
  ];
}

/** The config scaffold. */
export const configScaffold: Scaffold = {
  id: 'config',
  title: 'Training configuration file',
  description:
    'config/train.yaml with the data path, target, seed, split sizes and model hyperparameters, plus a typed ' +
    'loader that builds the model from it.',
  level: 2,
  items: ['L2.config-files', 'L2.seeds'],
  plan(project: ProjectModel): ScaffoldPlan {
    const facts = projectFacts(project);
    const loc = configLoaderLocation(facts);
    const est = configuredEstimator(facts);
    const notes: string[] = [];
    const others = facts.configFiles.filter((f) => f !== CONFIG_PATH);
    if (others.length)
      notes.push(
        `Your project already has ${others.join(', ')}: keep one source of settings, so merge them rather than ` +
          `keeping both.`,
      );
    if (est.fromCode) notes.push(`Model ${est.qualified} and its literal hyperparameters were taken from your code.`);
    else
      notes.push(
        `No model was found in your code: the config names ${est.qualified}; change model.class and model.params.`,
      );
    if (!facts.target) notes.push('No target column was found in your code: set data.target.');
    notes.push(`Load it with: from ${loc.module} import load_config, build_model`);
    if (!facts.uses.has('yaml')) notes.push('The loader needs PyYAML: add pyyaml to your dependencies.');
    return planFiles(project, configFiles(facts), notes);
  },
};

function configYaml(facts: ProjectFacts): string {
  const est = configuredEstimator(facts);
  const params = Object.entries(est.params);
  return fileText([
    '# Training configuration. Every value that changes a result lives here, not in code:',
    '# a run is then described by this file plus the git commit, and an experiment is a diff.',
    'data:',
    `  path: ${yamlScalar(dataPathOf(facts))}  # relative to the project root`,
    `  target: ${yamlScalar(facts.target ?? 'target')}${facts.target ? '' : '  # set the column the model predicts'}`,
    ...(facts.timeColumn ? [`  time_column: ${yamlScalar(facts.timeColumn)}  # split by time on this column`] : []),
    '',
    '# One seed for the split and the model, so two runs with the same config give the same scores.',
    `seed: ${seedOf(facts)}`,
    '',
    'split:',
    `  val_size: ${facts.splitSizes.val}   # share of all rows used to compare models and tune`,
    `  test_size: ${facts.splitSizes.test}  # share of all rows kept for the final score, looked at once`,
    '',
    'model:',
    `  class: ${yamlScalar(est.qualified)}`,
    params.length ? '  params:' : '  params: {}',
    ...params.map(([k, v]) => `    ${yamlScalar(k)}: ${yamlScalar(v)}`),
  ]);
}

function configLoader(facts: ProjectFacts): string {
  return fileText([
    `"""Loads ${CONFIG_PATH} into typed settings and builds the model it names.`,
    ``,
    `Unknown or missing keys raise an error naming the key: a typo in a config file should stop`,
    `a run, not silently train with a default.`,
    `"""`,
    `from __future__ import annotations`,
    ``,
    `import importlib`,
    `import inspect`,
    `from dataclasses import dataclass, field, fields`,
    `from pathlib import Path`,
    `from typing import Any, Dict, Optional`,
    ``,
    `import yaml`,
    ``,
    `# The project root: config paths are relative to it, whatever the working directory is.`,
    `PROJECT_ROOT = Path(__file__).resolve().parents[${rootDepth(facts)}]`,
    `DEFAULT_CONFIG = PROJECT_ROOT / ${pyLiteral(CONFIG_PATH)}`,
    ``,
    ``,
    `@dataclass(frozen=True)`,
    `class DataConfig:`,
    `    path: str`,
    `    target: str`,
    `    time_column: Optional[str] = None`,
    ``,
    `    @property`,
    `    def resolved_path(self) -> Path:`,
    `        """The data file as an absolute path."""`,
    `        return (PROJECT_ROOT / self.path).resolve()`,
    ``,
    ``,
    `@dataclass(frozen=True)`,
    `class SplitConfig:`,
    `    val_size: float = ${facts.splitSizes.val}`,
    `    test_size: float = ${facts.splitSizes.test}`,
    ``,
    ``,
    `@dataclass(frozen=True)`,
    `class ModelConfig:`,
    `    # "class" is a Python keyword, so the YAML key maps to class_name.`,
    `    class_name: str`,
    `    params: Dict[str, Any] = field(default_factory=dict)`,
    ``,
    ``,
    `@dataclass(frozen=True)`,
    `class TrainConfig:`,
    `    data: DataConfig`,
    `    model: ModelConfig`,
    `    seed: int = ${seedOf(facts)}`,
    `    split: SplitConfig = field(default_factory=SplitConfig)`,
    ``,
    ``,
    `def _section(cls, raw: Any, where: str, renames: Optional[Dict[str, str]] = None):`,
    `    """Builds a dataclass from a mapping, naming the key that is unknown, missing or malformed."""`,
    `    if not isinstance(raw, dict):`,
    `        raise ValueError(f"{where}: expected a mapping, got {type(raw).__name__}")`,
    `    renames = renames or {}`,
    `    known = {f.name for f in fields(cls)}`,
    `    spelled = {v: k for k, v in renames.items()}`,
    `    values = {}`,
    `    for key, value in raw.items():`,
    `        name = renames.get(key, key)`,
    `        if name not in known:`,
    `            raise ValueError(f"{where}.{key}: unknown key (expected one of {sorted(spelled.get(k, k) for k in ` +
      `known)})")`,
    `        values[name] = value`,
    `    try:`,
    `        return cls(**values)`,
    `    except TypeError as e:`,
    `        raise ValueError(f"{where}: {e}") from None`,
    ``,
    ``,
    `def load_config(path=None) -> TrainConfig:`,
    `    """Reads the training configuration (default: ${CONFIG_PATH})."""`,
    `    path = Path(path) if path is not None else DEFAULT_CONFIG`,
    `    with open(path, encoding="utf-8") as f:`,
    `        raw = yaml.safe_load(f) or {}`,
    `    if not isinstance(raw, dict):`,
    `        raise ValueError(f"{path}: expected a mapping at the top level")`,
    `    unknown = set(raw) - {"data", "model", "seed", "split"}`,
    `    if unknown:`,
    `        raise ValueError(f"{path}: unknown key(s) {sorted(unknown)}")`,
    `    for key in ("data", "model"):`,
    `        if key not in raw:`,
    `            raise ValueError(f"{path}: missing key '{key}'")`,
    `    config = TrainConfig(`,
    `        data=_section(DataConfig, raw["data"], f"{path}: data"),`,
    `        model=_section(ModelConfig, raw["model"], f"{path}: model", {"class": "class_name"}),`,
    `        seed=int(raw.get("seed", ${seedOf(facts)})),`,
    `        split=_section(SplitConfig, raw.get("split") or {}, f"{path}: split"),`,
    `    )`,
    `    if config.model.params is None or not isinstance(config.model.params, dict):`,
    `        raise ValueError(f"{path}: model.params must be a mapping")`,
    `    return config`,
    ``,
    ``,
    `def build_model(config: TrainConfig):`,
    `    """Instantiates model.class with model.params, passing the seed to models that take one."""`,
    `    module_name, _, class_name = config.model.class_name.rpartition(".")`,
    `    if not module_name:`,
    `        raise ValueError(f"model.class must be a dotted path like sklearn.ensemble.RandomForestClassifier, ` +
      `got {config.model.class_name!r}")`,
    `    cls = getattr(importlib.import_module(module_name), class_name)`,
    `    params = dict(config.model.params)`,
    `    if "random_state" in inspect.signature(cls).parameters:`,
    `        params.setdefault("random_state", config.seed)`,
    `    return cls(**params)`,
    ``,
    ``,
    `if __name__ == "__main__":`,
    `    cfg = load_config()`,
    `    print(cfg)`,
    `    print(build_model(cfg))`,
  ]);
}

/** How many folders up from the config module the project root is: `src/<pkg>/`, `<pkg>/` or the root itself. */
function rootDepth(facts: ProjectFacts): number {
  return facts.layout === 'src' ? 2 : facts.layout === 'package' ? 1 : 0;
}
