// Level 3, production deployment: a container, a serving API, CI, versioned data and models,
// monitoring, load tests, batch and online prediction.
import type { DetectContext, ItemOutcome, LevelItem } from '../item';
import { walkAllExprs } from '../../python/walk';
import { facts, metIfAny, outcome } from '../detect';

/** Request paths a load test sends to: path-like strings (`"/predict"`) in the load-test files. */
function loadTestPaths(ctx: DetectContext, files: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const unit of ctx.project.python) {
    if (!files.has(unit.path)) continue;
    walkAllExprs(unit.module.body, (e) => {
      if (
        e.kind === 'Constant' &&
        e.type === 'str' &&
        typeof e.value === 'string' &&
        /^\/[A-Za-z0-9_\-/{}.]*$/.test(e.value) &&
        e.value.length > 1
      )
        out.add(e.value.replace(/\/$/, ''));
    });
  }
  return [...out];
}

/** The Level 3 checklist. */
export const LEVEL3_ITEMS: readonly LevelItem[] = [
  {
    id: 'L3.dockerfile',
    label: 'Dockerfile',
    level: 3,
    title: 'The model ships in a container',
    why:
      'A Docker image carries the code, the libraries and the model together, so what worked on your laptop ' +
      'runs the same in production.',
    detection:
      'A Dockerfile that copies the project in or runs it, or a container image built from code ' +
      '(`bentoml.container.build`) or by a pipeline, Makefile or script (`bentoml containerize`, `mlflow models ' +
      'build-docker`); a Dockerfile copying Python files the project does not have, a development image (a ' +
      "devcontainer, an image that copies no code and runs nothing), a hosting platform's build file (a " +
      "Procfile's web process, render.yaml, fly.toml, App Engine's app.yaml) or a compose file alone counts as " +
      'partly met.',
    core: true,
    weight: 8,
    nextStep: {
      title: 'Add a Dockerfile that installs the pinned requirements and starts the service',
      scaffold: 'dockerfile',
    },
    detect: (ctx): ItemOutcome => {
      const docker = facts(ctx, 'dockerfile');
      const compose = facts(ctx, 'compose');
      if (docker.length > 0) return outcome('met', [docker, compose]);
      const dev = facts(ctx, 'dev-container');
      if (dev.length > 0)
        return outcome(
          'partial',
          [dev, compose],
          'a Dockerfile for a development environment only: it copies no project code and runs nothing',
        );
      const broken = facts(ctx, 'dockerfile-broken');
      if (broken.length > 0)
        return outcome('partial', [broken, compose], 'a Dockerfile, but it copies files the project does not have');
      const platform = facts(ctx, 'platform-build');
      if (platform.length > 0)
        return outcome(
          'partial',
          [platform, compose],
          'a hosting platform builds the container from its build file; a Dockerfile would pin the image it runs',
        );
      if (compose.length > 0)
        return outcome('partial', [compose], 'a compose file, but no Dockerfile builds the project');
      return { status: 'missing', evidence: [], detail: 'no Dockerfile was found' };
    },
  },
  {
    id: 'L3.serving',
    label: 'serving API',
    level: 3,
    title: 'Predictions are served through an API',
    why:
      'An API turns the model into something other systems and people can use, and makes its inputs and outputs ' +
      'explicit.',
    detection:
      'FastAPI or Flask routes that predict with a model (or an app that loads one), BentoML, Ray Serve, KServe, ' +
      'Seldon or TorchServe handlers, MLflow pyfunc models, serverless handlers (`lambda_handler(event, ' +
      'context)`) that predict with a model the module loads.',
    core: true,
    weight: 8,
    nextStep: { title: 'Serve the model behind a FastAPI /predict endpoint', scaffold: 'api' },
    detect: (ctx): ItemOutcome => {
      const serving = facts(ctx, 'serving');
      const servingFiles = new Set(serving.map((f) => f.range.path));
      if (serving.length > 0)
        return outcome('met', [serving, facts(ctx, 'model-load').filter((f) => servingFiles.has(f.range.path))]);
      const routes = facts(ctx, 'web-route');
      const demo = facts(ctx, 'demo-ui');
      if (routes.length > 0) return outcome('partial', [routes], 'a web app, but no route predicts with a model');
      if (demo.length > 0) return outcome('partial', [demo], 'a demo interface, not an API other systems can call');
      return { status: 'missing', evidence: [], detail: 'no serving endpoint was found' };
    },
  },
  {
    id: 'L3.ci',
    label: 'CI',
    level: 3,
    title: 'Continuous integration runs on every change',
    why: 'CI runs the tests and builds on every push, so a broken change is caught before it reaches users.',
    detection: 'GitHub Actions, GitLab CI, Azure Pipelines, Jenkins, CircleCI, Bitbucket or Travis definitions.',
    core: true,
    weight: 7,
    nextStep: { title: 'Add a CI workflow that installs the requirements and runs the tests', scaffold: 'ci' },
    detect: (ctx) => metIfAny(facts(ctx, 'ci'), 'no CI definition was found'),
  },
  {
    id: 'L3.versioning',
    label: 'versioned data and models',
    level: 3,
    title: 'Data and models are versioned',
    why:
      'Knowing which data and which model produced a prediction lets you reproduce it, compare versions and ' +
      'roll back.',
    detection:
      'DVC (`dvc.yaml`, `.dvc/config`, `*.dvc`) for data; DVC outputs and DVC-tracked model files, an MLflow model ' +
      'registry, logged MLflow models (also through the Ray and Lightning MLflow loggers) or W&B artifacts for ' +
      'models. Either one is met (the detail names the other).',
    core: true,
    weight: 6,
    nextStep: { title: 'Track the data and the trained model with DVC', scaffold: 'dvc' },
    detect: (ctx): ItemOutcome => {
      const data = facts(ctx, 'data-versioning');
      const models = facts(ctx, 'model-versioning');
      if (data.length > 0 && models.length > 0) return outcome('met', [data, models]);
      // A model registry or DVC-tracked data is versioning in practice; the other half is named as the gap.
      if (data.length > 0) return outcome('met', [data], 'data is versioned; models are not yet');
      if (models.length > 0) return outcome('met', [models], 'models are versioned; data is not yet');
      return { status: 'missing', evidence: [], detail: 'neither data nor models are versioned' };
    },
  },
  {
    id: 'L3.monitoring',
    label: 'monitoring',
    level: 3,
    title: 'The service is logged and monitored',
    why: 'Models fail quietly: metrics and dashboards on latency, errors and input data tell you before your users do.',
    detection:
      'prometheus_client or an instrumentator, Grafana dashboards, Prometheus configuration, Evidently, whylogs, ' +
      'alibi-detect, NannyML; logging configured in code counts as partly met.',
    core: true,
    weight: 6,
    nextStep: { title: 'Expose Prometheus metrics from the service and chart them in Grafana', scaffold: 'monitoring' },
    detect: (ctx): ItemOutcome => {
      const mon = facts(ctx, 'monitoring');
      if (mon.length > 0) return outcome('met', [mon]);
      const logs = facts(ctx, 'logging-config');
      if (logs.length > 0) return outcome('partial', [logs], 'logging is configured, but nothing collects metrics');
      return { status: 'missing', evidence: [], detail: 'no logging or monitoring was found' };
    },
  },
  {
    id: 'L3.load-tests',
    label: 'load tests',
    level: 3,
    title: 'The service is load tested',
    why:
      'A load test tells you how many requests the service handles and how slow it gets before real traffic ' +
      'finds out.',
    detection:
      'Locust users (`HttpUser`) or k6 scripts aimed at the prediction service: a load test of a project with no ' +
      'prediction endpoint, or one whose request paths no prediction route serves, counts as partly met.',
    core: false,
    weight: 4,
    nextStep: { title: 'Add a Locust load test for the prediction endpoint', scaffold: 'load-test' },
    detect: (ctx): ItemOutcome => {
      const tests = facts(ctx, 'load-test');
      if (tests.length === 0) return { status: 'missing', evidence: [], detail: 'no load test was found' };
      const serving = facts(ctx, 'serving');
      if (serving.length === 0)
        return outcome('partial', [tests], 'a load test, but no prediction service to aim it at');
      // A scaffolded or copied load test aimed at another web app does not load the prediction service.
      const routes = serving
        .map((f) => /^(?:[A-Z]+|ROUTE) (\/\S*)/.exec(f.note)?.[1])
        .filter((p): p is string => !!p)
        .map((p) => p.replace(/\/$/, '') || '/');
      const targets = loadTestPaths(ctx, new Set(tests.map((t) => t.range.path)));
      const hits = (t: string) => routes.some((r) => r === t || r.endsWith(t) || t.endsWith(r));
      if (routes.length > 0 && targets.length > 0 && !targets.some(hits))
        return outcome(
          'partial',
          [tests, serving],
          `the load test calls ${targets.slice(0, 2).join(', ')}, which no prediction route serves ` +
            `(${routes.slice(0, 2).join(', ')})`,
        );
      return outcome('met', [tests]);
    },
  },
  {
    id: 'L3.batch-and-online',
    label: 'batch and online prediction',
    level: 3,
    title: 'Both batch and online prediction',
    why:
      'Many products need both: nightly scores for everyone and a real-time answer for one request; each has ' +
      'its own failure modes.',
    detection:
      'An online endpoint (as for serving) and a batch job: a script that loads a model, predicts and writes the ' +
      'results, or a scheduled Kubernetes CronJob.',
    core: false,
    weight: 3,
    detect: (ctx): ItemOutcome => {
      const online = facts(ctx, 'serving');
      const batch = facts(ctx, 'batch-prediction');
      if (online.length > 0 && batch.length > 0) return outcome('met', [batch, online]);
      if (batch.length > 0) return outcome('partial', [batch], 'batch prediction only');
      if (online.length > 0) return outcome('partial', [online], 'online prediction only');
      return { status: 'missing', evidence: [], detail: 'no prediction job or endpoint was found' };
    },
  },
];
