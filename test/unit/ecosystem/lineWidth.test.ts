// scripts/lineWidth.mjs, the line-width check `npm run lint` runs after Biome, on a small tree of its own.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../../support/paths';

const SCRIPT = join(REPO_ROOT, 'scripts', 'lineWidth.mjs');

function checkTree(files: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const root = mkdtempSync(join(tmpdir(), 'mlcoach-width-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const run = spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const wide = (n: number) => `// ${'x'.repeat(n - 3)}`;

describe('line-width check', () => {
  it('passes 120 columns and fails 121, naming file and line, in src, test and scripts', () => {
    const ok = checkTree({ 'src/a.ts': `${wide(120)}\n`, 'scripts/b.mjs': 'const a = 1;\n' });
    assert.equal(ok.status, 0, ok.stderr);
    const bad = checkTree({
      'src/core/a.ts': `ok\n${wide(121)}\n`,
      'test/unit/b.test.ts': `${wide(130)}\r\nok\r\n`,
      'scripts/c.sh': `${wide(121)}\n`,
    });
    assert.equal(bad.status, 1);
    assert.deepEqual(bad.stderr.split('\n').slice(0, 3), [
      'scripts/c.sh:1: 121 columns',
      'src/core/a.ts:2: 121 columns',
      'test/unit/b.test.ts:1: 130 columns',
    ]);
    assert.match(bad.stderr, /3 lines over 120 columns/);
  });

  it('counts characters, not UTF-8 bytes', () => {
    assert.equal(checkTree({ 'src/a.ts': `// ${'█'.repeat(117)}\n` }).status, 0);
    assert.equal(checkTree({ 'src/a.ts': `// ${'█'.repeat(118)}\n` }).status, 1);
  });

  it('leaves out test fixtures, JSON, other folders and file types', () => {
    const run = checkTree({
      'test/fixtures/rules/a.py': `${wide(200)}\n`,
      'test/fixtures/x.ts': `${wide(200)}\n`,
      'test/ecosystem/labels.json': `${wide(200)}\n`,
      'docs/a.ts': `${wide(200)}\n`,
      'src/a.md': `${wide(200)}\n`,
    });
    assert.equal(run.status, 0, run.stderr);
  });
});
