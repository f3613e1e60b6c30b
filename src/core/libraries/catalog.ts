// What the ML libraries' names mean, as data. Every question takes a fully qualified name that the
// import table resolved (`sklearn.preprocessing.StandardScaler`), never a bare word from the source.
import { isUnder, packageOf } from '../python/imports';

/** The role of a library callable. */
export type ApiRole =
  | 'estimator' // a model class: fit + predict
  | 'transformer' // a preprocessing class: fit + transform
  | 'resampler' // over/under-sampling: fit_resample
  | 'splitter-function' // train_test_split
  | 'splitter-class' // KFold, StratifiedKFold, TimeSeriesSplit, ...
  | 'cv-function' // cross_val_score, cross_validate, cross_val_predict
  | 'search' // GridSearchCV, RandomizedSearchCV, ...
  | 'pipeline' // Pipeline, make_pipeline
  | 'column-transformer' // ColumnTransformer, make_column_transformer
  | 'metric' // sklearn.metrics.*
  | 'data-load'; // pandas.read_csv, numpy.load, sklearn.datasets.load_*, ...

/** sklearn sub-packages whose classes are models. */
const ESTIMATOR_MODULES = [
  'sklearn.linear_model',
  'sklearn.ensemble',
  'sklearn.tree',
  'sklearn.svm',
  'sklearn.neighbors',
  'sklearn.naive_bayes',
  'sklearn.neural_network',
  'sklearn.discriminant_analysis',
  'sklearn.gaussian_process',
  'sklearn.kernel_ridge',
  'sklearn.isotonic',
  'sklearn.dummy',
  'sklearn.multiclass',
  'sklearn.multioutput',
  'sklearn.semi_supervised',
  'sklearn.calibration',
  'sklearn.cross_decomposition',
];

/** sklearn sub-packages whose classes are transformers. */
const TRANSFORMER_MODULES = [
  'sklearn.preprocessing',
  'sklearn.impute',
  'sklearn.feature_extraction',
  'sklearn.decomposition',
  'sklearn.feature_selection',
  'sklearn.random_projection',
  'sklearn.kernel_approximation',
  'sklearn.manifold',
  'category_encoders',
  'feature_engine',
  'mlxtend.feature_selection',
];

/** Model classes outside scikit-learn, by qualified name or module prefix. */
const OTHER_ESTIMATORS = [
  'xgboost.XGBClassifier',
  'xgboost.XGBRegressor',
  'xgboost.XGBRanker',
  'xgboost.XGBRFClassifier',
  'xgboost.XGBRFRegressor',
  'xgboost.sklearn.XGBClassifier',
  'xgboost.sklearn.XGBRegressor',
  'lightgbm.LGBMClassifier',
  'lightgbm.LGBMRegressor',
  'lightgbm.LGBMRanker',
  'lightgbm.sklearn.LGBMClassifier',
  'lightgbm.sklearn.LGBMRegressor',
  'catboost.CatBoostClassifier',
  'catboost.CatBoostRegressor',
  'catboost.CatBoostRanker',
  // statsmodels' regression models, given their rows at construction (`sm.OLS(y, X).fit()`).
  ...['OLS', 'WLS', 'GLS', 'Logit', 'Probit', 'MNLogit', 'GLM', 'Poisson', 'NegativeBinomial', 'QuantReg', 'RLM'].map(
    (m) => `statsmodels.api.${m}`,
  ),
  'statsmodels.regression.linear_model.OLS',
  'statsmodels.regression.linear_model.WLS',
  'statsmodels.discrete.discrete_model.Logit',
  'statsmodels.discrete.discrete_model.Probit',
  'statsmodels.genmod.generalized_linear_model.GLM',
  'pytorch_tabnet.tab_model.TabNetClassifier',
  'pytorch_tabnet.tab_model.TabNetRegressor',
  'pytorch_tabnet.multitask.TabNetMultiTaskClassifier',
  'imblearn.ensemble.BalancedRandomForestClassifier',
  'imblearn.ensemble.BalancedBaggingClassifier',
  'imblearn.ensemble.EasyEnsembleClassifier',
  'imblearn.ensemble.RUSBoostClassifier',
];

const SPLITTER_CLASSES = new Set([
  'KFold',
  'StratifiedKFold',
  'GroupKFold',
  'StratifiedGroupKFold',
  'RepeatedKFold',
  'RepeatedStratifiedKFold',
  'ShuffleSplit',
  'StratifiedShuffleSplit',
  'GroupShuffleSplit',
  'TimeSeriesSplit',
  'LeaveOneOut',
  'LeavePOut',
  'LeaveOneGroupOut',
  'LeavePGroupsOut',
  'PredefinedSplit',
]);

const CV_FUNCTIONS = new Set([
  'cross_val_score',
  'cross_validate',
  'cross_val_predict',
  'learning_curve',
  'validation_curve',
  'permutation_test_score',
]);

const SEARCHES = new Set(['GridSearchCV', 'RandomizedSearchCV', 'HalvingGridSearchCV', 'HalvingRandomSearchCV']);

const DATA_LOADERS = [
  'pandas.read_csv',
  'pandas.read_parquet',
  'pandas.read_excel',
  'pandas.read_json',
  'pandas.read_sql',
  'pandas.read_sql_query',
  'pandas.read_sql_table',
  'pandas.read_feather',
  'pandas.read_pickle',
  'pandas.read_table',
  'pandas.read_hdf',
  'pandas.read_orc',
  'pandas.read_fwf',
  'polars.read_csv',
  'polars.read_parquet',
  'polars.scan_csv',
  'polars.scan_parquet',
  'numpy.load',
  'numpy.loadtxt',
  'numpy.genfromtxt',
  'numpy.fromfile',
  'datasets.load_dataset',
  'datasets.load_from_disk',
  // torchtext's tables of examples read from CSV, TSV or JSON files (`TabularDataset.splits(path=..., train=...)`).
  'torchtext.data.TabularDataset',
  'torchtext.data.TabularDataset.splits',
  'torchtext.legacy.data.TabularDataset',
  'torchtext.legacy.data.TabularDataset.splits',
];

/** Module prefixes whose every callable loads data (`sklearn.datasets.load_iris`, `torchvision.datasets.MNIST`). */
const DATA_LOADER_MODULES = [
  'sklearn.datasets',
  'torchvision.datasets',
  'torchtext.datasets',
  'tensorflow.keras.datasets',
  'keras.datasets',
  'tensorflow_datasets',
  'kaggle',
];

/**
 * Top-level packages under which `apiRole` can name a model, transformer, resampler, splitter, search,
 * pipeline or metric (every role but data loading). A module that imports none of them holds no such call.
 */
export const MODEL_LIBRARY_ROOTS: ReadonlySet<string> = new Set(
  ['sklearn', 'imblearn', 'skopt', ...OTHER_ESTIMATORS, ...TRANSFORMER_MODULES].map(packageOf),
);

/** The role of a qualified callable, if it is one ML Coach knows. */
export function apiRole(qualified: string | undefined): ApiRole | undefined {
  if (!qualified) return undefined;
  // Asked for every call site, often several times, of a few thousand distinct names: remember answers.
  const known = ROLE_CACHE.get(qualified);
  if (known !== undefined) return known || undefined;
  const role = findRole(qualified);
  if (ROLE_CACHE.size >= ROLE_CACHE_LIMIT) ROLE_CACHE.clear();
  ROLE_CACHE.set(qualified, role ?? '');
  return role;
}

/** Answers of `apiRole` so far ('' for none); cleared when full, so a long editor session stays small. */
const ROLE_CACHE = new Map<string, ApiRole | ''>();
const ROLE_CACHE_LIMIT = 20_000;

function findRole(qualified: string): ApiRole | undefined {
  const last = qualified.slice(qualified.lastIndexOf('.') + 1);
  if (isUnder(qualified, 'sklearn') || isUnder(qualified, 'imblearn')) {
    if (last === 'train_test_split') return 'splitter-function';
    if (SPLITTER_CLASSES.has(last)) return 'splitter-class';
    if (CV_FUNCTIONS.has(last)) return 'cv-function';
    if (SEARCHES.has(last)) return 'search';
    if (last === 'Pipeline' || last === 'make_pipeline') return 'pipeline';
    if (
      last === 'ColumnTransformer' ||
      last === 'make_column_transformer' ||
      last === 'FeatureUnion' ||
      last === 'make_union'
    )
      return 'column-transformer';
    if (isUnder(qualified, 'sklearn.metrics')) return 'metric';
    if (isUnder(qualified, 'sklearn.datasets')) return 'data-load';
    if (
      isUnder(qualified, 'imblearn.over_sampling') ||
      isUnder(qualified, 'imblearn.under_sampling') ||
      isUnder(qualified, 'imblearn.combine')
    )
      return 'resampler';
    if (OTHER_ESTIMATORS.includes(qualified)) return 'estimator';
    if (/^[A-Z]/.test(last)) {
      if (ESTIMATOR_MODULES.some((m) => isUnder(qualified, m))) return 'estimator';
      if (TRANSFORMER_MODULES.some((m) => isUnder(qualified, m))) return 'transformer';
    }
    if (TRANSFORMER_MODULES.some((m) => isUnder(qualified, m)) && /^[A-Z]/.test(last)) return 'transformer';
    return undefined;
  }
  if (OTHER_ESTIMATORS.includes(qualified)) return 'estimator';
  if (/^[A-Z]/.test(last) && TRANSFORMER_MODULES.some((m) => isUnder(qualified, m))) return 'transformer';
  if (isUnder(qualified, 'skopt') && last === 'BayesSearchCV') return 'search';
  if (DATA_LOADERS.includes(qualified)) return 'data-load';
  if (DATA_LOADER_MODULES.some((m) => isUnder(qualified, m)) && qualified !== 'sklearn.datasets') return 'data-load';
  return undefined;
}

/**
 * Model classes that classify, by their last name: `RandomForestClassifier`, `RidgeClassifierCV`,
 * `LogisticRegression`, `SVC`, `GaussianNB`, `LinearDiscriminantAnalysis`. ML204 (is `.score` accuracy?)
 * and the scaffolds (is the task classification?) ask the same question.
 */
const CLASSIFIER_CLASS = new RegExp(
  `(Classifier|ClassifierCV|^LogisticRegression(CV)?|^SVC|^LinearSVC|^NuSVC` +
    `|NB|^LinearDiscriminantAnalysis|^QuadraticDiscriminantAnalysis|^Perceptron)$`,
);

/** True for the last name of a model class that classifies (see `CLASSIFIER_CLASS`). */
export function isClassifierClass(name: string): boolean {
  return CLASSIFIER_CLASS.test(name);
}
