// Is this an ML project at all? A plain web app with Docker, an API and tests must stay quiet, and so
// must a project that only talks about ML in its README, strings or comments: only imports count.
import { pythonInfraFacts, WEB_APP_LOADS_MODEL } from '../facts/pythonInfra';
import type { ProjectModel } from '../project/model';
import { holdsTests } from '../project/testFiles';
import type { PythonUnit } from '../python/unit';
import type { ProjectIndex } from '../semantic/index';
import { formatEvidencePlace } from '../format/locations';
import { gradientStep } from '../facts/gradientDescent';
import { handWrittenModels } from '../facts/handWrittenModels';
import { ML_LIBRARIES } from '../libraries/mlLibraries';

/** A fitted model asked for predictions or forecasts (`res.predict(X)`, `model_fit.forecast(12)`). */
const PREDICTS = /\.(predict|forecast|get_forecast|get_prediction)\b/;

/** True when a unit outside the tests asks a fitted model for predictions or forecasts. */
function asksPredictions(unit: PythonUnit): boolean {
  return !holdsTests(unit) && PREDICTS.test(unit.module.source);
}

/** Spark's machine-learning packages: `pyspark` alone is a data engine, `pyspark.ml` trains models. */
const SPARK_ML = ['pyspark.ml', 'pyspark.mllib'];

/**
 * Library names that a project's own module shadows (a local `datasets/` package is not Hugging Face). A module file
 * has no submodules: where the project imports one of its name (`from sklearn.model_selection import ...` beside a
 * student's `sklearn.py`), the import is the library's.
 */
function localModules(project: ProjectModel): Set<string> {
  const names = new Set<string>();
  const files = new Set<string>();
  for (const f of project.files) {
    const m = /(?:^|\/)(?:src\/)?([A-Za-z_][A-Za-z0-9_]*)(?:\.py|\/__init__\.py)$/.exec(f.path);
    if (!m) continue;
    if (f.path === `${m[1]}.py` || f.path === `src/${m[1]}.py`) files.add(m[1]);
    else if (f.path === `${m[1]}/__init__.py` || f.path === `src/${m[1]}/__init__.py`) names.add(m[1]);
  }
  if (!files.size) return names;
  const withSubmodules = packagesOfSubmodules(project);
  for (const name of files) if (!names.has(name) && !withSubmodules.has(name)) names.add(name);
  return names;
}

/** The top-level names the project imports a submodule of (`sklearn` for `import sklearn.svm`, `from sklearn.svm`). */
function packagesOfSubmodules(project: ProjectModel): Set<string> {
  const out = new Set<string>();
  const add = (dotted: string) => {
    const dot = dotted.indexOf('.');
    if (dot > 0) out.add(dotted.slice(0, dot));
  };
  for (const u of project.python)
    for (const s of u.imports.statements)
      if (s.module === undefined) for (const n of s.names) add(n.name);
      else add(s.module);
  return out;
}

function where(unit: PythonUnit, span: { from: number; to: number }): string {
  return formatEvidencePlace(unit.range(span), unit.path);
}

/** Whether the project is an ML project, and why. */
export function classifyProject(index: ProjectIndex): { isMl: boolean; reason: string } {
  const project = index.project;
  const shadowed = localModules(project);
  const libraries = [...ML_LIBRARIES, ...SPARK_ML].filter((l) => !shadowed.has(l));
  // Each search in a function of its own, so V8 optimises each once (one function holding both was compiled again
  // when the first path it had not yet run, the second search, deoptimised it).
  const statistics: { at?: string } = {};
  const found = importsMlLibrary(project, libraries, statistics) ?? trainsByHand(project) ?? servesLoadedModel(index);
  if (found.isMl || !statistics.at) return found;
  return {
    isMl: false,
    reason: `${statistics.at} imports statsmodels for statistics alone: nothing predicts or forecasts`,
  };
}

/**
 * A model trained from scratch with NumPy (gradient descent, logistic regression written by hand, as course projects
 * do): a loop that steps weights against their gradient, outside the tests.
 */
function trainsByHand(project: ProjectModel): { isMl: boolean; reason: string } | undefined {
  for (const unit of project.python) {
    if (holdsTests(unit)) continue;
    const step = gradientStep(unit);
    if (step) return { isMl: true, reason: `${where(unit, step)} trains by gradient descent written by hand` };
  }
  for (const unit of project.python) {
    if (holdsTests(unit)) continue;
    const model = handWrittenModels(unit)[0];
    if (model) return { isMl: true, reason: `${where(unit, model.nameSpan)} defines a model that fits and predicts` };
  }
  return undefined;
}

/** The first import of an ML library, outside the tests. */
function importsMlLibrary(
  project: ProjectModel,
  libraries: string[],
  statistics: { at?: string },
): { isMl: boolean; reason: string } | undefined {
  // A file that uses a library's names without importing them (its imports live in another script) is cited only
  // when no file writes the import.
  let implied: { isMl: boolean; reason: string } | undefined;
  let predicts: boolean | undefined;
  for (const unit of project.python) {
    // A library's tests that check it works with scikit-learn (pandas' `test_downstream.py`) do not make it ML.
    if (holdsTests(unit)) continue;
    for (const lib of libraries) {
      if (!unit.imports.uses(lib)) continue;
      const stmt = unit.imports.statements.find((s) =>
        s.module === undefined
          ? s.names.some((n) => n.name === lib || n.name.startsWith(`${lib}.`))
          : s.module === lib || s.module.startsWith(`${lib}.`),
      );
      // statsmodels also serves statistics alone: trend fits and likelihood estimates that predict nothing (a
      // climate study's maximum-likelihood trends). It makes code ML code where a fitted model predicts or forecasts.
      if (lib === 'statsmodels') {
        predicts ??= project.python.some(asksPredictions);
        if (!predicts) {
          statistics.at ??= stmt ? where(unit, stmt) : unit.path;
          continue;
        }
      }
      if (stmt) return { isMl: true, reason: `${where(unit, stmt)} imports ${lib}` };
      implied ??= { isMl: true, reason: `${unit.path} uses ${lib} without importing it` };
    }
  }
  return implied;
}

/**
 * A service that loads a trained model and predicts is ML even when it never imports the library that trained it,
 * in one module or across its layers (a model service that loads, a route that predicts with it).
 */
function servesLoadedModel(index: ProjectIndex): { isMl: boolean; reason: string } {
  let serving = false;
  let load: { path: string; line: number } | undefined;
  for (const unit of index.units) {
    const facts = pythonInfraFacts(unit);
    // A route seen predicting: an app that only unpickles something (a cart, a session) is not a model service.
    serving ||= facts.some((f) => f.kind === 'serving' && f.note !== WEB_APP_LOADS_MODEL);
    const loaded = facts.find((f) => f.kind === 'model-load');
    if (loaded && !load) load = { path: unit.unit.path, line: loaded.range.startLine };
    if (serving && load) return { isMl: true, reason: `${load.path}:${load.line} loads a model that a route serves` };
  }
  return { isMl: false, reason: 'no Python file or notebook imports a machine-learning library' };
}
