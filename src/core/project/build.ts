// Builds the project model of one root from discovered files: reads the files the detectors need,
// parses Python and notebooks, and records every file it could not understand.
import { type FileSystem, ReadRefusedError, joinPath } from '../fs/fileSystem';
import {
  PARSE_TIME_BUDGET_MS,
  PROJECT_TOKEN_BUDGET,
  READ_TIME_BUDGET_MS,
  TOKENS_PER_LIMIT_BYTE,
  formatBytes,
  refusalDetail,
  withTimeBudget,
} from '../fs/readPolicy';
import { MAX_NESTING_DEPTH, ParseTimeoutError, TooDeepError } from '../python/parse';
import { codeShape, countTokens } from '../python/tokenCount';
import { decodeText } from '../fs/text';
import { withoutImagePayloads } from '../notebook/images';
import { parseNotebook, type Notebook } from '../notebook/notebook';
import { notebookUnit, pythonFileUnit, type PythonUnit } from '../python/unit';
import type { MlcoachConfig } from '../config/config';
import { readManifests } from '../manifests/read';
import { envVariableNames, isEnvFile } from '../config/envFile';
import type { DiscoveredFile, FileProblem, ProjectModel, SkippedPath } from './model';

/** File names and endings whose text the detectors read (besides .py and .ipynb). */
const TEXT_FILE = new RegExp(
  String.raw`(^|\/)(Dockerfile[^/]*|[^/]*\.dockerfile|Containerfile|Jenkinsfile|Makefile` +
    String.raw`|(README|Readme|readme)(\.(md|rst|txt|markdown))?|MLproject|Pipfile|Pipfile\.lock|poetry\.lock` +
    String.raw`|uv\.lock|pdm\.lock|Procfile` +
    String.raw`|dvc\.lock|\.env|\.env\.[^/]*|\.envrc|[^/]*requirements[^/]*\.(txt|in` +
    String.raw`|lock)|requirements\/[^/]*\.(txt|in)|constraints[^/]*\.txt|[^/]*\.(ya?ml` +
    `|toml|cfg|ini|json|dvc|js|ts|lua|jsonnet|tf|sh|conf))$`,
);

/** JSON files can be huge data dumps: read them only where they are configuration. */
const JSON_WORTH_READING = new RegExp(
  String.raw`(^|\/)(\.mlcoach\.json|dashboards?\/[^/]*\.json|grafana\/[^/]*\.json|[^/]*dashboard[^/]*\.json` +
    String.raw`|package\.json|vercel\.json|\.?devcontainer\.json|[^/]*params[^/]*\.json|[^/]*config[^/]*\.json)$`,
  'i',
);

/** True for files whose text the project model keeps. */
function isTextOfInterest(path: string): boolean {
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

/** Options of `buildProject` beyond the project itself. */
export interface BuildOptions {
  /** Awaited before each file is read (see `AnalyzeOptions.checkpoint`). */
  checkpoint?: () => Promise<void>;
  /** How long reading, and then parsing, one file may take (default: READ_TIME_BUDGET_MS, PARSE_TIME_BUDGET_MS). */
  timeBudgetMs?: number;
  /** Tokens of code the project may hold in all (default PROJECT_TOKEN_BUDGET). */
  projectTokenBudget?: number;
}

const NO_CACHE: ParseCache = { get: (_key, _text, make) => make(undefined) };

/**
 * The parse cache key of a file: its absolute path and its path in the project, since a unit records
 * the latter (a sub-project and the whole folder read for the system roll-up see one file under two).
 */
function cacheKey(root: string, path: string): string {
  return `${joinPath(root, path)}\0${path}`;
}

/** The absolute path a parse cache key names (`kind:path` then, after a NUL, the path in its project). */
export function cacheKeyPath(key: string): string {
  const end = key.indexOf('\0');
  return key.slice(key.indexOf(':') + 1, end < 0 ? undefined : end);
}

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
  options: BuildOptions = {},
): Promise<ProjectModel> {
  const { checkpoint, timeBudgetMs } = options;
  const readBudget = timeBudgetMs ?? READ_TIME_BUDGET_MS;
  const parseBudget = timeBudgetMs ?? PARSE_TIME_BUDGET_MS;
  const skipped: SkippedPath[] = [...skippedByWalk];
  const problems: FileProblem[] = [];
  const python: PythonUnit[] = [];
  const notebooks = new Map<string, Notebook>();
  const texts = new Map<string, string>();
  const envNames = new Map<string, string[]>();
  // Only a session with a parse cache (the editor) re-parses incrementally and needs Lezer's trees.
  const keepTrees = cache !== NO_CACHE;

  // Tokens of code read so far: the syntax trees of a project are held until its analysis ends.
  const projectBudget = options.projectTokenBudget ?? PROJECT_TOKEN_BUDGET;
  let tokensLeft = projectBudget;
  const tokenLimit = Math.floor(config.maxFileSize * TOKENS_PER_LIMIT_BYTE);
  let budgetReported = false;
  /** False (and the file reported as skipped) when its code would take the project past its token budget. */
  const withinBudget = (path: string, tokens: number): boolean => {
    if (tokens > tokenLimit) {
      skipped.push({
        path,
        reason: 'too-large',
        detail:
          `more than ${tokenLimit} tokens of code, the limit for ${formatBytes(config.maxFileSize)} ` +
          `(max-file-size) of code`,
      });
      return false;
    }
    if (tokens > tokensLeft) {
      skipped.push({
        path,
        reason: 'limit',
        detail: budgetReported
          ? "over the project's code budget"
          : `the project holds more than ${projectBudget} tokens of code; this file and later ones were not analysed`,
      });
      budgetReported = true;
      return false;
    }
    tokensLeft -= tokens;
    return true;
  };

  for (const file of files) {
    const isPy = file.path.endsWith('.py') || file.path.endsWith('.pyw');
    const isNb = file.path.endsWith('.ipynb');
    if (!isPy && !isNb && !isTextOfInterest(file.path)) continue;
    await checkpoint?.();
    // A notebook is mostly outputs (images, tables): its file may be larger; its code is held to max-file-size below.
    const maxBytes = isNb ? config.maxNotebookSize : config.maxFileSize;
    if (file.size > maxBytes) {
      skipped.push({
        path: file.path,
        reason: 'too-large',
        detail: `${formatBytes(file.size)} is over the ${formatBytes(maxBytes)} limit`,
      });
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await withTimeBudget(fs.readFile(joinPath(root, file.path), { maxBytes }), readBudget, 'reading it');
    } catch (e) {
      if (e instanceof ReadRefusedError && e.reason === 'too-large') {
        skipped.push({
          path: file.path,
          reason: 'too-large',
          detail: `${formatBytes(e.size ?? 0)} is over the ${formatBytes(maxBytes)} limit`,
        });
      } else if (e instanceof ReadRefusedError && e.reason === 'timeout') {
        problems.push({ path: file.path, message: `not analysed: ${e.message}` });
      } else {
        skipped.push({ path: file.path, reason: 'unreadable', detail: refusalDetail(e) });
      }
      continue;
    }
    // A notebook's pictures are most of its bytes and nothing reads them: they are emptied before decoding.
    const decoded = decodeText(isNb ? withoutImagePayloads(bytes) : bytes);
    if (!decoded.ok) {
      skipped.push({
        path: file.path,
        reason: decoded.reason === 'binary file' ? 'binary' : 'unreadable',
        detail: decoded.reason,
      });
      continue;
    }
    // A PEP 263 coding cookie is valid Python: only an undeclared legacy encoding is worth a word.
    if (
      !decoded.declared &&
      decoded.encoding !== 'utf-8' &&
      decoded.encoding !== 'utf-16le' &&
      decoded.encoding !== 'utf-16be' &&
      (isPy || isNb)
    ) {
      problems.push({ path: file.path, message: `not valid UTF-8; read as ${decoded.encoding}` });
    }
    const text = decoded.text;
    const deadline = Date.now() + parseBudget;
    const key = cacheKey(root, file.path);
    // One file that cannot be understood (nested too deeply, too slow, any failure) is a problem of
    // that file: the rest of the project is still analysed.
    try {
      if (isPy) {
        // One pass counts the tokens and finds over-deep brackets before Lezer sees the file; it is kept
        // per text, since the editor re-analyses on every edit and only the edited file changes.
        const shape = cache.get(`tok:${key}`, text, () => codeShape(text, MAX_NESTING_DEPTH));
        if (!withinBudget(file.path, shape.tokens)) continue;
        if (shape.tooDeepAt >= 0) throw new TooDeepError(text, shape.tooDeepAt);
        const unit = cache.get(`py:${key}`, text, (previous: PythonUnit | undefined) =>
          pythonFileUnit(file.path, text, previous, keepTrees, deadline, true),
        );
        if (unit.module.errors.length > 0) {
          const first = unit.range(unit.module.errors[0]);
          problems.push({
            path: file.path,
            line: first.startLine,
            message: `syntax error at line ${first.startLine}; the rest of the file was still analysed`,
          });
        }
        python.push(unit);
      } else if (isNb) {
        const result = cache.get(`nb:${key}`, text, () => parseNotebook(text));
        if (!result.ok) {
          problems.push({ path: file.path, message: `notebook could not be read: ${result.error}` });
          continue;
        }
        const code = result.notebook.cells.filter((c) => c.kind === 'code');
        const codeBytes = code.reduce((n, c) => n + c.source.length, 0);
        if (codeBytes > config.maxFileSize) {
          skipped.push({
            path: file.path,
            reason: 'too-large',
            detail: `its code cells hold ${formatBytes(codeBytes)}, over the ${formatBytes(config.maxFileSize)} limit`,
          });
          continue;
        }
        notebooks.set(file.path, result.notebook);
        const lang = result.notebook.language;
        if (!lang.startsWith('python') && lang !== '') {
          problems.push({
            path: file.path,
            message: `notebook kernel language is '${lang}'; only Python notebooks are analysed`,
          });
          continue;
        }
        if (
          !withinBudget(
            file.path,
            cache.get(`tok:${key}`, text, () => code.reduce((n, c) => n + countTokens(c.source), 0)),
          )
        ) {
          notebooks.delete(file.path);
          continue;
        }
        const unit = cache.get(`nbunit:${key}`, text, (previous: PythonUnit | undefined) =>
          notebookUnit(file.path, result.notebook, previous, keepTrees, deadline),
        );
        for (const left of unit.cellsLeftOut ?? []) {
          problems.push({
            path: file.path,
            message:
              `cell ${left.cell + 1} ${left.message.replace(/ at line (\d+)/, ' at its line $1')}; the ` +
              `other cells were analysed`,
          });
        }
        python.push(unit);
      } else if (isEnvFile(file.path)) {
        // Secrets live here: keep the names, drop the text.
        envNames.set(file.path, envVariableNames(text));
      } else {
        texts.set(file.path, text);
      }
    } catch (e) {
      notebooks.delete(file.path);
      if (e instanceof TooDeepError)
        problems.push(
          e.line
            ? { path: file.path, line: e.line, message: `${e.message}; the file was not analysed` }
            : { path: file.path, message: `${e.message}; the file was not analysed` },
        );
      else if (e instanceof ParseTimeoutError)
        problems.push({ path: file.path, message: `not analysed: parsing took longer than ${parseBudget / 1000} s` });
      else problems.push({ path: file.path, message: `could not be analysed: ${refusalDetail(e)}` });
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
