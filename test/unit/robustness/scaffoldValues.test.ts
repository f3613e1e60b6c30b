// Project values are data from strangers: a data path, a column name or a hyperparameter read from a
// repository must reach every generated file as data, never as code. Each hostile project below feeds
// newlines, quotes, `: `, `#`, `$(...)`, backticks, ESC, C1 controls, line separators and non-ASCII
// text through the code the scaffolds read; every generated file must then parse as its type, carry
// the value verbatim, and hold no name, key or shell word the value smuggled in.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { main } from '../../../src/cli/main';
import type { NewFile } from '../../../src/core/model/findings';
import { SCAFFOLDS } from '../../../src/core/scaffold/registry';
import { type ProjectFacts, projectFacts } from '../../../src/core/scaffold/facts';
import { dockerExecForm, pyDocText, pyLiteral, shellWord, yamlScalar } from '../../../src/core/scaffold/emit';
import { projectFromFiles } from '../scaffold/projects';
import { PYTHON } from '../scaffold/pythonRun';

/** An identifier that appears in the hostile values only: found as code, it proves an injection. */
const MARKER = 'pwned_marker';

/** Hostile text: each piece ends a different kind of quoting or line. */
const HOSTILE_PIECES = [
  `"""\n${MARKER}()\n#`,
  `'\n${MARKER}()\n`,
  `: # ${MARKER}: x`,
  `$(${MARKER}) \`${MARKER}\` ; ${MARKER} &`,
  '\u001b[31mred\u001b[0m \u0007 \u0085 \u2028 \u2029 \u009b \u007f',
  'é ü 😀 中文',
  '\r\n- ${MARKER}\n',
];

/**
 * A Python string literal for the source of the hostile project: raw control characters kept raw where Python allows
 * them.
 */
function sourceLiteral(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}

/** A training script whose data path, columns, hyperparameters and model path carry `hostile`. */
function hostileScript(hostile: string): string {
  const lit = (s: string) => sourceLiteral(s);
  return [
    'import joblib',
    'import pandas as pd',
    'from sklearn.ensemble import RandomForestClassifier',
    'from sklearn.model_selection import train_test_split',
    '',
    `df = pd.read_csv(${lit(`data/${hostile}.csv`)})`,
    `df[${lit(`when ${hostile}`)}] = pd.to_datetime(df[${lit(`when ${hostile}`)}])`,
    `df = df.sort_values(${lit(`when ${hostile}`)})`,
    `y = df[${lit(`label ${hostile}`)}]`,
    `X = df[[${lit(`a ${hostile}`)}, ${lit(`b ${hostile}`)}]]`,
    'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=3)',
    `model = RandomForestClassifier(n_estimators=5, criterion=${lit(`gini ${hostile}`)})`,
    'model.fit(X_train, y_train)',
    `joblib.dump(model, ${lit(`models/${hostile}.joblib`)})`,
    '',
  ].join('\n');
}

interface Generated {
  scaffold: string;
  facts: ProjectFacts;
  file: NewFile;
}

/** Every file every scaffold plans for each hostile project. */
async function generateAll(): Promise<Generated[]> {
  const out: Generated[] = [];
  for (const [i, piece] of HOSTILE_PIECES.entries()) {
    const layouts: Array<Record<string, string>> = [
      { 'train.py': hostileScript(piece) },
      {
        'pyproject.toml': '[project]\nname = "churn"\n',
        'src/churn/__init__.py': '',
        'src/churn/train.py': hostileScript(piece),
      },
    ];
    for (const files of layouts) {
      const project = await projectFromFiles(files, `/work/hostile-${i}`);
      const facts = projectFacts(project);
      for (const s of SCAFFOLDS) for (const file of s.plan(project).files) out.push({ scaffold: s.id, facts, file });
    }
  }
  return out;
}

/** What Python makes of each generated `.py` file, and PyYAML of each YAML file, in one interpreter run. */
interface PythonView {
  error?: string;
  /** Every string constant (docstrings included). */
  strings?: string[];
  /** Every identifier used as code. */
  names?: string[];
  /** The YAML document, as JSON. */
  data?: unknown;
}

const CHECKER = `
import ast, json, sys
have_yaml = True
try:
    import yaml
except ImportError:
    have_yaml = False
out = []
for f in json.load(sys.stdin):
    try:
        if f["path"].endswith(".py"):
            tree = ast.parse(f["content"], f["path"])
            strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
            names = sorted(
                {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
                | {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
            )
            out.append({"strings": strings, "names": names})
        elif f["path"].endswith((".yaml", ".yml")) and have_yaml:
            out.append({"data": yaml.safe_load(f["content"])})
        else:
            out.append({})
    except Exception as e:
        out.append({"error": f"{type(e).__name__}: {e}"})
json.dump(out, sys.stdout, ensure_ascii=True)
`;

function pythonViews(files: NewFile[]): PythonView[] | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'pass']);
  if (probe.status !== 0) return undefined;
  // Lone surrogates cannot be written as UTF-8; ensure_ascii on the way back keeps them exact.
  const r = spawnSync(PYTHON, ['-c', CHECKER], {
    input: JSON.stringify(files),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as PythonView[];
}

/** All scalars of a parsed YAML value, keys included. */
function yamlStrings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) yamlStrings(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      yamlStrings(x, out);
    }
  }
  return out;
}

/**
 * POSIX shell words of a command line without expansions (single and double quotes, backslashes): enough to read what
 * shellWord writes.
 */
function shellWords(cmd: string): string[] {
  const words: string[] = [];
  let cur: string | undefined;
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i];
    if (c === "'") {
      const end = cmd.indexOf("'", i + 1);
      assert.ok(end > i, `unterminated quote in ${JSON.stringify(cmd)}`);
      cur = (cur ?? '') + cmd.slice(i + 1, end);
      i = end;
    } else if (c === '\\') {
      cur = (cur ?? '') + cmd[++i];
    } else if (c === ' ') {
      if (cur !== undefined) words.push(cur);
      cur = undefined;
    } else {
      assert.ok(
        !/[$`;&|<>()"*?~\n]/.test(c),
        `unquoted shell metacharacter ${JSON.stringify(c)} in ${JSON.stringify(cmd)}`,
      );
      cur = (cur ?? '') + c;
    }
  }
  if (cur !== undefined) words.push(cur);
  return words;
}

/** A dvc.yaml command as the shell gets it: DVC has put the parameter values in for `${name}`. */
function dvcCommandWords(cmd: string): string[] {
  return shellWords(cmd.replace(/\$\{[A-Za-z_][\w.]*\}/g, '1'));
}

describe('generated files carry project values as data', function () {
  this.timeout(60_000);
  let generated: Generated[];
  before(async () => {
    generated = await generateAll();
  });

  it('the hostile projects reach the scaffolds with their values intact', () => {
    // Otherwise the test below would pass on defaults and prove nothing.
    const facts = generated.map((g) => g.facts);
    for (const f of facts) {
      assert.ok(f.dataPath?.startsWith('data/'), `data path ${f.dataPath}`);
      assert.ok(f.target?.startsWith('label '), `target ${f.target}`);
      assert.ok(f.timeColumn?.startsWith('when '), `time column ${f.timeColumn}`);
      assert.equal(f.features?.length, 2);
      assert.ok(f.modelPath?.startsWith('models/'), `model path ${f.modelPath}`);
      assert.ok(String(f.estimator?.params.criterion).startsWith('gini '));
    }
    assert.ok(facts.some((f) => f.dataPath!.includes('\n')) && facts.some((f) => f.dataPath!.includes('\u001b')));
  });

  it('every YAML file parses (yaml package, strict) and carries the values verbatim', () => {
    let checked = 0;
    for (const { scaffold, facts, file } of generated) {
      if (!/\.ya?ml$/.test(file.path)) continue;
      const doc = parseDocument(file.content, { strict: true, uniqueKeys: true });
      assert.deepEqual(
        doc.errors.map((e) => e.message),
        [],
        `${scaffold} ${file.path}:\n${file.content}`,
      );
      const data = doc.toJS() as Record<string, unknown>;
      const strings = yamlStrings(data);
      assert.ok(
        !strings.some((s) => s === MARKER || s.startsWith(`${MARKER}:`)),
        `${scaffold} ${file.path}: a value became a key or item`,
      );
      if (file.path === 'config/train.yaml') {
        const d = data as { data: Record<string, unknown>; model: { params: Record<string, unknown> } };
        assert.equal(d.data.path, facts.dataPath);
        assert.equal(d.data.target, facts.target);
        assert.equal(d.data.time_column, facts.timeColumn);
        assert.equal(d.model.params.criterion, facts.estimator!.params.criterion);
        checked++;
      }
      if (file.path === 'dvc.yaml') {
        const stages = (data as { stages: Record<string, { cmd: string; deps: unknown[]; outs?: unknown[] }> }).stages;
        assert.deepEqual(Object.keys(stages), ['prepare', 'train', 'evaluate']);
        const usable = (p: string) => !p.includes('${');
        if (usable(facts.dataPath!)) {
          assert.ok(
            stages.prepare.deps.includes(facts.dataPath),
            `${JSON.stringify(stages.prepare.deps)} lacks ${JSON.stringify(facts.dataPath)}`,
          );
          const words = dvcCommandWords(stages.prepare.cmd);
          assert.equal(words[words.indexOf('--data') + 1], facts.dataPath);
        }
        if (usable(facts.modelPath!)) assert.ok(stages.train.outs!.includes(facts.modelPath));
        for (const stage of Object.values(stages)) dvcCommandWords(stage.cmd);
        checked++;
      }
    }
    assert.ok(checked >= HOSTILE_PIECES.length * 2, `only ${checked} files checked`);
  });

  it(
    `every Python file parses (${PYTHON}), runs no injected code and carries the values verbatim; PyYAML agrees ` +
      `on YAML`,
    function () {
      const files = generated.map((g) => g.file);
      const views = pythonViews(files);
      if (!views) {
        console.warn(`      skipped: ${PYTHON} is not available`);
        this.skip();
      }
      let carried = 0;
      for (const [i, { scaffold, facts, file }] of generated.entries()) {
        const view: PythonView = views![i];
        assert.equal(view.error, undefined, `${scaffold} ${file.path}: ${view.error}\n${file.content}`);
        if (view.names) {
          assert.ok(
            !view.names.includes(MARKER),
            `${scaffold} ${file.path}: a project value became code:\n${file.content}`,
          );
          const strings = new Set<string>(view.strings);
          // The split module (and the modules that reuse it) name the data path and target as constants.
          if (/(^|\/)split\.py$/.test(file.path)) {
            assert.ok(
              strings.has(facts.dataPath!),
              `${file.path} lacks the data path ${JSON.stringify(facts.dataPath)}`,
            );
            assert.ok(strings.has(facts.target!), `${file.path} lacks the target`);
            assert.ok(strings.has(facts.timeColumn!), `${file.path} lacks the time column`);
            // The docstring's example command names the data path as one shell word.
            assert.ok(
              [...strings].some((s) => s.includes(`--data ${shellWord(facts.dataPath!)} `)),
              `${file.path}: docstring command`,
            );
            carried++;
          }
          if (file.path === 'locustfile.py')
            for (const f of facts.features!) assert.ok(strings.has(f), `locustfile lacks feature ${JSON.stringify(f)}`);
        }
        if (view.data !== undefined && file.path === 'config/train.yaml') {
          assert.equal(
            (view.data as { data: { path: string } }).data.path,
            facts.dataPath,
            'PyYAML reads another data path',
          );
        }
        if (view.data !== undefined && file.path === 'dvc.yaml' && !facts.dataPath!.includes('${')) {
          const words = dvcCommandWords((view.data as { stages: { prepare: { cmd: string } } }).stages.prepare.cmd);
          assert.equal(words[words.indexOf('--data') + 1], facts.dataPath);
        }
      }
      assert.ok(carried >= HOSTILE_PIECES.length, `only ${carried} split modules checked`);
    },
  );

  it('a data path DVC would expand as `${...}` gives way to a default, with a note', async () => {
    const project = await projectFromFiles({ 'train.py': hostileScript('${seed}') });
    assert.ok(projectFacts(project).dataPath?.includes('${seed}'));
    const plan = SCAFFOLDS.find((s) => s.id === 'dvc')!.plan(project);
    const dvc = plan.files.find((f) => f.path === 'dvc.yaml')!;
    assert.ok(!dvc.content.includes('${seed}.csv'), dvc.content);
    assert.match(dvc.content, /data\/train\.csv/);
    assert.ok(plan.notes.some((n) => n.includes('DVC would expand')));
  });

  it('a web app in a module Python cannot import by name is not served; the CMD is an exact JSON array', async () => {
    const app = 'from fastapi import FastAPI\napp = FastAPI()\n';
    const odd = await projectFromFiles({ 'my app"]/api.py': app, 'requirements.txt': 'fastapi\n' });
    const dockerfile = SCAFFOLDS.find((s) => s.id === 'dockerfile')!
      .plan(odd)
      .files.find((f) => f.path === 'Dockerfile')!;
    const cmd = /^CMD (.*)$/m.exec(dockerfile.content)![1];
    const args = JSON.parse(cmd) as string[];
    assert.ok(!args.some((a) => a.includes('my app')), cmd);
    const plain = await projectFromFiles({
      'service/api.py': app,
      'service/__init__.py': '',
      'requirements.txt': 'fastapi\n',
    });
    const served = SCAFFOLDS.find((s) => s.id === 'dockerfile')!
      .plan(plain)
      .files.find((f) => f.path === 'Dockerfile')!;
    assert.deepEqual(JSON.parse(/^CMD (.*)$/m.exec(served.content)![1]), [
      'uvicorn',
      'service.api:app',
      '--host',
      '0.0.0.0',
      '--port',
      '8000',
    ]);
  });
});

describe('quoting helpers', () => {
  const samples = [
    'plain',
    '',
    "it's",
    'a"b',
    'a\\b',
    'line\nbreak',
    '\u001b[2J',
    '\u0085\u2028\u2029\u007f\ufeff',
    '$(rm -rf ~)',
    '`id`',
    ': #',
    'yes',
    '~',
    '\ud800 lone',
    '😀',
  ];

  it('pyLiteral and yamlScalar leave no raw control or line-separator character', () => {
    for (const s of samples) {
      for (const out of [pyLiteral(s), yamlScalar(s), pyDocText(s), dockerExecForm([s])]) {
        assert.ok(
          !/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(out),
          `${JSON.stringify(s)} → ${JSON.stringify(out)}`,
        );
      }
    }
  });

  it('yamlScalar reads back as the same string with the yaml package', () => {
    for (const s of samples) {
      // The yaml package drops lone surrogates.
      if (/[\ud800-\udfff]/.test(s) && !/[\ud800-\udbff][\udc00-\udfff]/.test(s)) continue;
      const doc = parseDocument(`k: ${yamlScalar(s)}\n`, { strict: true });
      assert.deepEqual(doc.errors, []);
      assert.equal((doc.toJS() as { k: unknown }).k, s, `${JSON.stringify(s)} → ${yamlScalar(s)}`);
    }
  });

  it('shellWord quotes everything a shell would expand, and reads back as the same word', () => {
    for (const s of samples) {
      const w = shellWord(s);
      if (!w.startsWith("'")) assert.match(w, /^[A-Za-z0-9_@%+=:,./-]+$/);
      assert.deepEqual(shellWords(`cmd ${w} end`), ['cmd', s, 'end']);
    }
  });

  it('shellWord agrees with a real shell', function () {
    const probe = spawnSync('sh', ['-c', 'true']);
    if (probe.status !== 0) this.skip();
    for (const s of samples) {
      if (/[\u0000\ud800-\udfff]/.test(s)) continue; // not representable in an argv
      const r = spawnSync('sh', ['-c', `printf %s ${shellWord(s)}`], { encoding: 'utf8' });
      assert.equal(r.stdout, s, `${JSON.stringify(s)} → ${shellWord(s)}`);
    }
  });

  it('the Python checker sees every value exactly (when python3 is there)', function () {
    const views = pythonViews(
      samples.map((s, i) => ({ path: `m${i}.py`, content: `X = ${pyLiteral(s)}\n"""${pyDocText(s)}"""\n` })),
    );
    if (!views) this.skip();
    for (const [i, v] of views!.entries())
      assert.deepEqual(v.strings, [samples[i], samples[i]], JSON.stringify(samples[i]));
  });
});

describe('scaffolding a tree with hostile file names (CLI, real disk)', function () {
  this.timeout(60_000);
  const NAME = `x\n${MARKER}()\n$(${MARKER})'"\u001b[2J: #`;
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlcoach-names-'));
    mkdirSync(join(dir, 'data'));
    // No data path in the code: the scaffolds take the data file found on disk.
    writeFileSync(join(dir, 'data', `${NAME}.csv`), 'a,label\n1,0\n');
    writeFileSync(join(dir, 'train.py'), 'import pandas as pd\nfrom sklearn.linear_model import LogisticRegression\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function scaffold(id: string): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main(['scaffold', id, dir], {
      out: (s) => (out += s),
      err: (s) => (err += s),
      stdoutIsTTY: false,
      stderrIsTTY: false,
      env: {},
      cwd: dir,
    });
    return { code, out, err };
  }

  it('writes files that carry the file name as data, and says so without raw control characters', async () => {
    for (const id of ['split', 'config', 'dvc']) {
      const r = await scaffold(id);
      assert.equal(r.code, 0, r.err);
      assert.ok(
        !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(r.out + r.err),
        `raw control character in the output of ${id}:\n${JSON.stringify(r.out)}`,
      );
    }
    const split = readFileSync(join(dir, 'split.py'), 'utf8');
    const config = parseDocument(readFileSync(join(dir, 'config', 'train.yaml'), 'utf8'), { strict: true });
    assert.deepEqual(config.errors, []);
    assert.equal((config.toJS() as { data: { path: string } }).data.path, `data/${NAME}.csv`);
    const dvc = parseDocument(readFileSync(join(dir, 'dvc.yaml'), 'utf8'), { strict: true }).toJS() as {
      stages: { prepare: { cmd: string; deps: string[] } };
    };
    assert.ok(dvc.stages.prepare.deps.includes(`data/${NAME}.csv`));
    const words = dvcCommandWords(dvc.stages.prepare.cmd);
    assert.equal(words[words.indexOf('--data') + 1], `data/${NAME}.csv`);
    const views = pythonViews([{ path: 'split.py', content: split }]);
    if (views) {
      assert.equal(views[0].error, undefined);
      assert.ok(!views[0].names!.includes(MARKER));
      assert.ok(views[0].strings!.includes(`data/${NAME}.csv`));
    }
  });
});
