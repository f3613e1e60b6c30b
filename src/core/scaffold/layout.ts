// Where a scaffold's module goes in the project's layout, and the `__init__.py` files that make it importable.
import type { NewFile } from '../model/findings';
import { shellWord } from './emit';
import type { ProjectFacts } from './facts';

/** A module a scaffold adds: its file, its import path, and the package markers it needs. */
export interface ModuleLocation {
  path: string;
  /** Dotted import path (`churn.data.split`, or `split` at the root of a flat project). */
  module: string;
  /** `__init__.py` files for the folders on the way that do not have one yet. */
  inits: NewFile[];
}

/**
 * Places a module: inside the package (`<packageDir>/<inPackage>`) or, for flat projects, at the root
 * as `flatName` so scripts and notebooks next to it can import it.
 */
export function placeModule(facts: ProjectFacts, inPackage: string, flatName: string): ModuleLocation {
  if (facts.layout === 'flat')
    return { path: flatName, module: flatName.replace(/\.py$/, '').split('/').join('.'), inits: [] };
  // A sub-package `data/` next to an existing `data.py` would shadow that module: stay one level up.
  const segments = inPackage.split('/');
  for (let i = 1; i < segments.length; i++) {
    if (facts.existingPaths.has(`${facts.packageDir}/${segments.slice(0, i).join('/')}.py`)) {
      inPackage = segments[segments.length - 1];
      break;
    }
  }
  const path = `${facts.packageDir}/${inPackage}`;
  const inits: NewFile[] = [];
  const folders = inPackage.split('/').slice(0, -1);
  // Only the markers of folders that lack one: an existing __init__.py was never going to be written.
  const marker = (dir: string, content: string) => {
    if (!facts.existingPaths.has(`${dir}/__init__.py`)) inits.push({ path: `${dir}/__init__.py`, content });
  };
  marker(facts.packageDir, `"""${facts.packageName}."""\n`);
  let dir = facts.packageDir;
  for (const f of folders) {
    dir = `${dir}/${f}`;
    marker(dir, '');
  }
  return { path, module: `${facts.modulePrefix}${inPackage.replace(/\.py$/, '').split('/').join('.')}`, inits };
}

/** The folder that must be on `sys.path` to import the project's modules: `src` or the root (''). */
export function importRoot(facts: ProjectFacts): string {
  return facts.layout === 'src' ? 'src' : '';
}

/**
 * The shell command that runs a Python file of the project: `python -m pkg.mod` inside the package, `python path`
 * otherwise.
 */
export function runCommand(facts: ProjectFacts, path: string): string {
  if (facts.packageDir && path.startsWith(`${facts.packageDir}/`)) {
    const rel = facts.layout === 'src' ? path.slice('src/'.length) : path;
    return `python -m ${rel.replace(/\.py$/, '').split('/').join('.')}`;
  }
  return `python ${shellWord(path)}`;
}
