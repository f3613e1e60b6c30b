// What the syntax alone tells the data-flow pass: a call's arguments, the name an assignment changes, row
// picks, names that say train, validation or test, date words, and a kept best score.
import type { CallExpr, Expr, Keyword, Span, Stmt } from '../python/ast';
import { type ImportTable, dottedName, qualifiedName } from '../python/imports';
import { walkAllExprs, walkExpr } from '../python/walk';
import { DATE_WORD, DATETIME_CALLS, ROW_PICKERS } from '../libraries/dataFlow';
import type { PartKind } from './facts';
import type { Scope } from './values';

/**
 * The calls of one of `methods` on a plain name of `names` in `body` (`model.predict(X)` for `model`), nested
 * statements included: the first call on each name.
 */
export function methodCallsOn(
  body: Stmt[],
  names: ReadonlySet<string>,
  methods: ReadonlySet<string>,
): Map<string, CallExpr> {
  const out = new Map<string, CallExpr>();
  walkAllExprs(body, (e) => {
    if (
      e.kind === 'Call' &&
      e.func.kind === 'Attribute' &&
      methods.has(e.func.attr) &&
      e.func.value.kind === 'Name' &&
      names.has(e.func.value.id) &&
      !out.has(e.func.value.id)
    )
      out.set(e.func.value.id, e);
  });
  return out;
}

export function kw(call: CallExpr, name: string): Keyword | undefined {
  return call.keywords.find((k) => k.name === name);
}

/** True when a `drop` call drops columns, not rows: `columns=`, or `axis=1` (`"columns"`), by keyword or position. */
export function dropsColumns(call: CallExpr): boolean {
  if (kw(call, 'columns')) return true;
  const axis = kw(call, 'axis')?.value ?? call.args[1];
  return axis?.kind === 'Constant' && (axis.value === 1 || axis.value === 'columns');
}

/** `df.drop(train.index)`, `df.drop(index=picked.index)`: rows dropped by the labels of other rows. */
export function dropsRowsOf(e: Expr): boolean {
  if (e.kind !== 'Call' || e.func.kind !== 'Attribute' || e.func.attr !== 'drop') return false;
  const rows = kw(e, 'index')?.value ?? e.args[0];
  return rows?.kind === 'Attribute' && rows.attr === 'index' && !dropsColumns(e);
}

/** The value of a constant written out (`1`, `-1`, `"train"`, `True`), if the expression is one. */
export function constantOf(e: Expr | undefined): string | number | boolean | undefined {
  if (e?.kind === 'Constant' && ['string', 'number', 'boolean'].includes(typeof e.value))
    return e.value as string | number | boolean;
  if (e?.kind === 'Unary' && e.op === '-' && e.operand.kind === 'Constant' && typeof e.operand.value === 'number')
    return -e.operand.value;
  return undefined;
}

/** Positional argument `i`, or the keyword `name`. */
export function arg(call: CallExpr, i: number, ...names: string[]): Expr | undefined {
  const positional = call.args.filter((a) => a.kind !== 'Starred');
  if (positional[i] && call.args.length === positional.length) return positional[i];
  for (const n of names) {
    const k = kw(call, n);
    if (k) return k.value;
  }
  return positional[i];
}

/**
 * True for `axis=1` / `axis="columns"` (row-wise, nothing learned across rows), or any axes past the first
 * (`np.mean(images, axis=(1, 2), keepdims=True)`: one mean per image).
 */
export function rowWise(call: CallExpr, positional = -1): boolean {
  const k = kw(call, 'axis')?.value ?? kw(call, 'dim')?.value ?? (positional >= 0 ? call.args[positional] : undefined);
  if (!k) return false;
  const pastFirst = (e: Expr) => e.kind === 'Constant' && typeof e.value === 'number' && e.value >= 1;
  if (k.kind === 'Tuple' || k.kind === 'List') return k.elts.length > 0 && k.elts.every(pastFirst);
  return pastFirst(k) || (k.kind === 'Constant' && k.value === 'columns');
}

/** The qualified name of an expression through imports, unless a local name shadows the import. */
export function qualifiedIn(imports: ImportTable, e: Expr, scope?: Scope): string | undefined {
  let root = e;
  while (root.kind === 'Attribute') root = root.value;
  if (root.kind !== 'Name') return undefined;
  if (scope?.has(root.id)) return undefined;
  return qualifiedName(e, imports);
}

/** The name or dotted name a subscript/attribute target ultimately changes (`df` in `df.loc[:, c]`). */
export function rootTarget(e: Expr): string | undefined {
  let cur = e;
  while (
    cur.kind === 'Subscript' ||
    (cur.kind === 'Attribute' && (cur.attr === 'loc' || cur.attr === 'iloc' || cur.attr === 'at' || cur.attr === 'iat'))
  )
    cur = cur.value;
  return dottedName(cur);
}

/** Operators whose result is a boolean mask over rows. */
export const MASK_OPS = /^(<|>|<=|>=|==|!=|&|\||in|not in)$/;

/** Methods of a column that return a mask of its rows. */
const MASK_METHODS = new Set(['isin', 'between']);

/** True for expressions that pick rows: `df[:800]`, `df.iloc[n:]`, `df[df.year < 2020]`, `df.tail(100)`. */
export function isRowPick(e: Expr): boolean {
  if (e.kind === 'Call' && e.func.kind === 'Attribute') return ROW_PICKERS.has(e.func.attr);
  if (e.kind !== 'Subscript') return false;
  const first = e.index[0];
  if (!first) return false;
  // A bare `:` keeps every row (`df.iloc[:, 1:]`, `X[:, cols]` pick columns).
  if (first.kind === 'Slice') return first.parts.some((p) => p !== undefined);
  if (first.kind === 'Binary' && /^(<|>|<=|>=|==|!=|&|\||in|not in|is|is not)$/.test(first.op)) return true;
  if (first.kind === 'Unary' && first.op === '~') return true;
  // A mask a method returns: `df[df.city.isin(kept)]`, `df[df.age.between(18, 65)]`.
  if (first.kind === 'Call' && first.func.kind === 'Attribute' && MASK_METHODS.has(first.func.attr)) return true;
  if (e.value.kind === 'Attribute' && (e.value.attr === 'iloc' || e.value.attr === 'loc') && first.kind !== 'Constant')
    return first.kind !== 'List';
  return false;
}

const nameKinds = new Map<string, PartKind | undefined>();

/** What a variable name says about a split side: `X_test` → test, `valid_df` → val, `train` → train. */
export function nameKind(name: string): PartKind | undefined {
  if (nameKinds.has(name)) return nameKinds.get(name);
  const kind = readNameKind(name);
  if (nameKinds.size < 10_000) nameKinds.set(name, kind);
  return kind;
}

function nameWords(name: string): string[] {
  return name
    .split(/[_\d]+|(?<=[a-z])(?=[A-Z])/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** A name of a development part (`X_dev`, `df_dev`) that no other word calls a validation part. */
export function devName(name: string): boolean {
  const words = nameWords(name);
  return words.includes('dev') && !words.some((w) => /^(val|valid|validate|validation|vl)$/.test(w));
}

function readNameKind(name: string): PartKind | undefined {
  const words = nameWords(name);
  const has = (re: RegExp) => words.some((w) => re.test(w));
  if (has(/^(test|tst|holdout|te)$/)) return 'test';
  // The rows left for training and validation once the test part is set aside (`X_train_val`, `trainval`).
  if (has(/^trainval$/) || (has(/^(train|training)$/) && has(/^(val|valid|validation)$/))) return 'train';
  if (has(/^(val|valid|validate|validation|dev|vl)$/)) return 'val';
  if (has(/^(train|tr|trn|training)$/)) return 'train';
  return undefined;
}

/** True when an expression makes dates: `pd.to_datetime(...)`, or a string that names a date column. */
export function isDateExpr(imports: ImportTable, e: Expr | undefined): boolean {
  if (!e) return false;
  let found = false;
  walkExpr(e, (x) => {
    if (x.kind === 'Call') {
      const q = qualifiedIn(imports, x.func);
      if (q && DATETIME_CALLS.has(q)) found = true;
    }
    if (x.kind === 'Constant' && typeof x.value === 'string' && DATE_WORD.test(x.value)) found = true;
  });
  return found;
}

/** True when `sort_values`/`set_index` is given a date column (first argument, `by=` or `keys=`). */
export function mentionsDate(call: CallExpr): boolean {
  const exprs = [
    ...call.args.slice(0, 1),
    ...call.keywords.filter((k) => k.name === 'by' || k.name === 'keys').map((k) => k.value),
  ];
  let found = false;
  for (const e of exprs) {
    walkExpr(e, (x) => {
      if (x.kind === 'Constant' && typeof x.value === 'string' && DATE_WORD.test(x.value)) found = true;
    });
  }
  return found;
}

/** `if acc > best_acc:` whose body saves a checkpoint or keeps the new best: a choice made by that score. */
export function keepsBest(test: Expr, body: Stmt[]): boolean {
  // `if precision >= 0.5 and recall > best_recall:` keeps the best under a condition; `if best_acc is None or acc >
  // best_acc:` keeps the first score too.
  if (test.kind === 'Binary' && (test.op === 'and' || test.op === 'or'))
    return keepsBest(test.left, body) || keepsBest(test.right, body);
  if (test.kind !== 'Binary' || !/^(<|>|<=|>=)$/.test(test.op)) return false;
  const isBest = (e: Expr) => {
    const name = dottedName(e);
    return !!name && /best/i.test(name);
  };
  if (!isBest(test.left) && !isBest(test.right)) return false;
  let keeps = false;
  const visit = (stmts: Stmt[]) => {
    for (const st of stmts) {
      // `best_model = model`, or several at once: `best_auc, best_model = auc, model`.
      if (
        st.kind === 'Assign' &&
        st.targets.some((t) => isBest(t) || ((t.kind === 'Tuple' || t.kind === 'List') && t.elts.some(isBest)))
      )
        keeps = true;
      if (st.kind === 'Expr' && st.value.kind === 'Call') {
        const f = dottedName(st.value.func) ?? '';
        if (/(^|\.)(save|save_weights|save_model|save_checkpoint|state_dict)$/.test(f)) keeps = true;
      }
      if (st.kind === 'If') {
        for (const b of st.branches) visit(b.body);
        visit(st.orelse);
      }
    }
  };
  visit(body);
  return keeps;
}

/** The column a subscript names with one plain string (`df["age"]`), if it does. */
export function literalColumn(index: readonly Expr[]): string | undefined {
  const k = index.length === 1 ? index[0] : undefined;
  return k?.kind === 'Constant' && k.type === 'str' && typeof k.value === 'string' ? k.value : undefined;
}

/** The columns a subscript names with plain strings (`df["age"]`, `df[["age", "fare"]]`), if it does. */
export function literalColumns(index: readonly Expr[]): string[] | undefined {
  const one = literalColumn(index);
  if (one !== undefined) return [one];
  const k = index.length === 1 ? index[0] : undefined;
  if (k?.kind !== 'List' || !k.elts.length) return undefined;
  const out: string[] = [];
  for (const e of k.elts) {
    if (e.kind !== 'Constant' || e.type !== 'str' || typeof e.value !== 'string') return undefined;
    out.push(e.value);
  }
  return out;
}

/** The first name of `names` that `e` mentions, if any. */
export function mentionedName(e: Expr, names: ReadonlySet<string> | ReadonlyMap<string, Span>): string | undefined {
  let hit: string | undefined;
  walkExpr(e, (x) => {
    if (hit) return false;
    if (x.kind === 'Name' && names.has(x.id)) hit = x.id;
    return true;
  });
  return hit;
}
