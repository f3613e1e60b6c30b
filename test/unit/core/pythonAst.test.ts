import assert from 'node:assert/strict';
import { parsePython } from '../../../src/core/python/ast';
import type { Expr } from '../../../src/core/python/ast';

/** The value assigned to each simple name target, in order. */
function assignedValues(source: string): Expr[] {
  const out: Expr[] = [];
  for (const s of parsePython(source).body) if (s.kind === 'Assign' && s.value) out.push(s.value);
  return out;
}

describe('syntax tree from the Lezer parse', () => {
  it('decodes string literals: prefixes, triple quotes, simple escapes, raw strings', () => {
    const values = assignedValues(
      `${[
        'a = r"\\d+"',
        "b = b'x\\ty'",
        "c = '''q'''",
        'd = "it\\\'s"',
        'e = "\\x41"',
        'f = ""',
        'g = U"\\n"',
        'h = "a" \'b\' r"\\c"',
        'i = """multi\nline"""',
      ].join('\n')}\n`,
    );
    const strings = values.map((v) => (v.kind === 'Constant' ? v.value : v.kind));
    assert.deepEqual(strings, ['\\d+', 'x\ty', 'q', "it's", '\\x41', '', '\n', 'ab\\c', 'multi\nline']);
  });

  it('reads numbers with underscores, suffixes and bases', () => {
    const values = assignedValues('a = 1_000\nb = 0x1F\nc = 2j\nd = 1e3\ne = 20.\n');
    assert.deepEqual(
      values.map((v) => (v.kind === 'Constant' ? v.value : v.kind)),
      [1000, 31, 2, 1000, 20],
    );
  });

  it('finds comments nested anywhere, each once', () => {
    const src = 'f(a,  # one\n  b)  # two\nif x:  # three\n    y = {  # four\n        1: 2}\n# five\n';
    const m = parsePython(src);
    const texts = m.comments.map((c) => src.slice(c.from, c.to)).sort();
    assert.deepEqual(texts, ['# five', '# four', '# one', '# three', '# two']);
  });

  it('gives each parse its own result, after a file too large to keep buffers for', () => {
    const small = 'import numpy as np\nx = np.zeros((2, 3))  # shape\n';
    const before = parsePython(small);
    const big = parsePython(`${'v = 1\n'.repeat(80_000)}w = (\n`);
    assert.equal(big.body.length, 80_001);
    assert.deepEqual(big.body[79_999], {
      kind: 'Assign',
      from: 479_994,
      to: 479_999,
      targets: [{ kind: 'Name', id: 'v', from: 479_994, to: 479_995 }],
      value: { kind: 'Constant', type: 'number', value: 1, from: 479_998, to: 479_999 },
      annotation: undefined,
    });
    assert.ok(big.errors.length > 0);
    assert.deepEqual(parsePython(small), before);
  });
});
