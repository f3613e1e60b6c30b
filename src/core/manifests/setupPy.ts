// setup.py: the `install_requires=[...]` (and `extras_require`, `tests_require`) of its `setup()` call,
// read through the syntax tree. Lists named by a module-level variable and `+` of lists are followed;
// anything computed (reading a file, a comprehension) is left alone rather than guessed.
import type { CallExpr, Expr, Stmt } from '../python/ast';
import { dottedName, qualifiedName } from '../python/imports';
import type { PythonUnit } from '../python/unit';
import { walkAllExprs } from '../python/walk';
import { type Dependency, type Manifest, isDevGroup } from './manifest';
import { requirementLine } from './requirements';

const SETUP_FUNCTIONS = new Set(['setuptools.setup', 'distutils.core.setup', 'numpy.distutils.core.setup']);

/** The manifest of a setup.py unit, or undefined when it has no `setup()` call. */
export function setupPyManifest(unit: PythonUnit): Manifest | undefined {
  const call = findSetupCall(unit);
  if (!call) return undefined;
  const assignments = moduleLists(unit.module.body);
  const deps: Dependency[] = [];
  const addList = (value: Expr, dev: boolean, group?: string) => {
    for (const item of stringItems(value, assignments, 0)) {
      const dep = requirementLine(item.text, dev, unit.range(item.span).startLine);
      if (dep) deps.push(group ? { ...dep, group } : dep);
    }
  };
  let python: string | undefined;
  for (const kw of call.keywords) {
    if (kw.name === 'install_requires') addList(kw.value, false);
    else if (kw.name === 'tests_require') addList(kw.value, true, 'tests');
    else if (kw.name === 'extras_require') {
      const dict = resolve(kw.value, assignments, 0);
      if (dict?.kind !== 'Dict') continue;
      for (const { key, value } of dict.items) {
        if (key?.kind === 'Constant' && typeof key.value === 'string')
          addList(value, isDevGroup(key.value.split(':')[0]), key.value);
      }
    } else if (kw.name === 'python_requires' && kw.value.kind === 'Constant' && typeof kw.value.value === 'string') {
      python = kw.value.value;
    }
  }
  const manifest: Manifest = { path: unit.path, kind: 'setup.py', dependencies: deps };
  if (python) manifest.python = python;
  return manifest;
}

function findSetupCall(unit: PythonUnit): CallExpr | undefined {
  let found: CallExpr | undefined;
  walkAllExprs(unit.module.body, (e) => {
    if (found || e.kind !== 'Call') return !found;
    const q = qualifiedName(e.func, unit.imports);
    if ((q && SETUP_FUNCTIONS.has(q)) || (!q && dottedName(e.func) === 'setup' && e.keywords.length > 0)) found = e;
    return !found;
  });
  return found;
}

/** Module-level `NAME = <expr>` assignments, last one wins (as at run time for straight-line code). */
function moduleLists(body: Stmt[]): Map<string, Expr> {
  const out = new Map<string, Expr>();
  for (const s of body) {
    if (s.kind === 'Assign' && s.value) {
      for (const t of s.targets) if (t.kind === 'Name') out.set(t.id, s.value);
    }
  }
  return out;
}

function resolve(e: Expr, names: Map<string, Expr>, depth: number): Expr | undefined {
  if (e.kind === 'Name') return depth < 8 && names.has(e.id) ? resolve(names.get(e.id)!, names, depth + 1) : undefined;
  return e;
}

function stringItems(e: Expr, names: Map<string, Expr>, depth: number): Array<{ text: string; span: Expr }> {
  if (depth > 8) return [];
  const v = resolve(e, names, depth);
  if (!v) return [];
  if (v.kind === 'List' || v.kind === 'Tuple' || v.kind === 'Set') {
    return v.elts.flatMap((x) =>
      x.kind === 'Constant' && x.type === 'str' && typeof x.value === 'string' ? [{ text: x.value, span: x }] : [],
    );
  }
  if (v.kind === 'Binary' && v.op === '+')
    return [...stringItems(v.left, names, depth + 1), ...stringItems(v.right, names, depth + 1)];
  return [];
}
