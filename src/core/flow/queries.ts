// Questions the rules ask of the flow facts: does this data carry rows of that data, which fit was on full
// data, and a per-unit memo so every rule shares one flow pass.
import type { Memo } from '../rules/rule';
import type { PythonUnit } from '../python/unit';
import type { Span } from '../python/ast';
import { FLOW_LIBRARY_ROOTS, analyzeFlow } from './analyze';
import { packageOf } from '../python/imports';
import type { DataNode, FitEvent, FlowFacts, MlObject, PartKind, SplitEvent } from './facts';

/** The flow facts of a unit, computed once per analysis. */
export function flowOf(unit: PythonUnit, memo: Memo): FlowFacts {
  return memo.get(`flow:${unit.path}`, () => analyzeFlow(unit));
}

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

/** The flow facts of a unit that can hold model fits, library splits and evaluations; undefined for one that cannot (see `flowMatters`). */
export function modelFlowOf(unit: PythonUnit, memo: Memo): FlowFacts | undefined {
  return flowMatters(unit) ? flowOf(unit, memo) : undefined;
}

/** Every node `n` carries rows of, itself included. */
export function ancestors(n: DataNode): Set<DataNode> {
  const seen = new Set<DataNode>();
  const stack = [n];
  while (stack.length) {
    const x = stack.pop()!;
    if (seen.has(x)) continue;
    seen.add(x);
    for (const p of x.parents) stack.push(p);
  }
  return seen;
}

/** Memoised ancestor sets, for rules that ask many questions of the same nodes. */
export class Lineage {
  private readonly cache = new Map<DataNode, Set<DataNode>>();
  /** The ancestors of `n` (itself included). */
  of(n: DataNode): Set<DataNode> {
    let s = this.cache.get(n);
    if (!s) {
      s = ancestors(n);
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

/** The node whose rows `n` has unchanged: up through single-parent steps that keep every row. */
export function rowSource(n: DataNode): DataNode {
  let cur = n;
  while (cur.parents.length === 1 && !cur.rowsChanged && !cur.splitOutput && !cur.prediction && !cur.resampledBy && !cur.source) cur = cur.parents[0];
  return cur;
}

/** True when data is not (part of) a split side: all of its rows, whatever was held out later. */
export function isFull(n: DataNode | undefined): boolean {
  return !!n && n.parts.length === 0;
}

/** True when a node holds rows of a given side of some split. */
export function hasPart(n: DataNode | undefined, kind: PartKind): boolean {
  return !!n && n.parts.some((p) => p.kind === kind);
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
  if (o.role === 'transformer') return !HARMLESS_TRANSFORMERS.has(last);
  if (o.role === 'column-transformer') return o.inner.length === 0 || o.inner.some(learnsFromRows);
  if (o.role === 'pipeline') return o.inner.length > 0 && o.inner.every((i) => i.role === 'transformer' || i.role === 'column-transformer') && o.inner.some(learnsFromRows);
  return false;
}

/** The fits of an object in evaluation order. */
export function fitsOf(facts: FlowFacts, o: MlObject): FitEvent[] {
  return facts.fits.filter((f) => f.object === o);
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
    for (const n of lin.of(i)) if (n.source) loads.add(n.source.path ?? String(n.id));
    return loads.size >= 2;
  });
}
