import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { SCAFFOLDS } from '../../../src/core/scaffold/registry';
import { scaffoldFixture } from './projects';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    out: (s) => (out += s),
    err: (s) => (err += s),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: {},
    cwd: process.cwd(),
  });
  return { code, out, err };
}

describe('mlcoach scaffold', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlcoach-cli-'));
    cpSync(scaffoldFixture('titanic-notebook'), dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('--list names every scaffold with its level', async () => {
    const r = await run('scaffold', '--list');
    assert.equal(r.code, 0);
    for (const s of SCAFFOLDS) assert.match(r.out, new RegExp(`^  ${s.id} +L${s.level}  `, 'm'));
  });

  it('--dry-run prints the plan and writes nothing', async () => {
    const r = await run('scaffold', 'split', dir, '--dry-run');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /would create {2}split\.py/);
    assert.match(r.out, /Target column 'Survived'/);
    assert.ok(!existsSync(join(dir, 'split.py')));
  });

  it('writes the files, then skips them on a second run without touching them', async () => {
    const first = await run('scaffold', 'config', dir);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /created {2}config\/train\.yaml/);
    writeFileSync(join(dir, 'config/train.yaml'), '# edited by hand\n');
    const second = await run('scaffold', 'config', dir);
    assert.equal(second.code, 0);
    assert.match(second.out, /skipped {2}config\/train\.yaml \(exists\)/);
    assert.match(second.out, /nothing to create/);
    assert.equal(readFileSync(join(dir, 'config/train.yaml'), 'utf8'), '# edited by hand\n');
  });

  it('never overwrites a git-ignored file that discovery did not list', async () => {
    writeFileSync(join(dir, '.gitignore'), 'Dockerfile\n');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM mine\n');
    const r = await run('scaffold', 'dockerfile', dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /skipped {2}Dockerfile \(exists\)/);
    assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), 'FROM mine\n');
    assert.ok(existsSync(join(dir, '.dockerignore')));
  });

  it('exits 2 with a one-line message for an unknown scaffold, a missing id or a missing folder', async () => {
    const unknown = await run('scaffold', 'kubernetes', dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown scaffold 'kubernetes'; one of: split, /);
    assert.equal((await run('scaffold')).code, 2);
    const missing = await run('scaffold', 'split', join(dir, 'nope'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /is not a folder/);
  });
});
