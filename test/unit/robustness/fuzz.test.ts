// Seeded fuzzing of the whole analysis with fast-check: ordinary project files, mutated the way damaged
// or hostile repositories look (deleted and duplicated spans, deep bracket and operator nesting, random
// bytes, NUL, BOMs and other encodings; notebooks with broken JSON, wrong types and huge outputs;
// .mlcoach.yaml, [tool.mlcoach] and requirements files full of odd values), must still give:
//   - a report that validates against docs/report-schema.json and an exit code of 0 or 1, or a
//     configuration error that names its file (exit code 2), and nothing else thrown;
//   - no file read, listed or stat'ed outside the analysed folder, and no byte of any file changed;
//   - terminal text without raw control characters, and scaffold plans whose YAML parses;
//   - each run within a time and memory budget.
//
// `npm test` runs a fixed seed and about 100 cases (a few seconds). For a longer hunt:
//   MLCOACH_FUZZ_RUNS=5000 npm run test:unit -- --grep fuzz
//   MLCOACH_FUZZ_SEED=1234 picks another seed (a failure prints its seed and path to replay it);
//   MLCOACH_FUZZ_PATH=22 replays one case of a seed; MLCOACH_FUZZ_STRICT=1 fails on the known open
//   failures listed in KNOWN_OPEN (none at present) instead of counting them;
//   MLCOACH_FUZZ_MAX_NESTING=20000 nests brackets and operators deeper than the default 5000.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { stringify as stringifyToml } from 'smol-toml';
import { stringify as stringifyYaml } from 'yaml';
import { analyzeFolder } from '../../../src/core/analyze';
import { ConfigError } from '../../../src/core/config/load';
import type { DirectoryEntry, FileStat, FileSystem, ReadLimit } from '../../../src/core/fs/fileSystem';
import { MemoryFileSystem } from '../../../src/core/fs/memoryFileSystem';
import { formatJson } from '../../../src/core/format/json';
import { formatText } from '../../../src/core/format/text';
import { toSarif } from '../../../src/core/format/sarif';
import { hasFindingsAtOrAbove } from '../../../src/core/format/summary';
import { loadProject } from '../../../src/core/scaffold/load';
import { SCAFFOLDS } from '../../../src/core/scaffold/registry';
import { FIXTURES } from '../../support/paths';
import { reportValidator } from '../../support/reportSchema';

const RUNS = Number(process.env.MLCOACH_FUZZ_RUNS ?? 100);
const SEED = Number(process.env.MLCOACH_FUZZ_SEED ?? 20261204);
const MAX_NESTING = Number(process.env.MLCOACH_FUZZ_MAX_NESTING ?? 5000);
/** Per case: generous for a slow CI machine, far below what a runaway (a hang, a quadratic blow-up) takes. */
const TIME_BUDGET_MS = Number(process.env.MLCOACH_FUZZ_TIME_BUDGET_MS ?? 5000);
const HEAP_BUDGET_BYTES = 512 * 1024 * 1024;

const ROOT = '/fuzz/project';
/** A file outside the analysed folder that a hostile reference may point at. */
const OUTSIDE = '/fuzz/outside/secret.txt';

const fixture = (...parts: string[]) => readFileSync(join(FIXTURES, ...parts), 'utf8');
const SCRIPTS = [
  fixture('cli', 'leaky-project', 'train.py'),
  fixture('projects', 'level4-platform', 'src', 'fraud', 'train.py'),
  fixture('projects', 'level5-research', 'simclr', 'losses.py'),
  fixture('projects', 'level4-platform', 'src', 'fraud', 'data.py'),
];
const NOTEBOOKS = [
  fixture('projects', 'level1-kaggle-notebook', 'telco-churn-eda-rf.ipynb'),
  fixture('projects', 'level2-structured', 'notebooks', '01-eda.ipynb'),
];

// ---------------------------------------------------------------- bytes and text mutations

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'nest'; at: number; depth: number; open: string; close: string }
  | { kind: 'bytes'; at: number; bytes: Uint8Array }
  | { kind: 'nul'; at: number };

const position = fc.double({ min: 0, max: 1, noNaN: true });

const NESTINGS: Array<[string, string]> = [
  ['(', ')'],
  ['[', ']'],
  ['{', '}'],
  ['-', ''],
  ['not ', ''],
  ['lambda: ', ''],
  ['f(', ')'],
  ['x[', ']'],
  ['(1 + ', ')'],
  ['await ', ''],
  ['if x:\n', ''],
];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 400 }) }),
  fc
    .record({ at: position, depth: fc.integer({ min: 1, max: MAX_NESTING }), pair: fc.constantFrom(...NESTINGS) })
    .map(({ at, depth, pair }) => ({ kind: 'nest' as const, at, depth, open: pair[0], close: pair[1] })),
  fc.record({
    kind: fc.constant('bytes' as const),
    at: position,
    bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
  }),
  fc.record({ kind: fc.constant('nul' as const), at: position }),
);

function applyMutations(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
  let b = bytes;
  for (const m of mutations) {
    const at = Math.floor(m.at * b.length);
    if (m.kind === 'delete') b = concat(b.subarray(0, at), b.subarray(Math.min(b.length, at + m.length)));
    else if (m.kind === 'duplicate') b = concat(b.subarray(0, at + m.length), b.subarray(at));
    else if (m.kind === 'nest') {
      const enc = new TextEncoder();
      // An indented nesting (`if x:`) needs growing indentation to stay plausible; the rest is one line.
      const open = m.open.endsWith('\n')
        ? Array.from({ length: m.depth }, (_, i) => `${' '.repeat(i)}${m.open}`).join('')
        : m.open.repeat(m.depth);
      b = concat(b.subarray(0, at), enc.encode(`${open}x${m.close.repeat(m.depth)}`), b.subarray(at));
    } else if (m.kind === 'bytes') b = concat(b.subarray(0, at), m.bytes, b.subarray(at));
    else b = concat(b.subarray(0, at), new Uint8Array([0]), b.subarray(at));
  }
  return b;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let i = 0;
  for (const p of parts) {
    out.set(p, i);
    i += p.length;
  }
  return out;
}

type Encoding = 'utf8' | 'utf8-bom' | 'utf16le-bom' | 'utf16be-bom' | 'latin1' | 'crlf' | 'cr';
const encoding: fc.Arbitrary<Encoding> = fc.constantFrom(
  'utf8',
  'utf8',
  'utf8',
  'utf8-bom',
  'utf16le-bom',
  'utf16be-bom',
  'latin1',
  'crlf',
  'cr',
);

function encode(text: string, how: Encoding): Uint8Array {
  switch (how) {
    case 'utf8-bom':
      return concat(new Uint8Array([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8'));
    case 'utf16le-bom':
      return concat(new Uint8Array([0xff, 0xfe]), Buffer.from(text, 'utf16le'));
    case 'utf16be-bom':
      return concat(new Uint8Array([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16());
    case 'latin1':
      return Buffer.from(`# -*- coding: latin-1 -*-\n${text.replace(/[^\u0000-\u00ff]/g, 'é')}`, 'latin1');
    case 'crlf':
      return Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8');
    case 'cr':
      return Buffer.from(text.replace(/\n/g, '\r'), 'utf8');
    default:
      return Buffer.from(text, 'utf8');
  }
}

/** A mutated Python file: one of the ordinary scripts, encoded some way, then mutated as bytes. */
const pythonFile: fc.Arbitrary<Uint8Array> = fc
  .record({ base: fc.constantFrom(...SCRIPTS), how: encoding, mutations: fc.array(mutation, { maxLength: 4 }) })
  .map(({ base, how, mutations }) => applyMutations(encode(base, how), mutations));

// ---------------------------------------------------------------- notebooks

const oddValue = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.string({ maxLength: 20 }),
  fc.constant({}),
  fc.constant([1, null, {}]),
  fc.constant([[['deep']]]),
);

type NotebookDamage =
  | { kind: 'none' }
  | { kind: 'cells'; value: unknown }
  | { kind: 'cell'; index: number; value: unknown }
  | { kind: 'source'; index: number; value: unknown }
  | { kind: 'outputs'; index: number; value: unknown }
  | { kind: 'huge-output'; index: number; size: number }
  | { kind: 'code'; index: number; code: Uint8Array }
  | { kind: 'field'; path: 'nbformat' | 'metadata' | 'language'; value: unknown };

const notebookDamage: fc.Arbitrary<NotebookDamage> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.record({ kind: fc.constant('cells' as const), value: oddValue }),
  fc.record({
    kind: fc.constant('cell' as const),
    index: fc.nat(40),
    value: fc.oneof(oddValue, fc.record({ cell_type: oddValue, source: oddValue })),
  }),
  fc.record({ kind: fc.constant('source' as const), index: fc.nat(40), value: oddValue }),
  fc.record({
    kind: fc.constant('outputs' as const),
    index: fc.nat(40),
    value: fc.oneof(
      oddValue,
      fc.constant([{ output_type: 'stream', text: 42 }]),
      fc.constant([{ output_type: 'display_data', data: { 'text/plain': null } }]),
    ),
  }),
  fc.record({
    kind: fc.constant('huge-output' as const),
    index: fc.nat(40),
    size: fc.integer({ min: 1, max: 3 * 1024 * 1024 }),
  }),
  fc.record({ kind: fc.constant('code' as const), index: fc.nat(40), code: pythonFile }),
  fc.record({
    kind: fc.constant('field' as const),
    path: fc.constantFrom('nbformat' as const, 'metadata' as const, 'language' as const),
    value: oddValue,
  }),
);

/** A notebook with damage to its structure, then (sometimes) its JSON text mutated as bytes too. */
const notebookFile: fc.Arbitrary<Uint8Array> = fc
  .record({
    base: fc.constantFrom(...NOTEBOOKS),
    damage: fc.array(notebookDamage, { maxLength: 3 }),
    raw: fc.array(
      mutation.filter((m) => m.kind !== 'nest'),
      { maxLength: 2 },
    ),
    bom: fc.boolean(),
  })
  .map(({ base, damage, raw, bom }) => {
    const nb = JSON.parse(base) as {
      nbformat: unknown;
      metadata: Record<string, unknown>;
      cells: Array<Record<string, unknown>>;
    };
    // fc.constant values are shared between cases: each damage gets its own copy.
    for (const d of damage.map((x) => structuredClone(x))) {
      const cells = Array.isArray(nb.cells) ? nb.cells : [];
      const cell = 'index' in d && cells.length ? cells[d.index % cells.length] : undefined;
      if (d.kind === 'cells') nb.cells = d.value as typeof nb.cells;
      else if (d.kind === 'cell' && cells.length) cells[d.index % cells.length] = d.value as Record<string, unknown>;
      else if (d.kind === 'source' && cell && typeof cell === 'object') cell.source = d.value;
      else if (d.kind === 'outputs' && cell && typeof cell === 'object') cell.outputs = d.value;
      else if (d.kind === 'huge-output' && cell && typeof cell === 'object')
        cell.outputs = [{ output_type: 'stream', name: 'stdout', text: 'x'.repeat(d.size) }];
      else if (d.kind === 'code' && cell && typeof cell === 'object') cell.source = new TextDecoder().decode(d.code);
      else if (d.kind === 'field') {
        if (d.path === 'nbformat') nb.nbformat = d.value;
        else if (d.path === 'metadata') nb.metadata = d.value as Record<string, unknown>;
        else if (nb.metadata && typeof nb.metadata === 'object') nb.metadata.language_info = { name: d.value };
      }
    }
    const text = Buffer.from(JSON.stringify(nb), 'utf8');
    const mutated = applyMutations(text, raw);
    return bom ? concat(new Uint8Array([0xef, 0xbb, 0xbf]), mutated) : mutated;
  });

// ---------------------------------------------------------------- configuration

const RULE_NAMES = ['ML101', 'preprocessing-leakage', 'ML999', 'all', '*', ''];
const settingValue = fc.oneof(
  oddValue,
  fc.array(
    fc.oneof(
      fc.constantFrom('**/*.py', 'data/**', '../**', '/etc/**', '+(a|aa)c', '[', '!', '**/', '{a,b', '\\'),
      fc.string({ maxLength: 12 }),
    ),
    { maxLength: 4 },
  ),
  fc.dictionary(
    fc.constantFrom(...RULE_NAMES),
    fc.oneof(fc.constantFrom('error', 'warning', 'info', 'hint', 'off', 'ERROR', 'fatal'), oddValue),
    { maxKeys: 3 },
  ),
  fc.constantFrom(1, 3, 5, 0, 6, -1, 2.5, '3', '1MB', '10 kB', '-5', 'huge', 1e308),
);
const KEYS = ['exclude', 'disable', 'severity', 'target-level', 'max-file-size', 'unknown-key', 'Exclude'];
const configTable = fc.dictionary(fc.constantFrom(...KEYS), settingValue, { maxKeys: 4 });

/** A configuration a careful user would write: known keys with values of the right type. */
const sensibleConfig = fc.record(
  {
    exclude: fc.array(fc.constantFrom('data/**', '*.csv', 'notebooks/scratch/', 'build', '**/legacy/**'), {
      maxLength: 3,
    }),
    disable: fc.array(fc.constantFrom('ML101', 'ML301', 'hard-coded-data-path'), { maxLength: 2 }),
    severity: fc.dictionary(
      fc.constantFrom('ML101', 'ML402', 'unseeded-randomness'),
      fc.constantFrom('error', 'warning', 'info', 'hint', 'off'),
      { maxKeys: 2 },
    ),
    'target-level': fc.integer({ min: 1, max: 5 }),
    'max-file-size': fc.constantFrom('2MB', '500 KB', 1_000_000),
  },
  { requiredKeys: [] },
);

const ALIAS_BOMB = [
  'a: &a ["x", "x", "x", "x", "x"]',
  ...Array.from(
    { length: 8 },
    (_, i) =>
      `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(8)
        .fill(`*${String.fromCharCode(97 + i)}`)
        .join(', ')}]`,
  ),
  'exclude: *i',
].join('\n');

/** `.mlcoach.yaml`: a random table as YAML, the same with its text mutated, or a hand-made oddity. */
const mlcoachYaml: fc.Arbitrary<Uint8Array> = fc.oneof(
  { arbitrary: sensibleConfig.map((t) => Buffer.from(stringifyYaml(t), 'utf8')), weight: 4 },
  configTable.map((t) => Buffer.from(stringifyYaml(t), 'utf8')),
  fc
    .record({
      t: configTable,
      raw: fc.array(
        mutation.filter((m) => m.kind !== 'nest'),
        { minLength: 1, maxLength: 3 },
      ),
    })
    .map(({ t, raw }) => applyMutations(Buffer.from(stringifyYaml(t), 'utf8'), raw)),
  fc
    .constantFrom(
      ALIAS_BOMB,
      'exclude: [unclosed',
      '- a\n- b\n',
      'severity:\n  ML101:\n    nested: table\n',
      '"just a string"',
      '\u0000\u0001',
      'exclude: !!binary aGVsbG8=',
      'target-level: !!python/object:os.system ["id"]',
      '',
    )
    .map((t) => Buffer.from(t, 'utf8')),
);

/** `pyproject.toml` with a `[tool.mlcoach]` table (valid TOML of random values, or mutated text). */
const pyproject: fc.Arbitrary<Uint8Array> = fc.oneof(
  {
    arbitrary: sensibleConfig.map((t) =>
      Buffer.from(`[project]\nname = "fuzz"\n\n${stringifyToml({ tool: { mlcoach: t } })}\n`, 'utf8'),
    ),
    weight: 4,
  },
  configTable.map((t) => {
    try {
      return Buffer.from(
        `[project]\nname = "fuzz"\n\n${stringifyToml({ tool: { mlcoach: JSON.parse(JSON.stringify(t)) } })}\n`,
        'utf8',
      );
    } catch {
      return Buffer.from('[tool.mlcoach]\nexclude = 3\n', 'utf8'); // a value TOML cannot hold (null)
    }
  }),
  fc
    .record({
      t: configTable,
      raw: fc.array(
        mutation.filter((m) => m.kind !== 'nest'),
        { minLength: 1, maxLength: 3 },
      ),
    })
    .map(({ t, raw }) =>
      applyMutations(
        Buffer.from(
          `[tool.mlcoach]\n${Object.keys(t)
            .map((k) => `${k} = ${JSON.stringify(JSON.stringify(t[k]) ?? null)}`)
            .join('\n')}\n`,
          'utf8',
        ),
        raw,
      ),
    ),
  fc
    .constantFrom(
      '[tool.mlcoach\nexclude = ["a"',
      '[tool]\nmlcoach = 5\n',
      '[tool.mlcoach]\nseverity = { ML101 = { a = 1 } }\n',
      'tool.mlcoach.exclude = ["\\u0000"]\n',
    )
    .map((t) => Buffer.from(t, 'utf8')),
);

/** `requirements.txt`: plausible lines, includes that loop or leave the folder, and junk. */
const requirements: fc.Arbitrary<Uint8Array> = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'scikit-learn==1.4.2',
        'pandas>=2',
        'numpy',
        'torch ; python_version >= "3.9"',
        'mlflow[extras]==2.*',
        '-e .',
        '--hash=sha256:abc',
        'git+https://example.invalid/x.git#egg=x',
      ),
      fc.constantFrom(
        '-r requirements.txt',
        '-r requirements-dev.txt',
        '-c constraints.txt',
        `-r ../outside/secret.txt`,
        '-r /fuzz/outside/secret.txt',
        `-r ${'../'.repeat(20)}etc/passwd`,
        '-r data',
        '-r ',
      ),
      fc.string({ maxLength: 40 }),
    ),
    { maxLength: 12 },
  )
  .map((lines) => Buffer.from(lines.join('\n'), 'utf8'));

/** One project: some code, maybe a notebook, maybe configuration. */
const project = fc.record(
  {
    'train.py': pythonFile,
    'src/pkg/model.py': pythonFile,
    'notebooks/explore.ipynb': notebookFile,
    '.mlcoach.yaml': mlcoachYaml,
    'pyproject.toml': pyproject,
    'requirements.txt': requirements,
    'requirements-dev.txt': requirements,
    'setup.py': pythonFile,
  },
  { requiredKeys: ['train.py'] },
);

// ---------------------------------------------------------------- the file system that watches

/** The in-memory file system, recording every path the analysis touches and how. */
class RecordingFileSystem implements FileSystem {
  readonly touched: Array<{ op: 'list' | 'stat' | 'read'; path: string }> = [];
  constructor(private readonly inner: FileSystem) {}
  readDirectory(path: string): Promise<DirectoryEntry[]> {
    this.touched.push({ op: 'list', path });
    return this.inner.readDirectory(path);
  }
  stat(path: string): Promise<FileStat> {
    this.touched.push({ op: 'stat', path });
    return this.inner.stat(path);
  }
  readFile(path: string, limit?: ReadLimit): Promise<Uint8Array> {
    this.touched.push({ op: 'read', path });
    return this.inner.readFile(path, limit);
  }
  realPath(path: string): Promise<string> {
    this.touched.push({ op: 'stat', path });
    return this.inner.realPath(path);
  }
}

/**
 * The one look outside the folder the analysis makes by design: whether a folder above it holds `.git`
 * (a stat, never a read), so a project inside a repository counts as version-controlled.
 */
function isGitProbeAbove(t: { op: string; path: string }): boolean {
  if (t.op !== 'stat' || !t.path.endsWith('/.git')) return false;
  const dir = t.path.slice(0, -'/.git'.length);
  return dir === '' || ROOT.startsWith(`${dir}/`);
}

/** A short description of a failing case: file names and sizes, not megabytes of bytes. */
function describeCase(files: Record<string, Uint8Array | undefined>): string {
  return Object.entries(files)
    .filter(([, b]) => b)
    .map(
      ([p, b]) =>
        `${p} (${b!.length} bytes, starts ${JSON.stringify(Buffer.from(b!.subarray(0, 60)).toString('latin1'))})`,
    )
    .join('; ');
}

/**
 * A path inside ROOT after resolving `.` and `..` segments (a path that climbs out is outside even if it comes back).
 */
function staysInside(path: string): boolean {
  const parts: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (!parts.length) return false;
      parts.pop();
    } else parts.push(seg);
  }
  const resolved = `/${parts.join('/')}`;
  return (resolved === ROOT || resolved.startsWith(`${ROOT}/`)) && !path.split('/').includes('..');
}

/**
 * Failures found by this test that belong to open work on issue 11's read side (config validation, the
 * parser): counted and listed with the runs that hit them, and tolerated unless MLCOACH_FUZZ_STRICT=1.
 * Remove an entry once its fix lands; anything else thrown fails the test.
 */
// Failures found and not fixed yet, counted instead of failing (each with the issue that tracks it).
// Configuration values of the wrong type and deep nesting were here until the read policy handled them.
const KNOWN_OPEN: Array<{ id: string; matches: (e: unknown) => boolean }> = [];
const STRICT = process.env.MLCOACH_FUZZ_STRICT === '1';

const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

// ---------------------------------------------------------------- the property

describe(`robustness fuzz (seed ${SEED}, ${RUNS} runs, nesting up to ${MAX_NESTING})`, function () {
  this.timeout(Math.max(60_000, RUNS * TIME_BUDGET_MS));
  const validate = reportValidator();

  it(
    'every mutated project ends in a valid report or a configuration error, reads only inside its folder and ' +
      'writes nothing',
    async () => {
      const outcomes = { report: 0, configError: 0 };
      const knownOpen = new Map<string, number[]>();
      let run = -1;
      const details = await fc.check(
        fc.asyncProperty(project, async (files) => {
          run++;
          const contents: Record<string, Uint8Array> = { [OUTSIDE]: Buffer.from('outside\n') };
          for (const [p, bytes] of Object.entries(files)) if (bytes) contents[`${ROOT}/${p}`] = bytes;
          const before = new Map(Object.entries(contents).map(([p, b]) => [p, Buffer.from(b)]));
          const fs = new RecordingFileSystem(new MemoryFileSystem(contents));

          const heapBefore = process.memoryUsage().heapUsed;
          const started = performance.now();
          let code: number;
          try {
            const report = await analyzeFolder(fs, ROOT);
            const json = JSON.parse(formatJson(report));
            assert.ok(validate(json), JSON.stringify(validate.errors?.slice(0, 3)));
            const text = formatText(report);
            assert.ok(
              !RAW_CONTROL.test(text),
              `raw control character in the text report: ${JSON.stringify(text.match(RAW_CONTROL))}`,
            );
            JSON.stringify(toSarif(report));
            code = hasFindingsAtOrAbove(report, 'warning') ? 1 : 0;
            outcomes.report++;
          } catch (e) {
            const known = STRICT ? undefined : KNOWN_OPEN.find((k) => k.matches(e));
            if (known) {
              knownOpen.set(known.id, [...(knownOpen.get(known.id) ?? []), run]);
              return;
            }
            // The one expected failure: a configuration mistake, named by file (exit code 2 in the CLI).
            if (!(e instanceof ConfigError)) throw e;
            assert.match(e.message, /^(\.mlcoach\.ya?ml|pyproject\.toml( \[tool\.mlcoach\])?)(:\d+)?: ./s);
            code = 2;
            outcomes.configError++;
          }
          const elapsed = performance.now() - started;
          assert.ok([0, 1, 2].includes(code));
          assert.ok(elapsed < TIME_BUDGET_MS, `analysis took ${Math.round(elapsed)} ms`);
          assert.ok(
            process.memoryUsage().heapUsed - heapBefore < HEAP_BUDGET_BYTES,
            'analysis grew the heap past its budget',
          );

          const outside = fs.touched.filter((t) => !staysInside(t.path) && !isGitProbeAbove(t));
          assert.deepEqual(outside, [], 'touched outside the analysed folder');
          for (const [p, bytes] of before)
            assert.ok(Buffer.from(await new MemoryFileSystem(contents).readFile(p)).equals(bytes), `${p} changed`);

          // Scaffold plans of the same project: no throw, and their YAML parses.
          if (code !== 2) {
            const model = await loadProject(new MemoryFileSystem(contents), ROOT);
            for (const s of SCAFFOLDS) {
              for (const f of s.plan(model).files) {
                if (/\.ya?ml$/.test(f.path)) assert.deepEqual(parseDocument(f.content).errors, [], `${s.id} ${f.path}`);
              }
            }
          }
        }),
        {
          seed: SEED,
          numRuns: RUNS,
          endOnFailure: true,
          ...(process.env.MLCOACH_FUZZ_PATH ? { path: process.env.MLCOACH_FUZZ_PATH } : {}),
        },
      );
      if (knownOpen.size)
        console.warn(
          `      outcomes: ${outcomes.report} reports, ${outcomes.configError} configuration ` +
            `errors, ${[...knownOpen.values()].reduce((n, r) => n + r.length, 0)} known open failures`,
        );
      for (const [id, runs] of knownOpen) {
        console.warn(
          `      known open (${runs.length} of ${run + 1} runs; replay with MLCOACH_FUZZ_SEED=${SEED} ` +
            `MLCOACH_FUZZ_PATH=<run> MLCOACH_FUZZ_STRICT=1): ${id}; ` +
            `runs ${runs.slice(0, 12).join(', ')}${runs.length > 12 ? ', ...' : ''}`,
        );
      }
      if (details.failed) {
        const files = details.counterexample?.[0];
        const cause =
          details.errorInstance instanceof Error
            ? (details.errorInstance.stack ?? details.errorInstance.message)
            : String(details.errorInstance);
        assert.fail(
          `fuzz case failed (replay: MLCOACH_FUZZ_SEED=${details.seed}, path "${details.counterexamplePath}"):\n` +
            `  ${files ? describeCase(files) : '?'}\n${cause.split('\n').slice(0, 12).join('\n')}`,
        );
      }
      // The generators must reach both outcomes, or the property tests less than it claims.
      const knownTotal = [...knownOpen.values()].reduce((n, r) => n + r.length, 0);
      assert.ok(outcomes.report > (RUNS - knownTotal) / 2, JSON.stringify(outcomes));
      assert.ok(outcomes.configError > 0, JSON.stringify(outcomes));
    },
  );

  it('the nesting generator reaches the depths it claims', () => {
    const depths = fc
      .sample(
        mutation.filter((m) => m.kind === 'nest'),
        { seed: SEED, numRuns: 200 },
      )
      .map((m) => (m as { depth: number }).depth);
    assert.ok(Math.max(...depths) > MAX_NESTING / 2, `deepest ${Math.max(...depths)}`);
  });
});
