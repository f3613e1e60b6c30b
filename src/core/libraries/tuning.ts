// What counts as tuning hyperparameters, besides the searches the catalog knows (`GridSearchCV`,
// `BayesSearchCV`: role 'search') and the loops the flow pass finds (vocabulary.ts): calls into tuning
// libraries, and the keywords that are run settings rather than hyperparameters.
import { isUnder } from '../python/imports';

/** Calls into tuning libraries that start a search (`optuna.create_study`, `hyperopt.fmin`). */
const TUNING_ENTRY: ReadonlySet<string> = new Set([
  'optuna.create_study',
  'optuna.load_study',
  'hyperopt.fmin',
  'ray.tune.Tuner',
  'ray.tune.run',
  'ray.tune.tune.run',
  'skopt.gp_minimize',
  'skopt.forest_minimize',
  'skopt.BayesSearchCV',
  'flaml.AutoML',
  'bayes_opt.BayesianOptimization',
  'nevergrad.optimizers',
  'sklearn.model_selection.ParameterGrid',
  'sklearn.model_selection.ParameterSampler',
]);

/** Keras Tuner, under its current and its old import name: every tuner class in it searches. */
const KERAS_TUNER = ['keras_tuner', 'kerastuner'];

/** True for a Keras Tuner class (`keras_tuner.RandomSearch`, `kt.Hyperband`): its `search` trains networks. */
export function isKerasTuner(qualified: string | undefined): boolean {
  if (!qualified) return false;
  const last = qualified.slice(qualified.lastIndexOf('.') + 1);
  return (
    /^[A-Z]/.test(last) &&
    last !== 'HyperParameters' &&
    last !== 'Objective' &&
    KERAS_TUNER.some((root) => isUnder(qualified, root))
  );
}

/** True for a qualified call that starts a hyperparameter search in a tuning library (a Keras Tuner class included). */
export function isTuningLibraryCall(qualified: string | undefined): boolean {
  if (!qualified) return false;
  if (TUNING_ENTRY.has(qualified)) return true;
  const last = qualified.slice(qualified.lastIndexOf('.') + 1);
  return /^[A-Z]/.test(last) && KERAS_TUNER.some((root) => isUnder(qualified, root));
}

/**
 * Keyword arguments that are run settings, not hyperparameters: seeds, threads, logging, devices, output
 * folders. ML401 leaves them in code, and a loop over one of them is not a search for a better model.
 * (The flow pass's loops use a shorter list, NOT_TUNING in libraries/dataFlow.ts; every name there is in
 * this one.)
 */
const RUN_SETTINGS: ReadonlySet<string> = new Set([
  'random_state',
  'seed',
  'random_seed',
  'n_jobs',
  'verbose',
  'verbosity',
  'silent',
  'device',
  'device_map',
  'gpu_id',
  'thread_count',
  'nthread',
  'num_threads',
  'n_threads',
  'use_label_encoder',
  'enable_categorical',
  'eval_metric',
  'objective',
  'callbacks',
  'validation_data',
  'shuffle',
  'workers',
  'use_multiprocessing',
  'copy',
  'copy_X',
  'warm_start',
  'cache_size',
  'output_dir',
  'logging_dir',
  'logging_steps',
  'save_steps',
  'save_strategy',
  'evaluation_strategy',
  'eval_strategy',
  'report_to',
  'logging_strategy',
  'save_total_limit',
  'push_to_hub',
  'run_name',
  'accelerator',
  'devices',
  'log_every_n_steps',
  'enable_progress_bar',
  'default_root_dir',
  'task_type',
  'class_weight',
  'probability',
  'dtype',
  'tree_method',
  'name',
  'params',
  // Set to silence convergence warnings rather than to tune the model.
  'max_iter',
]);

/** True for a keyword argument that is a run setting (`random_state`, `n_jobs`, `verbose`), not a hyperparameter. */
export function isRunSetting(keyword: string): boolean {
  return RUN_SETTINGS.has(keyword);
}

/**
 * scikit-learn models that choose their own regularisation by cross-validation (`LogisticRegressionCV`,
 * `RidgeCV`, `LassoCV`, `ElasticNetCV`): a search over a grid of one hyperparameter, with folds.
 */
export function isCrossValidatedModel(qualified: string | undefined, role: string | undefined): boolean {
  if (!qualified || role !== 'estimator' || !isUnder(qualified, 'sklearn')) return false;
  const name = qualified.slice(qualified.lastIndexOf('.') + 1);
  // CalibratedClassifierCV fits a probability calibration on its folds: it chooses no hyperparameter.
  return /^[A-Z]\w*CV$/.test(name) && name !== 'CalibratedClassifierCV';
}

/**
 * Attributes where a search or a cross-validated model keeps its fold scores (`scores_` of
 * `LogisticRegressionCV`, `mse_path_` of `LassoCV`, `cv_results_` and `best_score_` of a search): reading
 * them reads a cross-validated metric.
 */
export const CV_SCORE_ATTRIBUTES: ReadonlySet<string> = new Set([
  'scores_',
  'mse_path_',
  'cv_values_',
  'cv_results_',
  'best_score_',
]);

/** Calls that draw a random value: a hand-written random search samples its settings with them. */
const RANDOM_DRAWS: ReadonlySet<string> = new Set([
  'numpy.random.uniform',
  'numpy.random.choice',
  'numpy.random.randint',
  'numpy.random.normal',
  'numpy.random.loguniform',
  'random.uniform',
  'random.choice',
  'random.randint',
  'random.randrange',
  'random.random',
  'random.loguniform',
]);

/** True for a qualified call that draws a random value (`np.random.uniform`, `random.choice`). */
export function isRandomDraw(qualified: string | undefined): boolean {
  return qualified !== undefined && RANDOM_DRAWS.has(qualified);
}

/**
 * Names of settings that are a model's or a training run's hyperparameters (`lr`, `p_dropout`,
 * `max_depth`, `weight_decay`), as the keys of a dictionary of sampled settings name them. Augmentation
 * parameters (an angle, a crop scale, a noise level) are not among them.
 */
const HYPERPARAMETER_WORDS = [
  'lr',
  'learning_rate',
  'dropout',
  'batch_size',
  'weight_decay',
  'momentum',
  'n_estimators',
  'max_depth',
  'num_leaves',
  'min_child_weight',
  'subsample',
  'colsample_bytree',
  'reg_alpha',
  'reg_lambda',
  'hidden_size',
  'hidden_dim',
  'num_layers',
  'n_layers',
  'epochs',
  'patience',
  'l2',
  'units',
];
const HYPERPARAMETER_NAME = new RegExp(`(^|_)(${HYPERPARAMETER_WORDS.join('|')})$`, 'i');

/** True for a setting name that is a hyperparameter (`lr`, `p_dropout`, `max_depth`). */
export function isHyperparameterName(name: string): boolean {
  return HYPERPARAMETER_NAME.test(name);
}
