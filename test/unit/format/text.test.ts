import assert from 'node:assert/strict';
import { formatText } from '../../../src/core/format/text';
import { stripAnsi } from '../../../src/core/format/style';
import { sampleReport, SAMPLE_FILES, SERVICE_ITEMS } from './sampleReport';

describe('text report', () => {
  it('shows the five levels with met/total, newest first, and marks the reached one', async () => {
    const text = formatText(await sampleReport());
    const ladder = text.split('\n').filter((l) => /Level \d {2}/.test(l));
    assert.deepEqual(
      ladder.map((l) => l.match(/Level (\d)/)![1]),
      ['5', '4', '3', '2', '1'],
    );
    const l1 = ladder.find((l) => l.includes('Level 1'))!;
    const l2 = ladder.find((l) => l.includes('Level 2'))!;
    assert.match(l1, /^▶ .*2\/2 reached$/);
    assert.match(l2, /0\/2$/);
    assert.match(text, /^Level 1: data loaded, a model trained \(.*imports/m);
  });

  it('says why the level in a line, counts the foundation gaps below it, lists them first as next steps', async () => {
    const text = formatText(await sampleReport(SAMPLE_FILES, SERVICE_ITEMS));
    assert.match(text, /^Level 3: serving API, Dockerfile, CI; not yet: monitoring \(an ML project/m);
    assert.match(text, /^1 foundation gap below Level 3: seeds$/m);
    assert.match(text, /^ {2}1\. foundation gap: Randomness is seeded/m);
    assert.match(text.trimEnd().split('\n').pop()!, /^Level 3 \(1 foundation gap\) · /);
  });

  it('lists the next steps with the scaffold that helps', async () => {
    const text = formatText(await sampleReport());
    const steps = text.slice(text.indexOf('Next steps'));
    assert.match(
      steps,
      /1\. Held-out evaluation — Split into train\/validation\/test \[L2\.heldout-evaluation, partly met\]/,
    );
    assert.match(steps, /mlcoach scaffold split/);
    assert.match(steps, /seen: train\.py:5 splits with train_test_split/);
    assert.match(steps, /2\. Code is under git — Run git init/);
  });

  it('groups findings by file, with path:line:col and notebook cell:line:col', async () => {
    const text = formatText(await sampleReport());
    const findings = text.slice(text.indexOf('Findings (2)'));
    const lines = findings.split('\n');
    const nb = lines.indexOf('notebooks/eda.ipynb');
    const py = lines.indexOf('train.py');
    assert.ok(nb > 0 && py > nb, 'file headers in path order');
    // The notebook's third cell (index 2, the markdown cell counts) holds the call on its line 2.
    assert.match(
      lines[nb + 1],
      /^ {2}notebooks\/eda\.ipynb cell 3:2:5 {2}warning +`PCA\(2\)\.fit_transform` is fit on all rows/,
    );
    assert.match(lines[py + 1], /^ {2}train\.py:5:5 {2}warning .* ML901 fit-transform-call$/);
    assert.match(findings, /↳ train\.py:5:1: the data comes from here/);
    assert.match(findings, /fix: Fit on the training rows only/);
  });

  it('summarises problems and ends with a summary line', async () => {
    const text = formatText(await sampleReport());
    assert.match(text, /Problems \(1\)\n {2}notebooks\/broken\.ipynb: notebook could not be read/);
    const last = text.trimEnd().split('\n').pop()!;
    assert.equal(last, 'Level 1 · 2 findings (2 warnings) in 2 files · 4 files (1 Python, 2 notebooks)');
  });

  it('leaves the findings out with levelOnly, and puts the prefix before every path', async () => {
    const report = await sampleReport();
    const levelOnly = formatText(report, { levelOnly: true });
    assert.doesNotMatch(levelOnly, /Findings/);
    assert.match(levelOnly.trimEnd().split('\n').pop()!, /^Level 1 · 4 files/);
    const prefixed = formatText(report, { pathPrefix: 'projects/churn/' });
    assert.match(prefixed, /projects\/churn\/train\.py:5:5/);
    assert.match(prefixed, /projects\/churn\/notebooks\/eda\.ipynb cell 3:2:5/);
  });

  it('uses colour only when asked', async () => {
    const report = await sampleReport();
    const plain = formatText(report);
    const coloured = formatText(report, { color: true });
    assert.doesNotMatch(plain, /\u001b\[/);
    assert.match(coloured, /\u001b\[33mwarning/);
    assert.equal(stripAnsi(coloured), plain);
  });

  it('says plainly when a project is not an ML project, without a ladder', async () => {
    const report = await sampleReport({
      'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
      Dockerfile: 'FROM python:3.12\n',
    });
    const text = formatText(report);
    assert.match(text, /Not an ML project: no Python file or notebook imports a machine-learning library\./);
    assert.doesNotMatch(text, /Level \d {2}/);
    assert.match(text.trimEnd().split('\n').pop()!, /^not an ML project · no findings · 2 files/);
  });

  it('shows each project of a monorepo under its own heading, paths from the analysed folder', async () => {
    const report = await sampleReport();
    const other = {
      ...report.projects[0],
      root: 'services/b',
      isMlProject: false,
      mlReason: 'no ML here',
      findings: [],
      problems: [],
    };
    const text = formatText({ ...report, projects: [{ ...report.projects[0], root: 'services/a' }, other] });
    assert.match(text, /^Project services\/a$/m);
    assert.match(text, /^Project services\/b$/m);
    assert.match(text, /services\/a\/train\.py:5:5/);
    assert.match(
      text.trimEnd().split('\n').pop()!,
      /^services\/a: Level 1, services\/b: not an ML project · 2 findings/,
    );
  });
});
