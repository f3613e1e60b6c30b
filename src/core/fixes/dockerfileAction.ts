// "Add a Dockerfile" where it helps the user in the file they are in: a serving entry point (a FastAPI,
// Flask or BentoML app, in a script or in the notebook cell that makes it) or the dependency manifest of
// a project whose next level is 3. The files come from the `dockerfile` scaffold, which never overwrites
// anything.
import type { ProjectReport } from '../model/report';

/** The title of the action. */
export const ADD_DOCKERFILE_TITLE = 'Add a Dockerfile';

/** The scaffold the action runs. */
export const DOCKERFILE_SCAFFOLD = 'dockerfile';

/** Files that list a project's dependencies. */
const MANIFEST = /(^|\/)(requirements[^/]*\.txt|pyproject\.toml|setup\.py|setup\.cfg|environment\.ya?ml|Pipfile)$/;

/** A web app or model service object made in the file: `FastAPI()`, `Flask(__name__)`, a BentoML service. */
const SERVING =
  /(^|\n)[^#\n]*(\b(FastAPI|Flask)\s*\(|\bbentoml\.(Service\s*\(|service\b)|@bentoml\.service\b|^\s*@service\b)/m;

/** True when the file is a dependency manifest. */
export function isDependencyManifest(path: string): boolean {
  return MANIFEST.test(path);
}

/** True when a Python file's text makes a serving app (FastAPI, Flask or BentoML). */
export function isServingEntryPoint(text: string): boolean {
  if (!/\b(fastapi|flask|bentoml)\b/.test(text)) return false;
  return SERVING.test(text);
}

/**
 * True when a notebook cell makes the serving app: the cell creates it (`app = FastAPI()`, a BentoML
 * service) and the notebook names the library somewhere, often in an import cell of its own.
 */
export function isServingCell(cell: string, notebookCode: string): boolean {
  return SERVING.test(cell) && /\b(fastapi|flask|bentoml)\b/.test(notebookCode);
}

/**
 * True when "Add a Dockerfile" should be offered in the file at `path` (relative to the project root):
 * the project has no Dockerfile yet, and the file is a serving entry point, or the dependency manifest
 * of a project that has reached Level 2 (so Level 3, production, is next). In a notebook, `text` is the
 * cell the user is in and `notebookCode` the code of all its cells: the cell that makes the app offers it.
 */
export function offersDockerfile(project: ProjectReport, path: string, text: string, notebookCode?: string): boolean {
  if (!project.isMlProject) return false;
  const item = project.items.find((i) => i.id === 'L3.dockerfile');
  if (!item || item.status === 'met') return false;
  if (/\.ipynb$/.test(path)) return isServingCell(text, notebookCode ?? text);
  if (/\.py$/.test(path)) return isServingEntryPoint(text);
  return isDependencyManifest(path) && project.level === 2;
}
