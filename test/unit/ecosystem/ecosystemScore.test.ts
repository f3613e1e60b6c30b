// The ecosystem check's scoring: which finding finds which labelled leak, what is a false alarm, and
// when a repository's level counts as agreeing with its label.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type FileLabel,
  type RepoLabel,
  type ReportFinding,
  type WorkspaceReportJson,
  addFileScore,
  emptyTally,
  precision,
  recall,
  reportedLevel,
  samePlace,
  scoreFile,
  scoreRepo,
  visitorsOf,
} from '../../../scripts/ecosystemScore';
import { LEVEL_ITEMS } from '../../../src/core/levels/checklist';
import { REPO_ROOT } from '../../support/paths';

function finding(code: string, path: string, startLine: number, cell?: number): ReportFinding {
  return { code, severity: 'warning', message: `${code} here`, range: { path, cell, startLine, endLine: startLine } };
}

const notebook: FileLabel = {
  repo: 'someone/kaggle',
  commit: 'a'.repeat(40),
  path: 'titanic.ipynb',
  half: 'tune',
  leaks: [
    { kind: 'preprocessing-before-split', cell: 7, line: 2, what: 'StandardScaler on all rows' },
    { kind: 'resampling-before-split', cell: 9, line: 1, what: 'SMOTE before the split' },
  ],
};

describe('ecosystem scoring', () => {
  it('matches notebook findings by cell and script findings within a few lines', () => {
    assert.equal(
      samePlace({ kind: 'x', cell: 7, line: 2, what: '' }, { path: 'a', cell: 7, startLine: 9, endLine: 9 }),
      true,
    );
    assert.equal(
      samePlace({ kind: 'x', cell: 7, line: 2, what: '' }, { path: 'a', cell: 8, startLine: 2, endLine: 2 }),
      false,
    );
    assert.equal(samePlace({ kind: 'x', line: 20, what: '' }, { path: 'a', startLine: 22, endLine: 22 }), true);
    assert.equal(samePlace({ kind: 'x', line: 20, what: '' }, { path: 'a', startLine: 30, endLine: 31 }), false);
  });

  it('counts a finding of the right kind as found, another leakage finding elsewhere as a false alarm', () => {
    const score = scoreFile(notebook, [
      finding('ML101', 'titanic.ipynb', 2, 7),
      finding('ML105', 'titanic.ipynb', 4, 12),
      finding('ML301', 'titanic.ipynb', 1, 3),
    ]);
    assert.equal(score.matches[0].finding?.code, 'ML101');
    assert.equal(score.matches[1].finding, undefined);
    assert.deepEqual(
      score.falseAlarms.map((f) => f.code),
      ['ML105'],
    );
    const tally = emptyTally();
    addFileScore(tally, score);
    assert.equal(recall(tally), 0.5);
    assert.equal(precision(tally), 0.5);
    assert.deepEqual(tally.byKind.get('resampling-before-split'), { labelled: 1, found: 0 });
  });

  it('a leakage finding of another kind at a labelled place is neither a hit nor a false alarm', () => {
    const score = scoreFile(notebook, [finding('ML102', 'titanic.ipynb', 2, 7)]);
    assert.equal(score.matches[0].finding, undefined);
    assert.equal(score.matches[0].wrongKind?.code, 'ML102');
    assert.deepEqual(score.falseAlarms, []);
  });

  it('a finding at a helper call finds the leak labelled inside the helper through its related place, exactly', () => {
    const script: FileLabel = {
      ...notebook,
      path: 'prep.py',
      leaks: [{ kind: 'stats-before-split', line: 108, what: 'mean of Age inside fillna()' }],
    };
    const atCall = (insideLine: number): ReportFinding => ({
      ...finding('ML106', 'prep.py', 138),
      related: [
        { range: { path: 'prep.py', startLine: insideLine, endLine: insideLine }, message: 'inside' },
        { range: { path: 'prep.py', startLine: 142, endLine: 142 }, message: 'split' },
      ],
    });
    assert.equal(scoreFile(script, [atCall(108)]).matches[0].finding?.code, 'ML106');
    // Within the slack of the labelled line is not enough for a related place: it must be the line itself.
    const near = scoreFile(script, [atCall(110)]);
    assert.equal(near.matches[0].finding, undefined);
    assert.equal(near.falseAlarms.length, 1);
    // A related place in another file never counts for this file's label.
    const other = atCall(108);
    other.related![0].range.path = 'helpers.py';
    assert.equal(scoreFile(script, [other]).matches[0].finding, undefined);
  });

  it('counts a finding of a module for the labelled call in another file when a related place is on that line', () => {
    const main: FileLabel = {
      ...notebook,
      path: 'main.py',
      leaks: [{ kind: 'stats-before-split', line: 2, what: 'process() fills Age with the median of all rows' }],
    };
    const inModule = (line: number): ReportFinding => ({
      ...finding('ML106', 'src/features.py', 12),
      related: [
        { range: { path: 'src/features.py', startLine: 29, endLine: 29 }, message: 'split' },
        { range: { path: 'main.py', startLine: line, endLine: line }, message: 'runs it here' },
      ],
    });
    const visitors = visitorsOf('main.py', [inModule(2), finding('ML106', 'main.py', 40)]);
    assert.equal(visitors.length, 1, 'only findings of other files with a related place here');
    const score = scoreFile(main, [], undefined, undefined, visitors);
    assert.equal(score.matches[0].finding?.code, 'ML106');
    assert.deepEqual(score.falseAlarms, [], 'a visitor is never a false alarm of the file it visits');
    // The related place must be on the labelled line itself, not within the slack of a finding's own line.
    const near = scoreFile(main, [], undefined, undefined, visitorsOf('main.py', [inModule(4)]));
    assert.equal(near.matches[0].finding, undefined);
    assert.deepEqual(near.falseAlarms, []);
    // The report's paths are relative to each project's root.
    assert.equal(visitorsOf('app/main.py', [inModule(2)], (p) => `app/${p}`).length, 1);
    // Two findings of the module at the same labelled call (two encoders of one helper): one takes the label, both
    // show its place, so neither is a false alarm of the module; one elsewhere in main.py shows nothing.
    const twice = [inModule(2), { ...inModule(2), code: 'ML107' }, inModule(9)];
    const both = scoreFile(main, [], undefined, undefined, visitorsOf('main.py', twice));
    assert.deepEqual(both.shownElsewhere, twice.slice(0, 2));
  });

  it('a label on the first line of a statement finds a finding inside it, or a related place inside another', () => {
    const script: FileLabel = {
      ...notebook,
      path: 'prep.py',
      leaks: [{ kind: 'stats-before-split', line: 119, what: 'value counts of Ticket over all rows' }],
    };
    // Lines 119-124 are one statement (`counts = (` ... `)`), lines 127-133 the next.
    const statementStart = (line: number) =>
      line >= 119 && line <= 124 ? 119 : line >= 127 && line <= 133 ? 127 : line;
    const inside = finding('ML106', 'prep.py', 123);
    assert.equal(scoreFile(script, [inside]).matches[0].finding, undefined, 'four lines apart, without statements');
    assert.equal(scoreFile(script, [inside], undefined, statementStart).matches[0].finding?.code, 'ML106');
    const fill: ReportFinding = {
      ...finding('ML106', 'prep.py', 129),
      related: [{ range: { path: 'prep.py', startLine: 121, endLine: 122 }, message: 'taken here' }],
    };
    assert.equal(scoreFile(script, [fill], undefined, statementStart).matches[0].finding?.code, 'ML106');
    // The next statement's own lines are not the labelled one's.
    const next = finding('ML106', 'prep.py', 129);
    const scored = scoreFile(script, [next], undefined, statementStart);
    assert.equal(scored.matches[0].finding, undefined);
    assert.equal(scored.falseAlarms.length, 1);
  });

  it('a clean file has full recall and loses precision with every leakage finding', () => {
    const clean: FileLabel = { ...notebook, leaks: [] };
    const tally = emptyTally();
    addFileScore(tally, scoreFile(clean, [finding('ML101', 'titanic.ipynb', 1, 2)]));
    assert.equal(recall(tally), 1);
    assert.equal(precision(tally), 0);
  });

  const label: RepoLabel = {
    repo: 'someone/service',
    commit: 'b'.repeat(40),
    path: '',
    kind: 'mlops',
    ml: true,
    level: 3,
    range: [3, 4],
    half: 'measure',
    items: { 'L3.dockerfile': true, 'L4.platform': false },
    reason: 'Docker, API and CI.',
  };
  const project = (root: string, level: number | null, ids: string[], isMlProject = true) => ({
    root,
    isMlProject,
    level,
    findings: [],
    items: ids.map((id) => ({ id, status: 'met' })),
  });

  it('takes the system level when sibling projects are rolled up, else the highest ML project', () => {
    const two: WorkspaceReportJson = {
      projects: [project('train', 2, []), project('serve', 3, []), project('web', null, [], false)],
    };
    assert.equal(reportedLevel(two).level, 3);
    assert.equal(reportedLevel({ ...two, system: { level: 4 } }).level, 4);
    assert.equal(reportedLevel({ projects: [project('', null, [], false)] }).ml, false);
  });

  it('agrees on a level in range and counts item disagreements both ways', () => {
    const score = scoreRepo(label, { projects: [project('', 3, ['L4.platform'])] });
    assert.equal(score.ok, true);
    assert.equal(score.itemsAgreed, 0);
    assert.deepEqual(
      score.itemMisses.map((m) => `${m.id}:${m.label}`),
      ['L3.dockerfile:true', 'L4.platform:false'],
    );
    assert.equal(scoreRepo(label, { projects: [project('', 2, [])] }).ok, false);
  });

  it('a non-ML repository agrees only when no ML project and no finding is reported', () => {
    const web: RepoLabel = { ...label, ml: false, level: null, range: null };
    assert.equal(scoreRepo(web, { projects: [project('', null, [], false)] }).ok, true);
    assert.equal(scoreRepo(web, { projects: [project('', 1, [])] }).ok, false);
  });

  it('every committed label names a pinned commit, a half, every checklist item and a reason', () => {
    const path = join(REPO_ROOT, 'test', 'ecosystem', 'labels.json');
    const repos = (JSON.parse(readFileSync(path, 'utf8')) as { repos: RepoLabel[] }).repos;
    for (const r of repos) {
      assert.match(r.commit, /^[0-9a-f]{40}$/, r.repo);
      assert.ok(r.half === 'tune' || r.half === 'measure', r.repo);
      assert.ok(r.reason.length > 10, r.repo);
      if (r.ml) {
        assert.ok(r.range && r.level !== null && r.range[0] <= r.level && r.level <= r.range[1], r.repo);
        assert.deepEqual(Object.keys(r.items).sort(), LEVEL_ITEMS.map((i) => i.id).sort(), r.repo);
      }
    }
  });
});
