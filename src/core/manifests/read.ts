// Reads every dependency manifest of a project into one shape. A malformed manifest becomes a
// FileProblem with the parser's message and line; nothing here throws.
import { parse as parseToml } from 'smol-toml';
import { LineCounter, parseDocument } from 'yaml';
import type { FileProblem, ProjectModel } from '../project/model';
import { condaManifest } from './conda';
import { condaLockManifest, lockfileTool, pipfileLockManifest, tomlLockManifest } from './lockfiles';
import type { Manifest } from './manifest';
import { pipfileManifest, pyprojectManifests } from './pyproject';
import { isDevRequirementsPath, parseRequirements, resolveRelative } from './requirements';
import { setupCfgManifest } from './setupCfg';
import { setupPyManifest } from './setupPy';

type Sources = Pick<ProjectModel, 'texts'> & Partial<Pick<ProjectModel, 'python' | 'files'>>;

/**
 * True for the names of pip requirement files: `requirements*.txt|in`, `dev-requirements.txt`, `requirements/*.txt`.
 */
function isRequirementsPath(path: string): boolean {
  const lower = path.toLowerCase();
  const base = lower.slice(lower.lastIndexOf('/') + 1);
  if (/requirements[^/]*\.(txt|in)$/.test(base)) return true;
  return /(^|\/)requirements\/[^/]+\.(txt|in)$/.test(lower);
}

/** True for conda environment file names (`environment.yml`, `environment-gpu.yaml`, MLflow's `conda.yaml`). */
function isCondaEnvironmentPath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return /^(environment|conda|env)([-_.][^/]*)?\.ya?ml$/i.test(base) && !/^conda-lock/i.test(base);
}

/** All manifests of a project, from the texts (and parsed `setup.py` units) the project model holds. */
export function readManifests(project: Sources, problems: FileProblem[] = []): Manifest[] {
  const out: Manifest[] = [];
  const requirementFiles = new Map<string, ReturnType<typeof parseRequirements>>();
  const fail = (path: string, message: string, line?: number) =>
    problems.push(line ? { path, message, line } : { path, message });

  const addRequirements = (path: string, text: string, tool: string | undefined) => {
    const parsed = parseRequirements(text, isDevRequirementsPath(path));
    requirementFiles.set(path, parsed);
    const manifest: Manifest = { path, kind: 'requirements', dependencies: parsed.dependencies };
    if (tool === 'rye' || parsed.compiledBy || parsed.condaFormat === 'explicit') {
      manifest.kind = 'lockfile';
      manifest.tool =
        tool === 'rye'
          ? 'rye'
          : parsed.condaFormat === 'explicit'
            ? 'conda'
            : parsed.compiledBy === 'uv'
              ? 'uv'
              : 'pip-compile';
    }
    if (parsed.includes.length) manifest.includes = parsed.includes.map((t) => resolveRelative(path, t));
    if (parsed.constraints.length) manifest.constraints = parsed.constraints.map((t) => resolveRelative(path, t));
    out.push(manifest);
  };

  for (const [path, text] of project.texts) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    const tool = lockfileTool(path);
    try {
      if (tool === 'rye' || isRequirementsPath(path)) {
        addRequirements(path, text, tool);
      } else if (base === 'pyproject.toml') {
        out.push(...pyprojectManifests(path, parseToml(text) as Record<string, unknown>, text));
      } else if (base === 'Pipfile') {
        out.push(pipfileManifest(path, parseToml(text) as Record<string, unknown>, text));
      } else if (base === 'setup.cfg') {
        const m = setupCfgManifest(path, text);
        if (m) out.push(m);
      } else if (tool === 'pipenv') {
        out.push(pipfileLockManifest(path, JSON.parse(text)));
      } else if (tool === 'poetry' || tool === 'uv' || tool === 'pdm') {
        out.push(tomlLockManifest(path, tool, parseToml(text) as Record<string, unknown>));
      } else if (tool === 'conda-lock' || isCondaEnvironmentPath(path)) {
        const counter = new LineCounter();
        const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false });
        if (doc.errors.length) {
          const e = doc.errors[0];
          fail(path, `not valid YAML: ${e.message.split('\n')[0]}`, e.linePos?.[0]?.line);
          continue;
        }
        const m = tool === 'conda-lock' ? condaLockManifest(path, doc) : condaManifest(path, doc, counter);
        if (m) out.push(m);
      }
    } catch (e) {
      const err = e as Error & { line?: number };
      const what = base === 'Pipfile.lock' ? 'JSON' : 'TOML';
      fail(
        path,
        `not valid ${what}: ${err.message.split('\n')[0].replace(/^Invalid TOML document: /, '')}`,
        typeof err.line === 'number' ? err.line : undefined,
      );
    }
  }

  for (const unit of project.python ?? []) {
    if (unit.path === 'setup.py' || unit.path.endsWith('/setup.py')) {
      try {
        const m = setupPyManifest(unit);
        if (m) out.push(m);
      } catch (e) {
        fail(unit.path, `its dependencies could not be read: ${(e as Error).message.split('\n')[0]}`);
      }
    }
  }

  // Files pulled in with `-r` are requirements whatever their name (`-r base.txt`).
  for (let i = 0; i < out.length; i++) {
    for (const inc of out[i].includes ?? []) {
      const text = project.texts.get(inc);
      if (text !== undefined && !requirementFiles.has(inc)) addRequirements(inc, text, undefined);
    }
  }

  // Lock files too large to read (or not read) still show that versions are locked.
  const seen = new Set(out.map((m) => m.path));
  for (const f of project.files ?? []) {
    const tool = lockfileTool(f.path);
    if (tool && !seen.has(f.path) && !project.texts.has(f.path) && !problems.some((p) => p.path === f.path)) {
      out.push({ path: f.path, kind: 'lockfile', tool, dependencies: [] });
    }
  }

  applyConstraints(out, requirementFiles, project.texts);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.kind < b.kind ? -1 : 1));
}

/** A requirement left open but pinned by a `-c` constraints file is installed at one version: count it pinned. */
function applyConstraints(
  manifests: Manifest[],
  files: Map<string, ReturnType<typeof parseRequirements>>,
  texts: ReadonlyMap<string, string>,
): void {
  for (const m of manifests) {
    for (const c of m.constraints ?? []) {
      let constraints = files.get(c);
      if (!constraints && texts.has(c)) {
        constraints = parseRequirements(texts.get(c)!, false);
        files.set(c, constraints);
      }
      if (!constraints) continue;
      for (const dep of m.dependencies) {
        if (dep.pinned) continue;
        if (constraints.dependencies.some((x) => x.name === dep.name && x.pinned)) {
          dep.pinned = true;
          dep.pinnedBy = c;
        }
      }
    }
  }
}
