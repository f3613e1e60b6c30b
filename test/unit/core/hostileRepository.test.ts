// A repository is data from strangers: generated hostile trees for each way one could stop, flood or
// escape the analysis (docs/security.md, "What ML Coach reads"). Every case asserts that the run ends
// within a time budget, that the bad file is reported, and that the rest of the report is still there.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { minimatch } from 'minimatch';
import { type AnalyzeOptions, analyzeFolder, analyzeProject } from '../../../src/core/analyze';
import { ConfigError } from '../../../src/core/config/load';
import { compileExcludes, discoverFiles } from '../../../src/core/discovery/discover';
import { compileGlob } from '../../../src/core/discovery/glob';
import { type FileSystem, ReadRefusedError } from '../../../src/core/fs/fileSystem';
import { MemoryFileSystem } from '../../../src/core/fs/memoryFileSystem';
import { MAX_NESTING_DEPTH } from '../../../src/core/python/parse';
import { formatJson } from '../../../src/core/format/json';
import { formatMarkdown } from '../../../src/core/format/markdown';
import { toSarif } from '../../../src/core/format/sarif';
import { formatText } from '../../../src/core/format/text';
import type { ProjectReport } from '../../../src/core/model/report';
import { buildProject } from '../../../src/core/project/build';
import { DEFAULT_CONFIG } from '../../../src/core/config/config';
import type { UnitRule } from '../../../src/core/rules/rule';
import { ALL_RULES } from '../../../src/core/rules/registry';
import { CachingFileSystem } from '../../../src/extension/cachingFileSystem';
import { StaleRunError, WorkspaceAnalyzer } from '../../../src/extension/workspaceAnalyzer';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';
import { main } from '../../../src/cli/main';
import { fakeIo } from '../cli/fakeIo';

/** An ordinary ML project: its finding (ML301 on train.py) is "the rest of the report". */
const BASE: Record<string, string> = {
  'requirements.txt': 'scikit-learn\npandas\n',
  'train.py':
    'import pandas as pd\n' +
    'from sklearn.model_selection import train_test_split\n' +
    'df = pd.read_csv("data.csv")\n' +
    'train, test = train_test_split(df)\n',
};

const posix = process.platform !== 'win32';
const mb = (n: number) => Math.round(n * 1024 * 1024);

function notebook(cells: Array<{ source: string; outputs?: unknown[] }>): string {
  return JSON.stringify({
    cells: cells.map((c, i) => ({
      cell_type: 'code',
      execution_count: i + 1,
      metadata: {},
      outputs: c.outputs ?? [],
      source: c.source,
    })),
    metadata: { kernelspec: { language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

describe('a hostile repository', () => {
  const made: string[] = [];
  after(() => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });

  /** A temporary project: BASE plus `files`, then `setup` (links, pipes) on its root. */
  function hostile(files: Record<string, string | Uint8Array> = {}, setup?: (root: string) => void): string {
    const root = mkdtempSync(join(tmpdir(), 'mlcoach-hostile-')).replace(/\\/g, '/');
    made.push(root);
    for (const [path, content] of Object.entries({ ...BASE, ...files })) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    setup?.(root);
    return root;
  }

  /** A folder outside every project, for links to point at. */
  function outside(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'mlcoach-outside-')).replace(/\\/g, '/');
    made.push(dir);
    for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content);
    return dir;
  }

  /** Analyses `root` and fails when it takes longer than `budgetMs`. */
  async function analyse(
    root: string,
    budgetMs = 5000,
    options: AnalyzeOptions = {},
    fs: FileSystem = new NodeFileSystem(),
  ): Promise<ProjectReport> {
    const started = Date.now();
    const report = await analyzeFolder(fs, root, options);
    const ms = Date.now() - started;
    assert.ok(ms < budgetMs, `took ${ms} ms, over the ${budgetMs} ms budget`);
    assert.equal(report.projects.length, 1);
    return report.projects[0];
  }

  /** The rest of the report: the project is ML and train.py's finding is there. */
  function assertRestOfReport(p: ProjectReport): void {
    assert.equal(p.isMlProject, true);
    assert.ok(
      p.findings.some((f) => f.code === 'ML301' && f.range?.path === 'train.py'),
      `train.py's ML301 is missing: ${JSON.stringify(p.findings.map((f) => f.code))}`,
    );
    assert.ok(p.items.length > 0);
  }

  const skip = (p: ProjectReport, path: string) => p.skipped.find((s) => s.path === path);
  const problem = (p: ProjectReport, path: string) => p.problems.find((s) => s.path === path);

  describe('1. the file-access policy', () => {
    it('refuses links to a device named as config, ignore file, exclude file and code, unread', async function () {
      if (!posix) this.skip();
      const root = hostile({}, (r) => {
        mkdirSync(join(r, '.git/info'), { recursive: true });
        mkdirSync(join(r, 'sub'));
        for (const name of [
          '.gitignore',
          '.mlcoach.yaml',
          'pyproject.toml',
          '.git/info/exclude',
          'model.py',
          'sub/.gitignore',
          'params.yaml',
        ])
          symlinkSync('/dev/zero', join(r, name));
      });
      const p = await analyse(root);
      assertRestOfReport(p);
      assert.match(skip(p, '.gitignore')?.detail ?? '', /outside the workspace folder; its patterns were not applied/);
      assert.match(skip(p, 'sub/.gitignore')?.detail ?? '', /outside the workspace folder/);
      assert.match(skip(p, '.git/info/exclude')?.detail ?? '', /outside the workspace folder/);
      assert.match(problem(p, '.mlcoach.yaml')?.message ?? '', /not read as configuration: a link that leads outside/);
      assert.match(problem(p, 'pyproject.toml')?.message ?? '', /not read as configuration/);
      for (const f of ['model.py', 'params.yaml']) assert.equal(skip(p, f)?.reason, 'outside-root', f);
    });

    it('never blocks on a pipe named as config, ignore or exclude file, code, notebook or manifest', async function () {
      if (!posix) this.skip();
      const root = hostile({}, (r) => {
        mkdirSync(join(r, '.git/info'), { recursive: true });
        for (const name of [
          '.gitignore',
          '.mlcoach.yaml',
          'pyproject.toml',
          '.git/info/exclude',
          'model.py',
          'nb.ipynb',
          'requirements-dev.txt',
        ])
          execFileSync('mkfifo', [join(r, name)]);
      });
      const p = await analyse(root);
      assertRestOfReport(p);
      assert.match(problem(p, '.mlcoach.yaml')?.message ?? '', /not a regular file \(a pipe\)/);
      assert.match(skip(p, '.git/info/exclude')?.detail ?? '', /not a regular file \(a pipe\)/);
      for (const f of ['.gitignore', 'model.py', 'nb.ipynb', 'requirements-dev.txt'])
        assert.equal(skip(p, f)?.reason, 'unreadable', f);
      // The CLI's path through the same folder ends too, with a report.
      const io = fakeIo(root);
      const code = await main(['check', root, '--format', 'json', '--fail-on', 'never'], io);
      assert.equal(code, 0, io.stderr);
      assert.equal(JSON.parse(io.stdout).projects[0].isMlProject, true);
    });

    it('neither reads nor walks links that leave the folder, and never quotes what they lead to', async function () {
      if (!posix) this.skip();
      const secret = 'SECRET-TOKEN-8c1f';
      const out = outside({
        'x.py': `import pandas as pd\nPATH = "/home/victim/${secret}.csv"\npd.read_csv(PATH)\n`,
        'leak.ipynb': `{"cells": [${secret}`,
      });
      const root = hostile({ 'sub/keep.txt': '' }, (r) => {
        symlinkSync(`${out}/x.py`, join(r, 'data.py'));
        symlinkSync('..', join(r, 'up'));
        symlinkSync('/', join(r, 'rootlink'));
        symlinkSync(out, join(r, 'outdir'));
        symlinkSync(`${out}/leak.ipynb`, join(r, 'linked.ipynb'));
        symlinkSync('../train.py', join(r, 'sub/inside.py')); // stays inside: analysed
      });
      const p = await analyse(root);
      assertRestOfReport(p);
      for (const f of ['data.py', 'up', 'rootlink', 'outdir', 'linked.ipynb'])
        assert.equal(skip(p, f)?.reason, 'outside-root', f);
      assert.ok(
        p.findings.some((f) => f.range?.path === 'sub/inside.py'),
        'a link inside the folder is analysed',
      );
      const report = {
        schemaVersion: 2 as const,
        tool: { name: 'mlcoach' as const, version: '0' },
        root,
        projects: [p],
      };
      for (const text of [
        formatJson(report),
        JSON.stringify(toSarif(report)),
        formatMarkdown(report),
        formatText(report),
      ]) {
        assert.ok(!text.includes(secret), 'content behind a link out of the folder reached the report');
        assert.ok(!text.includes('rootlink/'), 'a link to / was walked');
      }
    });

    it('holds every kind of file to a size limit', async () => {
      const big = (n: number, line: string) => line.repeat(Math.ceil(n / line.length));
      const root = hostile({
        '.gitignore': big(mb(2), '*.tmp\n'),
        '.mlcoach.yaml': big(mb(1.5), '# a comment\n'),
        'sub/.gitignore': big(mb(1.2), 'x\n'),
        'dvc.yaml': big(mb(2.5), '# stage\n'),
        'big.py': big(mb(2.5), 'x = 1\n'),
      });
      const p = await analyse(root);
      assertRestOfReport(p);
      assert.match(
        skip(p, '.gitignore')?.detail ?? '',
        /2\.0 MB is over the 1\.0 MB limit; its patterns were not applied/,
      );
      assert.match(skip(p, 'sub/.gitignore')?.detail ?? '', /over the 1\.0 MB limit/);
      assert.match(
        problem(p, '.mlcoach.yaml')?.message ?? '',
        /not read as configuration: 1\.5 MB is over the 1\.0 MB limit/,
      );
      assert.equal(skip(p, 'dvc.yaml')?.reason, 'too-large');
      assert.equal(skip(p, 'big.py')?.reason, 'too-large');
    });

    it('limits a notebook by its code cells, not its outputs', async () => {
      const image = Buffer.alloc(mb(1.8), 7).toString('base64'); // 2.4 MB of PNG-like output
      const code =
        'from sklearn.model_selection import train_test_split\n' +
        'import pandas as pd\n' +
        'df = pd.read_csv("d.csv")\n' +
        'a, b = train_test_split(df)\n';
      const root = hostile({
        'plots.ipynb': notebook([
          { source: code, outputs: [{ output_type: 'display_data', data: { 'image/png': image }, metadata: {} }] },
        ]),
        'generated.ipynb': notebook([{ source: 'x = 1\n'.repeat(mb(2.1) / 6) }]),
      });
      const p = await analyse(root);
      assertRestOfReport(p);
      assert.ok(
        p.findings.some((f) => f.range?.path === 'plots.ipynb' && f.code === 'ML301'),
        'the 2.4 MB notebook was analysed',
      );
      assert.match(skip(p, 'generated.ipynb')?.detail ?? '', /its code cells hold 2\.1 MB, over the 2\.0 MB limit/);
      // Both limits are settings.
      const tight = hostile({
        'plots.ipynb': notebook([
          { source: code, outputs: [{ output_type: 'display_data', data: { 'image/png': image }, metadata: {} }] },
        ]),
        '.mlcoach.yaml': 'max-notebook-size: 1MB\n',
      });
      assert.match(skip(await analyse(tight), 'plots.ipynb')?.detail ?? '', /over the 1\.0 MB limit/);
    });

    it('gives up a file whose read outlasts its time budget, as a problem of that file', async () => {
      const root = hostile({ 'slow.py': 'import sklearn\n' });
      const disk = new NodeFileSystem();
      const stalled: FileSystem = {
        readDirectory: (p) => disk.readDirectory(p),
        stat: (p) => disk.stat(p),
        realPath: (p) => disk.realPath(p),
        readFile: (p, limit) =>
          p.endsWith('/slow.py') ? new Promise<Uint8Array>(() => undefined) : disk.readFile(p, limit),
      };
      const p = await analyse(root, 3000, { timeBudgetMs: 300 }, stalled);
      assertRestOfReport(p);
      assert.match(problem(p, 'slow.py')?.message ?? '', /not analysed: reading it took longer than 0\.3 s/);
    });

    it('gives up a file whose parse outlasts its time budget, as a problem of that file', async () => {
      const fs = new MemoryFileSystem({
        ...Object.fromEntries(Object.entries(BASE).map(([k, v]) => [`/w/${k}`, v])),
        '/w/long.py': 'def f(a, b):\n    return [a + b * 2 for _ in range(3)]\n'.repeat(20_000),
      });
      const walk = await discoverFiles(fs, '/w');
      const model = await buildProject(fs, '/w', '', walk.files, walk.skipped, false, DEFAULT_CONFIG, undefined, {
        timeBudgetMs: 1,
      });
      assert.match(model.problems.find((x) => x.path === 'long.py')?.message ?? '', /took longer than 0\.001 s/);
      assert.ok(model.python.some((u) => u.path === 'train.py'));
    });

    it('applies the same limits in the in-memory and the caching file systems', async () => {
      const memory = new MemoryFileSystem({ '/w/a.py': 'x = 1\n'.repeat(100) });
      await assert.rejects(
        memory.readFile('/w/a.py', { maxBytes: 10 }),
        (e: unknown) => e instanceof ReadRefusedError && e.reason === 'too-large',
      );
      const cached = new CachingFileSystem(memory);
      assert.equal((await cached.readFile('/w/a.py', { maxBytes: 1000 })).byteLength, 600);
      await assert.rejects(
        cached.readFile('/w/a.py', { maxBytes: 10 }),
        (e: unknown) => e instanceof ReadRefusedError && e.reason === 'too-large',
      );
      cached.setOverlay('/w/a.py', 'y = 2\n'.repeat(1000));
      await assert.rejects(
        cached.readFile('/w/a.py', { maxBytes: 1000 }),
        (e: unknown) => e instanceof ReadRefusedError && e.reason === 'too-large',
      );
    });

    it('refuses a configuration that lifts the size limits without bound', async () => {
      const root = hostile({ '.mlcoach.yaml': 'max-file-size: 100GB\n' });
      await assert.rejects(
        analyzeFolder(new NodeFileSystem(), root),
        (e: unknown) => e instanceof ConfigError && /\.mlcoach\.yaml:1: max-file-size: at most 64MB/.test(e.message),
      );
    });
  });

  describe('2. per-file isolation', () => {
    const deepParens = `x = ${'('.repeat(10_000)}1${')'.repeat(10_000)}\n`;

    it('makes 10,000-deep nesting in a .py, a notebook cell and setup.py a problem of that file', async () => {
      const root = hostile({
        'deep.py': deepParens,
        'unary.py': `x = ${'-'.repeat(10_000)}1\n`,
        'nb.ipynb': notebook([
          {
            source:
              'from sklearn.model_selection import train_test_split\n' +
              'import pandas as pd\n' +
              'a, b = train_test_split(pd.read_csv("d.csv"))\n',
          },
          { source: `y = ${'['.repeat(10_000)}${']'.repeat(10_000)}\n` },
        ]),
        'setup.py':
          `from setuptools import setup\n` +
          `setup(name="p", install_requires=${'['.repeat(10_000)}${']'.repeat(10_000)})\n`,
      });
      const p = await analyse(root, 10_000);
      assertRestOfReport(p);
      for (const f of ['deep.py', 'unary.py', 'setup.py'])
        assert.match(
          problem(p, f)?.message ?? '',
          /nested too deeply to analyse \(more than 500 levels.*\); the file was not analysed/,
          f,
        );
      assert.match(
        problem(p, 'nb.ipynb')?.message ?? '',
        /^cell 2 nested too deeply to analyse .*the other cells were analysed$/,
      );
      assert.ok(
        p.findings.some((f) => f.range?.path === 'nb.ipynb' && f.range.cell === 0),
        "the notebook's other cell was analysed",
      );
      // The CLI prints a report and exits with its findings' code, not "internal error".
      const io = fakeIo(root);
      assert.equal(await main(['check', root, '--format', 'json', '--fail-on', 'never'], io), 0, io.stderr);
      assert.equal(io.stderr.includes('internal error'), false);
    });

    it('analyses nesting just under the cap in full, through every rule and the checklist', async () => {
      const n = MAX_NESTING_DEPTH - 30;
      const root = hostile({
        'parens.py': `x = ${'('.repeat(n)}1${')'.repeat(n)}\n`,
        'unary.py': `x = ${'-'.repeat(n)}1\n`,
        'lists.py': `x = ${'['.repeat(n)}${']'.repeat(n)}\n`,
        'nots.py': `x = ${'not '.repeat(n)}y\n`,
        'dicts.py': `x = ${'{"a": '.repeat(n)}1${'}'.repeat(n)}\n`,
        'fit.py':
          `from sklearn.linear_model import LogisticRegression\n` +
          `m = LogisticRegression()\n` +
          `m.fit(${'('.repeat(n)}X${')'.repeat(n)}, y)\n`,
      });
      const p = await analyse(root, 10_000);
      assertRestOfReport(p);
      assert.deepEqual(p.problems, []);
      assert.equal(p.stats.pythonFiles, 7);
    });

    it("makes a rule's failure on one file a problem of that file, and runs it on the others", async () => {
      const root = hostile({ 'other.py': 'import sklearn\n' });
      const failing: UnitRule = {
        ...(ALL_RULES.find((r) => r.scope === 'unit') as UnitRule),
        check: (ctx) => {
          if (ctx.unit.path === 'other.py') throw new Error('boom');
          ctx.report({ message: 'seen', span: { from: 0, to: 1 } });
        },
      };
      const fs = new NodeFileSystem();
      const walk = await discoverFiles(fs, root);
      const model = await buildProject(fs, root, '', walk.files, walk.skipped, false, DEFAULT_CONFIG);
      const p = analyzeProject(model, [failing]);
      assert.deepEqual(
        p.problems.map((x) => [x.path, x.message]),
        [['other.py', `rule ${failing.meta.code} failed on this file: boom`]],
      );
      assert.ok(p.findings.some((f) => f.range?.path === 'train.py'));
    });
  });

  describe('3. patterns and stale runs', () => {
    it('refuses an extended glob with the file, key and line', async () => {
      const root = hostile({
        '.mlcoach.yaml': 'disable: []\nexclude:\n  - "*.csv"\n  - "+(a|aa)c"\n',
        [`${'a'.repeat(60)}`]: '',
      });
      await assert.rejects(
        analyzeFolder(new NodeFileSystem(), root),
        (e: unknown) =>
          e instanceof ConfigError &&
          e.message.startsWith(".mlcoach.yaml:4: exclude: '+(a|aa)c': extended glob patterns"),
      );
      const fromSettings = analyzeFolder(new NodeFileSystem(), hostile(), { overrides: { exclude: ['@(x|xx)y'] } });
      await assert.rejects(
        fromSettings,
        (e: unknown) =>
          e instanceof ConfigError &&
          e.message.startsWith("settings: mlcoach.exclude: '@(x|xx)y': extended glob patterns"),
      );
      const io = fakeIo(root);
      assert.equal(await main(['check', root], io), 2);
      assert.match(io.stderr, /invalid configuration: \.mlcoach\.yaml:4: exclude:/);
    });

    it('matches a star-heavy pattern against a 200-character name in milliseconds', () => {
      const matchers = compileExcludes([
        '*a*a*a*a*a*a*a*a*a*c',
        '**/*a*a*a*a*a*a*b/**',
        '[a-z]*a*a*a*a*?c',
        '{x,y,z}*a*a*a*a*a*a*d',
      ]);
      const name = 'a'.repeat(200);
      const started = process.hrtime.bigint();
      for (const m of matchers) assert.equal(m.matches(`dir/${name}`, false), false);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assert.ok(ms < 50, `took ${ms} ms`);
    });

    it('matches as minimatch does on the patterns users write', () => {
      const patterns = [
        '*.csv',
        'data/**',
        '**/x',
        'a/**/b',
        'a/*',
        '[!a]*',
        '[^a]b',
        'a?c',
        '{a,b}/c',
        'data/*.csv',
        '**',
        'a\\*',
        '#x',
        '!x',
        '*',
        'x/*/y',
        '**/*.py',
        'src/**/test_*.py',
        '[[:digit:]]*',
        '[a-c]x',
        '.hidden',
        '*.{py,ipynb}',
      ];
      const paths = [
        'a',
        'x',
        'a.csv',
        'data',
        'data/x.csv',
        'data/sub/x.csv',
        'x/y',
        'a/b',
        'a/x/b',
        'a/.b',
        'b',
        'bb',
        'abc',
        'b/c',
        'a*',
        '#x',
        'x/q/y',
        'x/y/z',
        'src/a/test_b.py',
        'src/test_b.py',
        '1a',
        'bx',
        '.hidden',
        'd/.hidden',
        'n.ipynb',
        'q/n.py',
      ];
      for (const pattern of patterns) {
        const matchBase = !pattern.includes('/');
        const ours = compileGlob(pattern, matchBase);
        for (const path of paths)
          assert.equal(ours(path), minimatch(path, pattern, { dot: true, matchBase }), `${pattern} on ${path}`);
      }
    });

    it('stops a run that a newer request has made stale', async () => {
      const root = hostile(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`m${i}.py`, 'import sklearn\n'])));
      const analyzer = new WorkspaceAnalyzer(new NodeFileSystem());
      const req = {
        type: 'analyze' as const,
        id: 1,
        folders: [{ key: 'k', path: root }],
        overlays: [],
        invalidate: [],
        overrides: {},
        hintsFor: [],
      };
      let asked = 0;
      await assert.rejects(
        analyzer.run(req, () => ++asked > 3),
        (e: unknown) => e instanceof StaleRunError,
      );
      assert.equal(asked, 4, 'the run stopped at the first check after the newer request came');
      const done = await analyzer.run({ ...req, id: 2 }, () => false);
      assert.equal(done.folders[0].report?.projects[0].isMlProject, true);
    });
  });

  describe('4. YAML with aliases', () => {
    const merges = (n: number) =>
      `on: push\n` +
      `x: &a {timeout-minutes: 5}\n` +
      `jobs:\n` +
      `  test:\n` +
      `    runs-on: ubuntu-latest\n` +
      `    steps:\n${('      - <<: *a\n' + '        run: pytest\n').repeat(n)}`;

    it('reads a CI file that merges one anchor 150 times', async () => {
      const p = await analyse(hostile({ '.github/workflows/ci.yml': merges(150) }));
      assertRestOfReport(p);
      assert.equal(p.items.find((i) => i.id === 'L3.ci')?.status, 'met');
      assert.deepEqual(p.problems, []);
    });

    it('reports a file past the alias limit as a problem of its own, and keeps the level report', async () => {
      const bomb = `a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ).join('\n')}\n`;
      const p = await analyse(
        hostile({ '.github/workflows/ci.yml': `on: push\njobs: {}\n${bomb}`, 'params.yaml': merges(150) }),
      );
      assertRestOfReport(p);
      assert.match(problem(p, '.github/workflows/ci.yml')?.message ?? '', /too many aliases/);
      assert.deepEqual(
        p.problems.filter((x) => x.path !== '.github/workflows/ci.yml'),
        [],
        'no checklist item failed on its account',
      );
    });
  });

  describe('5. configuration mistakes', () => {
    const configError = async (files: Record<string, string>, expected: RegExp) => {
      const root = hostile(files);
      const io = fakeIo(root);
      assert.equal(await main(['check', root], io), 2);
      assert.match(io.stderr, expected);
      assert.equal(io.stderr.includes('internal error'), false);
    };

    it('names a table where a severity belongs by file, key and line', async () => {
      await configError(
        { '.mlcoach.yaml': 'severity:\n  ML101:\n    level: error\n' },
        /invalid configuration: \.mlcoach\.yaml:2: severity\.ML101: a table \(mapping\) is not a severity/,
      );
      await configError(
        { 'pyproject.toml': '[project]\nname = "p"\n\n[tool.mlcoach.severity.ML101]\nlevel = "error"\n' },
        new RegExp(
          /invalid configuration: pyproject\.toml \[tool\.mlcoach\]:4: /.source +
            /severity\.ML101: a table \(mapping\) is not a severity/.source,
        ),
      );
    });

    it('names an alias bomb by file, key and line', async () => {
      const levels = Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      );
      await configError(
        { '.mlcoach.yaml': `a: &a [x, x, x, x, x, x, x, x, x, x]\n${levels.join('\n')}\nexclude: *j\n` },
        /invalid configuration: \.mlcoach\.yaml:\d+: [a-j]: too many aliases/,
      );
    });
  });

  describe('6. memory', () => {
    it('refuses ten token-dense 2 MB files by their token count, in bounded time and memory', async () => {
      const dense = `x=(${Array(60).fill('a').join(',')})\n`;
      const files = Object.fromEntries(
        Array.from({ length: 10 }, (_, i) => [`m${i}.py`, dense.repeat(Math.floor((mb(2) - 100) / dense.length))]),
      );
      const root = hostile(files);
      const p = await analyse(root, 10_000);
      assertRestOfReport(p);
      for (let i = 0; i < 10; i++) assert.match(skip(p, `m${i}.py`)?.detail ?? '', /more than 524288 tokens of code/);
      // Peak memory of a fresh process that analyses the same folder.
      const analyzeJs = join(__dirname, '..', '..', '..', 'src', 'core', 'analyze.js');
      const fsJs = join(__dirname, '..', '..', '..', 'src', 'node', 'nodeFileSystem.js');
      const script =
        `const {analyzeFolder}=require(${JSON.stringify(analyzeJs)});const ` +
        `{NodeFileSystem}=require(${JSON.stringify(fsJs)});analyzeFolder(new ` +
        `NodeFileSystem(),${JSON.stringify(root)}).then(()=>console.log(process.resourceUsage().maxRSS))`;
      const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
      const peakMb = Number(run.stdout.trim()) / 1024;
      assert.ok(peakMb > 0 && peakMb < 400, `peak RSS ${peakMb} MB (${run.stderr})`);
    });

    it('stops reading code past the project budget, file by file', async () => {
      const files: Record<string, string> = { '/w/requirements.txt': 'scikit-learn\n' };
      for (let i = 0; i < 5; i++) files[`/w/g${i}.py`] = 'x = a + b\n'.repeat(8); // 40 tokens each
      const fs = new MemoryFileSystem(files);
      const walk = await discoverFiles(fs, '/w');
      const model = await buildProject(fs, '/w', '', walk.files, walk.skipped, false, DEFAULT_CONFIG, undefined, {
        projectTokenBudget: 100,
      });
      assert.deepEqual(
        model.python.map((u) => u.path),
        ['g0.py', 'g1.py'],
      );
      assert.deepEqual(
        model.skipped.map((s) => [s.path, s.reason, s.detail]),
        [
          [
            'g2.py',
            'limit',
            'the project holds more than 100 tokens of code; this file and later ones were not analysed',
          ],
          ['g3.py', 'limit', "over the project's code budget"],
          ['g4.py', 'limit', "over the project's code budget"],
        ],
      );
    });
  });
});
