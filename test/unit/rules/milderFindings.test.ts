// Severity follows impact: a scaler fit on every row that only tree models learn from changes no reported score (a
// tree splits on the order of values, which scaling keeps), so it is information; with a linear model beside the
// trees it is the usual warning. Gaps filled with random draws from a column of every row are a mild leak.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../../support/paths';
import { analyzeFixture } from '../../support/ruleFixtures';

async function findings(code: string, name: string) {
  const report = await analyzeFixture(join(FIXTURES, 'rules', code, name));
  return report.projects.flatMap((p) => p.findings.filter((f) => f.code === code));
}
const ml101 = (name: string) => findings('ML101', name);

describe('milder forms of a leak', () => {
  it('a scaler fit on all rows that only trees learn from is information, and says why', async () => {
    const [finding] = await ml101('bad_scaler_on_all_rows_only_trees_learn_from_is_milder.py');
    assert.equal(finding.severity, 'info');
    assert.match(finding.message, /Only tree models learn from the scaled columns here/);
    assert.equal(finding.affects, undefined, 'a finding that changes no score takes no checklist item back');
  });

  it('the same scaler with a linear model beside the trees stays a warning', async () => {
    const [finding] = await ml101('bad_scaler_on_all_rows_before_trees_and_a_linear_model.py');
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /test score will look better than it should/);
    assert.deepEqual(finding.affects, ['L2.heldout-evaluation']);
    const [looped] = await ml101('bad_scaler_on_all_rows_before_a_loop_over_a_forest_and_logistic_regression.py');
    assert.equal(looped.severity, 'warning');
  });

  it('a scaler fit on the training part before cross-validating only least squares is information', async () => {
    const [finding] = await ml101('bad_scaler_on_training_part_only_least_squares_cross_validated_is_milder.py');
    assert.equal(finding.severity, 'info');
    assert.match(finding.message, /before cross-validation in line 19\. Only plain linear regression learns from/);
  });

  it('a scaler fit on all rows that only trees and least squares learn from is information', async () => {
    const [finding] = await ml101('bad_scaler_on_all_rows_only_trees_and_least_squares_learn_is_milder.py');
    assert.equal(finding.severity, 'info');
    assert.match(finding.message, /Only trees and plain linear regression learn from the scaled columns here/);
    const [noIntercept] = await ml101('bad_scaler_on_all_rows_before_least_squares_without_intercept.py');
    assert.equal(noIntercept.severity, 'warning');
  });

  it('the same scaler before cross-validating Ridge stays a warning', async () => {
    const [finding] = await ml101('bad_scaler_on_training_part_ridge_cross_validated.py');
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /Each validation fold shaped it, so the fold scores are optimistic/);
  });

  it('a scaler whose output a PCA reduces before the trees stays a warning', async () => {
    const [finding] = await ml101('bad_scaler_on_all_rows_then_pca_then_trees.py');
    assert.equal(finding.severity, 'warning');
  });

  it('a module scaling all rows for another file that trains only trees is information too', async () => {
    const [finding] = await ml101('bad_module_scales_all_rows_another_file_splits_and_trains_trees');
    assert.equal(finding.severity, 'info');
    assert.match(finding.message, /handed to `split_data`, which splits them later\. Only tree models learn/);
  });

  it('the same module for a file that also trains a linear model stays a warning', async () => {
    const [finding] = await ml101('bad_module_scales_all_rows_another_file_splits_and_trains_linear');
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /test score will look better than it should/);
  });

  it('gaps filled with random draws from a column of all rows are information, and say so', async () => {
    const [finding] = await findings('ML106', 'bad_gaps_filled_by_random_draws_from_all_rows.py');
    assert.equal(finding.severity, 'info');
    assert.match(finding.message, /^Values drawn at random from `Monthly_Inhand_Salary` over all rows fill/);
    assert.equal(finding.affects, undefined);
  });

  it('a sample of a column drawn to fill its gaps is the same draw, not the count of gaps that sizes it', async () => {
    const [finding] = await findings('ML106', 'bad_gaps_filled_by_draws_of_each_column_in_a_helper.py');
    assert.equal(finding.severity, 'info');
    assert.match(finding.message, /^Values drawn at random from a column over all rows fill/);
  });

  it('stacked train and test statistics name the rows cross-validated later', async () => {
    const [plain] = await findings('ML106', 'bad_kaggle_concat_fill.py');
    assert.match(plain.message, /The test rows shape the training features/);
    const [validated] = await findings('ML106', 'bad_kaggle_concat_fill_then_training_rows_cross_validated.py');
    assert.match(
      validated.message,
      /^The median of train and test rows concatenated fills `LotFrontage`\. The rows cross-validated in line 15 are/,
    );
    assert.deepEqual(
      validated.related?.map((r) => r.range.startLine),
      [13, 15],
      'where the stack is taken apart, and the cross-validation',
    );
  });
});
