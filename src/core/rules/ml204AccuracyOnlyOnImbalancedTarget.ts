// ML204: accuracy is the only classification metric although the data show that the classes are
// imbalanced. Evidence comes from data, never from words: class counts saved in the notebook's outputs,
// or the author's own class weights and resampling.
import type { RelatedLocation } from '../model/findings';
import type { Expr, Span } from '../python/ast';
import { isUnder } from '../python/imports';
import type { PythonUnit } from '../python/unit';
import { apiRole, isClassifierClass } from '../libraries/catalog';
import { type CallSite, lastName } from '../semantic/callFacts';
import type { UnitContext, UnitRule } from './rule';
import type { ProjectDerivation, ProjectIndex, UnitDerivation, UnitIndex } from '../semantic/index';
import { balancedMetricsFix } from '../fixes/balancedMetrics';
import { countsFromOutput } from '../notebook/outputs';
import { isImbalanced } from '../libraries/imbalance';
import { isTargetVariable } from '../libraries/targets';

/** Keywords that only make sense for imbalanced classes. */
const IMBALANCE_KEYWORDS = new Set([
  'class_weight',
  'scale_pos_weight',
  'is_unbalance',
  'auto_class_weights',
  'sample_weight_mode',
]);

/** Metric strings that mean accuracy (`scoring='accuracy'`, Keras `metrics=['accuracy']`). */
const ACCURACY_NAMES = new Set([
  'accuracy',
  'acc',
  'categorical_accuracy',
  'sparse_categorical_accuracy',
  'binary_accuracy',
]);

interface Evidence {
  span: Span;
  message: string;
  /** Majority share of rows when the counts are known (0.998 for 99.8%). */
  majorityShare?: number;
}

/** Where accuracy is used as a metric, in source order. */
function accuracyUses(index: UnitIndex): Span[] {
  const unit = index.unit;
  const sites = index.callSites;
  const out: Span[] = [];
  let classifiers: Set<string> | undefined;
  const isClassifier = (name: string): boolean => {
    classifiers ??= index.get(CLASSIFIER_VARIABLES);
    return classifiers.has(name);
  };
  for (const s of sites) {
    if (s.qualified === 'sklearn.metrics.accuracy_score') out.push(s.call.func);
    for (const k of s.call.keywords) {
      if (k.name === 'scoring' && isStringIn(k.value, ACCURACY_NAMES)) out.push(k.value);
      if (k.name === 'metrics' && kerasIn(unit) && (k.value.kind === 'List' || k.value.kind === 'Tuple')) {
        for (const e of k.value.elts) if (isStringIn(e, ACCURACY_NAMES)) out.push(e);
      }
    }
    // `clf.score(X_test, y_test)` on a classifier is accuracy.
    if (
      s.name === 'score' &&
      s.call.func.kind === 'Attribute' &&
      s.call.func.value.kind === 'Name' &&
      s.call.args.length >= 2 &&
      isClassifier(s.call.func.value.id)
    ) {
      out.push(s.call.func);
    }
  }
  return out.sort((a, b) => a.from - b.from);
}

function kerasIn(unit: PythonUnit): boolean {
  return unit.imports.uses('tensorflow') || unit.imports.uses('keras');
}

function isStringIn(e: Expr, names: Set<string>): boolean {
  return e.kind === 'Constant' && e.type === 'str' && typeof e.value === 'string' && names.has(e.value.toLowerCase());
}

/** Names bound to a scikit-learn style classifier: `clf = RandomForestClassifier(...)`. */
const CLASSIFIER_VARIABLES: UnitDerivation<Set<string>> = {
  name: 'classifierVariables',
  compute(index) {
    const unit = index.unit;
    const sites = index.callSites;
    const byCall = new Map(sites.map((s) => [s.call, s] as const));
    const out = new Set<string>();
    for (const st of unit.outline.assigns) {
      if (st.value?.kind !== 'Call') continue;
      const site = byCall.get(st.value);
      const q = site?.qualified;
      if (!q || apiRole(q) !== 'estimator') continue;
      const name = lastName(q);
      if (!isClassifierClass(name)) continue;
      for (const t of st.targets) if (t.kind === 'Name') out.add(t.id);
    }
    return out;
  },
};

/** True when the unit measures a classifier with anything besides accuracy. */
function usesOtherMetric(index: UnitIndex): boolean {
  return index.get(USES_OTHER_METRIC);
}

const USES_OTHER_METRIC: UnitDerivation<boolean> = {
  name: 'usesOtherMetric',
  compute(index) {
    const unit = index.unit;
    if (unit.imports.uses('torchmetrics') || unit.imports.uses('evaluate') || unit.imports.uses('imblearn.metrics'))
      return true;
    for (const s of index.callSites) {
      const q = s.qualified;
      if (
        q &&
        isUnder(q, 'sklearn.metrics') &&
        q !== 'sklearn.metrics.accuracy_score' &&
        /^[a-z]|Display$/.test(lastName(q))
      )
        return true;
      if (
        q &&
        (isUnder(q, 'tensorflow.keras.metrics') || isUnder(q, 'keras.metrics')) &&
        !/accuracy/i.test(lastName(q))
      )
        return true;
      for (const k of s.call.keywords) {
        if (k.name === 'scoring' && !isStringIn(k.value, ACCURACY_NAMES)) return true;
        if (
          k.name === 'metrics' &&
          (k.value.kind === 'List' || k.value.kind === 'Tuple') &&
          k.value.elts.some((e) => !isStringIn(e, ACCURACY_NAMES))
        )
          return true;
      }
    }
    return false;
  },
};

/** What the unit calls its target: variable names and the column names they were taken from. */
function targets(unit: PythonUnit, sites: CallSite[]): { names: Set<string>; columns: Set<string> } {
  const names = new Set<string>();
  const columns = new Set<string>();
  const column = (e: Expr | undefined): string | undefined =>
    e &&
    e.kind === 'Subscript' &&
    e.index.length === 1 &&
    e.index[0].kind === 'Constant' &&
    typeof e.index[0].value === 'string'
      ? e.index[0].value
      : undefined;
  for (const st of unit.outline.assigns) {
    if (!st.value) continue;
    for (const t of st.targets) {
      const targetNames = t.kind === 'Name' ? [t] : t.kind === 'Tuple' || t.kind === 'List' ? t.elts : [];
      const values =
        t.kind === 'Name' ? [st.value] : st.value.kind === 'Tuple' || st.value.kind === 'List' ? st.value.elts : [];
      targetNames.forEach((n, i) => {
        if (n.kind !== 'Name' || !isTargetVariable(n.id)) return;
        names.add(n.id);
        const col = column(values[i]);
        if (col) columns.add(col);
      });
    }
  }
  for (const s of sites) {
    const q = s.qualified;
    const second = s.call.args[1];
    if ((apiRole(q) === 'splitter-function' || apiRole(q) === 'cv-function' || s.name === 'fit') && second) {
      if (second.kind === 'Name') names.add(second.id);
      const col = column(second);
      if (col) columns.add(col);
    }
  }
  return { names, columns };
}

/** True when an expression denotes the target (`y`, `y_train`, `df['Class']`, `df.Class`). */
function isTarget(e: Expr, t: { names: Set<string>; columns: Set<string> }): boolean {
  if (e.kind === 'Name') return t.names.has(e.id);
  if (
    e.kind === 'Subscript' &&
    e.index.length === 1 &&
    e.index[0].kind === 'Constant' &&
    typeof e.index[0].value === 'string'
  )
    return t.columns.has(e.index[0].value);
  if (e.kind === 'Attribute') return t.columns.has(e.attr);
  return false;
}

function percent(share: number): string {
  const p = share * 100;
  return p >= 10 ? `${Math.round(p)}%` : `${p.toFixed(1)}%`;
}

/** Evidence of imbalance in the unit, strongest first: stored class counts, then weights and resampling. */
function imbalanceEvidence(unit: PythonUnit, sites: CallSite[]): Evidence | undefined {
  const t = targets(unit, sites);
  if (unit.kind === 'notebook') {
    for (const slice of unit.cells) {
      const inCell = sites.filter((s) => s.call.from >= slice.start && s.call.to <= slice.end);
      const counting = inCell.filter(
        (s) => s.name === 'value_counts' || s.qualified === 'collections.Counter' || s.qualified === 'numpy.bincount',
      );
      if (counting.length === 0) continue;
      const subjectOf = (s: CallSite): Expr | undefined =>
        s.name === 'value_counts' ? (s.call.func.kind === 'Attribute' ? s.call.func.value : undefined) : s.call.args[0];
      // A cell that also counts other columns could show their skew, not the target's.
      if (
        !counting.every((s) => {
          const subject = subjectOf(s);
          return !!subject && isTarget(subject, t);
        })
      )
        continue;
      for (const out of slice.cell.textOutputs) {
        const counts = countsFromOutput(out);
        if (!counts) continue;
        if (!isImbalanced(counts)) continue;
        const max = Math.max(...counts);
        const min = Math.min(...counts.filter((c) => c > 0));
        const total = counts.reduce((a, b) => a + b, 0);
        return {
          span: counting[0].call,
          majorityShare: max / total,
          message: `the class counts saved here show the smallest class at ${percent(min / total)} of rows`,
        };
      }
    }
  }
  for (const s of sites) {
    const k = s.call.keywords.find(
      (kw) =>
        kw.name &&
        IMBALANCE_KEYWORDS.has(kw.name) &&
        !(kw.value.kind === 'Constant' && (kw.value.type === 'none' || kw.value.value === false)),
    );
    if (k) return { span: k, message: `${k.name} here shows the classes are imbalanced` };
    const q = s.qualified;
    if (
      apiRole(q) === 'resampler' ||
      (q && /^sklearn\.utils(\.class_weight)?\.compute_(class|sample)_weight$/.test(q))
    ) {
      return { span: s.call.func, message: `${lastName(q!)} here shows the classes are imbalanced` };
    }
  }
  return undefined;
}

/** True when any unit of the project reports a metric besides accuracy (an evaluation script, say). */
function projectUsesOtherMetric(index: ProjectIndex): boolean {
  return index.get(PROJECT_USES_OTHER_METRIC);
}

const PROJECT_USES_OTHER_METRIC: ProjectDerivation<boolean> = {
  name: 'projectUsesOtherMetric',
  compute: (index) => index.units.some(usesOtherMetric),
};

/** Reports accuracy as the only metric where the data show imbalanced classes (once per unit). */
export const accuracyOnlyOnImbalancedTarget: UnitRule = {
  scope: 'unit',
  meta: {
    code: 'ML204',
    name: 'accuracy-only-on-imbalanced-target',
    title: 'Accuracy alone on imbalanced classes',
    category: 'evaluation',
    level: 1,
    defaultSeverity: 'warning',
    fix: 'safe',
    affects: ['L2.imbalance-handling'],
    docs: {
      whatItDoes:
        'Finds accuracy (`accuracy_score`, `scoring="accuracy"`, a classifier\'s `.score`, Keras ' +
        '`metrics=["accuracy"]`) when it is the only classification metric in the project and the data show ' +
        "imbalanced classes: class counts of the target saved in the notebook's outputs (`y.value_counts()`, " +
        '`Counter(y)`, `np.bincount(y)`) with the smallest class at most a quarter of the largest, or the ' +
        "code's own `class_weight`, `scale_pos_weight`, `is_unbalance` or resampling (SMOTE and friends). " +
        'Column names such as "fraud" or "churn" are never taken as evidence on their own. One finding per file ' +
        'or notebook, at the first use of accuracy.',
      whyBad:
        'With 2% positives, a model that always answers "no" scores 98% accuracy and finds nothing. Accuracy alone ' +
        'cannot tell that model from a good one, so a high number hides the failure the project exists to ' +
        'prevent.',
      example:
        '```python\ny.value_counts()      # 0: 28431, 1: 492\n...\nprint(accuracy_score(y_test, ' +
        'model.predict(X_test)))\n```',
      useInstead:
        '```python\nfrom sklearn.metrics import average_precision_score, balanced_accuracy_score, ' +
        'classification_report\nprint(classification_report(y_test, model.predict(X_test)))  # precision, ' +
        'recall, F1 per class\nprint(average_precision_score(y_test, model.predict_proba(X_test)[:, 1]))  # ' +
        'PR-AUC\n```',
      fixSafety:
        'Safe. After a plain `accuracy_score(y_true, y_pred)` statement, "Add balanced metrics" prints ' +
        '`classification_report` and `balanced_accuracy_score` of the same labels and, when the predictions are ' +
        '`model.predict(X)`, the PR-AUC (`average_precision_score` of `model.predict_proba(X)[:, 1]`, only for ' +
        'a binary target and a model that has `predict_proba`), and imports them. It adds output and computes ' +
        'nothing the model uses. Which metric should decide (recall of fraud, precision of alerts) still ' +
        'depends on the cost of each mistake. Accuracy given as `scoring=`, `.score` or Keras metrics gets no ' +
        'fix.',
    },
  },
  check(ctx: UnitContext): void {
    const { unit, index } = ctx;
    const sites = index.callSites;
    const uses = accuracyUses(index);
    if (uses.length === 0 || projectUsesOtherMetric(ctx.projectIndex)) return;
    const evidence = imbalanceEvidence(unit, sites);
    if (!evidence) return;
    const baseline =
      evidence.majorityShare !== undefined
        ? `, so always predicting the majority class would already score ${percent(evidence.majorityShare)}`
        : ', so a high accuracy can hide a model that misses the rare class';
    const related: RelatedLocation[] = [
      { range: unit.range(evidence.span), message: `Evidence of imbalance: ${evidence.message}.` },
    ];
    const fix = balancedMetricsFix(unit, uses[0]);
    ctx.report({
      fixes: fix ? [fix] : undefined,
      message:
        `Accuracy is the only metric here but the classes are imbalanced${baseline}; report precision and ` +
        `recall, F1, PR-AUC or balanced accuracy as well.`,
      span: uses[0],
      related,
    });
  },
};
