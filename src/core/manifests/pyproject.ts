// pyproject.toml: PEP 621 `[project]`, PEP 735 `[dependency-groups]`, Poetry `[tool.poetry]`, uv's
// `[tool.uv] dev-dependencies`. Also Pipfile, which is TOML with the same idea in other words.
import { type Dependency, type Manifest, isDevGroup, normaliseName } from './manifest';
import { parseRequirement } from './requirement';
import { TomlLines } from './tomlLines';

type Table = Record<string, unknown>;

function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function table(root: Table, path: string): Table | undefined {
  let cur: unknown = root;
  for (const part of path.split('.')) {
    if (!isTable(cur)) return undefined;
    cur = cur[part];
  }
  return isTable(cur) ? cur : undefined;
}

/** The manifests a parsed pyproject.toml declares (none for a file with only tool settings). */
export function pyprojectManifests(path: string, doc: Table, text: string): Manifest[] {
  const lines = new TomlLines(text);
  const out: Manifest[] = [];
  const project = table(doc, 'project');
  const groups = table(doc, 'dependency-groups');
  const uvDev = table(doc, 'tool.uv')?.['dev-dependencies'];
  if (project || groups || Array.isArray(uvDev)) {
    const deps: Dependency[] = [];
    if (project) deps.push(...requirementArray(project.dependencies, lines, 'project', 'dependencies', { dev: false }));
    const extras = table(doc, 'project.optional-dependencies');
    for (const [name, list] of Object.entries(extras ?? {})) {
      deps.push(
        ...requirementArray(list, lines, 'project.optional-dependencies', name, { dev: isDevGroup(name), group: name }),
      );
    }
    for (const [name, list] of Object.entries(groups ?? {})) {
      deps.push(...requirementArray(list, lines, 'dependency-groups', name, { dev: isDevGroup(name), group: name }));
    }
    if (Array.isArray(uvDev))
      deps.push(...requirementArray(uvDev, lines, 'tool.uv', 'dev-dependencies', { dev: true, group: 'dev' }));
    const manifest: Manifest = {
      path,
      kind: project ? 'pyproject-pep621' : 'pyproject-dependency-groups',
      dependencies: deps,
    };
    if (typeof project?.['requires-python'] === 'string') manifest.python = project['requires-python'];
    out.push(manifest);
  }
  const poetry = table(doc, 'tool.poetry');
  // Poetry 2 projects may keep dependencies in [project] and only packaging settings in [tool.poetry].
  if (
    poetry &&
    (poetry.dependencies !== undefined ||
      poetry['dev-dependencies'] !== undefined ||
      poetry.group !== undefined ||
      !project)
  ) {
    const deps: Dependency[] = [];
    let python: string | undefined;
    const addTable = (tableName: string, dev: boolean, group?: string) => {
      for (const [name, spec] of Object.entries(table(doc, tableName) ?? {})) {
        if (name.toLowerCase() === 'python') {
          if (typeof spec === 'string') python = spec;
          continue;
        }
        const dep = poetryDependency(name, spec, dev, lines.keyLine(tableName, name));
        if (dep) deps.push(group ? { ...dep, group } : dep);
      }
    };
    addTable('tool.poetry.dependencies', false);
    addTable('tool.poetry.dev-dependencies', true, 'dev');
    for (const group of Object.keys(table(doc, 'tool.poetry.group') ?? {})) {
      addTable(`tool.poetry.group.${group}.dependencies`, group !== 'main', group);
    }
    const manifest: Manifest = { path, kind: 'pyproject-poetry', dependencies: deps };
    if (python) manifest.python = python;
    out.push(manifest);
  }
  return out;
}

/** Pipfile: `[packages]` and `[dev-packages]`, each `name = "*" | "==1.2" | { version = ..., git = ... }`. */
export function pipfileManifest(path: string, doc: Table, text: string): Manifest {
  const lines = new TomlLines(text);
  const deps: Dependency[] = [];
  for (const [tableName, dev] of [
    ['packages', false],
    ['dev-packages', true],
  ] as const) {
    for (const [name, spec] of Object.entries(table(doc, tableName) ?? {})) {
      const dep = pipfileDependency(name, spec, dev, lines.keyLine(tableName, name));
      if (dep) deps.push(dep);
    }
  }
  const manifest: Manifest = { path, kind: 'Pipfile', dependencies: deps };
  const requires = table(doc, 'requires');
  const python = requires?.python_full_version ?? requires?.python_version;
  if (typeof python === 'string') manifest.python = python;
  return manifest;
}

function requirementArray(
  list: unknown,
  lines: TomlLines,
  tableName: string,
  key: string,
  base: { dev: boolean; group?: string },
): Dependency[] {
  if (!Array.isArray(list)) return [];
  const strings = list.filter((x): x is string => typeof x === 'string');
  const at = lines.arrayItemLines(tableName, key, strings);
  const out: Dependency[] = [];
  strings.forEach((s, i) => {
    const req = parseRequirement(s);
    if (!req) return;
    const dep: Dependency = { name: req.name, specifier: req.specifier, pinned: req.pinned, dev: base.dev };
    if (at[i] !== undefined) dep.line = at[i];
    if (base.group) dep.group = base.group;
    if (req.extras.length) dep.extras = req.extras;
    if (req.marker) dep.marker = req.marker;
    if (req.url) dep.url = req.url;
    out.push(dep);
  });
  return out;
}

/** Poetry's version syntax: `1.2.3` and `==1.2.3` are pins; `^`, `~`, `*`, ranges and wildcards are not. */
export function isPoetryPin(version: string): boolean {
  const v = version.trim();
  return /^(==|===)?\s*v?\d+(\.\d+)*([-.+]?[A-Za-z0-9]+)*$/.test(v) && !v.includes('*');
}

function poetryDependency(name: string, spec: unknown, dev: boolean, line: number | undefined): Dependency | undefined {
  const dep: Dependency = { name: normaliseName(name), specifier: '', pinned: false, dev };
  if (line !== undefined) dep.line = line;
  if (typeof spec === 'string') return { ...dep, specifier: spec, pinned: isPoetryPin(spec) };
  // Multiple-constraint dependencies: one entry per Python version or platform; pinned only if each is.
  if (Array.isArray(spec)) {
    const parts = spec.map((s) => poetryDependency(name, s, dev, line)).filter((d): d is Dependency => !!d);
    if (!parts.length) return undefined;
    return { ...dep, specifier: parts.map((p) => p.specifier).join(' | '), pinned: parts.every((p) => p.pinned) };
  }
  if (!isTable(spec)) return undefined;
  if (typeof spec.version === 'string') {
    dep.specifier = spec.version;
    dep.pinned = isPoetryPin(spec.version);
  }
  const vcs = ['git', 'hg', 'svn'].find((k) => typeof spec[k] === 'string');
  if (vcs) {
    dep.url = `${vcs}+${spec[vcs] as string}`;
    const rev = spec.rev ?? spec.tag;
    dep.pinned = typeof rev === 'string';
    dep.specifier = `@ ${dep.url}${typeof rev === 'string' ? `@${rev}` : ''}`;
  } else if (typeof spec.url === 'string') {
    dep.url = spec.url;
    dep.specifier = `@ ${spec.url}`;
    dep.pinned = true;
  } else if (typeof spec.path === 'string') {
    // A local path is part of the same codebase, not a third-party dependency to pin.
    return undefined;
  }
  if (Array.isArray(spec.extras)) dep.extras = spec.extras.filter((x): x is string => typeof x === 'string');
  if (typeof spec.markers === 'string') dep.marker = spec.markers;
  if (spec.develop === true) dep.editable = true;
  if (spec.optional === true && !dep.group) dep.group = 'optional';
  return dep;
}

function pipfileDependency(
  name: string,
  spec: unknown,
  dev: boolean,
  line: number | undefined,
): Dependency | undefined {
  const dep: Dependency = { name: normaliseName(name), specifier: '', pinned: false, dev };
  if (line !== undefined) dep.line = line;
  const version =
    typeof spec === 'string' ? spec : isTable(spec) && typeof spec.version === 'string' ? spec.version : undefined;
  if (version !== undefined && version.trim() !== '*') {
    dep.specifier = version.trim();
    dep.pinned = /^(==|===)\s*[^*,\s]+$/.test(dep.specifier);
  }
  if (isTable(spec)) {
    const vcs = ['git', 'hg', 'svn'].find((k) => typeof spec[k] === 'string');
    if (vcs) {
      dep.url = `${vcs}+${spec[vcs] as string}`;
      dep.pinned = typeof spec.ref === 'string' && /^[0-9a-f]{7,40}$/i.test(spec.ref);
      dep.specifier = `@ ${dep.url}`;
    } else if (typeof spec.path === 'string' || typeof spec.file === 'string') {
      if (spec.editable === true && typeof spec.path === 'string') return undefined;
      const where = (spec.path ?? spec.file) as string;
      if (!/^https?:/.test(where)) return undefined;
      dep.url = where;
      dep.specifier = `@ ${where}`;
      dep.pinned = true;
    }
    if (Array.isArray(spec.extras)) dep.extras = spec.extras.filter((x): x is string => typeof x === 'string');
    if (typeof spec.markers === 'string') dep.marker = spec.markers;
    if (spec.editable === true) dep.editable = true;
  }
  return dep;
}
