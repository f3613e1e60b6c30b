import assert from 'node:assert/strict';
import { analyzeFolder } from '../../../src/core/analyze';
import { MemoryFileSystem } from '../../../src/core/fs/memoryFileSystem';
import { heldOutFileReason, writtenPathIsHeldOut } from '../../../src/core/semantic/heldOutData';
import { namesHeldOutSplit } from '../../../src/core/libraries/heldOut';

const NO_CODE = new Set<string>();

describe('held-out split names', () => {
  for (const stem of [
    'test',
    'X_test',
    'valid_2024',
    'test-set',
    'val',
    'validation',
    'holdout',
    'hold_out',
    'held-out',
    'dev',
    'eval',
    'XTest',
    'y_val',
    'val2017',
    'test1',
    'TEST',
  ]) {
    it(`'${stem}' names a held-out split`, () => assert.equal(namesHeldOutSplit(stem), true));
  }
  for (const stem of [
    'latest',
    'contest',
    'attestation',
    'protest_data',
    'contest_results',
    'train',
    'X_train',
    'evaluate',
    'values',
    'interval',
    'device',
    'develop',
    'testimony',
    'hold',
    'output',
  ]) {
    it(`'${stem}' does not`, () => assert.equal(namesHeldOutSplit(stem), false));
  }
});

describe('held-out data files', () => {
  const heldOut = [
    'data/test.csv',
    'X_test.npy',
    'data/valid_2024.parquet',
    'data/test-set.csv',
    'data/processed/valid.parquet',
    'data/test.csv.dvc',
    'data/holdout.parquet.dvc',
    'data/test.dvc',
    'data/test.csv.gz',
    'data/test/part-0.csv',
    'images/val/0001.jpg',
    'data/raw/dev.jsonl',
    'data/splits/val.txt',
    'data/test/.gitkeep',
  ];
  for (const path of heldOut) it(`${path} counts`, () => assert.ok(heldOutFileReason(path, NO_CODE)));

  const notHeldOut = [
    'data/latest.csv',
    'data/contest_results.csv',
    'attestation.json',
    'protest_data.csv',
    'data/train.csv',
    'tests/data/test.csv',
    'tests/fixtures/val.npy',
    'src/tests/data/sample.csv',
    'test_config.json',
    'config/dev.json',
    'requirements-dev.txt',
    'eval/roc.png',
    'docs/images/test/screenshot.png',
    'test_model.py',
    'data/test.py',
    'model.pkl.dvc',
    'data/train.csv.dvc',
    '.github/workflows/test.json',
  ];
  for (const path of notHeldOut)
    it(`${path} does not count`, () => assert.equal(heldOutFileReason(path, NO_CODE), undefined));

  it('a test/ folder with code in it holds the tests of the code, not a test split', () => {
    assert.equal(heldOutFileReason('test/data/sample.csv', new Set(['test'])), undefined);
    assert.equal(heldOutFileReason('test/resources/input.csv', new Set(['test/unit', 'test'])), undefined);
    assert.ok(heldOutFileReason('test/0001.png', new Set(['src'])));
  });
});

describe('written held-out paths', () => {
  for (const text of [
    'data/test.csv',
    'data/X_val.npy',
    'out/holdout.parquet',
    'data/test/part.csv',
    '{...}/valid.parquet',
    'data/test',
    './data/val_ids.txt',
    'out\\test.csv',
    'out/test/part-0.parquet',
  ]) {
    it(`writing ${text} counts`, () => assert.equal(writtenPathIsHeldOut(text), true));
  }
  for (const text of [
    'data/train.csv',
    'data/latest.csv',
    'models/best_val.pt',
    'plots/val_loss.png',
    'tests/data/test.csv',
    'data/{...}.csv',
    'dev.log',
    'test.txt',
    'test',
    'eval/metrics.json',
    'reports/test_scores.json',
  ]) {
    it(`writing ${text} does not`, () => assert.equal(writtenPathIsHeldOut(text), false));
  }
});

const TRAIN = `import pandas as pd
from sklearn.linear_model import LogisticRegression

df = pd.read_csv("data/train.csv")
X = df.drop(columns=["y"])
y = df["y"]
LogisticRegression().fit(X, y)
`;

async function ml202(files: Record<string, string>): Promise<number> {
  const ws: Record<string, string> = {};
  for (const [p, text] of Object.entries(files)) ws[`/ws/${p}`] = text;
  const report = await analyzeFolder(new MemoryFileSystem(ws), '/ws');
  return report.projects.flatMap((p) => p.findings).filter((f) => f.code === 'ML202').length;
}

describe('ML202 and held-out data outside the training code', () => {
  it('still reports a project with only training data', async () => {
    assert.equal(await ml202({ 'train.py': TRAIN, 'data/train.csv': 'a,y\n1,0\n' }), 1);
  });

  it('is quiet when a held-out file sits in the repository', async () => {
    assert.equal(await ml202({ 'train.py': TRAIN, 'data/train.csv': 'a,y\n1,0\n', 'data/test.csv': 'a,y\n2,1\n' }), 0);
  });

  it('does not take a pytest data file for held-out data', async () => {
    assert.equal(
      await ml202({
        'train.py': TRAIN,
        'tests/data/test.csv': 'a,y\n2,1\n',
        'tests/test_train.py': 'def test_x():\n    assert True\n',
      }),
      1,
    );
  });

  it('is quiet when code writes a held-out file with pandas, numpy or a joined path', async () => {
    const prep = [
      'import pandas as pd\n' +
        'raw = pd.read_csv("data/raw.csv")\n' +
        'cut = int(len(raw) * 0.8)\n' +
        'raw.iloc[:cut].to_csv("data/train.csv", index=False)\n' +
        'raw.iloc[cut:].to_csv("data/test.csv", index=False)\n',
      'import numpy as np\nX = np.load("data/all.npy")\nnp.save("data/X_val.npy", X[-100:])\n',
      'import os\n' +
        'OUT = "data/processed"\n' +
        'rows = []\n' +
        'with open(os.path.join(OUT, "valid.csv"), "w") as f:\n' +
        '    f.write("\\n".join(rows))\n',
      'from pathlib import Path\nout = Path("data")\n(out / "holdout.csv").write_text("a,y\\n")\n',
    ];
    for (const text of prep) assert.equal(await ml202({ 'train.py': TRAIN, 'prepare.py': text }), 0, text);
  });

  it('is quiet when a loop writes one file per split named in a literal', async () => {
    const loops = [
      'import csv\n' +
        'for name in ("train", "test"):\n' +
        '    with open(f"data/{name}.csv", "w", newline="") as f:\n' +
        '        csv.writer(f).writerow(["a"])\n',
      'import pandas as pd\n' +
        'df = pd.read_csv("raw.csv")\n' +
        'parts = (("train", df[:80]), ("valid", df[80:]))\n' +
        'for split, part in parts:\n' +
        '    part.to_parquet(f"data/{split}.parquet")\n',
      'import numpy as np\n' +
        'X = np.load("all.npy")\n' +
        'for split, rows in zip(["train", "val"], [X[:80], X[80:]]):\n' +
        '    np.save(f"data/{split}/X.npy", rows)\n',
      'import pandas as pd\n' +
        'df = pd.read_csv("raw.csv")\n' +
        'for split, part in {"train": df[:80], "test": df[80:]}.items():\n' +
        '    part.to_csv(f"data/{split}.csv")\n',
    ];
    for (const text of loops) assert.equal(await ml202({ 'train.py': TRAIN, 'prepare.py': text }), 0, text);
  });

  it('still reports when a loop writes files named by anything but split words', async () => {
    const text =
      'import pandas as pd\n' +
      'df = pd.read_csv("raw.csv")\n' +
      'for region in ("north", "south"):\n' +
      '    df[df.region == region].to_csv(f"data/{region}.csv")\n' +
      'for name in names:\n' +
      '    open(f"data/{name}.csv", "w").close()\n';
    assert.equal(await ml202({ 'train.py': TRAIN, 'prepare.py': text }), 1);
  });

  it('still reports when code only writes training files or reads a held-out one in a test', async () => {
    assert.equal(
      await ml202({
        'train.py': TRAIN,
        'prepare.py': 'import pandas as pd\npd.read_csv("raw.csv").to_csv("data/train.csv")\n',
      }),
      1,
    );
    assert.equal(
      await ml202({
        'train.py': TRAIN,
        'tests/test_io.py': 'def test_write(tmp_path):\n    open("data/test.csv", "w").write("x")\n',
      }),
      1,
    );
    assert.equal(
      await ml202({ 'train.py': TRAIN, 'prepare.py': 'with open("data/test.csv") as f:\n    print(f.read())\n' }),
      1,
    );
  });

  it('is quiet when a DVC stage outputs a held-out file', async () => {
    const dvc =
      'stages:\n' +
      '  split:\n' +
      '    cmd: bash scripts/split.sh\n' +
      '    deps:\n' +
      '      - data/raw.csv\n' +
      '    outs:\n' +
      '      - data/train.csv\n' +
      '      - data/test.csv:\n' +
      '          cache: true\n';
    assert.equal(await ml202({ 'train.py': TRAIN, 'dvc.yaml': dvc }), 0);
    assert.equal(await ml202({ 'train.py': TRAIN, 'dvc.yaml': dvc.replace('data/test.csv', 'data/features.csv') }), 1);
    assert.equal(await ml202({ 'train.py': TRAIN, 'dvc.yaml': 'stages: [' }), 1);
  });
});
