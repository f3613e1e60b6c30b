import assert from 'node:assert/strict';
import { analyzeFolder, findProjectRoots } from '../../../src/core/analyze';
import { MemoryFileSystem } from '../../../src/core/fs/memoryFileSystem';

const roots = (...paths: string[]) => findProjectRoots(paths.map((path) => ({ path, size: 1 })));

describe('project roots', () => {
  it('a folder with a manifest at the top is one project, whatever is below', () => {
    assert.deepEqual(
      roots(
        'pyproject.toml',
        'src/app/main.py',
        'services/a/requirements.txt',
        'services/a/x.py',
        'services/b/setup.py',
        'services/b/y.py',
      ),
      [''],
    );
  });

  it('a monorepo of services is one project per service', () => {
    assert.deepEqual(
      roots(
        'README.md',
        'services/a/pyproject.toml',
        'services/a/src/a/train.py',
        'services/b/requirements.txt',
        'services/b/serve.py',
        '.github/workflows/ci.yml',
      ),
      ['services/a', 'services/b'],
    );
  });

  it('Python left outside the services makes the top folder a project too', () => {
    assert.deepEqual(
      roots(
        'scripts/release.py',
        'services/a/pyproject.toml',
        'services/a/a.py',
        'services/b/environment.yml',
        'services/b/b.ipynb',
      ),
      ['', 'services/a', 'services/b'],
    );
  });

  it('one sub-folder with a manifest stays one project, so top-level Docker and CI still count', () => {
    assert.deepEqual(
      roots('Dockerfile', '.github/workflows/ci.yml', 'app/requirements.txt', 'app/main.py', 'notebooks/eda.ipynb'),
      [''],
    );
  });

  it('nested manifests belong to the top-most one', () => {
    assert.deepEqual(
      roots(
        'ml/pyproject.toml',
        'ml/train.py',
        'ml/serving/requirements.txt',
        'ml/serving/app.py',
        'web/requirements.txt',
        'web/app.py',
      ),
      ['ml', 'web'],
    );
    assert.deepEqual(roots('ml/pyproject.toml', 'ml/train.py', 'ml/serving/requirements.txt', 'ml/serving/app.py'), [
      '',
    ]);
  });

  it('sub-folders of one Python package stay one project, whatever manifests each keeps', () => {
    assert.deepEqual(
      roots(
        'Dockerfile',
        'src/__init__.py',
        'src/conf/config.yaml',
        'src/training/Pipfile',
        'src/training/train.py',
        'src/prediction/Pipfile',
        'src/prediction/app.py',
        'tests/test_app.py',
      ),
      [''],
    );
    // Without the package's `__init__.py`, the same folders are services of a monorepo.
    assert.deepEqual(
      roots('src/training/Pipfile', 'src/training/train.py', 'src/prediction/Pipfile', 'src/prediction/app.py'),
      ['src/prediction', 'src/training'],
    );
  });

  it('manifests for docs, CI, tests or images, or with no code beside them, do not split a project', () => {
    assert.deepEqual(
      roots(
        'docs/requirements.txt',
        'docs/conf.py',
        'src/requirements.txt',
        'src/train.py',
        '.devcontainer/requirements.txt',
        'docker/requirements.txt',
        'tests/requirements.txt',
        'tests/test_a.py',
      ),
      [''],
    );
    assert.deepEqual(roots('infra/requirements.txt', 'infra/deploy.sh', 'model/requirements.txt', 'model/train.py'), [
      '',
    ]);
  });

  it('analyses each service of a monorepo with its own paths and configuration', async () => {
    const fs = new MemoryFileSystem({
      '/repo/services/churn/pyproject.toml': '[project]\nname = "churn"\ndependencies = ["scikit-learn==1.4.1"]\n',
      '/repo/services/churn/.mlcoach.yaml': 'exclude: [experiments/**]\n',
      '/repo/services/churn/train.py': 'from sklearn.linear_model import LogisticRegression\n',
      '/repo/services/churn/experiments/old.py': 'import torch\n',
      '/repo/services/gateway/requirements.txt': 'fastapi==0.110.0\n',
      '/repo/services/gateway/app.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
    });
    const report = await analyzeFolder(fs, '/repo');
    assert.deepEqual(
      report.projects.map((p) => [p.root, p.isMlProject, p.stats.pythonFiles]),
      [
        ['services/churn', true, 1],
        ['services/gateway', false, 1],
      ],
    );
    assert.deepEqual(report.projects[0].skipped, [
      { path: 'experiments/old.py', reason: 'excluded', detail: "matches the exclude pattern 'experiments/**'" },
    ]);
  });
});
