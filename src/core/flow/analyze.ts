// The data-flow pass: one linear walk over a unit (a file, or a notebook's code cells in document order)
// that follows values through assignments, unpacking, subscripts, method chains, loops and calls of
// functions defined in the same unit, and records splits, fits, transforms and evaluations as facts.
// Loop bodies run once and branches run one after another: no fixpoint, so the cost stays linear.
import type { CallExpr, Expr, FunctionDefStmt, Keyword, Span, Stmt } from '../python/ast';
import { type ImportTable, dottedName, isUnder, packageOf, qualifiedName } from '../python/imports';
import type { PythonUnit } from '../python/unit';
import { walkExpr } from '../python/walk';
import { MODEL_LIBRARY_ROOTS, apiRole } from '../libraries/catalog';
import type {
  DataNode,
  EvalEvent,
  FitEvent,
  FlowFacts,
  LoopContext,
  MlObject,
  ObjectRole,
  PartKind,
  PartMark,
  SplitEvent,
  StatEvent,
  StatKind,
  StatUse,
} from './facts';

type Value =
  | { kind: 'data'; node: DataNode }
  | { kind: 'object'; obj: MlObject }
  | { kind: 'tuple'; items: Value[] }
  | { kind: 'function'; def: FunctionDefStmt }
  | { kind: 'const'; value: string | number | boolean | null }
  | { kind: 'folds'; train: DataNode; test: DataNode }
  | { kind: 'iter'; wrap: 'enumerate' | 'zip'; items: Value[] }
  | { kind: 'unknown' };

const UNKNOWN: Value = { kind: 'unknown' };

/** Keyword arguments that change results but are not hyperparameters being tuned. */
const NOT_TUNING = new Set([
  'random_state',
  'seed',
  'random_seed',
  'n_jobs',
  'verbose',
  'verbosity',
  'n_jobs',
  'thread_count',
]);
/** Pandas methods whose result only makes sense on rows in time order. */
const TIME_METHODS = new Set(['shift', 'rolling', 'diff', 'pct_change', 'ewm', 'expanding']);
/** Column names that say "time". */
const DATE_WORD = /(^|[^a-z])(date|time|timestamp|datetime|dt|year|month|week|day|period|ds)([^a-z]|$)|date|time/i;
/** Methods on data whose result has other rows than the receiver. */
const ROW_CHANGING = new Set([
  'dropna',
  'drop_duplicates',
  'sample',
  'head',
  'tail',
  'query',
  'nlargest',
  'nsmallest',
  'groupby',
  'agg',
  'aggregate',
  'resample',
  'pivot',
  'pivot_table',
  'melt',
  'explode',
  'merge',
  'join',
  'stack',
  'unstack',
  'first',
  'last',
  'take',
  'where',
  'mask',
  'rolling',
  'ewm',
  'expanding',
]);
/** Methods on data that summarise its rows into statistics (per column unless told `axis=1`). */
const STAT_METHODS = new Set([
  'mean',
  'median',
  'mode',
  'std',
  'var',
  'quantile',
  'min',
  'max',
  'sum',
  'count',
  'size',
  'nunique',
  'value_counts',
  'corr',
  'cov',
  'corrwith',
  'describe',
  'agg',
  'aggregate',
  'skew',
]);
/** NumPy functions that summarise an array (over every value, or per column with `axis=0`). */
const NUMPY_STATS = new Set([
  'mean',
  'median',
  'std',
  'var',
  'percentile',
  'quantile',
  'nanmean',
  'nanmedian',
  'nanstd',
  'nanvar',
  'nanpercentile',
  'nanquantile',
  'min',
  'max',
  'amin',
  'amax',
  'nanmin',
  'nanmax',
  'average',
  'ptp',
]);
/** Attributes of a fitted model or selector that rank or pick columns. */
const SELECTION_ATTRS = new Set([
  'coef_',
  'feature_importances_',
  'support_',
  'ranking_',
  'scores_',
  'pvalues_',
  'variances_',
]);
/** Function-form transformers of scikit-learn: each learns column statistics of the rows it is given (`normalize` only with `axis=0`). */
const FUNCTION_TRANSFORMS = new Set([
  'scale',
  'minmax_scale',
  'robust_scale',
  'maxabs_scale',
  'quantile_transform',
  'power_transform',
  'normalize',
]);
/** Methods that write a frame to a file. */
const WRITE_METHODS = new Set([
  'to_csv',
  'to_parquet',
  'to_pickle',
  'to_feather',
  'to_json',
  'to_excel',
  'to_hdf',
  'to_orc',
]);
/** Library calls that read data whatever their argument (a pickled frame, a saved array). */
const OPAQUE_LOADERS = new Set([
  'pickle.load',
  'pickle.loads',
  'joblib.load',
  'dill.load',
  'torch.load',
  'cloudpickle.load',
  'h5py.File',
  'scipy.io.loadmat',
  'json.load',
]);
/** Packages whose calls make plots, logs or settings, never data: their results stay unknown. */
const NOT_DATA_ROOTS = new Set([
  'matplotlib',
  'seaborn',
  'plotly',
  'warnings',
  'logging',
  'os',
  'sys',
  'time',
  'random',
  're',
  'IPython',
  'tqdm',
  'mlflow',
  'wandb',
  'typing',
  'collections',
  'itertools',
  'functools',
  'argparse',
  'math',
  'datetime',
  'gc',
  'glob',
  'shutil',
  'pathlib',
  'yaml',
  'missingno',
  'tensorboard',
  'torch.nn',
  'torch.optim',
  'sklearn',
  'imblearn',
  'keras',
  'tensorflow',
  'lightgbm',
  'xgboost',
  'catboost',
  'optuna',
  'scipy.stats',
]);

/** Methods on data that pick rows: with a train/test name they make a manual split. */
const ROW_PICKERS = new Set(['head', 'tail', 'sample', 'query', 'iloc', 'loc']);

class Scope {
  readonly vars = new Map<string, Value>();
  constructor(
    readonly parent: Scope | undefined,
    /** Scope that receives `self.x = ...` (a class's shared attribute scope, or the globals). */
    readonly attrs?: Scope,
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

/** Top-level packages whose calls make flow facts rules read: the catalog's model libraries, the Keras models, callbacks and boosters handled below, and PyTorch's `random_split`. */
export const FLOW_LIBRARY_ROOTS: ReadonlySet<string> = new Set([
  ...MODEL_LIBRARY_ROOTS,
  'tensorflow',
  'keras',
  'tf_keras',
  'lightgbm',
  'xgboost',
  'torch',
]);

/** Runs the flow pass over a unit. */
export function analyzeFlow(unit: PythonUnit): FlowFacts {
  return new FlowPass(unit.imports).run(unit.module.body);
}

class FlowPass {
  private seq = 0;
  private ids = 0;
  readonly facts: FlowFacts = {
    nodes: [],
    objects: [],
    splits: [],
    fits: [],
    transforms: [],
    resamples: [],
    evals: [],
    cvs: [],
    heldOutKeywords: [],
    heldOutNames: [],
    bestOnTest: [],
    stats: [],
    statUses: [],
    vocabularies: [],
    writes: [],
  };
  private readonly globals = new Scope(undefined);
  private readonly loops: LoopContext[] = [];
  private readonly callStack: FunctionDefStmt[] = [];
  private readonly called = new Set<FunctionDefStmt>();
  private readonly defs: Array<{ def: FunctionDefStmt; cls?: Scope }> = [];
  private readonly defSeen = new Set<FunctionDefStmt>();
  private readonly lastFit = new Map<MlObject, FitEvent>();
  private readonly manualSplits = new Map<DataNode, { split: SplitEvent; sides: Set<PartKind> }>();
  private returns: Value[] | undefined;
  private readonly usesByOutput = new Map<DataNode, StatUse>();
  /** Boolean masks: results of comparisons and of `&`/`|` over them. */
  private readonly masks = new WeakSet<DataNode>();
  /** Per function being run: the loop over test-split data it holds, once met. */
  private readonly testLoops: Array<Span | undefined> = [];
  /** Calls of this unit's functions being inlined, outermost first. */
  private readonly callSites: CallExpr[] = [];
  /** Statements left to run inside called functions: inlining calls of calls must never blow up. */
  private inlineBudget = 20_000;

  constructor(private readonly imports: ImportTable) {}

  run(body: Stmt[]): FlowFacts {
    this.block(body, this.globals);
    // Functions never called here still hold real code (a library module, an Optuna objective): run each once.
    for (const { def, cls } of this.defs) {
      if (this.called.has(def)) continue;
      const scope = new Scope(cls ?? this.globals, cls ?? this.globals);
      const trial = def.params.find((p) => p.name === 'trial');
      for (const [i, p] of def.params.entries()) scope.vars.set(p.name, cls && i === 0 ? UNKNOWN : this.opaque(p));
      if (trial) this.loops.push({ id: this.ids++, span: def.nameSpan, fn: def, names: new Set(['trial']) });
      this.callFunction(def, scope);
      if (trial) this.loops.pop();
    }
    // A manual split only counts when both sides were named.
    const dropped = new Set<SplitEvent>();
    for (const m of this.manualSplits.values()) if (m.sides.size < 2) dropped.add(m.split);
    if (dropped.size) {
      this.facts.splits = this.facts.splits.filter((s) => !dropped.has(s));
      // A row pick with a split-like name but no other side is not a split: its rows stay full data,
      // whatever it is called (`X_train_all = df[df.year < 2020]`). Provenance decides, never the name.
      for (const n of this.facts.nodes) {
        if (n.parts.some((p) => dropped.has(p.split))) n.parts = n.parts.filter((p) => !dropped.has(p.split));
        if (n.splitOutput && dropped.has(n.splitOutput.split)) n.splitOutput = undefined;
      }
    }
    return this.facts;
  }

  // ---- values ----

  private node(span: { from: number; to: number }, parents: DataNode[]): DataNode {
    const parts: PartMark[] = [];
    let timeOrdered: DataNode['timeOrdered'];
    for (const p of parents) {
      for (const m of p.parts) if (!parts.some((x) => x.split === m.split && x.kind === m.kind)) parts.push(m);
      timeOrdered ??= p.timeOrdered;
    }
    const n: DataNode = { id: this.ids++, span: { from: span.from, to: span.to }, parents, parts, seq: this.seq++ };
    if (timeOrdered) n.timeOrdered = timeOrdered;
    this.facts.nodes.push(n);
    if (parents.length) {
      let stat: StatEvent | undefined;
      let rows = false;
      for (const p of parents) {
        if (p.stat) stat ??= p.stat;
        else rows = true;
      }
      if (stat) {
        // Statistics combined only with statistics are still statistics; combined with rows they are applied.
        if (!rows) n.stat = stat;
        else {
          const use: StatUse = { id: this.ids++, span: n.span, stat, output: n, seq: n.seq };
          if (this.callSites.length) use.site = this.callSites[0];
          this.facts.statUses.push(use);
          this.usesByOutput.set(n, use);
        }
      }
    }
    return n;
  }

  /** A statistic of `input` computed at `span`: the value it returns is a statistic, not rows. */
  private statNode(
    span: { from: number; to: number },
    kind: StatKind,
    method: string,
    input: DataNode,
    extra: DataNode[] = [],
    column?: string,
  ): DataNode {
    const out = this.node(span, [input, ...extra]);
    const ev: StatEvent = {
      id: this.ids++,
      kind,
      span: { from: span.from, to: span.to },
      method,
      input,
      column,
      seq: out.seq,
    };
    this.facts.stats.push(ev);
    out.stat = ev;
    return out;
  }

  /**
   * True when rows are stacked from separately loaded data: each piece comes from its own file, or, where
   * the origin is out of sight (function parameters), the pieces are named train and test. Never for
   * parts of a split, which were one dataset.
   */
  private joinsFiles(items: Array<{ expr: Expr; nodes: DataNode[] }>): boolean {
    // Parts of a real split were one dataset; a lone row pick named like a split side is no split (yet).
    const realPart = (n: DataNode) =>
      n.parts.some(
        (p) =>
          p.split.kind !== 'manual' ||
          [...this.manualSplits.values()].some((m) => m.split === p.split && m.sides.size >= 2),
      );
    if (items.length < 2 || items.some((i) => !i.nodes.length || i.nodes.some(realPart))) return false;
    const loads = items.map((i) => {
      const found = new Set<DataNode>();
      const stack = [...i.nodes];
      const seen = new Set<DataNode>();
      while (stack.length && seen.size < 400) {
        const n = stack.pop()!;
        if (seen.has(n)) continue;
        seen.add(n);
        if (n.source && !n.source.guessed) found.add(n);
        else stack.push(...n.parents);
      }
      return found;
    });
    const kinds = items.map((i) => {
      const name = this.rootTarget(i.expr);
      return name ? nameKind(name.slice(name.lastIndexOf('.') + 1)) : undefined;
    });
    const separate =
      loads.every((l) => l.size > 0) &&
      loads.some((l, i) => loads.some((m, j) => j !== i && [...l].some((n) => !m.has(n))));
    // Files of one dataset (months, shards) stacked are one dataset; a test file among them is not.
    if (separate)
      return (
        kinds.includes('test') ||
        loads.some((l) =>
          [...l].some(
            (n) =>
              !!n.source?.path && nameKind(n.source.path.replace(/^.*[\\/]/, '').replace(/\.[a-z]+$/i, '')) === 'test',
          ),
        )
      );
    return kinds.includes('train') && kinds.includes('test');
  }

  /** Statistics applied in a mask that picks rows (`df[df.x < q99]`) filter rows rather than shape features. */
  private markFilters(idx: Value[], exprs: Expr[]): void {
    if (!exprs.length) return;
    // Only what the mask expression itself computes: never the history of the frame it reads.
    this.markFilterSpan(
      idx.flatMap((v) => this.dataOf(v)),
      exprs[0].from,
      exprs[exprs.length - 1].to,
    );
    // `df[mask]` with `mask = (df.x < df.x.quantile(.99)) & ...` written on a line before: what the
    // expression bound to the name computes.
    if (exprs.length === 1 && exprs[0].kind === 'Name') {
      for (const n of idx.flatMap((v) => this.dataOf(v))) this.markFilterSpan([n], n.span.from, n.span.to);
    }
  }

  private markFilterSpan(start: DataNode[], from: number, to: number): void {
    let frontier = start;
    // The span bounds the walk; the depth only stops runaway loops (a chain of 17 `&` terms is 17 deep).
    for (let depth = 0; depth < 64 && frontier.length; depth++) {
      frontier = frontier.filter((n) => n.span.from >= from && n.span.to <= to);
      for (const n of frontier) {
        const u = this.usesByOutput.get(n);
        if (u) u.rowFilter = true;
      }
      frontier = frontier.flatMap((n) => n.parents).filter((n) => !n.stat);
    }
  }

  /** True for `axis=1` / `axis="columns"` (row-wise, nothing learnt across rows). */
  private rowWise(call: CallExpr, positional = -1): boolean {
    const k =
      this.kw(call, 'axis')?.value ??
      this.kw(call, 'dim')?.value ??
      (positional >= 0 ? call.args[positional] : undefined);
    return !!k && k.kind === 'Constant' && (k.value === 1 || k.value === 'columns');
  }

  private opaque(span: { from: number; to: number }): Value {
    return { kind: 'data', node: this.node(span, []) };
  }

  private dataOf(v: Value | undefined, out: DataNode[] = []): DataNode[] {
    if (!v) return out;
    if (v.kind === 'data') out.push(v.node);
    else if (v.kind === 'tuple' || v.kind === 'iter') for (const i of v.items) this.dataOf(i, out);
    else if (v.kind === 'folds') out.push(v.train, v.test);
    return out;
  }

  private objectsOf(v: Value | undefined, out: MlObject[] = []): MlObject[] {
    if (!v) return out;
    if (v.kind === 'object') out.push(v.obj);
    else if (v.kind === 'tuple') for (const i of v.items) this.objectsOf(i, out);
    return out;
  }

  private firstData(v: Value | undefined): DataNode | undefined {
    return this.dataOf(v)[0];
  }

  private derived(span: { from: number; to: number }, values: Array<Value | undefined>): Value {
    const parents = values.flatMap((v) => this.dataOf(v));
    return { kind: 'data', node: this.node(span, parents) };
  }

  // ---- statements ----

  private block(body: Stmt[], scope: Scope): void {
    if (this.callStack.length) this.inlineBudget -= body.length;
    for (const s of body) {
      try {
        this.stmt(s, scope);
      } catch (e) {
        // One odd statement must not cost the whole unit its analysis.
        if (!(e instanceof RangeError)) throw e;
      }
    }
  }

  private stmt(s: Stmt, scope: Scope): void {
    switch (s.kind) {
      case 'Import':
        return;
      case 'Assign': {
        const v = s.value ? this.expr(s.value, scope) : UNKNOWN;
        for (const t of s.targets) this.bind(t, v, scope, s.value);
        return;
      }
      case 'AugAssign': {
        const old = this.expr(s.target, scope);
        const v = this.expr(s.value, scope);
        this.bind(s.target, this.derived(s, [old, v]), scope, undefined);
        return;
      }
      case 'Expr':
        this.expr(s.value, scope);
        return;
      case 'FunctionDef':
        scope.vars.set(s.name, { kind: 'function', def: s });
        // A body runs once per call, so the same nested def is met again: list each def once.
        if (!this.defSeen.has(s)) {
          this.defSeen.add(s);
          this.defs.push({ def: s, cls: scope.attrs && scope.attrs !== this.globals ? scope.attrs : undefined });
        }
        return;
      case 'ClassDef': {
        for (const b of s.bases) this.expr(b, scope);
        const cls = new Scope(this.globals);
        const inner = new Scope(cls, cls);
        for (const b of s.body) {
          if (b.kind === 'FunctionDef') {
            inner.vars.set(b.name, { kind: 'function', def: b });
            if (!this.defSeen.has(b)) {
              this.defSeen.add(b);
              this.defs.push({ def: b, cls });
            }
          } else this.stmt(b, inner);
        }
        return;
      }
      case 'For': {
        const iter = this.expr(s.iter, scope);
        const names = new Set<string>();
        walkExpr(s.target, (e) => {
          if (e.kind === 'Name') names.add(e.id);
        });
        this.bind(s.target, this.element(iter, s.iter), scope, undefined);
        if (this.testLoops.length && this.dataOf(iter).some((n) => hasTestSplitSource(n)))
          this.testLoops[this.testLoops.length - 1] ??= { from: s.from, to: s.iter.to };
        this.loops.push({ id: this.ids++, span: { from: s.from, to: s.iter.to }, stmt: s, names });
        this.block(s.body, scope);
        this.loops.pop();
        this.block(s.orelse, scope);
        return;
      }
      case 'While':
        this.expr(s.test, scope);
        this.block(s.body, scope);
        this.block(s.orelse, scope);
        return;
      case 'If': {
        // Inside a called function a flag argument often picks the branch (`if train: fit_transform
        // else: transform`): when the test has a known value, only the branch taken runs.
        for (const b of s.branches) {
          this.expr(b.test, scope);
          const overTest = this.testLoops[this.testLoops.length - 1];
          if (overTest && keepsBest(b.test, b.body))
            this.facts.bestOnTest.push({ span: { from: b.test.from, to: b.test.to }, loop: overTest });
          const known = this.truth(b.test, scope);
          if (known === true) {
            this.block(b.body, scope);
            return;
          }
          if (known === false) continue;
          this.block(b.body, scope);
        }
        this.block(s.orelse, scope);
        return;
      }
      case 'With':
        for (const i of s.items) {
          const v = this.expr(i.context, scope);
          if (i.target) this.bind(i.target, v, scope, undefined);
        }
        this.block(s.body, scope);
        return;
      case 'Try':
        this.block(s.body, scope);
        for (const h of s.handlers) this.block(h.body, scope);
        this.block(s.orelse, scope);
        this.block(s.finalbody, scope);
        return;
      case 'Return': {
        const v = s.value ? this.expr(s.value, scope) : UNKNOWN;
        this.returns?.push(v);
        return;
      }
      case 'Other':
        for (const e of s.exprs) this.expr(e, scope);
        this.block(s.body, scope);
        return;
    }
  }

  /** The value one iteration of a `for` loop binds. */
  private element(iter: Value, iterExpr: Expr): Value {
    switch (iter.kind) {
      case 'folds':
        return {
          kind: 'tuple',
          items: [
            { kind: 'data', node: iter.train },
            { kind: 'data', node: iter.test },
          ],
        };
      case 'iter':
        if (iter.wrap === 'enumerate')
          return { kind: 'tuple', items: [UNKNOWN, this.element(iter.items[0] ?? UNKNOWN, iterExpr)] };
        return { kind: 'tuple', items: iter.items.map((i) => this.element(i, iterExpr)) };
      case 'data': {
        const n = this.node(iterExpr, [iter.node]);
        n.rowsChanged = true;
        return { kind: 'data', node: n };
      }
      case 'tuple': {
        // `for X, y in [make_moons(), make_circles()]`: each element is one of the items; tuples of
        // the same length are taken position by position, anything else as data of all of them.
        const items = iter.items;
        if (!items.length) return UNKNOWN;
        const first = items[0];
        if (first.kind === 'tuple' && items.every((i) => i.kind === 'tuple' && i.items.length === first.items.length)) {
          return {
            kind: 'tuple',
            items: first.items.map((_, k) =>
              this.joined(
                iterExpr,
                items.map((i) => (i as { items: Value[] }).items[k]),
              ),
            ),
          };
        }
        if (items.every((i) => i.kind === 'object')) return items[0];
        return this.joined(iterExpr, items);
      }
      case 'object': {
        // The old `cross_validation.KFold(n, n_folds=5)` and `StratifiedKFold(y, ...)` are iterables of folds.
        if (iter.obj.role !== 'splitter') return UNKNOWN;
        const split = this.cvSplit(iter.obj.call, iter.obj, [], undefined);
        const train = this.node(iterExpr, []);
        const test = this.node(iterExpr, []);
        train.parts = [{ kind: 'train', split }];
        test.parts = [{ kind: 'val', split }];
        return {
          kind: 'tuple',
          items: [
            { kind: 'data', node: train },
            { kind: 'data', node: test },
          ],
        };
      }
      default:
        return UNKNOWN;
    }
  }

  /** One loop element standing for any of `items`: data of all of them, or the first non-data value. */
  private joined(span: { from: number; to: number }, items: Value[]): Value {
    const data = items.flatMap((i) => this.dataOf(i));
    if (!data.length) return items.find((i) => i.kind === 'tuple' || i.kind === 'object') ?? UNKNOWN;
    const n = this.node(span, data);
    n.rowsChanged = true;
    return { kind: 'data', node: n };
  }

  /** The truth of a test when its value is known here (a constant flag argument); undefined otherwise. */
  private truth(e: Expr, scope: Scope): boolean | undefined {
    switch (e.kind) {
      case 'Constant':
        return e.type === 'fstr' || e.type === 'ellipsis' ? undefined : truthOf(e.value);
      case 'Name': {
        const v = scope.lookup(e.id);
        return v?.kind === 'const' ? truthOf(v.value) : undefined;
      }
      case 'Unary': {
        if (e.op !== 'not') return undefined;
        const t = this.truth(e.operand, scope);
        return t === undefined ? undefined : !t;
      }
      case 'Binary': {
        if (e.op === 'and' || e.op === 'or') {
          const l = this.truth(e.left, scope);
          const r = this.truth(e.right, scope);
          if (e.op === 'and') return l === false || r === false ? false : l === true && r === true ? true : undefined;
          return l === true || r === true ? true : l === false && r === false ? false : undefined;
        }
        if (!/^(==|!=|is|is not)$/.test(e.op)) return undefined;
        const l = this.constOf(e.left, scope);
        const r = this.constOf(e.right, scope);
        if (!l || !r) return undefined;
        const same = l.value === r.value;
        return e.op === '==' || e.op === 'is' ? same : !same;
      }
      default:
        return undefined;
    }
  }

  private constOf(e: Expr, scope: Scope): { value: string | number | boolean | null } | undefined {
    if (e.kind === 'Constant') return { value: e.value as string | number | boolean | null };
    if (e.kind === 'Name') {
      const v = scope.lookup(e.id);
      if (v?.kind === 'const') return { value: v.value };
    }
    return undefined;
  }

  private bind(target: Expr, v: Value, scope: Scope, valueExpr: Expr | undefined): void {
    switch (target.kind) {
      case 'Name':
        this.noteName(target.id, v, valueExpr, target);
        scope.vars.set(target.id, v);
        return;
      case 'Tuple':
      case 'List': {
        const elts = target.elts;
        const star = elts.findIndex((e) => e.kind === 'Starred');
        if (v.kind === 'tuple' && (v.items.length === elts.length || star >= 0)) {
          for (const [i, e] of elts.entries()) {
            if (e.kind === 'Starred') {
              this.bind(e.value, UNKNOWN, scope, undefined);
              continue;
            }
            const idx = star >= 0 && i > star ? v.items.length - (elts.length - i) : i;
            const item = v.items[idx] ?? UNKNOWN;
            const sub =
              valueExpr && (valueExpr.kind === 'Tuple' || valueExpr.kind === 'List') ? valueExpr.elts[idx] : undefined;
            this.bind(e, item, scope, sub);
          }
        } else {
          const parents = this.dataOf(v);
          for (const e of elts) {
            const t = e.kind === 'Starred' ? e.value : e;
            let item: Value = UNKNOWN;
            if (parents.length) {
              const n = this.node(t, parents);
              // Each target takes a different piece of the value (`(x_train, y_train), (x_test, y_test) =
              // load_data()`, `train, test = random_split(...)`), never the same rows as its siblings.
              if (elts.length > 1) n.rowsChanged = true;
              item = { kind: 'data', node: n };
            }
            this.bind(t, item, scope, undefined);
          }
        }
        return;
      }
      case 'Subscript': {
        // `df[cols] = ...` changes df: its new value carries rows of the old one and of the assigned value.
        const base = this.rootTarget(target.value);
        const old = this.expr(target.value, scope);
        const idx = target.index.map((i) => this.expr(i, scope));
        if (base) this.rebind(base, this.derived(target, [old, v, ...idx]), scope);
        return;
      }
      case 'Attribute': {
        const name = dottedName(target);
        if (!name) return;
        const owner = this.rootTarget(target.value);
        const ownerValue = owner ? scope.lookup(owner) : undefined;
        if (owner && ownerValue?.kind === 'data') {
          // `df.index = pd.to_datetime(df.date)` changes df itself.
          const nv = this.derived(target, [ownerValue, v]);
          if (target.attr === 'index' && v.kind === 'data' && this.isDateExpr(valueExpr)) {
            (nv as { node: DataNode }).node.timeOrdered = { span: target, why: 'a datetime index' };
          }
          this.rebind(owner, nv, scope);
          return;
        }
        (scope.attrs ?? this.globals).vars.set(name, v);
        return;
      }
      case 'Starred':
        this.bind(target.value, v, scope, valueExpr);
        return;
      default:
        return;
    }
  }

  /** Rebinds a name or dotted attribute where it lives now. */
  private rebind(name: string, v: Value, scope: Scope): void {
    if (name.includes('.')) return void (scope.attrs ?? this.globals).vars.set(name, v);
    // `df[col] = ...` inside a function changes the frame where it lives (often a global), not a local copy.
    let home: Scope | undefined = scope;
    while (home && !home.vars.has(name)) home = home.parent;
    (home ?? scope).vars.set(name, v);
  }

  /** The name or dotted name a subscript/attribute target ultimately changes (`df` in `df.loc[:, c]`). */
  private rootTarget(e: Expr): string | undefined {
    let cur = e;
    while (
      cur.kind === 'Subscript' ||
      (cur.kind === 'Attribute' &&
        (cur.attr === 'loc' || cur.attr === 'iloc' || cur.attr === 'at' || cur.attr === 'iat'))
    )
      cur = cur.value;
    return dottedName(cur);
  }

  /** Name hints: a split output bound to `X_val` is a validation part; a row slice bound to `test` is a manual split. */
  private noteName(name: string, v: Value, valueExpr: Expr | undefined, at: Expr): void {
    if (v.kind !== 'data') return;
    const kind = nameKind(name);
    const n = v.node;
    if (kind === 'test' || kind === 'val') this.facts.heldOutNames.push({ from: at.from, to: at.to });
    if (!kind) return;
    if (n.splitOutput) {
      if (n.splitOutput.kind !== kind && !(kind === 'test' && n.splitOutput.kind === 'val')) n.splitOutput.kind = kind;
      return;
    }
    if (n.parts.length || !valueExpr || !isRowPick(valueExpr) || n.parents.length === 0) return;
    const base = n.parents[0];
    let entry = this.manualSplits.get(base);
    if (!entry) {
      const split: SplitEvent = {
        id: this.ids++,
        kind: 'manual',
        span: { from: valueExpr.from, to: valueExpr.to },
        inputs: [base],
        shuffled: false,
        qualified: '',
        seq: this.seq++,
      };
      if (hasConcatOfFiles(base)) split.rejoin = true;
      entry = { split, sides: new Set() };
      this.manualSplits.set(base, entry);
      this.facts.splits.push(split);
    }
    entry.sides.add(kind);
    const mark: PartMark = { kind, split: entry.split };
    n.parts = [mark];
    n.splitOutput = mark;
  }

  private isDateExpr(e: Expr | undefined): boolean {
    if (!e) return false;
    let found = false;
    walkExpr(e, (x) => {
      if (x.kind === 'Call') {
        const q = this.qualified(x.func);
        if (q === 'pandas.to_datetime' || q === 'pandas.DatetimeIndex' || q === 'pandas.date_range') found = true;
      }
      if (x.kind === 'Constant' && typeof x.value === 'string' && DATE_WORD.test(x.value)) found = true;
    });
    return found;
  }

  // ---- expressions ----

  /** The qualified name of an expression through imports, unless a local name shadows the import. */
  private qualified(e: Expr, scope?: Scope): string | undefined {
    let root = e;
    while (root.kind === 'Attribute') root = root.value;
    if (root.kind !== 'Name') return undefined;
    if (scope?.has(root.id)) return undefined;
    return qualifiedName(e, this.imports);
  }

  private expr(e: Expr, scope: Scope): Value {
    switch (e.kind) {
      case 'Name': {
        const v = scope.lookup(e.id);
        if (v) return v;
        if (this.imports.byName.has(e.id)) return UNKNOWN;
        if (BUILTINS.has(e.id)) return UNKNOWN;
        // A name defined elsewhere (another cell's magic, a star import): one opaque source, shared by every use.
        const o = this.opaque(e);
        this.globals.vars.set(e.id, o);
        return o;
      }
      case 'Attribute': {
        const dotted = dottedName(e);
        if (dotted) {
          const v = scope.lookup(dotted);
          if (v) return v;
        }
        const base = this.expr(e.value, scope);
        if (base.kind === 'object') {
          if (e.attr === 'best_estimator_') return base;
          // What a fitted model or selector says of the columns is a statistic of the rows it was fit on.
          const fit = this.lastFit.get(base.obj);
          if (SELECTION_ATTRS.has(e.attr) && fit?.data)
            return { kind: 'data', node: this.statNode(e, 'selection', e.attr, fit.data) };
          return UNKNOWN;
        }
        if (base.kind === 'data') {
          const n = this.node(e, [base.node]);
          if (base.node.grouped) n.grouped = true;
          if (!NOT_COLUMNS.has(e.attr) && !base.node.stat) n.column = e.attr;
          return { kind: 'data', node: n };
        }
        return UNKNOWN;
      }
      case 'Call':
        return this.call(e, scope);
      case 'Subscript': {
        const base = this.expr(e.value, scope);
        const idx = e.index.map((i) => this.expr(i, scope));
        if (
          base.kind === 'tuple' &&
          e.index.length === 1 &&
          e.index[0].kind === 'Constant' &&
          typeof e.index[0].value === 'number'
        ) {
          const i = e.index[0].value;
          return base.items[i < 0 ? base.items.length + i : i] ?? UNKNOWN;
        }
        if (base.kind !== 'data') return UNKNOWN;
        const out = this.derived(e, [base, ...idx]) as { kind: 'data'; node: DataNode };
        if (base.node.grouped) out.node.grouped = true;
        const key = e.index.length === 1 ? e.index[0] : undefined;
        if (key?.kind === 'Constant' && typeof key.value === 'string') out.node.column = key.value;
        else if (
          key?.kind === 'List' &&
          key.elts.length === 1 &&
          key.elts[0].kind === 'Constant' &&
          typeof key.elts[0].value === 'string'
        )
          out.node.column = key.elts[0].value;
        // `df[keep]` where `keep` holds a comparison (`keep = df.x < df.x.quantile(.99)`) picks rows too.
        const maskName =
          e.index.length === 1 && e.index[0].kind === 'Name' && idx[0]?.kind === 'data' && this.masks.has(idx[0].node);
        if (isRowPick(e) || maskName) {
          out.node.rowsChanged = true;
          this.markFilters(idx, e.index);
          if (base.node.timeOrdered && (e.index[0]?.kind === 'Slice' || e.index[0]?.kind === 'Binary'))
            out.node.timeCut = { from: e.from, to: e.to };
        }
        return out;
      }
      case 'Constant':
        return { kind: 'const', value: e.value };
      case 'Tuple':
      case 'List':
      case 'Set':
        return { kind: 'tuple', items: e.elts.map((x) => this.expr(x, scope)) };
      case 'Dict': {
        const vals = e.items.map((i) => {
          if (i.key) this.expr(i.key, scope);
          return this.expr(i.value, scope);
        });
        return { kind: 'tuple', items: vals };
      }
      case 'Binary': {
        const l = this.expr(e.left, scope);
        const r = this.expr(e.right, scope);
        if (l.kind !== 'data' && r.kind !== 'data') return UNKNOWN;
        // `(pred != y_test).mean()` is an error rate: an evaluation of the model that predicted.
        if ((e.op === '==' || e.op === '!=') && l.kind === 'data' && r.kind === 'data') {
          // Only the predictions themselves: `pred.shape == y.shape` compares sizes, not answers.
          const p = l.node.prediction ? l.node : r.node.prediction ? r.node : undefined;
          if (p?.prediction) this.evalEvent(e, p.prediction.object, p.prediction.fit, p.prediction.input);
        }
        const out = this.derived(e, [l, r]);
        if (out.kind === 'data' && MASK_OPS.test(e.op)) this.masks.add(out.node);
        return out;
      }
      case 'Unary': {
        const v = this.expr(e.operand, scope);
        return v.kind === 'data' ? this.derived(e, [v]) : UNKNOWN;
      }
      case 'Conditional': {
        this.expr(e.test, scope);
        const a = this.expr(e.body, scope);
        const b = this.expr(e.orelse, scope);
        if (a.kind === 'object') return a;
        if (b.kind === 'object') return b;
        if (a.kind === 'data' || b.kind === 'data') return this.derived(e, [a, b]);
        return a;
      }
      case 'Comprehension': {
        const inner = new Scope(scope, scope.attrs);
        const parents: Value[] = [];
        for (const g of e.generators) {
          const it = this.expr(g.iter, inner);
          parents.push(it);
          this.bind(g.target, this.element(it, g.iter), inner, undefined);
          for (const i of g.ifs) this.expr(i, inner);
        }
        if (e.key) this.expr(e.key, inner);
        const v = this.expr(e.elt, inner);
        if (v.kind === 'object') return { kind: 'tuple', items: [v] };
        return this.derived(e, [v, ...parents]);
      }
      case 'Starred':
        return this.expr(e.value, scope);
      case 'Lambda':
        return UNKNOWN;
      case 'Slice':
        for (const p of e.parts) if (p) this.expr(p, scope);
        return UNKNOWN;
      case 'Other': {
        const vals = e.children.map((c) => this.expr(c, scope));
        return vals.some((v) => v.kind === 'data') ? this.derived(e, vals) : vals.length === 1 ? vals[0] : UNKNOWN;
      }
    }
  }

  private kw(call: CallExpr, name: string): Keyword | undefined {
    return call.keywords.find((k) => k.name === name);
  }

  /** Positional argument `i`, or the keyword `name`. */
  private arg(call: CallExpr, i: number, ...names: string[]): Expr | undefined {
    const positional = call.args.filter((a) => a.kind !== 'Starred');
    if (positional[i] && call.args.length === positional.length) return positional[i];
    for (const n of names) {
      const k = this.kw(call, n);
      if (k) return k.value;
    }
    return positional[i];
  }

  private call(call: CallExpr, scope: Scope): Value {
    const func = call.func;
    const q = this.qualified(func, scope);
    if (q) return this.libraryCall(call, q, scope);
    if (func.kind === 'Name') {
      const fv = scope.lookup(func.id);
      if (fv?.kind === 'function') return this.userCall(call, fv.def, scope);
      if (fv?.kind === 'object') return this.argsOnly(call, scope, fv);
      if (func.id === 'enumerate' || func.id === 'zip') {
        const items = call.args.map((a) => this.expr(a, scope));
        return { kind: 'iter', wrap: func.id, items };
      }
      if (SCALAR_BUILTINS.has(func.id) && !scope.has(func.id)) {
        // `len(df)`, `float(...)`, `print(...)`: a number, a string or nothing, never rows.
        for (const a of call.args) this.expr(a, scope);
        for (const k of call.keywords) this.expr(k.value, scope);
        return UNKNOWN;
      }
      if (func.id === 'list' || func.id === 'tuple' || func.id === 'iter') {
        const v = call.args[0] ? this.expr(call.args[0], scope) : UNKNOWN;
        return v.kind === 'folds' || v.kind === 'iter' || v.kind === 'tuple'
          ? v
          : v.kind === 'data'
            ? this.derived(call, [v])
            : UNKNOWN;
      }
      return this.argsOnly(call, scope);
    }
    if (func.kind === 'Attribute') {
      const recv = this.expr(func.value, scope);
      if (recv.kind === 'object') return this.objectMethod(call, func.attr, recv.obj, scope);
      if (recv.kind === 'data') return this.dataMethod(call, func.attr, recv.node, scope, func.value);
      if (recv.kind === 'function') return this.argsOnly(call, scope);
      const out = this.argsOnly(call, scope);
      // `drop_cols.append(col)`: the list now holds what was appended.
      if (out.kind === 'data' && LIST_GROWERS.has(func.attr)) {
        const name = dottedName(func.value);
        if (name) this.rebind(name, this.derived(call, [recv, out]), scope);
      }
      return out;
    }
    const f = this.expr(func, scope);
    return this.argsOnly(call, scope, f);
  }

  /** An unknown callable: its result is data derived from whatever data went in. */
  private argsOnly(call: CallExpr, scope: Scope, extra?: Value): Value {
    const vals = [...call.args.map((a) => this.expr(a, scope)), ...call.keywords.map((k) => this.expr(k.value, scope))];
    if (extra) vals.push(extra);
    if (!vals.some((v) => this.dataOf(v).length)) return UNKNOWN;
    return this.derived(call, vals);
  }

  private userCall(call: CallExpr, def: FunctionDefStmt, scope: Scope): Value {
    const args = call.args.map((a) => this.expr(a, scope));
    const kws = new Map(call.keywords.filter((k) => k.name).map((k) => [k.name!, this.expr(k.value, scope)] as const));
    if (this.callStack.includes(def) || this.callStack.length >= 4 || this.inlineBudget <= 0) {
      return this.derived(call, [...args, ...kws.values()]);
    }
    this.called.add(def);
    const inner = new Scope(this.globals, this.globals);
    let i = 0;
    for (const p of def.params) {
      if (p.star === '*') {
        inner.vars.set(p.name, { kind: 'tuple', items: args.slice(i) });
        i = args.length;
        continue;
      }
      if (p.star === '**') {
        inner.vars.set(p.name, UNKNOWN);
        continue;
      }
      const v = i < args.length && call.args[i]?.kind !== 'Starred' ? args[i++] : kws.get(p.name);
      inner.vars.set(p.name, v ?? (p.default ? this.expr(p.default, scope) : this.opaque(p)));
    }
    // A call that hands rows in (`preprocess(df)`), not a wrapper like `main()`.
    const takesRows = [...args, ...kws.values()].some((v) => this.dataOf(v).length > 0);
    if (takesRows) this.callSites.push(call);
    try {
      return this.callFunction(def, inner);
    } finally {
      if (takesRows) this.callSites.pop();
    }
  }

  private callFunction(def: FunctionDefStmt, scope: Scope): Value {
    const saved = this.returns;
    this.returns = [];
    this.callStack.push(def);
    this.testLoops.push(undefined);
    this.block(def.body, scope);
    this.testLoops.pop();
    this.callStack.pop();
    const rets = this.returns;
    this.returns = saved;
    // Several returns: prefer one that carries structure (a tuple of parts, a fitted object).
    return rets.find((r) => r.kind === 'tuple' || r.kind === 'object') ?? rets[rets.length - 1] ?? UNKNOWN;
  }

  private tuning(call: CallExpr): LoopContext[] {
    if (!this.loops.length) return [];
    const out: LoopContext[] = [];
    const exprs = [
      ...call.args,
      ...call.keywords.filter((k) => !k.name || !NOT_TUNING.has(k.name)).map((k) => k.value),
    ];
    for (const loop of this.loops) {
      let hit = false;
      for (const a of exprs) {
        walkExpr(a, (x) => {
          if (x.kind === 'Name' && loop.names.has(x.id)) hit = true;
          return !hit;
        });
      }
      if (hit) out.push(loop);
    }
    return out;
  }

  private newObject(call: CallExpr, role: ObjectRole, qualified: string, scope: Scope): Value {
    const inner: MlObject[] = [];
    for (const a of call.args) this.objectsOf(this.expr(a, scope), inner);
    for (const k of call.keywords) this.objectsOf(this.expr(k.value, scope), inner);
    const obj: MlObject = { id: this.ids++, role, qualified, call, inner, tunedBy: this.tuning(call), seq: this.seq++ };
    this.facts.objects.push(obj);
    return { kind: 'object', obj };
  }

  private libraryCall(call: CallExpr, q: string, scope: Scope): Value {
    const role = apiRole(q);
    const last = q.slice(q.lastIndexOf('.') + 1);
    switch (role) {
      case 'estimator':
      case 'transformer':
      case 'resampler':
      case 'search':
      case 'pipeline':
      case 'column-transformer':
        return this.newObject(call, role, q, scope);
      case 'splitter-class':
        return this.newObject(call, 'splitter', q, scope);
      case 'splitter-function':
        return this.holdoutSplit(call, q, scope);
      case 'cv-function':
        return this.cvFunction(call, q, scope);
      case 'metric':
        return this.metric(call, q, scope);
      case 'data-load': {
        for (const k of call.keywords) this.expr(k.value, scope);
        const first = call.args[0];
        const n = this.node(call, []);
        n.source = {
          qualified: q,
          path: first?.kind === 'Constant' && typeof first.value === 'string' ? first.value : undefined,
        };
        for (const a of call.args) this.expr(a, scope);
        const trainKw = this.kw(call, 'train');
        const splitKw = this.kw(call, 'split');
        if (
          (trainKw?.value.kind === 'Constant' && trainKw.value.value === false) ||
          (splitKw?.value.kind === 'Constant' &&
            typeof splitKw.value.value === 'string' &&
            /^test\b/.test(splitKw.value.value))
        )
          n.testSplitSource = true;
        const idx = this.kw(call, 'index_col');
        const dates = this.kw(call, 'parse_dates');
        if (idx && dates && !(dates.value.kind === 'Constant' && dates.value.value === false))
          n.timeOrdered = { span: call, why: 'a datetime index' };
        return { kind: 'data', node: n };
      }
      default:
        break;
    }
    if (isKeras(q) && (last === 'Sequential' || last === 'Model' || last === 'load_model'))
      return this.newObject(call, 'keras-model', q, scope);
    // Keras text vocabularies: `Tokenizer().fit_on_texts(texts)`, `TextVectorization().adapt(texts)`.
    if (
      isKeras(q) &&
      (last === 'Tokenizer' || last === 'TextVectorization' || last === 'StringLookup' || last === 'Normalization')
    )
      return this.newObject(call, 'transformer', q, scope);
    if (
      (isKeras(q) || isUnder(q, 'lightgbm') || isUnder(q, 'xgboost')) &&
      /^(EarlyStopping|ModelCheckpoint|ReduceLROnPlateau|early_stopping)$/.test(last)
    ) {
      return this.newObject(call, 'callback', q, scope);
    }
    if (q === 'sklearn.utils.resample') {
      const vals = call.args.map((a) => this.expr(a, scope));
      const replace = this.kw(call, 'replace');
      const out = this.derived(call, vals);
      // With replacement it oversamples; without, a smaller `n_samples` undersamples (a majority class, typically).
      const withReplacement = replace?.value.kind === 'Constant' && replace.value.value === true;
      const under = replace?.value.kind === 'Constant' && replace.value.value === false && !!this.kw(call, 'n_samples');
      if (withReplacement || under) {
        const r = {
          id: this.ids++,
          span: { from: call.from, to: call.to },
          qualified: q,
          inputs: vals.flatMap((v) => this.dataOf(v)),
          seq: this.seq++,
        };
        this.facts.resamples.push(r);
        for (const n of this.dataOf(out)) n.resampledBy = r;
      }
      return out;
    }
    if (q === 'lightgbm.train' || q === 'xgboost.train') return this.boosterTrain(call, q, scope);
    if (q === 'torch.utils.data.random_split') {
      this.facts.heldOutKeywords.push({ from: call.from, to: call.to });
      return this.randomSplit(call, q, scope);
    }
    if (isUnder(q, 'sklearn.preprocessing') && FUNCTION_TRANSFORMS.has(last))
      return this.functionTransform(call, q, scope);
    const root = packageOf(q);
    if (root === 'numpy' && NUMPY_STATS.has(last)) {
      const x = call.args[0] ? this.firstData(this.expr(call.args[0], scope)) : undefined;
      const rest = [...call.args.slice(1), ...call.keywords.map((k) => k.value)].map((a) => this.expr(a, scope));
      if (x && !x.stat && !this.rowWise(call, last === 'percentile' || last === 'quantile' ? 2 : 1))
        return {
          kind: 'data',
          node: this.statNode(
            call,
            'summary',
            last,
            x,
            rest.flatMap((v) => this.dataOf(v)),
          ),
        };
      return this.derived(call, [x ? { kind: 'data', node: x } : undefined, ...rest]);
    }
    if (
      (q === 'pandas.concat' || q === 'numpy.concatenate' || q === 'numpy.vstack' || q === 'numpy.row_stack') &&
      call.args[0] &&
      !this.rowWise(call)
    ) {
      const first = call.args[0];
      const itemExprs = first.kind === 'List' || first.kind === 'Tuple' ? first.elts : [];
      const itemVals = itemExprs.map((x) => this.expr(x, scope));
      const rest = [
        ...(itemExprs.length ? [] : [this.expr(first, scope)]),
        ...call.args.slice(1).map((a) => this.expr(a, scope)),
        ...call.keywords.map((k) => this.expr(k.value, scope)),
      ];
      const out = this.derived(call, [...itemVals, ...rest]) as { kind: 'data'; node: DataNode };
      if (this.joinsFiles(itemExprs.map((x, i) => ({ expr: x, nodes: this.dataOf(itemVals[i]) }))))
        out.node.concatOfFiles = true;
      return out;
    }
    if (q === 'pandas.qcut') {
      // Quantile bins: the edges are quantiles of every row given.
      const vals = [
        ...call.args.map((a) => this.expr(a, scope)),
        ...call.keywords.map((k) => this.expr(k.value, scope)),
      ];
      const x = this.firstData(vals[0]);
      if (!x || x.stat) return this.derived(call, vals);
      const st = this.statNode(call, 'summary', 'quantile bins', x);
      return { kind: 'data', node: this.node(call, [x, st]) };
    }
    if (q === 'pandas.factorize') {
      // Codes numbered by the categories present in every row given.
      const vals = [
        ...call.args.map((a) => this.expr(a, scope)),
        ...call.keywords.map((k) => this.expr(k.value, scope)),
      ];
      const input = this.firstData(vals[0]);
      const out = this.derived(call, vals) as { kind: 'data'; node: DataNode };
      if (input && !input.stat)
        this.facts.vocabularies.push({
          id: this.ids++,
          span: { from: call.from, to: call.to },
          qualified: q,
          input,
          output: out.node,
          seq: out.node.seq,
        });
      return { kind: 'tuple', items: [out, UNKNOWN] };
    }
    if (q === 'pandas.get_dummies') {
      const vals = [
        ...call.args.map((a) => this.expr(a, scope)),
        ...call.keywords.map((k) => this.expr(k.value, scope)),
      ];
      const dataKw = call.keywords.findIndex((k) => k.name === 'data');
      const input = this.firstData(call.args[0] ? vals[0] : dataKw >= 0 ? vals[call.args.length + dataKw] : undefined);
      const out = this.derived(call, vals);
      if (out.kind !== 'data' || !input) return out;
      if (input)
        this.facts.vocabularies.push({
          id: this.ids++,
          span: { from: call.from, to: call.to },
          qualified: q,
          input,
          output: out.node,
          seq: out.node.seq,
        });
      return out;
    }
    if (q === 'pandas.Categorical' || q === 'pandas.CategoricalDtype' || q === 'pandas.api.types.CategoricalDtype') {
      const out = this.argsOnly(call, scope);
      const fixed = !!this.kw(call, 'categories') || (q !== 'pandas.Categorical' && call.args.length > 0);
      const n = out.kind === 'data' ? out.node : this.node(call, []);
      if (fixed) n.fixedCategories = true;
      return { kind: 'data', node: n };
    }
    if (
      (root === 'numpy' &&
        (last === 'save' || last === 'savez' || last === 'savetxt' || last === 'savez_compressed')) ||
      q === 'joblib.dump' ||
      q === 'pickle.dump'
    ) {
      const vals = [
        ...call.args.map((a) => this.expr(a, scope)),
        ...call.keywords.map((k) => this.expr(k.value, scope)),
      ];
      const pathArg = root === 'numpy' ? call.args[0] : call.args[1];
      const data = this.dataOf(root === 'numpy' ? vals[1] : vals[0])[0];
      if (data)
        this.facts.writes.push({
          span: { from: call.from, to: call.to },
          data,
          path: pathArg?.kind === 'Constant' && typeof pathArg.value === 'string' ? pathArg.value : undefined,
          seq: this.seq++,
        });
      return UNKNOWN;
    }
    if (OPAQUE_LOADERS.has(q)) {
      for (const a of call.args) this.expr(a, scope);
      for (const k of call.keywords) this.expr(k.value, scope);
      const n = this.node(call, []);
      n.source = { qualified: q };
      return { kind: 'data', node: n };
    }
    const out = this.argsOnly(call, scope);
    // A call of another module that takes no data in (`X, y = load_data()`, `pd.DataFrame(records)`) returns
    // data of unknown extent: not nothing, so what is done to it later is still followed.
    if (
      out.kind === 'unknown' &&
      !NOT_DATA_ROOTS.has(root) &&
      !NOT_DATA_ROOTS.has(q.slice(0, q.lastIndexOf('.'))) &&
      (!/^[A-Z]/.test(last) || root === 'pandas' || root === 'numpy' || root === 'polars')
    ) {
      const n = this.node(call, []);
      n.source = { qualified: q, guessed: true };
      return { kind: 'data', node: n };
    }
    return out;
  }

  /** `random_split(ds, [a, b])` / `[a, b, c]`: train and test parts, or train, validation and test parts. */
  private randomSplit(call: CallExpr, q: string, scope: Scope): Value {
    const data = call.args[0] ? this.dataOf(this.expr(call.args[0], scope)) : [];
    const lengths = call.args[1];
    for (const a of call.args.slice(1)) this.expr(a, scope);
    for (const k of call.keywords) this.expr(k.value, scope);
    if (!data.length) return UNKNOWN;
    const n = lengths && (lengths.kind === 'List' || lengths.kind === 'Tuple') ? lengths.elts.length : 2;
    const split: SplitEvent = {
      id: this.ids++,
      kind: 'holdout',
      span: { from: call.from, to: call.to },
      inputs: data,
      shuffled: true,
      qualified: q,
      seq: this.seq++,
    };
    this.facts.splits.push(split);
    const kinds: PartKind[] = n >= 3 ? ['train', 'val', 'test'] : ['train', 'test'];
    return {
      kind: 'tuple',
      items: kinds.map((kind) => {
        const node = this.node(call, data);
        const mark: PartMark = { kind, split };
        node.parts = [...node.parts.filter((p) => p.kind !== 'train' || kind === 'train'), mark];
        node.splitOutput = mark;
        return { kind: 'data', node } as Value;
      }),
    };
  }

  /** `preprocessing.scale(X)` and its kind: a transformer fit and applied in one call. */
  private functionTransform(call: CallExpr, q: string, scope: Scope): Value {
    const last = q.slice(q.lastIndexOf('.') + 1);
    const xv = call.args[0] ? this.expr(call.args[0], scope) : undefined;
    for (const a of call.args.slice(1)) this.expr(a, scope);
    for (const k of call.keywords) this.expr(k.value, scope);
    // `normalize` scales each row to unit norm unless told `axis=0`: nothing is learnt across rows.
    const axis = this.kw(call, 'axis')?.value ?? call.args[2];
    if (last === 'normalize' && !(axis?.kind === 'Constant' && axis.value === 0)) return this.derived(call, [xv]);
    const obj: MlObject = {
      id: this.ids++,
      role: 'transformer',
      qualified: q,
      call,
      inner: [],
      tunedBy: [],
      seq: this.seq++,
    };
    this.facts.objects.push(obj);
    const fit: FitEvent = {
      id: this.ids++,
      object: obj,
      call,
      method: 'fit_transform',
      data: this.firstData(xv),
      target: undefined,
      evalData: [],
      keywords: new Set(call.keywords.flatMap((k) => (k.name ? [k.name] : []))),
      callbacks: [],
      loops: [...this.loops],
      seq: this.seq++,
    };
    if (this.callSites.length) fit.site = this.callSites[0];
    this.facts.fits.push(fit);
    this.lastFit.set(obj, fit);
    return this.transformed(call, fit, xv);
  }

  /** `lgb.train(params, dtrain, valid_sets=[...])` / `xgb.train(params, dtrain, evals=[...])`: a fit that returns a booster. */
  private boosterTrain(call: CallExpr, q: string, scope: Scope): Value {
    const obj: MlObject = {
      id: this.ids++,
      role: 'estimator',
      qualified: q,
      call,
      inner: [],
      tunedBy: this.tuning(call),
      seq: this.seq++,
    };
    this.facts.objects.push(obj);
    for (const a of call.args.slice(0, 1)) this.expr(a, scope);
    const train = call.args[1] ? this.firstData(this.expr(call.args[1], scope)) : undefined;
    const evalData: DataNode[] = [];
    const callbacks: MlObject[] = [];
    const keywords = new Set<string>();
    for (const k of call.keywords) {
      const v = this.expr(k.value, scope);
      if (!k.name) continue;
      keywords.add(k.name);
      if (k.name === 'valid_sets' || k.name === 'evals') {
        this.dataOf(v, evalData);
        this.facts.heldOutKeywords.push({ from: k.from, to: k.to });
      }
      if (k.name === 'callbacks') this.objectsOf(v, callbacks);
    }
    const fit: FitEvent = {
      id: this.ids++,
      object: obj,
      call,
      method: 'train',
      data: train,
      target: undefined,
      evalData,
      keywords,
      callbacks,
      loops: [...this.loops],
      seq: this.seq++,
    };
    this.facts.fits.push(fit);
    this.lastFit.set(obj, fit);
    return { kind: 'object', obj };
  }

  private holdoutSplit(call: CallExpr, q: string, scope: Scope): Value {
    const arrays = call.args.filter((a) => a.kind !== 'Starred').map((a) => this.expr(a, scope));
    for (const k of call.keywords) this.expr(k.value, scope);
    const shuffle = this.kw(call, 'shuffle');
    const split: SplitEvent = {
      id: this.ids++,
      kind: 'holdout',
      span: { from: call.from, to: call.to },
      call,
      inputs: arrays.flatMap((a) => this.dataOf(a)),
      shuffled: !(shuffle && shuffle.value.kind === 'Constant' && shuffle.value.value === false),
      qualified: q,
      seq: this.seq++,
    };
    this.facts.splits.push(split);
    // Splitting the labelled file taken back out of a train+test concatenation is a first split, not a re-split.
    const ofTrain = split.inputs.some((n) => n.parts.some((p) => p.kind === 'train' && !p.split.rejoin));
    const items: Value[] = [];
    for (const a of arrays) {
      const parents = this.dataOf(a);
      for (const kind of ['train', ofTrain ? 'val' : 'test'] as const) {
        const n = this.node(call, parents);
        const mark: PartMark = { kind, split };
        n.parts = [...n.parts.filter((p) => p.kind !== 'train' || kind === 'train'), mark];
        n.splitOutput = mark;
        items.push({ kind: 'data', node: n });
      }
    }
    return { kind: 'tuple', items };
  }

  private splitterShuffles(obj: MlObject | undefined): boolean {
    if (!obj) return false;
    const last = obj.qualified.slice(obj.qualified.lastIndexOf('.') + 1);
    if (/ShuffleSplit$/.test(last)) return true;
    const s = obj.call.keywords.find((k) => k.name === 'shuffle');
    return !!s && s.value.kind === 'Constant' && s.value.value === true;
  }

  private cvFunction(call: CallExpr, q: string, scope: Scope): Value {
    const est = this.objectsOf(this.expr(this.arg(call, 0, 'estimator') ?? call, scope))[0];
    const xExpr = this.arg(call, 1, 'X');
    const x = xExpr ? this.firstData(this.expr(xExpr, scope)) : undefined;
    const rest = call.args.slice(2).map((a) => this.expr(a, scope));
    let splitter: MlObject | undefined;
    for (const k of call.keywords) {
      const v = this.expr(k.value, scope);
      if (k.name === 'cv') splitter = this.objectsOf(v)[0];
    }
    const split = this.cvSplit(call, splitter, x ? [x] : [], est);
    this.facts.cvs.push({
      id: this.ids++,
      span: { from: call.from, to: call.to },
      qualified: q,
      estimator: est,
      data: x,
      split,
      seq: this.seq++,
    });
    if (q.endsWith('cross_val_predict'))
      return this.derived(call, [x ? { kind: 'data', node: x } : undefined, ...rest]);
    return UNKNOWN;
  }

  private cvSplit(
    call: CallExpr,
    splitter: MlObject | undefined,
    inputs: DataNode[],
    estimator: MlObject | undefined,
  ): SplitEvent {
    const split: SplitEvent = {
      id: this.ids++,
      kind: 'cv',
      span: { from: call.from, to: call.to },
      inputs,
      shuffled: this.splitterShuffles(splitter),
      qualified: splitter?.qualified ?? 'sklearn.model_selection.KFold',
      estimator,
      seq: this.seq++,
    };
    this.facts.splits.push(split);
    return split;
  }

  private metric(call: CallExpr, q: string, scope: Scope): Value {
    const vals = [...call.args.map((a) => this.expr(a, scope)), ...call.keywords.map((k) => this.expr(k.value, scope))];
    // Clustering scores are meant to be computed on the data that was clustered.
    if (UNSUPERVISED_METRICS.test(q)) return UNKNOWN;
    const seen = new Set<MlObject>();
    for (const v of vals) {
      for (const n of this.dataOf(v)) {
        const p = findPrediction(n);
        if (p?.prediction && !seen.has(p.prediction.object)) {
          seen.add(p.prediction.object);
          this.evalEvent(call, p.prediction.object, p.prediction.fit, p.prediction.input);
        }
      }
    }
    return UNKNOWN;
  }

  private evalEvent(
    call: { from: number; to: number },
    object: MlObject,
    fit: FitEvent | undefined,
    data: DataNode | undefined,
  ): void {
    const ev: EvalEvent = {
      id: this.ids++,
      span: { from: call.from, to: call.to },
      object,
      fit,
      data,
      loops: [...this.loops],
      seq: this.seq++,
    };
    this.facts.evals.push(ev);
  }

  private objectMethod(call: CallExpr, method: string, obj: MlObject, scope: Scope): Value {
    switch (method) {
      case 'fit_on_texts':
      case 'adapt':
        if (obj.role !== 'transformer') return this.argsOnly(call, scope);
        return this.objectMethod({ ...call, keywords: call.keywords }, 'fit', obj, scope);
      case 'fit':
      case 'partial_fit':
      case 'fit_transform':
      case 'fit_resample':
      case 'fit_sample':
      case 'fit_predict': {
        const xExpr = this.arg(call, 0, 'X', 'x');
        const yExpr = this.arg(call, 1, 'y');
        const xv = xExpr ? this.expr(xExpr, scope) : undefined;
        const yv = yExpr ? this.expr(yExpr, scope) : undefined;
        const evalData: DataNode[] = [];
        const callbacks: MlObject[] = [];
        const keywords = new Set<string>();
        for (const k of call.keywords) {
          if (k.value === xExpr || k.value === yExpr) continue;
          const v = this.expr(k.value, scope);
          if (!k.name) continue;
          keywords.add(k.name);
          if (k.name === 'eval_set' || k.name === 'validation_data') this.dataOf(v, evalData);
          if (k.name === 'callbacks') this.objectsOf(v, callbacks);
          if (k.name === 'eval_set' || k.name === 'validation_data' || k.name === 'validation_split')
            this.facts.heldOutKeywords.push({ from: k.from, to: k.to });
        }
        for (const a of call.args.slice(2)) this.expr(a, scope);
        const fit: FitEvent = {
          id: this.ids++,
          object: obj,
          call,
          method,
          data: this.firstData(xv),
          target: this.firstData(yv),
          evalData,
          keywords,
          callbacks,
          loops: [...this.loops],
          seq: this.seq++,
        };
        if (this.callSites.length) fit.site = this.callSites[0];
        this.facts.fits.push(fit);
        this.lastFit.set(obj, fit);
        if (obj.role === 'search') {
          const splitter = this.objectsOf(this.kwValue(obj.call, 'cv', scope))[0];
          const split = this.cvSplit(call, splitter, fit.data ? [fit.data] : [], obj.inner[0]);
          this.facts.cvs.push({
            id: this.ids++,
            span: { from: call.from, to: call.to },
            qualified: obj.qualified,
            estimator: obj.inner[0],
            data: fit.data,
            split,
            seq: this.seq++,
          });
        }
        if (method === 'fit_transform') return this.transformed(call, fit, xv);
        if (method === 'fit_resample' || method === 'fit_sample') {
          const r = {
            id: this.ids++,
            span: { from: call.from, to: call.to },
            qualified: obj.qualified,
            inputs: [...this.dataOf(xv), ...this.dataOf(yv)],
            seq: this.seq++,
          };
          this.facts.resamples.push(r);
          const xs = this.node(call, this.dataOf(xv));
          const ys = this.node(call, this.dataOf(yv));
          xs.resampledBy = r;
          ys.resampledBy = r;
          return {
            kind: 'tuple',
            items: [
              { kind: 'data', node: xs },
              { kind: 'data', node: ys },
            ],
          };
        }
        if (method === 'fit_predict') return this.predicted(call, obj, fit, xv);
        return { kind: 'object', obj };
      }
      case 'texts_to_sequences':
      case 'texts_to_matrix':
      case 'transform':
      case 'inverse_transform': {
        const xv = call.args[0] ? this.expr(call.args[0], scope) : undefined;
        for (const k of call.keywords) this.expr(k.value, scope);
        const fit = this.lastFit.get(obj);
        if (!fit) return this.derived(call, [xv]);
        return this.transformed(call, fit, xv);
      }
      case 'predict':
      case 'predict_proba':
      case 'predict_log_proba':
      case 'decision_function': {
        const xv = call.args[0] ? this.expr(call.args[0], scope) : undefined;
        for (const k of call.keywords) this.expr(k.value, scope);
        return this.predicted(call, obj, this.lastFit.get(obj), xv);
      }
      case 'score':
      case 'evaluate': {
        const xExpr = this.arg(call, 0, 'X', 'x');
        const xv = xExpr ? this.expr(xExpr, scope) : undefined;
        for (const a of call.args.slice(1)) this.expr(a, scope);
        for (const k of call.keywords) if (k.value !== xExpr) this.expr(k.value, scope);
        this.evalEvent(call, obj, this.lastFit.get(obj), this.firstData(xv));
        return UNKNOWN;
      }
      case 'split': {
        const xv = call.args[0] ? this.expr(call.args[0], scope) : undefined;
        for (const a of call.args.slice(1)) this.expr(a, scope);
        if (obj.role !== 'splitter') return UNKNOWN;
        const split = this.cvSplit(call, obj, this.dataOf(xv), undefined);
        const parents = this.dataOf(xv);
        const train = this.node(call, parents);
        const test = this.node(call, parents);
        train.parts = [...train.parts, { kind: 'train', split }];
        test.parts = [...test.parts.filter((p) => p.kind !== 'train'), { kind: 'val', split }];
        return { kind: 'folds', train, test };
      }
      case 'set_params': {
        for (const k of call.keywords) this.expr(k.value, scope);
        obj.tunedBy.push(...this.tuning(call).filter((l) => !obj.tunedBy.includes(l)));
        return { kind: 'object', obj };
      }
      default: {
        for (const a of call.args) this.expr(a, scope);
        for (const k of call.keywords) this.expr(k.value, scope);
        return UNKNOWN;
      }
    }
  }

  private kwValue(call: CallExpr, name: string, scope: Scope): Value | undefined {
    const k = call.keywords.find((x) => x.name === name);
    return k ? this.expr(k.value, scope) : undefined;
  }

  private transformed(call: CallExpr, fit: FitEvent, xv: Value | undefined): Value {
    const out = this.node(call, this.dataOf(xv));
    out.transformedBy = fit;
    this.facts.transforms.push({ fit, input: this.firstData(xv), output: out, seq: out.seq });
    return { kind: 'data', node: out };
  }

  private predicted(call: CallExpr, obj: MlObject, fit: FitEvent | undefined, xv: Value | undefined): Value {
    const input = this.firstData(xv);
    const out = this.node(call, this.dataOf(xv));
    out.prediction = { object: obj, fit, input };
    return { kind: 'data', node: out };
  }

  private dataMethod(call: CallExpr, method: string, recv: DataNode, scope: Scope, recvExpr: Expr): Value {
    const statsBefore = this.facts.stats.length;
    const vals = [
      ...call.args.map((a) => this.lambdaOver(a, recv, scope) ?? this.expr(a, scope)),
      ...call.keywords.map((k) => this.expr(k.value, scope)),
    ];
    // A per-group function (`transform(lambda s: s.fillna(s.median()))`) is a group statistic only when it takes one.
    const lambdaStat = call.args.some((a) => a.kind === 'Lambda') ? this.facts.stats.length > statsBefore : true;
    if (WRITE_METHODS.has(method)) {
      const first = call.args[0];
      this.facts.writes.push({
        span: { from: call.from, to: call.to },
        data: recv,
        path: first?.kind === 'Constant' && typeof first.value === 'string' ? first.value : undefined,
        seq: this.seq++,
      });
      return UNKNOWN;
    }
    const extra = vals.flatMap((v) => this.dataOf(v));
    if (
      !recv.stat &&
      !recv.windowed &&
      lambdaStat &&
      (STAT_METHODS.has(method) || (recv.grouped && (method === 'transform' || method === 'apply'))) &&
      !this.rowWise(call)
    ) {
      if (method === 'transform' && recv.grouped) {
        // `df.groupby(k)[c].transform("mean")`: per-group statistics put back on every row.
        const st = this.statNode(call, 'group', method, recv, [], recv.column);
        const out = this.node(call, [recv, st, ...extra]);
        return { kind: 'data', node: out };
      }
      if ((method !== 'agg' && method !== 'aggregate' && method !== 'apply') || recv.grouped) {
        return {
          kind: 'data',
          node: this.statNode(
            call,
            recv.grouped ? 'group' : 'summary',
            method,
            recv,
            extra,
            recv.grouped ? recv.column : undefined,
          ),
        };
      }
    }
    const out = this.node(call, [recv, ...extra]);
    // `astype("category")` learns the categories present, and `.cat.codes` numbers them.
    const a0 = call.args[0];
    if (method === 'astype' && a0?.kind === 'Constant' && a0.value === 'category' && !recv.stat) {
      this.facts.vocabularies.push({
        id: this.ids++,
        span: { from: call.from, to: call.to },
        qualified: 'pandas.Series.astype',
        input: recv,
        output: out,
        seq: out.seq,
      });
    }
    if (
      method === 'append' &&
      call.args[0] &&
      this.joinsFiles([
        { expr: recvExpr, nodes: [recv] },
        { expr: call.args[0], nodes: this.dataOf(vals[0]) },
      ])
    )
      out.concatOfFiles = true;
    if (method === 'groupby') out.grouped = true;
    if (method === 'rolling' || method === 'ewm' || method === 'expanding' || method === 'resample')
      out.windowed = true;
    if (method === 'pop' && call.args[0]?.kind === 'Constant' && typeof call.args[0].value === 'string')
      out.column = call.args[0].value;
    if (ROW_CHANGING.has(method)) out.rowsChanged = true;
    if (TIME_METHODS.has(method)) out.timeOrdered = { span: call, why: `\`.${method}()\` features` };
    else if ((method === 'sort_values' || method === 'set_index') && this.mentionsDate(call)) {
      out.timeOrdered = { span: call, why: method === 'sort_values' ? 'rows sorted by date' : 'a datetime index' };
    } else if (method === 'resample' && call.args[0]?.kind === 'Constant' && typeof call.args[0].value === 'string') {
      out.timeOrdered = { span: call, why: '.resample()' };
    }
    const inplace = this.kw(call, 'inplace');
    if (inplace && inplace.value.kind === 'Constant' && inplace.value.value === true) {
      const name = dottedName(recvExpr);
      if (name) this.rebind(name, { kind: 'data', node: out }, scope);
      else {
        // `df["age"].fillna(m, inplace=True)` changes df.
        const root = this.rootTarget(recvExpr);
        const old = root ? scope.lookup(root) : undefined;
        if (root && old?.kind === 'data')
          this.rebind(root, { kind: 'data', node: this.node(call, [old.node, out]) }, scope);
      }
    }
    return { kind: 'data', node: out };
  }

  /** `df.apply(lambda col: ...)`: the body runs once on a column of the receiver. Undefined for any other argument. */
  private lambdaOver(a: Expr, recv: DataNode, scope: Scope): Value | undefined {
    // `df.apply(LabelEncoder().fit_transform)`: the bound method runs on each column of the receiver.
    if (a.kind === 'Attribute' && (a.attr === 'fit_transform' || a.attr === 'fit')) {
      const base = this.expr(a.value, scope);
      if (base.kind !== 'object') return undefined;
      const col = this.node(a, [recv]);
      const call: CallExpr = { kind: 'Call', func: a, args: [], keywords: [], from: a.from, to: a.to };
      const fit: FitEvent = {
        id: this.ids++,
        object: base.obj,
        call,
        method: a.attr,
        data: col,
        target: undefined,
        evalData: [],
        keywords: new Set(),
        callbacks: [],
        loops: [...this.loops],
        seq: this.seq++,
      };
      if (this.callSites.length) fit.site = this.callSites[0];
      this.facts.fits.push(fit);
      this.lastFit.set(base.obj, fit);
      return a.attr === 'fit_transform' ? this.transformed(call, fit, { kind: 'data', node: col }) : base;
    }
    if (a.kind !== 'Lambda' || !a.params.length) return undefined;
    const inner = new Scope(scope, scope.attrs);
    const col = this.node(a, [recv]);
    inner.vars.set(a.params[0].name, { kind: 'data', node: col });
    return this.expr(a.body, inner);
  }

  private mentionsDate(call: CallExpr): boolean {
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
}

/** Methods that add to a list, set or dict in place. */
const LIST_GROWERS = new Set(['append', 'extend', 'add', 'update', 'insert']);

/** Builtins whose result is a number, a string or nothing: never rows of data. */
const SCALAR_BUILTINS = new Set([
  'len',
  'print',
  'int',
  'float',
  'str',
  'bool',
  'round',
  'type',
  'isinstance',
  'hasattr',
  'repr',
  'format',
  'id',
  'hash',
  'display',
]);

/** True when data a loader marked as the test split is among the ancestors of `n` (a few steps up: a loader of a dataset). */
function hasTestSplitSource(n: DataNode): boolean {
  let frontier = [n];
  for (let depth = 0; depth < 6 && frontier.length; depth++) {
    if (frontier.some((f) => f.testSplitSource)) return true;
    frontier = frontier.flatMap((f) => f.parents);
  }
  return false;
}

/** `if acc > best_acc:` whose body saves a checkpoint or keeps the new best: a choice made by that score. */
function keepsBest(test: Expr, body: Stmt[]): boolean {
  if (test.kind !== 'Binary' || !/^(<|>|<=|>=)$/.test(test.op)) return false;
  const isBest = (e: Expr) => {
    const name = dottedName(e);
    return !!name && /best/i.test(name);
  };
  if (!isBest(test.left) && !isBest(test.right)) return false;
  let keeps = false;
  const visit = (stmts: Stmt[]) => {
    for (const st of stmts) {
      if (st.kind === 'Assign' && st.targets.some((t) => isBest(t))) keeps = true;
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

/** True when rows of train and test files concatenated are among the ancestors of `n`. */
function hasConcatOfFiles(n: DataNode): boolean {
  const seen = new Set<DataNode>();
  const stack = [n];
  while (stack.length && seen.size < 2000) {
    const x = stack.pop()!;
    if (seen.has(x)) continue;
    seen.add(x);
    if (x.concatOfFiles) return true;
    stack.push(...x.parents);
  }
  return false;
}

/** Python's truth of a constant. */
function truthOf(v: string | number | boolean | null): boolean {
  return v === null ? false : typeof v === 'string' ? v.length > 0 : typeof v === 'number' ? v !== 0 : v;
}

/** Attributes of a frame that are not columns. */
const NOT_COLUMNS = new Set([
  'values',
  'T',
  'shape',
  'index',
  'columns',
  'dtypes',
  'str',
  'dt',
  'cat',
  'loc',
  'iloc',
  'at',
  'iat',
  'size',
  'ndim',
  'empty',
  'array',
  'data',
  'target',
  'x',
  'y',
]);

const UNSUPERVISED_METRICS = /(silhouette|calinski_harabasz|davies_bouldin)[a-z_]*$/;

/** Names Python always has; using one is not a reference to data from elsewhere. */
const BUILTINS = new Set([
  'print',
  'len',
  'range',
  'list',
  'dict',
  'set',
  'tuple',
  'int',
  'float',
  'str',
  'bool',
  'min',
  'max',
  'sum',
  'abs',
  'round',
  'sorted',
  'zip',
  'enumerate',
  'map',
  'filter',
  'open',
  'isinstance',
  'type',
  'super',
  'object',
  'None',
  'True',
  'False',
  'self',
  'any',
  'all',
  'iter',
  'next',
  'repr',
  'format',
  'display',
  'getattr',
  'setattr',
  'hasattr',
  'Exception',
  'ValueError',
]);

function isKeras(q: string): boolean {
  return isUnder(q, 'keras') || isUnder(q, 'tensorflow.keras') || isUnder(q, 'tf_keras');
}

const nameKinds = new Map<string, PartKind | undefined>();

/** What a variable name says about a split side: `X_test` → test, `valid_df` → val, `train` → train. */
export function nameKind(name: string): PartKind | undefined {
  if (nameKinds.has(name)) return nameKinds.get(name);
  const kind = readNameKind(name);
  if (nameKinds.size < 10_000) nameKinds.set(name, kind);
  return kind;
}

function readNameKind(name: string): PartKind | undefined {
  const words = name
    .split(/[_\d]+|(?<=[a-z])(?=[A-Z])/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  const has = (re: RegExp) => words.some((w) => re.test(w));
  if (has(/^(test|tst|holdout|te)$/)) return 'test';
  if (has(/^(val|valid|validation|dev|vl)$/)) return 'val';
  if (has(/^(train|tr|trn|training)$/)) return 'train';
  return undefined;
}

/** True for expressions that pick rows: `df[:800]`, `df.iloc[n:]`, `df[df.year < 2020]`, `df.tail(100)`. */
/** Operators whose result is a boolean mask over rows. */
const MASK_OPS = /^(<|>|<=|>=|==|!=|&|\||in|not in)$/;

function isRowPick(e: Expr): boolean {
  if (e.kind === 'Call' && e.func.kind === 'Attribute') return ROW_PICKERS.has(e.func.attr);
  if (e.kind !== 'Subscript') return false;
  const first = e.index[0];
  if (!first) return false;
  if (first.kind === 'Slice') return true;
  if (first.kind === 'Binary' && /^(<|>|<=|>=|==|!=|&|\||in|not in|is|is not)$/.test(first.op)) return true;
  if (first.kind === 'Unary' && first.op === '~') return true;
  if (e.value.kind === 'Attribute' && (e.value.attr === 'iloc' || e.value.attr === 'loc') && first.kind !== 'Constant')
    return first.kind !== 'List';
  return false;
}

/** The nearest prediction node among a node and its ancestors (a few steps up: `(p > .5).astype(int)`). */
export function findPrediction(n: DataNode): DataNode | undefined {
  let frontier = [n];
  for (let depth = 0; depth < 4 && frontier.length; depth++) {
    for (const f of frontier) if (f.prediction) return f;
    frontier = frontier.flatMap((f) => f.parents);
  }
  return undefined;
}
