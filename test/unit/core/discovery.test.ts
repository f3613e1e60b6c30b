import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compileExcludes, discoverFiles } from '../../../src/core/discovery/discover';
import { analyzeFolder } from '../../../src/core/analyze';
import { decodeText, webEncodingName } from '../../../src/core/fs/text';
import { MemoryFileSystem } from '../../../src/core/fs/memoryFileSystem';
import type { FileSystem } from '../../../src/core/fs/fileSystem';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';

/** Writes a tree of files under a fresh temporary folder. */
function tree(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'mlcoach-discovery-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const skippedAs = (skipped: Array<{ path: string; reason: string; detail?: string }>) =>
  Object.fromEntries(skipped.map((s) => [s.path, s.reason]));

describe('discovery', () => {
  const roots: string[] = [];
  after(() => {
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  });
  const disk = (files: Record<string, string | Uint8Array>) => {
    const r = tree(files);
    roots.push(r);
    return r;
  };

  it('honours nested .gitignore files with negations, and says what they left out', async () => {
    const root = disk({
      '.gitignore': 'data/\n*.log\n!keep.log\n/outputs\n*.ipynb\n!notebooks/*.ipynb\n',
      'data/raw.csv': 'a,b\n',
      'train.py': 'import sklearn\n',
      'run.log': 'x',
      'keep.log': 'x',
      'scratch.ipynb': '{}',
      'notebooks/eda.ipynb': '{}',
      'outputs/model.py': 'x = 1\n',
      'src/outputs/keep.py': 'x = 1\n',
      'src/.gitignore': 'generated_*.py\n!generated_keep.py\n',
      'src/generated_a.py': 'x = 1\n',
      'src/generated_keep.py': 'x = 1\n',
      'src/sub/debug.log': 'x',
    });
    const result = await discoverFiles(new NodeFileSystem(), root);
    assert.deepEqual(
      result.files.map((f) => f.path),
      [
        '.gitignore',
        'keep.log',
        'notebooks/eda.ipynb',
        'src/.gitignore',
        'src/generated_keep.py',
        'src/outputs/keep.py',
        'train.py',
      ],
    );
    assert.deepEqual(skippedAs(result.skipped), {
      data: 'ignored',
      outputs: 'ignored',
      'scratch.ipynb': 'ignored',
      'src/generated_a.py': 'ignored',
    });
    assert.equal(result.skipped.find((s) => s.path === 'src/generated_a.py')!.detail, 'src/.gitignore: generated_*.py');
    assert.equal(result.files.find((f) => f.path === 'train.py')!.size, 15);
  });

  it('leaves out built-in folders and virtualenvs found by pyvenv.cfg, whatever their name', async () => {
    const fs = new MemoryFileSystem({
      '/w/train.py': 'import torch\n',
      '/w/.git/config': '[core]\n',
      '/w/vendor/lib/.git': 'gitdir: ../../.git/modules/lib\n',
      '/w/vendor/lib/lib.py': '',
      '/w/node_modules/x/index.js': '',
      '/w/src/__pycache__/a.cpython-311.pyc': '',
      '/w/env/pyvenv.cfg': 'home = /usr/bin\n',
      '/w/env/lib/python3.11/site-packages/sklearn/__init__.py': '',
      '/w/tools/py311/conda-meta/history': '',
      '/w/tools/py311/lib/x.py': '',
      '/w/build/lib/pkg/model.py': '',
      '/w/pkg/build/__init__.py': '',
      '/w/pkg/build/steps.py': '',
      '/w/mlruns/0/meta.yaml': '',
      '/w/.dvc/config': '',
      '/w/.dvc/cache/ab/cdef': '',
    });
    const result = await discoverFiles(fs, '/w');
    assert.deepEqual(
      result.files.map((f) => f.path),
      ['.dvc/config', 'pkg/build/__init__.py', 'pkg/build/steps.py', 'train.py', 'vendor/lib/lib.py'],
    );
    assert.deepEqual(skippedAs(result.skipped), {
      build: 'excluded',
      env: 'excluded',
      mlruns: 'excluded',
      node_modules: 'excluded',
      'tools/py311': 'excluded',
    });
    assert.match(result.skipped.find((s) => s.path === 'env')!.detail!, /virtual environment/);
    assert.match(result.skipped.find((s) => s.path === 'tools/py311')!.detail!, /conda environment/);
  });

  it('applies .git/info/exclude at a repository root like a root .gitignore, naming it in the reason', async () => {
    const fs = new MemoryFileSystem({
      '/w/.git/HEAD': 'ref: refs/heads/main\n',
      '/w/.git/info/exclude':
        '# git ls-files --others --exclude-from=.git/info/exclude\n*.csv\n!keep.csv\nscratch/\nmy_notes.py\n',
      '/w/.gitignore': '*.log\n!my_notes.py\n',
      '/w/train.py': 'import sklearn\n',
      '/w/data.csv': 'a,b\n',
      '/w/keep.csv': 'a,b\n',
      '/w/data/raw/more.csv': 'a,b\n',
      '/w/run.log': 'x',
      '/w/scratch/try.py': 'x = 1\n',
      '/w/my_notes.py': 'x = 1\n',
      '/w/experiment.py': 'x = 1\n',
    });
    const result = await discoverFiles(fs, '/w');
    assert.deepEqual(
      result.files.map((f) => f.path),
      ['.gitignore', 'experiment.py', 'keep.csv', 'my_notes.py', 'train.py'],
    );
    assert.deepEqual(skippedAs(result.skipped), { scratch: 'ignored' });
    assert.equal(result.skipped[0].detail, '.git/info/exclude: scratch/');
  });

  it('walks as before without .git/info/exclude, or when .git is a worktree pointer or below the root', async () => {
    const fs = new MemoryFileSystem({
      '/a/.git/HEAD': 'ref: refs/heads/main\n',
      '/a/data.csv': 'a,b\n',
      '/b/.git': 'gitdir: /repo/.git/worktrees/b\n',
      '/b/data.csv': 'a,b\n',
      '/c/vendor/lib/.git/info/exclude': '*.py\n',
      '/c/vendor/lib/lib.py': '',
      '/c/vendor/lib/.git/HEAD': '',
      '/d/.git/info/exclude': '*.csv\n',
      '/d/data.csv': 'a,b\n',
    });
    for (const root of ['/a', '/b']) {
      const result = await discoverFiles(fs, root);
      assert.deepEqual(
        result.files.map((f) => f.path),
        ['data.csv'],
        root,
      );
      assert.deepEqual(result.skipped, [], root);
    }
    assert.deepEqual(
      (await discoverFiles(fs, '/c')).files.map((f) => f.path),
      ['vendor/lib/lib.py'],
    );
    assert.deepEqual(
      (await discoverFiles(fs, '/d', { useGitignore: false })).files.map((f) => f.path),
      ['data.csv'],
    );
    assert.deepEqual(
      (await discoverFiles(fs, '/d')).files.map((f) => f.path),
      [],
    );
  });

  it(
    'applies user globs: slash-less patterns at any depth, dir/** including the folder, each skip naming its ' +
      'pattern',
    async () => {
      const fs = new MemoryFileSystem({
        '/w/a.py': '',
        '/w/test/fixtures/bad/leak.py': '',
        '/w/test/unit/x.py': '',
        '/w/notebooks/old/scratch.ipynb': '',
        '/w/notebooks/main.ipynb': '',
        '/w/legacy/v1.py': '',
        '/w/src/legacy.py': '',
      });
      const result = await discoverFiles(fs, '/w', {
        exclude: ['test/fixtures/**', '*scratch*', 'legacy/', './notebooks/old'],
      });
      assert.deepEqual(
        result.files.map((f) => f.path),
        ['a.py', 'notebooks/main.ipynb', 'src/legacy.py', 'test/unit/x.py'],
      );
      assert.deepEqual(
        result.skipped.map((s) => [s.path, s.detail]),
        [
          ['legacy', "matches the exclude pattern 'legacy/'"],
          ['notebooks/old', "matches the exclude pattern 'notebooks/old'"],
          ['test/fixtures', "matches the exclude pattern 'test/fixtures/**'"],
        ],
      );
      const [dirOnly] = compileExcludes(['legacy/']);
      assert.equal(dirOnly.matches('legacy', false), false);
    },
  );

  it('terminates on symlink loops and reports them; a folder is walked once, under its real path', async () => {
    const root = disk({ 'pkg/model.py': 'x = 1\n', 'pkg/deep/a.py': 'y = 2\n' });
    symlinkSync('..', join(root, 'pkg', 'deep', 'up'));
    symlinkSync(join(root, 'pkg'), join(root, 'alias'));
    symlinkSync(join(root, 'nowhere'), join(root, 'broken'));
    symlinkSync(join(root, 'pkg', 'model.py'), join(root, 'model_link.py'));
    const result = await discoverFiles(new NodeFileSystem(), root);
    assert.deepEqual(
      result.files.map((f) => f.path),
      ['model_link.py', 'pkg/deep/a.py', 'pkg/model.py'],
    );
    assert.deepEqual(skippedAs(result.skipped), {
      alias: 'symlink-loop',
      broken: 'unreadable',
      'pkg/deep/up': 'symlink-loop',
    });
    assert.equal(result.files[0].size, 6);
  });

  it('stops at the file limit and says so once', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`/w/f${String(i).padStart(2, '0')}.py`] = '';
    for (let i = 0; i < 5; i++) files[`/w/zdata/part${i}/img.png`] = '';
    const listed: string[] = [];
    class Counting extends MemoryFileSystem {
      override async readDirectory(path: string) {
        listed.push(path);
        return super.readDirectory(path);
      }
    }
    const result = await discoverFiles(new Counting(files), '/w', { maxFiles: 10 });
    assert.equal(result.files.length, 10);
    assert.deepEqual(
      result.skipped.map((s) => [s.path, s.reason]),
      [['f10.py', 'limit']],
    );
    assert.deepEqual(listed, ['/w'], 'no folder is listed once the limit is reached');
    const exact = await discoverFiles(new MemoryFileSystem({ '/w/a.py': '', '/w/sub/b.py': '' }), '/w', {
      maxFiles: 1,
    });
    assert.deepEqual(
      exact.skipped.map((s) => [s.path, s.reason]),
      [['sub', 'limit']],
    );
  });

  it('reports an unreadable folder and file without stopping', async () => {
    class Flaky extends MemoryFileSystem {
      override async readDirectory(path: string) {
        if (path === '/w/locked') throw new Error("EACCES: permission denied, scandir '/w/locked'");
        return super.readDirectory(path);
      }
      override async readFile(path: string) {
        if (path === '/w/secret.py') throw new Error("EACCES: permission denied, open '/w/secret.py'");
        return super.readFile(path);
      }
    }
    const fs: FileSystem = new Flaky({
      '/w/train.py': 'import sklearn\n',
      '/w/secret.py': 'x = 1\n',
      '/w/locked/a.py': '',
    });
    const report = await analyzeFolder(fs, '/w');
    const project = report.projects[0];
    assert.deepEqual(
      project.skipped.map((s) => [s.path, s.reason, s.detail]),
      [
        ['locked', 'unreadable', "EACCES: permission denied, scandir '/w/locked'"],
        ['secret.py', 'unreadable', "EACCES: permission denied, open '/w/secret.py'"],
      ],
    );
  });

  it('skips large and binary files with the reason, and reads odd encodings', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('import sklearn\nx = "ü"\n', 'utf16le')]);
    const root = disk({
      'big.py': `x = 1\n${'#'.repeat(3000)}\n`,
      'blob.py': Buffer.from([0x69, 0x6d, 0x00, 0x01, 0x02]),
      'latin.py': Buffer.from('# -*- coding: latin-1 -*-\nname = "café"\n', 'latin1'),
      'legacy.py': Buffer.from('name = "caf\xe9 \x93quoted\x94"\n', 'latin1'),
      'wide.py': utf16,
      'bom.py': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('import sklearn\n')]),
      'requirements.txt': 'scikit-learn==1.4.1\n',
    });
    const report = await analyzeFolder(new NodeFileSystem(), root, { overrides: { maxFileSize: 2048 } });
    const project = report.projects[0];
    assert.deepEqual(
      project.skipped.map((s) => [s.path, s.reason, s.detail]),
      [
        ['big.py', 'too-large', '2.9 KB is over the 2.0 KB limit'],
        ['blob.py', 'binary', 'binary file'],
      ],
    );
    // A declared encoding is honoured silently; an undeclared non-UTF-8 file is read and the user told.
    assert.deepEqual(
      project.problems.map((p) => [p.path, p.message]),
      [['legacy.py', 'not valid UTF-8; read as windows-1252']],
    );
    assert.equal(project.isMlProject, true);
  });

  it('decodes BOMs, UTF-16 and coding cookies', () => {
    const bom = decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]));
    assert.deepEqual(bom, { ok: true, text: 'a', encoding: 'utf-8' });
    const be = decodeText(new Uint8Array([0xfe, 0xff, 0x00, 0x61, 0x00, 0x62]));
    assert.deepEqual(be, { ok: true, text: 'ab', encoding: 'utf-16be' });
    const cookie = decodeText(
      Buffer.from('#!/usr/bin/env python\n# vim: set fileencoding=iso8859_15 :\ns = "\xa4"\n', 'latin1'),
    );
    assert.ok(cookie.ok && cookie.text.includes('"€"') && cookie.encoding === 'iso-8859-15');
    const cp1252 = decodeText(Buffer.from('s = "\x93x\x94"\n', 'latin1'));
    assert.ok(cp1252.ok && cp1252.text === 's = "“x”"\n');
    assert.deepEqual(decodeText(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00])), {
      ok: false,
      reason: 'binary file',
    });
    assert.equal(webEncodingName('Latin_1'), 'iso-8859-1');
    assert.equal(webEncodingName('cp1252'), 'windows-1252');
  });
});
