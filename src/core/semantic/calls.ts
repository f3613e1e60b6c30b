// Every call of a unit with what its callee and receiver resolve to: `pd.read_csv` is `pandas.read_csv`,
// and in `model = RandomForestClassifier(); model.fit(X, y)` the receiver of `.fit` is a known model.
// Bindings are flow-insensitive (the last assignment wins), which is enough to tell a model's `.fit`
// from a `.fit` on an object nobody can name.
import type { CallExpr, ClassDefStmt, ConstantExpr, Expr, FunctionDefStmt, Stmt } from '../python/ast';
import { dottedName, qualifiedDotted, qualifiedName } from '../python/imports';
import type { PythonUnit } from '../python/unit';
import { eachChildBody, eachStmtExpr, walkAllExprs, walkExpr } from '../python/walk';

/** One call and what it resolves to. */
export interface CallSite {
  call: CallExpr;
  /** The callee's qualified name through imports (`sklearn.metrics.accuracy_score`), if it has one. */
  qualified?: string;
  /** For `x.fit(...)`: `fit`. */
  method?: string;
  /** The last name of the callee: `fit` for `model.fit(...)`, `open` for `open(...)`. */
  name?: string;
  /** For `x.fit(...)`: the receiver's dotted text (`model`, `self.model`). */
  receiver?: string;
  /** What the receiver was built from: `model = RandomForestClassifier()` gives its qualified name. */
  receiverType?: string;
  /** The innermost function the call sits in. */
  func?: FunctionDefStmt;
  /** The statement that holds the call. */
  stmt: Stmt;
}

/** A class defined in the unit, with its bases resolved. */
export interface ClassInfo {
  stmt: ClassDefStmt;
  /** Qualified names of the bases; a base defined in the same unit is followed to its own bases. */
  bases: string[];
  /** Names of the methods it defines. */
  methods: Set<string>;
}

/** Methods that return the object they are called on (`model.fit(...)` is still the model). */
const SAME_OBJECT_METHODS = new Set(['fit', 'set_params', 'to', 'cuda', 'train', 'eval']);

/** Calls, bindings and classes of one unit. */
export interface UnitCalls {
  calls: CallSite[];
  /** Dotted name → qualified constructor it was last bound to. */
  bindings: Map<string, string>;
  classes: ClassInfo[];
  /**
   * Every string literal of the unit (`Constant` of type `str`), in the order `walkAllExprs` meets them: taken
   * on the same walk as the calls, so a question about string literals needs no walk of its own.
   */
  strings: ConstantExpr[];
}

/** The classes a unit defines, with their bases resolved (without reading any call): `UnitIndex.classes`. */
export function collectClasses(unit: PythonUnit): ClassInfo[] {
  const classes: ClassInfo[] = [];
  const local = new Map<string, ClassInfo>();
  for (const s of unit.outline.defs) {
    if (s.kind !== 'ClassDef') continue;
    const bases: string[] = [];
    for (const b of s.bases) {
      const q = qualifiedName(b, unit.imports);
      if (q) bases.push(q);
      else if (b.kind === 'Name' && local.has(b.id)) bases.push(...local.get(b.id)!.bases);
    }
    const methods = new Set<string>();
    for (const m of s.body) if (m.kind === 'FunctionDef') methods.add(m.name);
    const info: ClassInfo = { stmt: s, bases, methods };
    classes.push(info);
    local.set(s.name, info);
  }
  return classes;
}

/** Keyword argument by name. */
export function keyword(call: CallExpr, name: string): Expr | undefined {
  const ks = call.keywords;
  for (let i = 0; i < ks.length; i++) if (ks[i].name === name) return ks[i].value;
  return undefined;
}

/** True for a `None` constant. */
export function isNone(e: Expr | undefined): boolean {
  return !!e && e.kind === 'Constant' && e.type === 'none';
}

/** The string value of a plain string constant. */
export function stringValue(e: Expr | undefined): string | undefined {
  return e && e.kind === 'Constant' && e.type === 'str' && typeof e.value === 'string' ? e.value : undefined;
}

/** Every string literal of a unit in walk order, on a walk of its own: `UnitIndex.strings` before its calls. */
export function collectStrings(unit: PythonUnit): ConstantExpr[] {
  const strings: ConstantExpr[] = [];
  walkAllExprs(unit.module.body, (e) => {
    if (e.kind === 'Constant' && e.type === 'str') strings.push(e);
  });
  return strings;
}

/** The calls, bindings and classes of a unit, given its classes: `UnitIndex.calls`. */
export function collectCalls(unit: PythonUnit, classes: ClassInfo[]): UnitCalls {
  const imports = unit.imports;
  const bindings = new Map<string, string>();

  // The classes come first, so `model = Net()` can resolve to Net's library base.
  const localClasses = new Map(classes.map((c) => [c.stmt.name, c] as const));

  const typeOf = (e: Expr): string | undefined => {
    if (e.kind === 'Call') {
      const q = qualifiedName(e.func, imports);
      if (q) return q;
      if (e.func.kind === 'Name' && localClasses.has(e.func.id)) return localClasses.get(e.func.id)!.bases[0];
      if (e.func.kind === 'Attribute' && SAME_OBJECT_METHODS.has(e.func.attr)) return typeOf(e.func.value);
      return undefined;
    }
    const d = dottedName(e);
    return d ? bindings.get(d) : undefined;
  };

  const bind = (target: Expr, value: Expr): void => {
    const d = dottedName(target);
    if (!d) return;
    const t = typeOf(value);
    if (t) bindings.set(d, t);
  };

  const calls: CallSite[] = [];
  const strings: ConstantExpr[] = [];
  // The statement and function being visited, read by the callbacks below (no closures per statement).
  let stmt: Stmt;
  let func: FunctionDefStmt | undefined;
  const onExpr = (x: Expr): void => {
    if (x.kind === 'Constant') {
      if (x.type === 'str') strings.push(x);
      return;
    }
    if (x.kind !== 'Call') return;
    const site: CallSite = { call: x, stmt };
    if (func) site.func = func;
    const q = qualifiedName(x.func, imports);
    if (q) site.qualified = q;
    if (x.func.kind === 'Name') site.name = x.func.id;
    if (x.func.kind === 'Attribute') {
      site.method = x.func.attr;
      site.name = x.func.attr;
      const r = dottedName(x.func.value);
      if (r) site.receiver = r;
      const rt = typeOf(x.func.value);
      if (rt) site.receiverType = rt;
    }
    calls.push(site);
  };
  const walkTop = (e: Expr): void => walkExpr(e, onExpr);
  const visit = (body: Stmt[]): void => {
    for (let i = 0; i < body.length; i++) {
      const s = body[i];
      if (s.kind === 'Assign' && s.value) for (const t of s.targets) bind(t, s.value);
      if (s.kind === 'With') for (const item of s.items) if (item.target) bind(item.target, item.context);
      stmt = s;
      eachStmtExpr(s, walkTop);
      const outer = func;
      if (s.kind === 'FunctionDef') {
        func = s;
        // A parameter annotated with a library class (`model: XGBRegressor`) holds an instance of it.
        for (const p of s.params) {
          const t =
            p.annotation && /^[A-Za-z_][\w.]*$/.test(p.annotation) ? qualifiedDotted(p.annotation, imports) : undefined;
          if (t && !bindings.has(p.name)) bindings.set(p.name, t);
        }
      }
      eachChildBody(s, visit);
      func = outer;
    }
  };
  visit(unit.module.body);
  return { calls, bindings, classes, strings };
}
