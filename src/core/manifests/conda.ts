// Conda environment files (`environment.yml`): conda match specs, and the nested `pip:` list.
import { Document, LineCounter, isMap, isScalar, isSeq } from 'yaml';
import { Dependency, Manifest, normaliseName } from './manifest';
import { parseRequirements } from './requirements';

/** A conda match spec, reduced to what we report. */
export interface CondaSpec {
  name: string;
  specifier: string;
  pinned: boolean;
}

/**
 * Parses `numpy`, `numpy=1.26.4`, `numpy==1.26.4`, `numpy>=1.2,<2`, `numpy 1.26.4 py310_0`,
 * `conda-forge::numpy=1.26.4=py310h...`, `numpy[version='>=1.2']`.
 * `=1.26.4` pins (it matches 1.26.4 and its builds); `=1.26` is a series (1.26.*) and does not.
 */
export function parseCondaSpec(spec: string): CondaSpec | undefined {
  const s = spec.trim().replace(/^[^\s:]+::/, '');
  const m = /^([A-Za-z0-9_][A-Za-z0-9._-]*)\s*(.*)$/.exec(s);
  if (!m) return undefined;
  let rest = m[2].trim();
  const bracket = /^\[\s*version\s*=\s*['"]?([^'"\]]+)['"]?.*\]$/.exec(rest);
  if (bracket) rest = bracket[1].trim();
  else if (rest.startsWith('[')) rest = '';
  // `name 1.2.3 build` is the space-separated form of `name=1.2.3=build`.
  if (/^\d/.test(rest)) rest = `=${rest.replace(/\s+/, '=').replace(/\s+/g, '')}`;
  const version = /^(==|=)?\s*([^=,|<>!~\s]+)(=\S+)?$/.exec(rest);
  let pinned = false;
  if (rest.startsWith('==')) pinned = !!version && !version[2].includes('*');
  else if (version && rest.startsWith('=')) pinned = !version[2].includes('*') && (version[2].split('.').length >= 3 || !!version[3]);
  return { name: normaliseName(m[1]), specifier: rest, pinned };
}

/** The manifest of an environment file, or undefined when the YAML has no `dependencies` list (not an environment). */
export function condaManifest(path: string, doc: Document, counter: LineCounter): Manifest | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const list = root.get('dependencies', true);
  if (!isSeq(list)) return undefined;
  const deps: Dependency[] = [];
  let python: string | undefined;
  const lineOf = (node: { range?: [number, number, number] | null }) => (node.range ? counter.linePos(node.range[0]).line : undefined);
  for (const item of list.items) {
    if (isScalar(item) && typeof item.value === 'string') {
      const spec = parseCondaSpec(item.value);
      if (!spec) continue;
      if (spec.name === 'python') {
        python = spec.specifier || undefined;
        continue;
      }
      const dep: Dependency = { name: spec.name, specifier: spec.specifier, pinned: spec.pinned, dev: false, installer: 'conda' };
      const line = lineOf(item);
      if (line !== undefined) dep.line = line;
      deps.push(dep);
    } else if (isMap(item)) {
      const pip = item.get('pip', true);
      if (!isSeq(pip)) continue;
      for (const p of pip.items) {
        if (!isScalar(p) || typeof p.value !== 'string') continue;
        const parsed = parseRequirements(p.value, false).dependencies[0];
        if (!parsed) continue;
        const dep: Dependency = { ...parsed, installer: 'pip' };
        delete dep.line;
        const line = lineOf(p);
        if (line !== undefined) dep.line = line;
        deps.push(dep);
      }
    }
  }
  const manifest: Manifest = { path, kind: 'environment.yml', dependencies: deps };
  if (python) manifest.python = python;
  return manifest;
}
