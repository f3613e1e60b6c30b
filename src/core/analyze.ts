// The analysis pipeline: discover files, split into project roots, build each project model, run the
// rules, evaluate the level checklist. The CLI, the extension and the tests all call this.
import { type FileSystem, ReadRefusedError, joinPath } from './fs/fileSystem';
import { CONFIG_FILE_LIMIT, readInside, realRoot, refusalDetail } from './fs/readPolicy';
import { decodeText } from './fs/text';
import { DEFAULT_CONFIG, type MlcoachConfig } from './config/config';
import { CONFIG_FILES, ConfigError, loadConfig } from './config/load';
import { ALL_RULES } from './rules/registry';
import { compileExcludes, discoverFiles } from './discovery/discover';
import { globRisk } from './discovery/glob';
import { type ParseCache, buildProject } from './project/build';
import type { DiscoveredFile, FileProblem, ProjectModel } from './project/model';
import type { ReportCache } from './model/reportCache';
import { classifyProject } from './levels/mlProject';
import { buildLevelReport } from './levels/report';
import { runRules } from './rules/run';
import { ProjectIndex } from './semantic/index';
import type { Rule } from './rules/rule';
import type { ProjectReport, SystemRollUp, WorkspaceReport } from './model/report';
import { type SystemInput, type UnitSystemFacts, decideSystem, isWiringFile, systemInput } from './levels/system';
import { VERSION } from './version';

/** Options of one analysis. */
export interface AnalyzeOptions {
  /** Settings that override the project's own configuration (from the editor or CLI flags). */
  overrides?: Partial<MlcoachConfig>;
  /** Rules to run (all by default). */
  rules?: readonly Rule[];
  /** Called as files are read, for progress output. */
  onProgress?: (message: string) => void;
  /** Keeps parsed files between analyses so only changed files are parsed again. */
  cache?: ParseCache;
  /** Keeps project reports between runs (the CLI's cache folder); used only when every rule runs (no `rules`). */
  reports?: ReportCache;
  /**
   * Awaited between folders and between files: the editor's worker yields to its message queue here and
   * throws to stop a run that a newer request has made stale.
   */
  checkpoint?: () => Promise<void>;
  /** How long reading, and then parsing, one file may take before it becomes a problem (default 10 s each). */
  timeBudgetMs?: number;
}

/** Files whose presence makes a folder a project root of its own. */
export const ROOT_MARKERS: ReadonlySet<string> = new Set([
  'pyproject.toml',
  'setup.py',
  'setup.cfg',
  'requirements.txt',
  'environment.yml',
  'environment.yaml',
  'Pipfile',
]);

/** Folders whose manifests serve tooling (docs builds, CI images, tests), never a project of their own. */
const TOOLING_DIR = /(^|\/)(docs?|\.github|\.gitlab|\.devcontainer|\.circleci|\.ci|ci|tests?|docker)(\/|$)/;

/**
 * The project roots among discovered files. A monorepo is a folder with no manifest of its own and at
 * least two sub-folders that each have a manifest and Python code (`services/a`, `services/b`); each
 * top-most such folder is a root, plus the folder itself when Python code lies outside them. Anything
 * else (a manifest at the top, one sub-folder with a manifest, manifests nested in one another) is one
 * project, so its Dockerfile, CI and tests still count as evidence; so are sub-folders of one Python package.
 */
export function findProjectRoots(files: DiscoveredFile[]): string[] {
  const markerDirs = new Set<string>();
  for (const f of files) {
    const slash = f.path.lastIndexOf('/');
    const name = f.path.slice(slash + 1);
    if (!ROOT_MARKERS.has(name)) continue;
    const dir = slash < 0 ? '' : f.path.slice(0, slash);
    if (dir === '') return [''];
    if (!TOOLING_DIR.test(dir)) markerDirs.add(dir);
  }
  // Every folder that holds Python code at any depth: one pass over the files, not one per manifest.
  const codeDirs = new Set<string>();
  for (const f of files) {
    if (!/\.(py|ipynb)$/.test(f.path)) continue;
    for (
      let i = f.path.lastIndexOf('/');
      i > 0 && !codeDirs.has(f.path.slice(0, i));
      i = f.path.lastIndexOf('/', i - 1)
    )
      codeDirs.add(f.path.slice(0, i));
  }
  // Sub-folders of a Python package (`src/__init__.py` above `src/training` and `src/serving`) are modules of one
  // project, whatever manifests each keeps for its own image.
  const packages = new Set<string>();
  for (const f of files) if (f.path.endsWith('/__init__.py')) packages.add(f.path.slice(0, f.path.lastIndexOf('/')));
  const inPackage = (d: string) => d.includes('/') && packages.has(d.slice(0, d.lastIndexOf('/')));
  const withCode = [...markerDirs].filter((d) => codeDirs.has(d) && !inPackage(d));
  const topMost = withCode.sort().filter((d) => !withCode.some((o) => o !== d && d.startsWith(`${o}/`)));
  if (topMost.length < 2) return [''];
  const inTopMost = new Set(topMost);
  const outside = files.some((f) => /\.(py|ipynb)$/.test(f.path) && ownerRoot(f.path, inTopMost, false) === undefined);
  return outside ? ['', ...topMost] : topMost;
}

/** The deepest of `roots` that holds `path` ('' when `hasTop` and none does, else undefined). */
function ownerRoot(path: string, roots: ReadonlySet<string>, hasTop: boolean): string | undefined {
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
    const dir = path.slice(0, i);
    if (roots.has(dir)) return dir;
  }
  return hasTop ? '' : undefined;
}

/** Items (files or skipped paths) by the project root that holds them: each in the deepest root above it. */
function byRoot<T extends { path: string }>(items: readonly T[], roots: readonly string[]): Map<string, T[]> {
  const set = new Set(roots.filter((r) => r !== ''));
  const hasTop = roots.includes('');
  const out = new Map<string, T[]>(roots.map((r) => [r, []]));
  for (const item of items) {
    const root = ownerRoot(item.path, set, hasTop);
    if (root !== undefined) out.get(root)!.push(item);
  }
  return out;
}

/**
 * Reads the project configuration of a folder (`.mlcoach.yaml` or `[tool.mlcoach]`), merged with overrides.
 * A configuration file the read policy refuses (a link out of the folder, a pipe or device, over 1 MB)
 * is not read: the defaults apply and `problems`, when given, says why.
 */
export async function readFolderConfig(
  fs: FileSystem,
  folder: string,
  overrides: Partial<MlcoachConfig> = {},
  problems?: FileProblem[],
): Promise<MlcoachConfig> {
  const texts = new Map<string, string>();
  const rootReal = await realRoot(fs, folder);
  for (const name of CONFIG_FILES) {
    let bytes: Uint8Array;
    try {
      bytes = await readInside(fs, rootReal, joinPath(folder, name), CONFIG_FILE_LIMIT);
    } catch (e) {
      if (e instanceof ReadRefusedError)
        problems?.push({ path: name, message: `not read as configuration: ${refusalDetail(e)}` });
      continue; // absent, or refused
    }
    const decoded = decodeText(bytes);
    if (decoded.ok) texts.set(name, decoded.text);
    else if (name !== 'pyproject.toml') throw new ConfigError(name, '', undefined, `cannot be read: ${decoded.reason}`);
  }
  const fromFiles = loadConfig((p) => texts.get(p), { knownRules: ALL_RULES.map((r) => r.meta) });
  return mergeConfig(fromFiles, overrides);
}

/** Overrides win; lists are concatenated; severities are merged key by key. */
function mergeConfig(base: MlcoachConfig, overrides: Partial<MlcoachConfig>): MlcoachConfig {
  return {
    ...DEFAULT_CONFIG,
    ...base,
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
    exclude: [...base.exclude, ...(overrides.exclude ?? [])],
    disable: [...base.disable, ...(overrides.disable ?? [])],
    severity: { ...base.severity, ...(overrides.severity ?? {}) },
  };
}

/** Analyses one folder and returns one report per project root in it. Throws ConfigError for an invalid config. */
export async function analyzeFolder(
  fs: FileSystem,
  folder: string,
  options: AnalyzeOptions = {},
): Promise<WorkspaceReport> {
  const root = folder.replace(/\/+$/, '') || '/';
  for (const glob of options.overrides?.exclude ?? []) {
    const risk = globRisk(glob.trim());
    if (risk) throw new ConfigError('settings', 'mlcoach.exclude', undefined, `'${glob}': ${risk}`);
  }
  const configProblems: FileProblem[] = [];
  const config = await readFolderConfig(fs, root, options.overrides, configProblems);
  options.onProgress?.('discovering files');
  const walk = await discoverFiles(fs, root, { exclude: config.exclude, checkpoint: options.checkpoint });
  const roots = findProjectRoots(walk.files);
  const projects: ProjectReport[] = [];
  // What the roll-up reads of each part's model (its wiring files, imports and artefact names), kept to
  // decide without parsing the folder a second time; the models themselves, syntax trees and all, go as
  // soon as their reports are made. A part whose report comes from the report cache brings these along.
  const models = new Map<string, SystemInput>();
  const useCache = options.reports !== undefined && !options.rules;
  // Each file and skipped path belongs to the deepest root above it (one pass, whatever the number of roots).
  const filesByRoot = byRoot(walk.files, roots);
  const skippedByRoot = byRoot(walk.skipped, roots);
  for (const rel of roots) {
    const strip = (p: string) => (rel === '' ? p : p.slice(rel.length + 1));
    const files = filesByRoot.get(rel)!.map((f) => ({ ...f, path: strip(f.path) }));
    const skipped = skippedByRoot.get(rel)!.map((s) => ({ ...s, path: strip(s.path) }));
    const projectRoot = rel ? joinPath(root, rel) : root;
    const ownConfigProblems: FileProblem[] = [];
    const projectConfig = rel ? await readFolderConfig(fs, projectRoot, options.overrides, ownConfigProblems) : config;
    // A sub-project's own excludes apply inside it; the walk already applied the top folder's.
    let kept = files;
    if (rel && projectConfig.exclude.length) {
      const matchers = compileExcludes(projectConfig.exclude);
      kept = [];
      for (const f of files) {
        const by = matchers.find((m) => m.matches(f.path, false));
        if (by) skipped.push({ path: f.path, reason: 'excluded', detail: `matches the exclude pattern '${by.glob}'` });
        else kept.push(f);
      }
    }
    options.onProgress?.(`reading ${kept.length} files${rel ? ` in ${rel}` : ''}`);
    const cached = useCache
      ? await options.reports!.lookup(fs, {
          root: projectRoot,
          relativeRoot: rel,
          files: kept,
          skipped,
          hasGit: walk.hasGit,
          config: projectConfig,
        })
      : undefined;
    if (cached && 'report' in cached) {
      projects.push(cached.report);
      const kept = roots.length >= 2 ? keptInput(cached.kept) : undefined;
      if (kept) models.set(rel, kept);
      continue;
    }
    const model = await buildProject(
      cached?.fs ?? fs,
      projectRoot,
      rel,
      kept,
      skipped,
      walk.hasGit,
      projectConfig,
      options.cache,
      { checkpoint: options.checkpoint, timeBudgetMs: options.timeBudgetMs },
    );
    // The folder's own configuration problems go to its project, or to the first one when it has none.
    const folderProblems = rel === '' || (projects.length === 0 && !roots.includes('')) ? configProblems : [];
    model.problems.unshift(...folderProblems, ...ownConfigProblems);
    const report = analyzeProject(model, options.rules);
    // After the analysis, which has walked every unit for its calls and string literals: the roll-up reuses them.
    const input = roots.length >= 2 ? systemInput(model) : undefined;
    if (input) models.set(rel, input);
    cached?.store(report, input && toKept(input));
    projects.push(report);
  }
  if (roots.length < 2) return { schemaVersion: 2, tool: { name: 'mlcoach', version: VERSION }, root, projects };

  // Several sub-projects: one system, or unrelated projects?
  options.onProgress?.('deciding whether the sub-projects are one system');
  const buildWhole = async (through: FileSystem): Promise<ProjectModel> => {
    const model = await buildProject(through, root, '', walk.files, walk.skipped, walk.hasGit, config, options.cache, {
      checkpoint: options.checkpoint,
      timeBudgetMs: options.timeBudgetMs,
    });
    model.problems.unshift(...configProblems);
    return model;
  };
  // Every part's roll-up input is at hand (from its model, or kept in the report cache beside its report):
  // decide from the parts seen as one folder, and parse the folder as one project only when it is one
  // system. A cached part without them (not expected) makes the folder parsed whole to decide.
  const whole = models.size === roots.length ? undefined : await buildWhole(fs);
  const parts = roots.filter((r) => r !== '');
  if (!whole && !models.has('')) {
    // Files above the parts belong to no part's model: a compose file or a CI workflow there can wire them.
    const inParts = new Set(parts);
    const above = walk.files.filter((f) => isWiringFile(f.path) && ownerRoot(f.path, inParts, false) === undefined);
    if (above.length)
      models.set(
        '',
        systemInput(
          await buildProject(fs, root, '', above, [], walk.hasGit, config, options.cache, {
            checkpoint: options.checkpoint,
            timeBudgetMs: options.timeBudgetMs,
          }),
        ),
      );
  }
  const decision = decideSystem(whole ? systemInput(whole) : asOneFolder(models), parts);
  const system: SystemRollUp = {
    oneSystem: decision.oneSystem,
    level: null,
    parts: projects.map((p) => ({ root: p.root, isMlProject: p.isMlProject, level: p.level })),
    reason: decision.reason,
    evidence: decision.evidence,
  };
  if (!decision.oneSystem)
    return { schemaVersion: 2, tool: { name: 'mlcoach', version: VERSION }, root, projects, system };
  let systemReport: ProjectReport;
  if (whole) systemReport = analyzeProject(whole, options.rules);
  else {
    // The whole folder as one project: its report is kept in the report cache like a part's.
    const cached = useCache
      ? await options.reports!.lookup(fs, {
          root,
          relativeRoot: '',
          files: walk.files,
          skipped: walk.skipped,
          hasGit: walk.hasGit,
          config,
        })
      : undefined;
    if (cached && 'report' in cached) systemReport = cached.report;
    else {
      systemReport = analyzeProject(await buildWhole(cached?.fs ?? fs), options.rules);
      cached?.store(systemReport);
    }
  }
  system.level = systemReport.level;
  return { schemaVersion: 2, tool: { name: 'mlcoach', version: VERSION }, root, projects: [systemReport], system };
}

/** A part's roll-up input as the report cache keeps it (plain data). */
function toKept(input: SystemInput): unknown {
  return { texts: [...input.texts], python: input.python };
}

/** The roll-up input kept beside a cached report, or undefined when there is none. */
function keptInput(kept: unknown): SystemInput | undefined {
  const k = kept as { texts?: unknown; python?: unknown } | undefined;
  if (!k || !Array.isArray(k.texts) || !Array.isArray(k.python)) return undefined;
  return { texts: new Map(k.texts as Array<[string, string]>), python: k.python as UnitSystemFacts[] };
}

/** The roll-up input of several project models, with paths relative to the folder that holds them. */
function asOneFolder(models: ReadonlyMap<string, SystemInput>): SystemInput {
  const texts = new Map<string, string>();
  const python: UnitSystemFacts[] = [];
  for (const [rel, model] of models) {
    const prefix = rel ? `${rel}/` : '';
    for (const [path, text] of model.texts) texts.set(prefix + path, text);
    for (const unit of model.python) {
      if (!prefix) python.push(unit);
      else {
        const path = prefix + unit.path;
        python.push({
          ...unit,
          path,
          imports: unit.imports.map((s) => ({ ...s, range: { ...s.range, path } })),
          artefacts: unit.artefacts.map((a) => ({ ...a, range: { ...a.range, path } })),
        });
      }
    }
  }
  return { texts, python };
}

/** Runs rules and the level checklist over a built project model. */
export function analyzeProject(model: ProjectModel, rules?: readonly Rule[]): ProjectReport {
  const index = new ProjectIndex(model);
  const ml = classifyProject(index);
  const findings = ml.isMl ? runRules(index, rules) : [];
  // A project that is not ML gets no level, no findings and no checklist: it stays quiet.
  const levels = ml.isMl
    ? buildLevelReport(index, findings)
    : { level: null, levelReason: '', levels: [], items: [], foundationGaps: [], nextSteps: [] };
  const notebooks = model.files.filter((f) => f.path.endsWith('.ipynb')).length;
  return {
    root: model.relativeRoot,
    isMlProject: ml.isMl,
    mlReason: ml.reason,
    level: levels.level,
    levelReason: levels.levelReason,
    foundationGaps: levels.foundationGaps,
    levels: levels.levels,
    items: levels.items,
    nextSteps: levels.nextSteps,
    findings,
    skipped: model.skipped,
    problems: model.problems,
    stats: {
      files: model.files.length,
      pythonFiles: model.files.filter((f) => f.path.endsWith('.py')).length,
      notebooks,
      bytes: model.files.reduce((a, f) => a + f.size, 0),
    },
  };
}
