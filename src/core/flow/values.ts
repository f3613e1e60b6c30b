// The values the data-flow pass follows through a unit: rows of data, library objects, tuples of values,
// functions of the unit, constants, CV folds and `enumerate`/`zip` iterators. Anything else is unknown.
// Names are bound in scopes: a function's locals, a class's attributes, the unit's globals.
import type { Expr, FunctionDefStmt } from '../python/ast';
import type { DataNode, MlObject } from './facts';
import { CONFIG_PATH, CONSTANT_PATH } from './paths';
import type { ImportTable } from '../python/imports';

export type Value =
  | { kind: 'data'; node: DataNode }
  | { kind: 'object'; obj: MlObject }
  /** A tuple or list; a dict written out keeps the constant string keys of its items (`keys[i]` for `items[i]`). */
  | {
      kind: 'tuple';
      items: Value[];
      keys?: Array<string | undefined>;
      /** A list written out of names (`[train, test]`): the name each item was read from. */
      names?: Array<string | undefined>;
    }
  /** A function of the unit; `closure` is the scope of the function it is defined in, whose names its body reads. */
  | { kind: 'function'; def: FunctionDefStmt; closure?: Scope }
  | { kind: 'const'; value: string | number | boolean | null }
  | { kind: 'folds'; train: DataNode; test: DataNode }
  | { kind: 'iter'; wrap: 'enumerate' | 'zip'; items: Value[] }
  | { kind: 'class'; cls: OwnClass }
  | { kind: 'instance'; cls: OwnClass; attrs: Scope; given?: DataNode }
  /**
   * An instance of a class of another module of the project (`Preprocessor(cols)`), by its qualified name, with the
   * rows it was given, if any: its methods are calls of that module that the module's own flow follows.
   */
  | { kind: 'foreign'; qualified: string; given?: DataNode }
  /** Unknown; `len(df)` says whose number of rows it is (`full[:n_train]` with `n_train = len(train)`). */
  | { kind: 'unknown'; lengthOf?: DataNode };

/** A class of the unit: its methods by name, and the scope of its class-level attributes. */
export interface OwnClass {
  methods: Map<string, FunctionDefStmt>;
  scope: Scope;
  /**
   * Built on scikit-learn's bases (a custom transformer): besides running the methods the script calls, its instance
   * carries the data it was constructed with, as a step built from it (a selector given importances) does.
   */
  estimator?: boolean;
  /**
   * A PyTorch `Dataset` written for the project (`class Series(Dataset)`): an instance is the rows its `__init__`
   * keeps in its attributes, so `random_split(dataset, ...)` splits what the constructor prepared.
   */
  rows?: boolean;
}

export const UNKNOWN: Value = { kind: 'unknown' };

export class Scope {
  readonly vars = new Map<string, Value>();
  constructor(
    readonly parent: Scope | undefined,
    /** Scope that receives `self.x = ...` (a class's shared attribute scope, or the globals). */
    readonly attrs?: Scope,
    /** The unit's imports, on its globals: paths named by constants of another module are known by those names. */
    readonly imports?: ImportTable,
  ) {}

  lookup(name: string): Value | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v) return v;
    }
    return undefined;
  }

  has(name: string): boolean {
    return this.lookup(name) !== undefined;
  }
}

/** The data a value holds: itself, the items of a tuple or iterator, both sides of folds. */
export function dataOf(v: Value | undefined, out: DataNode[] = []): DataNode[] {
  if (!v) return out;
  if (v.kind === 'data') out.push(v.node);
  else if (v.kind === 'tuple' || v.kind === 'iter') for (const i of v.items) dataOf(i, out);
  else if (v.kind === 'folds') out.push(v.train, v.test);
  else if ((v.kind === 'instance' || v.kind === 'foreign') && v.given) out.push(v.given);
  return out;
}

/** The data every value holds, in order: `values.flatMap((v) => dataOf(v))` without an array per value. */
export function dataOfAll(values: ReadonlyArray<Value | undefined>): DataNode[] {
  const out: DataNode[] = [];
  for (let i = 0; i < values.length; i++) dataOf(values[i], out);
  return out;
}

/** Libraries whose early stopping watches only the last of their evaluation sets. */
const LAST_EVAL_SET = /^(xgboost|pytorch_tabnet)\./;

/** XGBoost and TabNet stop early on the last of several evaluation sets: that entry's data, when a list holds some. */
export function lastEvalEntry(qualified: string, v: Value | undefined): DataNode[] | undefined {
  if (!LAST_EVAL_SET.test(qualified) || v?.kind !== 'tuple' || v.items.length < 2) return undefined;
  return dataOf(v.items[v.items.length - 1]);
}

/** The library objects a value holds: itself, or the items of a tuple. */
export function objectsOf(v: Value | undefined, out: MlObject[] = []): MlObject[] {
  if (!v) return out;
  if (v.kind === 'object') out.push(v.obj);
  else if (v.kind === 'tuple') for (const i of v.items) objectsOf(i, out);
  return out;
}

export function firstData(v: Value | undefined): DataNode | undefined {
  return dataOf(v)[0];
}

/** Python's truth of a constant. */
export function truthOf(v: string | number | boolean | null): boolean {
  return v === null ? false : typeof v === 'string' ? v.length > 0 : typeof v === 'number' ? v !== 0 : v;
}

/** Methods of a path that name the same file (`.resolve()`, `.absolute()`, `.expanduser()`). */
export const SAME_PATH = new Set(['resolve', 'absolute', 'expanduser', 'as_posix']);

/** The string an expression holds: written out, or through a name bound to it (`path = "data/train.csv"`). */
export function constString(e: Expr | undefined, scope: Scope): string | undefined {
  if (!e) return undefined;
  if (e.kind === 'Constant') return typeof e.value === 'string' ? e.value : undefined;
  // The text of a path (`str(FINAL_PATH)`), or the same path made absolute (`FINAL_PATH.resolve()`).
  if (e.kind === 'Call' && !e.keywords.length) {
    const f = e.func;
    if (f.kind === 'Name' && f.id === 'str' && e.args.length === 1 && !scope.has('str'))
      return constString(e.args[0], scope);
    if (f.kind === 'Attribute' && !e.args.length && SAME_PATH.has(f.attr)) return constString(f.value, scope);
  }
  // A path joined onto a folder (`os.path.join(out_dir, "X_train.npy")`, `DATA / "train.csv"`): the parts known from
  // the file's name back (`data/fe/train.csv` when `out_dir` holds "data/fe", else `X_train.npy`).
  if (e.kind === 'Call' && e.func.kind === 'Attribute' && e.func.attr === 'join' && e.func.value.kind !== 'Constant') {
    if (e.args.length < 2 || e.keywords.length) return undefined;
    const parts: string[] = [];
    for (let i = e.args.length - 1; i >= 0; i--) {
      const part = constString(e.args[i], scope);
      if (part === undefined) break;
      parts.unshift(part);
      // A part from the root on starts the path again.
      if (part.startsWith('/')) break;
    }
    return parts.length ? joinPath(parts) : undefined;
  }
  if (e.kind === 'Binary' && e.op === '/') {
    const right = constString(e.right, scope);
    if (right === undefined || right.startsWith('/')) return right;
    const left = constString(e.left, scope);
    return left === undefined ? right : joinPath([left, right]);
  }
  // `Path("data/features.csv")` written where the path is used.
  if (e.kind === 'Call' && e.args.length === 1 && !e.keywords.length) {
    const f = e.func;
    if ((f.kind === 'Name' && f.id === 'Path') || (f.kind === 'Attribute' && f.attr === 'Path'))
      return constString(e.args[0], scope);
  }
  if (e.kind === 'Other' && e.literals) return fStringPath(e.literals, e.children, scope);
  if (e.kind === 'Attribute' && e.value.kind === 'Name') {
    const held = scope.lookup(e.value.id);
    // A parsed command-line option (`args.output`), by its default.
    if (held?.kind === 'tuple' && held.keys) {
      const item = held.items[held.keys.indexOf(e.attr)];
      if (item?.kind === 'const' && typeof item.value === 'string') return item.value;
    }
    // A constant of an imported module (`config.PROCESSED_PATH` of `import config`), as when imported by name.
    if (!held && PATH_CONSTANT.test(e.attr)) {
      const bound = rootOf(scope).imports?.byName.get(e.value.id);
      if (bound && bound.statement.module === undefined) return `${CONSTANT_PATH}${e.attr}`;
    }
  }
  if (e.kind !== 'Name') {
    // A path kept in a configuration (`config["data"]["processed"]`, `cfg.paths.train`): named by its keys, so the
    // file that writes it and the file that reads it by the same keys meet, whatever the configuration file says.
    const keys = configKeys(e, scope);
    return keys ? `${CONFIG_PATH}${keys.join('.')}` : undefined;
  }
  const v = scope.lookup(e.id);
  if (v) return v.kind === 'const' && typeof v.value === 'string' ? v.value : undefined;
  return importedConstant(e.id, scope);
}

/**
 * A constant named for a file or folder (`BALANCED_DATASET_PATH`, `RAW_DATA_FILE`, `OUTPUT_DIR`, `TRAIN_CSV`); not
 * `TRAIN_DATA`, which a module may hold the rows themselves in.
 */
const PATH_CONSTANT = /^[A-Z][A-Z0-9_]*(PATH|FILE|DIR|FOLDER|CSV|PARQUET)(_[A-Z0-9]+)?$/;

/**
 * A path named by a constant of another module of the project (`from config import PROCESSED_PATH`, or `from config
 * import *`): known by that name, so the file that writes it and the file that reads it by the same name meet.
 */
export function importedConstant(name: string, scope: Scope): string | undefined {
  if (!PATH_CONSTANT.test(name)) return undefined;
  const imports = rootOf(scope).imports;
  if (!imports) return undefined;
  const bound = imports.byName.get(name);
  if (bound ? !bound.qualified.endsWith(`.${name}`) : !imports.statements.some((s) => s.star)) return undefined;
  return `${CONSTANT_PATH}${name}`;
}

function rootOf(scope: Scope): Scope {
  let root = scope;
  while (root.parent) root = root.parent;
  return root;
}

/** Names a configuration loaded from a file is kept under (`config = yaml.safe_load(f)`, `cfg: DictConfig`). */
const CONFIG_ROOT = /^(?:cfg|conf|config|configs|configuration|params|parameters|settings|paths)$/i;

/**
 * The keys of a value picked from a configuration by constant keys or attributes (`config["data"]["processed"]`,
 * `cfg.data.processed`, `self.config["paths"]["train"]`), or undefined for anything else.
 */
function configKeys(e: Expr, scope: Scope): string[] | undefined {
  const keys: string[] = [];
  let cur = e;
  for (let i = 0; i < 6; i++) {
    if (cur.kind === 'Subscript' && cur.index.length === 1) {
      const k = cur.index[0];
      if (k.kind !== 'Constant' || typeof k.value !== 'string') return undefined;
      keys.unshift(k.value);
      cur = cur.value;
    } else if (cur.kind === 'Attribute') {
      keys.unshift(cur.attr);
      cur = cur.value;
    } else break;
  }
  if (cur.kind !== 'Name') return undefined;
  // `self.config[...]`: the configuration an object keeps.
  if (cur.id === 'self' && keys.length > 1 && CONFIG_ROOT.test(keys[0])) keys.shift();
  else if (!CONFIG_ROOT.test(cur.id) || scope.lookup(cur.id)?.kind === 'data') return undefined;
  return keys.length ? keys : undefined;
}

/** Parts of a path joined with `/`, one separator between each (`os.path.join("data/", "fe", "x.csv")`). */
export function joinPath(parts: readonly string[]): string {
  const last = parts.length - 1;
  return parts
    .map((p, i) => (i ? p.replace(/^[\\/]+/, '') : p))
    .map((p, i) => (i < last ? p.replace(/[\\/]+$/, '') : p))
    .filter((p) => p !== '')
    .join('/');
}

/**
 * An f-string path (`f"{DATA_DIR}/train_clean.csv"`): whole when every field holds a known string, else the part
 * after the last unknown field when that starts a folder or a file of its own (`/train_clean.csv` gives
 * `train_clean.csv`); undefined when the file's name itself is made of unknown fields.
 */
function fStringPath(literals: readonly string[], fields: readonly Expr[], scope: Scope): string | undefined {
  let out = literals[0];
  for (let i = 0; i < fields.length; i++) {
    const v = constString(fields[i], scope);
    const rest = literals[i + 1];
    if (v !== undefined) {
      out += v + rest;
      continue;
    }
    // An unknown field: only what follows it from a new folder or file on can be told.
    if (!/^[\\/]/.test(rest)) return undefined;
    out = rest.replace(/^[\\/]+/, '');
  }
  return /(^|[\\/])[^\\/]+\.[A-Za-z0-9]+$/.test(out) ? out : undefined;
}

/** The truth of a test when its value is known here (a constant flag argument); undefined otherwise. */
export function truth(e: Expr, scope: Scope): boolean | undefined {
  switch (e.kind) {
    case 'Constant':
      return e.type === 'fstr' || e.type === 'ellipsis' ? undefined : truthOf(e.value);
    case 'Name': {
      const v = scope.lookup(e.id);
      return v?.kind === 'const' ? truthOf(v.value) : undefined;
    }
    case 'Unary': {
      if (e.op !== 'not') return undefined;
      const t = truth(e.operand, scope);
      return t === undefined ? undefined : !t;
    }
    case 'Binary': {
      if (e.op === 'and' || e.op === 'or') {
        const l = truth(e.left, scope);
        const r = truth(e.right, scope);
        if (e.op === 'and') return l === false || r === false ? false : l === true && r === true ? true : undefined;
        return l === true || r === true ? true : l === false && r === false ? false : undefined;
      }
      if (!/^(==|!=|is|is not)$/.test(e.op)) return undefined;
      // `mlb is None` of a name holding an object or rows: known not to be None.
      if ((e.op === 'is' || e.op === 'is not') && e.right.kind === 'Constant' && e.right.value === null) {
        const held = e.left.kind === 'Name' ? scope.lookup(e.left.id) : undefined;
        if (held && held.kind !== 'const' && held.kind !== 'unknown') return e.op === 'is not';
      }
      const l = constOf(e.left, scope);
      const r = constOf(e.right, scope);
      if (!l || !r) return undefined;
      const same = l.value === r.value;
      return e.op === '==' || e.op === 'is' ? same : !same;
    }
    default:
      return undefined;
  }
}

function constOf(e: Expr, scope: Scope): { value: string | number | boolean | null } | undefined {
  if (e.kind === 'Constant') return { value: e.value as string | number | boolean | null };
  if (e.kind === 'Name') {
    const v = scope.lookup(e.id);
    if (v?.kind === 'const') return { value: v.value };
  }
  return undefined;
}
