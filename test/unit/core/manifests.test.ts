import assert from 'node:assert/strict';
import { readManifests } from '../../../src/core/manifests/read';
import type { Dependency, Manifest } from '../../../src/core/manifests/manifest';
import { parseRequirement, isPinnedSpecifier } from '../../../src/core/manifests/requirement';
import { parseCondaSpec } from '../../../src/core/manifests/condaSpec';
import { isPoetryPin } from '../../../src/core/manifests/pyproject';
import { parseCfg } from '../../../src/core/manifests/setupCfg';
import { pythonFileUnit } from '../../../src/core/python/unit';
import type { FileProblem } from '../../../src/core/project/model';
import { ConfigError, loadConfig } from '../../../src/core/config/load';

function read(files: Record<string, string>, problems: FileProblem[] = []): Manifest[] {
  const texts = new Map<string, string>();
  const python = [];
  for (const [path, text] of Object.entries(files)) {
    if (path.endsWith('.py')) python.push(pythonFileUnit(path, text));
    else texts.set(path, text);
  }
  return readManifests(
    { texts, python, files: Object.keys(files).map((path) => ({ path, size: files[path].length })) },
    problems,
  );
}

function only(files: Record<string, string>): Manifest {
  const problems: FileProblem[] = [];
  const ms = read(files, problems);
  assert.deepEqual(problems, []);
  assert.equal(ms.length, 1, `expected one manifest, got ${ms.map((m) => `${m.path} (${m.kind})`).join(', ')}`);
  return ms[0];
}

/** name → [specifier, pinned, line] for compact comparisons. */
function table(deps: Dependency[]): Record<string, [string, boolean, number | undefined]> {
  return Object.fromEntries(deps.map((d) => [d.name, [d.specifier, d.pinned, d.line]]));
}

describe('manifests', () => {
  describe('PEP 508 requirement strings', () => {
    it('reads names, extras, specifiers, markers and direct references', () => {
      assert.deepEqual(parseRequirement('Scikit_Learn[alldeps] >= 1.3, <2 ; python_version >= "3.9"'), {
        name: 'scikit-learn',
        specifier: '>= 1.3, <2',
        extras: ['alldeps'],
        marker: 'python_version >= "3.9"',
        pinned: false,
      });
      const direct = parseRequirement(
        'torch @ https://download.pytorch.org/whl/cu121/torch-2.1.0%2Bcu121-cp311-cp311-linux_x86_64.whl ; ' +
          'sys_platform == "linux"',
      );
      assert.equal(direct?.pinned, true);
      assert.equal(direct?.marker, 'sys_platform == "linux"');
      assert.equal(parseRequirement('pkg @ git+https://github.com/org/pkg.git@main')?.pinned, false);
      assert.equal(parseRequirement('pkg @ git+https://github.com/org/pkg.git@3f2a9c1d')?.pinned, true);
      assert.equal(parseRequirement('numpy (==1.26.4)')?.pinned, true);
      assert.equal(parseRequirement('this is not a requirement'), undefined);
    });

    it('counts only exact versions as pins', () => {
      assert.equal(isPinnedSpecifier('==1.2.3'), true);
      assert.equal(isPinnedSpecifier('===1.2.3'), true);
      assert.equal(isPinnedSpecifier('>=1.0,==1.2.3'), true);
      assert.equal(isPinnedSpecifier('==1.2.*'), false);
      assert.equal(isPinnedSpecifier('~=1.2'), false);
      assert.equal(isPinnedSpecifier('>=1.2'), false);
      assert.equal(isPinnedSpecifier(''), false);
    });
  });

  describe('requirements files', () => {
    it('handles comments, options, hashes, markers, extras, URLs and continuation lines', () => {
      const m = only({
        'requirements.txt': [
          '# ML deps',
          '--index-url https://pypi.org/simple',
          '--extra-index-url https://download.pytorch.org/whl/cu121',
          'numpy==1.26.4  # pinned for the cluster',
          'pandas>=2.0',
          'scikit-learn',
          'requests[socks,security]==2.31.0',
          'tomli==2.0.1; python_version < "3.11"',
          'xgboost==2.0.3 \\',
          '    --hash=sha256:aaaa \\',
          '    --hash=sha256:bbbb',
          '-e git+https://github.com/org/internal-lib.git@0123abcd#egg=internal_lib',
          '-e .',
          './vendor/localpkg',
          'https://files.pythonhosted.org/packages/x/lightgbm-4.3.0-py3-none-manylinux_2_28_x86_64.whl',
          '--pre',
          'torch==2.1.0+cu118 -f https://download.pytorch.org/whl/torch_stable.html',
          'pywin32==306; platform_system == "Windows" --hash=sha256:cccc',
          '',
        ].join('\n'),
      });
      assert.equal(m.kind, 'requirements');
      assert.deepEqual(table(m.dependencies), {
        numpy: ['==1.26.4', true, 4],
        pandas: ['>=2.0', false, 5],
        'scikit-learn': ['', false, 6],
        requests: ['==2.31.0', true, 7],
        tomli: ['==2.0.1', true, 8],
        xgboost: ['==2.0.3', true, 9],
        'internal-lib': ['@ git+https://github.com/org/internal-lib.git@0123abcd#egg=internal_lib', true, 12],
        lightgbm: [
          '@ https://files.pythonhosted.org/packages/x/lightgbm-4.3.0-py3-none-manylinux_2_28_x86_64.whl',
          true,
          15,
        ],
        torch: ['==2.1.0+cu118', true, 17],
        pywin32: ['==306', true, 18],
      });
      assert.equal(m.dependencies.find((d) => d.name === 'pywin32')!.marker, 'platform_system == "Windows"');
      const req = m.dependencies.find((d) => d.name === 'requests')!;
      assert.deepEqual(req.extras, ['socks', 'security']);
      assert.equal(m.dependencies.find((d) => d.name === 'tomli')!.marker, 'python_version < "3.11"');
      assert.equal(m.dependencies.find((d) => d.name === 'internal-lib')!.editable, true);
      assert.ok(m.dependencies.every((d) => !d.dev));
    });

    it('follows -r includes whatever their name, resolves -c constraints, and marks dev files', () => {
      const ms = read({
        'requirements.txt': '-r requirements/base.txt\n',
        'requirements/base.txt': '-c ../constraints.txt\nnumpy\npandas>=2\n',
        'requirements/dev.txt': '-r base.txt\npytest\n',
        'constraints.txt': 'numpy==1.26.4\n',
        'dev-requirements.txt': '--requirement=extra.txt\nruff==0.4.0\n',
        'extra.txt': 'mypy\n',
        'requirements-latest.txt': 'torch\n',
      });
      const byPath = new Map(ms.map((m) => [m.path, m]));
      assert.deepEqual(
        [...byPath.keys()],
        [
          'dev-requirements.txt',
          'extra.txt',
          'requirements-latest.txt',
          'requirements.txt',
          'requirements/base.txt',
          'requirements/dev.txt',
        ],
      );
      assert.deepEqual(byPath.get('requirements.txt')!.includes, ['requirements/base.txt']);
      const base = byPath.get('requirements/base.txt')!;
      assert.deepEqual(base.constraints, ['constraints.txt']);
      assert.deepEqual(
        base.dependencies.map((d) => [d.name, d.pinned, d.pinnedBy]),
        [
          ['numpy', true, 'constraints.txt'],
          ['pandas', false, undefined],
        ],
      );
      assert.deepEqual(byPath.get('requirements/dev.txt')!.includes, ['requirements/base.txt']);
      assert.equal(byPath.get('requirements/dev.txt')!.dependencies[0].dev, true);
      assert.equal(byPath.get('dev-requirements.txt')!.dependencies[0].dev, true);
      assert.equal(byPath.get('extra.txt')!.kind, 'requirements');
      // "latest" holds the letters of "test" but is not a test file.
      assert.equal(byPath.get('requirements-latest.txt')!.dependencies[0].dev, false);
    });

    it('records pip-compile and uv output as lock files', () => {
      const pipCompile = only({
        'requirements.txt':
          '#\n' +
          '# This file is autogenerated by pip-compile with Python 3.11\n' +
          '# by the following command:\n' +
          '#\n' +
          '#    pip-compile requirements.in\n' +
          '#\n' +
          'joblib==1.3.2\n' +
          '    # via scikit-learn\n' +
          'numpy==1.26.4\n' +
          '    # via\n' +
          '    #   pandas\n',
      });
      assert.equal(pipCompile.kind, 'lockfile');
      assert.equal(pipCompile.tool, 'pip-compile');
      assert.deepEqual(table(pipCompile.dependencies), { joblib: ['==1.3.2', true, 7], numpy: ['==1.26.4', true, 9] });
      const uv = only({
        'requirements.txt':
          '# This file was autogenerated by uv via the following command:\n' +
          '#    uv pip compile pyproject.toml -o requirements.txt\n' +
          'numpy==1.26.4\n',
      });
      assert.equal(uv.tool, 'uv');
      const rye = only({ 'requirements-dev.lock': '# generated by rye\n-e file:.\nnumpy==1.26.4\n' });
      assert.equal(rye.kind, 'lockfile');
      assert.equal(rye.tool, 'rye');
      assert.equal(rye.dependencies.length, 1);
    });

    it('reads `conda list --export` output saved as requirements.txt', () => {
      const m = only({
        'requirements.txt': [
          '# This file may be used to create an environment using:',
          '# $ conda create --name <env> --file <this file>',
          '# platform: linux-64',
          '_libgcc_mutex=0.1=main',
          'numpy=1.21.2=py38h20f2e39_0',
          'python=3.8.12=h12debd9_0',
          'pytorch=1.11.0=py3.8_cuda11.3_cudnn8.2.0_0',
          'scikit-learn=1.0.2',
          'tqdm',
        ].join('\n'),
      });
      assert.equal(m.kind, 'requirements');
      assert.deepEqual(table(m.dependencies), {
        _libgcc_mutex: ['=0.1=main', true, 4],
        numpy: ['=1.21.2=py38h20f2e39_0', true, 5],
        pytorch: ['=1.11.0=py3.8_cuda11.3_cudnn8.2.0_0', true, 7],
        'scikit-learn': ['=1.0.2', true, 8],
        tqdm: ['', false, 9],
      });
      assert.ok(m.dependencies.every((d) => d.installer === 'conda'));
    });

    it('records `conda list --explicit` output as a lock file', () => {
      const m = only({
        'requirements.txt':
          '# platform: linux-64\n' +
          '@EXPLICIT\n' +
          'https://conda.anaconda.org/conda-forge/linux-64/numpy-1.26.4-py311h64a7726_0.conda' +
          '#a502d7aad449a1206efb366d6a12c52d\n' +
          'https://repo.anaconda.com/pkgs/main/linux-64/python-3.11.5-h955ad1f_0.conda\n',
      });
      assert.equal(m.kind, 'lockfile');
      assert.equal(m.tool, 'conda');
      assert.deepEqual(table(m.dependencies), { numpy: ['=1.26.4=py311h64a7726_0', true, 3] });
    });

    it('does not take one conda-style typo in a pip file for a conda export', () => {
      const m = only({ 'requirements.txt': 'numpy==1.26.4\npandas==2.2.0\nscikit-learn=1.4.1\n' });
      assert.deepEqual(Object.keys(table(m.dependencies)), ['numpy', 'pandas']);
    });

    it('reads CRLF files and does not take a stray line for a dependency', () => {
      const m = only({ 'requirements.txt': 'numpy==1.26.4\r\n<<<<<<< HEAD\r\npandas\r\n' });
      assert.deepEqual(Object.keys(table(m.dependencies)), ['numpy', 'pandas']);
      assert.equal(m.dependencies[1].line, 3);
    });
  });

  describe('pyproject.toml', () => {
    it('reads PEP 621 dependencies, optional dependencies and PEP 735 groups with lines', () => {
      const text = [
        '[build-system]',
        'requires = ["hatchling"]',
        '',
        '[project]',
        'name = "churn-model"',
        'requires-python = ">=3.10"',
        'dependencies = [',
        '  "numpy==1.26.4",',
        '  "pandas>=2.1",',
        "  'scikit-learn~=1.4',",
        ']',
        '',
        '[project.optional-dependencies]',
        'serve = ["fastapi==0.110.0"]',
        'dev = [',
        '  "pytest>=8",',
        ']',
        '',
        '[dependency-groups]',
        'lint = ["ruff==0.4.0", {include-group = "dev"}]',
        '',
        '[tool.ruff]',
        'line-length = 100',
      ].join('\n');
      const m = only({ 'pyproject.toml': text });
      assert.equal(m.kind, 'pyproject-pep621');
      assert.equal(m.python, '>=3.10');
      assert.deepEqual(
        m.dependencies.map((d) => [d.name, d.specifier, d.pinned, d.line, d.dev, d.group]),
        [
          ['numpy', '==1.26.4', true, 8, false, undefined],
          ['pandas', '>=2.1', false, 9, false, undefined],
          ['scikit-learn', '~=1.4', false, 10, false, undefined],
          ['fastapi', '==0.110.0', true, 14, false, 'serve'],
          ['pytest', '>=8', false, 16, true, 'dev'],
          ['ruff', '==0.4.0', true, 20, true, 'lint'],
        ],
      );
    });

    it('reads Poetry dependencies and groups: ^ and ~ are not pins, "1.2.3" is', () => {
      const text = [
        '[tool.poetry]',
        'name = "fraud-detector"',
        '',
        '[tool.poetry.dependencies]',
        'python = "^3.10"',
        'numpy = "1.26.4"',
        'pandas = "^2.1"',
        'scikit-learn = "~1.4"',
        'torch = { version = "2.1.0", source = "pytorch" }',
        'mylib = { git = "https://github.com/org/mylib.git", rev = "a1b2c3d" }',
        'shared = { path = "../shared", develop = true }',
        'xgboost = [',
        '  { version = "2.0.3", python = "<3.12" },',
        '  { version = "^2.0", python = ">=3.12" },',
        ']',
        '"zope.interface" = "*"',
        '',
        '[tool.poetry.group.dev.dependencies]',
        'pytest = "==8.0.0"',
        '',
        '[tool.poetry.dev-dependencies]',
        'black = "24.1.0"',
      ].join('\n');
      const m = only({ 'pyproject.toml': text });
      assert.equal(m.kind, 'pyproject-poetry');
      assert.equal(m.python, '^3.10');
      assert.deepEqual(table(m.dependencies), {
        numpy: ['1.26.4', true, 6],
        pandas: ['^2.1', false, 7],
        'scikit-learn': ['~1.4', false, 8],
        torch: ['2.1.0', true, 9],
        mylib: ['@ git+https://github.com/org/mylib.git@a1b2c3d', true, 10],
        xgboost: ['2.0.3 | ^2.0', false, 12],
        'zope-interface': ['*', false, 16],
        black: ['24.1.0', true, 22],
        pytest: ['==8.0.0', true, 19],
      });
      assert.deepEqual(
        m.dependencies.filter((d) => d.dev).map((d) => d.name),
        ['black', 'pytest'],
      );
      assert.equal(isPoetryPin('>=1.2,<2'), false);
      assert.equal(isPoetryPin('1.2.*'), false);
      assert.equal(isPoetryPin('2.0.0rc1'), true);
    });

    it('points at a Poetry dependency written as its own sub-table', () => {
      const m = only({
        'pyproject.toml':
          '[tool.poetry]\n' +
          'name = "x"\n\n' +
          '[tool.poetry.dependencies]\n' +
          'python = "^3.11"\n\n' +
          '[tool.poetry.dependencies.torch]\n' +
          'version = "2.1.0"\n' +
          'source = "pytorch"\n',
      });
      assert.deepEqual(table(m.dependencies), { torch: ['2.1.0', true, 7] });
    });

    it('reads a Poetry 2 project from [project] alone when [tool.poetry] holds only packaging settings', () => {
      const m = only({
        'pyproject.toml':
          '[project]\n' +
          'name = "x"\n' +
          'dependencies = ["torch (>=2.1,<3.0)"]\n\n' +
          '[tool.poetry]\n' +
          'packages = [{ include = "x", from = "src" }]\n',
      });
      assert.equal(m.kind, 'pyproject-pep621');
      assert.deepEqual(table(m.dependencies), { torch: ['>=2.1,<3.0', false, 3] });
    });

    it('gives no manifest for a pyproject.toml with only tool settings', () => {
      assert.deepEqual(read({ 'pyproject.toml': '[tool.black]\nline-length = 100\n' }), []);
    });

    it('reports a malformed pyproject.toml with its line, and goes on with the other manifests', () => {
      const problems: FileProblem[] = [];
      const ms = read(
        { 'pyproject.toml': '[project]\nname = "x"\ndependencies = [\n  "numpy",\n', 'requirements.txt': 'numpy\n' },
        problems,
      );
      assert.deepEqual(
        ms.map((m) => m.path),
        ['requirements.txt'],
      );
      assert.equal(problems.length, 1);
      assert.equal(problems[0].path, 'pyproject.toml');
      assert.match(problems[0].message, /^not valid TOML: /);
      assert.equal(typeof problems[0].line, 'number');
    });
  });

  describe('setup.cfg and setup.py', () => {
    it('reads setup.cfg install_requires continuation lines and extras', () => {
      const m = only({
        'setup.cfg': [
          '[metadata]',
          'name = mypkg',
          '',
          '[options]',
          'python_requires = >=3.9',
          'install_requires =',
          '    numpy==1.26.4',
          '    pandas>=2  # data frames',
          '    scikit-learn; python_version>="3.9"',
          '',
          '[options.extras_require]',
          'test =',
          '    pytest',
          'gpu = cupy-cuda12x==13.0.0',
          '',
          '[flake8]',
          'max-line-length = 100',
        ].join('\n'),
      });
      assert.equal(m.kind, 'setup.cfg');
      assert.equal(m.python, '>=3.9');
      assert.deepEqual(
        m.dependencies.map((d) => [d.name, d.pinned, d.line, d.dev, d.group]),
        [
          ['numpy', true, 7, false, undefined],
          ['pandas', false, 8, false, undefined],
          ['scikit-learn', false, 9, false, undefined],
          ['pytest', false, 13, true, 'test'],
          ['cupy-cuda12x', true, 14, false, 'gpu'],
        ],
      );
    });

    it('gives no manifest for a setup.cfg that only configures tools', () => {
      assert.deepEqual(read({ 'setup.cfg': '[flake8]\nmax-line-length = 100\n[tool:pytest]\naddopts = -q\n' }), []);
      assert.equal(
        parseCfg('[options]\ninstall_requires =\n  a\n  b\n').get('options')!.get('install_requires')!.values.length,
        2,
      );
    });

    it('reads setup.py install_requires through the syntax tree, following names and +', () => {
      const m = only({
        'setup.py': [
          'from setuptools import setup, find_packages',
          '',
          '# install_requires=["not-this"] in a comment is not a dependency',
          'BASE = [',
          '    "numpy==1.26.4",',
          '    "pandas>=2",',
          ']',
          'EXTRA = {"dev": ["pytest"], "gpu": ["cupy==13.0.0"]}',
          'setup(',
          '    name="pkg",',
          '    packages=find_packages(),',
          '    python_requires=">=3.9",',
          '    install_requires=BASE + ["scikit-learn"],',
          '    extras_require=EXTRA,',
          '    long_description="install_requires=[\'nope\']",',
          ')',
        ].join('\n'),
      });
      assert.equal(m.kind, 'setup.py');
      assert.equal(m.python, '>=3.9');
      assert.deepEqual(
        m.dependencies.map((d) => [d.name, d.pinned, d.line, d.dev]),
        [
          ['numpy', true, 5, false],
          ['pandas', false, 6, false],
          ['scikit-learn', false, 13, false],
          ['pytest', false, 8, true],
          ['cupy', true, 8, false],
        ],
      );
    });

    it('leaves computed install_requires alone rather than guessing', () => {
      const m = only({
        'setup.py':
          'import setuptools\n' +
          'with open("requirements.txt") as f:\n' +
          '    reqs = f.read().splitlines()\n' +
          'setuptools.setup(name="x", install_requires=reqs)\n',
      });
      assert.deepEqual(m.dependencies, []);
      assert.deepEqual(read({ 'tools/setup.py': 'def setup(app):\n    app.add_css_file("x.css")\n' }), []);
    });
  });

  describe('conda environment files', () => {
    it('reads conda specs and the nested pip list with lines', () => {
      const m = only({
        'environment.yml': [
          'name: ml',
          'channels:',
          '  - conda-forge',
          'dependencies:',
          '  - python=3.11',
          '  - numpy=1.26.4',
          '  - pandas',
          '  - scikit-learn=1.4',
          '  - conda-forge::pytorch==2.1.0',
          '  - cudatoolkit 11.8.0 h6a678d5_0',
          '  - matplotlib>=3.8',
          '  - pip',
          '  - pip:',
          '    - mlflow==2.10.0',
          '    - -r requirements-extra.txt',
          '    - evidently',
        ].join('\n'),
      });
      assert.equal(m.kind, 'environment.yml');
      assert.equal(m.python, '=3.11');
      assert.deepEqual(
        m.dependencies.map((d) => [d.name, d.pinned, d.line, d.installer]),
        [
          ['numpy', true, 6, 'conda'],
          ['pandas', false, 7, 'conda'],
          ['scikit-learn', false, 8, 'conda'],
          ['pytorch', true, 9, 'conda'],
          ['cudatoolkit', true, 10, 'conda'],
          ['matplotlib', false, 11, 'conda'],
          ['mlflow', true, 14, 'pip'],
          ['evidently', false, 16, 'pip'],
        ],
      );
    });

    it('parses conda match specs', () => {
      assert.deepEqual(parseCondaSpec('numpy=1.26.4=py311h64a7726_0'), {
        name: 'numpy',
        specifier: '=1.26.4=py311h64a7726_0',
        pinned: true,
      });
      assert.equal(parseCondaSpec('numpy=1.26.*')?.pinned, false);
      assert.equal(parseCondaSpec("numpy[version='>=1.26']")?.specifier, '>=1.26');
      assert.equal(parseCondaSpec('numpy>=1.26,<2')?.pinned, false);
    });

    it('reports broken YAML with its line, and ignores YAML that is not an environment', () => {
      const problems: FileProblem[] = [];
      assert.deepEqual(read({ 'environment.yml': 'dependencies:\n  - numpy\n - pandas: [\n' }, problems), []);
      assert.equal(problems.length, 1);
      assert.match(problems[0].message, /^not valid YAML/);
      assert.equal(typeof problems[0].line, 'number');
      assert.deepEqual(read({ 'conda.yaml': 'name: just-a-name\n' }), []);
    });
  });

  describe('Pipfile and lock files', () => {
    it('reads Pipfile packages: * is unpinned, == is pinned', () => {
      const m = only({
        Pipfile: [
          '[[source]]',
          'url = "https://pypi.org/simple"',
          'name = "pypi"',
          '',
          '[packages]',
          'numpy = "==1.26.4"',
          'pandas = "*"',
          'requests = {version = "==2.31.0", extras = ["socks"]}',
          '',
          '[dev-packages]',
          'pytest = "*"',
          '',
          '[requires]',
          'python_version = "3.11"',
        ].join('\n'),
      });
      assert.equal(m.kind, 'Pipfile');
      assert.equal(m.python, '3.11');
      assert.deepEqual(table(m.dependencies), {
        numpy: ['==1.26.4', true, 6],
        pandas: ['', false, 7],
        requests: ['==2.31.0', true, 8],
        pytest: ['', false, 11],
      });
      assert.equal(m.dependencies.find((d) => d.name === 'pytest')!.dev, true);
    });

    it('records poetry.lock, uv.lock, Pipfile.lock and conda-lock.yml as lock files', () => {
      const ms = read({
        'poetry.lock':
          '[[package]]\n' +
          'name = "numpy"\n' +
          'version = "1.26.4"\n' +
          'description = ""\n' +
          'optional = false\n' +
          'python-versions = ">=3.9"\n\n' +
          '[metadata]\n' +
          'lock-version = "2.0"\n',
        'uv.lock':
          'version = 1\n\n' +
          '[[package]]\n' +
          'name = "myproj"\n' +
          'version = "0.1.0"\n' +
          'source = { editable = "." }\n\n' +
          '[[package]]\n' +
          'name = "scikit-learn"\n' +
          'version = "1.4.1"\n' +
          'source = { registry = "https://pypi.org/simple" }\n',
        'Pipfile.lock': JSON.stringify({
          _meta: {},
          default: { numpy: { version: '==1.26.4' } },
          develop: { pytest: { version: '==8.0.0' } },
        }),
        'conda-lock.yml':
          'version: 1\n' +
          'package:\n' +
          '  - name: numpy\n' +
          '    version: 1.26.4\n' +
          '    manager: conda\n' +
          '    platform: linux-64\n' +
          '  - name: numpy\n' +
          '    version: 1.26.4\n' +
          '    manager: conda\n' +
          '    platform: osx-arm64\n',
      });
      assert.deepEqual(
        ms.map((m) => [
          m.path,
          m.kind,
          m.tool,
          m.dependencies.map((d) => `${d.name}${d.specifier}${d.dev ? ' (dev)' : ''}`),
        ]),
        [
          ['Pipfile.lock', 'lockfile', 'pipenv', ['numpy==1.26.4', 'pytest==8.0.0 (dev)']],
          ['conda-lock.yml', 'lockfile', 'conda-lock', ['numpy==1.26.4']],
          ['poetry.lock', 'lockfile', 'poetry', ['numpy==1.26.4']],
          ['uv.lock', 'lockfile', 'uv', ['scikit-learn==1.4.1']],
        ],
      );
      assert.ok(ms.every((m) => m.dependencies.every((d) => d.pinned)));
    });

    it('still records a lock file it did not read (too large)', () => {
      const ms = readManifests({ texts: new Map(), files: [{ path: 'uv.lock', size: 9_000_000 }] });
      assert.deepEqual(ms, [{ path: 'uv.lock', kind: 'lockfile', tool: 'uv', dependencies: [] }]);
    });

    it('reports a malformed Pipfile.lock', () => {
      const problems: FileProblem[] = [];
      assert.deepEqual(read({ 'Pipfile.lock': '{"default": {' }, problems), []);
      assert.equal(problems[0].path, 'Pipfile.lock');
      assert.match(problems[0].message, /^not valid JSON/);
    });
  });
});

describe('manifests and configuration on damaged input', () => {
  const samples: Record<string, string> = {
    'pyproject.toml':
      '[project]\n' +
      'name = "x"\n' +
      'dependencies = [\n' +
      '  "numpy==1.2",\n' +
      '  "pandas>=2; python_version<\'3.9\'",\n' +
      ']\n' +
      '[tool.poetry.dependencies]\n' +
      'torch = { version = "2.1", extras = ["x"] }\n' +
      'x = [{version="1"},{version="^2"}]\n' +
      '[tool.mlcoach]\n' +
      'exclude = ["a"]\n' +
      '[tool.mlcoach.severity]\n' +
      'ML101 = "off"\n',
    'environment.yml':
      'name: x\n' +
      'dependencies:\n' +
      '  - numpy=1.2.3\n' +
      '  - pip:\n' +
      '    - torch==2\n' +
      '    - -r req.txt\n' +
      '  - {pip: 3}\n' +
      '  - [1, 2]\n' +
      '  - 42\n',
    Pipfile: '[packages]\nnumpy = "*"\nx = {git = "y", ref = "abc"}\n[dev-packages]\npytest = {version = "==1"}\n',
    'setup.cfg': '[options]\ninstall_requires =\n  numpy\n  pandas\n[options.extras_require]\ndev = pytest\n',
    'requirements.txt': '-r other.txt\n-c c.txt\nnumpy==1 \\\n --hash=sha256:x\n-e git+https://x/y.git@abc#egg=y\n',
    'Pipfile.lock': '{"default": {"numpy": {"version": "==1"}}, "develop": []}',
    'conda-lock.yml': 'package:\n  - name: numpy\n    version: 1\n  - 3\n',
    '.mlcoach.yaml': 'exclude: [a]\nseverity: {ML101: off}\ntarget-level: 2\n',
    'setup.py':
      'from setuptools import setup\nR = ["a", "b"]\nsetup(install_requires=R + ["c"], extras_require={"d": R})\n',
  };

  it('never throws on any truncation or a stray character: a problem or a ConfigError at most', () => {
    let cases = 0;
    for (const [name, text] of Object.entries(samples)) {
      // Every fifth position keeps the suite fast and still cuts inside every token kind of the samples.
      for (let cut = 0; cut <= text.length; cut += 5) {
        for (const damaged of [text.slice(0, cut), `${text.slice(0, cut)}"${text.slice(cut + 1)}`]) {
          cases++;
          if (name === '.mlcoach.yaml' || name === 'pyproject.toml') {
            try {
              loadConfig((p) => (p === name ? damaged : undefined));
            } catch (e) {
              assert.ok(e instanceof ConfigError, `${name} cut at ${cut}: ${String(e)}`);
            }
          }
          if (name === '.mlcoach.yaml') continue;
          assert.doesNotThrow(() => read({ [name]: damaged }), `${name} cut at ${cut}`);
        }
      }
    }
    assert.ok(cases > 300);
  });
});
