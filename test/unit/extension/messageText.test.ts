import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/model/findings';
import {
  LEAD_MAX,
  diagnosticMessages,
  fixSentence,
  hoverMarkdown,
  leadSentence,
  relatedMessage,
} from '../../../src/extension/messageText';

const LEAK =
  '`StandardScaler` is fit on all rows before they are split, so what it learns includes the test rows and the ' +
  'test score will look better than it should.';

function finding(message: string, extra: Partial<Finding> = {}): Finding {
  return {
    code: 'ML101',
    rule: 'preprocessing-leakage',
    severity: 'warning',
    message,
    range: { path: 'nb.ipynb', cell: 3, startLine: 3, startColumn: 1, endLine: 3, endColumn: 5 },
    ...extra,
  };
}

describe('finding messages in the editor', () => {
  it('leads with one sentence of at most ~80 characters that names the thing', () => {
    const { lead, rest } = leadSentence(LEAK);
    assert.equal(lead, '`StandardScaler` is fit on all rows before they are split.');
    assert.equal(rest, 'What it learns includes the test rows and the test score will look better than it should.');
    // A message that already leads with a short sentence keeps it, and the rest follows.
    assert.deepEqual(leadSentence('`StandardScaler` is fit before the split. The test rows leak into it.'), {
      lead: '`StandardScaler` is fit before the split.',
      rest: 'The test rows leak into it.',
    });
    // Abbreviations and dotted names inside backticks do not end the sentence.
    assert.equal(
      leadSentence('Uses e.g. `df.fillna()` on all rows. More.').lead,
      'Uses e.g. `df.fillna()` on all rows.',
    );
  });

  it('cuts a long sentence without a clause break at a word, and keeps the whole message for the hover', () => {
    const long = `${'word '.repeat(40).trim()}.`;
    const { lead, rest } = leadSentence(long);
    assert.ok(lead.length <= LEAD_MAX, `${lead.length}`);
    assert.match(lead, /…$/);
    assert.equal(rest, long);
  });

  it('fits the Problems panel on one line and names the cell, 1-based', () => {
    const [m] = diagnosticMessages([finding(LEAK)]);
    assert.equal(m, 'Cell 4: `StandardScaler` is fit on all rows before they are split.');
    assert.ok(m.length <= LEAD_MAX + 12);
    assert.equal(
      diagnosticMessages([
        finding(LEAK, { range: { path: 'train.py', startLine: 13, startColumn: 1, endLine: 13, endColumn: 2 } }),
      ])[0],
      '`StandardScaler` is fit on all rows before they are split.',
    );
  });

  it('names the place when one rule says the same thing twice in one file', () => {
    const at = (line: number): Finding =>
      finding('The test set picks the hyperparameters, so the score is optimistic.', {
        code: 'ML103',
        range: { path: 'tune.py', startLine: line, startColumn: 1, endLine: line, endColumn: 2 },
      });
    const other = finding('Something else.', {
      code: 'ML301',
      range: { path: 'tune.py', startLine: 50, startColumn: 1, endLine: 50, endColumn: 2 },
    });
    assert.deepEqual(diagnosticMessages([at(10), at(40), other]), [
      'Line 10: The test set picks the hyperparameters, so the score is optimistic.',
      'Line 40: The test set picks the hyperparameters, so the score is optimistic.',
      'Something else.',
    ]);
  });

  it('names the cell of a related location, which VS Code shows only as the notebook and a line', () => {
    assert.equal(
      relatedMessage({
        range: { path: 'nb.ipynb', cell: 4, startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
        message: 'The rows are split here.',
      }),
      'The rows are split here (cell 5).',
    );
    assert.equal(
      relatedMessage({
        range: { path: 'a.py', startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
        message: 'The rows are split here.',
      }),
      'The rows are split here.',
    );
  });

  it('lays the hover out as the why, then "Fix: …", then the documentation link', () => {
    const withFix = finding(LEAK, { fixes: [{ title: 'Fit on the training rows only', safety: 'unsafe', edits: [] }] });
    const md = hoverMarkdown(withFix, { fix: 'Something generic.' }, '[ML101 documentation](command:x)');
    assert.deepEqual(md.split('\n\n'), [
      'What it learns includes the test rows and the test score will look better than it should.',
      '**Fix:** Fit on the training rows only.',
      '[ML101 documentation](command:x)',
    ]);
    // Without a fix of its own, the rule's "use instead" sentence.
    assert.match(
      hoverMarkdown(finding(LEAK), { fix: 'Split first, then fit on the training rows.' }, 'link'),
      /\*\*Fix:\*\* Split first, then fit on the training rows\.\n\nlink$/,
    );
  });

  it('takes the fix from "Use instead": its first sentence, or its first short code example', () => {
    assert.equal(
      fixSentence('```python\nx = 1\n```\nWith cross-validation, pass the pipeline.'),
      '```python\nx = 1\n```',
    );
    assert.equal(fixSentence(`\`\`\`python\n${'x = 1\n'.repeat(9)}\`\`\``), undefined);
    assert.match(
      hoverMarkdown(finding(LEAK), { fix: '```python\nx = 1\n```' }, 'link'),
      /\*\*Fix:\*\*\n\n```python\nx = 1\n```\n\nlink$/,
    );
    assert.equal(
      fixSentence('Restart the kernel and run all cells from the top, then save the notebook.'),
      'Restart the kernel and run all cells from the top, then save the notebook.',
    );
  });
});
