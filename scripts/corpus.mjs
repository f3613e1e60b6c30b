// The corpora the benchmarks share: the Python sources installed on the machine, generated Kaggle-style
// notebooks and a generated ML monorepo. Deterministic: the same call writes the same bytes.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Real code: the standard library and Debian's scikit-learn (`apt-get install python3-sklearn`). */
export const SOURCES = [
  { name: 'stdlib', dir: '/usr/lib/python3.11' },
  { name: 'sklearn', dir: '/usr/lib/python3/dist-packages/sklearn' },
];

/** Every `.py` file under a folder, sorted as found (no `__pycache__`, no symbolic links). */
export function pyFiles(dir, out = []) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== '__pycache__' && !e.isSymbolicLink()) pyFiles(p, out);
    else if (e.isFile() && e.name.endsWith('.py')) out.push(p);
  }
  return out;
}

// ---------------------------------------------------------------- generated notebooks
// Cells like those of a Kaggle-style notebook: markdown, magics and shell escapes, pandas EDA, plots,
// feature engineering, a split, models, metrics; outputs with text tables, HTML and PNG images.

let seed = 7;
function rand(n) {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
}

const PNG = 'iVBORw0KGgoAAAANSUhEUgAA'.padEnd(24_000, 'Qk1AAAAAAAAAD4AAAAoAAAAEAAAABAAAAABAAEAAAAAAAAAAAAAAAAA');

const CODE_CELLS = [
  (i) =>
    `import pandas as pd\n` +
    `import numpy as np\n` +
    `import matplotlib.pyplot as plt\n` +
    `import seaborn as sns\n` +
    `%matplotlib inline\n` +
    `from sklearn.model_selection import train_test_split, cross_val_score, StratifiedKFold\n` +
    `from sklearn.preprocessing import StandardScaler, OneHotEncoder\n` +
    `from sklearn.compose import ColumnTransformer\n` +
    `from sklearn.pipeline import Pipeline, make_pipeline\n` +
    `from sklearn.ensemble import RandomForestClassifier, GradientBoostingClassifier\n` +
    `from sklearn.linear_model import LogisticRegression\n` +
    `from sklearn.metrics import accuracy_score, f1_score, roc_auc_score, classification_report\n` +
    `SEED = ${i}`,
  () => `!pip install -q xgboost lightgbm`,
  (i) =>
    `df = pd.read_csv('../input/train_${i % 5}.csv')\n` +
    `test = pd.read_csv('../input/test.csv')\n` +
    `print(df.shape, test.shape)\n` +
    `df.head()`,
  () => `df.info()\ndf.describe().T`,
  () => `df.isnull().sum().sort_values(ascending=False).head(20)`,
  () => `df['target'].value_counts(normalize=True)`,
  (i) =>
    `fig, axes = plt.subplots(2, 3, figsize=(15, 8))\n` +
    `for ax, col in zip(axes.ravel(), num_cols[:6]):\n` +
    `    sns.histplot(df[col], ax=ax, kde=True)\n` +
    `    ax.set_title(f"{col} ({${i}})")\n` +
    `plt.tight_layout()`,
  () =>
    `num_cols = [c for c in df.columns if df[c].dtype != 'object' and c != 'target']\n` +
    `cat_cols = [c for c in df.columns if df[c].dtype == 'object']\n` +
    `len(num_cols), len(cat_cols)`,
  (i) =>
    `df['age_bucket_${i}'] = pd.cut(df['age'], bins=[0, 18, 30, 45, 60, 120], labels=False)\n` +
    `df['income_per_member'] = df['income'] / (df['family_size'] + 1)\n` +
    `df['log_income'] = np.log1p(df['income'])\n` +
    `df = df.drop(columns=['id'])`,
  (i) =>
    `X = df.drop(columns=['target'])\n` +
    `y = df['target']\n` +
    `X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.2, stratify=y, random_state=${i})`,
  () =>
    `pre = ColumnTransformer([\n` +
    `    ('num', StandardScaler(), num_cols),\n` +
    `    ('cat', OneHotEncoder(handle_unknown='ignore'), cat_cols),\n` +
    `])\n` +
    `clf = Pipeline([('pre', pre), ('model', LogisticRegression(max_iter=1000))])\n` +
    `clf.fit(X_train, y_train)\n` +
    `print(f1_score(y_val, clf.predict(X_val)))`,
  (i) =>
    `rf = RandomForestClassifier(n_estimators=${100 + i}, max_depth=8, n_jobs=-1, random_state=SEED)\n` +
    `scores = cross_val_score(make_pipeline(pre, rf), X_train, y_train, cv=StratifiedKFold(5, shuffle=True, ` +
    `random_state=SEED), scoring='f1')\n` +
    `scores.mean(), scores.std()`,
  () =>
    `%%time\n` +
    `gb = GradientBoostingClassifier(learning_rate=0.05, n_estimators=300)\n` +
    `gb_pipe = make_pipeline(pre, gb)\n` +
    `gb_pipe.fit(X_train, y_train)\n` +
    `proba = gb_pipe.predict_proba(X_val)[:, 1]\n` +
    `print('AUC', roc_auc_score(y_val, proba))`,
  () => `print(classification_report(y_val, gb_pipe.predict(X_val)))`,
  (i) =>
    `def add_features(frame, k=${(i % 9) + 1}):\n` +
    `    frame = frame.copy()\n` +
    `    for c in num_cols[:k]:\n` +
    `        frame[f'{c}_sq'] = frame[c] ** 2\n` +
    `        frame[f'{c}_rank'] = frame[c].rank(pct=True)\n` +
    `    return frame\n\n` +
    `X_train2 = add_features(X_train)\n` +
    `X_val2 = add_features(X_val)`,
  () =>
    `importances = pd.Series(rf.fit(pre.fit_transform(X_train), y_train).feature_importances_)\n` +
    `importances.sort_values().tail(15).plot.barh(figsize=(8, 6))`,
  () =>
    `sub = pd.DataFrame({'id': test['id'], 'target': gb_pipe.predict(test)})\n` +
    `sub.to_csv('submission.csv', index=False)\n` +
    `sub.head()`,
];

const MARKDOWN = [
  '# Exploratory analysis\nA first look at the data before modelling.',
  '## Missing values\nMost columns are complete; `income` has a few gaps.',
  '## Feature engineering\n- buckets for age\n- income per family member\n- log transform',
  '## Baseline\nA logistic regression in a pipeline, scored with F1 on the validation split.',
  '### Notes\n> The target is imbalanced (about 8% positives), so accuracy alone would mislead.',
];

function outputsFor(kind, count) {
  switch (kind % 4) {
    case 0:
      return [{ output_type: 'stream', name: 'stdout', text: [`(${1000 + count}, 24) (500, 23)\n`, '0.8123\n'] }];
    case 1:
      return [
        {
          output_type: 'execute_result',
          execution_count: count,
          metadata: {},
          data: {
            'text/plain': [
              '   age  income  family_size  target\n',
              '0   34   52000            3       0\n',
              '1   51   81000            2       1\n',
            ],
            'text/html': [
              '<div><table class="dataframe"><thead><tr><th></th><th>age</th><th>income</th></tr></thead>',
              '<tbody><tr><th>0</th><td>34</td><td>52000</td></tr></tbody></table></div>',
            ],
          },
        },
      ];
    case 2:
      return [
        {
          output_type: 'display_data',
          metadata: {},
          data: { 'image/png': PNG, 'text/plain': ['<Figure size 1500x800 with 6 Axes>'] },
        },
      ];
    default:
      return [];
  }
}

/**
 * A notebook of `cellCount` cells; without images its outputs are text and tables only (as large notebooks are kept).
 */
export function notebook(cellCount, variant, images = true) {
  const cells = [];
  let count = 0;
  for (let i = 0; i < cellCount; i++) {
    if (i % 5 === 1) {
      cells.push({
        cell_type: 'markdown',
        metadata: {},
        source: MARKDOWN[(i + variant) % MARKDOWN.length].split(/(?<=\n)/),
      });
      continue;
    }
    const make = i === 0 ? CODE_CELLS[0] : CODE_CELLS[1 + ((i * 7 + variant) % (CODE_CELLS.length - 1))];
    const ran = rand(10) > 0;
    if (ran) count += rand(5) === 0 ? 2 : 1;
    cells.push({
      cell_type: 'code',
      execution_count: ran ? count : null,
      metadata: {},
      outputs: ran ? outputsFor(i + variant, count).filter((o) => images || !o.data?.['image/png']) : [],
      source: make(i + variant).split(/(?<=\n)/),
    });
  }
  return JSON.stringify(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {
        kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
        language_info: { name: 'python', version: '3.10.12' },
      },
      cells,
    },
    null,
    1,
  );
}

// ---------------------------------------------------------------- generated folders on disk

/** Writes `files` (path → text) under `root`. */
function writeTree(root, files) {
  for (const [path, text] of Object.entries(files)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}

/** The notebooks `npm run bench` analyses: 40 of 20-80 cells and one of 200, with a requirements.txt. */
export function writeNotebooks(root) {
  seed = 7;
  const files = { 'requirements.txt': 'pandas==2.2.2\nscikit-learn==1.4.2\nmatplotlib\nseaborn\n' };
  const big = notebook(200, 0);
  for (let n = 0; n < 40; n++)
    files[`analysis_${String(n).padStart(2, '0')}.ipynb`] = notebook(20 + ((n * 13) % 60), n + 1);
  files['kaggle_200_cells.ipynb'] = big;
  writeTree(root, files);
  return Object.keys(files).length;
}

/** One notebook of `cells` cells without images, as a file of its own (the 1,000-cell figure). */
export function writeNotebook(path, cells) {
  seed = 11;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, notebook(cells, 3, false));
}

// Modules of an ML service, each a function of the service and module number so no two files are equal.
const MODULES = {
  data: (s, i) => `"""Loading and cleaning the ${s} data, part ${i}."""
from pathlib import Path

import numpy as np
import pandas as pd

RAW = Path("data/raw")
COLUMNS = ["id", "age", "income", "family_size", "region", "target"]


def load_raw_${i}(name: str = "${s}_${i}.csv") -> pd.DataFrame:
    frame = pd.read_csv(RAW / name, usecols=COLUMNS)
    frame = frame.drop_duplicates(subset=["id"])
    return frame


def clean_${i}(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["income"] = frame["income"].clip(lower=0)
    frame["age"] = frame["age"].fillna(frame["age"].median())
    frame["region"] = frame["region"].astype("category")
    for col in ("income", "family_size"):
        frame[col] = frame[col].replace({-1: np.nan})
    return frame.dropna(subset=["target"])
`,
  features: (s, i) => `"""Feature engineering for ${s}, block ${i}."""
import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin


class RatioFeatures${i}(BaseEstimator, TransformerMixin):
    """Adds ratios between numeric columns."""

    def __init__(self, columns=("income", "family_size"), eps=${(i % 9) + 1}e-3):
        self.columns = columns
        self.eps = eps

    def fit(self, X, y=None):
        self.means_ = {c: float(X[c].mean()) for c in self.columns}
        return self

    def transform(self, X):
        X = X.copy()
        a, b = self.columns
        X[f"{a}_per_{b}"] = X[a] / (X[b] + self.eps)
        X[f"{a}_centered"] = X[a] - self.means_[a]
        X["log_" + a] = np.log1p(X[a].clip(lower=0))
        return X


def bucketize_${i}(frame: pd.DataFrame, bins=(0, 18, 30, 45, 60, 120)) -> pd.DataFrame:
    frame = frame.copy()
    frame["age_bucket"] = pd.cut(frame["age"], bins=list(bins), labels=False)
    return frame
`,
  train: (s, i) =>
    `"""Training entry point ${i} of ${s}."""
import json
import random

import joblib
import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

SEED = ${i}
random.seed(SEED)
np.random.seed(SEED)


def main(path="data/processed/${s}.csv", out="models/${s}_${i}.joblib"):
    df = pd.read_csv(path)
    X = df.drop(columns=["target"])
    y = df["target"]
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=SEED)
    model = Pipeline([("scale", StandardScaler()), ` +
    `("rf", RandomForestClassifier(n_estimators=${100 + i}, random_state=SEED))])
    model.fit(X_train, y_train)
    proba = model.predict_proba(X_test)[:, 1]
    metrics = {"f1": f1_score(y_test, proba > 0.5), "auc": roc_auc_score(y_test, proba)}
    joblib.dump(model, out)
    with open("metrics_${i}.json", "w") as fh:
        json.dump(metrics, fh)
    return metrics


if __name__ == "__main__":
    main()
`,
  leaky: (s, i) => `"""An older experiment of ${s} (${i}): scales before splitting."""
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

df = pd.read_csv("data/${s}_${i}.csv")
X = df.drop(columns=["target"])
y = df["target"]
X = StandardScaler().fit_transform(X)
X_train, X_test, y_train, y_test = train_test_split(X, y)
clf = LogisticRegression().fit(X_train, y_train)
print(accuracy_score(y_test, clf.predict(X_test)))
`,
  util: (s, i) => `"""Helpers of ${s} (${i})."""
import logging
import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional

LOG = logging.getLogger(__name__)


@dataclass
class RunConfig${i}:
    name: str = "${s}"
    learning_rate: float = 0.0${(i % 9) + 1}
    epochs: int = ${10 + (i % 20)}
    tags: List[str] = field(default_factory=list)
    extra: Dict[str, str] = field(default_factory=dict)

    def output_dir(self, root: Optional[str] = None) -> str:
        base = root or os.environ.get("OUTPUT_DIR", "outputs")
        return os.path.join(base, self.name, str(self.epochs))


def describe_${i}(values: List[float]) -> Dict[str, float]:
    if not values:
        return {"n": 0.0}
    n = len(values)
    mean = sum(values) / n
    var = sum((v - mean) ** 2 for v in values) / max(n - 1, 1)
    LOG.info("described %d values", n)
    return {"n": float(n), "mean": mean, "std": var ** 0.5, "min": min(values), "max": max(values)}
`,
  test: (s, i) => `import pandas as pd
import pytest

from ${s.replace(/-/g, '_')}.features_${i} import RatioFeatures${i}


@pytest.fixture
def frame():
    return pd.DataFrame({"income": [1.0, 2.0, 3.0], "family_size": [1, 2, 3]})


def test_ratio_${i}(frame):
    out = RatioFeatures${i}().fit(frame).transform(frame)
    assert "income_per_family_size" in out.columns
    assert len(out) == len(frame)
`,
};
const KINDS = ['data', 'features', 'train', 'util', 'features', 'data', 'util', 'leaky'];

/**
 * An ML monorepo of `fileCount` files: services of 125 files each (`services/<name>/`, with a
 * requirements.txt, a Dockerfile, a config, two notebooks, tests and Python modules), the last one
 * smaller so the total is exact.
 */
export function writeMonorepo(root, fileCount) {
  seed = 13;
  const perService = 125;
  const files = {};
  let left = fileCount;
  for (let s = 0; left > 0; s++) {
    const name = `svc-${String(s).padStart(3, '0')}`;
    const pkg = name.replace(/-/g, '_');
    const dir = `services/${name}`;
    const own = {
      [`${dir}/requirements.txt`]: 'pandas==2.2.2\nnumpy==1.26.4\nscikit-learn==1.4.2\njoblib==1.4.2\n',
      [`${dir}/Dockerfile`]:
        `FROM python:3.11-slim\n` +
        `COPY . /app\n` +
        `RUN pip install -r /app/requirements.txt\n` +
        `CMD ["python", "-m", "${pkg}.train_0"]\n`,
      [`${dir}/configs/train.yaml`]: `seed: ${s}\nmodel:\n  n_estimators: ${100 + s}\n  max_depth: 8\n`,
      [`${dir}/src/${pkg}/__init__.py`]: `"""The ${name} service."""\n__version__ = "0.${s}.0"\n`,
      [`${dir}/notebooks/explore.ipynb`]: notebook(20 + (s % 30), s),
      [`${dir}/notebooks/baseline.ipynb`]: notebook(12 + (s % 10), s + 1),
    };
    const budget = Math.min(perService, left);
    const names = Object.keys(own).slice(0, budget);
    for (const n of names) files[n] = own[n];
    let i = 0;
    while (names.length < budget) {
      const n = names.length;
      if (n % 12 === 0) {
        const path = `${dir}/tests/test_features_${i}.py`;
        files[path] = MODULES.test(pkg, i);
        names.push(path);
      } else {
        const kind = KINDS[(i + s) % KINDS.length];
        const path = `${dir}/src/${pkg}/${kind}_${i}.py`;
        files[path] = MODULES[kind](name, i);
        names.push(path);
      }
      i++;
    }
    left -= budget;
  }
  writeTree(root, files);
  return Object.keys(files).length;
}
