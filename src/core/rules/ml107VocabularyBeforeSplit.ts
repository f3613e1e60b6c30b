// ML107: category vocabularies (get_dummies, LabelEncoder, OneHotEncoder) learned on all rows before the
// split: the mild form of preprocessing leakage, where only the list of categories leaks.
import type { DataNode, FlowFacts, VocabularyEvent } from '../flow/facts';
import {
  categoriesGiven,
  classMethodCaller,
  Lineage,
  columnOf,
  elsewhereRelated,
  splitLater,
  isFull,
  leavesDummiesOut,
  leavesTheFile,
  placeOf,
  shortName,
  splitElsewhere,
  splitFedBy,
  splitPlace,
  targetColumns,
  vocabularyOnly,
} from '../flow/queries';
import type { UnitRule } from './rule';
import { ReportedPlaces } from './reportedPlaces';

/** ML107 vocabulary-before-split. */
export const vocabularyBeforeSplit: UnitRule = {
  scope: 'unit',
  meta: {
    code: 'ML107',
    name: 'vocabulary-before-split',
    title: 'Category vocabulary learned on all rows before the split',
    category: 'leakage',
    level: 2,
    defaultSeverity: 'info',
    fix: 'none',
    docs: {
      whatItDoes:
        'Finds `pd.get_dummies`, `pd.factorize`, the codes of `astype("category")` or `pd.Categorical` ' +
        '(`.cat.codes`), `LabelEncoder`, `OneHotEncoder` or `OrdinalEncoder` applied to the features of all rows ' +
        'when those rows are afterwards split or cross-validated, there or in another notebook or script that reads ' +
        'them back from a file this one writes or that imports the module function returning them. Encoding the ' +
        'target, a category dtype whose ' +
        'codes are never read (a conversion to save memory), dummy columns of a written-out prefix that a ' +
        'written-out list of features leaves out, and `get_dummies` of a column whose categories were fixed ' +
        'beforehand (`pd.Categorical(..., categories=[...])`), and an encoder handed every category written out ' +
        '(`OrdinalEncoder(categories=[["low", "mid", "high"]])`), are not reported.',
      whyBad:
        'Only the list of categories leaks, not statistics: a category that occurs only in the test rows still ' +
        'gets its own column or code, which the model could never have learned from training data alone. The ' +
        'effect on the score is usually small, which is why this is information rather than a warning; it ' +
        'matters for rare categories and for code that will meet new categories in production.',
      example: [
        '```python',
        'X = pd.get_dummies(df.drop(columns="churn"))',
        'X_train, X_test, y_train, y_test = train_test_split(X, df["churn"])',
        '```',
      ].join('\n'),
      useInstead: [
        '```python',
        'X_train, X_test, y_train, y_test = train_test_split(df.drop(columns="churn"), df["churn"], random_state=0)',
        'encoder = OneHotEncoder(handle_unknown="ignore").fit(X_train[categorical])',
        '```',
        'Or fix the categories first: `df["plan"] = pd.Categorical(df["plan"], categories=PLANS)`.',
      ].join('\n'),
      fixSafety:
        'No automatic fix: the encoder has to be fit on the training part after the split, and applied to both ' +
        'parts, which moves code the rule cannot rewrite reliably.',
    },
  },
  check({ unit, index, projectIndex, report }) {
    const facts = projectIndex.modelFlow(index);
    // Rows written out may be split by another notebook or script of the project.
    if (!facts || !(facts.splits.length || leavesTheFile(facts, projectIndex))) return;
    // Codes that only fed a selector's scores choose columns: their values reach no split.
    const lin = new Lineage(false, false);
    const targets = targetColumns(facts);
    // A run of similar lines (`le.fit_transform` column after column) is one leak, reported once at its first line.
    const places = new ReportedPlaces();
    const consider = (
      span: { from: number; to: number },
      what: string,
      input: DataNode,
      outputs: DataNode[],
      dummies?: VocabularyEvent['dummyColumns'],
      own = span,
    ) => {
      // Codes aligned over train and test files concatenated give both the same columns; when the training rows are
      // then split again, the codes were still learnt from the validation rows too (the mild leak labellers mark).
      if (!isFull(input) || !outputs.length) return;
      const column = columnOf(input);
      if (column && targets.has(column)) return;
      for (const a of lin.of(input)) if (a.fixedCategories) return;
      // Dummies of columns binned at edges written out (`pd.cut(df["BMI"], bins=[0, 18.5, 25, 30, 100])`): a
      // column per bin, whatever the rows hold.
      const binned = (c: string) => {
        const nodes = input.frame?.columns.get(c);
        return !!nodes?.length && nodes.every((x) => x.fixedBins);
      };
      if (dummies?.sources.length && dummies.sources.every(binned)) return;
      // Dummy columns joined to a frame from which a list of other columns is then picked never reach the split.
      const stopAt = dummies ? (n: DataNode) => leavesDummiesOut(n, dummies) : undefined;
      const split = splitFedBy(facts, lin, outputs, { cv: true, featuresOnly: true, stopAt });
      // Codes that reach this file's split as its labels (`data["target"] = le.fit_transform(data["sick"])`, then
      // `y = data["target"]`) are the label's classes, wherever the parts go from there.
      if (!split && (labelsOfSplit(facts, lin, outputs) || returnedAsLabels(facts, lin, outputs))) return;
      const elsewhere =
        split || !leavesTheFile(facts, projectIndex)
          ? undefined
          : splitElsewhere(unit, facts, lin, outputs, projectIndex, undefined, true);
      if (!split && !elsewhere) return;
      // Returned to a file that imports the function: where the encoder is, not where this file calls it.
      if (elsewhere?.call) span = own;
      if (!places.claim(unit.range(span), what)) return;
      // Inside a helper, reported where the helper is called on the rows: the encoder's own line too.
      const inside =
        own !== span
          ? [{ range: unit.range(own), message: 'Inside the function called here, the categories are learnt here.' }]
          : [];
      if (elsewhere) {
        report({
          span,
          message:
            `${what} learns the categories of all rows, ${splitLater(elsewhere)}. ` +
            'Only the category list leaks: a category seen only in test rows still gets its own code.',
          related: [...inside, ...elsewhereRelated(elsewhere)],
        });
        return;
      }
      if (!split) return;
      // Inside a class of a module, where another file runs it.
      const caller = classMethodCaller(unit, span, projectIndex);
      report({
        span,
        message:
          `${what} learns the categories of all rows before ` +
          `${split.kind === 'cv' ? 'cross-validation' : 'the split'} ` +
          `in ${placeOf(unit, split.span)}. ` +
          `Only the category list leaks: a category seen only in test rows still gets its own code.`,
        related: [...inside, splitPlace(unit, split), ...(caller ? [caller] : [])],
      });
    };
    for (const v of facts.vocabularies) {
      if (v.input.stat) continue;
      consider(
        v.span,
        v.qualified === 'pandas.get_dummies'
          ? '`get_dummies`'
          : v.qualified === 'pandas.factorize'
            ? '`factorize`'
            : v.qualified === 'pandas.Categorical'
              ? '`Categorical`'
              : '`astype("category")`',
        v.input,
        [v.output],
        v.dummyColumns,
      );
    }
    for (const fit of facts.fits) {
      if (!fit.data || !vocabularyOnly(fit.object) || categoriesGiven(fit.object)) continue;
      if (fit.method !== 'fit' && fit.method !== 'fit_transform') continue;
      const outputs = facts.transforms.filter((t) => t.fit === fit).map((t) => t.output);
      consider(fit.site ?? fit.call, `\`${shortName(fit.object.qualified)}\``, fit.data, outputs, undefined, fit.call);
    }
  },
};

/** True when `outputs` reach a split of the unit as the labels it is handed last (`train_test_split(X, y)`). */
function labelsOfSplit(facts: FlowFacts, lin: Lineage, outputs: readonly DataNode[]): boolean {
  return facts.splits.some(
    (s) =>
      s.kind === 'holdout' &&
      s.inputs.length >= 2 &&
      outputs.some((o) => lin.derivesFrom(s.inputs[s.inputs.length - 1], o)),
  );
}

/**
 * True when `outputs` leave the unit only as one column returned on its own beside other values (`return X, y` with
 * `y = df["pass_fail"]`, the coded column): the labels a caller splits with the features, not a feature.
 */
function returnedAsLabels(facts: FlowFacts, lin: Lineage, outputs: readonly DataNode[]): boolean {
  const reaches = (d: DataNode) => outputs.some((o) => lin.derivesFrom(d, o));
  if (facts.writes.some((w) => reaches(w.data))) return false;
  const returned = facts.returns.filter((r) => reaches(r.data));
  return returned.length > 0 && returned.every((r) => r.index !== undefined && onlyThroughOneColumn(r.data, outputs));
}

/** True when every way from `n` up to `outputs` passes a pick of one column (`df["y"]`, or either of two such). */
function onlyThroughOneColumn(n: DataNode, outputs: readonly DataNode[]): boolean {
  const targets = new Set(outputs);
  const seen = new Set<DataNode>();
  const stack = [n];
  while (stack.length) {
    const x = stack.pop()!;
    if (seen.has(x)) continue;
    seen.add(x);
    if (targets.has(x)) return false;
    if (x.series && x.column !== undefined) continue;
    if (seen.size > 500) return false;
    stack.push(...x.parents);
  }
  return true;
}
