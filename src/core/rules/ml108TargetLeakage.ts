// ML108: features computed from the target over all rows (per-group means of the target joined back).
import type { StatUse } from '../flow/facts';
import { Lineage, isFull, loadedFrom, placeOf, splitFedBy, targetColumns } from '../flow/queries';
import type { UnitRule } from './rule';

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
        '`.map(df.groupby(...)[target].mean())`, before the rows are split or cross-validated. The target is ' +
        'what a model is fit to predict, or what is handed to the split as labels. A per-group table stacked ' +
        'under other rows with `pd.concat` (duplicate rows averaged into one) adds rows, not a feature, and is ' +
        "not reported; nor is a summary of another table's labels per key merged onto rows read separately (credit " +
        "records summed per applicant into the applicants' label): it defines their label.",
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
    if (!facts?.statUses.length) return;
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
      const r = unit.range(at);
      const key = `${r.cell ?? ''}:${r.startLine}`;
      if (seen.has(key)) continue;
      seen.add(key);
      report({
        span: at,
        message:
          `Per-group ${/^(transform|agg|aggregate|apply)$/.test(st.method) ? 'statistics' : st.method} of the ` +
          `target \`${st.column}\` ` +
          `become a feature before ${split.kind === 'cv' ? 'cross-validation' : 'the split'} ` +
          `in ${placeOf(unit, split.span)}. ` +
          `Each row's feature holds its own label, so the score is inflated.`,
        related: [
          { range: unit.range(st.span), message: 'The target is summarised here, over every row.' },
          {
            range: unit.range(split.span),
            message: split.kind === 'cv' ? 'Cross-validation runs here.' : 'The rows are split here.',
          },
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
