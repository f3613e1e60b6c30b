// Conda environment files (`environment.yml`): conda match specs, and the nested `pip:` list.
import { type Document, type LineCounter, isMap, isScalar, isSeq } from 'yaml';
import type { Dependency, Manifest } from './manifest';
import { parseCondaSpec } from './condaSpec';
import { parseRequirements } from './requirements';

/** The manifest of an environment file, or undefined when the YAML has no `dependencies` list (not an environment). */
export function condaManifest(path: string, doc: Document, counter: LineCounter): Manifest | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const list = root.get('dependencies', true);
  if (!isSeq(list)) return undefined;
  const deps: Dependency[] = [];
  let python: string | undefined;
  const lineOf = (node: { range?: [number, number, number] | null }) =>
    node.range ? counter.linePos(node.range[0]).line : undefined;
  for (const item of list.items) {
    if (isScalar(item) && typeof item.value === 'string') {
      const spec = parseCondaSpec(item.value);
      if (!spec) continue;
      if (spec.name === 'python') {
        python = spec.specifier || undefined;
        continue;
      }
      // `- pip` only makes the nested pip list installable; it is the installer, not a library.
      if (spec.name === 'pip') continue;
      const dep: Dependency = {
        name: spec.name,
        specifier: spec.specifier,
        pinned: spec.pinned,
        dev: false,
        installer: 'conda',
      };
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
