// `load-test`: a Locust file that sends realistic rows to /predict and fails the run when the error
// rate or the 95th-percentile latency goes over budget, so it can gate a deployment.
import type { ProjectModel } from '../../project/model';
import { fileText, pyLiteral } from '../emit';
import { type ProjectFacts, projectFacts } from '../facts';
import { type Scaffold, type ScaffoldPlan, planFiles } from '../scaffold';
import { dataPathOf } from './split';
import { SERVICE_PORT } from './dockerfile';
import { projectFacts as indexedFacts } from '../../facts/projectFacts';
import { ProjectIndex } from '../../semantic/index';

/** The project's prediction route: a web route whose handler predicts with a model (`POST /predict`). */
function predictionRoute(
  project: ProjectModel,
): { method: string; path: string; file: string; line: number } | undefined {
  for (const f of indexedFacts(new ProjectIndex(project)).get('serving') ?? []) {
    const m = /^(POST|PUT|GET|PATCH|ROUTE) (\/\S*) predicts with a model$/.exec(f.note);
    if (m) return { method: m[1], path: m[2], file: f.range.path, line: f.range.startLine };
  }
  return undefined;
}

/** The load-test scaffold. */
export const loadTestScaffold: Scaffold = {
  id: 'load-test',
  title: 'Load test (Locust)',
  description:
    'A locustfile.py that posts rows sampled from your data to /predict, checks the answers, and exits non-zero ' +
    'when errors or p95 latency exceed a budget.',
  level: 3,
  items: ['L3.load-tests'],
  plan(project: ProjectModel): ScaffoldPlan {
    const facts = projectFacts(project);
    const notes: string[] = [];
    // The load test is for the prediction service: its route that predicts, never just any web route.
    const route = predictionRoute(project);
    if (route)
      notes.push(
        `It targets the prediction route ${route.method === 'ROUTE' ? '' : `${route.method} `}${route.path} ` +
          `(${route.file}:${route.line}); check that the payload matches what it accepts.`,
      );
    else notes.push('No web route that predicts with a model was found: set PREDICT_PATH to your prediction endpoint.');
    if (facts.app && facts.app.framework === 'flask')
      notes.push(
        `Your service is a Flask app (${facts.app.module}): check that its prediction route accepts {"rows": ` +
          `[...]}, or edit the payload.`,
      );
    notes.push(
      `Requests use rows from ${dataPathOf(facts)} when it exists (the target column removed), else one ` +
        `placeholder row.`,
    );
    notes.push(
      `Run it against a local service: locust -f locustfile.py --headless -u 20 -r 5 -t 1m --host ` +
        `http://localhost:${SERVICE_PORT}`,
    );
    if (!facts.uses.has('locust')) notes.push('Add locust to your development dependencies.');
    return planFiles(
      project,
      [{ path: 'locustfile.py', content: locustfile(facts, route?.path ?? '/predict') }],
      notes,
    );
  },
};

function locustfile(facts: ProjectFacts, predictPath: string): string {
  const fallback = facts.features?.length
    ? `{${facts.features.map((f) => `${pyLiteral(f)}: 0`).join(', ')}}`
    : '{"feature_1": 0.0, "feature_2": 0.0}';
  return fileText([
    `"""Load test for the prediction service.`,
    ``,
    `    locust -f locustfile.py --headless -u 20 -r 5 -t 1m --host http://localhost:${SERVICE_PORT}`,
    ``,
    `A model that is right but answers in two seconds under load is still broken. Run this before a`,
    `release: the run fails (exit code 1) when more than MAX_FAILURE_RATIO of requests fail or the`,
    `95th-percentile latency is over P95_BUDGET_MS.`,
    `"""`,
    `import csv`,
    `import os`,
    `import random`,
    ``,
    `from locust import HttpUser, between, events, task`,
    ``,
    `PREDICT_PATH = ${pyLiteral(predictPath)}`,
    `DATA_PATH = os.environ.get("LOAD_TEST_DATA", ${pyLiteral(dataPathOf(facts))})`,
    `# The label is what the service predicts, so requests must not carry it.`,
    `TARGET = ${pyLiteral(facts.target ?? 'target')}`,
    facts.features?.length
      ? `# The columns the model was trained on (from your code); other columns are left out.`
      : `# The columns the model expects; None sends every column but the target.`,
    `FEATURES = ${facts.features?.length ? `[${facts.features.map(pyLiteral).join(', ')}]` : 'None'}`,
    `P95_BUDGET_MS = float(os.environ.get("P95_BUDGET_MS", "300"))`,
    `MAX_FAILURE_RATIO = 0.01`,
    ``,
    ``,
    `def _value(text):`,
    `    """CSV cells are text; send numbers as numbers and empty cells as null, as a client would."""`,
    `    if text == "":`,
    `        return None`,
    `    try:`,
    `        return float(text)`,
    `    except ValueError:`,
    `        return text`,
    ``,
    ``,
    `def load_rows(limit=500):`,
    `    """Real rows make the load realistic (branches, missing values); a placeholder keeps it runnable."""`,
    `    if not os.path.exists(DATA_PATH) or not DATA_PATH.endswith(".csv"):`,
    `        return [${fallback}]`,
    `    with open(DATA_PATH, newline="", encoding="utf-8") as f:`,
    `        rows = []`,
    `        for i, row in enumerate(csv.DictReader(f)):`,
    `            if i >= limit:`,
    `                break`,
    `            row.pop(TARGET, None)`,
    `            rows.append({k: _value(v) for k, v in row.items() if FEATURES is None or k in FEATURES})`,
    `    return rows or [${fallback}]`,
    ``,
    ``,
    `ROWS = load_rows()`,
    ``,
    ``,
    `class PredictionUser(HttpUser):`,
    `    # Think time between requests, like real clients; lower it to find the breaking point.`,
    `    wait_time = between(0.5, 2)`,
    ``,
    `    @task(10)`,
    `    def predict(self):`,
    `        batch = random.sample(ROWS, k=min(len(ROWS), random.randint(1, 5)))`,
    `        with self.client.post(PREDICT_PATH, json={"rows": batch}, catch_response=True) as response:`,
    `            if response.status_code != 200:`,
    `                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")`,
    `            elif len(response.json().get("predictions", [])) != len(batch):`,
    `                response.failure("one prediction per row was expected")`,
    ``,
    `    @task(1)`,
    `    def health(self):`,
    `        self.client.get("/health")`,
    ``,
    ``,
    `@events.quitting.add_listener`,
    `def enforce_budget(environment, **_kwargs):`,
    `    """Turns the numbers into a pass/fail exit code for CI."""`,
    `    total = environment.stats.total`,
    `    p95 = total.get_response_time_percentile(0.95) or 0`,
    `    if total.fail_ratio > MAX_FAILURE_RATIO:`,
    `        print(f"load test failed: {total.fail_ratio:.1%} of requests failed")`,
    `        environment.process_exit_code = 1`,
    `    elif p95 > P95_BUDGET_MS:`,
    `        print(f"load test failed: p95 latency {p95:.0f} ms is over {P95_BUDGET_MS:.0f} ms")`,
    `        environment.process_exit_code = 1`,
  ]);
}
