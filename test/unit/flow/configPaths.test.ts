// The data files a project's configuration names, for paths the flow knows by their keys (`config:output`).
import assert from 'node:assert/strict';
import { resolveConfigPath } from '../../../src/core/flow/configPaths';

const PARAMS = [
  'preprocess:',
  '  input: data/raw/diabetes.csv',
  '  output: data/processed/diabetes.csv',
  'train:',
  '  data: data/processed/diabetes.csv',
  '  model: models/model.pkl',
  '  n_estimators: 100',
  'evaluate:',
  '  report: reports/metrics.json',
].join('\n');

describe('configuration paths', () => {
  it('gives the data file that keys ending so name, from their last key or more', () => {
    const texts = new Map([['params.yaml', PARAMS]]);
    assert.equal(resolveConfigPath('config:output', texts), 'data/processed/diabetes.csv');
    assert.equal(resolveConfigPath('config:train.data', texts), 'data/processed/diabetes.csv');
    assert.equal(resolveConfigPath('config:preprocess.input', texts), 'data/raw/diabetes.csv');
  });

  it('keeps the keys when they name several files, no data file, or nothing', () => {
    const texts = new Map([
      ['params.yaml', PARAMS],
      ['configs/other.yaml', 'stage:\n  output: data/other.csv\n'],
    ]);
    // `output` now names two files.
    assert.equal(resolveConfigPath('config:output', texts), 'config:output');
    assert.equal(resolveConfigPath('config:preprocess.output', texts), 'data/processed/diabetes.csv');
    // A report (`.json`) is no data file; an unknown key names nothing.
    assert.equal(resolveConfigPath('config:report', texts), 'config:report');
    assert.equal(resolveConfigPath('config:missing', texts), 'config:missing');
    assert.equal(resolveConfigPath('data/x.csv', texts), 'data/x.csv');
  });

  it('reads no CI workflow or compose file, and survives YAML it cannot parse', () => {
    const texts = new Map([
      ['.github/workflows/ci.yaml', 'jobs:\n  output: data/ci.csv\n'],
      ['docker-compose.yml', 'services:\n  output: data/compose.csv\n'],
      ['broken.yaml', 'a: [unclosed\n  output: data/broken.csv'],
    ]);
    assert.equal(resolveConfigPath('config:output', texts), 'config:output');
  });
});
