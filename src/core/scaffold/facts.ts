// What scaffolds need to know about a project, read from its structure: the package name and layout,
// the target column and data path the code uses, the model and its hyperparameters, the framework.
// Everything comes from manifests and the syntax tree, never from comments or notebook outputs; when
// a fact is not clear the field stays undefined and the scaffold writes a placeholder and says so.
// What the code means (its calls, the target and feature columns, the hold-out splits and their
// settings, the files the loaders read) is the unit index's (src/core/semantic/), the same the rules,
// the checklist and the editor hints read; this file weighs it across units and adds the manifests.
import { isExperimentConfigFile } from '../libraries/configFiles';
import { TARGET_CONFIG_KEYS } from '../libraries/targets';
import { parse as parseToml } from 'smol-toml';
import { parse as parseIni } from 'ini';
import { parse as parseYaml } from 'yaml';
import { YAML_TO_JS } from '../fs/yamlLimits';
import type { CallExpr, Expr } from '../python/ast';
import { qualifiedName } from '../python/imports';
import type { PythonUnit } from '../python/unit';
import { walkAllExprs, walkStatements } from '../python/walk';
import { unitIndex } from '../semantic/index';
import { singleColumnOf, stringConst, stringList } from '../semantic/columns';
import { isUrl } from '../semantic/pathLiterals';
import { PYTHON_KEYWORDS } from '../python/keywords';
import { apiRole, isClassifierClass } from '../libraries/catalog';
import type { ProjectModel } from '../project/model';
import { isTestPath } from '../project/testFiles';

/** How the project's Python code is laid out. */
export type Layout =
  /** `src/<pkg>/__init__.py` */
  | 'src'
  /** `<pkg>/__init__.py` at the root */
  | 'package'
  /** scripts and notebooks at the root, no package */
  | 'flat';

/** A literal hyperparameter value as written in the code. */
export type ParamValue = string | number | boolean | null;

/** The model the project trains, when one constructor call shows it. */
export interface EstimatorFact {
  /** Qualified class name, e.g. `sklearn.ensemble.RandomForestClassifier`. */
  qualified: string;
  /** Keyword arguments written as literals (other arguments are left out). */
  params: Record<string, ParamValue>;
}

/** A web app object found in the code (`app = FastAPI()`). */
export interface AppFact {
  framework: 'fastapi' | 'flask';
  /** Importable module path, e.g. `churn.api`. */
  module: string;
  variable: string;
}

/** Everything the scaffolds adapt to. */
export interface ProjectFacts {
  /** Python-identifier package name (`churn_predictor`). */
  packageName: string;
  /** Identifier-shaped project name for images, experiments and flows (the declared name or the folder). */
  projectName: string;
  /** Where the name came from, for notes: `pyproject.toml`, `setup.cfg`, `setup.py`, `src/x/`, `folder name`. */
  packageNameSource: string;
  layout: Layout;
  /** Folder of the package relative to the root (`src/churn`, `churn`), '' for flat projects. */
  packageDir: string;
  /** Import prefix of modules in the package (`churn.`), '' for flat projects. */
  modulePrefix: string;
  /** Target column, when the code selects or drops exactly one column as the label. */
  target?: string;
  /** Where the target came from: a YAML config key or the code. */
  targetSource?: 'config' | 'code';
  /** Feature columns, when the code selects them by a literal list. */
  features?: string[];
  /** A date/time column the code parses, a hint that the data is a time series. */
  timeColumn?: string;
  /** Relative path of the data file the code (or a config file) reads. */
  dataPath?: string;
  /** Where the data path came from. */
  dataPathSource?: 'code' | 'config' | 'files';
  /** A data path outside the project (absolute, or `../` above the root) the code reads, when that is all there is. */
  externalDataPath?: string;
  /** Path the code saves the trained model to. */
  modelPath?: string;
  task: 'classification' | 'regression' | 'unknown';
  framework: 'sklearn' | 'xgboost' | 'lightgbm' | 'catboost' | 'torch' | 'tensorflow' | 'unknown';
  estimator?: EstimatorFact;
  /** Validation and test shares of all rows: the project's own (config keys, `test_size=` literals) or 0.15 each. */
  splitSizes: { val: number; test: number };
  /** The seed the code passes as `random_state`/`seed`, if a literal. */
  seed?: number;
  /** Python version (`3.11`) for images and CI, from `requires-python` when it constrains it. */
  pythonVersion: string;
  /** Requirements files at the root (`requirements.txt` first), and whether a pyproject declares dependencies. */
  requirementsFiles: string[];
  devRequirementsFiles: string[];
  hasPyproject: boolean;
  /**
   * Libraries the project already uses (imports or manifests), normalised lower case: `airflow`, `prefect`, `mlflow`,
   * ...
   */
  uses: Set<string>;
  /** An existing web app to serve or load-test. */
  app?: AppFact;
  /** Every discovered file path, so modules are placed where they shadow nothing. */
  existingPaths: ReadonlySet<string>;
  /** YAML configuration files the project already has (`configs/train.yaml`, `params.yaml`). */
  configFiles: string[];
  /** True when `tests/` or `test_*.py` files exist. */
  hasTests: boolean;
  /** Optional-dependency groups of pyproject.toml (`dev`, `test`), for `pip install ".[dev]"`. */
  pyprojectExtras: string[];
  /** Existing training and evaluation scripts, by relative path. */
  scripts: { train?: string; evaluate?: string };
}

const DEFAULT_PYTHON = '3.11';

/** Library roots worth knowing whether a project uses, by import name and distribution name. */
const KNOWN_LIBRARIES: Record<string, string[]> = {
  sklearn: ['sklearn', 'scikit-learn'],
  xgboost: ['xgboost'],
  lightgbm: ['lightgbm'],
  catboost: ['catboost'],
  torch: ['torch'],
  tensorflow: ['tensorflow', 'keras'],
  pandas: ['pandas'],
  fastapi: ['fastapi'],
  flask: ['flask'],
  airflow: ['airflow', 'apache-airflow'],
  prefect: ['prefect'],
  mlflow: ['mlflow'],
  wandb: ['wandb'],
  prometheus_client: ['prometheus_client', 'prometheus-client'],
  evidently: ['evidently'],
  locust: ['locust'],
  yaml: ['yaml', 'pyyaml'],
  pytest: ['pytest'],
  dvc: ['dvc'],
};

/** Folders at the root that hold code but are not the project's package. */
const NOT_A_PACKAGE = new Set([
  'tests',
  'test',
  'docs',
  'doc',
  'scripts',
  'notebooks',
  'examples',
  'dags',
  'flows',
  'config',
  'configs',
  'data',
  'src',
  'build',
  'dist',
  'benchmarks',
]);

/** Reads the facts of a project. Pure: the same model always gives the same facts. */
export function projectFacts(project: ProjectModel): ProjectFacts {
  const pyproject = parsePyproject(project.texts.get('pyproject.toml'));
  const declared = declaredName(project, pyproject);
  const { layout, packageDir, name } = findLayout(project, declared?.name);
  const packageName = name ?? toIdentifier(declared?.name ?? folderName(project.root));
  const packageNameSource = name && !declared ? `${packageDir}/` : declared ? declared.source : 'folder name';
  const code = readCode(project.python);
  const configured = readConfigFiles(project);
  const uses = librariesUsed(project);
  const requirementsFiles = project.files
    .map((f) => f.path)
    .filter(
      (p) => /^requirements\.(txt|in)$/.test(p) || p === 'requirements/base.txt' || p === 'requirements/prod.txt',
    );
  const devRequirementsFiles = project.files
    .map((f) => f.path)
    .filter((p) => /^requirements[-_](dev|test|tests)\.txt$/.test(p) || /^requirements\/(dev|test)\.txt$/.test(p));
  return {
    packageName,
    packageNameSource,
    // cookiecutter-data-science declares its package as `src`: not a name to show anyone.
    projectName: toIdentifier(
      declared && toIdentifier(declared.name) !== 'src' ? declared.name : folderName(project.root),
    ),
    layout,
    packageDir,
    modulePrefix: layout === 'flat' ? '' : `${packageName}.`,
    target: configured.target ?? code.target,
    targetSource: configured.target ? 'config' : code.target ? 'code' : undefined,
    features: code.features,
    timeColumn: code.timeColumn,
    dataPath: code.dataPath ?? configured.dataPath ?? dataFileOnDisk(project),
    dataPathSource: code.dataPath
      ? 'code'
      : configured.dataPath
        ? 'config'
        : dataFileOnDisk(project)
          ? 'files'
          : undefined,
    externalDataPath: code.dataPath || configured.dataPath ? undefined : code.externalDataPath,
    modelPath: code.modelPath,
    task: code.task,
    framework: frameworkOf(code.estimator, uses),
    estimator: code.estimator,
    seed: code.seed ?? configured.seed,
    splitSizes: splitSizes(configured.val ?? code.val, configured.test ?? code.test),
    pythonVersion: pythonVersion(pyproject),
    requirementsFiles,
    devRequirementsFiles,
    hasPyproject: project.files.some((f) => f.path === 'pyproject.toml'),
    uses,
    app: code.app,
    existingPaths: new Set(project.files.map((f) => f.path)),
    configFiles: configured.files,
    hasTests: project.files.some(
      (f) =>
        f.path.startsWith('tests/') || f.path.startsWith('test/') || /(^|\/)test_[^/]*\.py$|_test\.py$/.test(f.path),
    ),
    pyprojectExtras: Object.keys(table(pyproject, 'project', 'optional-dependencies') ?? {}).sort(),
    scripts: {
      train: firstExisting(project, trainScriptCandidates(packageDir)),
      evaluate: firstExisting(project, evaluateScriptCandidates(packageDir)),
    },
  };
}

/** Where projects keep their training script, most specific first (cookiecutter-data-science included). */
function trainScriptCandidates(packageDir: string): string[] {
  const inPkg = packageDir
    ? [
        `${packageDir}/train.py`,
        `${packageDir}/models/train.py`,
        `${packageDir}/modeling/train.py`,
        `${packageDir}/models/train_model.py`,
      ]
    : [];
  return [...inPkg, 'train.py', 'src/train.py', 'scripts/train.py', 'src/models/train_model.py', 'train_model.py'];
}

function evaluateScriptCandidates(packageDir: string): string[] {
  const inPkg = packageDir
    ? [
        `${packageDir}/evaluate.py`,
        `${packageDir}/eval.py`,
        `${packageDir}/models/evaluate.py`,
        `${packageDir}/modeling/evaluate.py`,
      ]
    : [];
  return [...inPkg, 'evaluate.py', 'eval.py', 'src/evaluate.py', 'scripts/evaluate.py', 'src/models/evaluate_model.py'];
}

function firstExisting(project: ProjectModel, paths: string[]): string | undefined {
  return paths.find((p) => project.files.some((f) => f.path === p));
}

/** A distribution or folder name as a Python identifier: `Churn-Predictor 2` → `churn_predictor_2`. */
export function toIdentifier(name: string): string {
  let id = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/_+/g, '_');
  if (!id) id = 'project';
  if (/^[0-9]/.test(id)) id = `project_${id}`;
  if (NOT_A_PACKAGE_NAME.has(id)) id = `${id}_project`;
  return id;
}

/** Package names a scaffold avoids: Python's reserved words in lower case (the name is lowered first) and `test`. */
const NOT_A_PACKAGE_NAME: ReadonlySet<string> = new Set([
  ...[...PYTHON_KEYWORDS].map((k) => k.toLowerCase()),
  'test',
  'tests',
]);

function folderName(root: string): string {
  const parts = root.replace(/\/+$/, '').split('/');
  return parts[parts.length - 1] || 'project';
}

type Toml = Record<string, unknown>;

function parsePyproject(text: string | undefined): Toml | undefined {
  if (!text) return undefined;
  try {
    return parseToml(text) as Toml;
  } catch {
    return undefined;
  }
}

function table(t: unknown, ...keys: string[]): Toml | undefined {
  let cur: unknown = t;
  for (const k of keys) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Toml)[k];
  }
  return cur && typeof cur === 'object' ? (cur as Toml) : undefined;
}

/** The distribution name the project declares, and where. */
function declaredName(
  project: ProjectModel,
  pyproject: Toml | undefined,
): { name: string; source: string } | undefined {
  const pep621 = table(pyproject, 'project')?.name;
  if (typeof pep621 === 'string' && pep621.trim()) return { name: pep621, source: 'pyproject.toml' };
  const poetry = table(pyproject, 'tool', 'poetry')?.name;
  if (typeof poetry === 'string' && poetry.trim()) return { name: poetry, source: 'pyproject.toml' };
  const cfg = project.texts.get('setup.cfg');
  if (cfg) {
    try {
      const name = (parseIni(cfg).metadata as Record<string, unknown> | undefined)?.name;
      if (typeof name === 'string' && name.trim()) return { name, source: 'setup.cfg' };
    } catch {
      /* an unreadable setup.cfg names nothing */
    }
  }
  const setupPy = project.python.find((u) => u.path === 'setup.py');
  if (setupPy) {
    let found: string | undefined;
    walkAllExprs(setupPy.module.body, (e) => {
      if (found || e.kind !== 'Call') return;
      const q = qualifiedName(e.func, setupPy.imports);
      if (q !== 'setuptools.setup' && q !== 'distutils.core.setup') return;
      const kw = e.keywords.find((k) => k.name === 'name');
      if (kw && kw.value.kind === 'Constant' && kw.value.type === 'str' && typeof kw.value.value === 'string')
        found = kw.value.value;
    });
    if (found) return { name: found, source: 'setup.py' };
  }
  return undefined;
}

/** The package folder: `src/<pkg>` or `<pkg>` with an `__init__.py`, preferring the declared name. */
function findLayout(
  project: ProjectModel,
  declared: string | undefined,
): { layout: Layout; packageDir: string; name?: string } {
  const want = declared ? toIdentifier(declared) : undefined;
  const srcPackages: string[] = [];
  const rootPackages: string[] = [];
  for (const f of project.files) {
    const m = /^src\/([A-Za-z_][A-Za-z0-9_]*)\/__init__\.py$/.exec(f.path);
    if (m) srcPackages.push(m[1]);
    const r = /^([A-Za-z_][A-Za-z0-9_]*)\/__init__\.py$/.exec(f.path);
    if (r && !NOT_A_PACKAGE.has(r[1])) rootPackages.push(r[1]);
  }
  if (want && srcPackages.includes(want)) return { layout: 'src', packageDir: `src/${want}`, name: want };
  if (want && rootPackages.includes(want)) return { layout: 'package', packageDir: want, name: want };
  // cookiecutter-data-science: `src/__init__.py` makes `src` itself the package (`from src.data import ...`).
  if (project.files.some((f) => f.path === 'src/__init__.py'))
    return { layout: 'package', packageDir: 'src', name: 'src' };
  if (srcPackages.length === 1) return { layout: 'src', packageDir: `src/${srcPackages[0]}`, name: srcPackages[0] };
  if (srcPackages.length === 0 && rootPackages.length === 1)
    return { layout: 'package', packageDir: rootPackages[0], name: rootPackages[0] };
  // A declared project with no package yet gets the src layout packaging guides recommend.
  if (
    want &&
    srcPackages.length === 0 &&
    rootPackages.length === 0 &&
    project.files.some((f) => f.path === 'pyproject.toml')
  ) {
    return { layout: 'src', packageDir: `src/${want}` };
  }
  return { layout: 'flat', packageDir: '' };
}

/** Import names of the libraries the project uses, from imports and manifests. */
function librariesUsed(project: ProjectModel): Set<string> {
  const out = new Set<string>();
  const deps = new Set(project.manifests.flatMap((m) => m.dependencies.map((d) => d.name)));
  const pyproject = project.texts.get('pyproject.toml');
  for (const [lib, names] of Object.entries(KNOWN_LIBRARIES)) {
    if (names.some((n) => deps.has(n))) out.add(lib);
    else if (project.python.some((u) => names.some((n) => u.imports.uses(n)))) out.add(lib);
    // pyproject dependencies are not in the manifest list yet; a quoted requirement string is structure enough.
    else if (
      pyproject &&
      names.some((n) => new RegExp(`["']${n.replace(/[-_]/g, '[-_]')}\\s*([<>=!~;\\[ ]|["'])`, 'i').test(pyproject))
    )
      out.add(lib);
  }
  return out;
}

/** YAML files that configure training, where a `target` or `data.path` key is a deliberate choice. */
const DATA_KEYS = new Set(['path', 'data_path', 'train_path', 'raw_path', 'dataset_path', 'input_path', 'raw']);

/** Target, data path and seed from the project's YAML configuration files. */
function readConfigFiles(project: ProjectModel): {
  target?: string;
  dataPath?: string;
  seed?: number;
  val?: number;
  test?: number;
  files: string[];
} {
  const files = [...project.texts.keys()].filter((p) => /\.ya?ml$/i.test(p) && isExperimentConfigFile(p)).sort();
  const targets = new Votes();
  const paths = new Votes();
  let seed: number | undefined;
  let val: number | undefined;
  let test: number | undefined;
  for (const path of files) {
    let doc: unknown;
    try {
      doc = parseYaml(project.texts.get(path) ?? '', YAML_TO_JS);
    } catch {
      continue;
    }
    const visit = (node: unknown, parent: string): void => {
      if (!node || typeof node !== 'object' || Array.isArray(node)) return;
      for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
        const k = key.toLowerCase();
        if (typeof value === 'string' && value.trim()) {
          if (TARGET_CONFIG_KEYS.has(k)) targets.add(value.trim(), 1);
          // `path` alone is too common a key: only under a `data` section.
          if (
            DATA_KEYS.has(k) &&
            (k !== 'path' || /data/.test(parent)) &&
            /\.(csv|tsv|parquet|pq|feather|json|xlsx?)$/i.test(value) &&
            !isAbsolute(value) &&
            !value.includes('..')
          ) {
            paths.add(value.replace(/^\.\//, ''), 1);
          }
        } else if (
          typeof value === 'number' &&
          Number.isInteger(value) &&
          (k === 'seed' || k === 'random_state' || k === 'random_seed') &&
          seed === undefined
        ) {
          seed = value;
        } else if (
          typeof value === 'number' &&
          value > 0 &&
          value < 1 &&
          (k === 'test_size' || k === 'test_split') &&
          test === undefined
        ) {
          test = value;
        } else if (
          typeof value === 'number' &&
          value > 0 &&
          value < 1 &&
          /^(val|valid|validation)_(size|split)$/.test(k) &&
          val === undefined
        ) {
          val = value;
        } else {
          visit(value, k);
        }
      }
    };
    visit(doc, '');
  }
  return { target: targets.best(), dataPath: paths.best(), seed, val, test, files };
}

interface CodeFacts {
  val?: number;
  test?: number;
  target?: string;
  features?: string[];
  timeColumn?: string;
  dataPath?: string;
  externalDataPath?: string;
  modelPath?: string;
  task: ProjectFacts['task'];
  estimator?: EstimatorFact;
  seed?: number;
  app?: AppFact;
}

const REGRESSOR = new RegExp(
  `(Regressor|RegressorCV|^LinearRegression|^Ridge(CV)?|^Lasso(CV)?|^ElasticNet(CV)?` +
    `|^SVR|^LinearSVR|^NuSVR|^BayesianRidge|^ARDRegression|^HuberRegressor` +
    `|^TheilSenRegressor|^PoissonRegressor|^GammaRegressor|^TweedieRegressor` +
    `|^KernelRidge|^Lars(CV)?|^LassoLars(CV|IC)?|^OrthogonalMatchingPursuit(CV)?` +
    `|^IsotonicRegression|^QuantileRegressor)$`,
);
const CLASSIFICATION_METRICS = new Set([
  'accuracy_score',
  'f1_score',
  'precision_score',
  'recall_score',
  'roc_auc_score',
  'classification_report',
  'confusion_matrix',
  'log_loss',
  'balanced_accuracy_score',
  'average_precision_score',
  'matthews_corrcoef',
]);
const REGRESSION_METRICS = new Set([
  'mean_squared_error',
  'mean_absolute_error',
  'r2_score',
  'root_mean_squared_error',
  'mean_absolute_percentage_error',
  'median_absolute_error',
  'explained_variance_score',
]);

/** Loaders of tables, whose files the scaffolds can read with pandas. */
const TABLE_READER = /^(pandas|polars)\./;

/** Reads the facts that live in code, counting votes so one odd cell cannot decide. */
function readCode(units: PythonUnit[]): CodeFacts {
  const targets = new Votes();
  const times = new Votes();
  const orderedBy = new Set<string>();
  const dataPaths = new Votes();
  const externalPaths = new Votes();
  const modelPaths = new Votes();
  let features: string[] | undefined;
  let estimator: EstimatorFact | undefined;
  let seed: number | undefined;
  let testSize: number | undefined;
  let app: AppFact | undefined;
  let classification = 0;
  let regression = 0;

  // Package modules come before scripts, scripts before notebooks: the most deliberate code speaks first.
  const ordered = [...units].sort((a, b) => rank(a) - rank(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const unit of ordered) {
    if (isTestPath(unit.path)) continue;
    // `with open("models/m.pkl", "wb") as f:` binds f to a file that pickle.dump(model, f) may write.
    const openedForWrite = new Map<string, string>();
    walkStatements(unit.module.body, (s) => {
      if (s.kind !== 'With') return;
      for (const item of s.items) {
        const c = item.context;
        if (c.kind !== 'Call' || c.func.kind !== 'Name' || c.func.id !== 'open' || item.target?.kind !== 'Name')
          continue;
        const path = stringConst(c.args[0]);
        const mode = stringConst(c.args[1]) ?? stringConst(keyword(c, 'mode')) ?? 'r';
        if (path && /[wxa]/.test(mode)) openedForWrite.set(item.target.id, path);
      }
    });
    const index = unitIndex(unit);
    // The target and feature columns, and the splits' settings, are the unit index's.
    for (const vote of index.columns.targets) targets.add(vote.column, vote.weight);
    if (!features && index.columns.features) features = index.columns.features;
    const splits = new Map(index.holdoutSplits.map((split) => [split.site.call, split]));
    if (testSize === undefined) {
      const first = index.holdoutSplits.find((x) => x.testSize !== undefined && x.testSize > 0 && x.testSize < 0.5);
      testSize = first?.testSize;
    }
    // The files the data loaders read, whole paths only (a folder joined with a name is not one file).
    for (const read of index.dataReads) {
      // The scaffolds read the data with pandas: a table a pandas or Polars loader reads, not a NumPy array.
      if (!TABLE_READER.test(read.site.qualified ?? '')) continue;
      // A plain string (an f-string's text is no path yet), the whole path, not a URL.
      const plain = read.literal.kind === 'Constant' && read.literal.type === 'str';
      if (!plain || !read.whole || !read.text || isUrl(read.text)) continue;
      const path = read.text;
      const inProject = isAbsolute(path) ? undefined : projectPath(unit, path);
      // Kaggle-style projects read train.csv and test.csv: the unlabelled test file is not the training data.
      const weight = /(^|\/)[^/]*(test|submission|sample)[^/]*$/i.test(path) ? 0.5 : 1;
      if (inProject) dataPaths.add(inProject, weight);
      else externalPaths.add(path, weight);
    }
    if (!app && unit.kind === 'module') app = appOf(unit);
    // Every call, with its callee resolved through imports, from the unit's index (the rules read the same list).
    for (const site of index.callSites) {
      const e = site.call;
      const fq = site.qualified;
      const role = apiRole(fq);
      const last = fq?.slice(fq.lastIndexOf('.') + 1);
      if (role === 'data-load' && fq && /^(pandas|polars)\./.test(fq)) {
        for (const col of stringList(keyword(e, 'parse_dates'))) times.add(col, 1);
        for (const col of stringList(keyword(e, 'index_col'))) orderedBy.add(col);
      }
      if (fq === 'pandas.to_datetime' && e.args.length > 0) {
        const col = singleColumnOf(e.args[0]);
        if (col) times.add(col, 1);
      }
      // A date column only makes the data a time series when the code also orders or indexes by it.
      if (e.func.kind === 'Attribute' && (e.func.attr === 'sort_values' || e.func.attr === 'set_index')) {
        for (const col of stringList(e.args[0] ?? keyword(e, 'by') ?? keyword(e, 'keys'))) orderedBy.add(col);
      }
      if (role === 'estimator' && fq) {
        const params: Record<string, ParamValue> = {};
        for (const k of e.keywords) {
          const v = k.name ? literal(k.value) : undefined;
          if (k.name && v !== undefined) params[k.name] = v;
        }
        if (!estimator) estimator = { qualified: fq, params };
        if (isClassifierClass(last ?? '')) classification += 2;
        else if (REGRESSOR.test(last ?? '')) regression += 2;
      }
      if (role === 'metric' && last) {
        if (CLASSIFICATION_METRICS.has(last)) classification += 1;
        if (REGRESSION_METRICS.has(last)) regression += 1;
      }
      if (seed === undefined) {
        const split = splits.get(e);
        const rs =
          role === 'estimator' || role === 'splitter-class' ? numberOf(keyword(e, 'random_state')) : split?.seed;
        if (rs !== undefined && Number.isInteger(rs)) seed = rs;
      }
      const saved = savedModelPath(e, fq, openedForWrite);
      const savedInProject = saved ? projectPath(unit, saved) : undefined;
      if (savedInProject) modelPaths.add(savedInProject, 1);
    }
  }
  if (estimator && seed === undefined) {
    const rs = estimator.params.random_state;
    if (typeof rs === 'number') seed = rs;
  }
  const target = targets.best();
  return {
    test: testSize,
    target,
    features: features?.filter((f) => f !== target),
    timeColumn: times.best((c) => orderedBy.has(c)),
    dataPath: dataPaths.best(),
    externalDataPath: dataPaths.best() ? undefined : externalPaths.best(),
    modelPath: modelPaths.best(),
    task: classification > regression ? 'classification' : regression > classification ? 'regression' : 'unknown',
    estimator,
    seed,
    app,
  };
}

/** Validation and test shares, defaults filled in, shrunk together when they would leave too little to train on. */
function splitSizes(val: number | undefined, test: number | undefined): { val: number; test: number } {
  const v = val ?? 0.15;
  const t = test ?? 0.15;
  return v + t <= 0.6 ? { val: v, test: t } : { val: 0.15, test: 0.15 };
}

/** Counts candidates; the best is the one with most weight, ties going to the first seen. */
class Votes {
  private readonly counts = new Map<string, number>();
  add(key: string, weight: number): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + weight);
  }
  best(accept: (key: string) => boolean = () => true): string | undefined {
    let best: string | undefined;
    let max = 0;
    for (const [k, n] of this.counts) {
      if (n > max && accept(k)) {
        best = k;
        max = n;
      }
    }
    return best;
  }
}

function rank(u: PythonUnit): number {
  if (u.kind === 'notebook') return 3;
  if (u.path.startsWith('src/') || u.path.includes('/')) return 1;
  return 2;
}

function keyword(e: CallExpr, name: string): Expr | undefined {
  return e.keywords.find((k) => k.name === name)?.value;
}

function numberOf(e: Expr | undefined): number | undefined {
  return e?.kind === 'Constant' && typeof e.value === 'number' ? e.value : undefined;
}

/** A literal value, or undefined for anything computed. */
function literal(e: Expr): ParamValue | undefined {
  if (e.kind === 'Constant') {
    if (e.type === 'str' || e.type === 'number' || e.type === 'bool') return e.value as ParamValue;
    if (e.type === 'none') return null;
    return undefined;
  }
  if (e.kind === 'Unary' && e.op === '-' && e.operand.kind === 'Constant' && typeof e.operand.value === 'number')
    return -e.operand.value;
  return undefined;
}

/** The web app a module builds (`app = FastAPI()`), when Python can import the module by name. */
function appOf(unit: PythonUnit): AppFact | undefined {
  let app: AppFact | undefined;
  walkStatements(unit.module.body, (s) => {
    if (app || s.kind !== 'Assign' || s.value?.kind !== 'Call') return;
    const fq = qualifiedName(s.value.func, unit.imports);
    if (fq !== 'fastapi.FastAPI' && fq !== 'flask.Flask') return;
    // Only a module Python can import by name can be served (`uvicorn pkg.api:app`); `my app/x.py` cannot.
    if (!IMPORTABLE_MODULE.test(moduleOf(unit.path))) return;
    const target = s.targets.find((t) => t.kind === 'Name');
    if (target?.kind !== 'Name') return;
    app = {
      framework: fq === 'fastapi.FastAPI' ? 'fastapi' : 'flask',
      module: moduleOf(unit.path),
      variable: target.id,
    };
  });
  return app;
}

/** Where `joblib.dump(model, "p")`, `pickle.dump(model, open("p", "wb"))` or `torch.save(m, "p")` writes. */
function savedModelPath(e: CallExpr, fq: string | undefined, openedForWrite: Map<string, string>): string | undefined {
  if (fq === 'joblib.dump' || fq === 'torch.save' || fq === 'sklearn.externals.joblib.dump') {
    const p = stringConst(e.args[1]) ?? stringConst(keyword(e, 'filename')) ?? stringConst(keyword(e, 'f'));
    return p && !isAbsolute(p) ? p : undefined;
  }
  // Boosters' own format (`booster.save_model("xgb.json")`) and Keras files (`model.save("m.keras")`).
  if (e.func.kind === 'Attribute' && !fq) {
    const p = stringConst(e.args[0]) ?? stringConst(keyword(e, 'filepath')) ?? stringConst(keyword(e, 'fname'));
    const modelFile =
      e.func.attr === 'save_model'
        ? /\.(json|ubj|txt|cbm|bin|model)$/i
        : e.func.attr === 'save'
          ? /\.(keras|h5)$/i
          : undefined;
    if (p && modelFile?.test(p) && !isAbsolute(p)) return p;
  }
  const pickler = fq === 'pickle.dump' || fq === 'cloudpickle.dump' || fq === 'dill.dump';
  if (pickler && e.args[1]?.kind === 'Name') {
    const p = openedForWrite.get(e.args[1].id);
    return p && !isAbsolute(p) ? p : undefined;
  }
  if (pickler && e.args[1]?.kind === 'Call') {
    const open = e.args[1];
    if (open.func.kind === 'Name' && open.func.id === 'open') {
      const p = stringConst(open.args[0]);
      return p && !isAbsolute(p) ? p : undefined;
    }
  }
  return undefined;
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || p.startsWith('~') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

/**
 * A path the code opens, relative to the project root. Notebooks run in their own folder, so
 * `../data/x.csv` in `notebooks/eda.ipynb` is `data/x.csv`; scripts usually run from the root.
 * Undefined when the path leaves the project.
 */
function projectPath(unit: PythonUnit, written: string): string | undefined {
  const base = unit.kind === 'notebook' ? unit.path.split('/').slice(0, -1) : [];
  const parts = [...base];
  for (const seg of written.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.length ? parts.join('/') : undefined;
}

/** A dotted module path of ASCII identifiers, the only kind the generated commands name. */
const IMPORTABLE_MODULE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

function moduleOf(path: string): string {
  return path
    .replace(/^src\//, '')
    .replace(/\.py$/, '')
    .replace(/\/__init__$/, '')
    .split('/')
    .join('.');
}

/** A data file kept in the project, when the code names none. */
function dataFileOnDisk(project: ProjectModel): string | undefined {
  const f = project.files.find((x) => /^data\/([^/]+\/)*[^/]+\.(csv|parquet|tsv|feather)$/i.test(x.path));
  return f?.path;
}

function frameworkOf(estimator: EstimatorFact | undefined, uses: Set<string>): ProjectFacts['framework'] {
  for (const lib of ['xgboost', 'lightgbm', 'catboost'] as const)
    if (estimator?.qualified.startsWith(`${lib}.`)) return lib;
  if (estimator?.qualified.startsWith('sklearn.')) return 'sklearn';
  if (uses.has('torch')) return 'torch';
  if (uses.has('tensorflow')) return 'tensorflow';
  for (const lib of ['xgboost', 'lightgbm', 'catboost', 'sklearn'] as const) if (uses.has(lib)) return lib;
  return 'unknown';
}

/** A Python minor version that satisfies `requires-python`, 3.11 when it allows that. */
function pythonVersion(pyproject: Toml | undefined): string {
  const spec =
    table(pyproject, 'project')?.['requires-python'] ??
    (table(pyproject, 'tool', 'poetry', 'dependencies')?.python as unknown);
  if (typeof spec !== 'string') return DEFAULT_PYTHON;
  const minor = (v: string) => Number(v.split('.')[1] ?? 0);
  let lower = 0;
  let upper = Infinity;
  for (const part of spec.split(',')) {
    const m = /^\s*(>=|~=|==|\^|~|<=|<|>)?\s*3\.(\d+)/.exec(part);
    if (!m) continue;
    const v = minor(`3.${m[2]}`);
    const op = m[1] ?? '==';
    if (op === '>=' || op === '~=' || op === '^' || op === '~') lower = Math.max(lower, v);
    else if (op === '>') lower = Math.max(lower, v + 1);
    else if (op === '==') {
      lower = Math.max(lower, v);
      upper = Math.min(upper, v + 1);
    } else if (op === '<') upper = Math.min(upper, v);
    else if (op === '<=') upper = Math.min(upper, v + 1);
  }
  const preferred = minor(DEFAULT_PYTHON);
  if (preferred >= lower && preferred < upper) return DEFAULT_PYTHON;
  if (preferred < lower) return `3.${lower}`;
  return upper !== Infinity && upper - 1 >= lower ? `3.${upper - 1}` : DEFAULT_PYTHON;
}
