import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyzeFixture } from '../../support/ruleFixtures';
import { FIXTURES } from '../../support/paths';

describe('ML401 hard-coded hyperparameters', () => {
  it('reports a file once and lists its other places as related locations', async () => {
    const report = await analyzeFixture(join(FIXTURES, 'rules', 'ML401', 'bad_torch_lightning'));
    const found = report.projects[0].findings.filter((f) => f.code === 'ML401');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /and 1 more place in this file/);
    assert.deepEqual(
      found[0].related?.map((r) => `${r.range.path}:${r.range.startLine}`),
      ['src/train.py:29'],
    );
  });
});
