// A leak inside a helper is reported where the helper runs on all rows; the finding must also point at the line
// inside the helper where the fit happens, so that the reader (and the Problems panel's links) can go there.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../../support/paths';
import { analyzeFixture } from '../../support/ruleFixtures';

/** The first finding of rule `code` on the fixture `name` of that rule's folder. */
async function firstFinding(code: string, name: string) {
  const report = await analyzeFixture(join(FIXTURES, 'rules', code, name));
  const [finding] = report.projects.flatMap((p) => p.findings.filter((f) => f.code === code));
  assert.ok(finding, `${code} on ${name}`);
  return finding;
}

describe('related places of leaks inside helpers', () => {
  it('ML107 reported at the call of a helper of helpers points at the encoder inside', async () => {
    const finding = await firstFinding('ML107', 'bad_encoder_in_helper_of_helper_called_on_all_rows.py');
    assert.equal(finding.range?.startLine, 32);
    const places = (finding.related ?? []).map((r) => `${r.range.startLine}: ${r.message}`);
    assert.deepEqual(places, [
      '18: Inside the function called here, the categories are learnt here.',
      '33: The rows are split here.',
    ]);
  });

  it('ML101 on columns picked by scores points at the scores, at the selector fit and at the split', async () => {
    const finding = await firstFinding(
      'ML101',
      'bad_columns_dropped_by_scores_on_an_encoded_copy_then_split_elsewhere',
    );
    assert.equal(finding.range?.startLine, 14);
    const places = (finding.related ?? []).map((r) => `${r.range.path}:${r.range.startLine}: ${r.message}`);
    assert.deepEqual(places, [
      'eda.py:14: The statistic is computed here.',
      'eda.py:13: It is fit on every row here.',
      'model.py:9: The rows written to `data/clean_HR_Analytics.csv` are split here.',
    ]);
  });

  it('ML106 at the call of a helper taking three statistics points at each of them, then at the split', async () => {
    const finding = await firstFinding('ML106', 'bad_helper_takes_three_statistics_of_all_rows.py');
    assert.equal(finding.range?.startLine, 20);
    const places = (finding.related ?? []).map((r) => `${r.range.startLine}: ${r.message}`);
    assert.deepEqual(places, [
      '13: Inside the function called here, the statistic is taken here, over every row.',
      '14: Inside the function called here, the mode of all rows is taken here too.',
      '15: Inside the function called here, the quantile of all rows is taken here too.',
      '23: The rows are split here.',
    ]);
  });

  it('ML103 on a Keras fit stopped by test arrays points at the callback made on its own line', async () => {
    const finding = await firstFinding('ML103', 'bad_keras_early_stopping_on_test_file_arrays.py');
    assert.equal(finding.range?.startLine, 16);
    const places = (finding.related ?? []).map((r) => `${r.range.startLine}: ${r.message}`);
    assert.deepEqual(places, ['15: The callback that stops training by the test data is made here.']);
  });

  it('ML203 on the first row of a table of test scores points at the loop, the scoring and the sort', async () => {
    const finding = await firstFinding('ML203', 'bad_best_model_picked_from_sorted_results_table.py');
    assert.equal(finding.range?.startLine, 31);
    const places = (finding.related ?? []).map((r) => `${r.range.startLine}: ${r.message}`);
    assert.deepEqual(places, [
      '20: The candidates are scored in this loop.',
      '25: Each is scored on test data here.',
      '29: The candidates are put in order by that score here.',
    ]);
  });

  it('ML203 on the best picked from a table of test scores sorted earlier points at the sort too', async () => {
    const finding = await firstFinding('ML203', 'bad_best_model_highlighted_in_a_table_of_test_scores_sorted_by_r2.py');
    assert.equal(finding.range?.startLine, 26);
    const places = (finding.related ?? []).map((r) => `${r.range.startLine}: ${r.message}`);
    assert.deepEqual(places, [
      '21: The candidates are scored in this loop.',
      '23: Each is scored on test data here.',
      '24: The candidates are put in order by that score here.',
    ]);
  });

  it('ML203 on a tuning loop points at the scoring and at the pick of the best test score after the loop', async () => {
    const finding = await firstFinding('ML203', 'bad_k_scan_best_test_score_picked_after_the_loop.py');
    assert.equal(finding.range?.startLine, 12);
    const places = (finding.related ?? []).map((r) => `${r.range.startLine}: ${r.message}`);
    assert.deepEqual(places, [
      '15: Each candidate is scored on test data here.',
      '18: The best setting is picked here, by its test score.',
    ]);
  });
  it('ML107 inside a helper, split in another file, points at the encoder and at the other file', async () => {
    const finding = await firstFinding(
      'ML107',
      'bad_encoder_in_helper_written_under_a_joined_folder_then_cross_validated',
    );
    assert.equal(finding.range?.startLine, 17);
    const places = (finding.related ?? []).map((r) => `${r.range.path}:${r.range.startLine}: ${r.message}`);
    assert.deepEqual(places, [
      'feature_engineering.py:11: Inside the function called here, the categories are learnt here.',
      'model_training.py:8: The rows written to `data/fe/train_fe.csv` are cross-validated here.',
    ]);
  });

  it('ML106 on rows passed through a second file names each file the rows go through', async () => {
    const finding = await firstFinding('ML106', 'bad_fill_written_read_by_a_feature_script_then_cross_validated');
    assert.equal(finding.range?.startLine, 9);
    assert.match(finding.message, /written to `data\/interim\/train\.csv`, which `evaluate\.py` cross-validates later/);
    const places = (finding.related ?? []).map((r) => `${r.range.path}:${r.range.startLine}: ${r.message}`);
    assert.deepEqual(places.slice(-2), [
      'features.py:15: The rows written to `data/interim/train.csv` are read here and written to ' +
        '`data/features/train.csv`.',
      'evaluate.py:12: The rows written to `data/features/train.csv` are cross-validated here.',
    ]);
  });

  it('ML106 inside a module class that splits the rows itself points at the file that runs the class', async () => {
    const finding = await firstFinding('ML106', 'bad_module_class_fills_through_its_own_helper_then_splits_itself');
    assert.equal(finding.range?.path, 'preprocessor.py');
    const places = (finding.related ?? []).map((r) => `${r.range.path}:${r.range.startLine}: ${r.message}`);
    assert.equal(places.at(-1), 'train.py:7: `fit_transform` of `Preprocessor` runs it here, in `train.py`.');
  });
});
