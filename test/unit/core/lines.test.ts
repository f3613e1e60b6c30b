// Offsets to lines and columns, for every line ending a file may use.
import assert from 'node:assert/strict';
import { LineIndex } from '../../../src/core/python/lines';

describe('line index', () => {
  const cases: Array<[string, string]> = [
    ['LF', 'a = 1\nbb = 2\n\nccc = 3'],
    ['CRLF', 'a = 1\r\nbb = 2\r\n\r\nccc = 3'],
    ['CR', 'a = 1\rbb = 2\r\rccc = 3'],
    ['mixed', 'a = 1\r\nbb = 2\n\rccc = 3'],
  ];
  for (const [name, text] of cases) {
    it(`maps offsets to lines and columns with ${name} endings`, () => {
      const lines = new LineIndex(text);
      assert.equal(lines.lineCount, 4);
      const at = (needle: string) => lines.position(text.indexOf(needle));
      assert.deepEqual(at('a ='), { line: 1, column: 1 });
      assert.deepEqual(at('bb'), { line: 2, column: 1 });
      assert.deepEqual(at('= 2'), { line: 2, column: 4 });
      assert.deepEqual(at('ccc'), { line: 4, column: 1 });
      assert.equal(lines.lineStart(4), text.indexOf('ccc'));
      assert.equal(lines.lineStart(99), text.indexOf('ccc'));
    });
  }

  it('handles an empty text and a text ending with a newline', () => {
    assert.equal(new LineIndex('').lineCount, 1);
    assert.deepEqual(new LineIndex('x\n').position(2), { line: 2, column: 1 });
  });
});
