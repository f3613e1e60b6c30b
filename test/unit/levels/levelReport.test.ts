import assert from 'node:assert/strict';
import type { LevelItem } from '../../../src/core/levels/item';
import { capByFindings } from '../../../src/core/levels/report';
import { decideLevel, foundationGaps, levelReason, LEVEL_RULES, scoreLevel } from '../../../src/core/levels/rule';
import { LEVEL_ITEMS } from '../../../src/core/levels/checklist';
import type { Finding } from '../../../src/core/model/findings';
import type { ItemResult } from '../../../src/core/model/report';

function item(id: string, level: 1 | 2 | 3 | 4 | 5, core: boolean): LevelItem {
  return {
    id,
    level,
    title: id,
    label: id,
    why: '',
    detection: '',
    core,
    weight: 1,
    detect: () => ({ status: 'missing', evidence: [] }),
  };
}

/** Every checklist item missing, except the ones given. */
function results(statuses: Record<string, ItemResult['status']>): ItemResult[] {
  return LEVEL_ITEMS.map((i) => ({
    id: i.id,
    level: i.level,
    title: i.title,
    why: '',
    detection: '',
    core: i.core,
    status: statuses[i.id] ?? 'missing',
    evidence: [],
  }));
}

const label = (id: string) => LEVEL_ITEMS.find((i) => i.id === id)?.label ?? id;

describe('level rule', () => {
  it('places a project at the highest level it substantially shows, whatever gaps remain below', () => {
    const mlops = results({
      'L1.data-loaded': 'met',
      'L1.model-trained': 'met',
      'L2.git': 'met',
      'L2.modules': 'met',
      'L2.seeds': 'partial',
      'L2.dependencies': 'partial',
      'L3.dockerfile': 'met',
      'L3.serving': 'met',
      'L3.ci': 'met',
    });
    const { level } = decideLevel(mlops);
    assert.equal(level, 3);
    const gaps = foundationGaps(level, mlops).map((g) => g.id);
    assert.ok(
      gaps.includes('L1.model-evaluated') && gaps.includes('L2.seeds') && gaps.includes('L2.dependencies'),
      gaps.join(', '),
    );
    assert.ok(!gaps.some((g) => g.startsWith('L3')), 'gaps of the reached level itself are not foundation gaps');
    assert.equal(
      levelReason(level, mlops, label),
      'Level 3: serving API, Dockerfile, CI; not yet: versioned data and models, monitoring',
    );
  });

  it('counts partial evidence partly', () => {
    const l3 = LEVEL_RULES.find((r) => r.level === 3)!;
    const full = scoreLevel(l3, results({ 'L3.serving': 'met', 'L3.dockerfile': 'met' }));
    const half = scoreLevel(l3, results({ 'L3.serving': 'met', 'L3.dockerfile': 'partial' }));
    assert.ok(full.score > half.score && half.score > scoreLevel(l3, results({ 'L3.serving': 'met' })).score);
    assert.equal(full.reached, true);
    assert.equal(half.reached, false);
  });

  it('takes standalone scripts with good habits for Level 1 until some structure holds them together', () => {
    // A collection of Kaggle scripts: each defines its functions, scores a held-out part, tunes and seeds, but no
    // file imports another and nothing is configured, listed as a dependency or tested.
    const habits = {
      'L1.data-loaded': 'met',
      'L1.model-trained': 'met',
      'L1.model-evaluated': 'met',
      'L2.modules': 'partial',
      'L2.heldout-evaluation': 'met',
      'L2.seeds': 'partial',
      'L2.tuning': 'met',
      'L2.pipeline': 'met',
    } as const;
    const l2 = LEVEL_RULES.find((r) => r.level === 2)!;
    assert.ok(scoreLevel(l2, results(habits)).score >= l2.threshold);
    assert.equal(decideLevel(results(habits)).level, 1);
    // Their dependencies listed (even loosely), config files or tests make the same scripts a structured project.
    assert.equal(decideLevel(results({ ...habits, 'L2.dependencies': 'met' })).level, 2);
    assert.equal(decideLevel(results({ ...habits, 'L2.dependencies': 'partial' })).level, 2);
    // Helper modules that notebooks import do not make a structured project by themselves either (a Kaggle
    // collection whose one folder imports its helpers): the same structure is needed.
    assert.equal(decideLevel(results({ ...habits, 'L2.modules': 'met' })).level, 1);
    assert.equal(decideLevel(results({ ...habits, 'L2.modules': 'met', 'L2.tests': 'met' })).level, 2);
  });

  it('places a service that serves a model it does not train at Level 3, with Levels 1-2 as foundation gaps', () => {
    const service = results({ 'L3.serving': 'met', 'L2.modules': 'met', 'L2.dependencies': 'met' });
    const { level, scores } = decideLevel(service);
    assert.equal(level, 3);
    assert.equal(scores.find((s) => s.level === 3)?.reached, true);
    const gaps = foundationGaps(3, service).map((g) => g.id);
    assert.ok(gaps.includes('L1.model-trained') && gaps.includes('L2.heldout-evaluation'), gaps.join());
    // A project that trains and serves thinly is judged by its scores as before: its training places it.
    assert.equal(decideLevel(results({ 'L3.serving': 'met', 'L1.model-trained': 'met' })).level, 1);
    // Serving only partly seen is no service.
    assert.equal(decideLevel(results({ 'L3.serving': 'partial' })).level, null);
  });

  it('makes training without a metric, or data preparation without training, Level 1 work', () => {
    assert.equal(decideLevel(results({ 'L1.model-trained': 'met' })).level, 1);
    assert.equal(decideLevel(results({ 'L1.data-loaded': 'met' })).level, 1);
    const none = results({ 'L1.model-evaluated': 'partial' });
    assert.equal(decideLevel(none).level, null);
    assert.match(levelReason(null, none, label), /^No level yet: /);
  });

  it('does not take a custom layer stack for research', () => {
    const applied = results({
      'L1.data-loaded': 'met',
      'L1.model-trained': 'met',
      'L1.model-evaluated': 'met',
      'L5.custom-architecture': 'met',
      'L5.research-code': 'partial',
    });
    assert.equal(decideLevel(applied).level, 1);
    const research = results({
      'L1.model-trained': 'met',
      'L5.custom-architecture': 'met',
      'L5.self-supervised': 'met',
    });
    assert.equal(decideLevel(research).level, 5);
  });

  it('does not take a tracker alone for an industrial system', () => {
    assert.equal(decideLevel(results({ 'L1.model-trained': 'met', 'L4.experiment-tracking': 'met' })).level, 1);
    assert.equal(
      decideLevel(results({ 'L1.model-trained': 'met', 'L4.experiment-tracking': 'met', 'L4.orchestration': 'met' }))
        .level,
      4,
    );
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
    assert.equal(
      capByFindings(heldout, { status: 'partial', evidence: [], detail: 'one split' }, [leak]).detail,
      'one split',
    );
  });
});
