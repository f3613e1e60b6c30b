import assert from 'node:assert/strict';
import type { LevelItem } from '../../../src/core/levels/item';
import { capByFindings, coreSatisfied } from '../../../src/core/levels/report';
import type { Finding } from '../../../src/core/model/findings';
import type { ItemResult } from '../../../src/core/model/report';

function item(id: string, level: 1 | 2 | 3 | 4 | 5, core: boolean, coreGroup?: string): LevelItem {
  const i: LevelItem = { id, level, title: id, why: '', detection: '', core, weight: 1, detect: () => ({ status: 'missing', evidence: [] }) };
  if (coreGroup) i.coreGroup = coreGroup;
  return i;
}

function result(id: string, status: ItemResult['status']): ItemResult {
  return { id, level: 5, title: id, why: '', detection: '', core: true, status, evidence: [] };
}

describe('level report', () => {
  const l5 = [item('L5.arch', 5, true), item('L5.ssl', 5, true, 'technique'), item('L5.rl', 5, true, 'technique'), item('L5.extra', 5, false)];

  it('needs every ungrouped core item and one item of each core group', () => {
    assert.equal(coreSatisfied(l5, [result('L5.arch', 'met'), result('L5.ssl', 'missing'), result('L5.rl', 'met'), result('L5.extra', 'missing')]), true);
    assert.equal(coreSatisfied(l5, [result('L5.arch', 'met'), result('L5.ssl', 'partial'), result('L5.rl', 'missing')]), false);
    assert.equal(coreSatisfied(l5, [result('L5.arch', 'partial'), result('L5.ssl', 'met'), result('L5.rl', 'met')]), false);
    assert.equal(coreSatisfied([item('x', 3, false)], [result('x', 'met')]), false, 'a level without core items is never reached');
  });

  it('keeps an item from met when a finding bears on it, and shows the finding', () => {
    const heldout = item('L2.heldout-evaluation', 2, true);
    const leak: Finding = {
      code: 'ML101',
      rule: 'preprocessing-leakage',
      severity: 'warning',
      message: 'StandardScaler is fit on all rows before the split',
      range: { path: 'nb.ipynb', cell: 3, startLine: 2, startColumn: 1, endLine: 2, endColumn: 10 },
      affects: ['L2.heldout-evaluation'],
    };
    const capped = capByFindings(heldout, { status: 'met', evidence: [] }, [leak]);
    assert.equal(capped.status, 'partial');
    assert.equal(capped.evidence[0].range?.cell, 3);
    assert.match(capped.detail ?? '', /\(ML101\) at nb\.ipynb cell 4:2/);
    assert.equal(capByFindings(item('L2.seeds', 2, true), { status: 'met', evidence: [] }, [leak]).status, 'met');
    assert.equal(capByFindings(heldout, { status: 'missing', evidence: [] }, [leak]).status, 'missing');
    assert.equal(capByFindings(heldout, { status: 'partial', evidence: [], detail: 'one split' }, [leak]).detail, 'one split');
  });
});
