import assert from 'node:assert/strict';
import { envVariableNames, isEnvFile } from '../../../src/core/config/envFile';
import { analyzeFolder } from '../../../src/core/analyze';
import { buildProject } from '../../../src/core/project/build';
import { discoverFiles } from '../../../src/core/discovery/discover';
import { DEFAULT_CONFIG } from '../../../src/core/config/config';
import { MemoryFileSystem } from '../../../src/core/fs/memoryFileSystem';

const SECRETS = [
  'sk-live-51HxSECRETvalue',
  'hunter2-db-password',
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
  'wandb-key-0f9e8d7c',
];

const ENV = [
  '# credentials for the training job',
  `OPENAI_API_KEY=${SECRETS[0]}`,
  `export DATABASE_URL="postgres://ml:${SECRETS[1]}@db:5432/features"`,
  'PRIVATE_KEY="-----BEGIN PRIVATE KEY-----',
  SECRETS[2],
  'NOT_A_NAME=inside the key',
  '-----END PRIVATE KEY-----"',
  `WANDB_API_KEY = '${SECRETS[3]}'`,
  'EMPTY=',
  'OPENAI_API_KEY=duplicate',
].join('\n');

describe('.env files', () => {
  it('knows dotenv files by name', () => {
    assert.deepEqual(
      ['.env', '.env.local', 'app/.env.example', '.envrc', 'environment.yml', 'env.py', '.environment'].map(isEnvFile),
      [true, true, true, true, false, false, false],
    );
  });

  it('keeps the variable names, skipping multi-line values', () => {
    assert.deepEqual(envVariableNames(ENV), [
      'OPENAI_API_KEY',
      'DATABASE_URL',
      'PRIVATE_KEY',
      'WANDB_API_KEY',
      'EMPTY',
    ]);
  });

  it('the project model holds the names and never the text', async () => {
    const fs = new MemoryFileSystem({ '/w/.env': ENV, '/w/train.py': 'import sklearn\n' });
    const walk = await discoverFiles(fs, '/w');
    const model = await buildProject(fs, '/w', '', walk.files, walk.skipped, walk.hasGit, DEFAULT_CONFIG);
    assert.deepEqual(model.envNames?.get('.env'), [
      'OPENAI_API_KEY',
      'DATABASE_URL',
      'PRIVATE_KEY',
      'WANDB_API_KEY',
      'EMPTY',
    ]);
    assert.equal(model.texts.has('.env'), false);
  });

  it('a secret value never appears anywhere in the JSON report', async () => {
    const fs = new MemoryFileSystem({
      '/w/.env': ENV,
      '/w/.env.production': `API_TOKEN=${SECRETS[0]}\n`,
      '/w/services/api/.env': `DB_PASSWORD=${SECRETS[1]}\n`,
      '/w/services/api/requirements.txt': 'fastapi==0.110.0\n',
      '/w/services/api/app.py': 'import sklearn\n',
      '/w/requirements.txt': 'scikit-learn==1.4.1\n',
      '/w/train.py':
        'import pandas as pd\n' +
        'from sklearn.linear_model import LogisticRegression\n' +
        'X = pd.read_csv("data.csv")\n' +
        'LogisticRegression().fit(X, X.pop("y"))\n',
      // A too-large .env is skipped by size, still without its text.
      '/w/big/.env': `HUGE=${SECRETS[3]}${'x'.repeat(600)}\n`,
    });
    const report = await analyzeFolder(fs, '/w', { overrides: { maxFileSize: 500 } });
    const json = JSON.stringify(report);
    for (const secret of SECRETS) assert.ok(!json.includes(secret), `the report leaks '${secret}'`);
    assert.ok(report.projects.length >= 1);
    const skipped = report.projects.flatMap((p) =>
      p.skipped.map((s) => `${p.root ? `${p.root}/` : ''}${s.path}:${s.reason}`),
    );
    assert.ok(skipped.includes('big/.env:too-large'), skipped.join(', '));
    assert.ok(!skipped.includes('.env:too-large'), 'the root .env must be read for this test to mean anything');
  });
});
