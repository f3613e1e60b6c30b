// Questions the rules ask of the flow facts: does this data carry rows of that data, which fit was on full
// data, and whether a unit's flow can hold any of that. The semantic index (src/core/semantic/index.ts)
// keeps one flow pass per unit for every rule.
import type { PythonUnit } from '../python/unit';
import type { ClassDefStmt, Expr, FunctionDefStmt, Span, Stmt } from '../python/ast';
import { FLOW_LIBRARY_ROOTS } from './analyze';
import { isUnder, moduleNames, packageOf } from '../python/imports';
import { CLUSTER_MODULES, TABLE_ROOTS } from '../libraries/dataFlow';
import { apiRole } from '../libraries/catalog';
import type {
  DataNode,
  FlowFacts,
  ForeignCall,
  LoaderParam,
  MlObject,
  PartKind,
  SplitEvent,
  StatEvent,
  StatKind,
} from './facts';
import { columnOf, findPrediction } from './lineage';
import { resolveConfigPath } from './configPaths';
import { baseName, readPath, sameFile, shownPath } from './paths';
import { holdsTests } from '../project/testFiles';

export { columnOf };

/**
 * True when the unit imports a library the flow pass can turn into models, transformers, library splits,
 * cross-validation, metrics or resampling. Without one, its flow holds only plain data (and hand-made
 * splits by name), so no fit, split or evaluation a rule looks for can come out of it: rules skip the
 * pass there, the way linters skip checks for modules a file never imports.
 */
export function flowMatters(unit: PythonUnit): boolean {
  for (const m of unit.imports.modules) if (FLOW_LIBRARY_ROOTS.has(packageOf(m))) return true;
  return false;
}

/**
 * True when a unit without such a library writes a table out with pandas or NumPy (`df.to_csv(...)`, `np.save`): a
 * cleaning notebook whose rows another file reads and splits, so its statistics over every row are followed too.
 */
export function writesTables(unit: PythonUnit): boolean {
  return usesTables(unit) && TABLE_WRITE.test(unit.module.source);
}

/**
 * True when a `.py` module without such a library defines functions or classes with pandas or NumPy at its top level
 * (`def preprocess(train, test): ... return train, test`, a `Preprocessor` class): a script of the project may import
 * them and split what they return, so their statistics over every row are followed too.
 */
export function returnsTables(unit: PythonUnit): boolean {
  if (unit.kind !== 'module' || !usesTables(unit)) return false;
  for (const s of unit.module.body) if (s.kind === 'FunctionDef' || s.kind === 'ClassDef') return true;
  return false;
}

function usesTables(unit: PythonUnit): boolean {
  for (const m of unit.imports.modules) if (TABLE_ROOTS.has(packageOf(m))) return true;
  return false;
}

const TABLE_WRITE = /\.to_(?:csv|parquet|feather|pickle|sql)\(|\bsave(?:z|txt)?\(/;

/** Every node `n` carries rows of, itself included. */
export function ancestors(n: DataNode, valuesOnly = false, throughSelection = true): Set<DataNode> {
  const seen = new Set<DataNode>();
  const stack = [n];
  while (stack.length) {
    const x = stack.pop()!;
    if (seen.has(x)) continue;
    seen.add(x);
    // Row labels name rows, not their values: what went into the frame's columns stops there.
    if (valuesOnly && x.labels) continue;
    // What a fitted selector or model says of the columns (`selector.scores_`): which columns, not their values; so
    // do a frame's column names (`pd.DataFrame({"mi": scores}, index=X_sel.columns)`, a ranking of the columns).
    if (!throughSelection && (x.stat?.kind === 'selection' || x.columnsBut)) continue;
    for (const p of x.parents) stack.push(p);
  }
  return seen;
}

/** Memoised ancestor sets, for rules that ask many questions of the same nodes. */
export class Lineage {
  private readonly cache = new Map<DataNode, Set<DataNode>>();
  /**
   * `valuesOnly`: follow values only, not the row labels that pick rows (`df.loc[sorted_frame.index]` holds `df`'s
   * values, whatever decided the order of the labels).
   */
  constructor(
    private readonly valuesOnly = false,
    /**
     * Follow the columns a fitted selector's statistic picked, or a list of column names, back to the rows they name
     * (the default).
     */
    private readonly throughSelection = true,
  ) {}
  /** The ancestors of `n` (itself included). */
  of(n: DataNode): Set<DataNode> {
    let s = this.cache.get(n);
    if (!s) {
      s = ancestors(n, this.valuesOnly, this.throughSelection);
      this.cache.set(n, s);
    }
    return s;
  }
  /** True when `descendant` carries rows of `ancestor`. */
  derivesFrom(descendant: DataNode, ancestor: DataNode): boolean {
    return this.of(descendant).has(ancestor);
  }
  /** True when both hold the very same rows: column picks, `.values`, transforms of one source. */
  sameRows(a: DataNode, b: DataNode): boolean {
    return rowSource(a) === rowSource(b);
  }
  /** True when `later` holds rows `earlier` was made of: derived from it, or the same rows. */
  contains(earlier: DataNode, later: DataNode): boolean {
    return this.derivesFrom(later, earlier) || this.sameRows(later, earlier);
  }
  /** True when one of the two carries rows of the other. */
  related(a: DataNode, b: DataNode): boolean {
    return this.derivesFrom(a, b) || this.derivesFrom(b, a);
  }
}

/** The node whose rows `n` has unchanged: up through single-parent steps (and picks of columns) that keep every row. */
export function rowSource(n: DataNode): DataNode {
  let cur = n;
  while (!cur.rowsChanged && !cur.splitOutput && !cur.prediction && !cur.resampledBy && !cur.source) {
    if (cur.rowsOf) cur = cur.rowsOf;
    else if (cur.parents.length === 1 || (cur.columnPick && cur.parents.length)) cur = cur.parents[0];
    else break;
  }
  return cur;
}

/** The node a chain of first parents starts from when a loader read it (within `depth` steps), if any. */
export function loadedFrom(n: DataNode | undefined, depth = 64): DataNode | undefined {
  for (let i = 0; n && i < depth; i++, n = n.parents[0]) if (n.source) return n;
  return undefined;
}

/** True when data is not (part of) a split side: all of its rows, whatever was held out later. */
export function isFull(n: DataNode | undefined): boolean {
  return !!n && n.parts.length === 0;
}

/** True when a node holds rows of a given side of some split. */
export function hasPart(n: DataNode | undefined, kind: PartKind): boolean {
  return !!n && n.parts.some((p) => p.kind === kind);
}

/** True when a node holds rows of the training side of a split, and of no held-out side. */
export function onlyTrainingPart(n: DataNode | undefined): boolean {
  return hasPart(n, 'train') && !hasPart(n, 'val') && !hasPart(n, 'test');
}

/**
 * True when the cross-validation `s` gives fold scores that are read as such: a hand-written fold loop, a
 * `cross_val_score`-style function, or a search whose best fold score is read (`search.best_score_`), not the folds
 * a search only picks a setting by.
 */
export function foldScoresRead(facts: FlowFacts, s: SplitEvent): boolean {
  if (s.kind !== 'cv') return false;
  if (s.search?.foldScoresRead) return true;
  return facts.cvs.every((c) => c.split !== s || apiRole(c.qualified) === 'cv-function');
}

/** True when the object is a model (something that predicts), as opposed to a transformer or a splitter. */
export function isModel(o: MlObject): boolean {
  if (o.role === 'estimator' || o.role === 'keras-model' || o.role === 'search') return true;
  if (o.role === 'pipeline') {
    // A pipeline whose last step is a model (or unknown: stay on the side of "model").
    const last = o.inner[o.inner.length - 1];
    return !last || isModel(last);
  }
  return false;
}

/** True for a clusterer (`KMeans`, `DBSCAN`, `GaussianMixture`), followed as a transformer of the rows it clusters. */
export function isClusterer(o: MlObject): boolean {
  return CLUSTER_MODULES.some((m) => isUnder(o.qualified, m));
}

/** True for scikit-learn's imputers: transformers that only fill gaps. */
export function isImputer(o: MlObject): boolean {
  return /^sklearn\.impute\.(SimpleImputer|KNNImputer|IterativeImputer)$/.test(o.qualified);
}

/** Transformers whose fit only learns a label or category vocabulary, or nothing at all: no statistics leak. */
const HARMLESS_TRANSFORMERS = new Set([
  'LabelEncoder',
  'LabelBinarizer',
  'MultiLabelBinarizer',
  'OneHotEncoder',
  'OrdinalEncoder',
  'FunctionTransformer',
  'PolynomialFeatures',
  'Binarizer',
  'Normalizer',
  'HashingVectorizer',
  'FeatureHasher',
]);

/** True when the object learns statistics of its data that would leak from test rows. */
export function learnsFromRows(o: MlObject): boolean {
  const last = o.qualified.slice(o.qualified.lastIndexOf('.') + 1);
  if (o.role === 'transformer') return !HARMLESS_TRANSFORMERS.has(last) && !fillsConstant(o, last);
  if (o.role === 'column-transformer') return o.inner.length === 0 || o.inner.some(learnsFromRows);
  if (o.role === 'pipeline')
    return (
      o.inner.length > 0 &&
      o.inner.every((i) => i.role === 'transformer' || i.role === 'column-transformer') &&
      o.inner.some(learnsFromRows)
    );
  return false;
}

/** `SimpleImputer(strategy="constant", fill_value=-1)`: fills every gap with the value given, learning nothing. */
function fillsConstant(o: MlObject, last: string): boolean {
  if (last !== 'SimpleImputer') return false;
  const strategy = o.call.keywords.find((k) => k.name === 'strategy')?.value;
  return strategy?.kind === 'Constant' && strategy.value === 'constant';
}

/** Encoders whose fit learns only which categories exist. */
const VOCABULARY_ENCODERS = new Set([
  'LabelEncoder',
  'OneHotEncoder',
  'OrdinalEncoder',
  'LabelBinarizer',
  'MultiLabelBinarizer',
  'DictVectorizer',
  'BinaryEncoder',
]);

/** True for an encoder, or a column transformer or pipeline of encoders, that learns only category lists. */
export function vocabularyOnly(o: MlObject): boolean {
  if (o.role === 'transformer') return VOCABULARY_ENCODERS.has(shortName(o.qualified));
  if (o.role === 'column-transformer' || o.role === 'pipeline')
    return (
      o.inner.length > 0 &&
      o.inner.some(vocabularyOnly) &&
      o.inner.every((i) => vocabularyOnly(i) || !learnsFromRows(i))
    );
  return false;
}

/**
 * True for an encoder handed every category it codes, written out (`OrdinalEncoder(categories=[["low", "mid",
 * "high"]])`, `MultiLabelBinarizer(classes=["a", "b"])`), or a column transformer or pipeline whose encoders all are:
 * its fit learns nothing from the rows.
 */
export function categoriesGiven(o: MlObject): boolean {
  if (o.role === 'column-transformer' || o.role === 'pipeline') {
    const encoders = o.inner.filter(vocabularyOnly);
    return encoders.length > 0 && encoders.every(categoriesGiven);
  }
  const given = o.call.keywords.find((k) => k.name === 'categories' || k.name === 'classes')?.value;
  const literal = (e: Expr): boolean =>
    e.kind === 'Constant' ? e.value !== 'auto' : (e.kind === 'List' || e.kind === 'Tuple') && e.elts.every(literal);
  return !!given && (given.kind === 'List' || given.kind === 'Tuple') && literal(given);
}

/** The first line's text of the statement-ish span, trimmed, for messages. */
export function shortText(unit: PythonUnit, span: Span, max = 60): string {
  const t = unit.text(span).split(/\r?\n/, 1)[0].trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** The last component of a qualified name (`StandardScaler`). */
export function shortName(qualified: string): string {
  return qualified.slice(qualified.lastIndexOf('.') + 1);
}

/**
 * True for a manual split that only takes apart what was concatenated from separately loaded files
 * (Kaggle's `pd.concat([train, test])` ... `all[:n_train]`, `all[n_train:]`): the two sides were never one dataset.
 */
export function undoesConcat(split: SplitEvent, lin: Lineage): boolean {
  if (split.kind !== 'manual') return false;
  return split.inputs.some((i) => {
    const loads = new Set<string>();
    for (const n of lin.of(i)) if (n.source && !n.source.guessed) loads.add(n.source.path ?? String(n.id));
    return loads.size >= 2;
  });
}

/**
 * True for a split that holds out no rows a score could be read on: train and test files taken apart again
 * (`undoesConcat`), or a split whose held-out parts are discarded in a unit that scores nothing.
 */
export function holdsOutNothing(split: SplitEvent, lin: Lineage): boolean {
  return !!split.heldOutDiscarded || undoesConcat(split, lin);
}

/**
 * Where a span is, as a reader of the file finds it: `cell 28` in a notebook (counted from 1, as `cellName` in
 * format/locations.ts), `line 40` in a file.
 */
export function placeOf(unit: PythonUnit, span: Span): string {
  const r = unit.range(span);
  return r.cell !== undefined ? `cell ${r.cell + 1}` : `line ${r.startLine}`;
}

/**
 * Where the parts of `split` come from, as the end of "the test part …": the split in this file (`of the split in
 * line 9`), or a split made in another file whose parts come in here (handed to a function, returned by one, read
 * from a file another script wrote, held by an instance of another module's class).
 */
export function partsOrigin(unit: PythonUnit, split: SplitEvent): string {
  if (split.given === 'param') return `that \`${split.qualified}\` is handed by the file that splits`;
  if (split.given === 'result') return `that \`${lastName(split.qualified)}\` returns`;
  if (split.given === 'member') return `that an instance of \`${lastName(split.qualified)}\` holds`;
  if (split.given === 'file') return 'read from a file another script split';
  if (split.given === 'signature') return `that \`${split.qualified}\` takes as a parameter named for it`;
  return `of the split in ${placeOf(unit, split.span)}`;
}

/**
 * The columns the unit uses as a target: what models are fit to predict, and the labels handed to a split beside the
 * features.
 */
export function targetColumns(facts: FlowFacts): Set<string> {
  const out = new Set<string>();
  for (const f of facts.fits) {
    const c = columnOf(f.target);
    if (c) out.add(c);
  }
  for (const s of facts.splits) {
    if (s.kind !== 'holdout' || s.inputs.length < 2) continue;
    const c = columnOf(s.inputs[s.inputs.length - 1]);
    if (c) out.add(c);
  }
  return out;
}

/**
 * The first split (other than taking a train+test concatenation apart again) fed by any of `outputs`; with `stopAt`,
 * only along lineage that does not pass through a node it names (a pick of columns that leaves them out).
 */
export function splitFedBy(
  facts: FlowFacts,
  lin: Lineage,
  outputs: readonly DataNode[],
  opts: {
    cv?: boolean;
    featuresOnly?: boolean;
    stopAt?: (n: DataNode) => boolean;
    /** Only splits this accepts (a re-split, or cross-validation whose fold scores are read). */
    accept?: (s: SplitEvent) => boolean;
  } = {},
): SplitEvent | undefined {
  const stopAt = opts.stopAt;
  // One walk per output however many split inputs ask: a node seen without reaching it never will.
  const seen = new Map<DataNode, Set<DataNode>>(outputs.map((o) => [o, new Set<DataNode>()]));
  const feeds = stopAt
    ? (i: DataNode) => outputs.some((o) => reaches(i, o, stopAt, seen.get(o)!))
    : (i: DataNode) => outputs.some((o) => lin.derivesFrom(i, o));
  for (const s of facts.splits) {
    if ((s.kind === 'cv' && !opts.cv) || (opts.accept && !opts.accept(s))) continue;
    if (holdsOutNothing(s, lin)) continue;
    // A holdout split is handed features first and labels last: a leak into the labels alone is no feature leak.
    const inputs =
      opts.featuresOnly && s.kind === 'holdout' && s.inputs.length >= 2
        ? s.inputs.slice(0, s.inputs.length - 1)
        : s.inputs;
    if (inputs.some(feeds)) return s;
  }
  return undefined;
}

/**
 * True when `data` holds rows of the data a column statistic was taken of other than through that statistic: the
 * columns it picks are picked from those rows (`X[selected]`), not only its value put into a feature (the slope of
 * a line fit to one segment, as one of that segment's features).
 */
export function picksFromRows(data: DataNode, stat: StatEvent): boolean {
  // The rows themselves, or what they were read from (a selector fit on an encoded copy of the frame that is
  // written out: `df.drop(columns=low_scores)` after `SelectKBest().fit(encoder.fit_transform(X), y)`).
  const from = [...ancestors(stat.input, false)].filter((n) => n === stat.input || n.source);
  return from.some((f) => reaches(data, f, (n) => n.stat === stat, new Set()));
}

/**
 * True when `from` carries rows of `to` along parents, not going up past a node `stopAt` names. `seen` holds the nodes
 * earlier walks towards `to` went through without reaching it.
 */
function reaches(from: DataNode, to: DataNode, stopAt: (n: DataNode) => boolean, seen: Set<DataNode>): boolean {
  const stack = [from];
  while (stack.length) {
    const x = stack.pop()!;
    if (x === to) return true;
    if (seen.has(x)) continue;
    seen.add(x);
    if (!stopAt(x)) stack.push(...x.parents);
  }
  return false;
}

/**
 * True when `n` picks columns by a written-out list of names (`df[["age", "fare"]]`) none of which is a column
 * `get_dummies` made (`Month_1`, ... for the prefix `Month`): the dummy columns stay behind.
 */
export function leavesDummiesOut(
  n: DataNode,
  dummies: { prefixes: string[]; sep: string; sources: string[] },
): boolean {
  if (!n.columns?.length) return false;
  return n.columns.every(
    (c) => dummies.sources.includes(c) || !dummies.prefixes.some((p) => c.startsWith(`${p}${dummies.sep}`)),
  );
}

/**
 * True when the rows of `n` were put together from separately loaded train and test data (`pd.concat([train, test])`).
 */
export function fromSeparateLoads(n: DataNode, lin: Lineage): boolean {
  if (![...lin.of(n)].some((a) => a.concatOfFiles)) return false;
  // Not through the rows of one file picked back by its marker (`df[df.is_train == 1]`) or by position
  // (`full[:len(train)]`): only that file's rows; nor through the stack's column names (`full[num_cols]`).
  const seen = new Set<DataNode>();
  const stack = [n];
  while (stack.length) {
    const x = stack.pop()!;
    if (seen.has(x) || x.oneFile || x.columnsBut) continue;
    seen.add(x);
    if (x.concatOfFiles) return true;
    stack.push(...x.parents);
  }
  return false;
}

/** A split manual or by index that takes a train+test concatenation of `n` apart again. */
export function splitBackOf(facts: FlowFacts, lin: Lineage, outputs: readonly DataNode[]): SplitEvent | undefined {
  return facts.splits.find(
    (s) => undoesConcat(s, lin) && s.inputs.some((i) => outputs.some((o) => lin.derivesFrom(i, o))),
  );
}

/** A split in another unit of rows this unit wrote out: where the rows derived from `outputs` are split. */
export interface SplitElsewhere {
  unit: PythonUnit;
  split: SplitEvent;
  /** The file the rows were written to, when they went through one. */
  path?: string;
  /**
   * The files in between, when the rows were read by another file and written on to a further one before the split:
   * where each reads them and the file it writes them to.
   */
  via?: Array<{ unit: PythonUnit; span: Span; path: string }>;
  /** The call of the module's function in the file that imports it, when they were returned to that file. */
  call?: { span: Span; fn: string; unit: PythonUnit };
  /**
   * The call that hands the rows to a function of another module (`split_data(df)`) that splits them, when `unit`'s
   * split is inside that function.
   */
  passedTo?: { span: Span; fn: string; unit: PythonUnit };
  /**
   * The name that holds the rows at this unit's end and that the other unit uses without defining it (scripts cut
   * from one notebook, run one after the other): where it first uses it.
   */
  shared?: { name: string; span: Span };
}

/** Which splits in another unit a question about rows leaving this one counts (given that unit's facts). */
export type AcceptSplit = (facts: FlowFacts, split: SplitEvent) => boolean;

/** `accept` for the splits of one unit's facts, as `splitFedBy` takes it (undefined: every split counts). */
function acceptedIn(accept: AcceptSplit | undefined, facts: FlowFacts): ((s: SplitEvent) => boolean) | undefined {
  return accept ? (s) => accept(facts, s) : undefined;
}

/** The project's units and each unit's flow facts, as the project index holds them. */
export interface ProjectFlows {
  readonly project: { readonly python: readonly PythonUnit[]; readonly texts?: ReadonlyMap<string, string> };
  unit(unit: PythonUnit): { readonly flow: FlowFacts };
}

const PIPELINE_UNITS = new WeakMap<object, readonly PythonUnit[]>();

/**
 * The units whose data can reach another file of the project or come from one: every notebook and script but the
 * tests. A test hands a function rows of its own making and checks what comes back; what it splits or writes is not
 * the project's training data (the rules skip test code for the same reason). On a library whose tests are half
 * its modules (scikit-learn), their flows were half the flow pass's time.
 */
export function pipelineUnits(project: ProjectFlows): readonly PythonUnit[] {
  const all = project.project.python;
  let units = PIPELINE_UNITS.get(all);
  if (!units) {
    units = all.filter((u) => !holdsTests(u));
    PIPELINE_UNITS.set(all, units);
  }
  return units;
}

/**
 * True when the unit's facts hold rows that another file of the project may split (written out, returned, handed to
 * another module, or left in a top-level name that a script run after it uses).
 */
export function leavesTheFile(facts: FlowFacts, project: ProjectFlows): boolean {
  if (facts.writes.length > 0 || facts.returns.length > 0 || facts.foreignCalls.length > 0) return true;
  if (!facts.topLevel.size) return false;
  const names = sharedNames(project);
  for (const name of facts.topLevel.keys()) if (names.get(name)?.users.length) return true;
  return false;
}

/**
 * When data derived from `outputs` leaves the unit and another notebook or script of the project splits it, that
 * split: the rows are written to a file (`to_csv("features.csv")`) that the other reads, or returned by a function of
 * this module (`return train, test`) that the other imports and calls.
 */
export function splitElsewhere(
  unit: PythonUnit,
  facts: FlowFacts,
  lin: Lineage,
  outputs: readonly DataNode[],
  project: ProjectFlows,
  accept?: AcceptSplit,
  featuresOnly = false,
): SplitElsewhere | undefined {
  const written = splitOfWritten(unit, facts, lin, outputs, project, accept, new Set());
  if (written) return written;
  // Handed to a function of another module that splits them (`X_train, X_test, ... = split_data(df)`).
  const passed = passedToSplitter(project, unit, facts, lin, outputs, [], accept, featuresOnly);
  if (passed) return passed;
  const shared = splitOfShared(unit, facts, lin, outputs, project, accept);
  if (shared) return shared;
  return splitOfReturned(unit, facts, lin, outputs, project, accept, 0);
}

/** How many modules rows may be returned through before the file that splits them (`clean` -> `run` -> a script). */
const MAX_RETURN_HOPS = 2;

/**
 * The split of rows derived from `outputs` that a function of `unit` returns: the file calling it splits them, hands
 * them to a function of a third module that splits them, writes them to a file another splits, or returns them in
 * turn from a function of its own (`Preprocessor.clean` returning what `handle_missing` filled), up to
 * `MAX_RETURN_HOPS` modules on.
 */
function splitOfReturned(
  unit: PythonUnit,
  facts: FlowFacts,
  lin: Lineage,
  outputs: readonly DataNode[],
  project: ProjectFlows,
  accept: AcceptSplit | undefined,
  hops: number,
): SplitElsewhere | undefined {
  if (!facts.returns.length) return undefined;
  const tried = new Set<string>();
  const names = moduleNames(unit.path);
  for (const r of facts.returns) {
    if (tried.has(r.fn) || !outputs.some((o) => lin.derivesFrom(r.data, o))) continue;
    tried.add(r.fn);
    for (const [other, calls] of callsOf(project, r.fn)) {
      if (other === unit) continue;
      const into = calls.filter((c) => {
        const module = moduleOfCall(c.qualified, r.fn);
        return names.includes(module) && resolvesTo(project, other, module, unit);
      });
      if (!into.length) continue;
      const flow = project.unit(other).flow;
      const taken = into.map((c) => c.data);
      const split = splitFedBy(flow, new Lineage(), taken, { cv: true, accept: acceptedIn(accept, flow) });
      const call = { span: into[0].span, fn: r.fn, unit: other };
      if (split) return { unit: other, split, call };
      // Returned to a script that hands them on to a function of a third module that splits them (not the call
      // that returned them: a function that splits and scales returns parts it split itself).
      const passed = passedToSplitter(project, other, flow, new Lineage(), taken, into, accept);
      if (passed) return { ...passed, call };
      // Returned to a script that writes them to a file another one splits (a pipeline's step runs the function).
      const written = splitOfWritten(other, flow, new Lineage(), taken, project, accept, new Set());
      if (written) return { ...written, call };
      if (hops >= MAX_RETURN_HOPS) continue;
      const onward = returnedOnward(other, flow, `${unit.path}#${r.fn}`, taken, project, accept, hops + 1);
      if (onward) return { ...onward, call };
    }
  }
  return undefined;
}

/** Per analysis of a project: where what a unit gets from another module's function goes on to be split. */
const RETURNED_ONWARD = new WeakMap<object, Map<PythonUnit, Map<string, SplitElsewhere | null>>>();

/**
 * The split of what `unit` gets from its calls of another module's function (`callee`, its module's path and name;
 * `taken`), when a function of `unit` returns it on to a file that splits it. The question does not depend on what
 * that function put into the rows, so it is answered once per unit, callee and hop (a library's modules return one
 * another's results everywhere).
 */
function returnedOnward(
  unit: PythonUnit,
  facts: FlowFacts,
  callee: string,
  taken: readonly DataNode[],
  project: ProjectFlows,
  accept: AcceptSplit | undefined,
  hops: number,
): SplitElsewhere | undefined {
  if (accept) return splitOfReturned(unit, facts, new Lineage(), taken, project, accept, hops);
  let byUnit = RETURNED_ONWARD.get(project);
  if (!byUnit) {
    byUnit = new Map();
    RETURNED_ONWARD.set(project, byUnit);
  }
  let byName = byUnit.get(unit);
  if (!byName) {
    byName = new Map();
    byUnit.set(unit, byName);
  }
  // How many modules on it is decides how much further the rows may go.
  const key = `${hops}:${callee}`;
  const had = byName.get(key);
  if (had !== undefined) return had ?? undefined;
  const found = splitOfReturned(unit, facts, new Lineage(), taken, project, accept, hops);
  byName.set(key, found ?? null);
  return found;
}

/** Per analysis of a project: the units that use a name without defining it, and how many units define it. */
const SHARED_NAMES = new WeakMap<
  object,
  Map<string, { users: Array<{ unit: PythonUnit; node: DataNode; span: Span }>; definers?: number }>
>();

function sharedNames(project: ProjectFlows) {
  let known = SHARED_NAMES.get(project);
  if (known) return known;
  known = new Map();
  for (const u of pipelineUnits(project)) {
    if (!flowMatters(u)) continue;
    for (const [name, use] of project.unit(u).flow.freeNames) {
      const e = known.get(name);
      if (e) e.users.push({ unit: u, ...use });
      else known.set(name, { users: [{ unit: u, ...use }] });
    }
  }
  SHARED_NAMES.set(project, known);
  return known;
}

/** How many units of the project bind `name` at their top level (by their flow, or by their text without one). */
function definersOf(project: ProjectFlows, name: string): number {
  const assigned = new RegExp(`^${name}\\s*(=[^=]|,.*=)`, 'm');
  let n = 0;
  for (const u of pipelineUnits(project))
    if (flowMatters(u) ? project.unit(u).flow.topLevel.has(name) : assigned.test(u.module.source)) n++;
  return n;
}

/**
 * The split of rows that `unit` leaves in a top-level name which another notebook or script of the project uses
 * without defining or importing it (a notebook cut into scripts that run one after another, `%run`): only when no
 * other unit defines that name, so the one it means is sure.
 */
function splitOfShared(
  unit: PythonUnit,
  facts: FlowFacts,
  lin: Lineage,
  outputs: readonly DataNode[],
  project: ProjectFlows,
  accept: AcceptSplit | undefined,
): SplitElsewhere | undefined {
  if (!facts.topLevel.size) return undefined;
  const names = sharedNames(project);
  for (const [name, node] of facts.topLevel) {
    const shared = names.get(name);
    if (!shared?.users.some((u) => u.unit !== unit) || !outputs.some((o) => lin.derivesFrom(node, o))) continue;
    shared.definers ??= definersOf(project, name);
    if (shared.definers !== 1) continue;
    for (const use of shared.users) {
      if (use.unit === unit) continue;
      const of = project.unit(use.unit).flow;
      const split = splitFedBy(of, new Lineage(), [use.node], { cv: true, accept: acceptedIn(accept, of) });
      if (split) return { unit: use.unit, split, shared: { name, span: use.span } };
    }
  }
  return undefined;
}

/** Per analysis of a project: the rows its units read from a named file, by the file's name (its basename). */
const READS_BY_NAME = new WeakMap<object, Map<string, Map<PythonUnit, Array<{ node: DataNode; path: string }>>>>();

/**
 * The units that read the file at `path`, with the rows each reads from it (by a loader, or through another module's
 * function handed the path): indexed by basename once per project, so following rows written to many paths does not
 * walk every unit's flow for each. A file without an ML library may still read the rows and write features of them on
 * (pandas only).
 */
export function readersOf(project: ProjectFlows, path: string): Map<PythonUnit, DataNode[]> {
  let byName = READS_BY_NAME.get(project);
  if (!byName) {
    const known = new Map<string, Map<PythonUnit, Array<{ node: DataNode; path: string }>>>();
    for (const u of pipelineUnits(project)) {
      if (!(flowMatters(u) || writesTables(u))) continue;
      const add = (given: string, node: DataNode) => {
        const read = resolveConfigPath(given, project.project.texts);
        const name = baseName(read);
        let units = known.get(name);
        if (!units) {
          units = new Map();
          known.set(name, units);
        }
        const list = units.get(u);
        if (list) list.push({ node, path: read });
        else units.set(u, [{ node, path: read }]);
      };
      for (const n of project.unit(u).flow.nodes) if (n.source?.path) add(n.source.path, n);
      for (const r of helperReads(project, u)) add(r.path, r.node);
    }
    byName = known;
    READS_BY_NAME.set(project, byName);
  }
  const out = new Map<PythonUnit, DataNode[]>();
  path = resolveConfigPath(path, project.project.texts);
  for (const [u, reads] of byName.get(baseName(path)) ?? []) {
    const same = reads.filter((r) => sameFile(r.path, path)).map((r) => r.node);
    if (same.length) out.set(u, same);
  }
  return out;
}

/** How many files rows may pass through between the one that writes them and the one that splits them. */
const MAX_FILE_HOPS = 3;
/** How many files that read rows and write them on are followed from one file. */
const MAX_ONWARD_FILES = 8;
/** How many written paths one question follows in all, however the files branch. */
const MAX_PATHS_FOLLOWED = 16;

/**
 * The split of rows derived from `outputs` that `unit` writes to a file: another file reads and splits them, or reads
 * them and writes what it derives to a further file that a third splits (`prepare.py` -> `features.py` -> `train.py`),
 * up to `MAX_FILE_HOPS` files between. `seen` holds the paths already followed, so a cycle of files ends; `hops` is
 * how many files the rows have gone through already.
 */
function splitOfWritten(
  unit: PythonUnit,
  facts: FlowFacts,
  lin: Lineage,
  outputs: readonly DataNode[],
  project: ProjectFlows,
  accept: AcceptSplit | undefined,
  seen: Set<string>,
  hops = 0,
): SplitElsewhere | undefined {
  const onward: Array<{ unit: PythonUnit; flow: FlowFacts; reads: DataNode[]; path: string; span: Span }> = [];
  for (const w of facts.writes) {
    // Each path is followed once, and only so many in all: a project of many files reading and writing one
    // another's outputs costs a bounded number of walks.
    const path = w.path && resolveConfigPath(w.path, project.project.texts);
    if (!path || seen.has(path) || seen.size >= MAX_PATHS_FOLLOWED) continue;
    if (!outputs.some((o) => lin.derivesFrom(w.data, o))) continue;
    // A competition's submission of predictions (`submission.to_csv("sample_submission.csv")`) is what the file
    // hands in, not rows another one trains on: a file of the same name read elsewhere is another competition's.
    if (/submission/i.test(baseName(path)) && findPrediction(w.data)) continue;
    seen.add(path);
    for (const [other, reads] of readersOf(project, path)) {
      if (other === unit) continue;
      const of = project.unit(other).flow;
      const split = splitFedBy(of, new Lineage(), reads, { cv: true, accept: acceptedIn(accept, of) });
      if (split) return { unit: other, split, path };
      if (of.writes.length) onward.push({ unit: other, flow: of, reads, path, span: reads[0].span });
    }
  }
  // Read and written on by another file: followed to the file that splits what that one writes.
  if (hops >= MAX_FILE_HOPS) return undefined;
  for (const o of onward.slice(0, MAX_ONWARD_FILES)) {
    const next = splitOfWritten(o.unit, o.flow, new Lineage(), o.reads, project, accept, seen, hops + 1);
    if (next)
      return { ...next, path: o.path, via: [{ unit: o.unit, span: o.span, path: next.path! }, ...(next.via ?? [])] };
  }
  return undefined;
}

/** When rows derived from `nodes` are handed to a function of another module of the project that splits them. */
function passedToSplitter(
  project: ProjectFlows,
  unit: PythonUnit,
  facts: FlowFacts,
  lin: Lineage,
  nodes: readonly DataNode[],
  returnedBy: readonly ForeignCall[] = [],
  accept?: AcceptSplit,
  featuresOnly = false,
): SplitElsewhere | undefined {
  for (const c of facts.foreignCalls) {
    if (returnedBy.includes(c)) continue;
    // The callee first (known once per project and name): most calls split nothing, and need no lineage walk.
    const found = splitInCallee(project, c.qualified, accept);
    if (!found || !nodes.some((n) => lin.derivesFrom(c.data, n))) continue;
    // Only the arguments handed to the parameters whose rows are split (not labels beside them, `evaluate(model, X,
    // y_encoded)` whose cross-validation splits `X`); asked for features only, not the parameter split as the labels
    // (`split(X, y)` doing `train_test_split(X, y)`).
    const handed = (featuresOnly ? found.params.filter((p) => !p.labels) : found.params).map(
      (p) =>
        (p.index === undefined ? undefined : c.args[p.index - found.offset]) ??
        (p.name ? c.keywords.get(p.name) : undefined),
    );
    if (found.params.length && !handed.some((a) => a && nodes.some((n) => lin.derivesFrom(a, n)))) continue;
    return { unit: found.unit, split: found.split, passedTo: { span: c.span, fn: lastName(c.qualified), unit } };
  }
  return undefined;
}

/** Per analysis of a project: its modules by each name they can be imported as. */
const MODULES_BY_NAME = new WeakMap<object, Map<string, PythonUnit[]>>();

export function modulesByName(project: ProjectFlows): Map<string, PythonUnit[]> {
  let known = MODULES_BY_NAME.get(project);
  if (known) return known;
  known = new Map();
  for (const u of project.project.python) {
    if (u.kind !== 'module') continue;
    for (const name of moduleNames(u.path)) {
      const list = known.get(name);
      if (list) list.push(u);
      else known.set(name, [u]);
    }
  }
  MODULES_BY_NAME.set(project, known);
  return known;
}

/** Per analysis of a project: by module and function name, the parameter holding the path the function reads. */
const LOADER_PARAMS = new WeakMap<object, Map<string, LoaderParam | null>>();

/**
 * The parameter of `module`'s top-level function `fn` holding the path of the rows it returns, when every return of
 * the function is what one loader read from that path (`data = pd.read_csv(path)` ... `return data`), a few steps of
 * one input each at most after the read. Undefined otherwise, and for a module with no function using pandas or
 * NumPy (its flow is not computed).
 */
export function loaderParam(project: ProjectFlows, module: PythonUnit, fn: string): LoaderParam | undefined {
  let known = LOADER_PARAMS.get(project);
  if (!known) {
    known = new Map();
    LOADER_PARAMS.set(project, known);
  }
  const key = `${module.path}\0${fn}`;
  let found = known.get(key);
  if (found === undefined) {
    found = returnsTables(module) ? (readsParamPath(module, project.unit(module).flow, fn) ?? null) : null;
    known.set(key, found);
  }
  return found ?? undefined;
}

function readsParamPath(module: PythonUnit, flow: FlowFacts, fn: string): LoaderParam | undefined {
  const rets = flow.returns.filter((r) => r.fn === fn);
  if (!rets.length || rets.some((r) => r.index !== undefined)) return undefined;
  const def = module.module.body.find((s): s is FunctionDefStmt => s.kind === 'FunctionDef' && s.name === fn);
  if (!def) return undefined;
  let held: { name: string; loader: string } | undefined;
  for (const r of rets) {
    let n: DataNode | undefined = r.data;
    for (let i = 0; n && !n.source && i < 4; i++) n = n.parents.length === 1 ? n.parents[0] : undefined;
    const src = n?.source;
    if (!src?.pathName || src.path !== undefined || src.guessed) return undefined;
    if (held && (held.name !== src.pathName || held.loader !== src.qualified)) return undefined;
    held = { name: src.pathName, loader: src.qualified };
  }
  const index = def.params.findIndex((p) => p.name === held?.name && !p.star);
  return held && index >= 0 ? { index, ...held } : undefined;
}

/**
 * The reads a unit makes through another module's loader function handed a literal path (`df =
 * load_data("data/clean.csv")`): the rows the call returns, with the path read. The unit's own flow does not know
 * the callee, so its node of the call has no path; the files that write that path still reach it.
 */
export function helperReads(project: ProjectFlows, unit: PythonUnit): Array<{ node: DataNode; path: string }> {
  const out: Array<{ node: DataNode; path: string }> = [];
  const flow = project.unit(unit).flow;
  if (!flow.foreignCalls.length) return out;
  const modules = modulesByName(project);
  for (const c of flow.foreignCalls) {
    if (c.data.source?.path !== undefined || !c.consts || classMethodCall(c.qualified)) continue;
    for (const m of modules.get(calleeModule(c.qualified)) ?? []) {
      if (m === unit) continue;
      const load = loaderParam(project, m, lastName(c.qualified));
      if (!load) continue;
      const text = c.consts.has('*') ? undefined : (c.consts.get(String(load.index)) ?? c.consts.get(load.name));
      const path = typeof text === 'string' ? readPath(load.loader, text) : undefined;
      if (path !== undefined) out.push({ node: c.data, path });
      break;
    }
  }
  return out;
}

/**
 * Whether `caller`'s import of the module `name` reaches `unit`, when several modules of the project answer to that
 * name (`preprocessor.py` beside each of three scripts): Python looks in the running script's own folder first, then
 * from the project's top. Any of them when neither place holds one.
 */
export function resolvesTo(project: ProjectFlows, caller: PythonUnit, name: string, unit: PythonUnit): boolean {
  const candidates = modulesByName(project).get(name) ?? [];
  if (candidates.length < 2) return true;
  const file = name.replace(/\./g, '/');
  const at = (dir: string) =>
    candidates.filter((c) => c.path === `${dir}${file}.py` || c.path === `${dir}${file}/__init__.py`);
  const slash = caller.path.lastIndexOf('/');
  const own = slash < 0 ? [] : at(caller.path.slice(0, slash + 1));
  const chosen = own.length ? own : at('');
  return chosen.length ? chosen.includes(unit) : true;
}

/** Per analysis of a project: what each qualified call of another module's function splits of the rows it is given. */
const CALLEE_SPLITS = new WeakMap<object, Map<string, CalleeSplit | null>>();

/**
 * A split inside another module's function of the rows handed to it: the parameters whose rows reach it (by name and
 * position), and how many positions the caller's arguments are shifted by (1 for a method, whose first is `self`).
 */
interface CalleeSplit {
  unit: PythonUnit;
  split: SplitEvent;
  /** `labels`: the parameter's rows reach a holdout split only as its last input, the labels. */
  params: Array<{ name?: string; index?: number; labels?: boolean }>;
  offset: number;
}

/** The split inside the function of the project's own module that `qualified` names, of the rows handed to it. */
function splitInCallee(project: ProjectFlows, qualified: string, accept?: AcceptSplit): CalleeSplit | undefined {
  // Asked for particular splits only: not kept with the answers for any split.
  if (accept) return findSplitInCallee(project, qualified, accept);
  let known = CALLEE_SPLITS.get(project);
  if (!known) {
    known = new Map();
    CALLEE_SPLITS.set(project, known);
  }
  const had = known.get(qualified);
  if (had !== undefined) return had ?? undefined;
  const found = findSplitInCallee(project, qualified);
  known.set(qualified, found ?? null);
  return found;
}

function findSplitInCallee(project: ProjectFlows, qualified: string, accept?: AcceptSplit): CalleeSplit | undefined {
  // A function of a module (`splitting.split_data`), or a method of a module's class (`splitting.Trainer.split_data`).
  const fn = lastName(qualified);
  const module = calleeModule(qualified);
  const cls = lastName(module);
  // Each with how many parameters come before the call's arguments (a method's and a constructor's `self`).
  const callees: Array<[string, string, number]> = [[module, fn, 0]];
  if (/^[A-Z]/.test(cls)) callees.push([calleeModule(module), `${cls}.${fn}`, 1]);
  // A class of a module made from the rows (`Split(df, "target")`), whose methods split what `__init__` kept.
  if (/^[A-Z]/.test(fn)) callees.push([module, `${fn}.__init__`, 1]);
  for (const [module, name, offset] of callees)
    for (const m of modulesByName(project).get(module) ?? []) {
      const found = splitOfParams(project, m, name, accept);
      if (found) return { ...found, offset };
    }
  return undefined;
}

/** The split inside function `fn` of module `m` (`Class.method` for a method) of the rows handed to it. */
function splitOfParams(
  project: ProjectFlows,
  m: PythonUnit,
  fn: string,
  accept?: AcceptSplit,
): Omit<CalleeSplit, 'offset'> | undefined {
  if (!flowMatters(m) && !returnsTables(m)) return undefined;
  const flow = project.unit(m).flow;
  const params = flow.params.filter((p) => p.fn === fn);
  if (!params.length) return undefined;
  // Given rows at a call in its own module, only a split inside the function counts (not the caller's own).
  const body = params.find((p) => p.body)?.body;
  const inside = (s: SplitEvent) => !body || (body.from <= s.span.from && s.span.to <= body.to);
  const only = (s: SplitEvent) => inside(s) && (!accept || accept(flow, s));
  const lin = new Lineage();
  const split = splitFedBy(
    flow,
    lin,
    params.map((p) => p.node),
    { cv: true, accept: only },
  );
  if (!split) return undefined;
  const feeding = params.filter((p) => splitFedBy(flow, lin, [p.node], { cv: true, accept: (s) => s === split }));
  const asFeatures = (p: (typeof params)[number]) =>
    !!splitFedBy(flow, lin, [p.node], { cv: true, featuresOnly: true, accept: (s) => s === split });
  return {
    unit: m,
    split,
    params: feeding.map((p) => ({ name: p.name, index: p.index, ...(asFeatures(p) ? {} : { labels: true }) })),
  };
}

export function lastName(qualified: string): string {
  return qualified.slice(qualified.lastIndexOf('.') + 1);
}

/** The module and `Class.method` name of a call of a method of another module's class, if it is one. */
export function classMethodCall(qualified: string): { module: string; fn: string } | undefined {
  const parts = qualified.replace(/^\.+/, '').split('.');
  if (parts.length < 3 || !/^[A-Z]/.test(parts[parts.length - 2])) return undefined;
  return { module: parts.slice(0, -2).join('.'), fn: parts.slice(-2).join('.') };
}

/** The module a qualified function name is of, leading dots of a relative import dropped (`.prep.clean` -> `prep`). */
export function calleeModule(qualified: string): string {
  const q = qualified.replace(/^\.+/, '');
  const dot = q.lastIndexOf('.');
  return dot < 0 ? '' : q.slice(0, dot);
}

/**
 * The module a call of `fn` is of: its qualified name less `fn` (`prep.clean` -> `prep`; a method,
 * `src.prep.Preprocessor.fit_transform` of `Preprocessor.fit_transform` -> `src.prep`), leading dots dropped.
 */
function moduleOfCall(qualified: string, fn: string): string {
  const q = qualified.replace(/^\.+/, '');
  return q.length > fn.length ? q.slice(0, q.length - fn.length - 1) : '';
}

/** Per analysis of a project (its index): the calls of other modules' functions in its units, by function name. */
const FOREIGN_CALLS = new WeakMap<object, Map<string, Map<PythonUnit, ForeignCall[]>>>();

/**
 * Per analysis of a project: the calls of other modules' functions in the units whose flow is computed anyway (those
 * of an ML library), by the called name's last part; and the units that only import the project's own modules, whose
 * text is looked into first so that their flow is computed only for a name they say.
 */
const FOREIGN_CALL_INDEX = new WeakMap<
  object,
  {
    byName: Map<string, Map<PythonUnit, ForeignCall[]>>;
    textOnly: Array<{ unit: PythonUnit; words?: Set<string> }>;
    order: Map<PythonUnit, number>;
  }
>();

const ASCII_NAME = /^[A-Za-z_]\w*$/;

/** True when a unit's text says `name` (an identifier): by a set of its words, made once, for a plain ASCII name. */
function says(entry: { unit: PythonUnit; words?: Set<string> }, name: string): boolean {
  if (!ASCII_NAME.test(name)) return entry.unit.module.source.includes(name);
  entry.words ??= new Set(entry.unit.module.source.match(/[A-Za-z_]\w*/g));
  return entry.words.has(name);
}

function foreignCallIndex(project: ProjectFlows) {
  let index = FOREIGN_CALL_INDEX.get(project);
  if (index) return index;
  // A script that only runs the project's own functions in order (`df = load_and_clean(path)`, then
  // `split_data(df)`) imports no ML library, yet the rows pass through it from one module to the next.
  const own = modulesByName(project);
  const importsOwn = (u: PythonUnit) => {
    for (const m of u.imports.modules) if (own.has(m.replace(/^\.+/, ''))) return true;
    return false;
  };
  index = { byName: new Map(), textOnly: [], order: new Map() };
  for (const [i, u] of pipelineUnits(project).entries()) {
    index.order.set(u, i);
    if (!flowMatters(u)) {
      if (importsOwn(u)) index.textOnly.push({ unit: u });
      continue;
    }
    for (const c of project.unit(u).flow.foreignCalls) {
      const said = lastName(c.qualified);
      let units = index.byName.get(said);
      if (!units) {
        units = new Map();
        index.byName.set(said, units);
      }
      const calls = units.get(u);
      if (calls) calls.push(c);
      else units.set(u, [c]);
    }
  }
  FOREIGN_CALL_INDEX.set(project, index);
  return index;
}

/**
 * The project's calls of functions named `fn` of other modules, by unit, in the project's order; found once per
 * project and name. A unit without an ML library is looked into only when its text says `fn`, so its flow is not
 * computed for a name it never calls.
 */
function callsOf(project: ProjectFlows, fn: string): Map<PythonUnit, ForeignCall[]> {
  let byName = FOREIGN_CALLS.get(project);
  if (!byName) {
    byName = new Map();
    FOREIGN_CALLS.set(project, byName);
  }
  const known = byName.get(fn);
  if (known) return known;
  const index = foreignCallIndex(project);
  // A method (`Preprocessor.fit_transform`) is called on an instance, by its own name.
  const said = lastName(fn);
  const named = fn.includes('.') ? (q: string) => q === fn || q.endsWith(`.${fn}`) : (q: string) => lastName(q) === fn;
  const found: Array<[PythonUnit, ForeignCall[]]> = [];
  for (const [u, calls] of index.byName.get(said) ?? []) {
    const of = calls.filter((c) => named(c.qualified));
    if (of.length) found.push([u, of]);
  }
  for (const entry of index.textOnly) {
    if (!says(entry, said)) continue;
    const of = project.unit(entry.unit).flow.foreignCalls.filter((c) => named(c.qualified));
    if (of.length) found.push([entry.unit, of]);
  }
  found.sort((a, b) => index.order.get(a[0])! - index.order.get(b[0])!);
  const units = new Map(found);
  byName.set(fn, units);
  return units;
}

/** How rows reach the file that splits them, for a message: "written to `x.csv`", "returned by `clean`". */
export function howItLeaves(e: SplitElsewhere): string {
  if (e.path) return `written to ${shownPath(e.path)}`;
  if (e.shared) return `left in \`${e.shared.name}\``;
  if (e.call && e.passedTo) return `returned by \`${e.call.fn}\` and handed to \`${e.passedTo.fn}\``;
  return e.call ? `returned by \`${e.call.fn}\`` : `passed to \`${e.passedTo!.fn}\``;
}

/**
 * How rows reach the file that splits them and what it does, for a message: "written to `x.csv`, which `train.py`
 * splits later" (`verb`: what the other file does to them).
 */
export function splitLater(e: SplitElsewhere, verb = e.split.kind === 'cv' ? 'cross-validates' : 'splits'): string {
  // Handed to a function that splits them: that function is what splits, wherever it is defined.
  if (e.passedTo) return `${howItLeaves(e)}, which ${verb.replace(/^\S+/, '$& them')} later`;
  return `${howItLeaves(e)}, which \`${e.unit.path.split('/').pop()}\` ${verb} later`;
}

/** Related locations of rows split in another file: the call that takes them in (when imported), and the split. */
export function elsewhereRelated(
  e: SplitElsewhere,
): Array<{ range: ReturnType<PythonUnit['range']>; message: string }> {
  const done = e.split.kind === 'cv' ? 'cross-validated' : 'split';
  const split = { range: e.unit.range(e.split.span), message: `The rows are ${done} here.` };
  if (e.path) {
    let from = e.path;
    const through = (e.via ?? []).map((v) => {
      const place = {
        range: v.unit.range(v.span),
        message: `The rows written to ${shownPath(from)} are read here and written to ${shownPath(v.path)}.`,
      };
      from = v.path;
      return place;
    });
    return [...through, { ...split, message: `The rows written to ${shownPath(from)} are ${done} here.` }];
  }
  const out = [];
  if (e.shared)
    out.push({
      range: e.unit.range(e.shared.span),
      message: `\`${e.shared.name}\` is used here without being defined: the rows the other file leaves in it.`,
    });
  if (e.call) out.push({ range: e.call.unit.range(e.call.span), message: `\`${e.call.fn}\` is called here.` });
  if (e.passedTo)
    out.push({
      range: e.passedTo.unit.range(e.passedTo.span),
      message: `\`${e.passedTo.fn}\` is handed the rows here.`,
    });
  return [...out, split];
}

/**
 * True when a statistic picks columns: a model's coefficients or importances, or correlations or variances used to drop
 * or keep columns.
 */
export function picksColumns(kind: StatKind, method: string, useText: string): boolean {
  if (kind === 'selection') return true;
  if (method !== 'corr' && method !== 'corrwith' && method !== 'var') return false;
  return /\.drop\(|^[\w.]+\s*\[|\.loc\s*\[\s*:/.test(useText);
}

/** What a finding says at the place of a split: "Cross-validation runs here." or "The rows are split here." */
export function splitNote(split: SplitEvent): string {
  return split.kind === 'cv' ? 'Cross-validation runs here.' : 'The rows are split here.';
}

/** The place of a split, as a finding's related location, with `splitNote`. */
export function splitPlace(
  unit: PythonUnit,
  split: SplitEvent,
): { range: ReturnType<PythonUnit['range']>; message: string } {
  return { range: unit.range(split.span), message: splitNote(split) };
}

/**
 * Where rows derived from `outputs` end up being learned from or split: the split that takes a concatenation
 * apart again, any other split, or a model fit. For a fit on train and test concatenated, any of these
 * shows that the test rows shaped what the model trains on.
 */
export function concatConsumer(
  facts: FlowFacts,
  lin: Lineage,
  outputs: readonly DataNode[],
): { span: Span; note: string } | undefined {
  const back = splitBackOf(facts, lin, outputs);
  if (back) return { span: back.span, note: 'The concatenation is taken apart again here.' };
  const split = facts.splits.find((s) => s.inputs.some((i) => outputs.some((o) => lin.derivesFrom(i, o))));
  if (split) return { span: split.span, note: splitNote(split) };
  const fit = facts.fits.find((f) => isModel(f.object) && f.data && outputs.some((o) => lin.derivesFrom(f.data!, o)));
  if (fit) return { span: fit.call, note: 'A model is trained on these rows here.' };
  return undefined;
}

/**
 * Where another file of the project runs the method of a module's top-level class that holds `at`, or a method of
 * the same class that reaches it through `self.<method>(...)` (`fe.process()` in `main.py`, for a fill inside
 * `handle_missing_values` that `process` calls): the caller a leak inside the class happens for.
 */
export function classMethodCaller(unit: PythonUnit, at: Span, project: ProjectFlows): ClassCaller {
  const cls = unit.module.body.find((s) => s.kind === 'ClassDef' && s.from <= at.from && at.to <= s.to);
  if (cls?.kind !== 'ClassDef') return undefined;
  const methods = cls.body.filter((s) => s.kind === 'FunctionDef');
  const holder = methods.find((m) => m.from <= at.from && at.to <= m.to);
  if (holder?.kind !== 'FunctionDef') return undefined;
  // Every finding in one method asks the same: looked up once per project and method.
  let known = CLASS_CALLERS.get(project);
  if (!known) {
    known = new Map();
    CLASS_CALLERS.set(project, known);
  }
  const key = `${unit.path}\0${holder.from}`;
  if (!known.has(key)) known.set(key, findClassCaller(unit, cls, methods, holder, project));
  return known.get(key);
}

type ClassCaller = { range: ReturnType<PythonUnit['range']>; message: string } | undefined;

/** Per analysis of a project: the caller `classMethodCaller` found, by unit and method. */
const CLASS_CALLERS = new WeakMap<object, Map<string, ClassCaller>>();

function findClassCaller(
  unit: PythonUnit,
  cls: ClassDefStmt,
  methods: Stmt[],
  holder: FunctionDefStmt,
  project: ProjectFlows,
): ClassCaller {
  const reach = new Set([holder.name]);
  for (let grew = true; grew && reach.size < 50; ) {
    grew = false;
    for (const m of methods) {
      if (m.kind !== 'FunctionDef' || reach.has(m.name)) continue;
      const text = unit.text(m);
      if ([...reach].some((r) => text.includes(`self.${r}(`))) {
        reach.add(m.name);
        grew = true;
      }
    }
  }
  // Only the files that import this module: their flow is computed for it.
  const names = moduleNames(unit.path);
  const imports = (u: PythonUnit) => [...u.imports.modules].some((m) => names.includes(m.replace(/^\.+/, '')));
  for (const other of pipelineUnits(project)) {
    if (other === unit || !imports(other)) continue;
    for (const c of project.unit(other).flow.foreignCalls) {
      const method = lastName(c.qualified);
      if (reach.has(method) && c.qualified.endsWith(`${cls.name}.${method}`))
        return {
          range: other.range(c.span),
          message: `\`${method}\` of \`${cls.name}\` runs it here, in \`${other.path.split('/').pop()}\`.`,
        };
    }
  }
  return undefined;
}
