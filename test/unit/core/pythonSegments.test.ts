import * as assert from 'node:assert/strict';
import { statementCuts } from '../../../src/core/python/segments';

describe('statement cuts for parsing a long file in pieces', () => {
  const at = (src: string, cuts: number[]) => cuts.map((c) => src.slice(c, src.indexOf('\n', c)));

  it('cuts only at top-level statements, never inside brackets, strings or a continued line', () => {
    const src = [
      'a = 1',
      'b = f(',
      'c = 2)',
      's = """',
      'd = 3',
      '"""',
      't = 1 + \\',
      'e = 4',
      '# f = 5',
      '    g = 6',
      'h = 7',
      '',
    ].join('\n');
    assert.deepEqual(at(src, statementCuts(src, 0)), ['a = 1', 'b = f(', 's = """', 't = 1 + \\', 'h = 7']);
  });

  it('keeps a decorator with its definition and else/elif/except/finally with their statement', () => {
    const src = [
      '@dec',
      'def f(): pass',
      'if x:',
      '    pass',
      'else:',
      '    pass',
      'try:',
      '    pass',
      'except E:',
      '    pass',
      'finally:',
      '    pass',
      'z = 1',
      '',
    ].join('\n');
    assert.deepEqual(at(src, statementCuts(src, 0)), ['@dec', 'if x:', 'try:', 'z = 1']);
  });

  it('keeps pieces at least the given number of lines long', () => {
    const src = `${Array.from({ length: 10 }, (_, i) => `x${i} = ${i}`).join('\n')}\n`;
    assert.deepEqual(at(src, statementCuts(src, 3)), ['x0 = 0', 'x3 = 3', 'x6 = 6', 'x9 = 9']);
  });
});
