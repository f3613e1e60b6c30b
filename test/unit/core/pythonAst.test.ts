import assert from 'node:assert/strict';
import { parsePython } from '../../../src/core/python/parse';
import type { Expr, PythonModule } from '../../../src/core/python/ast';

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

  it("keeps the literal text around an f-string's fields, with doubled braces undone", () => {
    const values = assignedValues(
      `${[
        'a = f"{DATA}/processed/{name}_clean.csv"',
        'b = f"{{a}}/{b}.csv"',
        'c = f"""{a}{b}"""',
        'd = F"{x:>10}!"',
      ].join('\n')}\n`,
    );
    const literals = values.map((v) => (v.kind === 'Other' ? v.literals : v.kind));
    assert.deepEqual(literals, [
      ['', '/processed/', '_clean.csv'],
      ['{a}/', '.csv'],
      ['', '', ''],
      ['', '!'],
    ]);
  });

  it('reads the two-word comparisons `not in` and `is not` as one operator', () => {
    const values = assignedValues(
      'a = x not in y\nb = x is not None\nc = x in y\nd = x is None\ne = (x  not\n  in y)\n',
    );
    const ops = values.map((v) => (v.kind === 'Binary' ? v.op : v.kind));
    assert.deepEqual(ops, ['not in', 'is not', 'in', 'is', 'not in']);
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

  it('gives each parse its own result, after a file large enough to grow the flattened tree', () => {
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

describe('parsePython holds no state between parses', () => {
  it('a parse started while another is being built leaves both trees as separate parses make them', () => {
    // Nothing inside the builder calls out today, so the nested parse is started from a wrapped
    // String.prototype.slice when the outer builder decodes the string literal 'nested parse here': the
    // outer tree is then half built, and whatever the parses share (once: one flattened tree) is overwritten.
    const outer = [
      'import numpy as np',
      'data = np.load("nested parse here")',
      'model = fit(data[:, 1:], epochs=3, lr=1e-3)',
      'class Net:',
      '    def forward(self, x):',
      '        return [layer(x) for layer in self.layers if layer]',
      'print(model.score(data), {"k": (1, 2)})',
      '',
    ].join('\n');
    const inner = 'import pandas as pd\nframe = pd.read_csv("train.csv")\nframe.describe()\n';
    const outerAlone = parsePython(outer);
    const innerAlone = parsePython(inner);
    const slice = String.prototype.slice;
    let innerDuring: PythonModule | undefined;
    let started = false;
    String.prototype.slice = function (this: string, start?: number, end?: number): string {
      const s = slice.call(this, start, end);
      if (!started && s === 'nested parse here') {
        started = true;
        innerDuring = parsePython(inner);
      }
      return s;
    };
    let outerDuring: PythonModule;
    try {
      outerDuring = parsePython(outer);
    } finally {
      String.prototype.slice = slice;
    }
    assert.ok(innerDuring, 'the inner parse ran while the outer one was being built');
    assert.deepEqual(innerDuring, innerAlone);
    assert.deepEqual(outerDuring, outerAlone);
  });
});

describe('syntax tree ownership', () => {
  it('gives every node object and non-empty list one parent', () => {
    const source = [
      'from a.b import c as d, e',
      'import f.g',
      '@dec(1)',
      'class K(Base, metaclass=M):',
      '    x: int = 1',
      '    async def m(self, p, *args, q=2, **kw) -> None:',
      '        y = z = [i * 2 for i in range(3) if i] + list({k: v for k, v in kw.items()})',
      '        y += -p if p else ~q',
      '        with open("f") as fh, lock:',
      '            data = fh.read()[1:-1:2], {1, 2}, (yield), lambda t=0: t',
      '        for i, j in zip(a, b):',
      '            while not i:',
      '                break',
      '            else:',
      '                continue',
      '        try:',
      '            return await m(*a, **kw)',
      '        except (E, F) as err:',
      '            raise',
      '        finally:',
      '            del y',
      'if a: pass',
      'elif b: pass',
      'else: print(f"{a}", "s" "t", 1.5j, None, True, ...)',
      'match cmd:',
      '    case [x, *rest]: go(x)',
      '',
    ].join('\n');
    const parents = new Map<object, number>();
    const visit = (n: unknown): void => {
      if (!n || typeof n !== 'object') return;
      parents.set(n, (parents.get(n) ?? 0) + 1);
      if (parents.get(n) === 1) for (const v of Object.values(n)) visit(v);
    };
    const module = parsePython(source);
    assert.deepEqual(module.errors, []);
    visit(module.body);
    const kinds = new Set([...parents.keys()].map((n) => (n as { kind?: string }).kind).filter(Boolean));
    assert.ok(kinds.size >= 25, `a tree of many kinds (${[...kinds].join(', ')})`);
    const shared = [...parents]
      .filter(([n, count]) => count > 1 && !(Array.isArray(n) && n.length === 0))
      .map(([n]) => JSON.stringify(n).slice(0, 80));
    assert.deepEqual(shared, []);
  });

  it('keeps the text of parameter annotations, with defaults after them', () => {
    const [def] = parsePython('def clean(df: pd.DataFrame, cols: List[str] = None, k=3, *rest: int):\n    pass\n').body;
    assert.ok(def.kind === 'FunctionDef');
    assert.deepEqual(
      def.params.map((p) => [p.name, p.annotation, p.default?.kind]),
      [
        ['df', 'pd.DataFrame', undefined],
        ['cols', 'List[str]', 'Constant'],
        ['k', undefined, 'Constant'],
        ['rest', 'int', undefined],
      ],
    );
  });

  it('shares one frozen empty list between the nodes that have no children of a kind', () => {
    const module = parsePython('def f():\n    g()\nfor x in y:\n    pass\nclass K:\n    pass\n');
    const [def, loop, cls] = module.body;
    assert.ok(def.kind === 'FunctionDef' && loop.kind === 'For' && cls.kind === 'ClassDef');
    const call = def.body[0].kind === 'Expr' && def.body[0].value.kind === 'Call' ? def.body[0].value : undefined;
    assert.ok(call);
    const empties = [call.args, call.keywords, def.decorators, def.params, loop.orelse, cls.bases, cls.keywords];
    for (const list of empties) {
      assert.equal(list, call.args);
      assert.ok(Object.isFrozen(list));
    }
    // Nothing can add to it, so no node's change can reach the others.
    assert.throws(() => call.args.push(call.func));
    assert.equal(call.args.length, 0);
  });
});
