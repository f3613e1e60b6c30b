import assert from 'node:assert/strict';
import { escapeMarkdown, escapeMarkdownWithCode, formatMarkdown } from '../../../src/core/format/markdown';
import { sampleReport, SAMPLE_FILES, SERVICE_ITEMS } from './sampleReport';

describe('Markdown report', () => {
  it('gives the level with its reason and the foundation gaps', async () => {
    const md = formatMarkdown(await sampleReport(SAMPLE_FILES, SERVICE_ITEMS));
    assert.match(
      md,
      /^\*\*Level 3: serving API, Dockerfile, CI; not yet: monitoring\*\* \(Production deployment\)\.$/m,
    );
    assert.match(md, /^1 foundation gap below Level 3: seeds `L2\.seeds`\.$/m);
    assert.match(md, /^1\. Foundation gap: \*\*Randomness is seeded\*\*/m);
  });

  it('has a level table, next steps, a findings table and collapsible details', async () => {
    const md = formatMarkdown(await sampleReport());
    assert.match(md, /^## ML Coach report$/m);
    assert.match(md, /\*\*Level 1: data loaded, a model trained\*\* \(Notebook experiments\)\./);
    assert.match(md, /^\| \*\*1\*\* \| Notebook experiments \| 2\/2 \| 67% \| ✅ \|$/m);
    assert.match(md, /^\| 2 \| Structured project \| 0\/2 \| 13% \| {2}\|$/m);
    assert.match(
      md,
      /^1\. \*\*Held-out evaluation\*\*: Split into train\/validation\/test \(`mlcoach scaffold split`\)\./m,
    );
    assert.match(md, /^### Findings \(2\)$/m);
    assert.match(md, /<details><summary>Checklist: every item with its evidence<\/summary>/);
    assert.match(
      md,
      new RegExp(
        /\| 🟡 \| Held-out evaluation `L2\.heldout-evaluation` \(core\)/.source +
          / \| 2 \| `train\.py:5` splits with train\\_test\\_split/.source +
          /<br>_a leakage finding keeps it from counting_ \|/.source,
      ),
    );
    assert.match(md, /<details><summary>Files not fully analysed \(1 problem\)<\/summary>/);
  });

  it('keeps every table row to its columns whatever the user text holds', async () => {
    const md = formatMarkdown(await sampleReport());
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && l.includes('ML901'));
    assert.equal(rows.length, 2);
    for (const row of rows) {
      // Five unescaped pipes: four cells.
      assert.equal(row.replace(/\\\|/g, '').split('|').length - 1, 5, row);
      assert.doesNotMatch(row, /<split>/);
      assert.match(row, /&lt;split&gt;/);
    }
    assert.match(rows[0], /`notebooks\/eda\.ipynb cell 3:2:5`/);
    assert.match(rows[0], /`PCA\(2\)\.fit_transform` is fit on all rows \\\| before &lt;split&gt;\./);
  });

  it('escapes HTML, emphasis, links and line breaks in user text', () => {
    assert.equal(escapeMarkdown('<img src=x onerror=alert(1)>'), '&lt;img src=x onerror=alert\\(1\\)&gt;');
    assert.equal(escapeMarkdown('a *b* _c_ [d](e)\nf | g'), 'a \\*b\\* \\_c\\_ \\[d\\]\\(e\\) f \\| g');
    assert.equal(escapeMarkdownWithCode('use `df[a|b]` not <x>'), 'use `df[a\\|b]` not &lt;x&gt;');
    // GitHub turns @name into a mention after rendering; a backslash does not stop it, an empty comment does.
    assert.equal(
      escapeMarkdown('decorated with @app.route, mail a@b'),
      'decorated with @<!-- -->app.route, mail a@<!-- -->b',
    );
    assert.equal(escapeMarkdownWithCode('`@app.get` in main'), '`@app.get` in main');
  });

  it('caps the findings table and counts the rest', async () => {
    const many = Array.from({ length: 8 }, (_, i) => `X${i} = StandardScaler().fit_transform(df)`).join('\n');
    const md = formatMarkdown(
      await sampleReport({ ...SAMPLE_FILES, 'many.py': `from sklearn.preprocessing import StandardScaler\n${many}\n` }),
      { maxFindings: 5 },
    );
    assert.equal(md.split('\n').filter((l) => l.includes('| [ML901]') || l.includes('ML901](')).length, 5);
    assert.match(md, /…and 5 more/);
  });

  it('says when the project is not ML, and leaves findings out with levelOnly', async () => {
    const notMl = formatMarkdown(await sampleReport({ 'app.py': 'import flask\n' }));
    assert.match(
      notMl,
      new RegExp(
        /\*\*Not an ML project\*\*: no Python file or notebook /.source +
          /imports a machine-learning library\. No level and no ML findings\./.source,
      ),
    );
    assert.doesNotMatch(notMl, /\| Level \|/);
    const levelOnly = formatMarkdown(await sampleReport(), { levelOnly: true });
    assert.doesNotMatch(levelOnly, /### Findings/);
    assert.match(levelOnly, /\| Level \| Title \| Met \| Score \| Reached \|/);
  });
});
