import assert from 'node:assert/strict';
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
    for (const c of COMMANDS) assert.ok(help.stdout.split('\n').some((l) => l.startsWith(`  ${c.name} `) && l.endsWith(c.summary)), c.name);
    const checkHelp = fakeIo(CLI_FIXTURES);
    assert.equal(await main(['check', '--help'], checkHelp), 0);
    assert.match(checkHelp.stdout, /--fail-on <sev>/);
  });

  it('exits 2 with one line for usage mistakes', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /^Usage: mlcoach <command>/],
      [['frobnicate'], /^mlcoach: unknown command 'frobnicate' \(commands: check, rules, explain/],
      [['check', '--format', 'xml'], /^mlcoach: --format must be one of text, json, sarif, markdown \(got 'xml'\)\n$/],
      [['check', '--fail-on', 'loud'], /^mlcoach: --fail-on must be one of error, warning, info, hint, never \(got 'loud'\)\n$/],
      [['check', '--colour'], /^mlcoach: Unknown option '--colour'/],
      [['check', 'no-such-folder'], /^mlcoach: no such folder: no-such-folder\n$/],
      [['check', 'leaky-project/train.py'], /^mlcoach: leaky-project\/train\.py is a file; give the project folder that holds it\n$/],
      [['check', 'a', 'b'], /^mlcoach: check takes one folder, got 2: a b\n$/],
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
      for (const heading of ['What it does', 'Why is this bad?', 'Example', 'Use instead', 'Fix safety']) assert.match(io.stdout, new RegExp(`^${heading.replace('?', '\\?')}$`, 'm'));
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
