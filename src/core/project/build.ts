// Builds the project model of one root from discovered files: reads the files the detectors need,
// parses Python and notebooks, and records every file it could not understand.
import { FileSystem, joinPath } from '../fs/fileSystem';
import { decodeText } from '../fs/text';
import { parseNotebook, Notebook } from '../notebook/notebook';
import { notebookUnit, pythonFileUnit, PythonUnit } from '../python/unit';
import type { MlcoachConfig } from '../config/config';
import { readManifests } from '../manifests/read';
import { envVariableNames, isEnvFile } from '../config/envFile';
import type { DiscoveredFile, FileProblem, ProjectModel, SkippedPath } from './model';

/** File names and endings whose text the detectors read (besides .py and .ipynb). */
const TEXT_FILE = /(^|\/)(Dockerfile[^/]*|[^/]*\.dockerfile|Containerfile|Jenkinsfile|Makefile|MLproject|Pipfile|Pipfile\.lock|poetry\.lock|uv\.lock|pdm\.lock|Procfile|dvc\.lock|\.env|\.env\.[^/]*|\.envrc|[^/]*requirements[^/]*\.(txt|in|lock)|requirements\/[^/]*\.(txt|in)|constraints[^/]*\.txt|[^/]*\.(ya?ml|toml|cfg|ini|json|dvc|js|ts|lua|jsonnet|tf|sh|conf))$/;

/** JSON files can be huge data dumps: read them only where they are configuration. */
const JSON_WORTH_READING = /(^|\/)(\.mlcoach\.json|dashboards?\/[^/]*\.json|grafana\/[^/]*\.json|[^/]*dashboard[^/]*\.json|package\.json|\.?devcontainer\.json|[^/]*params[^/]*\.json|[^/]*config[^/]*\.json)$/i;

/** True for files whose text the project model keeps. */
export function isTextOfInterest(path: string): boolean {
  if (path.endsWith('.json')) return JSON_WORTH_READING.test(path);
  return TEXT_FILE.test(path);
}

/**
 * Memoises parsing across analyses: the extension keeps one per workspace so that only files whose
 * text changed are parsed again. `make` runs when `key` was last seen with another text, and gets
 * the value made for the earlier text (to re-parse incrementally).
 */
export interface ParseCache {
  get<T>(key: string, text: string, make: (previous: T | undefined) => T): T;
}

/** A ParseCache that keeps the last parse of each key. */
export function createParseCache(): ParseCache & { readonly size: number; delete(key: string): void } {
  const store = new Map<string, { text: string; value: unknown }>();
  return {
    get<T>(key: string, text: string, make: (previous: T | undefined) => T): T {
      const hit = store.get(key);
      if (hit && hit.text === text) return hit.value as T;
      const value = make(hit?.value as T | undefined);
      store.set(key, { text, value });
      return value;
    },
    get size() {
      return store.size;
    },
    delete(key: string) {
      store.delete(key);
    },
  };
}

const NO_CACHE: ParseCache = { get: (_key, _text, make) => make(undefined) };

/** Reads and parses one project root. `files` are relative to `root`. */
export async function buildProject(
  fs: FileSystem,
  root: string,
  relativeRoot: string,
  files: DiscoveredFile[],
  skippedByWalk: SkippedPath[],
  hasGit: boolean,
  config: MlcoachConfig,
  cache: ParseCache = NO_CACHE,
): Promise<ProjectModel> {
  const skipped: SkippedPath[] = [...skippedByWalk];
  const problems: FileProblem[] = [];
  const python: PythonUnit[] = [];
  const notebooks = new Map<string, Notebook>();
  const texts = new Map<string, string>();
  const envNames = new Map<string, string[]>();
  // Only a session with a parse cache (the editor) re-parses incrementally and needs Lezer's trees.
  const keepTrees = cache !== NO_CACHE;

  for (const file of files) {
    const isPy = file.path.endsWith('.py') || file.path.endsWith('.pyw');
    const isNb = file.path.endsWith('.ipynb');
    if (!isPy && !isNb && !isTextOfInterest(file.path)) continue;
    if (file.size > config.maxFileSize) {
      skipped.push({ path: file.path, reason: 'too-large', detail: `${formatBytes(file.size)} is over the ${formatBytes(config.maxFileSize)} limit` });
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await fs.readFile(joinPath(root, file.path));
    } catch (e) {
      skipped.push({ path: file.path, reason: 'unreadable', detail: (e as Error).message.split('\n')[0] });
      continue;
    }
    const decoded = decodeText(bytes);
    if (!decoded.ok) {
      skipped.push({ path: file.path, reason: decoded.reason === 'binary file' ? 'binary' : 'unreadable', detail: decoded.reason });
      continue;
    }
    // A PEP 263 coding cookie is valid Python: only an undeclared legacy encoding is worth a word.
    if (!decoded.declared && decoded.encoding !== 'utf-8' && decoded.encoding !== 'utf-16le' && decoded.encoding !== 'utf-16be' && (isPy || isNb)) {
      problems.push({ path: file.path, message: `not valid UTF-8; read as ${decoded.encoding}` });
    }
    const text = decoded.text;
    if (isPy) {
      const unit = cache.get(`py:${joinPath(root, file.path)}`, text, (previous: PythonUnit | undefined) => pythonFileUnit(file.path, text, previous, keepTrees));
      if (unit.module.errors.length > 0) {
        const first = unit.range(unit.module.errors[0]);
        problems.push({ path: file.path, line: first.startLine, message: `syntax error at line ${first.startLine}; the rest of the file was still analysed` });
      }
      python.push(unit);
    } else if (isNb) {
      const result = cache.get(`nb:${joinPath(root, file.path)}`, text, () => parseNotebook(text));
      if (!result.ok) {
        problems.push({ path: file.path, message: `notebook could not be read: ${result.error}` });
        continue;
      }
      notebooks.set(file.path, result.notebook);
      const lang = result.notebook.language;
      if (!lang.startsWith('python') && lang !== '') {
        problems.push({ path: file.path, message: `notebook kernel language is '${lang}'; only Python notebooks are analysed` });
        continue;
      }
      python.push(cache.get(`nbunit:${joinPath(root, file.path)}`, text, (previous: PythonUnit | undefined) => notebookUnit(file.path, result.notebook, previous, keepTrees)));
    } else if (isEnvFile(file.path)) {
      // Secrets live here: keep the names, drop the text.
      envNames.set(file.path, envVariableNames(text));
    } else {
      texts.set(file.path, text);
    }
  }

  const model: ProjectModel = {
    root,
    relativeRoot,
    files,
    skipped,
    problems,
    python,
    notebooks,
    manifests: [],
    config,
    hasGit,
    texts,
    envNames,
  };
  model.manifests = readManifests(model, problems);
  return model;
}

/** `1.5 MB`-style sizes for messages. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
