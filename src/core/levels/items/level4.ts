// Level 4, scalable ML systems: orchestration, a platform, experiment tracking, distributed training,
// feature stores, drift-triggered retraining, A/B tests, model optimisation.
import type { ItemOutcome, LevelItem } from '../item';
import { facts, inUncalledFunctions, metIfAny, outcome } from '../detect';

/** The Level 4 checklist. */
export const LEVEL4_ITEMS: readonly LevelItem[] = [
  {
    id: 'L4.orchestration',
    label: 'orchestration',
    level: 4,
    title: 'Workflows are orchestrated',
    why:
      'An orchestrator runs data preparation, training and evaluation on a schedule or trigger, retries ' +
      'failures and shows what ran when.',
    detection:
      'Airflow DAGs, Prefect flows and deployments, Kubeflow Pipelines, Dagster, ZenML, Metaflow, Argo Workflows, ' +
      'SageMaker/Vertex/Azure ML pipelines.',
    core: true,
    weight: 7,
    nextStep: {
      title: 'Turn the training steps into an orchestrated pipeline (Prefect or Airflow)',
      scaffold: 'orchestration',
    },
    detect: (ctx) => metIfAny(facts(ctx, 'orchestration'), 'no orchestrated workflow was found'),
  },
  {
    id: 'L4.platform',
    label: 'Kubernetes or cloud platform',
    level: 4,
    title: 'Runs on Kubernetes or a cloud ML platform',
    why:
      'A platform gives you scaling, scheduling and managed infrastructure instead of one machine you look ' +
      'after by hand.',
    detection:
      'Kubernetes manifests (`apiVersion` and `kind`), Helm charts, SageMaker, Vertex AI, Azure ML or Databricks ' +
      'SDK calls, Anyscale job, service and compute configurations, Kubeflow runs (`kfp.Client`, `kfp.kubernetes`).',
    core: true,
    weight: 6,
    nextStep: { title: 'Deploy with Kubernetes manifests or a managed ML platform' },
    detect: (ctx) =>
      metIfAny(facts(ctx, 'kubernetes', 'cloud-platform'), 'no Kubernetes manifest or cloud ML platform was found'),
  },
  {
    id: 'L4.experiment-tracking',
    label: 'experiment tracking',
    level: 4,
    title: 'Experiments are tracked',
    why:
      'A tracker records the parameters, metrics and artefacts of every run, so you can compare runs and find ' +
      'the one in production.',
    detection:
      'MLflow (`log_*`, `autolog`, `start_run`, MLproject), Weights & Biases, Comet, Neptune, ClearML, Aim, ' +
      'DVCLive, also through the Ray and Lightning loggers; TensorBoard alone counts as partly met.',
    core: true,
    weight: 7,
    nextStep: { title: 'Log parameters and metrics of every run with MLflow', scaffold: 'experiment-tracking' },
    detect: (ctx): ItemOutcome => {
      const tracked = facts(ctx, 'experiment-tracking');
      if (tracked.length > 0) return outcome('met', [tracked]);
      const local = facts(ctx, 'local-tracking');
      if (local.length > 0)
        return outcome(
          'partial',
          [local],
          'TensorBoard logs, but no tracker that keeps runs, parameters and models together',
        );
      return { status: 'missing', evidence: [], detail: 'no experiment tracker was found' };
    },
  },
  {
    id: 'L4.distributed-training',
    label: 'distributed training',
    level: 4,
    title: 'Training scales across devices',
    why: 'Distributed training lets models and data outgrow a single GPU or machine.',
    detection:
      'torch.distributed / DDP / FSDP, Accelerate, DeepSpeed, Horovod, tf.distribute, Ray Train, Lightning with ' +
      'several devices, Kubeflow training jobs.',
    core: false,
    weight: 3,
    detect: (ctx) => metIfAny(facts(ctx, 'distributed-training'), 'no distributed training was found'),
  },
  {
    id: 'L4.feature-store',
    label: 'feature store',
    level: 4,
    title: 'Features come from a feature store',
    why:
      'A feature store serves the same feature values to training and to online prediction, which removes a ' +
      'whole class of skew bugs.',
    detection: 'Feast (`feature_store.yaml`, `feast` imports), Hopsworks, Tecton, SageMaker Feature Store.',
    core: false,
    weight: 3,
    detect: (ctx) => {
      const found = facts(ctx, 'feature-store');
      const idle = inUncalledFunctions(ctx, found);
      if (!found.length || idle.size < found.length) return metIfAny(found, 'no feature store was found');
      return outcome(
        'partial',
        [found],
        'the feature store is used only in functions that nothing calls (their calls are commented out or missing)',
      );
    },
  },
  {
    id: 'L4.drift-retraining',
    label: 'drift-driven retraining',
    level: 4,
    title: 'Drift triggers retraining',
    why:
      'Data changes after deployment; detecting drift and retraining automatically keeps the model current ' +
      'without someone watching it.',
    detection:
      'A drift detector (Evidently, alibi-detect, NannyML, statistical tests in drift functions) whose result ' +
      'drives a training run: an `if` on the drift result, or a drift task upstream of a training task in an ' +
      'Airflow DAG; drift detection alone counts as partly met.',
    core: false,
    weight: 4,
    detect: (ctx): ItemOutcome => {
      const trigger = facts(ctx, 'retraining-trigger');
      const drift = facts(ctx, 'drift-detection');
      if (trigger.length > 0) return outcome('met', [trigger, drift]);
      if (drift.length > 0)
        return outcome('partial', [drift], 'drift is measured, but nothing retrains when it is found');
      return { status: 'missing', evidence: [], detail: 'no drift detection was found' };
    },
  },
  {
    id: 'L4.ab-testing',
    label: 'A/B tests',
    level: 4,
    title: 'New models are A/B tested',
    why:
      'Offline metrics do not always hold online; splitting traffic between model versions measures the real ' +
      'effect before a full rollout.',
    detection:
      'Traffic splits between model versions: KServe canary, Istio weighted routes, Seldon traffic, Argo Rollouts, ' +
      'SageMaker production variants, Vertex traffic split.',
    core: false,
    weight: 2,
    detect: (ctx) => metIfAny(facts(ctx, 'ab-test'), 'no traffic split between model versions was found'),
  },
  {
    id: 'L4.model-optimisation',
    label: 'model optimisation',
    level: 4,
    title: 'Models are optimised for inference or fine-tuning',
    why:
      'Quantisation, distillation, pruning, LoRA and compiled runtimes cut latency and cost, often with little ' +
      'loss in quality.',
    detection:
      'torch quantisation and pruning, ONNX / TensorRT / OpenVINO / TFLite export, PEFT/LoRA, bitsandbytes, ' +
      'Optimum, distillation losses, and fine-tuning: pretrained weights (`from_pretrained` of a model, not of a ' +
      'configuration or tokenizer; `pretrained=True`) in code that trains.',
    core: false,
    weight: 2,
    detect: (ctx) => metIfAny(facts(ctx, 'model-optimisation'), 'no model optimisation was found'),
  },
];
