// Infrastructure seen in Python code: serving routes that predict, model loading, batch prediction,
// tracking, registries, orchestration, cloud ML platforms, feature stores, load tests, monitoring,
// drift detection and retraining, distributed training, model optimisation, and the research signals of
// Level 5. All from imports, calls, decorators and class bases, never from strings or comments.
import { type CallSite, type ClassInfo, isNone, keyword, stringValue } from '../semantic/calls';
import { type Fact, type FactKind, unitFact } from './fact';
import type { AssignStmt, CallExpr, ClassDefStmt, Expr, FunctionDefStmt, IfStmt, Span, Stmt } from '../python/ast';
import { type ImportTable, dottedName, isUnder, packageOf, qualifiedName } from '../python/imports';
import { walkAllExprs, walkExpr, walkStatements } from '../python/walk';
import type { UnitDerivation, UnitIndex } from '../semantic/index';
import type { PythonUnit } from '../python/unit';

/** Web frameworks whose app objects declare routes with decorators. */
const WEB_APPS = [
  'fastapi.FastAPI',
  'fastapi.APIRouter',
  'flask.Flask',
  'flask.Blueprint',
  'sanic.Sanic',
  'starlette.applications.Starlette',
  'quart.Quart',
  'litestar.Litestar',
  'aiohttp.web.RouteTableDef',
  'aiohttp.web.Application',
];

/** Base classes of class-based API resources, whose HTTP methods are routes. */
const RESOURCE_BASES = ['flask_restx.Resource', 'flask_restful.Resource', 'flask_restplus.Resource'];

/**
 * Django's class-based views and those of Django REST framework (`class PredictView(APIView)` with a `post` method,
 * `generics.CreateAPIView`, a `ViewSet`): each HTTP method is a route, at the path `urls.py` gives it.
 */
function isClassView(base: string): boolean {
  return (
    base === 'django.views.View' ||
    base === 'django.views.generic.View' ||
    base === 'django.views.generic.base.View' ||
    base === 'rest_framework.views.APIView' ||
    base.startsWith('rest_framework.generics.') ||
    base.startsWith('rest_framework.viewsets.')
  );
}

/** Django REST framework's function views: `@api_view(["POST"])`. */
const API_VIEW = 'rest_framework.decorators.api_view';

/** The HTTP methods of a class-based resource. */
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/**
 * Agent classes named for a reinforcement-learning algorithm (`DQNAgent`, `CategoricalDQNAgent`, `PPOAgent`): an
 * identifier ending in `Agent` with the algorithm's name before it. Tested in three linear steps, as one pattern with
 * two unbounded runs backtracks quadratically on a long name.
 */
function rlAgentClass(name: string): boolean {
  return /^\w+$/.test(name) && /Agent$/i.test(name) && RL_ALGORITHM.test(name.slice(0, -5));
}

const RL_ALGORITHM =
  /DQN|PPO|A2C|A3C|DDPG|TD3|SAC|TRPO|C51|Rainbow|Reinforce|ActorCritic|OptionCritic|QLearning|Sarsa/i;

/**
 * The string literal a log or print argument is made from: the literal itself, or the template of `"...".format(...)`
 * and `"..." % (...)`.
 */
function logText(a: Expr): Expr | undefined {
  if (a.kind === 'Constant') return a.type === 'str' || a.type === 'fstr' ? a : undefined;
  if (a.kind === 'Call' && a.func.kind === 'Attribute' && a.func.attr === 'format') return logText(a.func.value);
  if (a.kind === 'Binary' && a.op === '%') return logText(a.left);
  return undefined;
}

/**
 * Names only a reinforcement-learning agent logs: the returns or rewards of its episodes (`episodic_return_test`,
 * `EpRet`, `mean_episode_reward`). The word run after `episod` is taken whole and then searched, since a pattern
 * that backtracks through it is quadratic on a long string.
 */
const EPISODE_RETURN = {
  test(text: string): boolean {
    for (const m of text.matchAll(/episod(\w*)/gi)) if (/return|reward/i.test(m[1])) return true;
    return /\bep_?ret\b|EpRet|mean_?ep(isode)?_?(return|reward)/i.test(text);
  },
};

/** Route decorator methods. */
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'route', 'api_route', 'websocket']);

/** The serving fact of a web app that loads a model but has no route seen predicting with it. */
export const WEB_APP_LOADS_MODEL = 'web app that loads a model';

/** Calls that load a trained model from disk or a registry. */
const MODEL_LOADERS = [
  'joblib.load',
  'pickle.load',
  'cloudpickle.load',
  'dill.load',
  'torch.load',
  'torch.jit.load',
  'tensorflow.keras.models.load_model',
  'keras.models.load_model',
  'keras.saving.load_model',
  'tensorflow.saved_model.load',
  'onnxruntime.InferenceSession',
  'mlflow.pyfunc.load_model',
  'mlflow.sklearn.load_model',
  'mlflow.pytorch.load_model',
  'mlflow.xgboost.load_model',
  'mlflow.lightgbm.load_model',
  'mlflow.tensorflow.load_model',
  'mlflow.keras.load_model',
  'xgboost.Booster',
  'lightgbm.Booster',
  'catboost.CatBoost',
  'bentoml.models.get',
  'transformers.pipeline',
  'sentence_transformers.SentenceTransformer',
  'skops.io.load',
];

/** Methods that produce predictions. */
const PREDICT_METHODS = new Set([
  'predict',
  'predict_proba',
  'predict_log_proba',
  'decision_function',
  'generate',
  'encode',
  'infer',
  'forecast',
]);

/** Experiment trackers; any of these calls is tracking. */
const TRACKING = [
  'mlflow.log_param',
  'mlflow.log_params',
  'mlflow.log_metric',
  'mlflow.log_metrics',
  'mlflow.log_artifact',
  'mlflow.log_artifacts',
  'mlflow.start_run',
  'mlflow.set_experiment',
  'mlflow.autolog',
  'mlflow.set_tracking_uri',
  'wandb.init',
  'wandb.log',
  'comet_ml.Experiment',
  'comet_ml.start',
  'neptune.init_run',
  'neptune.init',
  'clearml.Task.init',
  'aim.Run',
  'dvclive.Live',
];

/**
 * Trackers reached through a training framework's logger or callback (Ray Tune and Train, Lightning), and the
 * keyword that makes them log the model or its checkpoints as artefacts.
 */
const FRAMEWORK_TRACKERS: ReadonlyMap<string, string> = new Map([
  ['ray.air.integrations.mlflow.MLflowLoggerCallback', 'save_artifact'],
  ['ray.tune.integration.mlflow.MLflowLoggerCallback', 'save_artifact'],
  ['ray.air.callbacks.mlflow.MLflowLoggerCallback', 'save_artifact'],
  ['ray.air.integrations.wandb.WandbLoggerCallback', 'save_checkpoints'],
  ['ray.tune.integration.wandb.WandbLoggerCallback', 'save_checkpoints'],
  ['pytorch_lightning.loggers.MLFlowLogger', 'log_model'],
  ['pytorch_lightning.loggers.WandbLogger', 'log_model'],
  ['lightning.pytorch.loggers.MLFlowLogger', 'log_model'],
  ['lightning.pytorch.loggers.WandbLogger', 'log_model'],
]);

/** Model registries and versioned model artefacts. */
const MODEL_VERSIONING = [
  'mlflow.register_model',
  'mlflow.tracking.MlflowClient',
  'mlflow.MlflowClient',
  'wandb.Artifact',
  'wandb.log_artifact',
  'wandb.use_artifact',
  'huggingface_hub.upload_folder',
  'huggingface_hub.HfApi',
  'bentoml.models.create',
];

/** Drift detectors. */
const DRIFT = [
  'evidently.metric_preset.DataDriftPreset',
  'evidently.presets.DataDriftPreset',
  'evidently.metrics.DataDriftTable',
  'evidently.metrics.DatasetDriftMetric',
  'evidently.metrics.ColumnDriftMetric',
  'evidently.test_preset.DataDriftTestPreset',
  'evidently.tests.TestShareOfDriftedColumns',
  'nannyml',
  'alibi_detect.cd',
  'river.drift',
  'frouros',
  'deepchecks.tabular.checks.TrainTestFeatureDrift',
  'deepchecks.tabular.suites.train_test_validation',
  'whylogs.viz.drift',
];

/** Monitoring libraries. */
const MONITORING = [
  'prometheus_client',
  'prometheus_fastapi_instrumentator',
  'starlette_exporter',
  'prometheus_flask_exporter',
  'evidently',
  'whylogs',
  'alibi_detect',
  'nannyml',
  'opentelemetry',
  'sentry_sdk',
  'arize',
  'fiddler',
  // Deepchecks' monitoring service; its open-source checks (`deepchecks.tabular.checks`) validate data in a notebook.
  'deepchecks_client',
];

/** Distributed training. */
const DISTRIBUTED = [
  'torch.distributed',
  'torch.nn.parallel.DistributedDataParallel',
  'torch.nn.DataParallel',
  'torch.nn.parallel.DataParallel',
  'torch.distributed.fsdp',
  'accelerate.Accelerator',
  'deepspeed',
  'horovod',
  'tensorflow.distribute',
  'ray.train',
  'colossalai',
  'megatron',
];

/** Model optimisation for inference or efficient fine-tuning. */
const OPTIMISATION = [
  'torch.quantization',
  'torch.ao.quantization',
  'torch.onnx.export',
  'torch.nn.utils.prune',
  'torch.compile',
  'onnxruntime.quantization',
  'skl2onnx',
  'tf2onnx',
  'onnxmltools',
  'tensorrt',
  'torch_tensorrt',
  'tensorflow_model_optimization',
  'tensorflow.lite.TFLiteConverter',
  'peft',
  'bitsandbytes',
  'transformers.BitsAndBytesConfig',
  'optimum',
  'openvino',
  'neural_compressor',
  'auto_gptq',
  'awq',
];

/** Names of self-supervised objectives and methods (function and class names, which are code). */
// A bare "contrastive" is left out on purpose: Siamese networks with a contrastive loss on labelled pairs are
// supervised.
const SSL_NAME = new RegExp(
  `(nt_?xent|info_?nce|simclr|byol|moco|simsiam|barlow_?twins|vicreg|swav|deep_?cluster|sinkhorn` +
    `|(^|_)dino(v2)?($|_|head|loss)|masked_?auto_?encoder|^mae$|^mae_|masked_?image_?model` +
    `|mlm_?pretrain)`,
  'i',
);

/** Self-supervised libraries and objectives. */
const SSL_LIBS = [
  'lightly',
  'solo',
  'vissl',
  'pytorch_metric_learning.losses.NTXentLoss',
  'pytorch_metric_learning.losses.ContrastiveLoss',
  'pytorch_metric_learning.losses.SupConLoss',
];

/** Base classes of neural network modules. */
const NN_BASES = [
  'torch.nn.Module',
  'torch.nn.modules.module.Module',
  'tensorflow.keras.Model',
  'tensorflow.keras.layers.Layer',
  'keras.Model',
  'keras.layers.Layer',
  'tf_keras.Model',
  'flax.linen.Module',
  'equinox.Module',
  'haiku.Module',
];

/** True for the qualified name of a framework's network module base (`torch.nn.Module`, `keras.layers.Layer`). */
export function isNetworkBase(b: string): boolean {
  return (
    NN_BASES.some((n) => b === n || isUnder(b, n)) ||
    /\.(nn\.Module|keras\.Model|keras\.layers\.Layer|linen\.Module)$/.test(b)
  );
}

/**
 * Gym's classic control, toy-text and Box2D environments by id: the settings of courses and tutorials, where an
 * agent trained is an exercise rather than research.
 */
const TOY_ENVIRONMENT = new RegExp(
  '^(CartPole|MountainCar|MountainCarContinuous|Acrobot|Pendulum|FrozenLake|FrozenLake8x8|Taxi|CliffWalking' +
    String.raw`|Blackjack|LunarLander|LunarLanderContinuous)-v\d+$`,
);

/** RL environments and agent libraries. */
const RL_ENV = [
  'gymnasium.make',
  'gym.make',
  'gymnasium.Env',
  'gym.Env',
  'pettingzoo',
  'dm_control',
  'procgen',
  'ale_py',
];
const RL_AGENT = ['stable_baselines3', 'sb3_contrib', 'ray.rllib', 'tianshou', 'cleanrl', 'tf_agents', 'rl_zoo3'];

/** Metrics of generative models and language models: bits per dimension, likelihood, FID, perplexity, BLEU. */
const GENERATIVE_EVAL = /(^|_)(bpd|nll|fid|inception_score|kid|perplexity|ppl|bleu|psnr|ssim|elbo)(_|$)/i;
const EVAL_VERB = /(^|_)(eval|evaluate|evaluation|calc|compute|measure|run|test)(_|$)/i;

/** A function that stores predictions: `insert_predictions`, `save_predictions`, `write_batch_predictions`. */
const STORES_PREDICTIONS = /^(insert|save|write|store|persist|upsert|bulk_insert)_(\w+_)?pred(iction)?s$/i;

/** Streamlit widgets that hand the page something to act on (a file, a photo, a click, a message). */
const STREAMLIT_ACTION = /^streamlit\.(sidebar\.)?(button|form_submit_button|file_uploader|camera_input|chat_input)$/;
/** Streamlit widgets that take a value (in the page or its sidebar): a demo only on a page with a model. */
const STREAMLIT_VALUE = new RegExp(
  String.raw`^streamlit\.(sidebar\.)?(text_input|text_area|number_input|slider|select_slider|selectbox|multiselect` +
    String.raw`|radio|checkbox|date_input)$`,
);

/** Web frameworks whose apps are often built by a factory function. */
const WEB_FRAMEWORKS = ['flask', 'fastapi', 'quart', 'starlette'];

/** Calls that record a value in a log, a tracker or a progress table. */
const LOG_METHODS = new Set([
  'store',
  'log_tabular',
  'add_scalar',
  'add_scalars',
  'log',
  'log_metric',
  'log_metrics',
  'record',
]);

/** The infrastructure facts of one unit, computed once per unit (kept by its index). */
export function pythonInfraFacts(index: UnitIndex): Fact[] {
  return index.get(PYTHON_INFRA_FACTS);
}

const PYTHON_INFRA_FACTS: UnitDerivation<Fact[]> = { name: 'pythonInfraFacts', compute: collect };

/** Prefix lists grouped by top-level package: a call site is compared only with the prefixes of its own package. */
const BY_ROOT = new Map<readonly string[], Map<string, string[]>>();

/** The first prefix of `list` (in list order) that `q` lies under. */
function under(q: string | undefined, list: readonly string[]): string | undefined {
  if (!q) return undefined;
  let index = BY_ROOT.get(list);
  if (!index) {
    index = new Map();
    for (const p of list) {
      const root = packageOf(p);
      const group = index.get(root);
      if (group) group.push(p);
      else index.set(root, [p]);
    }
    BY_ROOT.set(list, index);
  }
  const group = index.get(packageOf(q));
  if (!group) return undefined;
  for (const p of group) if (isUnder(q, p)) return p;
  return undefined;
}

function short(q: string): string {
  return q.slice(q.lastIndexOf('.') + 1);
}

/** Records a fact about a span of the unit. */
type AddFact = (span: { from: number; to: number }, kind: FactKind, note: string) => void;

/** A route of a web app: its handler, where it is declared, its HTTP verb and path. */
interface Route {
  fn: FunctionDefStmt;
  at: Span;
  verb: string;
  path: string;
}

/**
 * The infrastructure facts of one unit, part by part (in the order of the parts, and of the calls within each). Each
 * part is a function of its own: the first pass of a run meets new paths in each at different times, and one
 * function holding them all was compiled again by V8's optimising compiler each time any of them deoptimised it.
 */
function collect(index: UnitIndex): Fact[] {
  const unit = index.unit;
  const facts: Fact[] = [];
  const add = (span: { from: number; to: number }, kind: FactKind, note: string): void => {
    facts.push(unitFact(unit, span, kind, note));
  };
  const imports = unit.imports;
  const { calls, bindings, classes } = index.calls;
  const isModule = unit.kind === 'module';

  // --- Serving: routes on a web app, and whether they predict or the module loads a model.
  const appNames = webAppNames(unit, bindings);
  const modelLoads = calls.filter(loadsModel);
  for (const c of modelLoads)
    add(c.call, 'model-load', `loads a model with ${c.qualified ? short(c.qualified) : c.method}`);
  const { routes, decorated, functions } = definitions(unit, appNames);
  routeFacts(routes, functions, modelLoads.length > 0, facts, add, unit.module.body);

  const hasModel = modelLoads.length > 0 || calls.some((c) => c.method !== undefined && PREDICT_METHODS.has(c.method));
  // Whether a tracker logs anything outside a route: its setup alone (`set_tracking_uri`) tracks no experiment.
  let loggedOutsideRoutes = false;
  // Hugging Face's `Accelerator` distributes only what is handed to its `prepare`: created alone, it trains nothing.
  const prepares = calls.some((c) => c.method === 'prepare' || c.method === 'prepare_model');
  for (const c of calls) {
    // Every check below needs a qualified name, a method or a keyword.
    if (c.qualified === undefined && c.method === undefined && c.call.keywords.length === 0) continue;
    servingCallFacts(c, hasModel, add);
    if (trackingCallFacts(c, routes, add)) loggedOutsideRoutes = true;
    platformCallFacts(c, add);
    monitoringCallFacts(c, isModule, add);
    trainingCallFacts(c, prepares, add);
  }

  // An interactive app (Streamlit, Gradio) that loads a model and predicts on what the user enters serves
  // predictions, even though it is not an API for other programs; a dashboard over stored results does not.
  const demo = facts.find((f) => f.kind === 'demo-ui');
  if (demo && modelLoads.length > 0 && calls.some((c) => c.method !== undefined && PREDICT_METHODS.has(c.method)))
    facts.push({
      ...demo,
      kind: 'serving',
      note: `interactive app predicts with a loaded model (${demo.note.replace(/^demo interface with /, '')})`,
    });
  // Batch prediction: a script (not a web app) that loads a model, predicts and writes the predictions.
  if (isModule && routes.length === 0 && modelLoads.length > 0) batchPredictionFacts(unit, calls, add);

  decoratorFacts(decorated, imports, add);
  // Classes: load-test users, serving handlers, network modules, losses, optimizers, RL pieces.
  for (const c of classes) classFacts(c, add);

  // Research signals from definitions: own loss functions (`info_nce_loss`, `_compute_dqn_loss`,
  // `forward_loss`), own top-k accuracy and linear-probe or kNN evaluation, reward curves of an agent.
  const deepLearning =
    imports.uses('torch') || imports.uses('tensorflow') || imports.uses('jax') || imports.uses('keras');
  if (deepLearning) researchFacts(unit, functions, calls, facts, add);

  // A training script named for a self-supervised method (`main_swav.py`, `train_byol.py`, `moco.py`): the
  // paper's code often writes its objective inline in the training loop, with no class or function to name it.
  const base = unit.path.slice(unit.path.lastIndexOf('/') + 1).replace(/\.(py|ipynb)$/, '');
  if (deepLearning && SSL_NAME.test(base)) {
    const step = calls.find((c) => c.method === 'backward' || (c.method === 'fit' && imports.uses('keras')));
    if (step) add(step.call, 'self-supervised', `trains ${base}, a self-supervised method`);
  }

  // Functions named for a self-supervised objective or a distillation loss.
  for (const s of functions) {
    if (SSL_NAME.test(s.name) && (imports.uses('torch') || imports.uses('tensorflow') || imports.uses('jax'))) {
      add(s.nameSpan, 'self-supervised', `self-supervised objective ${s.name}()`);
      // The method's objective written out (`distributed_sinkhorn`, `info_nce_loss`) is the project's own loss.
      if (/loss|objective|sinkhorn|nce|xent|criterion/i.test(s.name) && s.params.length >= 1)
        add(s.nameSpan, 'custom-loss', `own self-supervised objective ${s.name}()`);
    }
    if (/distil/i.test(s.name) && (imports.uses('torch') || imports.uses('tensorflow')))
      add(s.nameSpan, 'model-optimisation', `knowledge distillation ${s.name}()`);
  }

  // Retraining driven by drift: an `if` on a drift result whose branch starts training.
  if (facts.some((f) => f.kind === 'drift-detection')) {
    walkStatements(unit.module.body, (s) => {
      if (s.kind === 'If' && driftTest(s) && startsTraining(s, calls))
        add(s, 'retraining-trigger', 'retrains when drift is detected');
    });
  }
  // Retraining wired in an Airflow DAG: a drift task upstream (`>>`) of a task that trains or triggers training.
  if (imports.uses('airflow')) {
    const edge = driftUpstreamOfTraining(unit.module.body, imports);
    if (edge) add(edge, 'retraining-trigger', 'a drift task runs before retraining in the DAG');
  }
  // A service whose tracker only logs from its routes: its setup calls watch the service too.
  if (routes.length > 0 && !loggedOutsideRoutes && facts.some((f) => f.note.startsWith('logs what the service')))
    for (const f of facts)
      if (f.kind === 'experiment-tracking') {
        f.kind = 'monitoring';
        f.note = f.note.replace('tracks experiments with', 'logs what the service sees with');
      }
  return facts;
}

/** Names bound to a web app: built by a web framework, or by an application factory in a module that uses one. */
function webAppNames(unit: PythonUnit, bindings: ReadonlyMap<string, string>): Set<string> {
  const imports = unit.imports;
  const appNames = new Set([...bindings].filter(([, t]) => WEB_APPS.includes(t)).map(([n]) => n));
  // The application-factory convention of Flask and FastAPI: `app = create_app()` in a module that uses them.
  if (WEB_FRAMEWORKS.some((f) => imports.uses(f)))
    for (const a of unit.outline.assigns) {
      const v = a.value;
      const callee = v?.kind === 'Call' ? dottedName(v.func) : undefined;
      if (!callee || !/(^|\.)(create|make|build|get)_app$/.test(callee)) continue;
      for (const t of a.targets) if (t.kind === 'Name') appNames.add(t.id);
    }
  return appNames;
}

/** A call that loads a trained model from disk or a registry. */
function loadsModel(c: CallSite): boolean {
  return !!(
    under(c.qualified, MODEL_LOADERS) ||
    (c.method === 'from_pretrained' && isUnder(c.qualified, 'transformers')) ||
    (c.method === 'load_model' && c.receiverType && /Booster|XGB|LGBM|CatBoost/.test(c.receiverType))
  );
}

/**
 * The unit's definitions: the routes of its web apps and class-based resources, its decorated definitions and its
 * functions.
 */
function definitions(
  unit: PythonUnit,
  appNames: ReadonlySet<string>,
): { routes: Route[]; decorated: Array<FunctionDefStmt | ClassDefStmt>; functions: FunctionDefStmt[] } {
  const imports = unit.imports;
  const routes: Route[] = [];
  // Class-based resources (Flask-RESTX, Flask-RESTful): each HTTP method of a `Resource` subclass is a route, at the
  // path of its `@ns.route("/...")` decorator when it has one (`api.add_resource` names it elsewhere).
  const resources: typeof routes = [];
  const resourceRoutes = (s: ClassDefStmt): void => {
    const bases = s.bases.map((b) => qualifiedName(b, imports) ?? '');
    if (!bases.some((b) => RESOURCE_BASES.includes(b) || isClassView(b))) return;
    const deco = s.decorators.find((d) => d.kind === 'Call' && d.func.kind === 'Attribute' && d.func.attr === 'route');
    const path = (deco?.kind === 'Call' && stringValue(deco.args[0])) || s.name;
    for (const m of s.body)
      if (m.kind === 'FunctionDef' && HTTP_METHODS.has(m.name))
        resources.push({ fn: m, at: m.nameSpan, verb: m.name.toUpperCase(), path });
  };
  // Definitions from the unit's outline: routes now, decorated definitions and functions for later.
  const decorated: Array<FunctionDefStmt | ClassDefStmt> = [];
  const functions: FunctionDefStmt[] = [];
  for (const s of unit.outline.defs) {
    if (s.kind === 'ClassDef' && s.decorators.length) decorated.push(s);
    if (s.kind === 'ClassDef') resourceRoutes(s);
    if (s.kind !== 'FunctionDef') continue;
    functions.push(s);
    if (s.decorators.length) decorated.push(s);
    // A Django REST framework function view: its methods are the decorator's list.
    const view = s.decorators.find((d) => d.kind === 'Call' && qualifiedName(d.func, imports) === API_VIEW);
    if (view?.kind === 'Call') {
      const verbs = view.args[0]?.kind === 'List' ? view.args[0].elts.map((e) => stringValue(e)).filter(Boolean) : [];
      routes.push({ fn: s, at: view, verb: verbs.length ? verbs.join('|') : 'GET', path: s.name });
    }
    if (appNames.size === 0) continue;
    for (const d of s.decorators) {
      if (d.kind !== 'Call' || d.func.kind !== 'Attribute' || !ROUTE_METHODS.has(d.func.attr)) continue;
      const owner = dottedName(d.func.value);
      if (!owner || !appNames.has(owner)) continue;
      routes.push({ fn: s, at: d, verb: d.func.attr.toUpperCase(), path: stringValue(d.args[0]) ?? '' });
    }
  }
  routes.push(...resources);
  return { routes, decorated, functions };
}

/** Whether a handler's body predicts with a model. */
function predictsIn(body: Stmt[]): boolean {
  let found = false;
  walkAllExprs(body, (e) => {
    if (e.kind !== 'Call') return;
    if (
      e.func.kind === 'Attribute' &&
      (PREDICT_METHODS.has(e.func.attr) ||
        (e.func.attr === 'run' && /sess|session|ort/i.test(dottedName(e.func.value) ?? '')))
    )
      found = true;
    const callee = e.func.kind === 'Name' ? e.func.id : e.func.kind === 'Attribute' ? e.func.attr : '';
    // A recommender's query (`recommend_movies(ratings)`, `get_recommendations(title)`) is its prediction.
    if (/predict|infer|score_|recommend/i.test(callee)) found = true;
    if (e.func.kind === 'Name' && /^(model|clf|classifier|regressor|net|pipeline|pipe)$/i.test(e.func.id)) found = true;
  });
  return found;
}

/** Routes that serve predictions or only answer requests, and serverless handlers that predict. */
function routeFacts(
  routes: Route[],
  functions: FunctionDefStmt[],
  loadsModels: boolean,
  facts: Fact[],
  add: AddFact,
  body: Stmt[],
): void {
  for (const r of routes) {
    if (predictsIn(r.fn.body)) add(r.at, 'serving', `${r.verb} ${r.path || r.fn.name} predicts with a model`);
    else add(r.at, 'web-route', `${r.verb} ${r.path || r.fn.name}`);
  }
  if (routes.length > 0 && !facts.some((f) => f.kind === 'serving') && loadsModels)
    add(routes[0].at, 'serving', WEB_APP_LOADS_MODEL);
  // A serverless function (AWS Lambda's `def lambda_handler(event, context)`) that predicts with a model the
  // module (or, in a layered service, another module) loads: predictions served per request or per stream record.
  // A layered handler may only call into a predicting service the module builds once, at its top
  // (`service = PredictionService("model")`).
  let topPredicts: boolean | undefined;
  for (const fn of functions) {
    const params = fn.params.map((p) => p.name);
    if (params.length !== 2 || params[0] !== 'event' || !/^(_\w*|context|ctx)$/.test(params[1])) continue;
    topPredicts ??= predictsIn(body.filter((st) => st.kind !== 'FunctionDef' && st.kind !== 'ClassDef'));
    if (predictsIn(fn.body) || topPredicts)
      add(fn.nameSpan, 'serving', `serverless handler ${fn.name} predicts with a model`);
  }
  // The inference script of SageMaker's framework containers: `model_fn` loads the model and `predict_fn`,
  // `input_fn` or `transform_fn` answer the endpoint's requests.
  const modelFn = functions.find((f) => f.name === 'model_fn' && f.params.length >= 1);
  if (modelFn && functions.some((f) => /^(predict|input|transform)_fn$/.test(f.name)))
    add(modelFn.nameSpan, 'serving', 'inference handler of a model endpoint (model_fn, predict_fn)');
}

/** Serving frameworks, container builds and demo interfaces called. */
function servingCallFacts(c: CallSite, hasModel: boolean, add: AddFact): void {
  const q = c.qualified;
  const call = c.call;
  // Other serving frameworks.
  if (
    q === 'bentoml.Service' ||
    q === 'bentoml.service' ||
    q === 'ray.serve.deployment' ||
    q === 'ray.serve.run' ||
    q === 'kserve.ModelServer' ||
    q === 'seldon_core' ||
    q === 'litserve.LitServer'
  )
    add(call, 'serving', `serves with ${q}`);
  // A model deployed to a managed endpoint: `model.deploy(...)` of a SageMaker model, estimator or registered
  // package, or of a Vertex AI model or endpoint; `create_endpoint` of SageMaker's API client.
  if (
    c.method === 'deploy' &&
    (isUnder(c.receiverType, 'sagemaker') || isUnder(c.receiverType, 'google.cloud.aiplatform'))
  )
    add(
      call,
      'serving',
      `deploys the model to a ${isUnder(c.receiverType, 'sagemaker') ? 'SageMaker' : 'Vertex AI'} endpoint`,
    );
  else if (c.method === 'create_endpoint' && keyword(call, 'EndpointConfigName'))
    add(call, 'serving', 'creates a SageMaker endpoint');
  if (
    q === 'bentoml.container.build' ||
    q === 'bentoml.containerize' ||
    (isUnder(q, 'docker') && c.method === 'build' && /images/.test(c.receiver ?? ''))
  )
    add(call, 'dockerfile', `builds a container image with ${q ?? c.method}`);
  // A Streamlit page that takes a file, a photo or a click is a demo (its model may live in another module); value
  // widgets (sliders, select boxes) make one only where the page has a model: over a table they filter a dashboard.
  if (
    q === 'gradio.Interface' ||
    q === 'gradio.Blocks' ||
    (q !== undefined && (STREAMLIT_ACTION.test(q) || (STREAMLIT_VALUE.test(q) && hasModel)))
  )
    add(call, 'demo-ui', `demo interface with ${q!.split('.')[0]}`);
}

/** Experiment tracking and model or data versioning; says whether the call logs something outside a route. */
function trackingCallFacts(c: CallSite, routes: Route[], add: AddFact): boolean {
  const q = c.qualified;
  const call = c.call;
  let loggedOutsideRoutes = false;
  // Tracking and versioning.
  const tracked = under(q, TRACKING) ?? (q && /^mlflow\.[a-z_]+\.autolog$/.test(q) ? q : undefined);
  // A run logged from a route records what the service saw (a prediction and its user's feedback), not an
  // experiment: it watches the service.
  const inRoute = c.func !== undefined && routes.some((r) => r.fn === c.func);
  if (tracked && inRoute) add(call, 'monitoring', `logs what the service sees with ${q}`);
  else if (tracked) {
    add(call, 'experiment-tracking', `tracks experiments with ${q}`);
    if (!/\.set_[a-z_]+$/.test(q!)) loggedOutsideRoutes = true;
  }
  const artefactKeyword = q ? FRAMEWORK_TRACKERS.get(q) : undefined;
  if (artefactKeyword) {
    add(call, 'experiment-tracking', `tracks experiments with ${short(q!)}`);
    const logsModel = keyword(call, artefactKeyword);
    if (logsModel && !isNone(logsModel) && !(logsModel.kind === 'Constant' && logsModel.value === false))
      add(call, 'model-versioning', `logs the model's checkpoints with ${short(q!)}(${artefactKeyword}=...)`);
  }
  if (
    q === 'torch.utils.tensorboard.SummaryWriter' ||
    q === 'tensorboardX.SummaryWriter' ||
    q === 'tensorflow.keras.callbacks.TensorBoard' ||
    q === 'keras.callbacks.TensorBoard'
  )
    add(call, 'local-tracking', 'logs to TensorBoard');
  if (
    under(q, MODEL_VERSIONING) ||
    (q && /^mlflow\.[a-z_]+\.log_model$/.test(q)) ||
    keyword(call, 'registered_model_name') ||
    c.method === 'push_to_hub' ||
    // SageMaker's model registry: packages registered in (or read from) a model package group.
    q === 'sagemaker.workflow.step_collections.RegisterModel' ||
    keyword(call, 'ModelPackageGroupName') ||
    keyword(call, 'model_package_group_name') ||
    (c.method && /registered_model|model_version/.test(c.method) && isUnder(c.receiverType, 'mlflow'))
  ) {
    add(
      call,
      'model-versioning',
      q && /log_model$/.test(q) ? `logs the model with ${q}` : `versions models with ${q ?? c.method}`,
    );
  }
  if (isUnder(q, 'dvc.api') || isUnder(q, 'lakefs') || isUnder(q, 'deltalake'))
    add(call, 'data-versioning', `reads versioned data with ${q}`);
  return loggedOutsideRoutes;
}

/** Orchestration, ML platforms and feature stores. */
function platformCallFacts(c: CallSite, add: AddFact): void {
  const q = c.qualified;
  const call = c.call;
  // Orchestration and platforms.
  if (
    q === 'tfx.orchestration.pipeline.Pipeline' ||
    q === 'tfx.v1.dsl.Pipeline' ||
    (isUnder(q, 'tfx.orchestration') && /DagRunner$/.test(short(q!))) ||
    (isUnder(q, 'tfx.v1.orchestration') && /DagRunner$/.test(short(q!)))
  )
    add(call, 'orchestration', `TFX pipeline (${short(q!)})`);
  if (isUnder(q, 'tritonclient') || q === 'pytriton.triton.Triton')
    add(call, 'serving', `serves with Triton (${short(q!)})`);
  if (q === 'airflow.DAG' || q === 'airflow.models.DAG' || q === 'airflow.models.dag.DAG' || q === 'airflow.sdk.DAG')
    add(call, 'orchestration', 'Airflow DAG');
  if (isUnder(q, 'kfp.compiler') || q === 'kfp.Client') add(call, 'orchestration', `Kubeflow Pipelines (${short(q!)})`);
  if (
    q === 'sagemaker.workflow.pipeline.Pipeline' ||
    q === 'google.cloud.aiplatform.PipelineJob' ||
    q === 'azure.ai.ml.dsl.pipeline'
  )
    add(
      call,
      'orchestration',
      `${q.split('.')[0] === 'google' ? 'Vertex AI' : q.split('.')[0] === 'azure' ? 'Azure ML' : 'SageMaker'} ` +
        `pipeline`,
    );
  // A run of a SageMaker pipeline started from code (a Lambda on new data, a scheduler): the pipeline is
  // defined elsewhere, this triggers it.
  if (c.method === 'start_pipeline_execution' && keyword(call, 'PipelineName'))
    add(call, 'orchestration', 'starts a SageMaker pipeline run');
  if (
    isUnder(q, 'sagemaker') ||
    ((q === 'boto3.client' || q === 'boto3.Session.client') && /^sagemaker/.test(stringValue(call.args[0]) ?? ''))
  )
    add(call, 'cloud-platform', 'AWS SageMaker');
  else if (isUnder(q, 'google.cloud.aiplatform') || isUnder(q, 'vertexai'))
    add(call, 'cloud-platform', 'Google Vertex AI');
  else if (isUnder(q, 'azure.ai.ml') || isUnder(q, 'azureml')) add(call, 'cloud-platform', 'Azure Machine Learning');
  else if (isUnder(q, 'databricks') || isUnder(q, 'kubernetes.client') || isUnder(q, 'kubernetes.config'))
    add(call, 'cloud-platform', q!.startsWith('databricks') ? 'Databricks' : 'Kubernetes API');
  // Runs submitted to a Kubeflow deployment, or pipeline steps given Kubernetes secrets and volumes: the
  // pipeline runs on the cluster's ML platform.
  else if (q === 'kfp.Client' || isUnder(q, 'kfp.kubernetes'))
    add(call, 'cloud-platform', `Kubeflow on Kubernetes (${short(q!)})`);

  // Feature stores.
  if (
    isUnder(q, 'feast') ||
    isUnder(q, 'hopsworks') ||
    isUnder(q, 'tecton') ||
    isUnder(q, 'sagemaker.feature_store') ||
    isUnder(q, 'featureform')
  )
    add(call, 'feature-store', `feature store (${q!.split('.')[0]})`);
}

/** Monitoring, drift detection, logging set-up and A/B tests. */
function monitoringCallFacts(c: CallSite, isModule: boolean, add: AddFact): void {
  const q = c.qualified;
  const call = c.call;
  // Monitoring and drift.
  const mon = under(q, MONITORING);
  if (mon) add(call, 'monitoring', `monitoring with ${mon}`);
  if (
    under(q, DRIFT) ||
    (isModule &&
      (q === 'scipy.stats.ks_2samp' ||
        q === 'scipy.stats.wasserstein_distance' ||
        q === 'scipy.stats.chi2_contingency') &&
      c.func &&
      /drift|shift/i.test(c.func.name))
  )
    add(call, 'drift-detection', `detects drift with ${short(q!)}`);
  if (
    (q === 'logging.basicConfig' ||
      isUnder(q, 'logging.config') ||
      q === 'structlog.configure' ||
      q === 'loguru.logger.add') &&
    isModule
  )
    add(call, 'logging-config', 'configures logging');

  // A/B tests: traffic split between model variants.
  if (q && /ProductionVariant|production_variant/.test(short(q)) && isUnder(q, 'sagemaker'))
    add(call, 'ab-test', 'SageMaker production variants');
  if (keyword(call, 'traffic_split') && isUnder(q, 'google.cloud.aiplatform'))
    add(call, 'ab-test', 'Vertex AI traffic split');
}

/** Distributed training, model optimisation and the research libraries (self-supervised, reinforcement learning). */
function trainingCallFacts(c: CallSite, prepares: boolean, add: AddFact): void {
  const q = c.qualified;
  const call = c.call;
  // Distributed training.
  const dist = under(q, DISTRIBUTED);
  if (dist && (dist !== 'accelerate.Accelerator' || prepares))
    add(
      call,
      'distributed-training',
      `distributed training with ${dist === 'torch.nn.DataParallel' ? 'DataParallel' : dist}`,
    );
  if (
    (q === 'pytorch_lightning.Trainer' || q === 'lightning.Trainer' || q === 'lightning.pytorch.Trainer') &&
    distributedTrainer(call)
  )
    add(call, 'distributed-training', 'Lightning Trainer on several devices');

  // Optimisation.
  const opt = under(q, OPTIMISATION);
  if (opt && !(opt === 'torch.compile')) add(call, 'model-optimisation', `${opt} (${short(q!)})`);
  if ((keyword(call, 'load_in_8bit') || keyword(call, 'load_in_4bit')) && c.method === 'from_pretrained')
    add(call, 'model-optimisation', 'loads the model quantised');

  // Research: self-supervised libraries and RL.
  if (under(q, SSL_LIBS)) add(call, 'self-supervised', `self-supervised learning with ${short(q!)}`);
  if (
    q === 'transformers.DataCollatorForLanguageModeling' &&
    !(keyword(call, 'mlm')?.kind === 'Constant' && (keyword(call, 'mlm') as { value: unknown }).value === false)
  )
    add(call, 'self-supervised', 'masked language modelling objective');
  if (under(q, RL_ENV) || (c.method === 'make' && (isUnder(c.qualified, 'gym') || isUnder(c.qualified, 'gymnasium')))) {
    // `gym.make("CartPole-v1")`: a classic control or toy-text environment, where courses and tutorials train agents.
    const id = c.method === 'make' && call.args[0] ? stringValue(call.args[0]) : undefined;
    if (id !== undefined && TOY_ENVIRONMENT.test(id)) add(call, 'rl-toy-environment', `RL environment ${id} (${q})`);
    else add(call, 'rl-environment', `RL environment (${q})`);
  }
  if (under(q, RL_AGENT) && /^[A-Z]/.test(short(q!))) add(call, 'rl-agent', `RL agent ${short(q!)}`);
  // Gradients taken by hand and kept differentiable (`torch.autograd.grad(loss, params, create_graph=...)`): an
  // update rule of the project's own, stepped through by an outer loop (MAML's inner loop, learned step sizes), or a
  // gradient penalty in its own loss.
  if ((q === 'torch.autograd.grad' || q === 'torch.autograd.functional.vjp') && keyword(call, 'create_graph')) {
    const penalty = c.func !== undefined && /penalty|regulari[sz]/i.test(c.func.name);
    add(
      call,
      penalty ? 'custom-loss' : 'custom-optimizer',
      penalty
        ? `gradient penalty in ${c.func!.name}() (autograd.grad with create_graph)`
        : 'own update rule: gradients kept differentiable (autograd.grad with create_graph)',
    );
  }
}

/** A script that loads a model, predicts and writes or stores the predictions. */
function batchPredictionFacts(unit: PythonUnit, calls: CallSite[], add: AddFact): void {
  const predicts = calls.filter((c) => c.method && PREDICT_METHODS.has(c.method));
  const carried = predictionNames(unit.outline.assigns);
  // The written table must hold the predictions: writing the request's input as JSON is not a batch job.
  const writes = calls.filter(
    (c) => c.method && /^to_(csv|parquet|sql|json|feather)$/.test(c.method) && carriesPredictions(c.call, carried),
  );
  // Or a function of the project named for storing predictions (`insert_predictions(db, rows)` into a table).
  const stores = calls.find((c) => c.name && STORES_PREDICTIONS.test(c.name));
  if (predicts.length > 0 && writes.length > 0)
    add(predicts[0].call, 'batch-prediction', `predicts in batch and writes with .${writes[0].method}`);
  else if (predicts.length > 0 && stores)
    add(predicts[0].call, 'batch-prediction', `predicts in batch and stores them with ${stores.name}()`);
}

/** Decorators of orchestration and serving frameworks. */
function decoratorFacts(decorated: Array<FunctionDefStmt | ClassDefStmt>, imports: ImportTable, add: AddFact): void {
  for (const s of decorated) {
    for (const d of s.decorators) {
      const q = qualifiedName(d.kind === 'Call' ? d.func : d, imports);
      if (!q) continue;
      if (q === 'airflow.decorators.dag' || q === 'airflow.sdk.dag') add(d, 'orchestration', 'Airflow DAG');
      else if (q === 'prefect.flow') add(d, 'orchestration', 'Prefect flow');
      else if (q === 'kfp.dsl.pipeline' || q === 'kfp.v2.dsl.pipeline') add(d, 'orchestration', 'Kubeflow pipeline');
      else if (q === 'dagster.job' || q === 'dagster.asset' || q === 'dagster.schedule')
        add(d, 'orchestration', `Dagster ${short(q)}`);
      else if (q === 'zenml.pipeline' || q === 'zenml.pipelines.pipeline') add(d, 'orchestration', 'ZenML pipeline');
      else if (q === 'azure.ai.ml.dsl.pipeline') add(d, 'orchestration', 'Azure ML pipeline');
      else if (
        q === 'bentoml.service' ||
        q === 'bentoml.api' ||
        q === 'ray.serve.deployment' ||
        q === 'modal.web_endpoint' ||
        q === 'modal.fastapi_endpoint'
      )
        add(d, 'serving', `serves with ${q}`);
      else if (q === 'locust.task' && s.kind === 'FunctionDef') continue;
    }
  }
}

/** What a class's bases and name say it is. */
function classFacts(c: ClassInfo, add: AddFact): void {
  const bases = c.bases;
  const s = c.stmt;
  if (isLocustUser(c)) add(s.nameSpan, 'load-test', `Locust user ${s.name}`);
  if (
    bases.some(
      (b) =>
        b === 'kserve.Model' ||
        isUnder(b, 'ts.torch_handler') ||
        b === 'seldon_core.user_model.SeldonComponent' ||
        b === 'mlflow.pyfunc.PythonModel',
    )
  )
    add(s.nameSpan, 'serving', `model server class ${s.name}`);
  if (bases.some((b) => b === 'metaflow.FlowSpec')) add(s.nameSpan, 'orchestration', `Metaflow flow ${s.name}`);
  if (bases.some((b) => b === 'gymnasium.Env' || b === 'gym.Env'))
    add(s.nameSpan, 'rl-environment', `custom environment ${s.name}`);
  if (
    bases.some(
      (b) =>
        isUnder(b, 'torch.optim.Optimizer') ||
        b === 'torch.optim.optimizer.Optimizer' ||
        isUnder(b, 'tensorflow.keras.optimizers.Optimizer') ||
        isUnder(b, 'optax'),
    )
  )
    add(s.nameSpan, 'custom-optimizer', `custom optimizer ${s.name}`);
  if (bases.some((b) => b === 'torch.autograd.Function'))
    add(s.nameSpan, 'custom-loss', `custom autograd function ${s.name}`);
  if (/replay_?(buffer|memory)|rollout_?buffer|experience_?replay|^(uniform|prioriti[sz]ed)_?replay$/i.test(s.name))
    add(s.nameSpan, 'rl-agent', `replay buffer ${s.name}`);
  // An agent class named for a reinforcement-learning algorithm (`DQNAgent`, `PPOAgent`, `TD3Agent`).
  else if (rlAgentClass(s.name)) add(s.nameSpan, 'rl-agent', `RL agent ${s.name}`);
  const isNN = bases.some(isNetworkBase);
  if (!isNN) {
    // A self-supervised method's module on the project's own base module (`class BYOL(BaseMethod)`, where
    // `BaseMethod` is an `nn.Module` defined elsewhere): its forward pass computes the objective.
    if (SSL_NAME.test(s.name) && c.methods.has('forward'))
      add(s.nameSpan, 'self-supervised', `self-supervised method ${s.name}`);
    return;
  }
  if (/loss$/i.test(s.name) || bases.some((b) => isUnder(b, 'torch.nn.modules.loss'))) {
    add(s.nameSpan, 'custom-loss', `custom loss ${s.name}`);
    if (SSL_NAME.test(s.name)) add(s.nameSpan, 'self-supervised', `self-supervised objective ${s.name}`);
    return;
  }
  const forward = ['forward', 'call', '__call__'].some((m) => c.methods.has(m)) || hasCompact(s);
  if (forward) add(s.nameSpan, 'custom-architecture', `custom module ${s.name}`);
  if (SSL_NAME.test(s.name)) add(s.nameSpan, 'self-supervised', `self-supervised model ${s.name}`);
  else if (twoViewObjective(s)) add(s.nameSpan, 'self-supervised', `two views of an input compared by ${s.name}`);
}

/**
 * A module whose forward pass takes two views of the inputs (`forward(self, x1, x2)`), encodes both with the same
 * network and returns a loss computed from the two encodings with no label: a contrastive or redundancy-reduction
 * objective, whatever the method is called (a Siamese classifier given labels, or one returning similarities, is not).
 */
function twoViewObjective(s: ClassDefStmt): boolean {
  const forward = s.body.find(
    (b): b is FunctionDefStmt => b.kind === 'FunctionDef' && (b.name === 'forward' || b.name === 'call'),
  );
  if (!forward) return false;
  const views = forward.params.slice(1).filter((p) => p.star === '' && !p.default);
  if (views.length !== 2 || views.some((p) => /label|target|^y$/i.test(p.name))) return false;
  // The callee applied to each view (`self.encoder(x1)`, `f(x2)`), by its written name.
  const encoders = new Map<string, Set<string>>();
  let returnsLoss = false;
  walkAllExprs(forward.body, (e, owner) => {
    if (owner.kind === 'Return' && owner.value === e) returnsLoss ||= namesLoss(e);
    if (e.kind !== 'Call' || e.args.length !== 1 || e.args[0].kind !== 'Name') return;
    const view = views.find((p) => p.name === (e.args[0] as { id: string }).id);
    const callee = dottedName(e.func);
    if (!view || !callee) return;
    const seen = encoders.get(callee) ?? new Set<string>();
    seen.add(view.name);
    encoders.set(callee, seen);
  });
  return returnsLoss && [...encoders.values()].some((v) => v.size === 2);
}

/** True when a returned value names a loss: `loss`, `total_loss`, `{"loss": L}`, `self.criterion(z1, z2)`. */
function namesLoss(e: Expr): boolean {
  let found = false;
  walkExpr(e, (x) => {
    if (found) return false;
    if (x.kind === 'Name' && /loss/i.test(x.id)) found = true;
    else if (x.kind === 'Constant' && typeof x.value === 'string' && /^loss$/i.test(x.value)) found = true;
    else if (x.kind === 'Attribute' && /loss|criterion/i.test(x.attr)) found = true;
    return !found;
  });
  return found;
}

/**
 * True when a function only hands its parameters to the call of the same name (`def nll_loss(output, target): return
 * F.nll_loss(output, target)`, as a project template names a framework's loss): the library's loss, not an own one.
 */
function wrapsOneCall(s: FunctionDefStmt): boolean {
  const body = s.body.filter((b) => !(b.kind === 'Expr' && b.value.kind === 'Constant'));
  const only = body.length === 1 ? body[0] : undefined;
  if (only?.kind !== 'Return' || only.value?.kind !== 'Call') return false;
  const call = only.value;
  const callee = dottedName(call.func);
  if (callee?.slice(callee.lastIndexOf('.') + 1) !== s.name) return false;
  const plain = (e: Expr) => e.kind === 'Name' || e.kind === 'Constant';
  return call.args.every(plain) && call.keywords.every((k) => plain(k.value));
}

/** Functions that judge learned features with a kNN classifier or a linear probe. */
const PROBE_FUNCTION =
  /^(eval_?knn|knn_?(eval\w*|monitor|predict|classif\w*)|eval_?linear\w*|linear_?(eval\w*|probe\w*))$/i;

/**
 * Research signals from definitions in a unit that uses a deep-learning framework: own loss functions, own top-k
 * accuracy, linear-probe or kNN evaluation, reward curves and logged episode returns of an agent.
 */
function researchFacts(
  unit: PythonUnit,
  functions: FunctionDefStmt[],
  calls: CallSite[],
  facts: Fact[],
  add: AddFact,
): void {
  for (const s of functions) {
    if (
      /(^|_)loss(es)?$|^(loss|criterion)_|_loss_/i.test(s.name) &&
      s.params.length >= 1 &&
      !/^(get|log|print|plot|save|load|reset)_|_(log|logger|history|meter|plot)$/i.test(s.name) &&
      !wrapsOneCall(s)
    )
      add(s.nameSpan, 'custom-loss', `own loss ${s.name}()`);
    if (/^(top_?k_?)?acc(uracy)?(_top_?k)?$/i.test(s.name) && s.params.some((p) => p.name === 'topk' || p.name === 'k'))
      add(s.nameSpan, 'paper-evaluation', `own top-k accuracy ${s.name}()`);
    // Learned features judged by a kNN classifier or a linear probe in a function of the project's own (`eval_knn`,
    // `knn_monitor`, `linear_probe`), given the features of a training and a test part.
    if (PROBE_FUNCTION.test(s.name) && s.params.length >= 2)
      add(s.nameSpan, 'paper-evaluation', `linear-probe or kNN evaluation ${s.name}()`);
    // A generative model's paper metrics computed by the project's own code: `calc_bpd_loop`,
    // `run_bpd_evaluation`, `compute_fid`, `evaluate_perplexity`.
    if (GENERATIVE_EVAL.test(s.name) && EVAL_VERB.test(s.name)) {
      add(s.nameSpan, 'paper-evaluation', `own evaluation ${s.name}()`);
      add(s.nameSpan, 'evaluation', `own evaluation ${s.name}()`);
    }
  }
  if (
    new RegExp(
      String.raw`(^|\/|_)(lin(ear)?_?(eval|probe|cls|classif\w*)|linprobe|knn_?(monitor` +
        String.raw`|eval)|main_linprobe|eval_linear)[^/]*\.(py|ipynb)$`,
      'i',
    ).test(unit.path)
  )
    add({ from: 0, to: 0 }, 'paper-evaluation', 'linear-probe or kNN evaluation of learned features');
  // A log argument that names `pattern`: by its variable's name, or in the text of its string.
  const mentions = (pattern: { test(text: string): boolean }) => (a: Expr) => {
    const text = logText(a);
    return pattern.test(dottedName(a) ?? '') || (text !== undefined && pattern.test(unit.text(text)));
  };
  const rl = facts.some((f) => f.kind === 'rl-environment' || f.kind === 'rl-toy-environment' || f.kind === 'rl-agent');
  if (!rl) {
    // A base agent in a module of its own logs its episodes' returns by names only an agent uses
    // (`episodic_return_test`, `EpRet`, `mean_episode_reward`).
    const strict = mentions(EPISODE_RETURN);
    const logged = calls.find(
      (c) =>
        (LOG_METHODS.has(c.method ?? '') || c.method === 'info' || (c.name === 'print' && !c.method)) &&
        !/^(numpy|torch|math|tensorflow|jax)\./.test(c.qualified ?? '') &&
        (c.call.args.some(strict) || c.call.keywords.some((k) => EPISODE_RETURN.test(k.name ?? ''))),
    );
    if (logged) add(logged.call, 'evaluation', 'episode returns of the agent are logged');
  } else {
    const plot = calls.find(
      (c) =>
        (c.qualified === 'matplotlib.pyplot.plot' || c.method === 'plot' || c.method === 'add_scalar') &&
        c.call.args.some(
          (a) =>
            /reward|score|return/i.test(dottedName(a) ?? '') ||
            (a.kind === 'Constant' && /reward|return|score/i.test(String(a.value))),
        ),
    );
    if (plot) {
      add(plot.call, 'paper-evaluation', 'reward curve of the agent');
      add(plot.call, 'evaluation', 'reward curve of the agent');
    }
    // Episode returns written to a log (`logger.store(TestEpRet=ep_ret)`, `writer.add_scalar("reward", r)`,
    // `print(f"episode {i} reward {total}")`): the reward curve, recorded rather than drawn.
    const RETURN = /reward|return|ep_?ret\b|epret|\bscore\b/i;
    const names = mentions(RETURN);
    const logged = calls.find(
      (c) =>
        // `np.log(returns)` takes a logarithm: a call of a numerical library is not a log.
        ((LOG_METHODS.has(c.method ?? '') && !/^(numpy|torch|math|tensorflow|jax)\./.test(c.qualified ?? '')) ||
          (c.name === 'print' && !c.method)) &&
        (c.call.args.some(names) || c.call.keywords.some((k) => RETURN.test(k.name ?? '') || names(k.value))),
    );
    if (!plot && logged) add(logged.call, 'evaluation', 'episode returns of the agent are logged');
  }
}

/** What names an Airflow task: its variable, `task_id`, `trigger_dag_id` and callable. */
function airflowTasks(body: Stmt[], imports: ImportTable): Map<string, string> {
  const tasks = new Map<string, string>();
  walkStatements(body, (s) => {
    if (s.kind !== 'Assign' || s.value?.kind !== 'Call' || s.targets.length !== 1) return;
    const name = dottedName(s.targets[0]);
    if (!name || !isUnder(qualifiedName(s.value.func, imports), 'airflow')) return;
    const words = [name];
    for (const k of ['task_id', 'trigger_dag_id']) {
      const v = keyword(s.value, k);
      const text = v ? stringValue(v) : undefined;
      if (text) words.push(text);
    }
    const callable = keyword(s.value, 'python_callable');
    const callableName = callable ? dottedName(callable) : undefined;
    if (callableName) words.push(callableName);
    tasks.set(name, words.join(' '));
  });
  return tasks;
}

const DAG_DRIFT = /drift/i;
const DAG_TRAINING = /retrain|(^|[\s_])train(_|ing|$|\s)|model_train|fit_model/i;

/**
 * In a DAG where a drift task comes before a training task (directly or through other tasks), the `>>` that
 * leads into the training task; otherwise undefined. `a >> [b, c]` and `[a, b] >> c` fan out and in; `a << b`
 * reads right to left.
 */
function driftUpstreamOfTraining(body: Stmt[], imports: ImportTable): Expr | undefined {
  const tasks = airflowTasks(body, imports);
  if (tasks.size === 0) return undefined;
  const next = new Map<string, Set<string>>();
  // `a >> b` and `a << b` both evaluate to `b`: the tasks an operand stands for are those of its last task.
  const names = (e: Expr): string[] => {
    if (e.kind === 'Tuple' || e.kind === 'List') return e.elts.flatMap(names);
    if (e.kind === 'Binary' && (e.op === '>>' || e.op === '<<')) return names(e.right);
    const d = dottedName(e);
    return d && tasks.has(d) ? [d] : [];
  };
  const where = new Map<string, Expr>();
  const link = (e: Expr): void => {
    if (e.kind !== 'Binary' || (e.op !== '>>' && e.op !== '<<')) return;
    const [up, down] = e.op === '>>' ? [e.left, e.right] : [e.right, e.left];
    link(up);
    link(down);
    for (const a of names(up))
      for (const b of names(down)) {
        next.set(a, (next.get(a) ?? new Set()).add(b));
        if (!where.has(`${a}>${b}`)) where.set(`${a}>${b}`, e);
      }
  };
  walkStatements(body, (s) => {
    if (s.kind === 'Expr') link(s.value);
  });
  for (const [start, words] of tasks) {
    if (!DAG_DRIFT.test(words)) continue;
    const seen = new Set([start]);
    const queue = [start];
    while (queue.length > 0) {
      const t = queue.shift()!;
      for (const n of next.get(t) ?? []) {
        if (seen.has(n)) continue;
        if (DAG_TRAINING.test(tasks.get(n) ?? '')) return where.get(`${t}>${n}`);
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return undefined;
}

/**
 * A Locust user class (a load test written in Python) that sends requests: a class body that never calls
 * `self.client.get/post/...` (an almost empty locustfile) loads nothing and does not count as a load test.
 */
function isLocustUser(c: ClassInfo): boolean {
  if (
    !c.bases.some(
      (b) => /^locust\.(HttpUser|FastHttpUser|User)$/.test(b) || isUnder(b, 'locust.contrib.fasthttp.FastHttpUser'),
    )
  )
    return false;
  let sends = false;
  walkAllExprs(c.stmt.body, (e) => {
    if (
      e.kind === 'Call' &&
      e.func.kind === 'Attribute' &&
      HTTP_VERBS.has(e.func.attr) &&
      /(^|\.)client$/.test(dottedName(e.func.value) ?? '')
    )
      sends = true;
  });
  return sends;
}

/** Request methods of Locust's HTTP clients. */
const HTTP_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'rest']);

/** The load tests of a unit (Locust users): of a test module's infrastructure, the only facts the checklist counts. */
export function loadTestFacts(index: UnitIndex): Fact[] {
  return index.classes
    .filter(isLocustUser)
    .map((c) => unitFact(index.unit, c.stmt.nameSpan, 'load-test', `Locust user ${c.stmt.name}`));
}

function hasCompact(s: ClassDefStmt): boolean {
  return s.body.some(
    (m) =>
      m.kind === 'FunctionDef' && (m.name === 'setup' || m.decorators.some((d) => dottedName(d)?.endsWith('compact'))),
  );
}

function distributedTrainer(call: { keywords: Array<{ name: string | undefined; value: Expr }> }): boolean {
  for (const k of call.keywords) {
    if (k.name === 'strategy' && !(k.value.kind === 'Constant' && /^(auto|single_device)$/.test(String(k.value.value))))
      return true;
    if (
      (k.name === 'num_nodes' || k.name === 'devices' || k.name === 'gpus') &&
      k.value.kind === 'Constant' &&
      typeof k.value.value === 'number' &&
      k.value.value > 1
    )
      return true;
  }
  return false;
}

/** The test of an `if` reads a drift result: a name, attribute, call or key about drift. */
function driftTest(s: IfStmt): boolean {
  let found = false;
  for (const b of s.branches) {
    walkExpr(b.test, (e) => {
      const d = dottedName(e) ?? (e.kind === 'Call' ? dottedName(e.func) : undefined);
      if (d && /drift/i.test(d)) found = true;
      if (e.kind === 'Subscript' && e.index.some((i) => /drift/i.test(stringValue(i) ?? ''))) found = true;
    });
  }
  return found;
}

/** A branch of the `if` calls training: a function named for training, a `.fit`, or a pipeline or DAG run. */
function startsTraining(s: IfStmt, calls: CallSite[]): boolean {
  const inside = (c: CallSite) => c.call.from >= s.from && c.call.to <= s.to;
  return calls.some((c) => {
    if (!inside(c)) return false;
    const name = c.method ?? (c.call.func.kind === 'Name' ? c.call.func.id : '');
    return (
      /train|retrain|^fit$|trigger_dag|run_deployment|start_pipeline_execution|create_run|submit_pipeline/i.test(
        name,
      ) || /TriggerDagRunOperator|trigger_dag/.test(c.qualified ?? '')
    );
  });
}

/** Whether an expression calls a predict method (`model.predict(X)`). */
function callsPredict(e: Expr): boolean {
  let found = false;
  walkExpr(e, (x) => {
    if (x.kind === 'Call' && x.func.kind === 'Attribute' && PREDICT_METHODS.has(x.func.attr)) found = true;
    return !found;
  });
  return found;
}

/** Whether an expression calls a predict method or reads a name that holds predictions. */
function holdsPredictions(e: Expr, names: ReadonlySet<string>): boolean {
  if (callsPredict(e)) return true;
  let found = false;
  walkExpr(e, (x) => {
    if (x.kind === 'Name' && names.has(x.id)) found = true;
    return !found;
  });
  return found;
}

/**
 * Names that hold predictions: assigned from a predict call (`preds = model.predict(X)`), given a column
 * of them (`df["pred"] = model.predict(X)`), or built from such a name (`out = pd.DataFrame({"y": preds})`).
 */
function predictionNames(assigns: readonly AssignStmt[]): Set<string> {
  const names = new Set<string>();
  for (let round = 0; round < 3; round++) {
    const before = names.size;
    for (const s of assigns) {
      if (!s.value || !holdsPredictions(s.value, names)) continue;
      for (const t of s.targets) {
        const targets = t.kind === 'Tuple' || t.kind === 'List' ? t.elts : [t];
        for (const x of targets) {
          const base = x.kind === 'Subscript' ? x.value : x;
          if (base.kind === 'Name') names.add(base.id);
        }
      }
    }
    if (names.size === before) break;
  }
  return names;
}

/** Whether a write call (`out.to_csv(path)`) writes predictions: its table or its arguments hold them. */
function carriesPredictions(call: CallExpr, names: ReadonlySet<string>): boolean {
  return holdsPredictions(call.func, names) || call.args.some((a) => holdsPredictions(a, names));
}
