// The editor's rule documentation is the generated docs page, written the same way, plus how to silence the rule.
import assert from 'node:assert/strict';
import { ruleDocPage } from '../../../src/core/format/ruleDocs';
import { ALL_RULES } from '../../../src/core/rules/registry';
import { ruleDocsMarkdown } from '../../../src/extension/ruleDocsView';

describe('rule docs in the editor', () => {
  it('show every rule as its docs/rules page does (heading, facts, checklist items, sections), then silencing', () => {
    for (const { meta } of ALL_RULES) {
      const page = ruleDocPage(meta)
        .replace(/^<!--.*-->\n/, '')
        .trim();
      const view = ruleDocsMarkdown(meta);
      assert.ok(view.startsWith(`${page}\n\n## Silencing it\n\n`), meta.code);
      assert.ok(view.includes(`# mlcoach: ignore[${meta.code}]`), meta.code);
    }
    const withItems = ALL_RULES.find((r) => r.meta.affects?.length);
    assert.ok(withItems, 'some rule bears on a checklist item');
    assert.match(ruleDocsMarkdown(withItems.meta), /\nBears on the checklist items? `L\d\./);
  });
});
