// Binds local names to the modules they come from, so `pp.StandardScaler` resolves to
// `sklearn.preprocessing.StandardScaler` and a `.fit` on an unknown object is not taken for an estimator.
import type { Expr, ImportStmt } from './ast';

/** Where a local name comes from. */
export interface ImportBinding {
  /** Fully qualified name: `sklearn.model_selection.train_test_split`, `numpy`, `pandas`. */
  qualified: string;
  statement: ImportStmt;
}

/** All imports of a module, by local name. Relative imports keep their leading dots. */
export class ImportTable {
  readonly byName = new Map<string, ImportBinding>();
  /** Every imported module path (for `from a.b import c`: `a.b` and `a.b.c`), for quick "uses library X" questions. */
  readonly modules = new Set<string>();
  readonly statements: ImportStmt[] = [];
  /** `modules` and every dotted prefix of each (`a`, `a.b` for `a.b.c`), made on the first `uses` after an `add`. */
  private prefixes: Set<string> | undefined;

  /** A table of the given import statements, in order (a unit's outline lists them all, nested ones included). */
  static from(statements: readonly ImportStmt[]): ImportTable {
    const table = new ImportTable();
    for (const s of statements) table.add(s);
    return table;
  }

  /** Records one import statement. */
  add(s: ImportStmt): void {
    this.statements.push(s);
    this.bind(s);
  }

  /**
   * Binds the names of an import the file does not write but means (see impliedImports.ts): they resolve
   * like imported ones, and `statements` stays what the file says.
   */
  imply(s: ImportStmt): void {
    this.bind(s);
  }

  private bind(s: ImportStmt): void {
    this.prefixes = undefined;
    if (s.module === undefined) {
      for (const n of s.names) {
        this.modules.add(n.name);
        if (n.asname) this.byName.set(n.asname, { qualified: canonical(n.name), statement: s });
        else {
          // `import a.b.c` binds `a`; attribute access then spells out the rest.
          const top = n.name.split('.')[0];
          if (!this.byName.has(top)) this.byName.set(top, { qualified: top, statement: s });
        }
      }
    } else {
      this.modules.add(s.module);
      for (const n of s.names) {
        const qualified = canonical(s.module.endsWith('.') ? `${s.module}${n.name}` : `${s.module}.${n.name}`);
        this.modules.add(qualified);
        this.byName.set(n.asname ?? n.name, { qualified, statement: s });
      }
    }
  }

  /** True if any import is of `root` or below it (`sklearn` matches `sklearn.linear_model`). */
  uses(root: string): boolean {
    // Asked for many libraries of every unit: one set lookup instead of comparing with every module.
    if (!this.prefixes) {
      this.prefixes = new Set();
      for (const m of this.modules) {
        for (let i = m.indexOf('.'); i >= 0; i = m.indexOf('.', i + 1)) this.prefixes.add(m.slice(0, i));
        this.prefixes.add(m);
      }
    }
    return this.prefixes.has(root);
  }
}

/**
 * The qualified name an expression refers to through imports: `pp.StandardScaler` →
 * `sklearn.preprocessing.StandardScaler`. Undefined for anything not rooted in an import.
 */
export function qualifiedName(e: Expr, imports: ImportTable): string | undefined {
  if (e.kind === 'Name') return imports.byName.get(e.id)?.qualified;
  if (e.kind === 'Attribute') {
    const base = qualifiedName(e.value, imports);
    return base ? member(base, e.attr) : undefined;
  }
  return undefined;
}

/** The same for a dotted name written as text (a parameter's annotation, `xgb.XGBRegressor`). */
export function qualifiedDotted(dotted: string, imports: ImportTable): string | undefined {
  const [head, ...attrs] = dotted.split('.');
  let q = imports.byName.get(head)?.qualified;
  for (const attr of attrs) q = q ? member(q, attr) : undefined;
  return q;
}

/** `attr` of the module or class `base`: `tf.keras` of `import tensorflow.compat.v1 as tf` is TensorFlow's Keras. */
function member(base: string, attr: string): string {
  return attr === 'keras' && COMPAT.test(base) ? 'tensorflow.keras' : `${base}.${attr}`;
}

/** TensorFlow's modules of the 1.x and 2.x interfaces, which hold the same `keras`. */
const COMPAT = /^tensorflow\.compat\.v[12]$/;
/** A name under `keras` of one of those modules (`from tensorflow.compat.v1.keras.layers import Dense`). */
const COMPAT_KERAS = /^tensorflow\.compat\.v[12]\.keras(?=\.|$)/;

/** The name a qualified name is known by: TensorFlow's Keras under `tensorflow.keras`, whichever interface. */
function canonical(qualified: string): string {
  return qualified.startsWith('tensorflow.compat.') ? qualified.replace(COMPAT_KERAS, 'tensorflow.keras') : qualified;
}

/** The dotted text of a name or attribute chain (`self.model.fit`), or undefined for anything else. */
export function dottedName(e: Expr): string | undefined {
  if (e.kind === 'Name') return e.id;
  if (e.kind === 'Attribute') {
    const base = dottedName(e.value);
    return base ? `${base}.${e.attr}` : undefined;
  }
  return undefined;
}

/** True when `qualified` is `prefix` or lies below it. */
export function isUnder(qualified: string | undefined, prefix: string): boolean {
  // Called for every call site against long lists of prefixes: compare in place, build no strings.
  if (!qualified?.startsWith(prefix)) return false;
  return qualified.length === prefix.length || qualified.charCodeAt(prefix.length) === 46; // '.'
}

/** Top-level packages of qualified names, remembered: the same few names come back for every call. */
const PACKAGES = new Map<string, string>();

/** The top-level package of a qualified name: `sklearn` for `sklearn.metrics.f1_score`. */
export function packageOf(qualified: string): string {
  let p = PACKAGES.get(qualified);
  if (p === undefined) {
    const dot = qualified.indexOf('.');
    p = dot < 0 ? qualified : qualified.slice(0, dot);
    if (PACKAGES.size >= 20_000) PACKAGES.clear();
    PACKAGES.set(qualified, p);
  }
  return p;
}

/**
 * Module names a .py file can be imported under: `src/pkg/features.py` is `src.pkg.features`, `pkg.features` or
 * `features`.
 */
export function moduleNames(path: string): string[] {
  const parts = path.replace(/\.py$/, '').split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  const names: string[] = [];
  for (let i = 0; i < parts.length; i++) names.push(parts.slice(i).join('.'));
  return names.filter((n) => n.length > 0);
}
