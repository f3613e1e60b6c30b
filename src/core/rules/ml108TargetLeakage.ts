// ML108: features computed from the target: per-group means of the target joined back, or a column computed from
// the target row by row and kept among the features.
import type { DataNode, FlowFacts, StatUse } from '../flow/facts';
import type { Span } from '../python/ast';
import { columnOf, takenAt } from '../flow/lineage';
import { shownPath } from '../flow/paths';
import type { PythonUnit } from '../python/unit';
import {
  type ProjectFlows,
  Lineage,
  isFull,
  isModel,
  loadedFrom,
  placeOf,
  readersOf,
  rowSource,
  splitFedBy,
  splitPlace,
  targetColumns,
} from '../flow/queries';
import type { Report, UnitContext, UnitRule } from './rule';

/** ML108 target-leakage. */
export const targetLeakage: UnitRule = {
  scope: 'unit',
  meta: {
    code: 'ML108',
    name: 'target-leakage',
    title: 'Feature computed from the target',
    category: 'leakage',
    level: 2,
    defaultSeverity: 'warning',
    fix: 'none',
    affects: ['L2.heldout-evaluation'],
    docs: {
      whatItDoes:
        'Finds a feature computed from the target column of all rows: per-group means (or other statistics) of the ' +
        'target put back on every row with `groupby(...)[target].transform(...)` or ' +
        '`.map(df.groupby(...)[target].mean())`, or categories numbered in the order of their mean target ' +
        '(`df.groupby(c).mean()[target].sort_values().index`), before the rows are split or cross-validated. The ' +
        'target is ' +
        'what a model is fit to predict, or what is handed to the split as labels. A per-group table stacked ' +
        'under other rows with `pd.concat` (duplicate rows averaged into one) adds rows, not a feature, and is ' +
        "not reported; nor is a summary of another table's labels per key merged onto rows read separately (credit " +
        "records summed per applicant into the applicants' label): it defines their label. Also the target itself " +
        'picked among the features by a list of names (`X = df[["age", "salary"]]` with `y = df["salary"]`) and not ' +
        'dropped after, and a column computed ' +
        'row by row from the target (`df["price_per_sqft"] = df["price"] / df["sqft"]`, an integer copy of a yes/no ' +
        'label) that stays among the features the model is fit on, or over a window of rows that ends at the row ' +
        'itself (`df["sales"].rolling(7).mean()`: each row\'s mean holds its own label), or a difference with the ' +
        'row before (`df["sales"].diff()`, `pct_change(7)`), also where the features are every column but some ' +
        '(`[c for c in df.columns if c not in {"date", "sales"}]`). Such a column is also reported when a ' +
        'notebook or script writes it to a ' +
        'file and another one reads that file, fits a model to predict the column it was computed from with it ' +
        'still among the features, and splits or cross-validates. A lag of the target in time order ' +
        '(`df["sales"].shift(1)`), or a window that ends before the row (`.shift(1).rolling(7)`, ' +
        '`rolling(7, closed="left")`), is the past, and is not reported.',
      whyBad:
        "Each row's feature then contains its own label, averaged with those of its group. The model learns to " +
        'read the answer off the feature, which works on the test rows (their labels are in it too) and fails ' +
        'on new data, where the label is unknown. Of all leaks this one inflates scores the most.',
      example: [
        '```python',
        'df["city_price"] = df.groupby("city")["price"].transform("mean")',
        'X_train, X_test, y_train, y_test = train_test_split(df.drop(columns="price"), df["price"])',
        '```',
      ].join('\n'),
      useInstead: [
        '```python',
        'train, test = train_test_split(df, random_state=0)',
        'means = train.groupby("city")["price"].mean()     # training labels only',
        'train["city_price"] = train["city"].map(means)',
        'test["city_price"] = test["city"].map(means)',
        '```',
        'Better still, use `sklearn.preprocessing.TargetEncoder` in a `Pipeline`: it cross-fits the encoding on ' +
          'the training rows.',
      ].join('\n'),
      fixSafety:
        'No automatic fix: the encoding has to be computed on the training rows after the split (or cross-fitted ' +
        'with `TargetEncoder`), and which rows those are depends on code the rule cannot rewrite reliably.',
    },
  },
  check({ unit, index, projectIndex, report }) {
    const facts = projectIndex.modelFlow(index);
    if (!facts) return;
    targetAmongFeatures(facts, unit, report);
    derivedFromTarget(facts, unit, report);
    derivedFromTargetElsewhere(facts, unit, projectIndex, report);
    if (!facts.statUses.length) return;
    const targets = targetColumns(facts);
    if (!targets.size) return;
    const lin = new Lineage();
    const seen = new Set<string>();
    for (const u of facts.statUses) {
      const st = u.stat;
      if (st.kind !== 'group' || !st.column || !targets.has(st.column) || !isFull(st.input)) continue;
      // The per-group table stacked under other rows (`pd.concat([group_means, more_rows])`): each group
      // becomes one row labelled with its mean (duplicates averaged), not a feature of other rows.
      const text = unit.text(u.span);
      if (/^(pd|pandas)\.concat\(/.test(text) && !/axis\s*=\s*(1|['"]columns['"])/.test(text)) continue;
      // A per-entity summary of another table's labels merged onto rows that had none (credit records summed per
      // applicant into the applicants' `STATUS`): it defines the label of those rows, it is no feature of them.
      if (definesLabelOfOtherRows(u)) continue;
      const split = splitFedBy(facts, lin, [u.output], { cv: true, featuresOnly: true });
      if (!split) continue;
      const at = u.site ?? u.span;
      const several = /^(transform|agg|aggregate|apply)$/.test(st.method);
      const r = unit.range(at);
      const key = `${r.cell ?? ''}:${r.startLine}`;
      if (seen.has(key)) continue;
      seen.add(key);
      report({
        span: at,
        message:
          `Per-group ${several ? 'statistics' : st.method} of the target \`${st.column}\` ` +
          `${several ? 'become' : 'becomes'} a feature before ` +
          `${split.kind === 'cv' ? 'cross-validation' : 'the split'} in ${placeOf(unit, split.span)}. ` +
          `Each row's feature holds its own label, so the score is inflated.`,
        related: [
          { range: unit.range(st.span), message: 'The target is summarised here, over every row.' },
          splitPlace(unit, split),
        ],
      });
    }
  },
};

/**
 * True when the statistic's rows and the rows it is put on were read separately: the summary of one table's labels
 * per key is merged onto another table (`pd.merge(applications, records.groupby("ID")["STATUS"].sum(), on="ID")`).
 * Target encoding puts a statistic of a frame's own labels back onto that frame.
 */
function definesLabelOfOtherRows(u: StatUse): boolean {
  const receiver = u.output.parents.find((p) => !p.stat);
  const own = loadedFrom(u.stat.input);
  const onto = loadedFrom(receiver);
  return !!own && !!onto && own !== onto && own.source?.path !== onto.source?.path;
}

/** A subscript by one name (`df[cols]`). */
const PICK_BY_NAME = /^[\w.]+\[\s*[A-Za-z_]\w*\s*\]$/;

/** A list grown at run time (`cols.append(name)` in a loop). */
const GROWN = /^[\w.]+\.(?:append|extend|insert)\(/;

const WINDOW = "over a window that ends at each row, so it includes the row's own target,";

/**
 * The second form: a column computed row by row from the target of a model (`df["price_per_sqft"] = df["price"] /
 * df["sqft"]`), or over a window ending at the row itself (`df["sales"].rolling(7).mean()`), that stays among the
 * features the model is fit on, before the split or cross-validation. Not a lag of the target in time order
 * (`df["sales"].shift(1)`) or a window ending before the row: that is the past, known when predicting.
 */
function derivedFromTarget(facts: FlowFacts, unit: UnitContext['unit'], report: (r: Report) => void): void {
  const assigned = assignedColumns(facts);
  if (!assigned.length) return;
  const lin = new Lineage();
  const seen = new Set<DataNode>();
  // One finding per column: a column set in several lines (one per class of the target) is one leak.
  const columns = new Set<string>();
  for (const { at, cv, data, target } of fitsToNamedTargets(facts)) {
    const features = lin.of(data);
    let kept: KeptColumns | undefined;
    for (const { column, value, rows } of assigned) {
      if (column === target || seen.has(value) || columns.has(column) || !features.has(value)) continue;
      const how = rowByRowFrom(value, target, rows);
      if (!how) continue;
      kept ??= keptColumns(unit, features);
      if (leftOut(unit, kept, column)) continue;
      // The features hold the column only when it is on their way up (the frame it was assigned to, a pick of it),
      // not when they only read a table made from it (a helper that looks up monthly means of a frame holding it).
      // A later value of the same column made from this one (`df.loc[mask, "chol"] = ...` twice) carries it on.
      const carried = (a: Assigned) =>
        a.column === column &&
        a.value !== value &&
        inFrameChain(data, column, a.value) &&
        lin.derivesFrom(a.value, value);
      if (!inFrameChain(data, column, value) && !assigned.some(carried)) continue;
      const split = splitFedBy(facts, lin, [value], { cv: true, featuresOnly: true });
      if (!split) continue;
      seen.add(value);
      columns.add(column);
      report({
        span: value.span,
        message:
          `\`${column}\` is computed from the target \`${target}\` ${how === 'window' ? WINDOW : 'row by row'} ` +
          `and stays among the features of ${modelAt(unit, at, cv)}. Each row's feature holds its own label, so the ` +
          'score after ' +
          `${split.kind === 'cv' ? 'cross-validation' : 'the split'} in ${placeOf(unit, split.span)} is inflated.`,
        related: [
          {
            range: unit.range(at),
            message: `The model is ${cv ? 'cross-validated' : 'fit'} on features that include it here.`,
          },
          splitPlace(unit, split),
        ],
      });
    }
  }
}

/**
 * The plainest form: the features are picked by a list of names that holds the target itself (`X = df[["age",
 * "salary"]]`, `y = df["salary"]`), and no later step drops it. Only an explicit pick counts: features taken as the
 * whole frame may have lost the target to a `pop` or a `del` the pass did not follow.
 */
function targetAmongFeatures(facts: FlowFacts, unit: PythonUnit, report: (r: Report) => void): void {
  const lin = new Lineage();
  const seen = new Set<DataNode>();
  for (const { at, cv, data, labels, target } of fitsToNamedTargets(facts)) {
    const features = lin.of(data);
    // The last step that shapes the columns on the way to the fit must be the pick that lists the target: a later
    // pick of one column, by position or type, or a drop (by a name held in a variable, too) may leave it out.
    let pick: DataNode | undefined;
    for (const n of features) if (shapesColumns(unit, n) && (!pick || n.span.from > pick.span.from)) pick = n;
    if (!pick?.columns?.includes(target) || seen.has(pick)) continue;
    // A target moved in time (`df["close"].shift(-5)`, the price five days on) is another value than the column.
    if ([...lin.of(labels)].some((n) => /\.shift\(/.test(unit.text(n.span)))) continue;
    const kept = keptColumns(unit, features);
    if (leftOut(unit, kept, target)) continue;
    const split = splitFedBy(facts, lin, [pick], { cv: true, featuresOnly: true });
    if (!split) continue;
    seen.add(pick);
    report({
      span: pick.span,
      message:
        `The target \`${target}\` is itself among the features of ${modelAt(unit, at, cv)}. ` +
        `The model reads the answer off its input, so the score after ` +
        `${split.kind === 'cv' ? 'cross-validation' : 'the split'} in ${placeOf(unit, split.span)} is inflated.`,
      related: [{ range: unit.range(at), message: `The model learns \`${target}\` here.` }, splitPlace(unit, split)],
    });
  }
}

/** True when `n` picks or drops columns: by names, one by name, by position or type, or with `drop`. */
function shapesColumns(unit: PythonUnit, n: DataNode): boolean {
  return (
    n.columns !== undefined ||
    n.column !== undefined ||
    !!n.columnPick ||
    /\.(drop|pop|select_dtypes|filter)\(/.test(unit.text(n.span))
  );
}

/** How many written paths the form across files follows from one unit. */
const MAX_PATHS = 16;

/**
 * The fits of models whose target is one named column (`y = df["sales"]`), and the cross-validations of models given
 * such a target (`cross_val_score(model, X, y, cv=...)`), with their features and labels: `at` is the fit or the
 * cross-validation, `cv` says which.
 */
function* fitsToNamedTargets(
  facts: FlowFacts,
): Generator<{ at: Span; cv: boolean; data: DataNode; labels: DataNode; target: string }> {
  for (const f of facts.fits) {
    if (!f.data || !f.target || !isModel(f.object)) continue;
    const target = columnOf(f.target);
    if (target) yield { at: f.call, cv: false, data: f.data, labels: f.target, target };
  }
  for (const c of facts.cvs) {
    if (!c.estimator || !isModel(c.estimator) || !c.data || !c.target) continue;
    const target = columnOf(c.target);
    if (target) yield { at: c.span, cv: true, data: c.data, labels: c.target, target };
  }
}

/** "the model fit in line 12" or "the model cross-validated in line 12". */
function modelAt(unit: PythonUnit, at: Span, cv: boolean): string {
  return `the model ${cv ? 'cross-validated' : 'fit'} in ${placeOf(unit, at)}`;
}

/** A column's value assigned into a frame, with the frame's rows. */
interface Assigned {
  column: string;
  value: DataNode;
  rows: DataNode;
}

/** The values assigned to the unit's frames' columns, each once: every later frame of those rows carries it again. */
function assignedColumns(facts: FlowFacts): Assigned[] {
  const byValue = new Map<DataNode, Assigned>();
  for (const n of facts.nodes) {
    if (!n.frame) continue;
    for (const [column, values] of n.frame.columns)
      for (const value of values) if (!byValue.has(value)) byValue.set(value, { column, value, rows: rowSource(n) });
  }
  return [...byValue.values()];
}

/**
 * The second form across files: a notebook or script computes a column from another column of its rows (row by row,
 * or over a window ending at each row) and writes the rows to a file; another one reads that file, fits a model to
 * predict that other column with this one still among the features, and splits or cross-validates (features built in
 * `02_features.ipynb`, `sales` predicted in `03_model.ipynb`). Reported where the column is computed.
 */
function derivedFromTargetElsewhere(
  facts: FlowFacts,
  unit: PythonUnit,
  project: ProjectFlows,
  report: (r: Report) => void,
): void {
  if (!facts.writes.some((w) => w.path)) return;
  const assigned = assignedColumns(facts);
  if (!assigned.length) return;
  const lin = new Lineage();
  const seen = new Set<DataNode>();
  // Only so many paths in all, as the other walks across files follow.
  const paths = new Set<string>();
  for (const w of facts.writes) {
    if (!w.path || (!paths.has(w.path) && paths.size >= MAX_PATHS)) continue;
    paths.add(w.path);
    const written = assigned.filter((a) => !seen.has(a.value) && lin.derivesFrom(w.data, a.value));
    if (!written.length) continue;
    for (const [other, reads] of readersOf(project, w.path)) {
      if (other === unit) continue;
      const of = project.unit(other).flow;
      const olin = new Lineage();
      for (const { at, data, labels, target } of fitsToNamedTargets(of)) {
        if (!reads.some((r) => olin.derivesFrom(data, r) && olin.derivesFrom(labels, r))) continue;
        let kept: KeptColumns | undefined;
        for (const { column, value, rows } of written) {
          if (column === target || seen.has(value)) continue;
          const how = rowByRowFrom(value, target, rows);
          if (!how) continue;
          // The reading file names the columns it keeps or drops: the column must stay among the features there.
          kept ??= keptColumns(other, olin.of(data));
          // And must be among them by what that file says: picked by name, or the features are the table with the
          // target dropped (`df.drop(columns=["sales"])`). Features made some other way from the rows (audio read
          // from the paths a table lists) hold columns of their own.
          if (leftOut(other, kept, column)) continue;
          if (!kept.named.some((c) => c.includes(column)) && !kept.drops.some((t) => quotes(t, target))) continue;
          const split = splitFedBy(of, olin, reads, { cv: true, featuresOnly: true });
          if (!split) continue;
          seen.add(value);
          const file = `\`${other.path.split('/').pop()}\``;
          report({
            span: value.span,
            message:
              `\`${column}\` is computed from \`${target}\` ${how === 'window' ? WINDOW : 'row by row'} and is ` +
              `written to ${shownPath(w.path)}; ${file} fits a model to predict \`${target}\` with it among the ` +
              `features. Each row's feature holds its own label, so the score after ` +
              `${split.kind === 'cv' ? 'cross-validation' : 'the split'} there is inflated.`,
            related: [
              { range: unit.range(w.span), message: 'The rows are written here.' },
              {
                range: other.range(at),
                message: `A model learns \`${target}\` from features that include it here.`,
              },
              {
                range: other.range(split.span),
                message: split.kind === 'cv' ? 'The rows are cross-validated here.' : 'The rows are split here.',
              },
            ],
          });
        }
      }
    }
  }
}

/**
 * How the expression of `value` computes from the column `target` of the frame's own rows (`rows`), picked by name:
 * one row at a time (`'row'`), or over a window that ends at each row (`'window'`); undefined through a statistic, a
 * shift in time order, a window ending before the row, a prediction or a change of rows. Only the expression itself
 * counts (`df["price"] / df["sqft"]`): a pick of columns it cannot name (`df[cols].sum(axis=1)`) may not hold the
 * target, and the target of other rows (`prices[prices.name == "BP"]["price"]`) is another row's label.
 */
function rowByRowFrom(value: DataNode, target: string, rows: DataNode): 'row' | 'window' | undefined {
  const seen = new Set<DataNode>();
  const stack = [value];
  let window = false;
  while (stack.length && seen.size < 200) {
    const n = stack.pop()!;
    if (seen.has(n) || n.span.from < value.span.from || n.span.to > value.span.to) continue;
    seen.add(n);
    // A window that ends at the row itself (`df["sales"].rolling(7).mean()`) takes in that row's own target.
    if (n.ownRowInWindow) window = true;
    // A shift or window of its own stops the walk; the time order a result only carries from one (`.mean()` of a
    // window) does not.
    // (A statistic taken on the way stops it; a table of statistics, daily sums made the rows, does not. Groups stop
    // it too, unless a window ending at the row runs within each (`df.groupby("store")["sales"].transform(lambda x:
    // x.rolling(4).mean())`).)
    else if (
      (n.stat && takenAt(n.stat, n)) ||
      ownTimeOrder(n) ||
      n.windowed ||
      (n.grouped && !window) ||
      n.prediction ||
      n.rowsChanged ||
      n.source
    )
      continue;
    if (n.column === target) {
      // The column of the frame's groups, when a window within each group computed the value: the frame's rows.
      const of = window && n.parents[0]?.grouped ? n.parents[0].parents[0] : n.parents[0];
      if (of && rowSource(of) === rows) return window ? 'window' : 'row';
      continue;
    }
    stack.push(...n.parents);
  }
  return undefined;
}

/** True when `n` itself puts rows in time order or moves them in it (`.shift(1)`, `.rolling(3)`, a sort by date). */
function ownTimeOrder(n: DataNode): boolean {
  const t = n.timeOrdered;
  return !!t && t.span.from === n.span.from && t.span.to === n.span.to;
}

/** What the features of one fit say of the columns they keep, read once for every column asked about. */
interface KeptColumns {
  /** A pick by position, by type or by a list grown at run time: any column may be left out. */
  readonly unknown: boolean;
  /** The columns of each pick by names on the way. */
  readonly named: ReadonlyArray<readonly string[]>;
  /** The text of each `drop` on the way. */
  readonly drops: readonly string[];
  /** The names left out by picks of every column but some. */
  readonly allBut: readonly string[];
}

function keptColumns(unit: PythonUnit, features: ReadonlySet<DataNode>): KeptColumns {
  const named: string[][] = [];
  const drops: string[] = [];
  const allBut: string[] = [];
  for (const n of features) {
    // Columns picked by position (`df.iloc[:, :-2]`) or by type (`select_dtypes`): which ones stay is not known.
    // Every column but some (`df[[c for c in df.columns if c != "y"]]`): those are left out, any other kept.
    if (n.allBut) allBut.push(...n.allBut);
    else if (n.columnPick) return { unknown: true, named, drops, allBut };
    if (n.columns) named.push(n.columns);
    const text = unit.text(n.span);
    if (/\.select_dtypes\(/.test(text)) return { unknown: true, named, drops, allBut };
    if (/\.drop\(/.test(text)) drops.push(text);
    // Columns picked by a list grown at run time (`X = df[l]`, `l` the columns most correlated with the target
    // appended in a loop, the last two popped): which ones it holds is not known.
    const by = n.parents.length === 2 ? n.parents[1] : undefined;
    if (PICK_BY_NAME.test(text) && !n.rowsChanged && by && GROWN.test(unit.text(by.span)))
      return { unknown: true, named, drops, allBut };
  }
  return { unknown: false, named, drops, allBut };
}

/**
 * True when `value` is assigned as `column` of a frame on the way up from `data` through the frames it was made from
 * (a pick, a slice, a copy of rows), or is a parent of a step on that way (a pick of columns by name carries the
 * values of the columns it picks), not only reached through some other value on the way (a helper reading it).
 */
function inFrameChain(data: DataNode, column: string, value: DataNode): boolean {
  let cur: DataNode | undefined = data;
  for (let i = 0; cur && i < 64; i++) {
    if (cur.frame?.columns.get(column)?.includes(value) || cur.parents.includes(value)) return true;
    cur = cur.rowsOf ?? cur.parents[0];
  }
  return false;
}

/** True when `text` names `column` in quotes (`drop(columns=["sales"])`). */
function quotes(text: string, column: string): boolean {
  const name = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`["']${name}["']`).test(text);
}

/**
 * True when the features leave `column` out on the way, or may: a pick of named columns without it (`df[["sqft",
 * "rooms"]]`), a pick by position, by type or by a list grown at run time, or a `drop` or `del` that names it, which
 * the pass may not have followed column by column.
 */
function leftOut(unit: PythonUnit, kept: KeptColumns, column: string): boolean {
  if (kept.unknown || kept.named.some((columns) => !columns.includes(column))) return true;
  if (kept.drops.some((text) => quotes(text, column)) || kept.allBut.includes(column)) return true;
  const name = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\s*del\\s+[\\w.]+\\[["']${name}["']\\]`, 'm').test(unit.module.source);
}
