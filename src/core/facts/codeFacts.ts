// Facts about the data-science code of one Python file or notebook: data loaded, models trained and
// evaluated, splits, seeds, imbalance handling, tuning, pipelines, tests, configuration read by code.
// Everything comes from the syntax tree and the import table: a word in a comment, a string or an
// output never counts.
import { type ApiRole, apiRole } from '../libraries/catalog';
import type { AssignStmt, CallExpr, Expr, FunctionDefStmt } from '../python/ast';
import { type ImportTable, dottedName, isUnder, qualifiedName } from '../python/imports';
import type { PythonUnit } from '../python/unit';
import { walkAllExprs, walkExpr, walkStatements } from '../python/walk';
import type { UnitDerivation, UnitIndex } from '../semantic/index';
import { type CallSite, isNone, keyword, stringValue } from '../semantic/calls';
import { type Fact, type FactKind, unitFact } from './fact';
import { isTestModule } from '../project/testFiles';
import { gradientStep } from './gradientDescent';
import { isExperimentConfigFile } from '../libraries/configFiles';
import { FIT_LIBRARIES, isKeras } from '../libraries/mlLibraries';
import {
  CV_SCORE_ATTRIBUTES,
  isCrossValidatedModel,
  isHyperparameterName,
  isRandomDraw,
  isTuningLibraryCall,
} from '../libraries/tuning';
import { isClassWeightKey } from '../libraries/imbalance';
import { heldOutKind, heldOutLoaderKind, heldOutPathKind, heldOutWordKind, nameParts } from '../libraries/heldOut';
import {
  BOOSTER_TRAINING_CALLS,
  isGradientUpdate,
  isAgentLearning,
  KERAS_TRAINING_METHODS,
  TRAINABLE_ROLES,
} from '../libraries/training';

/** Data loaders the library catalog leaves to others: image readers, sample datasets, market data. */
const EXTRA_DATA_LOADERS = new Set([
  'seaborn.load_dataset',
  'cv2.imread',
  'PIL.Image.open',
  'imageio.imread',
  'imageio.v3.imread',
  'skimage.io.imread',
  'librosa.load',
  'soundfile.read',
  'torchaudio.load',
  'yfinance.download',
  'openml.datasets.get_dataset',
  'kagglehub.dataset_download',
  'h5py.File',
  'xarray.open_dataset',
  'pyarrow.parquet.read_table',
  'duckdb.sql',
  'duckdb.query',
]);

/** Qualified names that seed a random generator. */
const SEED_CALLS = new Set([
  'numpy.random.seed',
  'random.seed',
  'torch.manual_seed',
  'torch.cuda.manual_seed',
  'torch.cuda.manual_seed_all',
  'tensorflow.random.set_seed',
  'tensorflow.set_random_seed',
  'tensorflow.compat.v1.set_random_seed',
  'tensorflow.keras.utils.set_random_seed',
  'keras.utils.set_random_seed',
  'pytorch_lightning.seed_everything',
  'lightning.seed_everything',
  'lightning.pytorch.seed_everything',
  'lightning.fabric.seed_everything',
  'transformers.set_seed',
  'accelerate.utils.set_seed',
  'jax.random.PRNGKey',
  'jax.random.key',
  'mlxtend.set_seed',
]);

/** Constructors that are seeded when given a number. */
const SEEDED_CONSTRUCTORS = new Set([
  'numpy.random.default_rng',
  'numpy.random.RandomState',
  'random.Random',
  'numpy.random.Generator',
]);

/** Metrics that look past accuracy at the minority class. */
const PR_METRICS = new Set([
  'precision_recall_curve',
  'average_precision_score',
  'f1_score',
  'fbeta_score',
  'precision_score',
  'recall_score',
  'balanced_accuracy_score',
  'classification_report',
  'PrecisionRecallDisplay',
  'matthews_corrcoef',
  'precision_recall_fscore_support',
]);

/** Reading a configuration file. */
const CONFIG_READERS = new Set([
  'yaml.safe_load',
  'yaml.load',
  'yaml.full_load',
  'yaml.unsafe_load',
  'yaml.load_all',
  'yaml.safe_load_all',
  'tomllib.load',
  'tomllib.loads',
  'tomli.load',
  'toml.load',
  'omegaconf.OmegaConf.load',
  'configparser.ConfigParser',
  'gin.parse_config_file',
  'gin.parse_config_files_and_bindings',
  'hydra.compose',
  'ruamel.yaml.YAML',
  'dotmap.DotMap',
  'confuse.Configuration',
]);

/** Decorators and bases that make a pipeline of steps. */
const PIPELINE_DECORATORS = [
  'prefect.flow',
  'prefect.task',
  'zenml.pipeline',
  'zenml.step',
  'zenml.pipelines.pipeline',
  'zenml.steps.step',
  'dagster.job',
  'dagster.op',
  'dagster.asset',
  'kfp.dsl.pipeline',
  'kfp.dsl.component',
  'kfp.v2.dsl.pipeline',
  'kfp.v2.dsl.component',
  'airflow.decorators.dag',
  'airflow.decorators.task',
  'airflow.sdk.dag',
  'airflow.sdk.task',
];

/** Keywords that seed a call. */
const SEED_KEYWORDS = ['random_state', 'seed', 'random_seed'];

/** Keywords that weight classes or samples. */
const WEIGHT_KEYWORDS = [
  'class_weight',
  'scale_pos_weight',
  'is_unbalance',
  'auto_class_weights',
  'pos_weight',
  'sample_weight',
  'class_weights',
];

/** The code facts of one unit, computed once per unit (kept by its index). */
export function codeFacts(index: UnitIndex): Fact[] {
  return index.get(CODE_FACTS);
}

function short(q: string): string {
  return q.slice(q.lastIndexOf('.') + 1);
}

const CODE_FACTS: UnitDerivation<Fact[]> = { name: 'codeFacts', compute: collectCodeFacts };

function collectCodeFacts(index: UnitIndex): Fact[] {
  const unit = index.unit;
  const scan = startScan(index);
  for (const site of scan.calls) {
    // Every check below needs a qualified name, a method or a keyword: a plain `len(x)` or `helper(df)`
    // has none of them (most calls in library code are such calls).
    if (site.qualified === undefined && site.method === undefined && site.call.keywords.length === 0) {
      settingsFileRun(scan, site);
      continue;
    }
    const role = apiRole(site.qualified);
    dataLoadFacts(scan, site, role);
    trainingFacts(scan, site);
    trainingLoopParts(scan, site);
    evaluationFacts(scan, site, role);
    splitAndValidationFacts(scan, site, role);
    seedFacts(scan, site);
    imbalanceFacts(scan, site, role);
    tuningFacts(scan, site, role);
    pipelineFacts(scan, site, role);
    configReadFacts(scan, site);
    if (scan.usesSpark) sparkMlFacts(scan, site);
  }
  handWrittenFacts(scan);
  dictionaryAndScoreFacts(scan);
  for (const s of unit.outline.assigns) heldOutSetFacts(scan, s);
  // Decorators and classes: their facts come after the command-line options of argparse.
  const outline = outlineFacts(scan);
  argparseFacts(scan);
  scan.facts.push(...outline.facts);
  if (outline.clickOptions >= 3 && outline.firstClick)
    scan.add(outline.firstClick, 'cli-options', `takes ${outline.clickOptions} command-line options`);
  scan.facts.push(...testFacts(index));
  return scan.facts;
}

/** What the steps over a unit's calls share: the calls, the libraries used, and the facts found so far. */
interface CodeScan {
  readonly unit: PythonUnit;
  readonly imports: ImportTable;
  readonly calls: CallSite[];
  readonly usesTorch: boolean;
  /**
   * Set when the unit takes names from a module with `from x import *`: torch may come that way (`from ..network
   * import *` in a package whose modules import it), so a training loop's calls are read without a torch import.
   */
  readonly starImports: boolean;
  readonly usesKeras: boolean;
  /** Whether the unit imports PySpark (its DataFrame reader and MLlib estimators have no qualified names). */
  readonly usesSpark: boolean;
  /** Receivers that are compiled like Keras models, for `model = build_model(); model.compile(); model.fit()`. */
  readonly compiled: Set<string>;
  /** Whether the unit constructs a model the catalog knows. */
  readonly constructsModel: boolean;
  readonly facts: Fact[];
  add(span: Range, kind: FactKind, note: string): void;
  /** A hand-written training loop's parts: the first `loss.backward()` (or loss scaler) and optimizer step. */
  backward?: CallSite;
  optimizerStep?: CallSite;
}

type Range = { from: number; to: number };

function startScan(index: UnitIndex): CodeScan {
  const unit = index.unit;
  const facts: Fact[] = [];
  const calls = index.callSites;
  const imports = unit.imports;
  const compiled = new Set(
    calls
      .filter(
        (c) =>
          c.method === 'compile' &&
          c.receiver &&
          c.call.keywords.some((k) => k.name === 'optimizer' || k.name === 'loss'),
      )
      .map((c) => c.receiver!),
  );
  return {
    unit,
    imports,
    calls,
    usesTorch: imports.uses('torch'),
    starImports: imports.statements.some((st) => st.star === true),
    usesKeras: imports.uses('tensorflow') || imports.uses('keras') || imports.uses('tf_keras'),
    usesSpark: imports.uses('pyspark'),
    compiled,
    constructsModel: calls.some((c) => apiRole(c.qualified) === 'estimator'),
    facts,
    add: (span, kind, note) => {
      facts.push(unitFact(unit, span, kind, note));
    },
  };
}

/** A call that reads a data file: a loader the catalog knows, a dataframe library's `read_*`, or an extra loader. */
function loadsFile(q: string | undefined, role: ApiRole | undefined): boolean {
  return (
    role === 'data-load' ||
    (!!q && /^(pandas|polars|dask\.dataframe|pyspark)\b/.test(q) && /\.read_[a-z_]+$/.test(q)) ||
    (!!q && EXTRA_DATA_LOADERS.has(q))
  );
}

function dataLoadFacts(scan: CodeScan, { call, qualified: q }: CallSite, role: ApiRole | undefined): void {
  if (loadsFile(q, role)) scan.add(call, 'data-load', `loads data with ${short(q!)}`);
  else if (
    isUnder(q, 'torch.utils.data.DataLoader') ||
    isUnder(q, 'tensorflow.data.Dataset') ||
    q === 'tensorflow.keras.utils.image_dataset_from_directory' ||
    q === 'keras.utils.image_dataset_from_directory'
  )
    scan.add(call, 'data-load', `loads data with ${short(q!)}`);
}

/** Training by a library: `.fit` of a model, a booster's `train`, a Hugging Face trainer, an RL agent's `learn`. */
function trainingFacts(scan: CodeScan, site: CallSite): void {
  const { call, qualified: q, method, receiverType: rt } = site;
  if (method === 'fit') fitFact(scan, site);
  // Keras' older training methods on a compiled model (`fit` itself is handled above).
  if (
    method &&
    method !== 'fit' &&
    KERAS_TRAINING_METHODS.has(method) &&
    scan.usesKeras &&
    ((site.receiver && scan.compiled.has(site.receiver)) || isKeras(rt))
  )
    scan.add(call, 'training', `trains ${site.receiver} with .${method}`);
  if (q && BOOSTER_TRAINING_CALLS.has(q)) scan.add(call, 'training', `trains with ${q}`);
  if (isGradientUpdate(q, method, call.args.length) && (scan.imports.uses('jax') || scan.imports.uses('tensorflow')))
    scan.add(
      call,
      'training',
      q === 'optax.apply_updates' ? 'trains with optax.apply_updates' : 'trains with .apply_gradients',
    );
  if (
    method === 'train' &&
    rt &&
    (isUnder(rt, 'transformers.Trainer') ||
      isUnder(rt, 'transformers.Seq2SeqTrainer') ||
      isUnder(rt, 'trl') ||
      isUnder(rt, 'setfit'))
  )
    scan.add(call, 'training', `trains with ${short(rt)}.train()`);
  if (method === 'train' && call.func.kind === 'Attribute' && call.func.value.kind === 'Call') {
    const inner = qualifiedName(call.func.value.func, scan.imports);
    if (isUnder(inner, 'transformers') || isUnder(inner, 'trl'))
      scan.add(call, 'training', `trains with ${short(inner!)}(...).train()`);
  }
  if (isAgentLearning(method, rt)) scan.add(call, 'training', `trains ${short(rt!)} with .learn`);
}

/**
 * `x.fit(...)` that trains: a model of a library, a compiled Keras model, a statsmodels model, a model-like receiver.
 */
function fitFact(scan: CodeScan, site: CallSite): void {
  const { call, receiverType: rt } = site;
  const fromLibrary = rt && (FIT_LIBRARIES.some((l) => isUnder(rt, l)) || apiRole(rt) === 'estimator');
  const rtRole = apiRole(rt);
  if (rt && rtRole && TRAINABLE_ROLES.has(rtRole)) scan.add(call, 'training', `trains ${short(rt)} with .fit`);
  else if (fromLibrary && rtRole !== 'transformer' && rtRole !== 'column-transformer' && rtRole !== 'splitter-class')
    scan.add(call, 'training', `trains ${short(rt!)} with .fit`);
  else if (site.receiver && scan.compiled.has(site.receiver) && scan.usesKeras)
    scan.add(call, 'training', `trains the compiled Keras model ${site.receiver} with .fit`);
  else if (
    !rt &&
    site.receiver &&
    scan.constructsModel &&
    call.args.length >= 2 &&
    !/scaler|encoder|imputer|vectori[sz]er|transformer|pca|tokenizer/i.test(site.receiver)
  ) {
    scan.add(call, 'training', `trains ${site.receiver} with .fit`);
  } else if (
    call.func.kind === 'Attribute' &&
    call.func.value.kind === 'Call' &&
    isUnder(qualifiedName(call.func.value.func, scan.imports), 'statsmodels')
  ) {
    scan.add(call, 'training', `fits a statsmodels ${short(qualifiedName(call.func.value.func, scan.imports)!)} model`);
  }
}

/** The parts of a hand-written PyTorch training loop: `loss.backward()` (or a loss scaler) and an optimizer step. */
function trainingLoopParts(scan: CodeScan, site: CallSite): void {
  if (!scan.usesTorch && !scan.starImports) return;
  const { call, method, receiverType: rt } = site;
  if (method === 'backward') scan.backward ??= site;
  // Mixed-precision loops hand the loss to a scaler (`loss_scaler(loss, optimizer)`) instead of calling backward.
  if (!method && site.name && /loss_?scaler|grad_?scaler/i.test(site.name) && call.args.length >= 2)
    scan.backward ??= site;
  if (
    (method === 'zero_grad' || method === 'step') &&
    site.receiver &&
    /opt|optim|optimizer/i.test(site.receiver.split('.').pop()!)
  )
    scan.optimizerStep ??= site;
  if (method === 'step' && rt && isUnder(rt, 'torch.optim')) scan.optimizerStep ??= site;
}

function evaluationFacts(scan: CodeScan, site: CallSite, role: ApiRole | undefined): void {
  const { call, qualified: q, method, receiverType: rt } = site;
  if (role === 'metric') scan.add(call, 'evaluation', `measures ${short(q!)}`);
  else if (role === 'cv-function') scan.add(call, 'evaluation', `cross-validates with ${short(q!)}`);
  else if (
    isUnder(q, 'torchmetrics') ||
    q === 'evaluate.load' ||
    isUnder(q, 'tensorflow.keras.metrics') ||
    isUnder(q, 'keras.metrics')
  )
    scan.add(call, 'evaluation', `measures with ${q}`);
  else if (
    method === 'score' &&
    rt &&
    (apiRole(rt) === 'estimator' || apiRole(rt) === 'pipeline' || apiRole(rt) === 'search')
  )
    scan.add(call, 'evaluation', `scores ${short(rt)} with .score`);
  else if (
    method === 'evaluate' &&
    ((rt && (isKeras(rt) || isUnder(rt, 'transformers'))) || (site.receiver && scan.compiled.has(site.receiver)))
  )
    scan.add(call, 'evaluation', `evaluates with ${site.receiver}.evaluate`);
  else if (method === 'evaluate_policy' || q === 'stable_baselines3.common.evaluation.evaluate_policy')
    scan.add(call, 'evaluation', 'evaluates the policy');
}

/**
 * Splits, held-out data and validation: library splits and CV, validation while training, trainers' validate and test.
 */
function splitAndValidationFacts(scan: CodeScan, site: CallSite, role: ApiRole | undefined): void {
  const { call, qualified: q, method, receiverType: rt } = site;
  if (role === 'splitter-function') scan.add(call, 'split', 'splits the data with train_test_split');
  else if (q === 'torch.utils.data.random_split') scan.add(call, 'split', 'splits the data with random_split');
  else if (role === 'data-load' && predefinedHeldOut(call))
    scan.add(call, 'split', `loads the predefined ${predefinedHeldOut(call)} split`);
  else if (loadsFile(q, role) && call.args.length > 0) {
    // `pd.read_csv("data/test.csv")`: a held-out file read by path, as ML202 counts it.
    const path = stringValue(call.args[0]);
    const kind = path ? heldOutPathKind(path) : undefined;
    if (kind) scan.add(call, kind === 'test' ? 'split' : 'validation', `loads held-out data from ${path}`);
  }
  if (role === 'splitter-class') scan.add(call, 'validation', `validates with ${short(q!)}`);
  else if (role === 'cv-function') scan.add(call, 'validation', `cross-validates with ${short(q!)}`);
  else if (role === 'search' || q === 'skopt.BayesSearchCV' || isCrossValidatedModel(q, role))
    scan.add(call, 'validation', `cross-validates inside ${short(q!)}`);
  if (
    method === 'fit' &&
    (keyword(call, 'validation_split') || keyword(call, 'validation_data') || keyword(call, 'eval_set'))
  ) {
    const k = call.keywords.find(
      (x) => x.name === 'validation_split' || x.name === 'validation_data' || x.name === 'eval_set',
    )!;
    if (!isNone(k.value)) {
      scan.add(k, 'validation', `validates during training with ${k.name}`);
      // Keras and the boosting libraries report the validation metrics every epoch: that is an evaluation.
      scan.add(k, 'evaluation', `measures on ${k.name} while training`);
    }
  }
  // Lightning's `trainer.validate`/`trainer.test`, Hugging Face's `trainer.evaluate`, TFX's Evaluator, timm's top-k
  // accuracy.
  if (
    (method === 'validate' || method === 'test') &&
    rt &&
    (isUnder(rt, 'pytorch_lightning') || isUnder(rt, 'lightning'))
  )
    scan.add(call, 'evaluation', `evaluates with Trainer.${method}`);
  if (method === 'evaluate' && site.receiver && /trainer$/i.test(site.receiver) && !rt)
    scan.add(call, 'evaluation', `evaluates with ${site.receiver}.evaluate`);
  if (
    q &&
    (isUnder(q, 'tfx.components.Evaluator') ||
      isUnder(q, 'tfx.v1.components.Evaluator') ||
      q === 'timm.utils.accuracy' ||
      isUnder(q, 'tensorflow_model_analysis'))
  )
    scan.add(call, 'evaluation', `measures with ${short(q)}`);
  // Held-out data by keyword: `CIFAR10(train=False)`, `build_dataset(is_train=False)`, `split="val"` on any loader.
  if (role !== 'data-load' && call.keywords.length > 0) {
    const held = predefinedHeldOut(call);
    if (held && (keyword(call, 'train') || keyword(call, 'is_train') || /data|load|set|split/i.test(site.name ?? '')))
      scan.add(call, held === 'test' ? 'split' : 'validation', `loads the ${held} data`);
  }
}

function seedFacts(scan: CodeScan, { call, qualified: q, method }: CallSite): void {
  if (q && SEED_CALLS.has(q)) scan.add(call, 'seed', `seeds with ${short(q)}`);
  else if (
    q &&
    SEEDED_CONSTRUCTORS.has(q) &&
    (call.args.length > 0 || keyword(call, 'seed')) &&
    !isNone(call.args[0] ?? keyword(call, 'seed'))
  )
    scan.add(call, 'seed', `seeded generator ${short(q)}`);
  else if (method === 'manual_seed' && scan.usesTorch) scan.add(call, 'seed', 'seeds a torch generator');
  else if (call.keywords.length > 0) {
    for (const name of SEED_KEYWORDS) {
      const v = keyword(call, name);
      if (v && !isNone(v) && (name === 'random_state' || q)) {
        scan.add(call, 'seed', `passes ${name}=${scan.unit.text(v).slice(0, 20)}`);
        break;
      }
    }
  }
}

/** Imbalance handling (class or sample weights, resampling) and what goes with it: stratification, PR metrics. */
function imbalanceFacts(scan: CodeScan, { call, qualified: q }: CallSite, role: ApiRole | undefined): void {
  for (const name of call.keywords.length > 0 ? WEIGHT_KEYWORDS : []) {
    const v = keyword(call, name);
    if (!v || isNone(v) || (v.kind === 'Constant' && v.value === false)) continue;
    if (name === 'sample_weight' && !unitUsesBalancedWeights(scan.calls)) continue;
    if (name === 'pos_weight' && !isUnder(q, 'torch.nn')) continue;
    scan.add(call, 'imbalance-handling', `sets ${name}=${scan.unit.text(v).slice(0, 20)}`);
  }
  if (role === 'resampler') scan.add(call, 'imbalance-handling', `resamples with ${short(q!)}`);
  else if (isUnder(q, 'imblearn') && !role)
    scan.add(call, 'imbalance-handling', `uses ${short(q!)} from imbalanced-learn`);
  else if (
    q === 'sklearn.utils.class_weight.compute_class_weight' ||
    q === 'sklearn.utils.class_weight.compute_sample_weight' ||
    q === 'sklearn.utils.compute_class_weight' ||
    q === 'torch.utils.data.WeightedRandomSampler'
  )
    scan.add(call, 'imbalance-handling', `weights classes with ${short(q)}`);
  const stratify = keyword(call, 'stratify');
  if (role === 'splitter-function' && stratify && !isNone(stratify))
    scan.add(call, 'stratification', 'stratified train_test_split');
  if (role === 'splitter-class' && /^(Stratified|RepeatedStratified)/.test(short(q!)))
    scan.add(call, 'stratification', `stratified folds with ${short(q!)}`);
  if (role === 'metric' && PR_METRICS.has(short(q!))) scan.add(call, 'pr-metric', `measures ${short(q!)}`);
}

function tuningFacts(scan: CodeScan, { call, qualified: q }: CallSite, role: ApiRole | undefined): void {
  if (role === 'search') scan.add(call, 'tuning', `tunes with ${short(q!)}`);
  else if (isCrossValidatedModel(q, role)) scan.add(call, 'tuning', `tunes ${short(q!)} over its own folds`);
  else if (isTuningLibraryCall(q)) scan.add(call, 'tuning', `tunes with ${q}`);
}

function pipelineFacts(scan: CodeScan, { call, qualified: q }: CallSite, role: ApiRole | undefined): void {
  if (role === 'pipeline') scan.add(call, 'pipeline', `builds a ${short(q!)}`);
  else if (
    q === 'kedro.pipeline.Pipeline' ||
    q === 'kedro.pipeline.pipeline' ||
    q === 'kedro.pipeline.modular_pipeline.pipeline'
  )
    scan.add(call, 'pipeline', 'builds a Kedro pipeline');
}

/** Spark MLlib's packages whose estimators learn a model (feature indexers and scalers only prepare data). */
const SPARK_MODEL_PACKAGES = [
  'pyspark.ml.classification',
  'pyspark.ml.regression',
  'pyspark.ml.clustering',
  'pyspark.ml.recommendation',
  'pyspark.ml.fpm',
  'pyspark.ml.tuning',
  'pyspark.ml.Pipeline',
  'pyspark.mllib.classification',
  'pyspark.mllib.regression',
  'pyspark.mllib.clustering',
  'pyspark.mllib.tree',
  'pyspark.mllib.recommendation',
];

/** The methods of Spark's DataFrame reader that load data (`spark.read.csv(...)`, `spark.read.format(f).load()`). */
const SPARK_READ_METHODS = new Set(['csv', 'parquet', 'json', 'orc', 'text', 'table', 'load', 'jdbc']);

/** Whether a call's callee goes through Spark's `.read` (or `.readStream`): `spark.read.format("x").load()`. */
function readsThroughSpark(call: CallExpr): boolean {
  let e: Expr = call.func;
  for (let depth = 0; depth < 12; depth++) {
    if (e.kind === 'Attribute') {
      if (e.attr === 'read' || e.attr === 'readStream') return true;
      e = e.value;
    } else if (e.kind === 'Call') e = e.func;
    else return false;
  }
  return false;
}

/**
 * Spark MLlib: data read through `spark.read`, `randomSplit`, estimators' `.fit`, evaluators' `.evaluate`, the
 * tuning classes (`CrossValidator`, `TrainValidationSplit`, `ParamGridBuilder`) and `pyspark.ml.Pipeline`.
 */
function sparkMlFacts(scan: CodeScan, site: CallSite): void {
  const { call, qualified: q, method, receiverType: rt } = site;
  if (method && SPARK_READ_METHODS.has(method) && readsThroughSpark(call))
    scan.add(call, 'data-load', `loads data with Spark's reader (.${method})`);
  if (method === 'randomSplit' && call.args.length > 0) {
    scan.add(call, 'split', 'splits the data with randomSplit');
    const seed = call.args[1] ?? keyword(call, 'seed');
    if (seed && !isNone(seed)) scan.add(call, 'seed', 'seeds randomSplit');
  }
  if (method === 'fit' && rt && SPARK_MODEL_PACKAGES.some((p) => isUnder(rt, p)))
    scan.add(call, 'training', `trains ${short(rt)} with .fit`);
  if (method === 'evaluate' && rt && isUnder(rt, 'pyspark.ml.evaluation'))
    scan.add(call, 'evaluation', `measures with ${short(rt)}`);
  if (q === 'pyspark.ml.tuning.CrossValidator' || q === 'pyspark.ml.tuning.TrainValidationSplit') {
    scan.add(call, 'tuning', `tunes with ${short(q)}`);
    scan.add(call, 'validation', `validates inside ${short(q)}`);
  }
  if (q === 'pyspark.ml.Pipeline') scan.add(call, 'pipeline', 'builds a Spark ML Pipeline');
}

/** Configuration read by code: YAML, TOML, OmegaConf, Hydra, a JSON file named for configuration, settings classes. */
function configReadFacts(scan: CodeScan, { call, qualified: q }: CallSite): void {
  if (q && CONFIG_READERS.has(q)) scan.add(call, 'config-read', `reads configuration with ${q}`);
  else if ((q === 'json.load' || q === 'json.loads') && mentionsConfigPath(call))
    scan.add(call, 'config-read', 'reads a JSON configuration');
  else if (isUnder(q, 'pydantic_settings.BaseSettings')) scan.add(call, 'config-read', 'reads settings');
}

/**
 * nanoGPT's configurator: `exec(open(config_file).read())` runs a settings file of Python assignments named on
 * the command line. A file written into the code is a settings file only when its path says so: Kaggle kernels
 * run helper code the same way (`exec(open("../input/evaluation.py").read())`).
 */
function settingsFileRun(scan: CodeScan, { call }: CallSite): void {
  if (call.func.kind !== 'Name' || call.func.id !== 'exec' || !isFileRead(call.args[0])) return;
  const opened = ((call.args[0] as CallExpr).func as { value: CallExpr }).value;
  const path = stringValue(opened.args[0]);
  if (path !== undefined && !/conf|setting|param|cfg/i.test(path)) return;
  scan.add(call, 'config-read', 'runs a Python settings file');
}

/** `open(path).read()`. */
function isFileRead(e: Expr | undefined): boolean {
  if (e?.kind !== 'Call' || e.func.kind !== 'Attribute' || e.func.attr !== 'read') return false;
  const opened = e.func.value;
  return opened.kind === 'Call' && opened.func.kind === 'Name' && opened.func.id === 'open';
}

/** Training and evaluation written by hand in deep-learning code, found once every call has been seen. */
function handWrittenFacts(scan: CodeScan): void {
  const { calls, imports, usesTorch, usesKeras } = scan;
  if (scan.backward && scan.optimizerStep)
    scan.add(scan.backward.call, 'training', 'trains with loss.backward() and optimizer.step()');
  // A model trained from scratch with NumPy: weights stepped against their gradient in a loop.
  const step = gradientStep(scan.unit);
  if (step) scan.add(step, 'training', 'trains by gradient descent written by hand');
  if (imports.uses('numpy')) handAccuracy(scan);
  // PyTorch code often measures by hand: `model.eval()` and a loop under `torch.no_grad()` is an evaluation.
  if (usesTorch && calls.some((c) => c.qualified === 'torch.no_grad' || c.qualified === 'torch.inference_mode')) {
    const evalMode = calls.find(
      (c) => c.method === 'eval' && c.call.args.length === 0 && c.call.keywords.length === 0 && c.receiver,
    );
    if (evalMode)
      scan.add(evalMode.call, 'evaluation', `evaluates ${evalMode.receiver} in eval mode without gradients`);
  }
  // Accuracy counted by hand in deep-learning code: `correct += (pred == y).sum().item()`.
  if (usesTorch || usesKeras || imports.uses('jax')) {
    walkStatements(scan.unit.module.body, (st) => {
      if (st.kind !== 'AugAssign' || st.op !== '+=') return;
      const name = dottedName(st.target) ?? '';
      if (!/(^|_|\.)(n_?)?correct(s)?$|^(total_|running_|epoch_)?(acc|accuracy|top1|top5|hits)$/i.test(name)) return;
      let compares = false;
      walkExpr(st.value, (e) => {
        if (
          (e.kind === 'Binary' && (e.op === '==' || e.op === '!=')) ||
          (e.kind === 'Call' && e.func.kind === 'Attribute' && /^(eq|equal)$/.test(e.func.attr))
        )
          compares = true;
      });
      if (compares) scan.add(st, 'evaluation', `counts ${name} by hand`);
    });
  }
}

/**
 * Accuracy measured by hand with NumPy: the mean of predictions compared with labels (`np.mean(y_pred == y)`,
 * `(pred == y_test).mean()`), where one side is named for predictions or labels.
 */
function handAccuracy(scan: CodeScan): void {
  for (const { call, qualified, method } of scan.calls) {
    const arg =
      qualified === 'numpy.mean'
        ? call.args[0]
        : method === 'mean' && call.func.kind === 'Attribute'
          ? call.func.value
          : undefined;
    if (arg?.kind !== 'Binary' || arg.op !== '==') continue;
    const names = [rootName(arg.left), rootName(arg.right)];
    if (!names.some((n) => n && /pred|^y(_|$)|label|target/i.test(n))) continue;
    scan.add(call, 'evaluation', 'measures accuracy by hand');
    return;
  }
}

/** The name an operand is read from: `y` for `y[te]`, `predict` for `predict(tx, w)`, `self.labels`. */
function rootName(e: Expr): string | undefined {
  if (e.kind === 'Subscript') return rootName(e.value);
  if (e.kind === 'Call') return rootName(e.func);
  return dottedName(e);
}

/**
 * What dictionaries and attribute reads show. A search's or a cross-validated model's fold scores
 * (`clf.scores_`, `search.cv_results_`) are a cross-validated evaluation, and class weights among the
 * settings it tries (`{"logisticregression__class_weight": ["balanced", None]}`) handle imbalance: both only
 * in a unit that builds such a search or model, and only a weight other than None. A dictionary of
 * hyperparameters drawn at random (`{"lr": np.random.choice([...]), "p_dropout": np.random.uniform(...)}`)
 * is a random search written by hand; random augmentation settings (an angle, a scale) are not.
 */
function dictionaryAndScoreFacts(scan: CodeScan): void {
  const searches = scan.calls.some((c) => {
    const role = apiRole(c.qualified);
    return role === 'search' || isCrossValidatedModel(c.qualified, role);
  });
  const draws = scan.calls.some((c) => isRandomDraw(c.qualified));
  if (!searches && !draws) return;
  let scoresRead = false;
  let sampled = false;
  walkAllExprs(scan.unit.module.body, (e) => {
    if (searches && !scoresRead && e.kind === 'Attribute' && CV_SCORE_ATTRIBUTES.has(e.attr)) {
      scoresRead = true;
      scan.add(e, 'evaluation', `reads the cross-validated scores (.${e.attr})`);
    }
    if (e.kind !== 'Dict') return;
    let drawn = 0;
    let hyperparameters = 0;
    for (const { key, value } of e.items) {
      const name = key ? stringValue(key) : undefined;
      if (!name) continue;
      if (searches && isClassWeightKey(name)) {
        const options = value.kind === 'List' || value.kind === 'Tuple' ? value.elts : [value];
        if (options.some((o) => !isNone(o))) scan.add(key!, 'imbalance-handling', `tries ${name} in a search`);
      }
      if (draws && isDrawnValue(value, scan.imports)) {
        drawn++;
        if (isHyperparameterName(name)) hyperparameters++;
      }
    }
    if (!sampled && drawn >= 2 && hyperparameters >= 1) {
      sampled = true;
      scan.add(e, 'tuning', `draws ${drawn} hyperparameters at random (a random search)`);
    }
  });
}

/** `np.random.uniform(a, b)`, or the same wrapped in `float(...)` / `int(...)`. */
function isDrawnValue(e: Expr, imports: ImportTable): boolean {
  let v = e;
  if (v.kind === 'Call' && v.func.kind === 'Name' && /^(float|int)$/.test(v.func.id) && v.args.length === 1)
    v = v.args[0];
  return v.kind === 'Call' && isRandomDraw(qualifiedName(v.func, imports));
}

/**
 * Held-out sets named as such: `train, val = train_test_split(...)` holds out a validation set, and
 * `history, test = df.iloc[:cut], df.iloc[cut:]` holds out the last rows as a test set.
 */
function heldOutSetFacts(scan: CodeScan, s: AssignStmt): void {
  if (!s.value) return;
  // Names are built only for the three shapes below (most assignments are none of them).
  if (s.value.kind === 'Call') {
    const q = qualifiedName(s.value.func, scan.imports);
    if (
      (apiRole(q) === 'splitter-function' || q === 'torch.utils.data.random_split') &&
      targetNames(s).some((n) => heldOutKind(n) === 'validation')
    )
      scan.add(s.value, 'validation', 'holds out a validation set');
    // `val_loader = DataLoader(val_set)`, `dataset_test = build_dataset(...)`: a held-out set built by a loader.
    else if (s.targets.length === 1 && isLoaderCall(s.value, q)) {
      const name = dottedName(s.targets[0]) ?? '';
      const kind = heldOutLoaderKind(name);
      if (kind) scan.add(s.value, kind === 'test' ? 'split' : 'validation', `holds out ${name}`);
    }
    return;
  }
  const t0 = s.targets[0];
  const oneName = s.targets.length === 1 && (t0.kind === 'Tuple' || t0.kind === 'List' ? t0.elts.length === 1 : true);
  if (
    !(oneName && isRowSelection(s.value)) &&
    !(s.targets.length === 1 && t0.kind === 'Tuple' && s.value.kind === 'Tuple')
  )
    return;
  const names = targetNames(s);
  // `valid = sales[sales["date"] >= cutoff]`, `test = df.iloc[cut:]`: rows held out by a condition or position.
  if (s.targets.length === 1 && names.length === 1 && isRowSelection(s.value)) {
    const kind = heldOutKind(names[0]);
    if (kind === 'test') scan.add(s.value, 'split', `holds out ${names[0]} rows`);
    else if (kind === 'validation') scan.add(s.value, 'validation', `holds out ${names[0]} rows`);
    return;
  }
  if (s.targets.length === 1 && s.targets[0].kind === 'Tuple' && s.value.kind === 'Tuple') {
    const elts = s.value.elts;
    names.forEach((n, i) => {
      const v = elts[i];
      if (heldOutKind(n) === 'test' && v && v.kind === 'Subscript' && v.index.some((x) => x.kind === 'Slice'))
        scan.add(v, 'split', `holds out ${n} by position`);
    });
  }
}

/**
 * Facts of the unit's outline of definitions: metrics written by hand, Lightning steps, pipeline and
 * configuration decorators, Metaflow flows and settings classes; and the click or typer options counted.
 */
function outlineFacts(scan: CodeScan): { facts: Fact[]; clickOptions: number; firstClick: Expr | undefined } {
  const { unit, imports, usesTorch, usesKeras } = scan;
  const facts: Fact[] = [];
  const add = (span: Range, kind: FactKind, note: string): void => {
    facts.push(unitFact(unit, span, kind, note));
  };
  let clickOptions = 0;
  let firstClick: Expr | undefined;
  for (const s of unit.outline.defs) {
    if (s.kind === 'FunctionDef' && (usesTorch || usesKeras || imports.uses('jax') || imports.uses('numpy'))) {
      // `def accuracy(output, target, topk=(1,))`: the top-k accuracy research code writes for itself.
      if (
        /^(top_?k_?)?acc(uracy)?(_top_?k)?$|^compute_acc(uracy)?$|^(lwlrap|map_at_k|mean_average_precision)$/i.test(
          s.name,
        ) &&
        s.params.length >= 2
      )
        add(s.nameSpan, 'evaluation', `own metric ${s.name}()`);
      if (
        (s.name === 'validation_step' || s.name === 'test_step') &&
        (imports.uses('pytorch_lightning') || imports.uses('lightning'))
      )
        add(s.nameSpan, 'evaluation', `Lightning ${s.name}`);
    }
    if (s.kind === 'FunctionDef') {
      for (const d of s.decorators) {
        const target = d.kind === 'Call' ? d.func : d;
        const q = qualifiedName(target, imports);
        if (q && PIPELINE_DECORATORS.includes(q)) add(d, 'pipeline', `@${short(q)} in ${q.split('.')[0]}`);
        if (q === 'hydra.main') add(d, 'config-read', 'reads configuration with @hydra.main');
        if (q === 'click.option' || q === 'click.argument' || isUnder(q, 'typer')) {
          clickOptions++;
          firstClick ??= d;
        }
      }
    } else if (s.kind === 'ClassDef') {
      for (const b of s.bases) {
        const q = qualifiedName(b, imports);
        if (q === 'metaflow.FlowSpec') add(b, 'pipeline', 'Metaflow flow');
        if (isUnder(q, 'pydantic_settings.BaseSettings') || q === 'pydantic.BaseSettings')
          add(b, 'config-read', 'reads settings from the environment');
      }
    }
  }
  return { facts, clickOptions, firstClick };
}

/** Command-line options declared with argparse (three or more). */
function argparseFacts(scan: CodeScan): void {
  const options: CallExpr[] = [];
  for (const site of scan.calls)
    if (
      site.method === 'add_argument' &&
      (isUnder(site.receiverType, 'argparse') || /parser/i.test(site.receiver ?? ''))
    )
      options.push(site.call);
  if (options.length >= 3 && scan.imports.uses('argparse'))
    scan.add(options[0], 'cli-options', `takes ${options.length} command-line options`);
}

/**
 * The tests of a unit: test functions (methods included) and unittest cases in a test module, as the
 * checklist counts them; empty for anything but a test module.
 */
export function testFacts(index: UnitIndex): Fact[] {
  return index.get(TEST_FACTS);
}

const TEST_FACTS: UnitDerivation<Fact[]> = {
  name: 'testFacts',
  compute(index) {
    const unit = index.unit;
    const facts: Fact[] = [];
    if (!(isTestModule(unit.path) && unit.kind === 'module')) return facts;
    let testCount = 0;
    let firstTest: FunctionDefStmt | undefined;
    for (const s of unit.outline.defs) {
      if (s.kind === 'FunctionDef' && /^test/.test(s.name)) {
        testCount++;
        firstTest ??= s;
      }
    }
    if (testCount > 0 && firstTest)
      facts.push(unitFact(unit, firstTest.nameSpan, 'test', `${testCount} test function${testCount === 1 ? '' : 's'}`));
    for (const c of index.classes) {
      if (c.bases.some((b) => b === 'unittest.TestCase')) {
        const n = c.stmt.body.filter((m) => m.kind === 'FunctionDef' && m.name.startsWith('test')).length;
        if (n > 0 && testCount === 0)
          facts.push(unitFact(unit, c.stmt.nameSpan, 'test', `${n} unittest test method${n === 1 ? '' : 's'}`));
      }
    }
    return facts;
  },
};

/** The dotted names an assignment binds, tuple targets spread (`''` for targets that are not names). */
function targetNames(s: AssignStmt): string[] {
  return s.targets
    .flatMap((t) => (t.kind === 'Tuple' || t.kind === 'List' ? t.elts : [t]))
    .map((t) => dottedName(t) ?? '');
}

function unitUsesBalancedWeights(calls: CallSite[]): boolean {
  return calls.some(
    (c) =>
      c.qualified === 'sklearn.utils.class_weight.compute_sample_weight' ||
      c.qualified === 'sklearn.utils.compute_sample_weight',
  );
}

/** `json.load(open("config.json"))`: a string constant in the call naming a config or params file. */
function mentionsConfigPath(call: CallExpr): boolean {
  let found = false;
  for (const a of call.args) {
    walkExpr(a, (e) => {
      const s = stringValue(e);
      if (s && /\.json$/i.test(s) && isExperimentConfigFile(s.replace(/\\/g, '/'))) found = true;
      const d = dottedName(e);
      if (d && /config|param|setting/i.test(d)) found = true;
    });
  }
  return found;
}

/** `CIFAR10(root, train=False)`, `load_dataset(name, split="test")`: a dataset's own held-out split. */
function predefinedHeldOut(call: CallExpr): string | undefined {
  const train = keyword(call, 'train') ?? keyword(call, 'is_train');
  if (train && train.kind === 'Constant' && train.value === false) return 'test';
  const split = stringValue(keyword(call, 'split'));
  // The split's first word: `split="test"`, `split="validation_matched"`, `split="test[:10%]"`.
  const first = split ? nameParts(split)[0] : undefined;
  return first ? heldOutWordKind(first) : undefined;
}

/** A call that builds a dataset or loader: a known loader, or a callee named for data. */
function isLoaderCall(call: CallExpr, q: string | undefined): boolean {
  if (
    apiRole(q) === 'data-load' ||
    isUnder(q, 'torch.utils.data') ||
    isUnder(q, 'tensorflow.data') ||
    isUnder(q, 'torchvision.datasets')
  )
    return true;
  const callee = call.func.kind === 'Name' ? call.func.id : call.func.kind === 'Attribute' ? call.func.attr : '';
  return /loader|dataset|data_?gen|generator|ImageFolder|from_directory|load_data|get_data|build_data/i.test(callee);
}

/** A row selection by position or condition: `df[a:b]`, `df.iloc[cut:]`, `df[df["date"] >= cutoff]`. */
function isRowSelection(e: Expr): boolean {
  if (e.kind !== 'Subscript') return false;
  return e.index.some((x) => x.kind === 'Slice' || (x.kind === 'Binary' && /^(<|<=|>|>=)$/.test(x.op)));
}
