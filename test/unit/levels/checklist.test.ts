import assert from 'node:assert/strict';
import { analyzeFolder } from '../../../src/core/analyze';
import { MemoryFileSystem } from '../../../src/core/fs/memoryFileSystem';
import { LEVEL_ITEMS } from '../../../src/core/levels/checklist';
import type { ProjectReport } from '../../../src/core/model/report';

async function analyse(files: Record<string, string>): Promise<ProjectReport> {
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([p, c]) => [`/w/${p}`, c])));
  const report = await analyzeFolder(fs, '/w', { rules: [] });
  assert.equal(report.projects.length, 1);
  return report.projects[0];
}

function status(p: ProjectReport, id: string): string {
  const item = p.items.find((i) => i.id === id);
  assert.ok(item, id);
  return item.status;
}

/** A DQN of its own (two network modules, a replay buffer) in the environments `lines` make. */
function dqnIn(...lines: string[]): string {
  return [
    'import gymnasium as gym',
    'import torch',
    'from torch import nn',
    'class QNet(nn.Module):',
    '    def forward(self, x):',
    '        return x',
    'class DuelingHead(nn.Module):',
    '    def forward(self, x):',
    '        return x',
    'class ReplayBuffer:',
    '    pass',
    ...lines,
    '',
  ].join('\n');
}

function detail(p: ProjectReport, id: string): string {
  return p.items.find((i) => i.id === id)?.detail ?? '';
}

function nbJson(cells: Array<{ source: string; outputs?: string[] }>): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { language: 'python', name: 'python3' } },
    cells: cells.map((c, i) => ({
      cell_type: 'code',
      source: c.source,
      metadata: {},
      execution_count: i + 1,
      outputs: (c.outputs ?? []).map((t) => ({
        output_type: 'execute_result',
        execution_count: i + 1,
        metadata: {},
        data: { 'text/plain': t },
      })),
    })),
  });
}

const SKLEARN =
  'import pandas as pd\n' +
  'from sklearn.linear_model import LogisticRegression\n' +
  'from sklearn.metrics import f1_score\n' +
  'from sklearn.model_selection import train_test_split\n';

describe('checklist', () => {
  it('keeps the item ids of the contract, with the suggested core items', () => {
    assert.deepEqual(
      LEVEL_ITEMS.map((i) => i.id),
      [
        'L1.data-loaded',
        'L1.model-trained',
        'L1.model-evaluated',
        'L2.git',
        'L2.modules',
        'L2.config-files',
        'L2.heldout-evaluation',
        'L2.seeds',
        'L2.dependencies',
        'L2.imbalance-handling',
        'L2.tuning',
        'L2.tests',
        'L2.pipeline',
        'L3.dockerfile',
        'L3.serving',
        'L3.ci',
        'L3.versioning',
        'L3.monitoring',
        'L3.load-tests',
        'L3.batch-and-online',
        'L4.orchestration',
        'L4.platform',
        'L4.experiment-tracking',
        'L4.distributed-training',
        'L4.feature-store',
        'L4.drift-retraining',
        'L4.ab-testing',
        'L4.model-optimisation',
        'L5.custom-architecture',
        'L5.self-supervised',
        'L5.reinforcement-learning',
        'L5.research-code',
      ],
    );
    assert.deepEqual(
      LEVEL_ITEMS.filter((i) => i.core && !i.coreGroup).map((i) => i.id),
      [
        'L1.data-loaded',
        'L1.model-trained',
        'L1.model-evaluated',
        'L2.git',
        'L2.modules',
        'L2.config-files',
        'L2.heldout-evaluation',
        'L2.seeds',
        'L2.dependencies',
        'L3.dockerfile',
        'L3.serving',
        'L3.ci',
        'L3.versioning',
        'L3.monitoring',
        'L4.orchestration',
        'L4.platform',
        'L4.experiment-tracking',
      ],
    );
    for (const item of LEVEL_ITEMS) {
      assert.ok(item.id.startsWith(`L${item.level}.`), item.id);
      assert.ok(item.title && item.why && item.detection, item.id);
      assert.ok(
        item.why.split(/[.!?](\s|$)/).filter((s) => s?.trim()).length <= 2,
        `${item.id}: why is one or two sentences`,
      );
    }
  });

  it('sees training and metrics in scripts whose imports live in a first script they run after', async () => {
    const p = await analyse({
      'import_lib.py': `${SKLEARN}from sklearn.ensemble import RandomForestClassifier\n`,
      'model_training.py':
        'data = pd.read_csv("features.csv")\n' +
        'X_train, X_test, y_train, y_test = train_test_split(data.drop("y", axis=1), data["y"], random_state=0)\n' +
        'model = RandomForestClassifier(random_state=0).fit(X_train, y_train)\n' +
        'print(f1_score(y_test, model.predict(X_test)))\n',
    });
    assert.equal(status(p, 'L1.model-trained'), 'met');
    assert.equal(status(p, 'L1.model-evaluated'), 'met');
    const trained = p.items.find((i) => i.id === 'L1.model-trained')!;
    assert.ok(
      trained.evidence.some((e) => e.range?.path === 'model_training.py' && e.range.startLine === 3),
      JSON.stringify(trained.evidence),
    );
  });

  it('reads a *_test.py module that defines no test as training code, and torchtext tables as data', async () => {
    const loop =
      'import torch\n' +
      'from torchtext.legacy import data\n\n' +
      'def get_data(path, fields):\n' +
      '    return data.TabularDataset.splits(\n' +
      '        path=path, train="train.csv", test="test.csv", format="csv", fields=fields\n' +
      '    )\n\n' +
      'def train(model, iterator, optimizer, criterion):\n' +
      '    model.train()\n' +
      '    for batch in iterator:\n' +
      '        optimizer.zero_grad()\n' +
      '        loss = criterion(model(batch.text), batch.label)\n' +
      '        loss.backward()\n' +
      '        optimizer.step()\n';
    const script = await analyse({ 'tf_train_test.py': loop });
    assert.equal(status(script, 'L1.model-trained'), 'met');
    assert.equal(status(script, 'L1.data-loaded'), 'met');
    // The same module with a test in it is a test module: its loop is not the project's training.
    const tests = await analyse({
      'main.py': 'import torch\nfrom tf_train_test import train\n',
      'tf_train_test.py': `${loop}\ndef test_train():\n    assert True\n`,
    });
    assert.equal(status(tests, 'L1.model-trained'), 'missing');
  });

  it('treats imbalance handling as not applicable without a sign of imbalance', async () => {
    const p = await analyse({
      'train.py': `${SKLEARN}df = pd.read_csv("d.csv")\nm = LogisticRegression().fit(df[["a"]], df["y"])\n`,
    });
    assert.equal(status(p, 'L2.imbalance-handling'), 'not-applicable');
    assert.equal(p.levels.find((l) => l.level === 2)!.total, 9, 'a not-applicable item leaves the count');
  });

  it('sees an imbalanced target in printed counts, and partial handling', async () => {
    const nb = nbJson([
      { source: `${SKLEARN}df = pd.read_csv("d.csv")` },
      { source: 'df["Outcome"].value_counts()', outputs: ['0    900\n1     100\nName: Outcome, dtype: int64'] },
      {
        source:
          'X = df.drop(columns=["Outcome"])\n' +
          'y = df["Outcome"]\n' +
          'X_tr, X_te, y_tr, y_te = train_test_split(X, y, stratify=y)',
      },
    ]);
    const p = await analyse({ 'nb.ipynb': nb });
    assert.equal(status(p, 'L2.imbalance-handling'), 'partial');
    const item = p.items.find((i) => i.id === 'L2.imbalance-handling')!;
    assert.equal(item.evidence[0].range?.cell, 1);
    const balanced = await analyse({ 'nb.ipynb': nb.replace('0    900', '0    520').replace('1     100', '1    480') });
    assert.equal(status(balanced, 'L2.imbalance-handling'), 'not-applicable');
  });

  it('grades modules, configuration and dependencies by how far they go', async () => {
    const script = await analyse({
      'train.py':
        `${SKLEARN}import argparse\n` +
        `def main():\n` +
        `    p = argparse.ArgumentParser()\n` +
        `    p.add_argument("--data")\n` +
        `    p.add_argument("--c", type=float)\n` +
        `    p.add_argument("--out")\n`,
      'requirements.txt': 'pandas==2.2.2\nscikit-learn>=1.4\n',
    });
    assert.equal(status(script, 'L2.modules'), 'partial');
    assert.equal(status(script, 'L2.config-files'), 'partial');
    assert.equal(status(script, 'L2.dependencies'), 'partial');
    assert.match(script.items.find((i) => i.id === 'L2.dependencies')!.detail ?? '', /scikit-learn/);
    const locked = await analyse({
      'train.py': SKLEARN,
      'pyproject.toml': '[project]\nname = "x"\nversion = "0"\ndependencies = ["scikit-learn>=1.4"]\n',
      'uv.lock': 'version = 1\n',
    });
    assert.equal(status(locked, 'L2.dependencies'), 'met');
  });

  it(
    'puts foundation gaps first among the next steps, then what the reached level lacks, and no research for a ' +
      'service',
    async () => {
      const p = await analyse({
        'app.py':
          'import joblib\n' +
          'from fastapi import FastAPI\n' +
          'app = FastAPI()\n' +
          'model = joblib.load("model.joblib")\n' +
          '@app.post("/predict")\n' +
          'def predict(row: dict):\n' +
          '    return {"y": model.predict([list(row.values())]).tolist()}\n',
        'train.py':
          `${SKLEARN}import joblib\n` +
          `df = pd.read_csv("d.csv")\n` +
          `X_tr, X_te, y_tr, y_te = train_test_split(df[["a"]], df["y"])\n` +
          `m = LogisticRegression().fit(X_tr, y_tr)\n` +
          `print(f1_score(y_te, m.predict(X_te)))\n` +
          `joblib.dump(m, "model.joblib")\n`,
        Dockerfile: 'FROM python:3.11-slim\nCOPY . /srv\nCMD ["uvicorn", "app:app"]\n',
        '.github/workflows/ci.yml':
          'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n',
      });
      assert.equal(p.level, 3);
      assert.ok(p.foundationGaps.some((g) => g.id === 'L2.seeds'));
      const gaps = new Set(p.foundationGaps.map((g) => g.id));
      const firstNonGap = p.nextSteps.findIndex((s) => !gaps.has(s.id));
      assert.ok(
        p.nextSteps.slice(0, Math.min(gaps.size, p.nextSteps.length)).every((s) => gaps.has(s.id)),
        'gaps first',
      );
      if (firstNonGap >= 0) assert.equal(p.nextSteps[firstNonGap].level, 3, 'then the reached level');
      assert.ok(!p.nextSteps.some((s) => s.level === 5), 'a service is not told to do research');
    },
  );

  it('marks half of a Level 3 pair as partly met', async () => {
    const batch =
      'import joblib\n' +
      'import pandas as pd\n' +
      'model = joblib.load("m.joblib")\n' +
      'df = pd.read_parquet("in.parquet")\n' +
      'df["p"] = model.predict(df)\n' +
      'df.to_parquet("out.parquet")\n';
    const p = await analyse({
      'batch.py': `import sklearn\n${batch}`,
      'docker-compose.yml': 'services:\n  db:\n    image: postgres:16\n',
      'train.py': 'import mlflow\nmlflow.register_model("runs:/1/model", "churn")\n',
      'tb.py': 'from torch.utils.tensorboard import SummaryWriter\nw = SummaryWriter()\n',
    });
    assert.equal(status(p, 'L3.batch-and-online'), 'partial');
    assert.equal(status(p, 'L3.dockerfile'), 'partial');
    // A model registry alone is versioning in practice; the detail names data as the other half.
    assert.equal(status(p, 'L3.versioning'), 'met');
    assert.match(p.items.find((i) => i.id === 'L3.versioning')?.detail ?? '', /data is not yet/);
    assert.equal(status(p, 'L4.experiment-tracking'), 'partial');
  });

  it('reaches Level 5 with custom modules and reinforcement learning, without any Level 3 item', async () => {
    const rl = dqnIn('env = gym.make("HalfCheetah-v4")');
    const p = await analyse({ 'dqn.py': rl });
    assert.equal(status(p, 'L5.custom-architecture'), 'met');
    assert.equal(status(p, 'L5.reinforcement-learning'), 'met');
    assert.equal(status(p, 'L3.dockerfile'), 'missing');
    assert.equal(p.level, 5);
    const lossOnly = await analyse({
      'm.py': rl
        .replace('import gymnasium as gym\n', '')
        .replace(
          'env = gym.make("HalfCheetah-v4")\n',
          'class FocalLoss(nn.Module):\n    def forward(self, p, y):\n        return p\n',
        ),
    });
    assert.equal(status(lossOnly, 'L5.research-code'), 'partial');
    assert.equal(lossOnly.level, null);
  });

  it('takes an agent on classic tutorial environments for an exercise, unless research code is beside it', async () => {
    const dqn = dqnIn('env = gym.make("CartPole-v1")', 'lake = gym.make("FrozenLake-v1", is_slippery=False)');
    const course = await analyse({ 'dqn.py': dqn });
    assert.equal(status(course, 'L5.reinforcement-learning'), 'partial');
    assert.match(detail(course, 'L5.reinforcement-learning'), /classic tutorial environments/);
    assert.notEqual(course.level, 5);
    // The environment still counts as the data the agent learns from.
    assert.equal(status(course, 'L1.data-loaded'), 'met');
    // A tutorial of research algorithms implements each paper's pieces: own losses with ablations make the case.
    const research = await analyse({
      'dqn.py': `${dqn}def quantile_huber_loss(pred, target):\n    return (pred - target).abs().mean()\n`,
      'configs/ablation_no_dueling.yaml': 'dueling: false\n',
    });
    assert.equal(status(research, 'L5.research-code'), 'met', detail(research, 'L5.research-code'));
    assert.equal(status(research, 'L5.reinforcement-learning'), 'met');
    assert.equal(research.level, 5);
  });

  it("counts a hosting platform's build file partly toward the container, after a Dockerfile", async () => {
    const api =
      'import joblib\nfrom fastapi import FastAPI\napp = FastAPI()\nmodel = joblib.load("model.pkl")\n' +
      '@app.post("/predict")\ndef predict(x: list[float]):\n    return {"y": model.predict([x]).tolist()}\n';
    const hosted = await analyse({ 'main.py': api, Procfile: 'web: uvicorn main:app --port $PORT\n' });
    assert.equal(status(hosted, 'L3.dockerfile'), 'partial');
    assert.match(detail(hosted, 'L3.dockerfile'), /hosting platform builds the container/);
    const docker = await analyse({
      'main.py': api,
      Procfile: 'web: uvicorn main:app --port $PORT\n',
      Dockerfile: 'FROM python:3.11-slim\nCOPY . /app\nCMD ["uvicorn", "main:app"]\n',
    });
    assert.equal(status(docker, 'L3.dockerfile'), 'met');
  });

  it('does not take a Siamese contrastive loss for self-supervised learning', async () => {
    const p = await analyse({
      'siamese.py':
        'import torch\n' +
        'import torch.nn.functional as F\n' +
        'def contrastive_loss(a, b, same):\n' +
        '    return F.pairwise_distance(a, b).mean()\n',
    });
    assert.equal(status(p, 'L5.self-supervised'), 'missing');
  });

  it('takes an Accelerator for distributed training only when something is prepared through it', async () => {
    const created = await analyse({
      'train.py':
        'import torch\n' +
        'from accelerate import Accelerator\n' +
        'accelerator = Accelerator()\n' +
        'model = torch.nn.Linear(4, 1)\n' +
        'opt = torch.optim.SGD(model.parameters(), lr=0.1)\n',
    });
    assert.equal(status(created, 'L4.distributed-training'), 'missing');
    const prepared = await analyse({
      'train.py':
        'import torch\n' +
        'from accelerate import Accelerator\n' +
        'accelerator = Accelerator()\n' +
        'model = torch.nn.Linear(4, 1)\n' +
        'opt = torch.optim.SGD(model.parameters(), lr=0.1)\n' +
        'model, opt = accelerator.prepare(model, opt)\n',
    });
    assert.equal(status(prepared, 'L4.distributed-training'), 'met');
  });
});
