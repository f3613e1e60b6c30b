// Where a scaffold's files may go: a path is taken when a file, a folder, or anything discovery
// passed over already sits there, so a plan can never overwrite.
import type { ProjectModel } from '../project/model';

/**
 * True when creating `path` would touch something that exists: the file itself, a folder of that name,
 * a file where a parent folder should be, or a Python module and package that would shadow each other.
 */
export function isPathTaken(project: Pick<ProjectModel, 'files' | 'skipped'>, path: string): boolean {
  const parents = parentPaths(path);
  // In Python a package `a/b/` and a module `a/b.py` shadow each other: either one takes the other's place.
  const shadows = new Set([...parents].map((p) => `${p}.py`));
  const asPackage = path.endsWith('.py') ? `${path.slice(0, -3)}/` : undefined;
  for (const f of project.files) {
    if (f.path === path || f.path.startsWith(`${path}/`) || parents.has(f.path)) return true;
    if (shadows.has(f.path) || (asPackage && f.path.startsWith(asPackage) && f.path.endsWith('.py'))) return true;
  }
  for (const s of project.skipped) {
    // A link out of the folder is not "taken": the plan keeps its files so the writer, which checks every
    // path against the links on disk, refuses them and says why (src/node/scaffoldTarget.ts).
    if (s.reason === 'outside-root') continue;
    if (s.path === path || s.path === '.' || path.startsWith(`${s.path}/`) || parents.has(s.path)) return true;
  }
  return false;
}

/** Every proper parent folder of a relative path: `a/b/c.py` → {`a`, `a/b`}. */
function parentPaths(path: string): Set<string> {
  const out = new Set<string>();
  let i = path.indexOf('/');
  while (i > 0) {
    out.add(path.slice(0, i));
    i = path.indexOf('/', i + 1);
  }
  return out;
}
