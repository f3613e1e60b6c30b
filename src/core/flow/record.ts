// The facts of one run of the data-flow pass as they are recorded: data nodes and what they inherit from
// their parents, library objects, fits, splits, evaluations and the other events, numbered in evaluation
// order, with the context they happen in (the loops around them, the call of the unit's function that
// brought the rows in).
import type { CallExpr, Expr, Span } from '../python/ast';
import { NOT_TUNING } from '../libraries/dataFlow';
import { walkExpr } from '../python/walk';
import type {
  ConstArg,
  DataNode,
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
  VocabularyEvent,
} from './facts';
import { columnOf, fromMaskedRows, hasConcatOfFiles } from './lineage';
import { type Value, dataOf, dataOfAll, firstData } from './values';

type Range = { from: number; to: number };

/** Whether `parts` already holds a mark of the same split and side. */
function hasPart(parts: readonly PartMark[], m: PartMark): boolean {
  for (let i = 0; i < parts.length; i++) if (parts[i].split === m.split && parts[i].kind === m.kind) return true;
  return false;
}

export class FlowRecorder {
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
    returns: [],
    objectReturns: [],
    classAttrs: [],
    foreignCalls: [],
    params: [],
    freeNames: new Map(),
    topLevel: new Map(),
  };
  /** Loops (and Optuna objectives) around the statement being run, outermost first. */
  readonly loops: LoopContext[] = [];
  /** Calls of this unit's functions being inlined, outermost first. */
  readonly callSites: CallExpr[] = [];
  /** Above 0 while a one-parameter function runs on one element of iterated rows (`[vectorise(doc) for doc in X]`). */
  perItem = 0;
  /** Statistics taken of one item or one group only (see `perItem`): how many so far, and the values they gave. */
  itemStats = 0;
  readonly itemStatNodes = new WeakSet<DataNode>();
  /** The column each of those statistics summarised, when it was picked by name (`group["amount"].mean()`). */
  readonly itemStatColumns: Array<string | undefined> = [];
  /**
   * The largest value of a column (or more: `df.age.max() + 1`) or its smallest (or less): as the last or first
   * edge of bins of that column, an edge no value is beyond; `beyond` when no value even reaches it.
   */
  readonly openEdges = new WeakMap<DataNode, { edge: 'upper' | 'lower'; beyond: boolean }>();
  /** The fit in effect for each object. */
  readonly lastFit = new Map<MlObject, FitEvent>();
  /** Models the unit saved with `joblib.dump(model, "path")`, by the path: loading that path gives the model back. */
  readonly dumped = new Map<string, MlObject>();
  /** Boolean masks: results of comparisons and of `&`/`|` over them. */
  readonly masks = new WeakSet<DataNode>();
  /** The string defaults of the command-line options added so far (`add_argument("--out", default="a.csv")`). */
  readonly argDefaults = new Map<string, string>();
  /** The parsed options those defaults make, made again only after another option is added. */
  parsedArgs: Value | undefined;
  private readonly manualSplits = new Map<DataNode, { split: SplitEvent; sides: Set<PartKind> }>();
  private readonly usesByOutput = new Map<DataNode, StatUse>();
  private readonly givenSplits = new Map<string, SplitEvent>();
  private ids = 0;
  private seq = 0;

  newId(): number {
    return this.ids++;
  }

  /** The next number in evaluation order. */
  nextSeq(): number {
    return this.seq++;
  }

  /** A data node derived from `parents`: it carries their split parts, time order and statistics. */
  node(span: Range, parents: DataNode[]): DataNode {
    const parts: PartMark[] = [];
    let timeOrdered: DataNode['timeOrdered'];
    // A statistic applied to rows (`X_test.fillna(X_train.median())`, a merge of per-group means) brings values,
    // not rows: the result holds the rows of the data it is applied to.
    let rows = false;
    for (let i = 0; i < parents.length && !rows; i++) if (!parents[i].stat) rows = true;
    for (const p of parents) {
      if (rows && p.stat) {
        timeOrdered ??= p.timeOrdered;
        continue;
      }
      for (const m of p.parts) if (!hasPart(parts, m)) parts.push(m);
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

  /** Marks the statistic applied in `n` as a translation only (`df.year.max() - df.year`). */
  markShift(n: DataNode): void {
    const use = this.usesByOutput.get(n);
    if (use) use.shift = true;
  }

  /** True when `input` is (a pick of) a file read in the turn of a loop that is still running. */
  private readThisTurn(input: DataNode): boolean {
    // First parents only (the rows themselves, not what is combined with them), through a helper's few steps.
    let cur: DataNode | undefined = input;
    for (let i = 0; cur && i < 16; i++, cur = cur.parents[0])
      if (cur.readEachTurn) return this.loops.includes(cur.readEachTurn);
    return false;
  }

  /** True when `input` is (a pick of) one group of rows taken in the turn of a loop that is still running. */
  private groupThisTurn(input: DataNode): boolean {
    let cur: DataNode | undefined = input;
    for (let i = 0; cur && i < 16; i++, cur = cur.parents[0])
      if (cur.groupEachTurn) return this.loops.includes(cur.groupEachTurn);
    return false;
  }

  /** A statistic of `input` computed at `span`: the value it returns is a statistic, not rows. */
  statNode(
    span: Range,
    kind: StatKind,
    method: string,
    input: DataNode,
    extra: DataNode[] = [],
    column?: string,
  ): DataNode {
    const out = this.node(span, [input, ...extra]);
    // A statistic of one item of iterated rows (the word vectors of one document) summarises that item only.
    if (this.perItem > 0 || ofOneItem(input) || this.readThisTurn(input)) {
      this.itemStats++;
      this.itemStatNodes.add(out);
      if (this.perItem > 0) this.itemStatColumns.push(columnOf(input));
      return out;
    }
    const ofGroupInLoop = kind === 'summary' && this.groupThisTurn(input);
    const ev: StatEvent = {
      id: this.ids++,
      kind: ofGroupInLoop ? 'group' : kind,
      span: { from: span.from, to: span.to },
      method,
      input,
      column,
      seq: out.seq,
    };
    if (this.callSites.length) ev.site = this.callSites[0];
    if (ofGroupInLoop) ev.ofGroupInLoop = true;
    this.facts.stats.push(ev);
    out.stat = ev;
    if (kind === 'summary' && (method === 'max' || method === 'min') && !extra.length)
      this.openEdges.set(out, { edge: method === 'max' ? 'upper' : 'lower', beyond: false });
    return out;
  }

  /**
   * What a fitted model or selector says of the columns (`scores_`, `get_support()`): a statistic of the rows it was
   * fit on, which knows that fit.
   */
  selection(span: Range, method: string, fit: FitEvent, data: DataNode): DataNode {
    const out = this.statNode(span, 'selection', method, data);
    if (out.stat) out.stat.fit = { from: fit.call.from, to: fit.call.to };
    return out;
  }

  /** Data of unknown origin (a parameter, a name defined elsewhere). */
  opaque(span: Range): Value {
    return { kind: 'data', node: this.node(span, []) };
  }

  /** Data derived from whatever data `values` hold. */
  derived(span: Range, values: Array<Value | undefined>): Value {
    const parents = dataOfAll(values);
    return { kind: 'data', node: this.node(span, parents) };
  }

  /** Statistics applied in a mask that picks rows (`df[df.x < q99]`) filter rows rather than shape features. */
  markFilters(idx: Value[], exprs: Expr[]): void {
    if (!exprs.length) return;
    // Only what the mask expression itself computes: never the history of the frame it reads.
    this.markFilterSpan(dataOfAll(idx), exprs[0].from, exprs[exprs.length - 1].to);
    // `df[mask]` with `mask = (df.x < df.x.quantile(.99)) & ...` written on a line before: what the
    // expression bound to the name computes.
    if (exprs.length === 1 && exprs[0].kind === 'Name') {
      for (const n of dataOfAll(idx)) this.markFilterSpan([n], n.span.from, n.span.to);
    }
  }

  private markFilterSpan(start: DataNode[], from: number, to: number): void {
    let frontier = start;
    const uses: StatUse[] = [];
    let box = false;
    // The span bounds the walk; the depth only stops runaway loops (a chain of 17 `&` terms is 17 deep).
    for (let depth = 0; depth < 64 && frontier.length; depth++) {
      frontier = frontier.filter((n) => n.span.from >= from && n.span.to <= to);
      for (const n of frontier) {
        if (n.acrossColumns) box = true;
        const u = this.usesByOutput.get(n);
        if (u) uses.push(u);
      }
      frontier = frontier.flatMap((n) => n.parents).filter((n) => !n.stat);
    }
    for (const u of uses) {
      u.rowFilter = true;
      if (box) u.box = true;
    }
  }

  /**
   * The loops whose variables flow into a constructor's or `set_params`'s arguments. A pipeline handed the loop's
   * estimator as a step (`Pipeline([("scale", scaler), ("model", estimator)])` for each of several models) compares
   * models, it tunes no hyperparameter: a step that is the loop variable itself does not count, nor does any model
   * handed in by name (`models`: `MultiOutputRegressor(base)` for each `base` of a list of models).
   */
  tuning(call: CallExpr, role?: ObjectRole, models: ReadonlySet<Expr> = new Set()): LoopContext[] {
    if (!this.loops.length) return [];
    const out: LoopContext[] = [];
    const exprs = [
      ...call.args,
      ...call.keywords.filter((k) => !k.name || !NOT_TUNING.has(k.name)).map((k) => k.value),
    ];
    const steps = new Set<Expr>(models);
    if (role === 'pipeline')
      for (const a of exprs) {
        if (a.kind === 'Name') steps.add(a);
        walkExpr(a, (x) => {
          if (x.kind === 'Tuple' && x.elts.length === 2 && x.elts[1].kind === 'Name') steps.add(x.elts[1]);
          return true;
        });
      }
    for (const loop of this.loops) {
      let hit = false;
      for (const a of exprs) {
        walkExpr(a, (x) => {
          if (x.kind === 'Name' && loop.names.has(x.id) && !steps.has(x)) hit = true;
          return !hit;
        });
      }
      if (hit) out.push(loop);
    }
    return out;
  }

  object(call: CallExpr, role: ObjectRole, qualified: string, inner: MlObject[], tunedBy: LoopContext[]): MlObject {
    // A wrapper of a model a loop tunes (`MultiOutputRegressor(KNeighborsRegressor(n_neighbors=k))`) is tuned by it.
    for (const i of inner)
      for (const l of i.tunedBy) if (!tunedBy.includes(l) && this.loops.includes(l)) tunedBy.push(l);
    const obj: MlObject = { id: this.ids++, role, qualified, call, inner, tunedBy, seq: this.seq++ };
    this.facts.objects.push(obj);
    return obj;
  }

  /** A fit of `object`, now the one in effect; `atSite` ties it to the call of the unit's function it runs in. */
  fit(fields: Omit<FitEvent, 'id' | 'loops' | 'seq' | 'site'>, atSite = true): FitEvent {
    const fit: FitEvent = { id: this.ids++, ...fields, loops: [...this.loops], seq: this.seq++ };
    if (atSite && this.callSites.length) fit.site = this.callSites[0];
    this.facts.fits.push(fit);
    this.lastFit.set(fit.object, fit);
    return fit;
  }

  split(fields: Omit<SplitEvent, 'id' | 'seq'>): SplitEvent {
    const split: SplitEvent = { id: this.ids++, ...fields, seq: this.seq++ };
    if (this.callSites.length) split.site = this.callSites[0];
    this.facts.splits.push(split);
    return split;
  }

  /** The folds of a CV run by `splitter` (KFold when none is given). */
  cvSplit(call: CallExpr, splitter: MlObject | undefined, inputs: DataNode[], estimator: MlObject | undefined) {
    return this.split({
      kind: 'cv',
      span: { from: call.from, to: call.to },
      inputs,
      shuffled: splitterShuffles(splitter),
      qualified: splitter?.qualified ?? 'sklearn.model_selection.KFold',
      estimator,
    });
  }

  cv(
    call: CallExpr,
    qualified: string,
    estimator: MlObject | undefined,
    data: DataNode | undefined,
    split: SplitEvent,
    target?: DataNode,
  ) {
    this.facts.cvs.push({
      id: this.ids++,
      span: { from: call.from, to: call.to },
      qualified,
      estimator,
      data,
      target,
      split,
      seq: this.seq++,
    });
  }

  /** One side of a manual split of `base` (a row pick bound to a train, validation or test name). */
  manualSide(base: DataNode, pick: Range, kind: PartKind): PartMark {
    let entry = this.manualSplits.get(base);
    if (!entry) {
      const split: SplitEvent = {
        id: this.ids++,
        kind: 'manual',
        span: { from: pick.from, to: pick.to },
        inputs: [base],
        shuffled: false,
        qualified: '',
        seq: this.seq++,
      };
      if (hasConcatOfFiles(base)) split.rejoin = true;
      if (this.callSites.length) split.site = this.callSites[0];
      entry = { split, sides: new Set() };
      this.manualSplits.set(base, entry);
      this.facts.splits.push(split);
    }
    entry.sides.add(kind);
    return { kind, split: entry.split };
  }

  /** True for a manual split whose two sides have both been named. */
  hasBothSides(split: SplitEvent): boolean {
    return [...this.manualSplits.values()].some((m) => m.split === split && m.sides.size >= 2);
  }

  resample(call: CallExpr, qualified: string, inputs: DataNode[]) {
    const r = { id: this.ids++, span: { from: call.from, to: call.to }, qualified, inputs, seq: this.seq++ };
    this.facts.resamples.push(r);
    return r;
  }

  /**
   * Resampling by hand: rows (or row indices) of one group, picked by a mask, drawn at random (`np.random.choice`,
   * `rng.choice`, `DataFrame.sample`) into `out`. Draws from all rows alike (a shuffle, a smaller sample) keep
   * the class balance and are not resampling.
   */
  handResample(call: CallExpr, qualified: string, population: DataNode | undefined, out: DataNode): void {
    if (!population || population.stat || !fromMaskedRows(population)) return;
    const frac = call.keywords.find((k) => k.name === 'frac')?.value;
    const replace = call.keywords.find((k) => k.name === 'replace')?.value;
    const withReplacement = replace?.kind === 'Constant' && replace.value === true;
    // `group.sample(frac=1)` only shuffles the group's rows.
    if (frac?.kind === 'Constant' && frac.value === 1 && !withReplacement) return;
    out.resampledBy = this.resample(call, qualified, [population]);
  }

  evaluation(
    span: Range,
    object: MlObject,
    fit: FitEvent | undefined,
    data: DataNode | undefined,
    inputs?: DataNode[],
  ): void {
    this.facts.evals.push({
      id: this.ids++,
      span: { from: span.from, to: span.to },
      object,
      fit,
      data,
      ...(inputs ? { inputs } : {}),
      ...(this.callSites.length ? { site: this.callSites[0], calls: [...this.callSites] } : {}),
      loops: [...this.loops],
      seq: this.seq++,
    });
  }

  /** A category vocabulary learned from `input` (`get_dummies`, `factorize`, the codes of `astype("category")`). */
  vocabulary(
    span: Range,
    qualified: string,
    input: DataNode,
    output: DataNode,
    dummyColumns?: VocabularyEvent['dummyColumns'],
  ): void {
    this.facts.vocabularies.push({
      id: this.ids++,
      span: { from: span.from, to: span.to },
      qualified,
      input,
      output,
      ...(dummyColumns ? { dummyColumns } : {}),
      seq: output.seq,
    });
  }

  write(call: CallExpr, data: DataNode, path: string | undefined): void {
    this.facts.writes.push({
      span: { from: call.from, to: call.to },
      data,
      path,
      seq: this.seq++,
    });
  }

  returned(fn: string, span: Span, data: DataNode, index?: number, key?: string): void {
    if (index === undefined) this.facts.returns.push({ fn, span, data });
    else this.facts.returns.push(key === undefined ? { fn, span, data, index } : { fn, span, data, index, key });
  }

  foreignCall(
    qualified: string,
    call: CallExpr,
    data: DataNode,
    args: Array<DataNode | undefined>,
    keywords: Map<string, DataNode>,
    consts?: Map<string, ConstArg | undefined>,
  ): void {
    this.facts.foreignCalls.push({ qualified, span: { from: call.from, to: call.to }, data, args, keywords, consts });
  }

  /** The split made in another file that the parts of `group` come from: one per group in this run. */
  givenSplit(group: string, span: Span, given: NonNullable<SplitEvent['given']>, qualified: string): SplitEvent {
    let split = this.givenSplits.get(group);
    if (!split) {
      split = this.split({
        kind: 'holdout',
        span: { from: span.from, to: span.to },
        inputs: [],
        shuffled: false,
        qualified,
        given,
      });
      this.givenSplits.set(group, split);
    }
    return split;
  }

  /** Instances of other modules' classes by the order they were first met: their members are one split's parts. */
  private readonly instances = new WeakMap<object, number>();

  /**
   * The side `kind` of a split made by another module's class, read from its instance `instance` (`prep.X_test`,
   * `prep.x_test()`): the members read from one instance are parts of one split.
   */
  memberPart(span: Range, instance: Extract<Value, { kind: 'foreign' | 'data' }>, kind: PartKind, q: string): DataNode {
    // One made from rows is known by its node (the value may be copied), one made without by the value itself.
    const key = instance.kind === 'data' ? instance.node : instance;
    let id = this.instances.get(key);
    if (id === undefined) {
      id = this.ids++;
      this.instances.set(key, id);
    }
    const base = instance.kind === 'data' ? instance.node : instance.given;
    return this.givenPart(span, base, kind, this.givenSplit(`instance:${id}`, span, 'member', q));
  }

  /** A part of the split made elsewhere: rows derived from `base`, marked as the side `kind` of it. */
  givenPart(span: Range, base: DataNode | undefined, kind: PartKind, split: SplitEvent): DataNode {
    const n = this.node(span, base ? [base] : []);
    const mark: PartMark = { kind, split };
    n.parts = [...n.parts.filter((p) => p.kind !== 'train' || kind === 'train'), mark];
    n.splitOutput = mark;
    return n;
  }

  /** `xv` transformed by the object of `fit`. */
  transformed(call: Range, fit: FitEvent, xv: Value | undefined): Value {
    const out = this.node(call, dataOf(xv));
    this.facts.transforms.push({ fit, input: firstData(xv), output: out, seq: out.seq });
    return { kind: 'data', node: out };
  }

  /** Predictions of `obj` on `xv`. */
  predicted(call: CallExpr, obj: MlObject, fit: FitEvent | undefined, xv: Value | undefined): Value {
    const input = firstData(xv);
    const out = this.node(call, dataOf(xv));
    out.prediction = { object: obj, fit, input };
    return { kind: 'data', node: out };
  }

  /** The facts, once the unit has run: a manual split only counts when both sides were named. */
  finish(): FlowFacts {
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
}

function splitterShuffles(obj: MlObject | undefined): boolean {
  if (!obj) return false;
  const last = obj.qualified.slice(obj.qualified.lastIndexOf('.') + 1);
  if (/ShuffleSplit$/.test(last)) return true;
  const s = obj.call.keywords.find((k) => k.name === 'shuffle');
  return !!s && s.value.kind === 'Constant' && s.value.value === true;
}

/** True when `n` is one element of iterated rows, or built from one through first parents (a few steps up). */
function ofOneItem(n: DataNode): boolean {
  let cur: DataNode | undefined = n;
  for (let i = 0; cur && i < 6; i++, cur = cur.parents[0]) if (cur.item) return true;
  return false;
}
