import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMANDS, main, usage } from '../../../src/cli/main';
import { useColor } from '../../../src/cli/command';
import { Progress } from '../../../src/cli/progress';
import { hasFindingsAtOrAbove } from '../../../src/core/format/summary';
import { VERSION } from '../../../src/core/version';
import { ALL_RULES } from '../../../src/core/rules/registry';
import { LEVEL_ITEMS } from '../../../src/core/levels/checklist';
import { FIXTURES } from '../../support/paths';
import { sampleReport } from '../format/sampleReport';
import { fakeIo } from './fakeIo';

const CLI_FIXTURES = join(FIXTURES, 'cli');

describe('mlcoach CLI (in process)', () => {
  it('prints the version and the help', async () => {
    const io = fakeIo(CLI_FIXTURES);
    assert.equal(await main(['--version'], io), 0);
    assert.equal(io.stdout, `${VERSION}\n`);
    const help = fakeIo(CLI_FIXTURES);
    assert.equal(await main(['--help'], help), 0);
    for (const c of COMMANDS)
      assert.ok(
        help.stdout.split('\n').some((l) => l.startsWith(`  ${c.name} `) && l.endsWith(c.summary)),
        c.name,
      );
    const checkHelp = fakeIo(CLI_FIXTURES);
    assert.equal(await main(['check', '--help'], checkHelp), 0);
    assert.match(checkHelp.stdout, /--fail-on <sev>/);
  });

  it('exits 2 with one line for usage mistakes', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /^Usage: mlcoach <command>/],
      [['frobnicate'], /^mlcoach: unknown command 'frobnicate' \(commands: check, rules, explain/],
      [['check', '--format', 'xml'], /^mlcoach: --format must be one of text, json, sarif, markdown \(got 'xml'\)\n$/],
      [
        ['check', '--fail-on', 'loud'],
        /^mlcoach: --fail-on must be one of error, warning, info, hint, never \(got 'loud'\)\n$/,
      ],
      [['check', '--colour'], /^mlcoach: Unknown option '--colour'/],
      [['check', 'no-such-folder'], /^mlcoach: no such folder or file: no-such-folder\n$/],
      [
        ['check', 'leaky-project/requirements.txt'],
        /^mlcoach: leaky-project\/requirements\.txt is not a Python file or notebook; give one of those or a folder\n$/,
      ],
      [['check', 'a', 'b'], /^mlcoach: check takes one folder or file, got 2: a b\n$/],
      [['explain'], /^mlcoach: explain takes one rule code/],
      [['explain', 'ML999'], /^mlcoach: no rule or checklist item 'ML999'/],
    ];
    for (const [argv, expected] of cases) {
      const io = fakeIo(CLI_FIXTURES);
      assert.equal(await main(argv, io), 2, argv.join(' '));
      assert.match(io.stderr, expected, argv.join(' '));
      assert.equal(io.stdout, '');
      if (argv.length) assert.equal(io.stderr.split('\n').length, 2, `one line for ${argv.join(' ')}: ${io.stderr}`);
    }
  });

  it('checks a folder relative to the working directory and prints paths from there', async () => {
    const io = fakeIo(join(CLI_FIXTURES, '..'));
    const code = await main(['check', 'cli/webapp-not-ml'], io);
    assert.equal(code, 0);
    assert.match(io.stdout, /Not an ML project/);
    assert.equal(io.stderr, '');
  });

  it('checks one file: its project is analysed, only its findings are shown and decide the exit code', async () => {
    const all = fakeIo(CLI_FIXTURES);
    await main(['check', 'leaky-project', '--format', 'json'], all);
    const paths = (out: string) =>
      (JSON.parse(out).projects as Array<{ findings: Array<{ range: { path: string } }> }>).flatMap((p) =>
        p.findings.map((f) => f.range.path),
      );
    assert.ok(new Set(paths(all.stdout)).size >= 2, 'the project has findings in more than one file');

    const script = fakeIo(CLI_FIXTURES);
    assert.equal(await main(['check', 'leaky-project/train.py', '--format', 'json'], script), 1);
    const scriptPaths = paths(script.stdout);
    assert.ok(scriptPaths.length > 0 && scriptPaths.every((p) => p === 'train.py'), scriptPaths.join(', '));
    assert.equal(
      JSON.parse(script.stdout).projects[0].level,
      JSON.parse(all.stdout).projects[0].level,
      'the level is still the project’s',
    );

    const nb = fakeIo(join(CLI_FIXTURES, 'leaky-project', 'notebooks'));
    assert.equal(await main(['check', 'explore.ipynb'], nb), 1);
    assert.match(nb.stdout, /explore\.ipynb cell \d+/);
    assert.doesNotMatch(nb.stdout, /train\.py:\d+/);
    assert.equal(nb.stderr, '');

    // A file whose findings are all below --fail-on passes.
    const quiet = fakeIo(CLI_FIXTURES);
    assert.equal(await main(['check', 'webapp-not-ml/app.py'], quiet), 0);
    assert.match(quiet.stdout, /Not an ML project/);
  });

  it('says so when the file it was asked to check was left out of the analysis', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlcoach-cli-'));
    try {
      writeFileSync(join(dir, 'requirements.txt'), 'scikit-learn\n');
      writeFileSync(join(dir, '.gitignore'), 'scratch.py\n');
      writeFileSync(join(dir, 'scratch.py'), 'import sklearn\n');
      const io = fakeIo(dir);
      assert.equal(await main(['check', 'scratch.py'], io), 0);
      assert.match(io.stderr, /^mlcoach: scratch\.py was not analysed \(ignored/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes no progress for a quick scan or outside a terminal', async () => {
    const quiet = fakeIo(CLI_FIXTURES);
    await main(['check', 'webapp-not-ml'], quiet);
    assert.equal(quiet.stderr, '');
    const tty = fakeIo(CLI_FIXTURES, { stderrIsTTY: true });
    await main(['check', 'webapp-not-ml'], tty);
    assert.equal(tty.stderr, '', 'a scan shorter than the delay shows nothing');
  });

  it('shows progress on a terminal once the scan is slow, and erases it', async () => {
    const tty = fakeIo(CLI_FIXTURES, { stderrIsTTY: true });
    const stderr = (): string => tty.stderr;
    const progress = new Progress(tty, 20);
    progress.update('mlcoach: discovering files…');
    progress.update('mlcoach: reading 3 files…');
    assert.equal(stderr(), '');
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(stderr(), '\r\u001b[Kmlcoach: reading 3 files…');
    progress.update('mlcoach: done soon…');
    progress.done();
    assert.ok(stderr().endsWith('\r\u001b[Kmlcoach: done soon…\r\u001b[K'));
    const pipe = fakeIo(CLI_FIXTURES);
    const none = new Progress(pipe, 0);
    none.update('x');
    none.done();
    assert.equal(pipe.stderr, '');
  });

  it('colours text only on a TTY without NO_COLOR', async () => {
    assert.equal(useColor(false, {}), false);
    assert.equal(useColor(true, {}), true);
    assert.equal(useColor(true, { NO_COLOR: '1' }), false);
    assert.equal(useColor(true, { NO_COLOR: '' }), true);
    assert.equal(useColor(false, { FORCE_COLOR: '1' }), true);
    assert.equal(useColor(true, { TERM: 'dumb' }), false);
    const io = fakeIo(CLI_FIXTURES, { stdoutIsTTY: true });
    await main(['check', 'webapp-not-ml'], io);
    assert.match(io.stdout, /\u001b\[1m/);
    const json = fakeIo(CLI_FIXTURES, { stdoutIsTTY: true });
    await main(['check', 'webapp-not-ml', '--format', 'json'], json);
    assert.doesNotMatch(json.stdout, /\u001b/);
  });

  it('fails on findings at or above --fail-on', async () => {
    const report = await sampleReport();
    assert.equal(hasFindingsAtOrAbove(report, 'warning'), true);
    assert.equal(hasFindingsAtOrAbove(report, 'hint'), true);
    assert.equal(hasFindingsAtOrAbove(report, 'error'), false);
    assert.equal(hasFindingsAtOrAbove(report, 'never'), false);
  });

  it('lists rules and items, and usage lists every command', async () => {
    const io = fakeIo(CLI_FIXTURES);
    assert.equal(await main(['rules'], io), 0);
    assert.match(io.stdout, /^Rules \(\d+\)/);
    assert.match(io.stdout, /^Level checklist \(\d+ items\)/m);
    const json = fakeIo(CLI_FIXTURES);
    assert.equal(await main(['rules', '--format', 'json'], json), 0);
    const parsed = JSON.parse(json.stdout);
    assert.ok(Array.isArray(parsed.rules) && Array.isArray(parsed.items));
    assert.match(usage(), /explain +print the documentation/);
  });

  it('explains a rule by code or name, and a checklist item by id', async () => {
    assert.ok(ALL_RULES.length > 0 && LEVEL_ITEMS.length > 0);
    const { meta } = ALL_RULES[0];
    for (const key of [meta.code, meta.code.toLowerCase(), meta.name]) {
      const io = fakeIo(CLI_FIXTURES);
      assert.equal(await main(['explain', key], io), 0, key);
      assert.ok(io.stdout.startsWith(`${meta.code} ${meta.name}: ${meta.title}\n`), io.stdout);
      for (const heading of ['What it does', 'Why is this bad?', 'Example', 'Use instead', 'Fix safety'])
        assert.match(io.stdout, new RegExp(`^${heading.replace('?', '\\?')}$`, 'm'));
    }
    const md = fakeIo(CLI_FIXTURES);
    assert.equal(await main(['explain', meta.code, '--format', 'markdown'], md), 0);
    assert.match(md.stdout, /^## What it does$/m);
    const item = LEVEL_ITEMS[0];
    const io = fakeIo(CLI_FIXTURES);
    assert.equal(await main(['explain', item.id.toLowerCase()], io), 0);
    assert.ok(io.stdout.startsWith(`${item.id}: ${item.title}\n`));
    assert.ok(io.stdout.includes(item.why) && io.stdout.includes(item.detection));
  });
});
