import assert from 'node:assert/strict';
import { ConfigError, loadConfig, parseSize } from '../../../src/core/config/load';
import { DEFAULT_CONFIG } from '../../../src/core/config/config';
import { readFolderConfig } from '../../../src/core/analyze';
import { MemoryFileSystem } from '../../../src/core/fs/memoryFileSystem';

const RULES = [
  { code: 'ML101', name: 'preprocessing-leakage' },
  { code: 'ML301', name: 'unseeded-randomness' },
  { code: 'ML505', name: 'very-long-cell' },
];

function load(files: Record<string, string>) {
  return loadConfig((p) => files[p], { knownRules: RULES });
}

function configError(files: Record<string, string>): ConfigError {
  try {
    load(files);
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a ConfigError');
}

describe('project configuration', () => {
  it('uses the defaults when there is no configuration', () => {
    assert.deepEqual(load({}), DEFAULT_CONFIG);
    assert.deepEqual(load({ 'pyproject.toml': '[project]\nname = "x"\n' }), DEFAULT_CONFIG);
    assert.equal(load({ '.mlcoach.yaml': '' }).source, '.mlcoach.yaml');
  });

  it('reads every key from .mlcoach.yaml, kebab or snake case', () => {
    const kebab = load({
      '.mlcoach.yaml': [
        'exclude:',
        '  - "data/**"',
        '  - legacy/',
        'disable: [ML505, unseeded-randomness]',
        'severity:',
        '  ML101: error',
        '  very-long-cell: off',
        'target-level: 3',
        'max-file-size: 5MB',
        'max-notebook-size: 10MB',
      ].join('\n'),
    });
    assert.deepEqual(kebab, {
      exclude: ['data/**', 'legacy/'],
      disable: ['ML505', 'unseeded-randomness'],
      severity: { ML101: 'error', 'very-long-cell': 'off' },
      targetLevel: 3,
      maxFileSize: 5 * 1024 * 1024,
      maxNotebookSize: 10 * 1024 * 1024,
      source: '.mlcoach.yaml',
    });
    const snake = load({ '.mlcoach.yml': 'target_level: 2\nmax_file_size: 1000\nmax_notebook_size: 4000\n' });
    assert.equal(snake.maxNotebookSize, 4000);
    assert.equal(snake.targetLevel, 2);
    assert.equal(snake.maxFileSize, 1000);
    assert.equal(snake.source, '.mlcoach.yml');
  });

  it('reads [tool.mlcoach] from pyproject.toml, with a severity sub-table', () => {
    const config = load({
      'pyproject.toml': [
        '[project]',
        'name = "x"',
        '',
        '[tool.mlcoach]',
        'exclude = ["notebooks/scratch/**"]',
        'target_level = 2',
        '',
        '[tool.mlcoach.severity]',
        'ML301 = "hint"',
      ].join('\n'),
    });
    assert.deepEqual(config.exclude, ['notebooks/scratch/**']);
    assert.equal(config.targetLevel, 2);
    assert.deepEqual(config.severity, { ML301: 'hint' });
    assert.equal(config.source, 'pyproject.toml [tool.mlcoach]');
  });

  it('takes .mlcoach.yaml over [tool.mlcoach] without merging them', () => {
    const config = load({
      '.mlcoach.yaml': 'target-level: 4\n',
      'pyproject.toml': '[tool.mlcoach]\nexclude = ["x/**"]\n',
    });
    assert.equal(config.targetLevel, 4);
    assert.deepEqual(config.exclude, []);
  });

  describe('errors name the file, the key and the line', () => {
    const cases: Array<{
      what: string;
      files: Record<string, string>;
      file: string;
      key: string;
      line: number;
      message: RegExp;
    }> = [
      {
        what: 'unknown key in YAML',
        files: { '.mlcoach.yaml': 'exclude: []\nignore:\n  - x\n' },
        file: '.mlcoach.yaml',
        key: 'ignore',
        line: 2,
        message: /unknown setting/,
      },
      {
        what: 'bad severity in YAML',
        files: { '.mlcoach.yaml': 'severity:\n  ML101: loud\n' },
        file: '.mlcoach.yaml',
        key: 'severity.ML101',
        line: 2,
        message: /'loud' is not a severity/,
      },
      {
        what: 'unknown rule in YAML',
        files: { '.mlcoach.yaml': 'disable:\n  - ML101\n  - ML1O1\n' },
        file: '.mlcoach.yaml',
        key: 'disable',
        line: 3,
        message: /unknown rule 'ML1O1'/,
      },
      {
        what: 'target level out of range',
        files: { '.mlcoach.yaml': '# team goal\ntarget-level: 7\n' },
        file: '.mlcoach.yaml',
        key: 'target-level',
        line: 2,
        message: /from 1 to 5/,
      },
      {
        what: 'size that is not a size',
        files: { '.mlcoach.yaml': 'max-file-size: big\n' },
        file: '.mlcoach.yaml',
        key: 'max-file-size',
        line: 1,
        message: /not a size/,
      },
      {
        what: 'exclude that is not a list',
        files: { '.mlcoach.yaml': 'exclude:\n  a: b\n' },
        file: '.mlcoach.yaml',
        key: 'exclude',
        line: 1,
        message: /list of strings/,
      },
      {
        what: 'the same key twice in two spellings',
        files: { '.mlcoach.yaml': 'target-level: 2\ntarget_level: 3\n' },
        file: '.mlcoach.yaml',
        key: 'target_level',
        line: 2,
        message: /set twice/,
      },
      {
        what: 'broken YAML',
        files: { '.mlcoach.yaml': 'exclude: [a, b\ndisable: []\n' },
        file: '.mlcoach.yaml',
        key: '',
        line: 2,
        message: /not valid YAML/,
      },
      {
        what: 'top level that is not a mapping',
        files: { '.mlcoach.yaml': '- ML101\n' },
        file: '.mlcoach.yaml',
        key: '',
        line: 1,
        message: /expected a mapping/,
      },
      {
        what: 'unknown key in TOML',
        files: { 'pyproject.toml': '[project]\nname = "x"\n\n[tool.mlcoach]\nexclude = []\ntarget = 3\n' },
        file: 'pyproject.toml [tool.mlcoach]',
        key: 'target',
        line: 6,
        message: /unknown setting/,
      },
      {
        what: 'bad severity in a TOML sub-table',
        files: {
          'pyproject.toml':
            '[tool.mlcoach]\ntarget-level = 2\n\n[tool.mlcoach.severity]\nML301 = "warning"\nML101 = "fatal"\n',
        },
        file: 'pyproject.toml [tool.mlcoach]',
        key: 'severity.ML101',
        line: 6,
        message: /'fatal' is not a severity/,
      },
      {
        what: 'bad level in TOML',
        files: { 'pyproject.toml': '[tool.mlcoach]\ntarget-level = "3"\n' },
        file: 'pyproject.toml [tool.mlcoach]',
        key: 'target-level',
        line: 2,
        message: /'3' is not a level/,
      },
      {
        what: 'broken TOML that configures us',
        files: { 'pyproject.toml': '[tool.mlcoach]\nexclude = ["a"\n' },
        file: 'pyproject.toml',
        key: 'tool.mlcoach',
        line: 3,
        message: /not valid TOML/,
      },
    ];
    for (const c of cases) {
      it(c.what, () => {
        const e = configError(c.files);
        assert.equal(e.file, c.file);
        assert.equal(e.key, c.key);
        assert.equal(e.line, c.line);
        assert.match(e.message, c.message);
        assert.ok(e.message.startsWith(`${c.file}:${c.line}: `), e.message);
      });
    }
  });

  it('leaves a broken pyproject.toml that does not configure us to the manifest reader', () => {
    assert.deepEqual(load({ 'pyproject.toml': '[project\nname = "x"\n' }), DEFAULT_CONFIG);
  });

  it('accepts rule names and codes in any case when no rule list is given', () => {
    assert.deepEqual(loadConfig((p) => ({ '.mlcoach.yaml': 'disable: [ml101]\n' })[p]).disable, ['ml101']);
  });

  it('parses sizes', () => {
    assert.equal(parseSize(1024), 1024);
    assert.equal(parseSize('2MB'), 2 * 1024 * 1024);
    assert.equal(parseSize('1.5 mb'), 1.5 * 1024 * 1024);
    assert.equal(parseSize('512KiB'), 512 * 1024);
    assert.equal(parseSize('10 B'), 10);
    assert.equal(parseSize(0), undefined);
    assert.equal(parseSize(-5), undefined);
    assert.equal(parseSize('2 parsecs'), undefined);
    assert.equal(parseSize(true), undefined);
  });

  it('readFolderConfig reads the folder files and merges overrides on top', async () => {
    const fs = new MemoryFileSystem({ '/w/.mlcoach.yaml': 'exclude: [data/**]\ntarget-level: 2\n', '/w/a.py': '' });
    const config = await readFolderConfig(fs, '/w', { exclude: ['tmp/**'], targetLevel: 3 });
    assert.deepEqual(config.exclude, ['data/**', 'tmp/**']);
    assert.equal(config.targetLevel, 3);
    await assert.rejects(
      readFolderConfig(new MemoryFileSystem({ '/w/.mlcoach.yaml': 'severity: 3\n' }), '/w'),
      ConfigError,
    );
  });
});
