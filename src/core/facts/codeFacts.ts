// Facts about the data-science code of one Python file or notebook: data loaded, models trained and
// evaluated, splits, seeds, imbalance handling, tuning, pipelines, tests, configuration read by code.
// Everything comes from the syntax tree and the import table: a word in a comment, a string or an
// output never counts.
import { apiRole } from '../libraries/catalog';
import type { AssignStmt, CallExpr, Expr, FunctionDefStmt } from '../python/ast';
import { dottedName, isUnder, qualifiedName } from '../python/imports';
import type { PythonUnit } from '../python/unit';
import { walkExpr, walkStatements } from '../python/walk';
import type { UnitDerivation, UnitIndex } from '../semantic/index';
import { type CallSite, isNone, keyword, stringValue } from '../semantic/calls';
import { type Fact, type FactKind, unitFact } from './fact';
import { isTestPath } from '../project/testFiles';

/** Libraries whose model objects train with `.fit` (besides scikit-learn's, which the catalog knows). */
const FIT_LIBRARIES = [
  'sklearn',
  'xgboost',
  'lightgbm',
  'catboost',
  'imblearn',
  'statsmodels',
  'tensorflow.keras',
  'keras',
  'tf_keras',
  'prophet',
  'pmdarima',
  'sktime',
  'pytorch_lightning',
  'lightning',
  'fastai',
  'ngboost',
  'interpret',
  'pygam',
  'hmmlearn',
  'umap',
  'hdbscan',
  'lifelines',
  'skorch',
  'sentence_transformers',
  'autogluon',
  'pycaret',
  'tabpfn',
  'gensim',
];

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

/** Keras/TensorFlow model types (`.compile`, `.fit`, `.evaluate`). */
const KERAS = ['tensorflow.keras', 'keras', 'tf_keras'];

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

/** Tuning libraries: any call into them is tuning (`optuna.create_study`, `hyperopt.fmin`). */
const TUNING_ENTRY = new Set([
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

/** Names of validation sets. */
const VALIDATION_NAME = /(^|_)(val|valid|validation|dev)(_|$)|^(X|y)_?(val|valid)/i;
/** Names of test sets. */
const TEST_NAME = /(^|_)(test|holdout|hold_out)(_|$)|^(X|y)_?test/i;

/** The code facts of one unit, computed once per unit (kept by its index). */
export function codeFacts(index: UnitIndex): Fact[] {
  return index.get(CODE_FACTS);
}

const CODE_FACTS: UnitDerivation<Fact[]> = { name: 'codeFacts', compute: collectCodeFacts };

function short(q: string): string {
  return q.slice(q.lastIndexOf('.') + 1);
}

function isKerasType(t: string | undefined): boolean {
  return KERAS.some((k) => isUnder(t, k));
}

/** True for Python modules that hold tests (notebooks in a tests folder are not test code). */
export function isTestModule(path: string): boolean {
  return path.endsWith('.py') && isTestPath(path);
}

function collectCodeFacts(index: UnitIndex): Fact[] {
  const unit = index.unit;
  const facts: Fact[] = [];
  const add = (span: { from: number; to: number }, kind: FactKind, note: string): void => {
    facts.push(unitFact(unit, span, kind, note));
  };
  const calls = index.callSites;
  const imports = unit.imports;
  const usesTorch = imports.uses('torch');
  const usesKeras = imports.uses('tensorflow') || imports.uses('keras') || imports.uses('tf_keras');

  // Receivers that are compiled like Keras models, for `model = build_model(); model.compile(); model.fit()`.
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
  const constructsModel = calls.some((c) => apiRole(c.qualified) === 'estimator');
  let backward: CallSite | undefined;
  let optimizerStep: CallSite | undefined;

  for (const site of calls) {
    const { call, qualified: q, method, receiverType: rt } = site;
    // Every check below needs a qualified name, a method or a keyword: a plain `len(x)` or `helper(df)`
    // has none of them (most calls in library code are such calls).
    if (q === undefined && method === undefined && call.keywords.length === 0) continue;
    const role = apiRole(q);

    if (role === 'data-load') add(call, 'data-load', `loads data with ${short(q!)}`);
    else if (q && /^(pandas|polars|dask\.dataframe|pyspark)\b/.test(q) && /\.read_[a-z_]+$/.test(q))
      add(call, 'data-load', `loads data with ${short(q)}`);
    else if (q && EXTRA_DATA_LOADERS.has(q)) add(call, 'data-load', `loads data with ${short(q)}`);
    else if (
      isUnder(q, 'torch.utils.data.DataLoader') ||
      isUnder(q, 'tensorflow.data.Dataset') ||
      q === 'tensorflow.keras.utils.image_dataset_from_directory' ||
      q === 'keras.utils.image_dataset_from_directory'
    )
      add(call, 'data-load', `loads data with ${short(q!)}`);

    // Training.
    if (method === 'fit' || method === 'fit_transform' || method === 'fit_predict' || method === 'partial_fit') {
      const fromLibrary = rt && (FIT_LIBRARIES.some((l) => isUnder(rt, l)) || apiRole(rt) === 'estimator');
      const rtRole = apiRole(rt);
      if (method === 'fit' && rt && (rtRole === 'estimator' || rtRole === 'pipeline' || rtRole === 'search'))
        add(call, 'training', `trains ${short(rt)} with .fit`);
      else if (
        method === 'fit' &&
        fromLibrary &&
        rtRole !== 'transformer' &&
        rtRole !== 'column-transformer' &&
        rtRole !== 'splitter-class'
      )
        add(call, 'training', `trains ${short(rt!)} with .fit`);
      else if (method === 'fit' && site.receiver && compiled.has(site.receiver) && usesKeras)
        add(call, 'training', `trains the compiled Keras model ${site.receiver} with .fit`);
      else if (
        method === 'fit' &&
        !rt &&
        site.receiver &&
        constructsModel &&
        call.args.length >= 2 &&
        !/scaler|encoder|imputer|vectori[sz]er|transformer|pca|tokenizer/i.test(site.receiver)
      ) {
        add(call, 'training', `trains ${site.receiver} with .fit`);
      } else if (
        method === 'fit' &&
        call.func.kind === 'Attribute' &&
        call.func.value.kind === 'Call' &&
        isUnder(qualifiedName(call.func.value.func, imports), 'statsmodels')
      ) {
        add(call, 'training', `fits a statsmodels ${short(qualifiedName(call.func.value.func, imports)!)} model`);
      }
    }
    if (
      q === 'xgboost.train' ||
      q === 'lightgbm.train' ||
      q === 'catboost.train' ||
      q === 'xgboost.cv' ||
      q === 'lightgbm.cv'
    )
      add(call, 'training', `trains with ${q}`);
    if (
      method === 'train' &&
      rt &&
      (isUnder(rt, 'transformers.Trainer') ||
        isUnder(rt, 'transformers.Seq2SeqTrainer') ||
        isUnder(rt, 'trl') ||
        isUnder(rt, 'setfit'))
    )
      add(call, 'training', `trains with ${short(rt)}.train()`);
    if (method === 'train' && call.func.kind === 'Attribute' && call.func.value.kind === 'Call') {
      const inner = qualifiedName(call.func.value.func, imports);
      if (isUnder(inner, 'transformers') || isUnder(inner, 'trl'))
        add(call, 'training', `trains with ${short(inner!)}(...).train()`);
    }
    if (method === 'learn' && (isUnder(rt, 'stable_baselines3') || isUnder(rt, 'sb3_contrib')))
      add(call, 'training', `trains ${short(rt!)} with .learn`);
    if (method === 'backward' && usesTorch) backward ??= site;
    // Mixed-precision loops hand the loss to a scaler (`loss_scaler(loss, optimizer)`) instead of calling backward.
    if (usesTorch && !method && site.name && /loss_?scaler|grad_?scaler/i.test(site.name) && call.args.length >= 2)
      backward ??= site;
    if (
      method === 'zero_grad' &&
      usesTorch &&
      site.receiver &&
      /opt|optim|optimizer/i.test(site.receiver.split('.').pop()!)
    )
      optimizerStep ??= site;
    if (method === 'step' && usesTorch && site.receiver && /opt|optim|optimizer/i.test(site.receiver.split('.').pop()!))
      optimizerStep ??= site;
    if (method === 'step' && usesTorch && rt && isUnder(rt, 'torch.optim')) optimizerStep ??= site;

    // Evaluation.
    if (role === 'metric') add(call, 'evaluation', `measures ${short(q!)}`);
    else if (role === 'cv-function') add(call, 'evaluation', `cross-validates with ${short(q!)}`);
    else if (
      isUnder(q, 'torchmetrics') ||
      q === 'evaluate.load' ||
      isUnder(q, 'tensorflow.keras.metrics') ||
      isUnder(q, 'keras.metrics')
    )
      add(call, 'evaluation', `measures with ${q}`);
    else if (
      method === 'score' &&
      rt &&
      (apiRole(rt) === 'estimator' || apiRole(rt) === 'pipeline' || apiRole(rt) === 'search')
    )
      add(call, 'evaluation', `scores ${short(rt)} with .score`);
    else if (
      method === 'evaluate' &&
      ((rt && (isKerasType(rt) || isUnder(rt, 'transformers'))) || (site.receiver && compiled.has(site.receiver)))
    )
      add(call, 'evaluation', `evaluates with ${site.receiver}.evaluate`);
    else if (method === 'evaluate_policy' || q === 'stable_baselines3.common.evaluation.evaluate_policy')
      add(call, 'evaluation', 'evaluates the policy');

    // Splits and validation.
    if (role === 'splitter-function') add(call, 'split', 'splits the data with train_test_split');
    else if (q === 'torch.utils.data.random_split') add(call, 'split', 'splits the data with random_split');
    else if (role === 'data-load' && predefinedHeldOut(call))
      add(call, 'split', `loads the predefined ${predefinedHeldOut(call)} split`);
    if (role === 'splitter-class') add(call, 'validation', `validates with ${short(q!)}`);
    else if (role === 'cv-function') add(call, 'validation', `cross-validates with ${short(q!)}`);
    else if (role === 'search' || q === 'skopt.BayesSearchCV')
      add(call, 'validation', `cross-validates inside ${short(q!)}`);
    if (
      method === 'fit' &&
      (keyword(call, 'validation_split') || keyword(call, 'validation_data') || keyword(call, 'eval_set'))
    ) {
      const k = call.keywords.find(
        (x) => x.name === 'validation_split' || x.name === 'validation_data' || x.name === 'eval_set',
      )!;
      if (!isNone(k.value)) {
        add(k, 'validation', `validates during training with ${k.name}`);
        // Keras and the boosting libraries report the validation metrics every epoch: that is an evaluation.
        add(k, 'evaluation', `measures on ${k.name} while training`);
      }
    }
    // Lightning's `trainer.validate`/`trainer.test`, Hugging Face's `trainer.evaluate`, TFX's Evaluator, timm's top-k accuracy.
    if (
      (method === 'validate' || method === 'test') &&
      rt &&
      (isUnder(rt, 'pytorch_lightning') || isUnder(rt, 'lightning'))
    )
      add(call, 'evaluation', `evaluates with Trainer.${method}`);
    if (method === 'evaluate' && site.receiver && /trainer$/i.test(site.receiver) && !rt)
      add(call, 'evaluation', `evaluates with ${site.receiver}.evaluate`);
    if (
      q &&
      (isUnder(q, 'tfx.components.Evaluator') ||
        isUnder(q, 'tfx.v1.components.Evaluator') ||
        q === 'timm.utils.accuracy' ||
        isUnder(q, 'tensorflow_model_analysis'))
    )
      add(call, 'evaluation', `measures with ${short(q)}`);
    // Held-out data by keyword: `CIFAR10(train=False)`, `build_dataset(is_train=False)`, `split="val"` on any loader.
    if (role !== 'data-load' && call.keywords.length > 0) {
      const held = predefinedHeldOut(call);
      if (held && (keyword(call, 'train') || keyword(call, 'is_train') || /data|load|set|split/i.test(site.name ?? '')))
        add(call, held === 'test' ? 'split' : 'validation', `loads the ${held} data`);
    }

    // Seeds.
    if (q && SEED_CALLS.has(q)) add(call, 'seed', `seeds with ${short(q)}`);
    else if (
      q &&
      SEEDED_CONSTRUCTORS.has(q) &&
      (call.args.length > 0 || keyword(call, 'seed')) &&
      !isNone(call.args[0] ?? keyword(call, 'seed'))
    )
      add(call, 'seed', `seeded generator ${short(q)}`);
    else if (method === 'manual_seed' && usesTorch) add(call, 'seed', 'seeds a torch generator');
    else if (call.keywords.length > 0) {
      for (const name of SEED_KEYWORDS) {
        const v = keyword(call, name);
        if (v && !isNone(v) && (name === 'random_state' || q)) {
          add(call, 'seed', `passes ${name}=${unit.text(v).slice(0, 20)}`);
          break;
        }
      }
    }

    // Imbalance.
    for (const name of call.keywords.length > 0 ? WEIGHT_KEYWORDS : []) {
      const v = keyword(call, name);
      if (!v || isNone(v) || (v.kind === 'Constant' && v.value === false)) continue;
      if (name === 'sample_weight' && !unitUsesBalancedWeights(calls)) continue;
      if (name === 'pos_weight' && !isUnder(q, 'torch.nn')) continue;
      add(call, 'imbalance-handling', `sets ${name}=${unit.text(v).slice(0, 20)}`);
    }
    if (role === 'resampler') add(call, 'imbalance-handling', `resamples with ${short(q!)}`);
    else if (isUnder(q, 'imblearn') && !role)
      add(call, 'imbalance-handling', `uses ${short(q!)} from imbalanced-learn`);
    else if (
      q === 'sklearn.utils.class_weight.compute_class_weight' ||
      q === 'sklearn.utils.class_weight.compute_sample_weight' ||
      q === 'sklearn.utils.compute_class_weight' ||
      q === 'torch.utils.data.WeightedRandomSampler'
    )
      add(call, 'imbalance-handling', `weights classes with ${short(q)}`);
    const stratify = keyword(call, 'stratify');
    if (role === 'splitter-function' && stratify && !isNone(stratify))
      add(call, 'stratification', 'stratified train_test_split');
    if (role === 'splitter-class' && /^(Stratified|RepeatedStratified)/.test(short(q!)))
      add(call, 'stratification', `stratified folds with ${short(q!)}`);
    if (role === 'metric' && PR_METRICS.has(short(q!))) add(call, 'pr-metric', `measures ${short(q!)}`);

    // Tuning.
    if (role === 'search') add(call, 'tuning', `tunes with ${short(q!)}`);
    else if (q && (TUNING_ENTRY.has(q) || isUnder(q, 'keras_tuner') || isUnder(q, 'kerastuner'))) {
      if (/^[A-Z]/.test(short(q)) || TUNING_ENTRY.has(q)) add(call, 'tuning', `tunes with ${q}`);
    }

    // Pipelines.
    if (role === 'pipeline') add(call, 'pipeline', `builds a ${short(q!)}`);
    else if (
      q === 'kedro.pipeline.Pipeline' ||
      q === 'kedro.pipeline.pipeline' ||
      q === 'kedro.pipeline.modular_pipeline.pipeline'
    )
      add(call, 'pipeline', 'builds a Kedro pipeline');

    // Configuration read by code.
    if (q && CONFIG_READERS.has(q)) add(call, 'config-read', `reads configuration with ${q}`);
    else if ((q === 'json.load' || q === 'json.loads') && mentionsConfigPath(call, unit))
      add(call, 'config-read', 'reads a JSON configuration');
    else if (isUnder(q, 'pydantic_settings.BaseSettings')) add(call, 'config-read', 'reads settings');
  }

  if (backward && optimizerStep) add(backward.call, 'training', 'trains with loss.backward() and optimizer.step()');
  // PyTorch code often measures by hand: `model.eval()` and a loop under `torch.no_grad()` is an evaluation.
  if (usesTorch && calls.some((c) => c.qualified === 'torch.no_grad' || c.qualified === 'torch.inference_mode')) {
    const evalMode = calls.find(
      (c) => c.method === 'eval' && c.call.args.length === 0 && c.call.keywords.length === 0 && c.receiver,
    );
    if (evalMode) add(evalMode.call, 'evaluation', `evaluates ${evalMode.receiver} in eval mode without gradients`);
  }
  // Accuracy counted by hand in deep-learning code: `correct += (pred == y).sum().item()`.
  if (usesTorch || usesKeras || imports.uses('jax')) {
    walkStatements(unit.module.body, (st) => {
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
      if (compares) add(st, 'evaluation', `counts ${name} by hand`);
    });
  }

  // Held-out sets named as such: `train, val = train_test_split(...)` holds out a validation set, and
  // `history, test = df.iloc[:cut], df.iloc[cut:]` holds out the last rows as a test set.
  const heldOutSet = (s: AssignStmt): void => {
    if (!s.value) return;
    // Names are built only for the three shapes below (most assignments are none of them).
    if (s.value.kind === 'Call') {
      const q = qualifiedName(s.value.func, imports);
      if (
        (apiRole(q) === 'splitter-function' || q === 'torch.utils.data.random_split') &&
        targetNames(s).some((n) => VALIDATION_NAME.test(n))
      )
        add(s.value, 'validation', 'holds out a validation set');
      // `val_loader = DataLoader(val_set)`, `dataset_test = build_dataset(...)`: a held-out set built by a loader.
      else if (s.targets.length === 1 && isLoaderCall(s.value, q)) {
        const name = dottedName(s.targets[0]) ?? '';
        if (HELD_OUT_LOADER.test(name))
          add(s.value, /test|holdout/i.test(name) ? 'split' : 'validation', `holds out ${name}`);
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
      if (TEST_NAME.test(names[0])) add(s.value, 'split', `holds out ${names[0]} rows`);
      else if (VALIDATION_NAME.test(names[0])) add(s.value, 'validation', `holds out ${names[0]} rows`);
      return;
    }
    if (s.targets.length === 1 && s.targets[0].kind === 'Tuple' && s.value.kind === 'Tuple') {
      const elts = s.value.elts;
      names.forEach((n, i) => {
        const v = elts[i];
        if (TEST_NAME.test(n) && v && v.kind === 'Subscript' && v.index.some((x) => x.kind === 'Slice'))
          add(v, 'split', `holds out ${n} by position`);
      });
    }
  };

  // Held-out sets, then decorators and classes (their facts kept aside, so the facts come out in the
  // same order as ever), from the unit's outline instead of another walk.
  const later: Fact[] = [];
  const addLater = (span: { from: number; to: number }, kind: FactKind, note: string): void => {
    later.push(unitFact(unit, span, kind, note));
  };
  let clickOptions = 0;
  let firstClick: Expr | undefined;
  for (const s of unit.outline.assigns) heldOutSet(s);
  for (const s of unit.outline.defs) {
    if (s.kind === 'FunctionDef' && (usesTorch || usesKeras || imports.uses('jax') || imports.uses('numpy'))) {
      // `def accuracy(output, target, topk=(1,))`: the top-k accuracy research code writes for itself.
      if (
        /^(top_?k_?)?acc(uracy)?(_top_?k)?$|^compute_acc(uracy)?$|^(lwlrap|map_at_k|mean_average_precision)$/i.test(
          s.name,
        ) &&
        s.params.length >= 2
      )
        addLater(s.nameSpan, 'evaluation', `own metric ${s.name}()`);
      if (
        (s.name === 'validation_step' || s.name === 'test_step') &&
        (imports.uses('pytorch_lightning') || imports.uses('lightning'))
      )
        addLater(s.nameSpan, 'evaluation', `Lightning ${s.name}`);
    }
    if (s.kind === 'FunctionDef') {
      for (const d of s.decorators) {
        const target = d.kind === 'Call' ? d.func : d;
        const q = qualifiedName(target, imports);
        if (q && PIPELINE_DECORATORS.includes(q)) addLater(d, 'pipeline', `@${short(q)} in ${q.split('.')[0]}`);
        if (q === 'hydra.main') addLater(d, 'config-read', 'reads configuration with @hydra.main');
        if (q === 'click.option' || q === 'click.argument' || isUnder(q, 'typer')) {
          clickOptions++;
          firstClick ??= d;
        }
      }
    } else if (s.kind === 'ClassDef') {
      for (const b of s.bases) {
        const q = qualifiedName(b, imports);
        if (q === 'metaflow.FlowSpec') addLater(b, 'pipeline', 'Metaflow flow');
        if (isUnder(q, 'pydantic_settings.BaseSettings') || q === 'pydantic.BaseSettings')
          addLater(b, 'config-read', 'reads settings from the environment');
      }
    }
  }

  // Command-line options, then the decorators' and classes' facts.
  const argparseOptions: CallExpr[] = [];
  for (const site of calls)
    if (
      site.method === 'add_argument' &&
      (isUnder(site.receiverType, 'argparse') || /parser/i.test(site.receiver ?? ''))
    )
      argparseOptions.push(site.call);
  if (argparseOptions.length >= 3 && imports.uses('argparse'))
    add(argparseOptions[0], 'cli-options', `takes ${argparseOptions.length} command-line options`);
  facts.push(...later);
  if (clickOptions >= 3 && firstClick) add(firstClick, 'cli-options', `takes ${clickOptions} command-line options`);
  facts.push(...testFacts(index));
  return facts;
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
function mentionsConfigPath(call: CallExpr, unit: PythonUnit): boolean {
  let found = false;
  for (const a of call.args) {
    walkExpr(a, (e) => {
      const s = stringValue(e);
      if (s && /(config|param|setting|hparam|hyper)[^/]*\.json$/i.test(s)) found = true;
      const d = dottedName(e);
      if (d && /config|param|setting/i.test(d)) found = true;
    });
  }
  void unit;
  return found;
}

/** `CIFAR10(root, train=False)`, `load_dataset(name, split="test")`: a dataset's own held-out split. */
function predefinedHeldOut(call: CallExpr): string | undefined {
  const train = keyword(call, 'train') ?? keyword(call, 'is_train');
  if (train && train.kind === 'Constant' && train.value === false) return 'test';
  const split = stringValue(keyword(call, 'split'));
  const m = split ? /^(test|validation|valid|val|dev)\b/.exec(split) : null;
  return m ? (m[1] === 'test' ? 'test' : 'validation') : undefined;
}

/** Names of held-out datasets and loaders: `val_loader`, `test_ds`, `dataset_val`, `valid_generator`. */
const HELD_OUT_LOADER =
  /^((val|valid|validation|test|holdout|eval)_?(loader|dataloader|dl|ds|dataset|set|data|gen|generator|iter)|(loader|dataloader|dataset|data|ds)_?(val|valid|validation|test|eval))$/i;

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
