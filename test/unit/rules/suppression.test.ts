import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/model/findings';
import { parseDirective, suppressionFixes } from '../../../src/core/rules/suppression';
import { applyFix, findingsFor, notebook, where } from '../../support/ruleHarness';

// train_test_split without random_state: one ML301 finding per call, used as the probe throughout.
const HEAD = 'from sklearn.model_selection import train_test_split\n';
const SPLIT = 'parts = train_test_split(X, y)';

describe('suppression comments', () => {
  it('parses codes, names, spacing and case; bare ignore means all, empty brackets none', () => {
    assert.deepEqual(parseDirective('# mlcoach: ignore[ML301]'), { kind: 'ignore', codes: ['ml301'] });
    assert.deepEqual(parseDirective('#MLCoach:Ignore[ML301, unseeded-randomness ML403]'), {
      kind: 'ignore',
      codes: ['ml301', 'unseeded-randomness', 'ml403'],
    });
    assert.deepEqual(parseDirective('# mlcoach: ignore'), { kind: 'ignore', codes: undefined });
    assert.deepEqual(parseDirective('# mlcoach: ignore[]'), { kind: 'ignore', codes: [] });
    assert.deepEqual(parseDirective('# mlcoach: ignore-file[ML501]'), { kind: 'ignore-file', codes: ['ml501'] });
    assert.equal(parseDirective('# mlcoach: ignored'), undefined);
    assert.equal(parseDirective('# mlcoach: ignore-files'), undefined);
    assert.equal(parseDirective('# noqa: ML301'), undefined);
  });

  it('silences a .py line by code or by name, and only that rule and that line', async () => {
    const src =
      `${HEAD}${SPLIT}  # mlcoach: ignore[ML301]\n${SPLIT}  # mlcoach: ignore[unseeded-randomness]\n${SPLIT}  # ` +
      `mlcoach: ignore[ML403]\n${SPLIT}  # mlcoach: ignore[]\n${SPLIT}  # mlcoach: ignore\n`;
    const found = await findingsFor('ML301', { 'a.py': src });
    assert.deepEqual(
      found.map((f) => where(f.range)),
      ['a.py:4', 'a.py:5'],
    );
  });

  it('accepts the comment on any line of a multi-line finding', async () => {
    const src =
      `${HEAD}parts = train_test_split(  # mlcoach: ignore[ML301]\n` +
      `    X, y)\n` +
      `more = train_test_split(X,\n` +
      `    y)  # mlcoach: ignore[ML301]\n`;
    assert.deepEqual(await findingsFor('ML301', { 'a.py': src }), []);
  });

  it('does not count a directive written inside a string', async () => {
    const src = `${HEAD}${SPLIT}; note = "# mlcoach: ignore[ML301]"\n`;
    assert.equal((await findingsFor('ML301', { 'a.py': src })).length, 1);
  });

  it('ignore-file silences the whole file or notebook, for the listed rules only', async () => {
    const py = `# mlcoach: ignore-file[ML301]\n${HEAD}${SPLIT}\n`;
    assert.deepEqual(await findingsFor('ML301', { 'a.py': py }), []);
    const nb = notebook([
      { source: 'from sklearn.model_selection import train_test_split', count: 1 },
      { source: SPLIT, count: 2 },
      { source: `import numpy  # mlcoach: ignore-file[ML503]\n${SPLIT}`, count: 3 },
    ]);
    const found = await findingsFor('ML301', { 'nb.ipynb': nb });
    assert.deepEqual(
      found.map((f) => where(f.range)),
      ['nb.ipynb#1:1', 'nb.ipynb#2:2'],
    );
    assert.deepEqual(await findingsFor('ML503', { 'nb.ipynb': nb }), []);
  });

  it('covers a notebook cell from its first line, or from the line after a cell magic', async () => {
    const nb = notebook([
      { source: 'from sklearn.model_selection import train_test_split', count: 1 },
      { source: `# mlcoach: ignore[ML301]\n${SPLIT}\n${SPLIT}`, count: 2 },
      { source: `%%time\n# mlcoach: ignore[ML301]\n${SPLIT}`, count: 3 },
      { source: `x = 1  # mlcoach: ignore[ML301]\n${SPLIT}`, count: 4 },
      { source: `${SPLIT}\n# mlcoach: ignore[ML301]`, count: 5 },
      { source: `%time ${SPLIT}  # mlcoach: ignore[ML301]\n${SPLIT}  # mlcoach: ignore[ML301]`, count: 6 },
    ]);
    const found = await findingsFor('ML301', { 'nb.ipynb': nb });
    assert.deepEqual(
      found.map((f) => where(f.range)),
      ['nb.ipynb#3:2', 'nb.ipynb#4:1'],
    );
  });

  it('honours configuration disables in scripts and notebooks', async () => {
    const files = {
      'a.py': `${HEAD}${SPLIT}\n`,
      'nb.ipynb': notebook([
        { source: `${HEAD}${SPLIT}`, count: 1 },
        { source: 'import os', count: 2 },
      ]),
    };
    assert.equal((await findingsFor('ML301', files)).length, 2);
    assert.deepEqual(await findingsFor('ML301', files, { overrides: { disable: ['ML301'] } }), []);
    assert.deepEqual(
      await findingsFor('ML301', { ...files, '.mlcoach.yaml': 'disable:\n  - unseeded-randomness\n' }),
      [],
    );
    assert.deepEqual(await findingsFor('ML503', { ...files, '.mlcoach.yaml': 'severity:\n  ML503: "off"\n' }), []);
    assert.equal((await findingsFor('ML503', files)).length, 1);
  });
});

describe('suppression fixes', () => {
  const finding = (line: number, cell?: number, code = 'ML301'): Finding => ({
    code,
    rule: 'unseeded-randomness',
    severity: 'info',
    message: '',
    range: {
      path: cell === undefined ? 'a.py' : 'nb.ipynb',
      cell,
      startLine: line,
      startColumn: 1,
      endLine: line,
      endColumn: 5,
    },
  });

  it('appends a directive at the end of the line, and the finding is then gone', async () => {
    const files: Record<string, string> = { 'a.py': `${HEAD}${SPLIT}   \n` };
    const [f] = await findingsFor('ML301', files);
    const [lineFix] = suppressionFixes(f, files['a.py']);
    assert.equal(lineFix.title, 'Suppress ML301 on this line');
    const fixed = applyFix(files, lineFix);
    assert.equal(fixed['a.py'], `${HEAD}${SPLIT}  # mlcoach: ignore[ML301]   \n`);
    assert.deepEqual(await findingsFor('ML301', fixed), []);
  });

  it('adds the code to a directive already on the line', () => {
    const src = `${HEAD}${SPLIT}  # mlcoach: ignore[ML403]\n`;
    const fixed = applyFix({ 'a.py': src }, suppressionFixes(finding(2), src)[0]);
    assert.equal(fixed['a.py'], `${HEAD}${SPLIT}  # mlcoach: ignore[ML403, ML301]\n`);
    assert.deepEqual(suppressionFixes(finding(2), fixed['a.py']), []);
  });

  it('offers no line fix where a comment would change the code', () => {
    const continued = 'x = 1 + \\\n    2\n';
    assert.deepEqual(suppressionFixes(finding(1), continued), []);
    const inString = 'sql = """select *\nfrom t"""\nrun(sql)\n';
    assert.deepEqual(suppressionFixes(finding(1), inString), []);
    assert.equal(
      suppressionFixes(finding(2), inString).length,
      1,
      'the line that closes the string can take a comment',
    );
    assert.equal(suppressionFixes(finding(1), 'x = "a # b"\n').length, 1);
  });

  it('in a notebook, offers a cell directive in cell coordinates, after a cell magic', async () => {
    const cells = [
      { source: 'from sklearn.model_selection import train_test_split', count: 1 },
      { source: `%%time\n${SPLIT}`, count: 2 },
      { source: `x = 1\n${SPLIT}`, count: 3 },
    ];
    let files: Record<string, string> = { 'nb.ipynb': notebook(cells) };
    const found = await findingsFor('ML301', files);
    assert.deepEqual(
      found.map((f) => where(f.range)),
      ['nb.ipynb#1:2', 'nb.ipynb#2:2'],
    );
    const sources = (json: string) =>
      (JSON.parse(json) as { cells: Array<{ source: string }> }).cells.map((c) => c.source);
    for (const f of found) {
      const fixes = suppressionFixes(f, cells[f.range!.cell!].source);
      assert.deepEqual(
        fixes.map((x) => x.title),
        ['Suppress ML301 on this line', 'Suppress ML301 in this cell'],
      );
      assert.ok(fixes[1].edits.every((e) => e.range.cell === f.range!.cell));
      files = applyFix(files, fixes[1]);
    }
    assert.deepEqual(sources(files['nb.ipynb']).slice(1), [
      `%%time\n# mlcoach: ignore[ML301]\n${SPLIT}`,
      `# mlcoach: ignore[ML301]\nx = 1\n${SPLIT}`,
    ]);
    assert.deepEqual(await findingsFor('ML301', files), []);
    JSON.parse(files['nb.ipynb']);
  });
});
