import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FORMATS, renderReport } from '../../../src/cli/checkCommand';
import { analyzeFolder } from '../../../src/core/analyze';
import type { FileSystem, ReadLimit } from '../../../src/core/fs/fileSystem';
import type { ParseCache } from '../../../src/core/project/build';
import type { WorkspaceReport } from '../../../src/core/model/report';
import { userCacheDir } from '../../../src/node/cacheDir';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';
import { DiskReportCache } from '../../../src/node/reportCache';
import { FIXTURES } from '../../support/paths';

/** A NodeFileSystem that counts file reads per path. */
function countingFs(): FileSystem & { reads: string[] } {
  const inner = new NodeFileSystem();
  const fs = {
    reads: [] as string[],
    readDirectory: (p: string) => inner.readDirectory(p),
    stat: (p: string) => inner.stat(p),
    realPath: (p: string) => inner.realPath(p),
    readFile: (p: string, limit?: ReadLimit) => {
      fs.reads.push(p);
      return inner.readFile(p, limit);
    },
  };
  return fs;
}

function rendered(report: WorkspaceReport): string[] {
  return FORMATS.map((format) => renderReport(report, format, { color: false, levelOnly: false, pathPrefix: '' }));
}

describe('the report cache of the command line', function () {
  this.timeout(30_000);
  let tmp: string;
  let cacheDir: string;

  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'mlcoach-report-cache-'));
    cacheDir = join(tmp, 'cache');
    cpSync(join(FIXTURES, 'projects', 'monorepo'), join(tmp, 'monorepo'), { recursive: true });
    cpSync(join(FIXTURES, 'cli', 'leaky-project'), join(tmp, 'leaky-project'), { recursive: true });
    cpSync(join(FIXTURES, 'projects', 'system-of-services'), join(tmp, 'system-of-services'), { recursive: true });
  });

  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  for (const folder of ['monorepo', 'leaky-project']) {
    it(`gives byte-identical reports in every format with and without the cache (${folder})`, async () => {
      const root = join(tmp, folder);
      const fresh = rendered(await analyzeFolder(new NodeFileSystem(), root));
      const first = rendered(
        await analyzeFolder(new NodeFileSystem(), root, { reports: new DiskReportCache(cacheDir) }),
      );
      const fs = countingFs();
      const second = rendered(await analyzeFolder(fs, root, { reports: new DiskReportCache(cacheDir) }));
      assert.deepEqual(first, fresh);
      assert.deepEqual(second, fresh);
      assert.ok(readdirSync(join(cacheDir, 'reports')).length > 0, 'nothing was stored');
    });
  }

  // Separate projects (monorepo) and one system (system-of-services): the roll-up's decision and the whole
  // system's report come from the cache too, not from parsing the folder again.
  for (const folder of ['monorepo', 'system-of-services']) {
    it(`parses nothing in a second run of an unchanged multi-project folder (${folder})`, async () => {
      const root = join(tmp, folder);
      const fresh = await analyzeFolder(new NodeFileSystem(), root);
      assert.ok(fresh.system, 'a folder of several projects');
      await analyzeFolder(new NodeFileSystem(), root, { reports: new DiskReportCache(cacheDir) });
      const parsed: string[] = [];
      const counting: ParseCache = {
        get: (key, _text, make) => {
          parsed.push(key);
          return make(undefined);
        },
      };
      const fs = countingFs();
      const second = await analyzeFolder(fs, root, { reports: new DiskReportCache(cacheDir), cache: counting });
      assert.deepEqual(rendered(second), rendered(fresh));
      assert.deepEqual(parsed, [], 'every report and the roll-up came from the cache');
      // Read only to check their hashes: once for their part's report, and again for the whole system's.
      const most = second.system?.oneSystem ? 2 : 1;
      for (const path of new Set(fs.reads)) assert.ok(fs.reads.filter((p) => p === path).length <= most, path);
    });
  }

  it('analyses again only the project of an edited file, and gives what a fresh run gives', async () => {
    const root = join(tmp, 'monorepo');
    // Every file checked by its hash, however long ago it last changed (see the next test).
    const byHash = () => new DiskReportCache(cacheDir, undefined, Number.POSITIVE_INFINITY);
    await analyzeFolder(new NodeFileSystem(), root, { reports: byHash() });
    // A leak added to the forecasting project: its report changes, the web project's is reused.
    appendFileSync(
      join(root, 'forecasting', 'src', 'forecasting', 'features.py'),
      '\n' +
        'import pandas as pd\n' +
        'from sklearn.preprocessing import StandardScaler\n' +
        'from sklearn.model_selection import train_test_split\n' +
        'df = pd.read_csv("d.csv")\n' +
        'X = StandardScaler().fit_transform(df)\n' +
        'X_train, X_test = train_test_split(X)\n',
    );
    const fs = countingFs();
    const cached = await analyzeFolder(fs, root, { reports: byHash() });
    const fresh = await analyzeFolder(new NodeFileSystem(), root);
    assert.deepEqual(rendered(cached), rendered(fresh));
    const webMain = join(root, 'web', 'main.py').split('\\').join('/');
    assert.equal(
      fs.reads.filter((p) => p === webMain).length,
      1,
      'the web project is checked (one read for its hash), not analysed again',
    );
    const features = join(root, 'forecasting', 'src', 'forecasting', 'features.py').split('\\').join('/');
    assert.equal(fs.reads.filter((p) => p === features).length, 1, 'its size changed: analysed at once');
  });

  it('reads no file whose size, inode and times are unchanged, and reads an edited one', async () => {
    const root = join(tmp, 'monorepo');
    // No racy window: every file copied in beforeEach already counts as settled.
    const byMetadata = () => new DiskReportCache(cacheDir, undefined, 0);
    const fresh = rendered(await analyzeFolder(new NodeFileSystem(), root));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await analyzeFolder(new NodeFileSystem(), root, { reports: byMetadata() });
    const unchanged = countingFs();
    assert.deepEqual(rendered(await analyzeFolder(unchanged, root, { reports: byMetadata() })), fresh);
    assert.ok(!unchanged.reads.some((p) => p.endsWith('.py')), 'no Python file read');
    const features = join(root, 'forecasting', 'src', 'forecasting', 'features.py');
    appendFileSync(features, '\nfrom sklearn.preprocessing import StandardScaler\n');
    const edited = countingFs();
    const after = rendered(await analyzeFolder(edited, root, { reports: byMetadata() }));
    assert.deepEqual(after, rendered(await analyzeFolder(new NodeFileSystem(), root)));
    assert.equal(
      edited.reads.filter((p) => p === features.split('\\').join('/')).length,
      1,
      'its size changed: analysed at once',
    );
    assert.ok(!edited.reads.some((p) => p.endsWith('/web/main.py')), 'the other project is not read');
  });

  it('notices an edit that keeps the size of the file', async () => {
    const root = join(tmp, 'leaky-project');
    const train = join(root, 'train.py');
    const before = rendered(
      await analyzeFolder(new NodeFileSystem(), root, { reports: new DiskReportCache(cacheDir) }),
    );
    const text = readFileSync(train, 'utf8');
    // Fitting on the test rows instead, in as many bytes.
    const edited = text.replace('model.fit(X_train, y_train)', 'model.fit(X_test , y_test )');
    assert.equal(edited.length, text.length);
    assert.notEqual(edited, text);
    writeFileSync(train, edited);
    const fs = countingFs();
    const cached = await analyzeFolder(fs, root, { reports: new DiskReportCache(cacheDir) });
    assert.deepEqual(rendered(cached), rendered(await analyzeFolder(new NodeFileSystem(), root)));
    assert.notDeepEqual(rendered(cached), before, 'the edit changes the report');
    assert.equal(
      fs.reads.filter((p) => p === train.split('\\').join('/')).length,
      2,
      'hashed, found changed, analysed',
    );
  });

  it('survives a damaged or deleted cache: the run analyses again', async () => {
    const root = join(tmp, 'leaky-project');
    const fresh = rendered(await analyzeFolder(new NodeFileSystem(), root));
    await analyzeFolder(new NodeFileSystem(), root, { reports: new DiskReportCache(cacheDir) });
    for (const name of readdirSync(join(cacheDir, 'reports')))
      writeFileSync(join(cacheDir, 'reports', name), '{"key": "cut sho');
    assert.deepEqual(
      rendered(await analyzeFolder(new NodeFileSystem(), root, { reports: new DiskReportCache(cacheDir) })),
      fresh,
    );
    rmSync(cacheDir, { recursive: true, force: true });
    assert.deepEqual(
      rendered(await analyzeFolder(new NodeFileSystem(), root, { reports: new DiskReportCache(cacheDir) })),
      fresh,
    );
  });

  it('reuses nothing across builds of the tool', async () => {
    const root = join(tmp, 'leaky-project');
    await analyzeFolder(new NodeFileSystem(), root, { reports: new DiskReportCache(cacheDir, 'build-a') });
    const fs = countingFs();
    await analyzeFolder(fs, root, { reports: new DiskReportCache(cacheDir, 'build-b') });
    const train = join(root, 'train.py').split('\\').join('/');
    assert.equal(fs.reads.filter((p) => p === train).length, 1, 'analysed afresh: read once, for the analysis');
  });

  it('lives in MLCOACH_CACHE_DIR, else XDG_CACHE_HOME, else the platform cache folder', () => {
    assert.equal(userCacheDir({ MLCOACH_CACHE_DIR: '/c/m', XDG_CACHE_HOME: '/x' }, 'linux', '/home/u'), '/c/m');
    assert.equal(userCacheDir({ XDG_CACHE_HOME: '/x' }, 'linux', '/home/u'), join('/x', 'mlcoach'));
    assert.equal(userCacheDir({}, 'linux', '/home/u'), join('/home/u', '.cache', 'mlcoach'));
    assert.equal(userCacheDir({}, 'darwin', '/Users/u'), join('/Users/u', 'Library', 'Caches', 'mlcoach'));
  });
});
