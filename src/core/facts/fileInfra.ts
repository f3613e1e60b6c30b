// Infrastructure seen in files other than Python: Dockerfiles and compose files (and what they run),
// CI definitions, Kubernetes manifests and Helm charts, DVC, MLflow projects, Feast, Grafana dashboards,
// Prometheus configuration, k6 load tests, Argo workflows, traffic splits, sweeps and ablation configs.
// YAML is parsed with a real parser; a file that does not parse becomes a FileProblem, never a throw.
import { escapeRegExp } from '../regExp';
import { type Document, parseAllDocuments } from 'yaml';
import { TOO_MANY_ALIASES, YAML_TO_JS, isAliasBomb } from '../fs/yamlLimits';
import { type Fact, type FactKind, fileFact } from './fact';
import type { FileProblem, ProjectModel } from '../project/model';
import type { ProjectDerivation, ProjectIndex } from '../semantic/index';

/** CI definitions by path. */
const CI_FILES: Array<[RegExp, string]> = [
  [/^\.github\/workflows\/[^/]+\.ya?ml$/, 'GitHub Actions'],
  [/(^|\/)\.gitlab-ci\.ya?ml$/, 'GitLab CI'],
  [/(^|\/)azure-pipelines[^/]*\.ya?ml$/, 'Azure Pipelines'],
  [/(^|\/)Jenkinsfile$/, 'Jenkins'],
  [/(^|\/)\.circleci\/config\.ya?ml$/, 'CircleCI'],
  [/(^|\/)bitbucket-pipelines\.ya?ml$/, 'Bitbucket Pipelines'],
  [/(^|\/)\.travis\.ya?ml$/, 'Travis CI'],
  [/(^|\/)\.drone\.ya?ml$/, 'Drone CI'],
  [/(^|\/)\.buildkite\/[^/]+\.ya?ml$/, 'Buildkite'],
  [/(^|\/)cloudbuild[^/]*\.ya?ml$/, 'Google Cloud Build'],
  [/(^|\/)\.azure-pipelines\/[^/]+\.ya?ml$/, 'Azure Pipelines'],
  [/(^|\/)\.gitlab\/ci\/[^/]+\.ya?ml$/, 'GitLab CI'],
];

/** YAML files that other parts of the analyser read (and report problems for) or that are not ours to judge. */
const NOT_OURS = new RegExp(
  String.raw`(^|\/)(\.mlcoach\.ya?ml|(environment|conda|env)([-_.][^/]*)?\.ya?ml|conda-lock[^/]*\.ya?ml` +
    String.raw`|pnpm-lock\.yaml|\.pre-commit-config\.yaml)$`,
  'i',
);

/** A BibTeX entry of a publication: `@inproceedings{key,` followed by its fields, a title among them. */
const BIBTEX_ENTRY = new RegExp(
  String.raw`@(inproceedings|article|misc|incollection|conference|phdthesis|mastersthesis|techreport|unpublished)` +
    String.raw`\s*\{\s*[\w:.\-/]+\s*,[^@]{0,600}?\btitle\s*=`,
  'i',
);

/**
 * A GitHub Actions workflow whose steps only print (`run: echo "placeholder"`), with no action used: a file set up
 * for later, not a pipeline that builds or tests anything.
 */
function placeholderWorkflow(text: string): boolean {
  if (!/^\s*jobs:/m.test(text) || /^\s*(-\s*)?uses:/m.test(text)) return false;
  const runs = [...text.matchAll(/^\s*(?:-\s*)?run:\s*(.*)$/gm)].map((m) => m[1].trim());
  return runs.length > 0 && runs.every((r) => /^echo\b/.test(r));
}

/** Commands a CI or container runs that say what it is for. */
const TEST_COMMAND = /\b(pytest|py\.test|python -m unittest|tox|nox|make test)\b/;

type Json = Record<string, unknown>;

/** The infrastructure facts of a project's files, computed once per analysis. */
/** Commands of model-serving tools that build a container image without a Dockerfile. */
const CONTAINER_BUILDS = /\bbentoml\s+containerize\b|\bmlflow\s+models\s+build-docker\b/;

export function fileInfraFacts(index: ProjectIndex): Fact[] {
  return index.get(FILE_INFRA_FACTS);
}

const FILE_INFRA_FACTS: ProjectDerivation<Fact[]> = {
  name: 'fileInfraFacts',
  compute: (index) => collect(index.project),
};

function isObject(v: unknown): v is Json {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** 1-based line of an offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** 1-based line of the first line matching `re`, or 1. */
function lineOf(text: string, re: RegExp): number {
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => re.test(l));
  return i < 0 ? 1 : i + 1;
}

function collect(project: ProjectModel): Fact[] {
  const facts: Fact[] = [];
  const add = (path: string, line: number, kind: FactKind, note: string): void => {
    facts.push(fileFact(path, line, kind, note));
  };
  const problems: FileProblem[] = [];

  for (const f of project.files) {
    const path = f.path;
    const base = path.slice(path.lastIndexOf('/') + 1);
    // Presence is enough for these; their text may be absent (too large, or not read).
    if (/(^|\/)\.dvc\/config$/.test(path)) add(path, 1, 'data-versioning', 'DVC repository with a remote');
    else if (base.endsWith('.dvc') && !path.startsWith('.dvc/'))
      add(
        path,
        1,
        /model|\.(pkl|joblib|pt|pth|onnx|h5|ckpt)\.dvc$/i.test(base) ? 'model-versioning' : 'data-versioning',
        `${base.slice(0, -4)} tracked by DVC`,
      );
    else if (base === 'MLproject') add(path, 1, 'experiment-tracking', 'MLflow project');
    // A Triton model repository: `<model>/config.pbtxt` next to numbered version folders.
    else if (base === 'config.pbtxt') add(path, 1, 'serving', 'Triton model configuration');
  }

  const paths = new Set(project.files.map((f) => f.path));
  for (const [path, text] of project.texts) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (/^(Dockerfile([.-][^/]*)?|Containerfile|[^/]+\.dockerfile)$/i.test(base)) {
      dockerfile(path, text, add, paths);
      continue;
    }
    const platform = platformBuild(base, text);
    if (platform) add(path, platform.line, 'platform-build', platform.note);
    const ci = CI_FILES.find(([re]) => re.test(path));
    if (ci && !placeholderWorkflow(text)) {
      const runsTests = TEST_COMMAND.test(text);
      add(path, 1, 'ci', `${ci[1]}${runsTests ? ' runs the tests' : ''}`);
      if (/\bschedule:|\bcron\b/.test(text) && /\b(train|retrain)[a-z_]*\.py\b|\bdvc repro\b/.test(text))
        add(path, lineOf(text, /\bschedule:|\bcron\b/), 'orchestration', `${ci[1]} retrains on a schedule`);
    }
    if (/^readme(\.[a-z]+)?$/i.test(base)) {
      // A README that asks to be cited with a BibTeX entry: the code of a paper.
      const bib = BIBTEX_ENTRY.exec(text);
      if (bib)
        add(path, lineAt(text, bib.index), 'paper-citation', 'the README asks readers to cite its paper (BibTeX)');
      continue;
    }
    if (base === 'config.properties' && /^\s*inference_address\s*=/m.test(text))
      add(path, lineOf(text, /inference_address/), 'serving', 'TorchServe configuration');
    else if (/\btorch-model-archiver\b/.test(text) && !/\.(md|txt|rst)$/i.test(path))
      add(path, lineOf(text, /torch-model-archiver/), 'serving', 'packages a TorchServe model archive');
    // A container image built by a model-serving tool from its own description, with no Dockerfile written: a
    // pipeline, Makefile or script that runs `bentoml containerize` or `mlflow models build-docker`.
    const build = CONTAINER_BUILDS.exec(text);
    if (build && !/\.(md|txt|rst|ipynb)$/i.test(path))
      add(
        path,
        lineAt(text, build.index),
        'dockerfile',
        `builds a container image with \`${build[0].replace(/\s+/g, ' ')}\``,
      );
    if (path.endsWith('.js') || path.endsWith('.ts')) {
      // A k6 script imports its HTTP client from `k6/http`; that import line is the evidence.
      const index = text.split(/\r?\n/).findIndex((l) => /^\s*import\s+[^'"]*\sfrom\s+['"]k6\/http['"]/.test(l));
      if (index >= 0) add(path, index + 1, 'load-test', 'k6 load test');
      continue;
    }
    if (path.endsWith('.json')) {
      grafana(path, text, add);
      continue;
    }
    if (!/\.ya?ml$/i.test(path) || NOT_OURS.test(path)) continue;
    const helmTemplate = /(^|\/)templates\//.test(path) && /\{\{/.test(text);
    if (helmTemplate) {
      const kind = /^kind:\s*(\S+)/m.exec(text)?.[1];
      add(path, lineOf(text, /^kind:/), 'kubernetes', `Helm template${kind ? ` for a ${kind}` : ''}`);
      continue;
    }
    // An empty stream is an empty array of documents.
    let list: Document.Parsed[];
    try {
      list = parseAllDocuments(text);
    } catch (e) {
      problems.push({ path, message: `YAML could not be parsed: ${(e as Error).message.split('\n')[0]}` });
      continue;
    }
    const broken = list.find((d) => d.errors.length > 0);
    if (broken) {
      const err = broken.errors[0];
      problems.push({
        path,
        line: lineAt(text, err.pos[0]),
        message: `YAML could not be parsed: ${err.message.split('\n')[0]}`,
      });
      continue;
    }
    for (const doc of list) {
      let value: unknown;
      try {
        value = doc.toJS(YAML_TO_JS) as unknown;
      } catch (e) {
        problems.push({
          path,
          line: lineAt(text, doc.range[0]),
          message: isAliasBomb(e) ? TOO_MANY_ALIASES : `YAML could not be read: ${(e as Error).message.split('\n')[0]}`,
        });
        break;
      }
      if (!isObject(value)) continue;
      // The content's start, not the document's: that would be the `---` line before it.
      const line = lineAt(text, doc.contents?.range?.[0] ?? doc.range[0]);
      yamlDocument(path, base, value, line, text, add);
    }
  }

  project.problems.push(
    ...problems.filter((p) => !project.problems.some((q) => q.path === p.path && q.message === p.message)),
  );
  return facts;
}

type Add = (path: string, line: number, kind: FactKind, note: string) => void;

/**
 * A hosting platform's build file, from which the platform builds and runs the service's container: a Procfile's web
 * process (Heroku, Railway), a Render blueprint, a Fly.io app, an App Engine app on a Python runtime, a Vercel
 * project building Python functions.
 */
function platformBuild(base: string, text: string): { line: number; note: string } | undefined {
  const at = (re: RegExp, note: string) => {
    const m = re.exec(text);
    return m ? { line: lineAt(text, m.index), note } : undefined;
  };
  if (base === 'Procfile') return at(/^web\s*:/m, 'Procfile: the platform builds and runs the web process');
  if (base === 'render.yaml' || base === 'render.yml') return at(/^services\s*:/m, 'Render blueprint of services');
  if (base === 'fly.toml') return at(/^app\s*=/m, 'Fly.io app configuration');
  if (base === 'app.yaml' || base === 'app.yml') return at(/^runtime\s*:\s*python/m, 'App Engine app (Python runtime)');
  if (base === 'vercel.json') return at(/@vercel\/python|\.py["']/, 'Vercel project building Python functions');
  return undefined;
}

/**
 * What a Dockerfile line copies in (`COPY app.py model.pkl /app/`, `ADD ["a", "b"]`): its sources (the destination
 * left out), and whether its first flag copies from another build stage (`--from=builder`) rather than the project.
 */
function copied(line: string): { sources: string[]; fromStage: boolean } | undefined {
  const m = /^\s*(COPY|ADD)\s+((?:--\S+\s+)*)(.+)$/i.exec(line);
  if (!m) return undefined;
  const sources = m[3]
    .replace(/[[\]",]/g, ' ')
    .trim()
    .split(/\s+/)
    .slice(0, -1);
  return { sources, fromStage: /^--from\b/i.test(m[2]) };
}

/**
 * The Python files a Dockerfile copies by name that the project does not have, beside the Dockerfile or at the root
 * (`COPY app.py .` when the app is `streamlit_app.py`): the image cannot be built.
 */
function missingSources(path: string, lines: readonly string[], paths: ReadonlySet<string>): string[] {
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
  const missing: string[] = [];
  for (const l of lines) {
    const copy = copied(l);
    if (!copy || copy.fromStage) continue;
    for (const src of copy.sources) {
      if (!/^[\w./-]+\.py$/.test(src) || src.startsWith('/') || src.includes('..')) continue;
      const rel = src.replace(/^\.\//, '');
      if (!paths.has(`${dir}${rel}`) && !paths.has(rel)) missing.push(rel);
    }
  }
  return missing;
}

/** What a Dockerfile builds and runs (or, copying Python files the project does not have, cannot build). */
function dockerfile(path: string, text: string, add: Add, paths: ReadonlySet<string>): void {
  const lines = text.split(/\r?\n/);
  const from = lines.findIndex((l) => /^\s*FROM\s/i.test(l));
  const run = lines
    .map((l) => /^\s*(CMD|ENTRYPOINT)\s+(.*)$/i.exec(l)?.[2])
    .filter((x): x is string => !!x)
    .pop();
  const image = from >= 0 ? lines[from].trim().split(/\s+/)[1] : undefined;
  let what = '';
  if (run) {
    const cmd = run
      .replace(/[[\]",]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (
      /\b(uvicorn|gunicorn|hypercorn|flask|bentoml serve|streamlit|torchserve|mlflow models serve|serve run)\b/.test(
        cmd,
      )
    ) {
      const server = /\b(uvicorn|gunicorn|hypercorn|flask|bentoml|streamlit|torchserve|mlflow|serve)\b/.exec(cmd)![1];
      what = `, serves with ${server}`;
    } else if (/\bpython\b/.test(cmd)) what = `, runs ${cmd.slice(0, 60)}`;
  }
  // An image that neither copies the project in nor runs anything is a development environment (a
  // devcontainer, a GPU workbench that mounts the working tree): it does not ship the model.
  const copiesCode = lines.some((l) => {
    const sources = copied(l)?.sources ?? [];
    return sources.some(
      (src) =>
        !new RegExp(
          String.raw`(^|\/)(requirements[^/]*\.(txt|in)|environment[^/]*\.ya?ml|Pipfile(\.lock)?` +
            String.raw`|[^/]*\.lock|conda[^/]*\.ya?ml|setup\.cfg|\.[a-z]+rc)$`,
          'i',
        ).test(src),
    );
  });
  const devOnly = /(^|\/)\.devcontainer\//.test(path) || (!run && !copiesCode);
  if (devOnly) {
    add(
      path,
      from >= 0 ? from + 1 : 1,
      'dev-container',
      `development image${image ? ` from ${image}` : ''}: it copies no project code and runs nothing`,
    );
    return;
  }
  const missing = missingSources(path, lines, paths);
  if (missing.length) {
    const [first] = missing;
    const line = lines.findIndex((l) => /^\s*(COPY|ADD)\s/i.test(l) && l.includes(first));
    add(
      path,
      line + 1,
      'dockerfile-broken',
      `Dockerfile copies ${missing.join(', ')}, which the project does not have: the image cannot be built`,
    );
    return;
  }
  add(path, from >= 0 ? from + 1 : 1, 'dockerfile', `Dockerfile${image ? ` from ${image}` : ''}${what}`);
}

/** A Grafana dashboard: JSON with panels (top level or under `dashboard`). */
function grafana(path: string, text: string, add: Add): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return;
  }
  if (!isObject(value)) return;
  const dash = isObject(value.dashboard) ? value.dashboard : value;
  if (
    Array.isArray(dash.panels) &&
    (dash.schemaVersion !== undefined || dash.uid !== undefined || dash.title !== undefined)
  ) {
    const title = typeof dash.title === 'string' ? ` "${dash.title.slice(0, 40)}"` : '';
    add(path, 1, 'monitoring', `Grafana dashboard${title} with ${dash.panels.length} panels`);
  }
}

/** One YAML document: Kubernetes objects, compose files, DVC pipelines, Feast, Prometheus, sweeps. */
function yamlDocument(path: string, base: string, v: Json, line: number, text: string, add: Add): void {
  if (
    (base === 'Chart.yaml' || base === 'Chart.yml') &&
    typeof v.apiVersion === 'string' &&
    typeof v.name === 'string'
  ) {
    add(path, line, 'kubernetes', `Helm chart ${v.name}`);
    return;
  }
  if (typeof v.apiVersion === 'string' && typeof v.kind === 'string') {
    const kind = v.kind;
    const apiGroup = v.apiVersion.split('/')[0];
    add(path, line, 'kubernetes', `Kubernetes ${kind}`);
    if (kind === 'InferenceService' || kind === 'SeldonDeployment' || kind === 'RayService')
      add(path, line, 'serving', `${kind} serves a model`);
    if (kind === 'Workflow' || kind === 'CronWorkflow' || kind === 'WorkflowTemplate')
      add(path, line, 'orchestration', `Argo ${kind}`);
    if (kind === 'CronJob') add(path, line, 'batch-prediction', 'Kubernetes CronJob');
    if (kind === 'PyTorchJob' || kind === 'TFJob' || kind === 'MPIJob' || kind === 'RayJob')
      add(path, line, 'distributed-training', `Kubeflow ${kind}`);
    const spec = isObject(v.spec) ? v.spec : {};
    const predictor = isObject(spec.predictor) ? spec.predictor : {};
    if (
      kind === 'InferenceService' &&
      (predictor.canaryTrafficPercent !== undefined || spec.canaryTrafficPercent !== undefined)
    )
      add(path, lineOf(text, /canaryTrafficPercent/), 'ab-test', 'KServe canary traffic split');
    if (kind === 'VirtualService' && apiGroup.includes('istio') && Array.isArray(spec.http)) {
      const weighted = spec.http.some(
        (h) =>
          isObject(h) &&
          Array.isArray(h.route) &&
          h.route.filter((r) => isObject(r) && typeof r.weight === 'number').length >= 2,
      );
      if (weighted) add(path, lineOf(text, /\bweight:/), 'ab-test', 'Istio traffic split between versions');
    }
    if (
      kind === 'Rollout' &&
      isObject(spec.strategy) &&
      (spec.strategy.canary !== undefined || spec.strategy.blueGreen !== undefined)
    )
      add(path, line, 'ab-test', 'Argo Rollouts progressive delivery');
    if (
      kind === 'SeldonDeployment' &&
      Array.isArray(spec.predictors) &&
      spec.predictors.filter((p) => isObject(p) && typeof p.traffic === 'number').length >= 2
    )
      add(path, lineOf(text, /\btraffic:/), 'ab-test', 'Seldon traffic split');
    return;
  }
  if (/^(docker-)?compose[^/]*\.ya?ml$/i.test(base) && isObject(v.services)) {
    add(path, line, 'compose', `compose file with ${Object.keys(v.services).join(', ')}`);
    for (const [name, svc] of Object.entries(v.services)) {
      if (!isObject(svc)) continue;
      const image = typeof svc.image === 'string' ? svc.image : '';
      if (/prometheus|grafana/i.test(image))
        add(path, lineOf(text, new RegExp(`^\\s+${escapeRegExp(name)}:`)), 'monitoring', `${name} service (${image})`);
    }
    return;
  }
  if (base === 'dvc.yaml' && isObject(v.stages)) {
    const stages = Object.keys(v.stages);
    add(path, line, 'data-versioning', `DVC pipeline with stages ${stages.slice(0, 4).join(', ')}`);
    const outs = Object.values(v.stages)
      .flatMap((s) => (isObject(s) && Array.isArray(s.outs) ? s.outs : []))
      .map((o) => (typeof o === 'string' ? o : isObject(o) ? Object.keys(o)[0] : ''));
    if (outs.some((o) => /model|\.(pkl|joblib|pt|pth|onnx|h5|ckpt)$/i.test(o)))
      add(path, lineOf(text, /^\s*outs:/), 'model-versioning', 'DVC pipeline outputs the model');
    return;
  }
  if (base === 'feature_store.yaml' || base === 'feature_store.yml') {
    add(path, line, 'feature-store', `Feast feature store${typeof v.project === 'string' ? ` "${v.project}"` : ''}`);
    return;
  }
  if (Array.isArray(v.scrape_configs)) {
    add(path, line, 'monitoring', 'Prometheus scrape configuration');
    return;
  }
  if (
    Array.isArray(v.groups) &&
    v.groups.some(
      (g) => isObject(g) && Array.isArray(g.rules) && g.rules.some((r) => isObject(r) && typeof r.alert === 'string'),
    )
  ) {
    add(path, line, 'monitoring', 'Prometheus alerting rules');
    return;
  }
  if (typeof v.method === 'string' && /^(grid|random|bayes)$/.test(v.method) && isObject(v.parameters)) {
    add(path, line, 'tuning', `W&B sweep (${v.method} search)`);
    return;
  }
  // A Vertex AI custom training job (`gcloud ai custom-jobs create --config`): worker pools on machines.
  // gcloud accepts the worker pools as a list or, for one pool, as a mapping.
  if (
    (v.workerPoolSpecs !== undefined && typeof v.workerPoolSpecs === 'object') ||
    (isObject(v.jobSpec) && v.jobSpec.workerPoolSpecs !== undefined)
  ) {
    add(path, line, 'cloud-platform', 'Vertex AI custom job');
    return;
  }
  // Anyscale (managed Ray): a job or service runs on a named cluster compute configuration, and a compute
  // configuration lists the cloud's head and worker machines.
  if (typeof v.compute_config === 'string' || isObject(v.compute_config)) {
    if (typeof v.entrypoint === 'string') {
      add(path, line, 'cloud-platform', 'Anyscale job on a managed Ray cluster');
      return;
    }
    if (isObject(v.ray_serve_config) || Array.isArray(v.applications)) {
      add(path, line, 'cloud-platform', 'Anyscale service on a managed Ray cluster');
      return;
    }
  }
  if (isObject(v.head_node_type) && Array.isArray(v.worker_node_types) && typeof v.cloud === 'string') {
    add(path, line, 'cloud-platform', 'Anyscale cluster compute configuration');
    return;
  }
  if (base === 'prefect.yaml' && Array.isArray(v.deployments)) {
    add(path, line, 'orchestration', 'Prefect deployments');
    return;
  }
  if (/ablation/i.test(path) || v.ablation !== undefined || v.ablations !== undefined)
    add(path, line, 'ablation', 'ablation configuration');
}
