// The README's first command analyses examples/churn-notebook: it must stay a helpful Level 1 report.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFolder } from '../../../src/core/analyze';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';
import { REPO_ROOT } from '../../support/paths';

const EXAMPLE = join(REPO_ROOT, 'examples', 'churn-notebook');

describe('examples/churn-notebook', () => {
  it('is a Level 1 project whose report points at what Level 2 needs', async () => {
    const report = await analyzeFolder(new NodeFileSystem(), EXAMPLE.split('\\').join('/'));
    assert.equal(report.projects.length, 1);
    const [p] = report.projects;
    assert.equal(p.isMlProject, true);
    assert.equal(p.level, 1);
    assert.deepEqual(p.problems, []);
    // The notebook fills a column with the mean of all rows before its split: a real leak (ML106), and the
    // mild vocabulary form with get_dummies (ML107), besides its unseeded split and model (ML301).
    assert.deepEqual(p.findings.map((f) => f.code).sort(), ['ML106', 'ML107', 'ML301', 'ML301']);
    const status = Object.fromEntries(p.items.map((i) => [i.id, i.status]));
    assert.equal(status['L1.data-loaded'], 'met');
    assert.equal(status['L1.model-trained'], 'met');
    assert.equal(status['L1.model-evaluated'], 'met');
    assert.equal(
      status['L2.heldout-evaluation'],
      'partial',
      'one train/test split and a metric, undermined by the statistic taken before the split',
    );
    assert.equal(status['L2.seeds'], 'missing');
    // Three customers in four stay: 75/25 is not imbalanced by the one threshold ML204 and the checklist share (80/20).
    assert.equal(status['L2.imbalance-handling'], 'not-applicable');
    assert.equal(status['L2.modules'], 'missing', 'make_data.py is excluded by the example configuration');
    assert.equal(p.nextSteps.length, 3);
  });

  it('ships the data the notebook reads', () => {
    const rows = readFileSync(join(EXAMPLE, 'data', 'customers.csv'), 'utf8')
      .trim()
      .split('\n');
    assert.equal(rows.length, 201);
    assert.match(rows[0], /^customer_id,.*,churn$/);
  });
});
