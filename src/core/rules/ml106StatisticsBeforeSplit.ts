// ML106: pandas or NumPy statistics over all rows (a median filling gaps, hand standardisation, quantile
// clipping, rare categories grouped by frequency) shape the features before the rows are split.
import type { DataNode, FlowFacts, SplitEvent, StatEvent, StatUse } from '../flow/facts';
import {
  Lineage,
  loadedFrom,
  rowSource,
  classMethodCaller,
  columnOf,
  concatConsumer,
  elsewhereRelated,
  fromSeparateLoads,
  howItLeaves,
  splitLater,
  isImputer,
  isFull,
  leavesTheFile,
  picksColumns,
  placeOf,
  splitElsewhere,
  splitFedBy,
  splitPlace,
  targetColumns,
} from '../flow/queries';
import type { UnitRule } from './rule';
import type { RelatedLocation } from '../model/findings';
import { ReportedPlaces, placeKey } from './reportedPlaces';
import type { PythonUnit } from '../python/unit';
import type { Span } from '../python/ast';
import { statementAt } from '../fixes/source';

/** Statistics that set outlier bounds, and what the message calls them. */
const BOUNDS: Record<string, string> = {
  quantile: 'quantiles',
  percentile: 'percentiles',
  nanpercentile: 'percentiles',
  nanquantile: 'quantiles',
  describe: 'quartiles',
  mean: 'means',
  median: 'medians',
  std: 'standard deviations',
};

/** Loaders of image datasets, and readers of image files: their arrays hold pixel intensities. */
const IMAGE_SOURCE = new RegExp(
  String.raw`^(sklearn\.datasets\.(load_digits|fetch_olivetti_faces|fetch_lfw_people|load_sample_images?)` +
    String.raw`|(tensorflow\.)?keras\.datasets\.\w+\.load_data|torchvision\.datasets\.\w+|cv2\.imread` +
    String.raw`|PIL\.Image\.open|matplotlib\.pyplot\.imread|skimage\.io\.imread|imageio\.(v\d\.)?imread)$`,
);

/**
 * The largest (or smallest) value over the whole array of images read by an image loader (`images /= np.max(images)`
 * on `load_digits().images`): that is the pixel range of the image format, the same for every image whatever was
 * held out, not a statistic the test rows shape.
 */
function pixelRange(st: StatEvent): boolean {
  if (st.kind !== 'summary' || !/^(a?max|a?min|ptp)$/.test(st.method)) return false;
  const loaded = loadedFrom(st.input, 32);
  return !!loaded && IMAGE_SOURCE.test(loaded.source!.qualified);
}

/** True for a statistic that sets outlier bounds: quantiles, or means and standard deviations, of all rows. */
function outlierBounds(st: StatEvent): boolean {
  return st.kind === 'summary' && Object.hasOwn(BOUNDS, st.method);
}

/** ML106 statistics-before-split. */
export const statisticsBeforeSplit: UnitRule = {
  scope: 'unit',
  meta: {
    code: 'ML106',
    name: 'statistics-before-split',
    title: 'Statistics of all rows used in features before the split',
    category: 'leakage',
    level: 2,
    defaultSeverity: 'warning',
    fix: 'none',
    affects: ['L2.heldout-evaluation'],
    docs: {
      whatItDoes:
        'Finds a statistic taken with pandas or NumPy over all rows (`mean`, `median`, `mode`, `std`, `quantile`, ' +
        '`min`/`max`, `value_counts`, per-group means) that is put back into the data (`fillna`, `(X - ' +
        'X.mean()) / X.std()`, `clip`, a threshold, rare categories replaced, also through a function applied to ' +
        'each value (`lambda x: "other" if x in rare else x`), each category replaced by its count or share ' +
        '(`df[c].map(df.groupby(c).size() / len(df))`, or the counts merged back on the key they were counted by)) ' +
        'when those rows are afterwards ' +
        'split into train and test or cross-validated. Also the same on train and test files concatenated and ' +
        'taken apart again; rows written out (`to_csv`, `to_parquet`, with the path written out or in a name) that ' +
        'another notebook or script of the project reads and splits, or that a function of a module returns to a ' +
        'script that imports it and splits them (`train, test = preprocess(train, test)`; also a method of a ' +
        "module's class, `Preprocessor(cols).fit_transform(df)`); and rows dropped as " +
        'outliers by bounds drawn ' +
        'around every column at once (the ' +
        'quartiles, or the means and standard deviations, of a whole frame of all rows). Statistics of the training ' +
        'part applied to the test part, and a bound on one named column (bad measurements of one quantity ' +
        "removed), are not reported; nor are a column's own minimum and maximum closing the outer bins of " +
        "`pd.cut` (no row's bin depends on them), and the statistics a function applied per group " +
        '(`groupby(k).apply(f)`) or a loop over the groups (`for k, g in df.groupby(k)`) takes of each group, ' +
        'unless it fills gaps; nor a skewness that only picks the columns a row-wise transform is applied to ' +
        '(`df[skewed] = np.log1p(df[skewed])`), or the first or last date taken as the day others are counted from ' +
        '(`(df["date"].max() - df["signup"]).dt.days`), or a value added to or taken from a column that is its ' +
        'largest, smallest, mean or median (`df["year"].max() - df["year"]`, `x - x.mean()`): every row moves by ' +
        'the same amount, and a division by a range or deviation of all rows after it is still reported. Gaps ' +
        'filled with ' +
        'values drawn at random from a column of all rows (`np.random.choice(df[c].dropna())`, ' +
        '`df[c].dropna().sample(n_missing)`) are a mild form, ' +
        'reported one severity lower, as information; a random sample of row labels ' +
        '(`np.random.choice(df.index, n)`) is no statistic. Images read by an image loader divided by their largest ' +
        'value (`images / np.max(images)`) are rescaled by the pixel range of their format, not by a statistic of ' +
        'the rows: not reported.',
      whyBad:
        'A median that fills gaps, a mean and a standard deviation that scale a column, or a frequency table that ' +
        'decides which categories are rare are computed from the test rows too. The test rows then are not new ' +
        'to the features the model is trained on, and the test score is better than what the model will do on ' +
        'data it has never seen. The effect is small for a median over thousands of rows and large for small ' +
        'data, quantiles and per-group statistics.',
      example: [
        '```python',
        'df["age"] = df["age"].fillna(df["age"].median())   # median of every row',
        'X = (X - X.mean()) / X.std()',
        'X_train, X_test, y_train, y_test = train_test_split(X, y)',
        '```',
      ].join('\n'),
      useInstead: [
        '```python',
        'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
        'median = X_train["age"].median()                # training rows only',
        'X_train["age"] = X_train["age"].fillna(median)',
        'X_test["age"] = X_test["age"].fillna(median)',
        '```',
        'Or use `SimpleImputer` and `StandardScaler` in a `Pipeline`, which learn on the training rows of each fit.',
      ].join('\n'),
      fixSafety:
        'No automatic fix: the statistic has to be taken on the training part after the split, and the code in ' +
        'between varies too much.',
    },
  },
  check({ unit, index, projectIndex, report }) {
    const facts = projectIndex.modelFlow(index);
    // Rows written out may be split by another notebook or script of the project.
    if (!facts?.statUses.length || !(facts.splits.length || leavesTheFile(facts, projectIndex))) return;
    // Values only: a statistic that went into the column rows are sorted by, whose labels then pick the rows of the
    // split, decided which rows each part holds, not what is in them.
    const lin = new Lineage(true);
    const targets = targetColumns(facts);
    // A run of similar lines (`fillna` column after column) is one leak, reported once at its first line.
    const places = new ReportedPlaces();
    // The related places of a finding reported where a helper of this unit is called, by the call's place.
    const helperCalls = new Map<string, { related: RelatedLocation[]; split: RelatedLocation }>();
    let wholeFills: Map<DataNode, StatUse> | undefined;
    const splitOutside = (output: DataNode) =>
      leavesTheFile(facts, projectIndex) ? splitElsewhere(unit, facts, lin, [output], projectIndex) : undefined;
    const writtenAndSplit = (output: DataNode) => {
      const e = splitOutside(output);
      if (!e) return undefined;
      const how = howItLeaves(e);
      return {
        range: e.unit.range(e.split.span),
        message: `${how[0].toUpperCase()}${how.slice(1)}, the rows are split here.`,
      };
    };
    // Outputs of statistics that only moved the values (`x - x.mean()`).
    const shifts = new Set(facts.statUses.filter((u) => u.shift).map((u) => u.output));
    for (const u of facts.statUses) {
      const st = u.stat;
      if (!isFull(st.input) || st.kind === 'selection') continue;
      // Statistics that only pick rows are quiet (a bound on one measurement, rare classes dropped so a split
      // can stratify), unless they draw an outlier box around every column at once.
      if (u.rowFilter && !(u.box && outlierBounds(st))) continue;
      // One constant added or taken away (`df.year.max() - df.year`): a translation, which teaches a model nothing.
      if (u.shift && !u.rowFilter) continue;
      // A count that only says how many rows to draw (`np.random.choice(idx, size=n_majority - n_minority)`): the
      // draw is resampling (ML102), and no value of the count goes into a feature.
      if (u.output.resampledBy) continue;
      const text = unit.text(u.span);
      if (picksColumns(st.kind, st.method, text)) continue;
      // A skewness that picks the columns a row-wise transform is applied to (`df[skewed] = np.log1p(df[skewed])`):
      // which columns, not what is in them.
      if (/^(skew|kurt|kurtosis)$/.test(st.method) && /^[\w.]+\s*\[/.test(text)) continue;
      // Images divided by their largest value: the pixel range of the image format, not a statistic of the rows.
      if (pixelRange(st)) continue;
      // The first and last row labels (`pd.date_range(df.index.min(), df.index.max())` to reindex by every day): the
      // span of the rows, which no value of a feature comes from.
      if (st.input.labels && /^(a?min|a?max)$/.test(st.method)) continue;
      // The first or last date taken as the point days are counted from (`now = df["date"].max()`, then
      // `(now - df["signup"]).dt.days`): every row's count moves by the same amount, no feature value comes from it.
      if (referenceDate(st, text)) continue;
      // Per-group statistics of the target are target leakage (ML108).
      if (st.kind === 'group' && st.column && targets.has(st.column)) continue;
      // Columns dropped by their share of missing values or a count: which columns, not what is in them.
      if (/columns\s*=|axis\s*=\s*(1|['"]columns['"])/.test(text)) continue;
      // Inside a helper of this unit, the leak happens where the helper is called on the rows; a statistic taken
      // before, outside any helper, and only read inside one (`age1 = df[...].median()` for a row function) leaks
      // where it is taken.
      const at = u.site && !st.site ? st.span : (u.site ?? u.span);
      const r = unit.range(at);
      // Another statistic inside a helper already reported where it is called: that finding shows this one too.
      const reported = places.has(r);
      const sameCall = reported && st.site ? helperCalls.get(placeKey(r)) : undefined;
      if (reported && !sameCall) continue;
      const column = columnOf(st.input);
      // A group's row count mapped back onto its rows (`df[c].map(df.groupby(c).size() / len(df))`) is each
      // category's frequency over all rows, as `value_counts` is: the test rows are counted in every training row's.
      const frequency = categoryFrequency(unit, st, text);
      // A function applied per group (`groupby(k).apply(f)`) takes statistics the method does not name.
      const method = frequency
        ? 'category counts'
        : /^(agg|aggregate|apply)$/.test(st.method)
          ? 'statistics'
          : st.method.replace(/_/g, ' ');
      const stat = `${st.kind === 'group' && !frequency ? 'per-group ' : ''}${method}`;
      // Plural statistics (`value_counts`, category counts, `agg` per group as "statistics") take the plural verb.
      const plural = method === 'statistics' || method === 'value counts' || !!frequency;
      const shape = plural ? 'shape' : 'shapes';
      const fills = plural ? 'fill' : 'fills';
      // A fill of one column with a statistic of another (`df[te].fillna(y.mean())`) names both.
      // The rows it is put into, under a shift taken first (`(x - x.mean()) / x.std()` puts the deviation into `x`).
      let receiver = u.output.parents.find((p) => !p.stat);
      for (let i = 0; receiver && shifts.has(receiver) && i < 4; i++) receiver = receiver.parents.find((p) => !p.stat);
      const filled = receiver ? columnOf(receiver) : undefined;
      const across = !!column && filled !== column && /\.fillna\(/.test(text);
      const shaped = column ?? frequency;
      const of = across ? (filled ? `\`${filled}\`` : 'features') : shaped ? `\`${shaped}\`` : 'features';
      const rows = across ? `of \`${column}\` over all rows` : 'of all rows';
      // A per-group statistic mapped onto the rows (`df["g"].map(modes)`) fills when `fillna` takes it in.
      // A group's statistic taken in a loop over the groups and written into rows of a frame picked by a mask
      // (`df.loc[nulls & (df.g == key), "x"] = group.median()`) fills them, as `fillna` would.
      const filling =
        /\.fillna\(|\.replace\(|\.interpolate\(|\.isnull\(|\.isna\(/.test(text) ||
        (st.kind === 'group' && fillsWith(facts, unit, u.output)) ||
        (!!st.ofGroupInLoop && /^[\w.]+\.i?loc\s*\[/.test(text));
      // A fill of values an imputer fit on all rows already passed through (`df[cols] = imputer.fit_transform(...)`,
      // then `df["Age"].fillna(...)`) finds no gap left: the imputer is the leak, reported as ML101.
      if (filling && /\.fillna\(/.test(text) && imputedBefore(facts, lin, st.input, u.seq)) continue;
      // Nor does a fill of a frame that an earlier fill of every column with that frame's statistics left without
      // gaps, nothing else done to it in between (`df.fillna(df.mode().iloc[0], inplace=True)` run twice).
      if (filling && receiver && /\.fillna\(/.test(text)) {
        wholeFills ??= wholeFrameFills(facts, unit);
        if (filledBefore(wholeFills, receiver, u.seq)) continue;
      }
      // Per-group statistics of features (the nearest atom of each molecule) describe each group's own rows;
      // only filling gaps with them takes values from rows of other groups' test parts. On train and test files
      // stacked, each group holds rows of both files, so the test file's rows shape the training features.
      const stacked = fromSeparateLoads(st.input, lin);
      if (st.kind === 'group' && !filling && !stacked && !frequency) continue;
      if (stacked) {
        const here = concatConsumer(facts, lin, [u.output]);
        const back = here ? { range: unit.range(here.span), message: here.note } : writtenAndSplit(u.output);
        if (!back) continue;
        places.mark(r);
        // One finding per statistic on the concatenation, wherever it is repeated.
        if (!places.once(`concat:${st.method}`)) continue;
        // The training file's rows split again, or cross-validated: the rows a score is read on are in the statistic
        // whether or not the competition's test file is ever scored.
        const validated = splitFedBy(facts, lin, [u.output], { cv: true });
        const scored = validated
          ? validated.kind === 'cv'
            ? `The rows cross-validated in ${placeOf(unit, validated.span)} are in it too, so the fold scores are ` +
              'optimistic.'
            : `The rows held out by the split in ${placeOf(unit, validated.span)} are in it too, so their score is ` +
              'optimistic.'
          : 'The test rows shape the training features, so scores on them are optimistic.';
        report({
          span: at,
          message: `The ${stat} of train and test rows concatenated ${filling ? fills : shape} ${of}. ${scored}`,
          related: validated ? [back, splitPlace(unit, validated)] : [back],
        });
        continue;
      }
      const split = splitFedBy(facts, lin, [u.output], { cv: true });
      if (!split) {
        // Written out and split by another notebook or script: the statistic is in the features it splits.
        const elsewhere = u.rowFilter ? undefined : splitOutside(u.output);
        if (!elsewhere) continue;
        // A function returning several frames (`return train, test`) hands them over as one value: only a statistic put
        // back into its own rows is followed, not the training median that fills the competition's test file.
        // Its own rows include a subset of them (`df.loc[df[c] != 0, c].median()` put into the zeros of `df[c]`).
        const ownRows =
          !!receiver && (lin.contains(rowSource(receiver), st.input) || (filling && sameFrame(receiver, st.input)));
        if (elsewhere.call && !ownRows) continue;
        // Returned to a file that imports the function: where the statistic is, not where this file calls it.
        const there = elsewhere.call ? u.span : at;
        if (!places.claim(unit.range(there), st.method)) continue;
        report({
          span: there,
          message:
            `The ${stat} ${rows} ${filling ? fills : shape} ${of}, ` +
            `${splitLater(elsewhere)}. The test rows are in that statistic, so the test score is optimistic.`,
          related: [
            { range: unit.range(st.span), message: 'The statistic is taken here, over every row.' },
            ...elsewhereRelated(elsewhere),
          ],
        });
        continue;
      }
      // Models fit on the parts of the split, none of them on features or labels the statistic shaped: the column it
      // went into was dropped after the split (a label made only to stratify it).
      if (split.kind === 'holdout' && !fitsShapedBy(facts, lin, split, u.output)) continue;
      if (sameCall) {
        const range = unit.range(st.span);
        if (!sameCall.related.some((x) => x.range.startLine === range.startLine)) {
          // After the helper's statistics listed so far, before the split's place.
          sameCall.related.splice(sameCall.related.indexOf(sameCall.split), 0, {
            range,
            message: `Inside the function called here, the ${stat} of all rows is taken here too.`,
          });
        }
        continue;
      }
      if (!places.claim(r, st.method, statementEnd(unit, at))) continue;
      const place =
        split.kind === 'cv'
          ? `cross-validation in ${placeOf(unit, split.span)}`
          : `the split in ${placeOf(unit, split.span)}`;
      const taken = {
        range: unit.range(st.span),
        message: st.site
          ? 'Inside the function called here, the statistic is taken here, over every row.'
          : 'The statistic is taken here, over every row.',
      };
      const splitHere = splitPlace(unit, split);
      if (u.rowFilter) {
        report({
          span: at,
          message:
            `The ${BOUNDS[st.method] ?? st.method} of every column over all rows decide which rows are dropped as ` +
            `outliers before ${place}. The test rows set those bounds and are trimmed by them, so the test score ` +
            `is optimistic.`,
          related: [taken, splitHere],
        });
        continue;
      }
      // Values drawn at random from a column of every row: the training rows get test rows' values, a mild form.
      if (st.method === 'random draws') {
        report({
          span: at,
          message:
            `Values drawn at random from ${column ? `\`${column}\`` : 'a column'} over all rows fill ${of} before ` +
            `${place}. Some training rows get test rows' values, a mild leak; draw from the training rows after the ` +
            'split instead.',
          related: [taken, splitHere],
          milder: true,
        });
        continue;
      }
      const caller = classMethodCaller(unit, at, projectIndex);
      const related: RelatedLocation[] = [
        at === st.span && u.site
          ? { range: unit.range(u.site), message: 'A function that reads it runs on the rows here.' }
          : taken,
        splitHere,
        // Inside a class of a module, where another file runs it.
        ...(caller ? [caller] : []),
      ];
      // The helper's other statistics on these rows are added to this finding as they come.
      if (st.site && at !== st.span) helperCalls.set(placeKey(r), { related, split: splitHere });
      report({
        span: at,
        message:
          `The ${stat} ${rows} ${filling ? fills : shape} ${of} ` +
          `before ${place}. ` +
          `The test rows are in that statistic, so the test score is optimistic.`,
        related,
      });
    }
  },
};

/**
 * True when two picks are of one frame (`df[c].fillna(df[c].median())` with `c` a column name the pass does not know):
 * a fill puts the statistic back into the rows it was taken of.
 */
function sameFrame(a: DataNode, b: DataNode): boolean {
  return a.parents.length > 0 && a.parents[0] === b.parents[0] && !a.rowsChanged && !b.rowsChanged;
}

/** The last line of the statement around `span` (a fill written over several lines). */
function statementEnd(unit: PythonUnit, span: Span): number | undefined {
  const stmt = statementAt(unit, span);
  return stmt ? unit.range(stmt).endLine : undefined;
}

/** True when `n`'s values came through an imputer fit on all rows before `seq`. */
function imputedBefore(facts: FlowFacts, lin: Lineage, n: DataNode, seq: number): boolean {
  return facts.transforms.some(
    (t) => t.seq < seq && isImputer(t.fit.object) && isFull(t.fit.data) && lin.derivesFrom(n, t.output),
  );
}

/**
 * The outputs of the unit's `fillna` calls that fill every column of a whole frame with statistics of that frame
 * (`df.fillna(df.mode().iloc[0])`), by output, once per unit.
 */
function wholeFrameFills(facts: FlowFacts, unit: PythonUnit): Map<DataNode, StatUse> {
  const whole = (n: DataNode) => !n.column && !n.columns && !n.columnPick && !n.series;
  const out = new Map<DataNode, StatUse>();
  for (const u of facts.statUses) {
    if (!whole(u.stat.input) || !/^[\w.]+\.fillna\(/.test(unit.text(u.span).trim())) continue;
    const receiver = u.output.parents.find((p) => !p.stat);
    if (receiver && whole(receiver) && rowSource(receiver) === rowSource(u.stat.input)) out.set(u.output, u);
  }
  return out;
}

/**
 * True when `frame` is, step for step with nothing joined in, what an earlier one of `fills` returned: no gap is left
 * to fill.
 */
function filledBefore(fills: ReadonlyMap<DataNode, StatUse>, frame: DataNode, seq: number): boolean {
  let cur: DataNode | undefined = frame;
  for (let i = 0; cur && i < 8; i++) {
    const u = fills.get(cur);
    if (u && u.seq < seq) return true;
    cur = cur.parents.length === 1 ? cur.parents[0] : undefined;
  }
  return false;
}

/**
 * The grouping column, when a group's row count is mapped back onto it in the same rows (`df[c].map(df.groupby(c)
 * .size())`, or merged on it: `df.merge(df.groupby(c).size().reset_index(), on=c)`): each category's count over all
 * rows becomes the feature, as `value_counts` is. A count of another table's records
 * per key (`users["id"].map(sessions.groupby("user_id").size())`), or ranked into a code, is each entity's own.
 */
function categoryFrequency(unit: PythonUnit, st: StatUse['stat'], text: string): string | undefined {
  if (st.kind !== 'group' || (st.method !== 'size' && st.method !== 'count')) return undefined;
  const grouped = /^([A-Za-z_][\w.]*)\.groupby\(\s*(?:by\s*=\s*)?(["'])([^"']+)\2\s*\)/.exec(unit.text(st.span));
  if (!grouped) return undefined;
  const key = grouped[3];
  const mapped = /^([A-Za-z_][\w.]*)(?:\[\s*(["'])([^"']+)\2\s*\]|\.([A-Za-z_]\w*))\.map\(/.exec(text);
  if (mapped) return grouped[1] === mapped[1] && key === (mapped[3] ?? mapped[4]) ? key : undefined;
  // Or the counts merged back onto the frame by the key they were counted by (`df.merge(counts, on="Product ID")`).
  const merged = /^([A-Za-z_][\w.]*)\.merge\([^)]*?\bon\s*=\s*\[?\s*(["'])([^"']+)\2\s*\]?\s*[,)]/.exec(text);
  return merged && grouped[1] === merged[1] && key === merged[3] ? key : undefined;
}

/**
 * True when `values` fill gaps (`df["x"].fillna(df["g"].map(per_group_mode))`): a call of `fillna` takes them in as
 * what to fill with (an argument, not the frame it fills: the receiver comes first among the call's parents).
 */
function fillsWith(facts: FlowFacts, unit: PythonUnit, values: DataNode): boolean {
  return facts.nodes.some((n) => {
    const i = n.parents.indexOf(values);
    if (i < 0) return false;
    const text = unit.text(n.span);
    return (i > 0 && /\.fillna\(/.test(text)) || MISSING_CHOICE.test(text);
  });
}

/**
 * A value chosen only where a row's own is missing (`med[row["g"]] if pd.isna(row["x"]) else row["x"]`, in a function
 * applied to each row): a fill written out by hand.
 */
const MISSING_CHOICE =
  /\bif\s+(?:not\s+)?(?:(?:pd|pandas|np|numpy|math)\.)?(?:isna|isnull|isnan)\(|\bif\s+[^:]*\.(?:isna|isnull)\(\)/;

/**
 * False when models are fit on the parts of `split` and none of them on data or labels that `values` shaped; true
 * otherwise (shaped, or no fit seen on the parts, when what happens to them is not known).
 */
function fitsShapedBy(facts: FlowFacts, lin: Lineage, split: SplitEvent, values: DataNode): boolean {
  const onParts = facts.fits.filter((f) => f.data?.parts.some((p) => p.split === split));
  if (!onParts.length) return true;
  return onParts.some(
    (f) => lin.derivesFrom(f.data!, values) || (f.target !== undefined && lin.derivesFrom(f.target, values)),
  );
}

/** Dates by a column's name: `snapshot_date`, `InvoiceDate`, `created_at`, `timestamp`. */
const DATE_COLUMN = /(date|time|day|_at$|^at$)/i;

/**
 * True for the first or last date of a column (`df["snapshot_date"].max()`) put into the data only as a date
 * difference (`(now - df["engage_date"]).dt.days`, `now + timedelta(days=30)`).
 */
function referenceDate(st: StatEvent, useText: string): boolean {
  if (!/^(min|max)$/.test(st.method)) return false;
  const column = columnOf(st.input);
  // Only moved, never scaled (`(d - d.min()) / (d.max() - d.min())` spreads every row by the span of all rows).
  if (!column || !DATE_COLUMN.test(column) || /[/*%]/.test(useText)) return false;
  if (/\.dt\.|timedelta|Timedelta|DateOffset|\.days\b/.test(useText)) return true;
  // A difference with another date column (`now - df["engage_date"]`).
  return /-/.test(useText) && /(["'])[^"']*(date|time|day)[^"']*\1/i.test(useText);
}
