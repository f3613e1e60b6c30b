// The analysis pipeline: discover files, split into project roots, build each project model, run the
// rules, evaluate the level checklist. The CLI, the extension and the tests all call this.
import { FileSystem, joinPath } from './fs/fileSystem';
import { decodeText } from './fs/text';
import { DEFAULT_CONFIG, MlcoachConfig } from './config/config';
import { CONFIG_FILES, ConfigError, loadConfig } from './config/load';
import { ALL_RULES } from './rules/registry';
import { compileExcludes, discoverFiles } from './discovery/discover';
import { ParseCache, buildProject } from './project/build';
import type { DiscoveredFile, ProjectModel } from './project/model';
import { classifyProject } from './levels/mlProject';
import { buildLevelReport } from './levels/report';
import { createMemo, runRules } from './rules/run';
import type { Rule } from './rules/rule';
import type { ProjectReport, SystemRollUp, WorkspaceReport } from './model/report';
import { decideSystem } from './project/system';
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
}

/** Files whose presence makes a folder a project root of its own. */
export const ROOT_MARKERS: ReadonlySet<string> = new Set(['pyproject.toml', 'setup.py', 'setup.cfg', 'requirements.txt', 'environment.yml', 'environment.yaml', 'Pipfile']);

/** Folders whose manifests serve tooling (docs builds, CI images, tests), never a project of their own. */
const TOOLING_DIR = /(^|\/)(docs?|\.github|\.gitlab|\.devcontainer|\.circleci|\.ci|ci|tests?|docker)(\/|$)/;

/**
 * The project roots among discovered files. A monorepo is a folder with no manifest of its own and at
 * least two sub-folders that each have a manifest and Python code (`services/a`, `services/b`); each
 * top-most such folder is a root, plus the folder itself when Python code lies outside them. Anything
 * else (a manifest at the top, one sub-folder with a manifest, manifests nested in one another) is one
 * project, so its Dockerfile, CI and tests still count as evidence.
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
  const isCode = (p: string) => /\.(py|ipynb)$/.test(p);
  const withCode = [...markerDirs].filter((d) => files.some((f) => isCode(f.path) && f.path.startsWith(`${d}/`)));
  const topMost = withCode.sort().filter((d) => !withCode.some((o) => o !== d && d.startsWith(`${o}/`)));
  if (topMost.length < 2) return [''];
  const outside = files.some((f) => isCode(f.path) && !topMost.some((d) => f.path.startsWith(`${d}/`)));
  return outside ? ['', ...topMost] : topMost;
}

/** Reads the project configuration of a folder (`.mlcoach.yaml` or `[tool.mlcoach]`), merged with overrides. */
export async function readFolderConfig(fs: FileSystem, folder: string, overrides: Partial<MlcoachConfig> = {}): Promise<MlcoachConfig> {
  const texts = new Map<string, string>();
  for (const name of CONFIG_FILES) {
    let bytes: Uint8Array;
    try {
      bytes = await fs.readFile(joinPath(folder, name));
    } catch {
      continue; // absent
    }
    const decoded = decodeText(bytes);
    if (decoded.ok) texts.set(name, decoded.text);
    else if (name !== 'pyproject.toml') throw new ConfigError(name, '', undefined, `cannot be read: ${decoded.reason}`);
  }
  const fromFiles = loadConfig((p) => texts.get(p), { knownRules: ALL_RULES.map((r) => r.meta) });
  return mergeConfig(fromFiles, overrides);
}

/** Overrides win; lists are concatenated; severities are merged key by key. */
export function mergeConfig(base: MlcoachConfig, overrides: Partial<MlcoachConfig>): MlcoachConfig {
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
export async function analyzeFolder(fs: FileSystem, folder: string, options: AnalyzeOptions = {}): Promise<WorkspaceReport> {
  const root = folder.replace(/\/+$/, '') || '/';
  const config = await readFolderConfig(fs, root, options.overrides);
  options.onProgress?.('discovering files');
  const walk = await discoverFiles(fs, root, { exclude: config.exclude });
  const roots = findProjectRoots(walk.files);
  const projects: ProjectReport[] = [];
  const models: ProjectModel[] = [];
  for (const rel of roots) {
    const others = roots.filter((r) => r !== rel && (rel === '' || r.startsWith(`${rel}/`)));
    const inRoot = (p: string) => (rel === '' || p.startsWith(`${rel}/`)) && !others.some((o) => p.startsWith(`${o}/`));
    const strip = (p: string) => (rel === '' ? p : p.slice(rel.length + 1));
    const files = walk.files.filter((f) => inRoot(f.path)).map((f) => ({ ...f, path: strip(f.path) }));
    const skipped = walk.skipped.filter((s) => inRoot(s.path)).map((s) => ({ ...s, path: strip(s.path) }));
    const projectRoot = rel ? joinPath(root, rel) : root;
    const projectConfig = rel ? await readFolderConfig(fs, projectRoot, options.overrides) : config;
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
    const model = await buildProject(fs, projectRoot, rel, kept, skipped, walk.hasGit, projectConfig, options.cache);
    models.push(model);
    projects.push(analyzeProject(model, options.rules));
  }
  if (roots.length < 2) return { schemaVersion: 2, tool: { name: 'mlcoach', version: VERSION }, root, projects };

  // Several sub-projects: one system, or unrelated projects? The whole folder is read once more to decide.
  options.onProgress?.('deciding whether the sub-projects are one system');
  const whole = await buildProject(fs, root, '', walk.files, walk.skipped, walk.hasGit, config, options.cache);
  const parts = roots.filter((r) => r !== '');
  const decision = decideSystem(whole, parts);
  const system: SystemRollUp = {
    oneSystem: decision.oneSystem,
    level: null,
    parts: projects.map((p) => ({ root: p.root, isMlProject: p.isMlProject, level: p.level })),
    reason: decision.reason,
    evidence: decision.evidence,
  };
  if (!decision.oneSystem) return { schemaVersion: 2, tool: { name: 'mlcoach', version: VERSION }, root, projects, system };
  const systemReport = analyzeProject(whole, options.rules);
  system.level = systemReport.level;
  return { schemaVersion: 2, tool: { name: 'mlcoach', version: VERSION }, root, projects: [systemReport], system };
}

/** Runs rules and the level checklist over a built project model. */
export function analyzeProject(model: ProjectModel, rules?: readonly Rule[]): ProjectReport {
  const memo = createMemo();
  const ml = classifyProject(model);
  const findings = ml.isMl ? runRules(model, memo, rules) : [];
  // A project that is not ML gets no level, no findings and no checklist: it stays quiet.
  const levels = ml.isMl ? buildLevelReport(model, findings, memo) : { level: null, levelReason: '', levels: [], items: [], foundationGaps: [], nextSteps: [] };
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
