// Findings of these rules bear on level items: a met item with such a finding counts as partly met.
import assert from 'node:assert/strict';
import { analyzeFolder } from '../../../src/core/analyze';
import { join } from 'node:path';
import { MemoryFileSystem } from '../../../src/core/fs/memoryFileSystem';
import { FIXTURES } from '../../support/paths';
import { analyzeFixture } from '../../support/ruleFixtures';

async function items(files: Record<string, string>) {
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([p, t]) => [`/ws/${p}`, t])));
  const report = await analyzeFolder(fs, '/ws');
  return new Map(report.projects[0].items.map((i) => [i.id, i]));
}

const TRAIN = (model: string) => `import yaml
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split

params = yaml.safe_load(open("config/params.yaml"))
df = pd.read_csv(params["data"])
X_train, X_test, y_train, y_test = train_test_split(df.drop(columns=["y"]), df["y"], random_state=params["seed"])
model = ${model}
model.fit(X_train, y_train)
print(f1_score(y_test, model.predict(X_test)))
`;

describe('level items affected by these rules', () => {
  const base = {
    'requirements.txt': 'scikit-learn==1.5.2\npandas==2.2.2\npyyaml==6.0.2\n',
    'config/params.yaml': 'data: data/train.csv\nseed: 42\nmodel:\n  n_estimators: 300\n',
  };

  it('hard-coded hyperparameters keep "config files" from counting as met', async () => {
    const clean = await items({
      ...base,
      'src/train.py': TRAIN('RandomForestClassifier(**params["model"], random_state=params["seed"])'),
    });
    const hard = await items({
      ...base,
      'src/train.py': TRAIN('RandomForestClassifier(n_estimators=300, max_depth=12, random_state=params["seed"])'),
    });
    const cleanItem = clean.get('L2.config-files');
    const hardItem = hard.get('L2.config-files');
    assert.ok(cleanItem && hardItem);
    assert.equal(cleanItem.status, 'met');
    assert.equal(hardItem.status, 'partial');
    assert.ok(hardItem.evidence.some((e) => e.note?.startsWith('ML401')));
  });

  it('an unseeded estimator keeps "seeds" from counting as met', async () => {
    const seeded = await items({
      ...base,
      'src/train.py': TRAIN('RandomForestClassifier(random_state=params["seed"])'),
    });
    const unseeded = await items({ ...base, 'src/train.py': TRAIN('RandomForestClassifier(n_estimators=10)') });
    assert.equal(seeded.get('L2.seeds')?.status, 'met');
    assert.equal(unseeded.get('L2.seeds')?.status, 'partial');
    assert.match(unseeded.get('L2.seeds')?.detail ?? '', /ML301/);
  });

  it('a threshold chosen on the test part by a helper leaves the held-out evaluation met', async () => {
    // In the fixture, src/evaluation.py's find_best_threshold picks it on the test part; compute_metrics scores it.
    const report = await analyzeFixture(
      join(FIXTURES, 'rules', 'ML103', 'bad_threshold_chosen_by_project_helper_on_test_part'),
    );
    const p = report.projects[0];
    const threshold = p.findings.find((f) => f.code === 'ML103');
    assert.ok(threshold, 'the threshold chosen on the test part is reported');
    assert.equal(threshold.affects, undefined);
    assert.equal(p.items.find((i) => i.id === 'L2.heldout-evaluation')?.status, 'met');
  });
});
