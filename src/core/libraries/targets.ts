// What names a target (the labels a model learns to predict). One vocabulary for the checklist's
// imbalance fact (whose printed class counts are the target's), ML204 (accuracy on an imbalanced target)
// and the scaffolds (which column the split and config scaffolds name as the target).

/**
 * Variables that hold the target or one split of it: `y`, `Y`, `y_train`, `ytest`, `y_true`, `y2`,
 * `target`, `labels`. Predictions and scores (`y_pred`, `y_hat`, `y_test_proba`) are the model's
 * output, not the target: their counts show what the model answers, not how the classes are spread.
 */
const TARGET_VARIABLE =
  /^(y|y\d+|y_(?![a-z0-9_]*(pred|hat|score|prob))\w+|y(train|test|val|valid|all|full|true)|targets?|labels?)$/i;

/** True for a variable name that holds the target (or a split of it), not a prediction. */
export function isTargetVariable(name: string): boolean {
  return TARGET_VARIABLE.test(name);
}

/** Constants whose string value is the target column's name: `TARGET = "Survived"`, `label_col = "y"`. */
const TARGET_CONSTANT = /^(target|target_?col(umn)?|target_?name|label_?col(umn)?|y_?col(umn)?)$/i;

/** True for a constant named for the target column (its value is the column's name). */
export function isTargetConstant(name: string): boolean {
  return TARGET_CONSTANT.test(name);
}

/** Keys of a configuration file whose value is the target column (`target: churn`). */
export const TARGET_CONFIG_KEYS: ReadonlySet<string> = new Set([
  'target',
  'target_column',
  'target_col',
  'label',
  'label_column',
  'label_col',
  'y_col',
]);
