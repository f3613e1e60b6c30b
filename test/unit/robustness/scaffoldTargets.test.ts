// A scaffold writes only inside its target folder. These trees commit links the way a cloned repository
// can (`tests`, `.github`, `config`, `src/<pkg>` pointing outside, a file linked to a path outside) and
// check that nothing appears outside, the plan says why, a read-only target writes nothing and fails,
// and existing files are left as they are.
import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { makeScaffoldCommand } from '../../../src/cli/scaffoldCommand';
import type { CliIo } from '../../../src/cli/command';
import { NODE_WRITER, type TargetWriter, linkRefusal, writePlan } from '../../../src/node/scaffoldTarget';

function io(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: {
      out: (s) => (out += s),
      err: (s) => (err += s),
      stdoutIsTTY: false,
      stderrIsTTY: false,
      env: {},
      cwd: process.cwd(),
    },
    out: () => out,
    err: () => err,
  };
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = io();
  const code = await main(argv, r.io);
  return { code, out: r.out(), err: r.err() };
}

/** Every path under `dir`, relative, sorted (links listed, not followed). */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      out.push(`${prefix}${e.name}`);
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
    }
  };
  walk(dir, '');
  return out.sort();
}

const TRAIN =
  'import pandas as pd\n' +
  'from sklearn.linear_model import LogisticRegression\n' +
  'df = pd.read_csv("data/train.csv")\n' +
  'y = df["label"]\n' +
  'LogisticRegression().fit(df.drop(columns=["label"]), y)\n';

describe('scaffolds never write outside their target', function () {
  this.timeout(30_000);
  let base: string;
  let target: string;
  let outside: string;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'mlcoach-target-'));
    target = join(base, 'project');
    outside = join(base, 'outside');
    mkdirSync(target);
    mkdirSync(outside);
    writeFileSync(join(outside, 'keep.txt'), 'outside\n');
    writeFileSync(join(target, 'train.py'), TRAIN);
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  const linkedFolders: Array<{ scaffold: string; link: string; extra?: () => void }> = [
    { scaffold: 'tests', link: 'tests' },
    { scaffold: 'ci', link: '.github' },
    { scaffold: 'config', link: 'config' },
    { scaffold: 'ci', link: '.github/workflows', extra: () => mkdirSync(join(target, '.github')) },
  ];
  for (const c of linkedFolders) {
    it(`${c.scaffold}: a '${c.link}' link to a folder outside is refused, in the preview and in the run`, async () => {
      c.extra?.();
      symlinkSync(outside, join(target, c.link));
      const preview = await run('scaffold', c.scaffold, target, '--dry-run');
      assert.equal(preview.code, 0, preview.err);
      assert.match(
        preview.out,
        new RegExp(
          `skipped {2}${c.link.replace('.', '\\.')}/\\S+ \\(refused: '${c.link.replace('.', '\\.')}' is a link ` +
            `to .*outside, outside the target folder\\)`,
        ),
      );
      const r = await run('scaffold', c.scaffold, target);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /refused: .* outside the target folder/);
      assert.deepEqual(tree(outside), ['keep.txt'], 'something was written outside the target');
    });
  }

  it('src/<pkg>: a package folder linked outside is refused; the files that stay inside are written', async () => {
    writeFileSync(join(target, 'pyproject.toml'), '[project]\nname = "churn"\n');
    mkdirSync(join(target, 'src'));
    writeFileSync(join(outside, '__init__.py'), '');
    symlinkSync(outside, join(target, 'src', 'churn'));
    const r = await run('scaffold', 'split', target);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /refused: 'src\/churn' is a link to .*outside/);
    assert.deepEqual(tree(outside), ['__init__.py', 'keep.txt']);
  });

  it('a link to the parent folder (`tests -> ..`) is outside too', async () => {
    symlinkSync('..', join(target, 'tests'));
    const r = await run('scaffold', 'tests', target);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /refused: 'tests' is a link to /);
    assert.ok(!existsSync(join(base, 'conftest.py')));
  });

  it('a file linked outside, existing or dangling, is never written through', async () => {
    writeFileSync(join(target, 'requirements.txt'), 'fastapi\n');
    symlinkSync(join(outside, 'Dockerfile'), join(target, 'Dockerfile')); // dangling
    symlinkSync(join(outside, 'keep.txt'), join(target, '.dockerignore')); // existing
    const r = await run('scaffold', 'dockerfile', target);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /skipped {2}Dockerfile \((refused: 'Dockerfile' is a link|exists)/);
    assert.match(r.out, /skipped {2}\.dockerignore \((refused: '\.dockerignore' is a link|exists)/);
    assert.deepEqual(tree(outside), ['keep.txt']);
    assert.equal(readFileSync(join(outside, 'keep.txt'), 'utf8'), 'outside\n');
  });

  it('a link to a folder inside the target is followed', async () => {
    mkdirSync(join(target, 'qa'));
    symlinkSync('qa', join(target, 'tests'));
    assert.equal(linkRefusal(target, 'tests/conftest.py'), undefined);
    const result = writePlan(target, { files: [{ path: 'tests/conftest.py', content: '' }], skipped: [], notes: [] });
    assert.equal(result.error, undefined);
    assert.deepEqual(result.plan.skipped, []);
    assert.ok(existsSync(join(target, 'qa', 'conftest.py')));
  });

  it('a target reached through a link is fine: only links below it are judged', async () => {
    const alias = join(base, 'alias');
    symlinkSync(target, alias);
    const r = await run('scaffold', 'config', alias);
    assert.equal(r.code, 0, r.err);
    assert.ok(existsSync(join(target, 'config', 'train.yaml')));
  });

  it('a read-only target writes nothing and exits 2 with one line on stderr', async () => {
    const refusing: TargetWriter = {
      ...NODE_WRITER,
      checkWritable: () => {
        throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
      },
    };
    const before = tree(target);
    const r = io();
    const code = await makeScaffoldCommand(refusing).run(['split', target], r.io);
    assert.equal(code, 2);
    assert.match(r.err(), /^mlcoach: cannot write in .*project: read-only file system; nothing was created\n$/);
    assert.match(r.out(), /nothing to create/);
    assert.deepEqual(tree(target), before);
  });

  it(
    'a folder without write permission on disk writes nothing and exits 2 (skipped as root, which may write ' +
      'anyway)',
    async function () {
      if (process.platform === 'win32' || process.getuid?.() === 0) this.skip();
      chmodSync(target, 0o555);
      try {
        const before = tree(target);
        const r = await run('scaffold', 'split', target);
        assert.equal(r.code, 2);
        assert.match(r.err, /^mlcoach: cannot write in .*project: permission denied; nothing was created\n$/);
        assert.deepEqual(tree(target), before);
      } finally {
        chmodSync(target, 0o755);
      }
    },
  );

  it('a write that fails half way stops there, names what was created and exits 2', async () => {
    let writes = 0;
    const failing: TargetWriter = {
      ...NODE_WRITER,
      createFile: (path, content) => {
        if (++writes === 2) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        NODE_WRITER.createFile(path, content);
      },
    };
    const r = io();
    const code = await makeScaffoldCommand(failing).run(['tests', target], r.io);
    assert.equal(code, 2);
    assert.match(r.err(), /^mlcoach: cannot write \S+: no space left on device \(created before the failure: \S+\)\n$/);
  });

  it('writePlan never overwrites: a file that appeared after planning is skipped', () => {
    writeFileSync(join(target, 'late.py'), 'mine\n');
    const result = writePlan(target, { files: [{ path: 'late.py', content: 'theirs\n' }], skipped: [], notes: [] });
    assert.equal(result.error, undefined);
    assert.deepEqual(result.plan.skipped, [{ path: 'late.py', reason: 'exists' }]);
    assert.equal(readFileSync(join(target, 'late.py'), 'utf8'), 'mine\n');
  });

  it('a relative path that climbs out is refused', () => {
    assert.match(linkRefusal(target, '../x.py') ?? '', /leaves the target folder/);
  });
});
