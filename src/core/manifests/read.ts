// Reads every dependency manifest of a project into one shape.
import type { ProjectModel } from '../project/model';
import { Dependency, Manifest, normaliseName } from './manifest';

/** All manifests of a project, from the texts the project model holds. */
export function readManifests(project: Pick<ProjectModel, 'texts'>): Manifest[] {
  const out: Manifest[] = [];
  for (const [path, text] of project.texts) {
    const name = path.split('/').pop() ?? path;
    if (/^requirements.*\.(txt|in)$/.test(name)) out.push({ path, kind: 'requirements', dependencies: parseRequirements(text, /dev|test|lint/.test(name)) });
  }
  return out;
}

/** Parses a pip requirements file: names, specifiers and whether each is pinned exactly. */
export function parseRequirements(text: string, dev: boolean): Dependency[] {
  const deps: Dependency[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (!line || line.startsWith('#') || line.startsWith('-')) return;
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([^;]*)/.exec(line);
    if (!m) return;
    const specifier = m[3].trim();
    deps.push({ name: normaliseName(m[1]), specifier, pinned: /^===?\s*[^*,]+$/.test(specifier), line: i + 1, dev });
  });
  return deps;
}
