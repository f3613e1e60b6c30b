// The pictures of a notebook's outputs are emptied in its raw bytes before the JSON is parsed: the rest of the
// notebook must come out exactly as it was, and anything unusual must leave the bytes alone.
import assert from 'node:assert/strict';
import { withoutImagePayloads } from '../../../src/core/notebook/images';
import { parseNotebook } from '../../../src/core/notebook/notebook';

const png = `iVBORw0KGgo${'AAAAbbbbCCCC1234+/=='.repeat(200)}\\n`;
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

function notebook(outputData: Record<string, unknown>, source = 'df.plot()\n'): string {
  return JSON.stringify(
    {
      cells: [
        { cell_type: 'code', execution_count: 1, metadata: {}, source: [source], outputs: [] },
        {
          cell_type: 'code',
          execution_count: 2,
          metadata: {},
          source: ['y.value_counts()\n'],
          outputs: [{ output_type: 'display_data', metadata: {}, data: outputData }],
        },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  );
}

describe('notebook images emptied before parsing', () => {
  it('empties long PNG, JPEG and GIF strings and leaves every other value as it was', () => {
    const text = notebook({
      'image/png': png,
      'image/jpeg': `/9j/${'x'.repeat(3000)}`,
      'image/gif': `R0lGOD${'y'.repeat(2000)}`,
      'text/plain': ['0    900\n', '1    100\n'],
    }).replace(/\\\\n/g, '\\n');
    const out = withoutImagePayloads(enc(text));
    assert.ok(out.length < text.length - 5000);
    const before = JSON.parse(text);
    const after = JSON.parse(dec(out));
    const data = after.cells[1].outputs[0].data;
    assert.deepEqual([data['image/png'], data['image/jpeg'], data['image/gif']], ['', '', '']);
    for (const k of ['image/png', 'image/jpeg', 'image/gif']) delete before.cells[1].outputs[0].data[k];
    for (const k of ['image/png', 'image/jpeg', 'image/gif']) delete data[k];
    assert.deepEqual(after, before);
    const parsed = parseNotebook(dec(out));
    assert.ok(parsed.ok);
    if (parsed.ok) assert.deepEqual(parsed.notebook.cells[1].textOutputs, ['0    900\n1    100\n']);
  });

  it('keeps short pictures, lists of lines, and keys written inside strings', () => {
    const short = enc(notebook({ 'image/png': 'iVBORw0KGgoAAAA' }));
    assert.equal(withoutImagePayloads(short), short);
    const lines = enc(notebook({ 'image/png': [png, png] }));
    assert.equal(withoutImagePayloads(lines), lines);
    const inSource = enc(notebook({ 'text/plain': 'ok' }, `out = {"image/png": "${png}"}\n`));
    assert.equal(withoutImagePayloads(inSource), inSource);
  });

  it('leaves the bytes alone when a picture string holds an escaped quote', () => {
    const odd = enc(`{"cells": [], "x": {"image/png": "${'A'.repeat(2000)}\\"B"}}`);
    assert.equal(withoutImagePayloads(odd), odd);
  });
});
