import assert from 'node:assert/strict';
import { parsePython, parserInput } from '../../../src/core/python/parse';
import { qualifiedName } from '../../../src/core/python/imports';
import { notebookUnit, pythonFileUnit } from '../../../src/core/python/unit';
import { maskIpython, parseNotebook } from '../../../src/core/notebook/notebook';
import { walkAllExprs } from '../../../src/core/python/walk';
import type { CallExpr } from '../../../src/core/python/ast';
import type { PythonUnit } from '../../../src/core/python/unit';

function calls(
  unit: PythonUnit,
): Array<{ name: string | undefined; text: string; range: ReturnType<PythonUnit['range']> }> {
  const out: Array<{ name: string | undefined; text: string; range: ReturnType<PythonUnit['range']> }> = [];
  walkAllExprs(unit.module.body, (e) => {
    if (e.kind === 'Call')
      out.push({ name: qualifiedName((e as CallExpr).func, unit.imports), text: unit.text(e), range: unit.range(e) });
  });
  return out;
}

function notebookJson(cells: Array<{ type?: string; source: string | string[]; count?: number | null }>): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { language: 'python', name: 'python3' } },
    cells: cells.map((c) => ({
      cell_type: c.type ?? 'code',
      source: c.source,
      metadata: {},
      execution_count: c.count ?? null,
      outputs: [],
    })),
  });
}

describe('python syntax tree', () => {
  it('resolves aliased imports to qualified names', () => {
    const unit = pythonFileUnit(
      'a.py',
      'import sklearn.preprocessing as pp\n' +
        'from sklearn import model_selection as ms\n' +
        'from sklearn.model_selection import train_test_split as tts\n' +
        'import numpy\n' +
        'a = pp.StandardScaler()\nb = ms.KFold(5)\nc = tts(X, y)\nd = numpy.random.seed(1)\ne = unknown.fit(X)\n',
    );
    assert.deepEqual(
      calls(unit).map((c) => c.name),
      [
        'sklearn.preprocessing.StandardScaler',
        'sklearn.model_selection.KFold',
        'sklearn.model_selection.train_test_split',
        'numpy.random.seed',
        undefined,
      ],
    );
  });

  it('reads tuple targets, keywords and method chains', () => {
    const m = parsePython(
      'X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)\n',
    );
    const s = m.body[0];
    assert.equal(s.kind, 'Assign');
    if (s.kind !== 'Assign') return;
    assert.equal(s.targets[0].kind, 'Tuple');
    assert.equal(s.targets[0].kind === 'Tuple' && s.targets[0].elts.length, 4);
    assert.equal(s.value?.kind, 'Call');
    if (s.value?.kind !== 'Call') return;
    assert.deepEqual(
      s.value.keywords.map((k) => k.name),
      ['test_size', 'random_state'],
    );
    assert.equal(s.value.args.length, 2);
  });

  it('keeps going after a syntax error and reports it', () => {
    const m = parsePython('x = (1,\ny = 2\ndef f(:\n    pass\nz = 3\n');
    assert.ok(m.errors.length > 0);
    assert.ok(m.body.length >= 1);
  });

  it('never treats a comment or a string as code', () => {
    const unit = pythonFileUnit('a.py', '# import sklearn\ns = "import torch"\n');
    assert.equal(unit.imports.modules.size, 0);
    assert.equal(unit.module.comments.length, 1);
  });
});

describe('names used without their import', () => {
  const names = (unit: PythonUnit) => calls(unit).map((c) => c.name);

  it("reads the tutorials' names in a script whose imports live in another one, and cites no import", () => {
    const unit = pythonFileUnit(
      'model_training.py',
      'data = pd.read_csv("features.csv")\n' +
        'X_train, X_test, y_train, y_test = train_test_split(data.drop("y", axis=1), data["y"])\n' +
        'model = RandomForestClassifier().fit(X_train, y_train)\n' +
        'print(accuracy_score(y_test, model.predict(X_test)))\n',
    );
    assert.deepEqual(
      names(unit).filter((n) => n),
      [
        'pandas.read_csv',
        'sklearn.model_selection.train_test_split',
        'sklearn.ensemble.RandomForestClassifier',
        'sklearn.metrics.accuracy_score',
      ],
    );
    assert.equal(unit.imports.statements.length, 0, 'no import statement is made up');
    assert.ok(unit.imports.uses('sklearn') && unit.imports.uses('pandas'));
  });

  it("resolves Keras under TensorFlow's compat interfaces to tensorflow.keras, and nothing else of them", () => {
    const unit = pythonFileUnit(
      'compat.py',
      'import tensorflow.compat.v1 as tf\n' +
        'import tensorflow.compat.v2.keras as k2\n' +
        'from tensorflow.compat.v1.keras.layers import Dense\n' +
        'tf.keras.Sequential()\n' +
        'k2.models.Model()\n' +
        'Dense(1)\n' +
        'tf.set_random_seed(0)\n' +
        'tf.disable_eager_execution()\n',
    );
    assert.deepEqual(
      calls(unit).map((c) => c.name),
      [
        'tensorflow.keras.Sequential',
        'tensorflow.keras.models.Model',
        'tensorflow.keras.layers.Dense',
        'tensorflow.compat.v1.set_random_seed',
        'tensorflow.compat.v1.disable_eager_execution',
      ],
    );
  });

  it('leaves a name the file binds itself: a def, a class, an assignment, a parameter, a loop, an import', () => {
    const unit = pythonFileUnit(
      'own.py',
      'class StandardScaler:\n    pass\n' +
        'def train_test_split(rows, frac):\n    return rows[:10], rows[10:]\n' +
        'SVC = object\n' +
        'def run(PCA):\n    return PCA()\n' +
        'for KFold in []:\n    pass\n' +
        'import mylib as LogisticRegression\n' +
        'StandardScaler(); train_test_split([], 0.5); SVC(); KFold(); LogisticRegression.fit()\n',
    );
    assert.ok(!unit.imports.uses('sklearn'), [...unit.imports.modules].join());
  });

  it('reads a name an ML file uses without importing it, unless a star import may bind it; pd and np anywhere', () => {
    const half =
      'import numpy\nfrom sklearn.svm import SVC\nX = pd.read_csv("a.csv")\nStandardScaler().fit(X)\nSVC().fit(X)\n';
    const unit = pythonFileUnit('half.py', half);
    assert.equal(qualifiedName({ kind: 'Name', id: 'pd', from: 0, to: 0 } as never, unit.imports), 'pandas');
    assert.ok(names(unit).includes('sklearn.preprocessing.StandardScaler'));
    // `from helpers import *` may bind the name to the project's own: it is left unread.
    const starred = pythonFileUnit('starred.py', `from helpers import *\n${half}`);
    assert.equal(starred.imports.byName.get('StandardScaler'), undefined);
    // A file importing only data libraries imports what it uses of them too (the bare names are not read there).
    const data = pythonFileUnit('data.py', 'import numpy as np\nimport pandas as pd\nStandardScaler()\n');
    assert.equal(data.imports.byName.get('StandardScaler'), undefined);
  });

  it('reads the names pyforest binds lazily (`import pyforest`, then `train_test_split` with no import)', () => {
    const body = 'import numpy as np\nX_train, X_test = train_test_split(np.load("a.npy"))\n';
    assert.ok(
      names(pythonFileUnit('lazy.py', `import pyforest\n${body}`)).includes('sklearn.model_selection.train_test_split'),
    );
    assert.ok(!names(pythonFileUnit('plain.py', body)).includes('sklearn.model_selection.train_test_split'));
  });
});

describe('notebooks', () => {
  it('maps findings to cell index (markdown cells count) and line within the cell', () => {
    const nb = parseNotebook(
      notebookJson([
        { type: 'markdown', source: '# Title' },
        { source: ['import pandas as pd\n', 'df = pd.read_csv("d.csv")'] },
      ]),
    );
    assert.ok(nb.ok);
    if (!nb.ok) return;
    const unit = notebookUnit('n.ipynb', nb.notebook);
    const c = calls(unit).find((x) => x.name === 'pandas.read_csv');
    assert.deepEqual(c?.range, { path: 'n.ipynb', cell: 1, startLine: 2, startColumn: 6, endLine: 2, endColumn: 26 });
    assert.equal(c?.text, 'pd.read_csv("d.csv")');
  });

  it('masks magics and shell escapes so the rest parses, keeping offsets', () => {
    const src = '%matplotlib inline\n!pip install x\nfiles = !ls\ndf.head?\nimport numpy as np';
    const masked = maskIpython(src);
    assert.equal(masked.length, src.length);
    assert.equal(parsePython(masked).errors.length, 0);
    assert.match(masked, /import numpy as np$/);
  });

  it('blanks non-Python cell magics and keeps Python ones', () => {
    assert.equal(maskIpython('%%bash\nls -la').trim(), '');
    assert.match(maskIpython('%%time\nx = 1'), /^\s+\nx = 1$/);
  });

  it('isolates a syntax error to its cell', () => {
    const nb = parseNotebook(
      notebookJson([
        { source: 'import pandas as pd\ndf = pd.read_csv("x.csv"' },
        { source: 'from sklearn.linear_model import LinearRegression\nm = LinearRegression()' },
      ]),
    );
    assert.ok(nb.ok);
    if (!nb.ok) return;
    const unit = notebookUnit('n.ipynb', nb.notebook);
    const lr = calls(unit).find((x) => x.name === 'sklearn.linear_model.LinearRegression');
    assert.equal(lr?.range.cell, 1);
    assert.equal(lr?.range.startLine, 2);
  });

  it('parses a cell at its place in the unit: the same tree as parsing it alone and shifting every span', () => {
    // Every kind of span: statements, expressions, name spans, keywords, aliases, slices, comments, errors; and a
    // long cell with an error past its first lines, which is parsed again in pieces.
    const statements = Array.from({ length: 300 }, (_, i) => `x${i} = f(${i}, k=[1:2])  # c${i}`).join('\n');
    const comments = Array.from({ length: 500 }, (_, i) => (i % 2 ? '    ' : `# note ${i}`)).join('\n');
    const sources = [
      'from a.b import c as d\n@dec(1)\ndef g(p, *a, q=2, **kw) -> int:\n' +
        '    return d[1:-1, ::2], {k: v for k, v in kw}\n',
      'with (open(a) as f, open(b) as g):\n    s = "x\\ny" "z"; t = f"{s!r}"\nprint(x ,\n',
      `${statements}\n${comments}\nfor column, color in zip(a, b):\n    plot(column, color)\nx7 = f(7\n`,
    ];
    const shift = (n: unknown, d: number): unknown => {
      if (Array.isArray(n)) return n.map((v) => shift(v, d));
      if (!n || typeof n !== 'object') return n;
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(n)) o[k] = shift(v, d);
      if (typeof o.from === 'number' && typeof o.to === 'number') {
        o.from += d;
        o.to = (o.to as number) + d;
      }
      return o;
    };
    for (const source of sources) {
      const alone = parsePython(source, undefined, false);
      const placed = parsePython(source, undefined, false, Infinity, false, 1234);
      assert.ok(alone.errors.length > 0 || source.startsWith('from'));
      assert.deepEqual(placed.body, shift(alone.body, 1234));
      assert.deepEqual(placed.errors, shift(alone.errors, 1234));
      assert.deepEqual(placed.comments, shift(alone.comments, 1234));
    }
    // A cell nested too deeply is reported at its own line, wherever it sits.
    const deep = `x = 1\ny = ${'('.repeat(600)}1${')'.repeat(600)}\n`;
    assert.throws(() => parsePython(deep, undefined, false, Infinity, false, 5000), /at line 2\)/);
  });

  it('reports broken notebooks instead of throwing', () => {
    const bad = parseNotebook('{"cells": [');
    assert.equal(bad.ok, false);
    assert.match(!bad.ok ? bad.error : '', /not valid JSON/);
    const v2 = parseNotebook('{"nbformat": 2, "worksheets": []}');
    assert.equal(v2.ok, false);
    assert.match(!v2.ok ? v2.error : '', /nbformat 2/);
  });

  it('reads nbformat 3 notebooks', () => {
    const nb = parseNotebook(
      JSON.stringify({
        nbformat: 3,
        nbformat_minor: 0,
        metadata: {},
        worksheets: [
          {
            cells: [
              { cell_type: 'heading', source: 'T', level: 1 },
              { cell_type: 'code', input: ['import sklearn'], prompt_number: 3, outputs: [] },
            ],
          },
        ],
      }),
    );
    assert.ok(nb.ok);
    if (!nb.ok) return;
    assert.deepEqual(
      nb.notebook.cells.map((c) => [c.kind, c.executionCount]),
      [
        ['markdown', null],
        ['code', 3],
      ],
    );
    assert.equal(notebookUnit('n.ipynb', nb.notebook).imports.uses('sklearn'), true);
  });
});

describe('valid Python the grammar stumbles on', () => {
  it('accepts bare yield, form feeds and floats with a trailing dot without errors', () => {
    const src = [
      'import x\n\f\ndef f():\n    yield\n    yield  # run the tests\n    y = (yield)\n    return 20.',
      'T = 20.\nU = [1., 2.]\nV = 1_000.\n',
    ].join('\n');
    const m = parsePython(src);
    assert.deepEqual(m.errors, []);
    const t = m.body.find((s) => s.kind === 'Assign' && s.targets[0].kind === 'Name' && s.targets[0].id === 'T');
    assert.ok(t && t.kind === 'Assign' && t.value?.kind === 'Constant' && t.value.value === 20);
  });

  it('accepts a last line of only spaces or tabs, deeper than the block before it, with no line break after it', () => {
    for (const src of ['def f():\n    return 1\n\n\n            ', 'if x:\n    y = 1\n\t', 'x = 1\n        ']) {
      const m = parsePython(src);
      assert.deepEqual(m.errors, [], JSON.stringify(src));
      assert.equal(m.body.length, 1);
    }
    // Only the run of blanks after the last line break changes: a line ending in blanks stays as written.
    const m = parsePython('s = "a"   ');
    assert.deepEqual(m.errors, []);
  });

  it('reads parenthesized context managers (Python 3.9+) as with-items, not as a syntax error', () => {
    const src = [
      'with (',
      '    open("a.csv") as f,  # the data',
      '    mock.patch("m.x", side_effect=ValueError("as")) as (p, q),',
      '    lock,',
      '):',
      '    pass',
      'async def g():',
      '    async with (session() as s, other() as o): pass',
      'with (a or b):',
      '    pass',
      'x = "with (y as z):"',
      '',
    ].join('\n');
    const m = parsePython(src);
    assert.deepEqual(m.errors, []);
    assert.equal(m.comments.length, 1);
    const w = m.body[0];
    assert.ok(w.kind === 'With');
    const items = w.kind === 'With' ? w.items : [];
    assert.deepEqual(
      items.map((i) => [src.slice(i.context.from, i.context.to), i.target && src.slice(i.target.from, i.target.to)]),
      [
        ['open("a.csv")', 'f'],
        ['mock.patch("m.x", side_effect=ValueError("as"))', '(p, q)'],
        ['lock', undefined],
      ],
    );
    const g = m.body[1];
    const inner = g.kind === 'FunctionDef' ? g.body[0] : undefined;
    assert.ok(inner?.kind === 'With' && inner.items.length === 2 && inner.items[1].target?.kind === 'Name');
    // Without `as` the brackets are an ordinary expression; strings keep their text.
    const plain = m.body[2];
    assert.ok(plain.kind === 'With' && plain.items.length === 1 && plain.items[0].context.kind === 'Binary');
    const s = m.body[3];
    assert.ok(s.kind === 'Assign' && s.value?.kind === 'Constant' && s.value.value === 'with (y as z):');
  });

  it('finds with-statements after any line break, and only as a statement', () => {
    const src = [
      'without = 1',
      'x.with_ = 2  # with (a as b):',
      'with (open(p) as f, open(q) as g):',
      '    pass',
      'async def h():',
      '\tasync\twith (s() as t): pass',
      '',
    ].join('\r\n');
    const m = parsePython(src);
    assert.deepEqual(m.errors, []);
    const w = m.body[2];
    assert.ok(w.kind === 'With' && w.items.length === 2 && w.items.every((i) => i.target?.kind === 'Name'));
    const h = m.body[3];
    const inner = h.kind === 'FunctionDef' ? h.body[0] : undefined;
    assert.ok(inner?.kind === 'With' && inner.items.length === 1 && inner.items[0].target?.kind === 'Name');
  });

  it('passes over a file of unclosed `with (` lines once, not once per line (a hang before)', function () {
    // 40,000 such lines took minutes when each header was scanned to the end of the file; now milliseconds.
    this.timeout(10_000);
    const src = 'with (open(a)\n'.repeat(40_000);
    assert.equal(parserInput(src), src);
    const closedLate = `${'with (a\n'.repeat(40_000)}${')'.repeat(40_001)}\n`;
    assert.equal(parserInput(closedLate), closedLate);
  });

  it('reads with-targets other than a name: tuples, attributes, subscripts', () => {
    const src = [
      'with TempMemmap((X, Y)) as (X, Y), lock:',
      '    pass',
      'with open(p) as self.handle, open(q) as out[0]:',
      '    pass',
      'with a if c else b as x:',
      '    pass',
      'with helper(f,',
      '            g) as (u, [v, w]):',
      '    pass',
      'n = 1_000.',
      '',
    ].join('\n');
    const m = parsePython(src);
    assert.deepEqual(m.errors, []);
    const text = (e: { from: number; to: number } | undefined) => e && src.slice(e.from, e.to);
    const items = m.body
      .slice(0, 4)
      .map((w) => (w.kind === 'With' ? w.items.map((i) => [text(i.context), text(i.target)]) : []));
    assert.deepEqual(items, [
      [
        ['TempMemmap((X, Y))', '(X, Y)'],
        ['lock', undefined],
      ],
      [
        ['open(p)', 'self.handle'],
        ['open(q)', 'out[0]'],
      ],
      [['a if c else b', 'x']],
      [['helper(f,\n            g)', '(u, [v, w])']],
    ]);
  });

  it('parses valid code after a long run of statements and blank or comment lines (a Lezer pruning limit)', () => {
    const statements = Array.from({ length: 300 }, (_, i) => `x${i} = f(${i})`).join('\n');
    const comments = Array.from({ length: 500 }, (_, i) => (i % 2 ? '    ' : `# note ${i}`)).join('\n');
    const tail = 'for column, color in zip(a, b):\n    plot(column, color)\nshow()\n';
    const src = `${statements}\n${comments}\n${tail}`;
    const m = parsePython(src);
    assert.deepEqual(m.errors, []);
    assert.equal(m.body.length, 302);
    const loop = m.body[300];
    assert.ok(loop.kind === 'For' && loop.target.kind === 'Tuple' && loop.body.length === 1);
    assert.equal(m.comments.length, 250);
    // Offsets are the file's, in every piece.
    const texts = m.body.slice(0, 300).map((s) => src.slice(s.from, s.to));
    assert.deepEqual(
      texts,
      Array.from({ length: 300 }, (_, i) => `x${i} = f(${i})`),
    );
    assert.ok(src.slice(loop.from, loop.to).startsWith('for column, color in zip(a, b):'));
    assert.ok(m.comments.every((c) => src.slice(c.from, c.to).startsWith('# note ')));
    // A real error is still reported, once, where it is.
    const broken = parsePython(src.replace('x7 = f(7)', 'x7 = f(7'));
    assert.ok(broken.errors.length > 0);
    assert.ok(broken.errors.every((e) => e.from >= src.indexOf('x7 = ')));
  });

  it('keeps string contents exactly as written', () => {
    const m = parsePython('p = "data/v2.\\fcsv 3."\n');
    const s = m.body[0];
    assert.ok(s.kind === 'Assign' && s.value?.kind === 'Constant');
    assert.equal(s.kind === 'Assign' && s.value?.kind === 'Constant' ? s.value.value : '', 'data/v2.\fcsv 3.');
  });
});
