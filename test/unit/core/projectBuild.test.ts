import assert from 'node:assert/strict';
import { analyzeFolder } from '../../../src/core/analyze';
import { buildProject, createParseCache } from '../../../src/core/project/build';
import { discoverFiles } from '../../../src/core/discovery/discover';
import { DEFAULT_CONFIG } from '../../../src/core/config/config';
import { MemoryFileSystem } from '../../../src/core/fs/memoryFileSystem';

async function model(files: Record<string, string | Uint8Array>) {
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([p, c]) => [`/w/${p}`, c])));
  const walk = await discoverFiles(fs, '/w');
  return buildProject(fs, '/w', '', walk.files, walk.skipped, walk.hasGit, DEFAULT_CONFIG);
}

describe('project model: manifests and problems', () => {
  it('reads a requirements.txt that PowerShell wrote as UTF-16 (pip freeze > requirements.txt)', async () => {
    const text = 'numpy==1.26.4\r\npandas==2.2.0\r\nscikit-learn==1.4.1\r\n';
    const m = await model({
      'requirements.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      'train.py': 'import sklearn\n',
    });
    assert.deepEqual(
      m.manifests.map((x) => [x.path, x.dependencies.map((d) => `${d.name}${d.specifier}`)]),
      [['requirements.txt', ['numpy==1.26.4', 'pandas==2.2.0', 'scikit-learn==1.4.1']]],
    );
  });

  it('reads manifests in sub-folders and setup.py from the parsed Python', async () => {
    const m = await model({
      'requirements/base.txt': 'numpy==1.26.4\n',
      'requirements/dev.txt': '-r base.txt\npytest==8.0.0\n',
      'setup.py': 'from setuptools import setup\nsetup(name="x", install_requires=["numpy"])\n',
      'uv.lock': 'version = 1\n[[package]]\nname = "numpy"\nversion = "1.26.4"\n',
    });
    assert.deepEqual(
      m.manifests.map((x) => [x.path, x.kind]),
      [
        ['requirements/base.txt', 'requirements'],
        ['requirements/dev.txt', 'requirements'],
        ['setup.py', 'setup.py'],
        ['uv.lock', 'lockfile'],
      ],
    );
  });

  it('a malformed manifest is a problem in the report, never a crash', async () => {
    const fs = new MemoryFileSystem({
      '/w/pyproject.toml': '[project]\nname = "churn"\ndependencies = [\n  "scikit-learn==1.4.1"\n  "pandas"\n]\n',
      '/w/environment.yml': 'name: ml\ndependencies:\n  - numpy\n\t- pandas\n',
      '/w/Pipfile': '[packages]\nnumpy = \n',
      '/w/requirements.txt': '\u0000\u0001garbage',
      '/w/train.py': 'import sklearn\n',
    });
    const report = await analyzeFolder(fs, '/w');
    const [project] = report.projects;
    assert.deepEqual(
      project.problems.map((p) => [p.path, p.line, p.message.replace(/:.*/, '')]),
      [
        ['Pipfile', 2, 'not valid TOML'],
        ['environment.yml', 4, 'not valid YAML'],
        ['pyproject.toml', 5, 'not valid TOML'],
      ],
    );
    assert.deepEqual(
      project.skipped.map((s) => [s.path, s.reason]),
      [['requirements.txt', 'binary']],
    );
  });

  it("keeps Lezer's trees only for a session that re-parses (the editor's parse cache)", async () => {
    const files = {
      'train.py': 'import pandas as pd\ndf = pd.read_csv("d.csv")\n',
      'eda.ipynb': JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: [{ cell_type: 'code', source: 'x = 1', metadata: {}, outputs: [], execution_count: 1 }],
      }),
    };
    const once = await model(files);
    assert.equal(once.python.length, 2);
    for (const u of once.python) assert.equal(u.module.lezer, undefined, u.path);
    assert.ok(once.python.find((u) => u.kind === 'notebook')!.cellModules!.every((m) => m.lezer === undefined));

    const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([p, c]) => [`/w/${p}`, c])));
    const walk = await discoverFiles(fs, '/w');
    const session = await buildProject(
      fs,
      '/w',
      '',
      walk.files,
      walk.skipped,
      walk.hasGit,
      DEFAULT_CONFIG,
      createParseCache(),
    );
    assert.ok(session.python.find((u) => u.kind === 'module')!.module.lezer);
    assert.ok(session.python.find((u) => u.kind === 'notebook')!.cellModules!.every((m) => m.lezer));
    // Same trees either way.
    assert.deepEqual(
      session.python.map((u) => u.module.body),
      once.python.map((u) => u.module.body),
    );
  });
});
