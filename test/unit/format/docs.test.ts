import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LEVEL_ITEMS, LEVEL_TITLES } from '../../../src/core/levels/checklist';
import { ALL_RULES } from '../../../src/core/rules/registry';
import {
  README_MARKERS,
  generatedDocs,
  levelsPage,
  ruleTable,
  withRuleTable,
} from '../../../src/core/format/docsPages';
import { itemAnchor, ruleDocPage, ruleDocText } from '../../../src/core/format/ruleDocs';
import { REPO_ROOT } from '../../support/paths';
import { TEST_ITEMS, TEST_RULE } from './sampleReport';

describe('generated docs', () => {
  it('the committed docs match the registries (run `npm run docs` after changing a rule or item)', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const stale = generatedDocs(ALL_RULES, LEVEL_ITEMS, LEVEL_TITLES, readme)
      .filter(
        (f) => !existsSync(join(REPO_ROOT, f.path)) || readFileSync(join(REPO_ROOT, f.path), 'utf8') !== f.content,
      )
      .map((f) => f.path);
    assert.deepEqual(stale, [], `stale generated docs: ${stale.join(', ')}; run \`npm run docs\``);
    const pages = readdirSync(join(REPO_ROOT, 'docs', 'rules')).filter((n) => n !== 'README.md');
    assert.deepEqual(
      pages.sort(),
      ALL_RULES.map((r) => `${r.meta.code}.md`).sort(),
      'one page per rule, none for rules that are gone',
    );
  });

  it('a rule page has the five sections in order, and the facts line', () => {
    const page = ruleDocPage(TEST_RULE.meta);
    const headings = page.split('\n').filter((l) => l.startsWith('## '));
    assert.deepEqual(headings, [
      '## What it does',
      '## Why is this bad?',
      '## Example',
      '## Use instead',
      '## Fix safety',
    ]);
    assert.match(page, /^# ML901 `fit-transform-call`: A fit_transform call$/m);
    assert.match(page, /^Category: leakage · matters from Level 2 · default severity: warning · an unsafe fix/m);
    assert.match(page, /Bears on the checklist item `L2\.heldout-evaluation`\./);
    assert.match(ruleDocText(TEST_RULE.meta), /^Fix safety\n {2}The fix changes what the code computes\.$/m);
  });

  it('the rule table escapes pipes and links each page', () => {
    const table = ruleTable([{ ...TEST_RULE, meta: { ...TEST_RULE.meta, title: 'a | b' } }]);
    assert.match(
      table,
      new RegExp(
        /^\| \[ML901\]\(docs\/rules\/ML901\.md\) \| `fit-transform-call`/.source +
          / \| a \\\| b \| leakage \| warning \| unsafe \|$/.source,
        'm',
      ),
    );
    assert.equal(ruleTable([]), '_No rules yet._\n');
  });

  it('replaces only the text between the README markers, and insists on them', () => {
    const readme = `# X\n\nintro\n${README_MARKERS.start}\nold table\n${README_MARKERS.end}\n\nafter\n`;
    const out = withRuleTable(readme, [TEST_RULE]);
    assert.ok(out.startsWith('# X\n\nintro\n<!-- rules:start -->\n| Code |'));
    assert.ok(out.endsWith(`${README_MARKERS.end}\n\nafter\n`));
    assert.doesNotMatch(out, /old table/);
    assert.equal(withRuleTable(out, [TEST_RULE]), out);
    assert.throws(() => withRuleTable('# no markers\n', []), /needs the markers/);
  });

  it('the levels page lists every item under its level, with anchors that match the headings', () => {
    const page = levelsPage(TEST_ITEMS, LEVEL_TITLES);
    assert.match(page, /^## Level 3: Production deployment\n\n_No items yet\._$/m);
    for (const item of TEST_ITEMS) {
      assert.ok(page.includes(`### ${item.id}\n`), item.id);
      assert.ok(page.includes(`](#${itemAnchor(item.id)})`), item.id);
    }
    assert.equal(itemAnchor('L2.heldout-evaluation'), 'l2heldout-evaluation');
    assert.match(page, /\*Next step\.\* Split into train\/validation\/test \(`mlcoach scaffold split`\)/);
  });
});
