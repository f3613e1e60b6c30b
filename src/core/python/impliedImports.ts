// Names a script uses without importing them, because its imports stayed elsewhere: a notebook cut into scripts whose
// imports are in the first cell's script (`import_lib.py`, run first), or a file meant to be pasted after another.
// Python would stop at such a name, so the file only runs after the one that binds it; the name still means what
// every tutorial imports it as. Only distinctive names are listed: a word a project might define for itself
// (`scale`, `normalize`, `Model`) is not.
import type { ImportStmt } from './ast';
import type { ImportTable } from './imports';
import type { ModuleOutline } from './walk';

/** The module each listed name is imported from, in the tutorials' spelling. */
const BARE_NAMES: ReadonlyArray<readonly [string, readonly string[]]> = [
  [
    'sklearn.model_selection',
    [
      'train_test_split',
      'cross_val_score',
      'cross_validate',
      'cross_val_predict',
      'GridSearchCV',
      'RandomizedSearchCV',
      'KFold',
      'StratifiedKFold',
      'GroupKFold',
      'TimeSeriesSplit',
      'RepeatedStratifiedKFold',
      'StratifiedShuffleSplit',
    ],
  ],
  [
    'sklearn.preprocessing',
    [
      'StandardScaler',
      'MinMaxScaler',
      'RobustScaler',
      'MaxAbsScaler',
      'LabelEncoder',
      'OneHotEncoder',
      'OrdinalEncoder',
      'PolynomialFeatures',
      'PowerTransformer',
      'QuantileTransformer',
    ],
  ],
  ['sklearn.impute', ['SimpleImputer', 'KNNImputer']],
  ['sklearn.decomposition', ['PCA', 'TruncatedSVD']],
  ['sklearn.feature_selection', ['SelectKBest', 'RFE', 'RFECV', 'SelectFromModel', 'VarianceThreshold']],
  ['sklearn.feature_extraction.text', ['TfidfVectorizer', 'CountVectorizer']],
  [
    'sklearn.linear_model',
    ['LogisticRegression', 'LinearRegression', 'Ridge', 'Lasso', 'ElasticNet', 'SGDClassifier', 'SGDRegressor'],
  ],
  [
    'sklearn.ensemble',
    [
      'RandomForestClassifier',
      'RandomForestRegressor',
      'GradientBoostingClassifier',
      'GradientBoostingRegressor',
      'AdaBoostClassifier',
      'ExtraTreesClassifier',
      'ExtraTreesRegressor',
      'VotingClassifier',
      'StackingClassifier',
      'BaggingClassifier',
      'HistGradientBoostingClassifier',
      'HistGradientBoostingRegressor',
    ],
  ],
  ['sklearn.tree', ['DecisionTreeClassifier', 'DecisionTreeRegressor']],
  ['sklearn.svm', ['SVC', 'SVR', 'LinearSVC']],
  ['sklearn.neighbors', ['KNeighborsClassifier', 'KNeighborsRegressor']],
  ['sklearn.naive_bayes', ['GaussianNB', 'MultinomialNB', 'BernoulliNB']],
  ['sklearn.neural_network', ['MLPClassifier', 'MLPRegressor']],
  ['sklearn.pipeline', ['make_pipeline']],
  ['sklearn.compose', ['ColumnTransformer', 'make_column_transformer']],
  [
    'sklearn.metrics',
    [
      'accuracy_score',
      'f1_score',
      'precision_score',
      'recall_score',
      'roc_auc_score',
      'confusion_matrix',
      'classification_report',
      'mean_squared_error',
      'mean_absolute_error',
      'mean_absolute_percentage_error',
      'r2_score',
      'log_loss',
    ],
  ],
  ['xgboost', ['XGBClassifier', 'XGBRegressor']],
  ['lightgbm', ['LGBMClassifier', 'LGBMRegressor']],
  ['catboost', ['CatBoostClassifier', 'CatBoostRegressor']],
  ['imblearn.over_sampling', ['SMOTE', 'RandomOverSampler', 'ADASYN']],
  ['imblearn.under_sampling', ['RandomUnderSampler']],
];

const MODULE_OF = new Map<string, string>();
for (const [module, names] of BARE_NAMES) for (const n of names) MODULE_OF.set(n, module);

/** Any of the listed names, standing on its own (not an attribute, not part of a longer word). */
const USED = new RegExp(`(?<![\\w.])(?:${[...MODULE_OF.keys()].join('|')})(?!\\w)`, 'g');

/**
 * The aliases every pandas and NumPy user writes: the module each stands for, and how it is used.
 * They are implied in any file; the other names only in a file importing no data or ML library at all (one that
 * imports some of its names itself is taken to import what it uses).
 */
const CONVENTIONAL_ALIASES = [
  ['pd', 'pandas'],
  ['np', 'numpy'],
].map(([alias, module]) => ({ alias, module, used: new RegExp(`(^|[^\\w.])${alias}\\.`) }));

/** Roots whose import in a file means it imports what it uses of them. */
const IMPORTING_ROOTS = [
  'sklearn',
  'pandas',
  'numpy',
  'scipy',
  'xgboost',
  'lightgbm',
  'catboost',
  'imblearn',
  'torch',
  'tensorflow',
  'keras',
];

/** Roots of the machine-learning libraries listed above. */
const ML_ROOTS = ['sklearn', 'xgboost', 'lightgbm', 'catboost', 'imblearn'];

/** True when the text binds `name` itself: an assignment, a `def` or `class`, an `as`, a loop or a parameter. */
function bindsItself(source: string, name: string, outline: ModuleOutline): boolean {
  if (outline.defs.some((d) => d.name === name)) return true;
  // Each form looks a bounded way along its line, so a file of one long line costs a pass, not a pass per match.
  const forms = [
    `(^|[^\\w.])${name}\\s*(=[^=]|,[^\\n]{0,200}=[^=])`, // assigned, alone or unpacked
    `\\bas\\s+${name}\\b`, // import, with or except ... as
    `\\bfor\\s[^\\n]{0,200}\\b${name}\\b[^\\n]{0,200}\\bin\\b`, // a loop's target
    `\\bdef\\s+\\w+\\([^)]{0,500}\\b${name}\\b`, // a parameter
  ];
  return new RegExp(forms.join('|')).test(source);
}

function implied(module: string | undefined, name: string, asname?: string): ImportStmt {
  return {
    kind: 'Import',
    from: 0,
    to: 0,
    module,
    names: [{ name, asname, span: { from: 0, to: 0 } }],
    star: false,
  };
}

/**
 * The unit's import table with the names it uses but neither imports nor binds, as the tutorials import them.
 * They bind names only: `statements` keeps what the file says, so no evidence ever cites an import that is not there.
 */
export function withImpliedImports(source: string, table: ImportTable, outline: ModuleOutline): ImportTable {
  const missing: ImportStmt[] = [];
  for (const a of CONVENTIONAL_ALIASES)
    if (!table.byName.has(a.alias) && a.used.test(source) && !bindsItself(source, a.alias, outline))
      missing.push(implied(undefined, a.module, a.alias));
  // A file that imports data or ML libraries itself imports what it uses of them, unless it uses one of the listed
  // names without importing or binding it and no star import could have bound it (`train_test_split` called in a
  // script that imports only `StandardScaler`), or imports `pyforest`, which binds them all lazily.
  if (
    table.uses('pyforest') ||
    !IMPORTING_ROOTS.some((r) => table.uses(r)) ||
    (ML_ROOTS.some((r) => table.uses(r)) && !table.statements.some((st) => st.star))
  ) {
    const seen = new Set<string>();
    for (const m of source.matchAll(USED)) {
      const name = m[0];
      if (seen.has(name)) continue;
      seen.add(name);
      if (!table.byName.has(name) && !bindsItself(source, name, outline))
        missing.push(implied(MODULE_OF.get(name), name));
    }
  }
  for (const s of missing) table.imply(s);
  return table;
}
