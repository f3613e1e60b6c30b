import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/model/findings';
import type { ItemResult, ProjectReport } from '../../../src/core/model/report';
import { trainingLens } from '../../../src/extension/lensModel';

function project(level: number | null, findings: Finding[], nextSteps: ItemResult[] = []): ProjectReport {
  return {
    root: '',
    isMlProject: true,
    mlReason: '',
    level,
    levelReason: '',
    foundationGaps: [],
    levels: [],
    items: [],
    nextSteps,
    findings,
    skipped: [],
    problems: [],
    stats: { files: 1, pythonFiles: 1, notebooks: 0, bytes: 1 },
  };
}

const unseeded: Finding = {
  code: 'ML301',
  rule: 'unseeded-randomness',
  severity: 'info',
  message: 'RandomForestClassifier has no random_state.',
  range: { path: 'nb.ipynb', cell: 5, startLine: 3, startColumn: 1, endLine: 3, endColumn: 9 },
  fixes: [{ title: 'Add random_state=42', safety: 'unsafe', isPreferred: true, edits: [] }],
};
const split: ItemResult = {
  id: 'L2.heldout-evaluation',
  level: 2,
  title: 'The model is evaluated on held-out data',
  why: '',
  detection: '',
  core: true,
  status: 'partial',
  evidence: [],
  nextStep: { title: 'Split into train, validation and test sets', scaffold: 'split' },
};

describe('training CodeLens', () => {
  it('names the level and the fix of a finding in the same cell, and runs that fix', () => {
    const lens = trainingLens(project(2, [unseeded]), 'nb.ipynb', 5, 'model.fit');
    assert.equal(lens.title, 'Level 2 · next: add random_state=42');
    assert.deepEqual(lens.action, { kind: 'fix', findingIndex: 0, fixIndex: 0 });
  });

  it("falls back to the project's next step and its scaffold when the code has nothing to fix", () => {
    const lens = trainingLens(project(1, [unseeded], [split]), 'nb.ipynb', 2, 'model.fit');
    assert.equal(lens.title, 'Level 1 · next: split into train, validation and test sets');
    assert.deepEqual(lens.action, { kind: 'scaffold', scaffold: 'split' });
  });

  it('says "No level yet" and opens the Level view when there is no next step', () => {
    const lens = trainingLens(project(null, []), 'train.py', undefined, 'clf.fit');
    assert.equal(lens.title, 'No level yet · trains a model');
    assert.deepEqual(lens.action, { kind: 'show-level' });
  });
});
