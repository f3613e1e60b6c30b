// Builds the CLI bundle and runs `node dist/cli.js` as a user or a CI job would.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, REPO_ROOT } from '../../support/paths';
import { reportValidator } from '../../support/reportSchema';
import { sarifValidator } from '../format/sarifSchema';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const CLI_FIXTURES = join(FIXTURES, 'cli');

const cache = new Map<string, { code: number | null; stdout: string; stderr: string }>();

/** Runs the CLI; runs of the same arguments in the fixtures folder are shared between tests to keep the suite fast. */
function run(args: string[], cwd = CLI_FIXTURES, env: Record<string, string> = {}) {
  const key = cwd === CLI_FIXTURES && !Object.keys(env).length ? args.join('\u0000') : undefined;
  if (key && cache.has(key)) return cache.get(key)!;
  const result = spawnCli(args, cwd, env);
  if (key) cache.set(key, result);
  return result;
}

function spawnCli(args: string[], cwd: string, env: Record<string, string>) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('mlcoach CLI (built, end to end)', function () {
  this.timeout(60_000);

  before(() => {
    const build = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs')], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    assert.equal(build.status, 0, build.stderr);
  });

  it('prints a text report of a non-ML web app and exits 0, without colour in a pipe', () => {
    const r = run(['check', 'webapp-not-ml']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ML Coach \d+\.\d+\.\d+ · .*webapp-not-ml$/m);
    assert.match(r.stdout, /Not an ML project/);
    assert.match(
      r.stdout.trimEnd().split('\n').pop()!,
      /^not an ML project · no findings · \d+ files \(2 Python, 0 notebooks\)$/,
    );
    assert.doesNotMatch(r.stdout, /\u001b\[/);
    assert.equal(r.stderr, '');
  });

  it('colours the text report when FORCE_COLOR is set, never with NO_COLOR', () => {
    assert.match(run(['check', 'webapp-not-ml'], CLI_FIXTURES, { FORCE_COLOR: '1' }).stdout, /\u001b\[1m/);
    assert.doesNotMatch(
      run(['check', 'webapp-not-ml'], CLI_FIXTURES, { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout,
      /\u001b\[/,
    );
  });

  it('writes JSON that validates against docs/report-schema.json', () => {
    for (const folder of ['webapp-not-ml', 'leaky-project']) {
      const r = run(['check', folder, '--format', 'json', '--fail-on', 'never']);
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout);
      const validate = reportValidator();
      const valid: boolean = validate(report);
      assert.ok(valid, `${folder}: ${JSON.stringify(validate.errors)}`);
      assert.equal(report.root, join(CLI_FIXTURES, folder).replace(/\\/g, '/'));
    }
    const leaky = JSON.parse(run(['check', 'leaky-project', '--format', 'json', '--fail-on', 'never']).stdout);
    assert.equal(leaky.projects[0].isMlProject, true);
    assert.equal(leaky.projects[0].stats.notebooks, 1);
  });

  it('writes SARIF that validates against the official 2.1.0 schema', () => {
    for (const folder of ['webapp-not-ml', 'leaky-project']) {
      const r = run(['check', folder, '--format', 'sarif', '--fail-on', 'never']);
      assert.equal(r.code, 0, r.stderr);
      const log = JSON.parse(r.stdout);
      const validate = sarifValidator();
      const valid: boolean = validate(log);
      assert.ok(valid, `${folder}: ${JSON.stringify(validate.errors)}`);
      assert.equal(log.runs[0].tool.driver.name, 'ML Coach');
    }
  });

  it('writes a Markdown report', () => {
    const r = run(['check', 'leaky-project', '--format', 'markdown', '--fail-on', 'never']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^## ML Coach report$/m);
    assert.match(r.stdout, /\| Level \| Title \| Met \| Score \| Reached \|/);
  });

  it('exits 1 when a finding is at or above --fail-on, 0 below it or with --level-only', () => {
    // train.py calls train_test_split without a random_state: at least an info finding (ML301).
    const json = JSON.parse(run(['check', 'leaky-project', '--format', 'json', '--fail-on', 'never']).stdout);
    const severities: string[] = json.projects[0].findings.map((f: { severity: string }) => f.severity);
    assert.ok(severities.length > 0, 'the leaky project has findings');
    assert.ok(!severities.includes('error'));
    const failing = run(['check', 'leaky-project', '--fail-on', 'info']);
    assert.equal(failing.code, 1, failing.stderr);
    assert.match(failing.stdout, /train\.py:\d+:\d+ /);
    assert.equal(run(['check', 'leaky-project', '--fail-on', 'error']).code, 0);
    assert.equal(run(['check', 'leaky-project', '--fail-on', 'info', '--level-only']).code, 0);
    assert.equal(run(['check', 'leaky-project', '--format', 'sarif', '--fail-on', 'hint']).code, 1);
  });

  it('exits 2 with a single line for usage errors', () => {
    const cases: string[][] = [['check', '--format', 'xml'], ['check', 'nowhere'], ['lint'], ['check', '--bogus']];
    for (const args of cases) {
      const r = run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^mlcoach: /);
    }
  });

  it('exits 2 with one line naming file, key and line for an invalid configuration', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlcoach-e2e-'));
    try {
      cpSync(join(CLI_FIXTURES, 'leaky-project'), dir, { recursive: true });
      writeFileSync(join(dir, '.mlcoach.yaml'), 'exclude:\n  - data/**\ntarget-level: 9\n');
      for (const format of ['text', 'json', 'sarif']) {
        const r = run(['check', dir, '--format', format]);
        assert.equal(r.code, 2, r.stdout);
        assert.equal(r.stdout, '');
        assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
        assert.match(r.stderr, /^mlcoach: invalid configuration: \.mlcoach\.yaml:3: target-level: /);
      }
      const debug = run(['check', dir, '--debug']);
      assert.equal(debug.code, 2);
      assert.match(debug.stderr, /^mlcoach: invalid configuration: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints the version and lists the rules', () => {
    const v = run(['--version']);
    assert.equal(v.code, 0);
    assert.match(v.stdout, /^\d+\.\d+\.\d+\n$/);
    const rules = run(['rules']);
    assert.equal(rules.code, 0);
    assert.match(rules.stdout, /^Rules \(\d+\)/);
    // The bundle behind the launcher runs the command once when started on its own too.
    const direct = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cliMain.js'), '--version'], {
      encoding: 'utf8',
    });
    assert.equal(direct.stdout, v.stdout);
  });
});
