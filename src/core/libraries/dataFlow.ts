// What library calls do to data, as the data-flow pass reads them: which pandas and NumPy methods summarise
// rows into statistics, change or pick rows, put them in time order or write them out; which calls read
// data; which scikit-learn functions and attributes learn from rows; which packages never return data.
// The roles of model classes, splitters and metrics are in the catalog (`apiRole`).
import { MODEL_LIBRARY_ROOTS } from './catalog';

/**
 * Top-level packages whose calls make flow facts rules read: the catalog's model libraries, the Keras models, callbacks
 * and boosters, and PyTorch's `random_split`.
 */
export const FLOW_LIBRARY_ROOTS: ReadonlySet<string> = new Set([
  ...MODEL_LIBRARY_ROOTS,
  'tensorflow',
  'keras',
  'tf_keras',
  'lightgbm',
  'xgboost',
  'torch',
]);

// ---- pandas and NumPy ----

/** Packages of tables and arrays. */
export const TABLE_ROOTS: ReadonlySet<string> = new Set(['pandas', 'numpy', 'polars']);

/** Pandas methods whose result only makes sense on rows in time order. */
export const TIME_METHODS = new Set(['shift', 'rolling', 'diff', 'pct_change', 'ewm', 'expanding']);
/** Methods on data whose result has other rows than the receiver. */
export const ROW_CHANGING = new Set([
  'dropna',
  'drop_duplicates',
  'sample',
  'head',
  'tail',
  'query',
  'nlargest',
  'nsmallest',
  'groupby',
  'agg',
  'aggregate',
  'resample',
  'pivot',
  'pivot_table',
  'melt',
  'explode',
  'merge',
  'join',
  'stack',
  'unstack',
  'first',
  'last',
  'take',
  'where',
  'mask',
  'rolling',
  'ewm',
  'expanding',
]);
/** Methods on data that summarise its rows into statistics (per column unless told `axis=1`). */
export const STAT_METHODS = new Set([
  'mean',
  'median',
  'mode',
  'std',
  'var',
  'quantile',
  'min',
  'max',
  'sum',
  'count',
  'size',
  'nunique',
  'value_counts',
  'corr',
  'cov',
  'corrwith',
  'describe',
  'agg',
  'aggregate',
  'skew',
]);
/** NumPy functions that summarise an array (over every value, or per column with `axis=0`). */
export const NUMPY_STATS = new Set([
  'mean',
  'median',
  'std',
  'var',
  'percentile',
  'quantile',
  'nanmean',
  'nanmedian',
  'nanstd',
  'nanvar',
  'nanpercentile',
  'nanquantile',
  'min',
  'max',
  'amin',
  'amax',
  'nanmin',
  'nanmax',
  'average',
  'ptp',
]);
/** Methods that write a frame to a file. */
export const WRITE_METHODS = new Set([
  'to_csv',
  'to_parquet',
  'to_pickle',
  'to_feather',
  'to_json',
  'to_excel',
  'to_hdf',
  'to_orc',
  'to_sql',
]);
/** Methods on data that pick rows: with a train/test name they make a manual split. */
export const ROW_PICKERS = new Set(['head', 'tail', 'sample', 'query', 'iloc', 'loc']);
/** Attributes of a frame that are not columns. */
export const NOT_COLUMNS = new Set([
  'values',
  'T',
  'shape',
  'index',
  'columns',
  'dtypes',
  'str',
  'dt',
  'cat',
  'loc',
  'iloc',
  'at',
  'iat',
  'size',
  'ndim',
  'empty',
  'array',
  'data',
  'target',
  'x',
  'y',
]);

/** Column names that say "time". */
export const DATE_WORD =
  /(^|[^a-z])(date|time|timestamp|datetime|dt|year|month|week|day|period|ds)([^a-z]|$)|date|time/i;
/** Calls whose result is dates: an index made of them puts rows in time order. */
export const DATETIME_CALLS = new Set(['pandas.to_datetime', 'pandas.DatetimeIndex', 'pandas.date_range']);
/** Calls that stack rows of several frames or arrays (unless told `axis=1`). */
export const ROW_CONCAT = new Set(['pandas.concat', 'numpy.concatenate', 'numpy.vstack', 'numpy.row_stack']);
/** NumPy functions that save an array to a file (the array first, then the path). */
export const NUMPY_SAVERS = new Set(['save', 'savez', 'savetxt', 'savez_compressed']);
/** Calls that save an object to a file (the object first, then the path). */
export const OBJECT_SAVERS = new Set(['joblib.dump', 'pickle.dump']);

// ---- scikit-learn, Keras and the boosting libraries ----

/** Keyword arguments that change results but are not hyperparameters being tuned. */
export const NOT_TUNING = new Set([
  'random_state',
  'seed',
  'random_seed',
  'n_jobs',
  'verbose',
  'verbosity',
  'thread_count',
]);
/** Attributes of a fitted model or selector that rank or pick columns. */
export const SELECTION_ATTRS = new Set([
  'coef_',
  'feature_importances_',
  'support_',
  'ranking_',
  'scores_',
  'pvalues_',
  'variances_',
  // mlxtend's sequential selectors: the columns kept, by name and by position.
  'k_feature_names_',
  'k_feature_idx_',
]);
/**
 * Function-form transformers of scikit-learn: each learns column statistics of the rows it is given (`normalize` only
 * with `axis=0`).
 */
export const FUNCTION_TRANSFORMS = new Set([
  'scale',
  'minmax_scale',
  'robust_scale',
  'maxabs_scale',
  'quantile_transform',
  'power_transform',
  'normalize',
]);
/** Modules whose classes cluster rows: what they learn (centres, labels) is learnt from the rows they are fit on. */
export const CLUSTER_MODULES = ['sklearn.cluster', 'sklearn.mixture'];
/** Metrics of a clustering, meant to be computed on the data that was clustered. */
export const UNSUPERVISED_METRICS = /(silhouette|calinski_harabasz|davies_bouldin)[a-z_]*$/;
/** Methods only a fitted model has: what they are called on holds a model. */
export const PREDICT_METHODS = ['predict', 'predict_proba', 'predict_log_proba', 'decision_function'] as const;
/** Keras model constructors and loaders (last name of the qualified name). */
export const KERAS_MODELS = new Set(['Sequential', 'Model', 'load_model']);
/** Keras layers and tokenizers that learn a vocabulary or statistics from texts or rows (`fit_on_texts`, `adapt`). */
export const KERAS_LEARNING_LAYERS = new Set(['Tokenizer', 'TextVectorization', 'StringLookup', 'Normalization']);
/** Training callbacks of Keras, LightGBM and XGBoost that watch a validation score. */
export const TRAINING_CALLBACKS = /^(EarlyStopping|ModelCheckpoint|ReduceLROnPlateau|early_stopping)$/;

// ---- sources of data ----

/** Loaders that return a (train, test) pair: Keras's bundled datasets (`keras.datasets.cifar10.load_data()`). */
export function loadsTrainTestPair(qualified: string | undefined): boolean {
  return qualified !== undefined && /(^|\.)keras\.datasets\.\w+\.load_data$/.test(qualified);
}

/** Library calls that read data whatever their argument (a pickled frame, a saved array). */
export const OPAQUE_LOADERS = new Set([
  'pickle.load',
  'pickle.loads',
  'joblib.load',
  'dill.load',
  'torch.load',
  'cloudpickle.load',
  'h5py.File',
  'scipy.io.loadmat',
  'json.load',
]);
/** Packages whose calls make plots, logs or settings, never data: their results stay unknown. */
export const NOT_DATA_ROOTS = new Set([
  'matplotlib',
  'seaborn',
  'plotly',
  'warnings',
  'logging',
  'os',
  'sys',
  'time',
  'random',
  're',
  'IPython',
  'tqdm',
  'mlflow',
  'wandb',
  'typing',
  'collections',
  'itertools',
  'functools',
  'argparse',
  'math',
  'datetime',
  'gc',
  'glob',
  'shutil',
  'pathlib',
  'yaml',
  'missingno',
  'tensorboard',
  'torch.nn',
  'torch.optim',
  'sklearn',
  'imblearn',
  'keras',
  'tensorflow',
  'lightgbm',
  'xgboost',
  'catboost',
  'optuna',
  'scipy.stats',
]);

// ---- Python builtins ----

/** Methods that add to a list, set or dict in place. */
export const LIST_GROWERS = new Set(['append', 'extend', 'add', 'update', 'insert']);

/** Builtins whose result is a number, a string or nothing: never rows of data. */
export const SCALAR_BUILTINS = new Set([
  'len',
  'print',
  'int',
  'float',
  'str',
  'bool',
  'round',
  'type',
  'isinstance',
  'hasattr',
  'repr',
  'format',
  'id',
  'hash',
  'display',
]);

/** Names Python always has; using one is not a reference to data from elsewhere. */
export const BUILTINS = new Set([
  'print',
  'len',
  'range',
  'list',
  'dict',
  'set',
  'tuple',
  'int',
  'float',
  'str',
  'bool',
  'min',
  'max',
  'sum',
  'abs',
  'round',
  'sorted',
  'zip',
  'enumerate',
  'map',
  'filter',
  'open',
  'isinstance',
  'type',
  'super',
  'object',
  'None',
  'True',
  'False',
  'self',
  'any',
  'all',
  'iter',
  'next',
  'repr',
  'format',
  'display',
  'getattr',
  'setattr',
  'hasattr',
  'Exception',
  'ValueError',
]);

/** Python's other builtin functions, and IPython's: never a function a star import of a module brings. */
export const OTHER_BUILTINS = new Set([
  'get_ipython',
  'exit',
  'quit',
  'vars',
  'dir',
  'id',
  'hash',
  'callable',
  'input',
  'reversed',
  'divmod',
  'pow',
  'chr',
  'ord',
  'bin',
  'hex',
  'oct',
  'bytes',
  'bytearray',
  'frozenset',
  'slice',
  'globals',
  'locals',
  'exec',
  'eval',
  'compile',
  'help',
  'complex',
  'delattr',
  'issubclass',
  'breakpoint',
  'memoryview',
  'ascii',
]);
