// `mlcoach check --fix / --unsafe-fixes / --diff` on copies of fixtures: what is written, what is only
// printed, the exit codes, and notebooks whose other bytes must not move.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { fakeIo } from '../cli/fakeIo';
import { FIXTURES } from '../../support/paths';
import { replaceCellSources } from '../../../src/core/fixes/notebookJson';
import { unifiedDiff } from '../../../src/core/fixes/unifiedDiff';
import { applyTextEdits } from '../../../src/core/fixes/textEdits';

/** A fresh copy of fixture files in a temporary folder. */
function copyOf(...files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlcoach-fix-'));
  for (const f of files) cpSync(join(FIXTURES, f), join(dir, f.split('/').pop()!), { recursive: true });
  return dir;
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => [join(e.parentPath, e.name).slice(dir.length + 1), readFileSync(join(e.parentPath, e.name), 'utf8')]),
  );
}

describe('check --fix, --unsafe-fixes, --diff', function () {
  this.timeout(30_000);

  it('--fix applies only safe fixes; --unsafe-fixes adds the others', async () => {
    const dir = copyOf('rules/ML301/bad_split_and_forest.py', 'rules/ML203/bad_knn_elbow.py');
    const io = fakeIo(dir);
    await main(['check', '.', '--fix', '--fail-on', 'never'], io);
    const after = snapshot(dir);
    assert.match(after['bad_split_and_forest.py'], /stratify=y, random_state=42\)/, 'the safe ML301 fix is applied');
    assert.doesNotMatch(after['bad_knn_elbow.py'], /X_val/, 'the unsafe ML203 fix waits for --unsafe-fixes');
    assert.match(io.stderr, /applied \d+ fix/);
    await main(['check', '.', '--fix', '--unsafe-fixes', '--fail-on', 'never'], fakeIo(dir));
    assert.match(
      snapshot(dir)['bad_knn_elbow.py'],
      /X_train, X_val, y_train, y_val = train_test_split\(X_train, y_train, test_size=0\.25, random_state=101\)/,
    );
  });

  it('--diff prints a unified diff that applies, changes nothing, and exits as check would', async () => {
    const dir = copyOf('rules/ML203/bad_knn_elbow.py', 'rules/ML503/bad_colab_story.ipynb');
    const before = snapshot(dir);
    const plain = fakeIo(dir);
    const plainCode = await main(['check', '.', '--fail-on', 'info'], plain);
    const io = fakeIo(dir);
    const code = await main(['check', '.', '--diff', '--unsafe-fixes', '--fail-on', 'info'], io);
    assert.equal(code, plainCode);
    assert.deepEqual(snapshot(dir), before, '--diff wrote to the files');
    assert.match(io.stdout, /^--- a\/bad_colab_story\.ipynb\n\+\+\+ b\/bad_colab_story\.ipynb\n@@ /m);
    assert.match(io.stdout, /^\+X_train, X_val, y_train, y_val = /m);
    const git = spawnSync('git', ['apply', '--check', '-'], { cwd: dir, input: io.stdout, encoding: 'utf8' });
    if (git.error === undefined) assert.equal(git.status, 0, git.stderr);
  });

  it('a notebook fix changes only the cells it must: outputs, metadata, other cells, layout are kept', async () => {
    const dir = copyOf('rules/ML203/bad_depth_loop.ipynb');
    const path = join(dir, 'bad_depth_loop.ipynb');
    const before = readFileSync(path, 'utf8');
    await main(['check', '.', '--fix', '--unsafe-fixes', '--fail-on', 'never'], fakeIo(dir));
    const after = readFileSync(path, 'utf8');
    assert.notEqual(after, before);
    const nbBefore = JSON.parse(before);
    const nbAfter = JSON.parse(after);
    const changed = nbBefore.cells
      .map((c: { source: string[] }, i: number) => JSON.stringify(c.source) !== JSON.stringify(nbAfter.cells[i].source))
      .map((x: boolean, i: number) => (x ? i : -1))
      .filter((i: number) => i >= 0);
    assert.ok(changed.length > 0);
    // Put the old sources back into the new text: every other byte must be the original's.
    const restored = replaceCellSources(
      after,
      new Map(changed.map((i: number) => [i, (nbBefore.cells[i].source as string[]).join('')])),
    );
    assert.equal(restored, before);
    for (let i = 0; i < nbBefore.cells.length; i++) {
      assert.deepEqual(
        { ...nbAfter.cells[i], source: null },
        { ...nbBefore.cells[i], source: null },
        `cell ${i} changed beyond its source`,
      );
    }
  });

  it('rejects --unsafe-fixes without --fix or --diff', async () => {
    const io = fakeIo(copyOf('rules/ML203/bad_knn_elbow.py'));
    assert.equal(await main(['check', '.', '--unsafe-fixes'], io), 2);
    assert.match(io.stderr, /--unsafe-fixes goes with --fix or --diff/);
  });
});

describe('fix building blocks', () => {
  it('rewrites a notebook cell in the layout of its source (a string, an array, an empty array)', () => {
    const text =
      '{\n' +
      ' "cells": [\n' +
      '  {\n' +
      '   "cell_type": "code",\n' +
      '   "source": "a = 1\\n",\n' +
      '   "outputs": []\n' +
      '  },\n' +
      '  {\n' +
      '   "cell_type": "code",\n' +
      '   "source": [\n' +
      '    "b = 2\\n",\n' +
      '    "c = 3"\n' +
      '   ]\n' +
      '  },\n' +
      '  {\n' +
      '   "cell_type": "code",\n' +
      '   "source": []\n' +
      '  }\n' +
      ' ],\n' +
      ' "nbformat": 4\n' +
      '}\n';
    const out = replaceCellSources(
      text,
      new Map([
        [0, 'a = 10\n'],
        [1, 'b = 2\nc = 30\nd = 4'],
        [2, 'e = 5\n'],
      ]),
    );
    assert.equal(
      out,
      '{\n' +
        ' "cells": [\n' +
        '  {\n' +
        '   "cell_type": "code",\n' +
        '   "source": "a = 10\\n",\n' +
        '   "outputs": []\n' +
        '  },\n' +
        '  {\n' +
        '   "cell_type": "code",\n' +
        '   "source": [\n' +
        '    "b = 2\\n",\n' +
        '    "c = 30\\n",\n' +
        '    "d = 4"\n' +
        '   ]\n' +
        '  },\n' +
        '  {\n' +
        '   "cell_type": "code",\n' +
        '   "source": [\n' +
        '    "e = 5\\n"\n' +
        '   ]\n' +
        '  }\n' +
        ' ],\n' +
        ' "nbformat": 4\n' +
        '}\n',
    );
    assert.deepEqual(
      JSON.parse(out).cells.map((c: { source: string | string[] }) =>
        Array.isArray(c.source) ? c.source.join('') : c.source,
      ),
      ['a = 10\n', 'b = 2\nc = 30\nd = 4', 'e = 5\n'],
    );
  });

  it('applies line/column edits, CRLF lines included, and refuses overlapping ones', () => {
    const r = (l: number, c: number, l2: number, c2: number) => ({
      path: 'f.py',
      startLine: l,
      startColumn: c,
      endLine: l2,
      endColumn: c2,
    });
    assert.equal(
      applyTextEdits('a = 1\r\nb = 2\r\n', [
        { range: r(2, 5, 2, 6), newText: '3' },
        { range: r(1, 1, 1, 1), newText: '# x\r\n' },
      ]),
      '# x\r\na = 1\r\nb = 3\r\n',
    );
    assert.throws(
      () =>
        applyTextEdits('abcdef', [
          { range: r(1, 1, 1, 4), newText: 'x' },
          { range: r(1, 3, 1, 5), newText: 'y' },
        ]),
      /overlapping/,
    );
  });

  it('writes unified diffs with correct hunk headers, new files and a missing final newline', () => {
    assert.equal(
      unifiedDiff('f.py', 'a\nb\nc\n', 'a\nB\nc\n'),
      '--- a/f.py\n+++ b/f.py\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n',
    );
    assert.equal(unifiedDiff('n.txt', undefined, 'x\n'), '--- /dev/null\n+++ b/n.txt\n@@ -0,0 +1,1 @@\n+x\n');
    assert.equal(
      unifiedDiff('f.py', 'a', 'b'),
      '--- a/f.py\n+++ b/f.py\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n',
    );
    assert.equal(unifiedDiff('f.py', 'same\n', 'same\n'), '');
  });
});
