// Lock files: every package at one exact version. Recorded as kind `lockfile` with the tool that wrote it.
import { type Document, isMap, isSeq } from 'yaml';
import { type Dependency, type Manifest, normaliseName } from './manifest';

type Table = Record<string, unknown>;

/** Lock files by base name, with the tool that writes them. */
const LOCKFILE_TOOLS: ReadonlyMap<string, string> = new Map([
  ['poetry.lock', 'poetry'],
  ['uv.lock', 'uv'],
  ['pdm.lock', 'pdm'],
  ['Pipfile.lock', 'pipenv'],
  ['conda-lock.yml', 'conda-lock'],
  ['conda-lock.yaml', 'conda-lock'],
]);

/** The tool of a lock file path (by base name), or undefined when it is not one we know. */
export function lockfileTool(path: string): string | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (LOCKFILE_TOOLS.has(base)) return LOCKFILE_TOOLS.get(base);
  if (/\.conda-lock\.ya?ml$/.test(base)) return 'conda-lock';
  if (/^requirements[^/]*\.lock$/.test(base)) return 'rye';
  return undefined;
}

/**
 * `[[package]]` entries of poetry.lock, uv.lock or pdm.lock. The project itself (uv's editable/virtual root) is left
 * out.
 */
export function tomlLockManifest(path: string, tool: string, doc: Table): Manifest {
  const packages = Array.isArray(doc.package) ? doc.package : [];
  const deps: Dependency[] = [];
  for (const p of packages) {
    if (typeof p !== 'object' || p === null) continue;
    const pkg = p as Table;
    if (typeof pkg.name !== 'string') continue;
    const source = pkg.source as Table | undefined;
    if (source && (source.editable === '.' || source.virtual === '.')) continue;
    const version = typeof pkg.version === 'string' ? pkg.version : '';
    deps.push({
      name: normaliseName(pkg.name),
      specifier: version ? `==${version}` : '',
      pinned: !!version,
      dev: pkg.category === 'dev',
    });
  }
  return { path, kind: 'lockfile', tool, dependencies: deps };
}

/** Pipfile.lock: JSON with `default` and `develop` maps of name → `{ version: "==1.2.3" }`. */
export function pipfileLockManifest(path: string, doc: unknown): Manifest {
  const deps: Dependency[] = [];
  const root = (typeof doc === 'object' && doc !== null ? doc : {}) as Table;
  for (const [section, dev] of [
    ['default', false],
    ['develop', true],
  ] as const) {
    const entries = root[section];
    if (typeof entries !== 'object' || entries === null) continue;
    for (const [name, spec] of Object.entries(entries as Table)) {
      const version =
        typeof spec === 'object' && spec !== null && typeof (spec as Table).version === 'string'
          ? ((spec as Table).version as string)
          : '';
      deps.push({
        name: normaliseName(name),
        specifier: version,
        pinned:
          /^==/.test(version) || (typeof spec === 'object' && spec !== null && typeof (spec as Table).ref === 'string'),
        dev,
      });
    }
  }
  return { path, kind: 'lockfile', tool: 'pipenv', dependencies: deps };
}

/** conda-lock.yml: `package:` entries per platform; each name and version once. */
export function condaLockManifest(path: string, doc: Document): Manifest {
  const deps: Dependency[] = [];
  const seen = new Set<string>();
  const root = doc.contents;
  const list = isMap(root) ? root.get('package', true) : undefined;
  if (isSeq(list)) {
    for (const item of list.items) {
      if (!isMap(item)) continue;
      const name = item.get('name');
      const version = item.get('version');
      if (typeof name !== 'string') continue;
      const key = `${name}@${String(version)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const v = version === undefined || version === null ? '' : String(version);
      deps.push({
        name: normaliseName(name),
        specifier: v ? `==${v}` : '',
        pinned: !!v,
        dev: item.get('category') === 'dev',
        installer: item.get('manager') === 'pip' ? 'pip' : 'conda',
      });
    }
  }
  return { path, kind: 'lockfile', tool: 'conda-lock', dependencies: deps };
}
