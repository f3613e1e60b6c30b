// A rule's documentation reads the same wherever it is shown: the generated docs/rules page, `mlcoach explain`
// (Markdown and terminal text), SARIF's help and the editor's docs view all carry one text in one order.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { toSarif } from '../../../src/core/format/sarif';
import { ALL_RULES } from '../../../src/core/rules/registry';
import { ruleDocsMarkdown } from '../../../src/extension/ruleDocsView';
import { REPO_ROOT } from '../../support/paths';
import { fakeIo } from '../cli/fakeIo';
import { sampleReport } from './sampleReport';

/** The committed page, without its generated-file comment. */
function committedPage(code: string): string {
  const page = readFileSync(join(REPO_ROOT, 'docs', 'rules', `${code}.md`), 'utf8');
  assert.match(page, /^<!-- Generated .* -->\n/, `${code}.md opens with the generated-file comment`);
  return page.replace(/^<!--.*-->\n/, '');
}

/** The words of a text in order, whatever the Markdown marks, indentation and blank lines around them. */
function words(text: string): string[] {
  return text
    .replace(/^\s*#+ /gm, '')
    .replace(/`/g, '')
    .split(/\s+/)
    .filter(Boolean);
}

async function explain(code: string, ...options: string[]): Promise<string> {
  const io = fakeIo(REPO_ROOT);
  assert.equal(await main(['explain', code, ...options], io), 0, code);
  return io.stdout;
}

describe('rule docs in one form', () => {
  it('the CLI, SARIF help and the editor show what docs/rules/<CODE>.md says, in its order', async () => {
    const sarif = toSarif(await sampleReport(), { rules: ALL_RULES }) as { runs: Array<Record<string, any>> };
    const sarifRules = new Map<string, any>(sarif.runs[0].tool.driver.rules.map((r: any) => [r.id, r]));
    for (const { meta } of ALL_RULES) {
      const page = committedPage(meta.code);
      assert.equal(await explain(meta.code, '--format', 'markdown'), page, `${meta.code}: explain --format markdown`);
      const text = await explain(meta.code);
      const more = `More: https://github.com/mlcoach/ml-coach/blob/main/docs/rules/${meta.code}.md`;
      assert.ok(text.endsWith(`\n\n${more}\n`), `${meta.code}: the text ends with where the page is`);
      const body = text.slice(0, -more.length - 1);
      assert.deepEqual(words(body), words(page), `${meta.code}: explain's text has the page's words in its order`);
      // Headings are lines of their own in the text too, in the page's order.
      const headings = [...page.matchAll(/^## (.*)$/gm)].map((m) => m[1]);
      const textHeadings = body.split('\n').filter((line) => headings.includes(line));
      assert.deepEqual(textHeadings, headings, `${meta.code}: section headings`);
      const rule = sarifRules.get(meta.code);
      assert.ok(rule, `${meta.code} is in the SARIF driver`);
      assert.equal(rule.help.markdown, page, `${meta.code}: SARIF help Markdown`);
      assert.equal(rule.help.text, text, `${meta.code}: SARIF help text`);
      assert.ok(ruleDocsMarkdown(meta).startsWith(page.trim()), `${meta.code}: the editor's docs view`);
    }
  });
});
