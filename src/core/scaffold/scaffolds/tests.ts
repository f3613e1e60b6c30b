// `tests`: pytest tests for the data split and a training smoke test, runnable on a laptop in seconds
// because they build a small synthetic frame shaped like the project's data.
import type { ProjectModel } from '../../project/model';
import { fileText, pyCommentValue, pyLiteral } from '../emit';
import { type ProjectFacts, projectFacts } from '../facts';
import { importRoot } from '../layout';
import { type Scaffold, type ScaffoldPlan, planFiles } from '../scaffold';
import { isPathTaken } from '../paths';
import { configuredEstimator } from './config';
import { dataPathOf, splitFiles, splitLocation } from './split';

/** The tests scaffold. */
export const testsScaffold: Scaffold = {
  id: 'tests',
  title: 'Tests for the data split and training',
  description:
    'pytest tests that check the split (sizes, no shared rows, reproducible, stratified, time order) and that the ' +
    'model trains and predicts on a small synthetic frame.',
  level: 2,
  items: ['L2.tests'],
  plan(project: ProjectModel): ScaffoldPlan {
    const facts = projectFacts(project);
    const split = splitLocation(facts);
    const notes: string[] = [];
    const candidates = [
      { path: 'tests/conftest.py', content: conftest(facts) },
      { path: 'tests/test_data.py', content: testData(facts, split.module) },
      { path: 'tests/test_model.py', content: testModel(facts, split.module) },
    ];
    if (!isPathTaken(project, split.path)) {
      // The tests exercise the split module, so they bring it along when it is not there yet.
      candidates.push(...splitFiles(facts));
      notes.push(`Adds ${split.path} too: the data tests exercise it.`);
    }
    const est = configuredEstimator(facts);
    notes.push(
      est.fromCode
        ? `The training smoke test fits ${est.qualified}, the model your code uses; point it at your own training ` +
            `function when you have one.`
        : `No model was found in your code: the training smoke test fits ${est.qualified}; replace it with your ` +
            `own training function.`,
    );
    if (isPathTaken(project, 'tests/conftest.py')) {
      const root = importRoot(facts) || 'the project root';
      notes.push(
        `tests/conftest.py exists and was left alone: the new tests import ${split.module}, so make ${root} ` +
          `importable there (or pip install -e .).`,
      );
    }
    notes.push('Run them with: python -m pytest');
    return planFiles(project, candidates, notes);
  },
};

function conftest(facts: ProjectFacts): string {
  const root = importRoot(facts);
  return fileText([
    `"""Shared pytest setup: makes the project's modules importable without installing the project."""`,
    `import sys`,
    `from pathlib import Path`,
    ``,
    `ROOT = Path(__file__).resolve().parents[1]`,
    `sys.path.insert(0, str(ROOT${root ? ` / ${pyLiteral(root)}` : ''}))`,
  ]);
}

/** Python that builds a synthetic frame with the project's target, a date column and two features. */
function syntheticFrame(facts: ProjectFacts): string[] {
  const regression = facts.task === 'regression';
  const balance = regression ? '' : ' (imbalanced, 80/20)';
  return [
    `def make_frame(n: int = 400, seed: int = 0) -> pd.DataFrame:`,
    `    """A small frame shaped like the real data: two features, a date and the target${balance}."""`,
    `    rng = np.random.default_rng(seed)`,
    `    df = pd.DataFrame(`,
    `        {`,
    `            "feature_a": rng.normal(size=n),`,
    `            "feature_b": rng.uniform(0, 10, size=n),`,
    `            "event_date": pd.date_range("2023-01-01", periods=n, freq="D"),`,
    `        }`,
    `    )`,
    regression
      ? `    df[TARGET] = 3 * df["feature_a"] + df["feature_b"] + rng.normal(scale=0.1, size=n)`
      : `    df[TARGET] = (rng.uniform(size=n) < 0.2).astype(int)`,
    `    return df`,
  ];
}

function testData(facts: ProjectFacts, splitModule: string): string {
  const regression = facts.task === 'regression';
  return fileText([
    `"""Tests of the train/validation/test split: the guarantees every score relies on."""`,
    `from pathlib import Path`,
    ``,
    `import numpy as np`,
    `import pandas as pd`,
    `import pytest`,
    ``,
    `from ${splitModule} import DATA_PATH, TARGET, read_table, split_frame, time_cutoffs, time_split`,
    ``,
    `ROOT = Path(__file__).resolve().parents[1]`,
    ``,
    ``,
    ...syntheticFrame(facts),
    ``,
    ``,
    `def test_parts_cover_every_row_once():`,
    `    df = make_frame()`,
    `    train, val, test = split_frame(df)`,
    `    assert len(train) + len(val) + len(test) == len(df)`,
    `    # Shared rows between train and test would let the model be scored on rows it learned from.`,
    `    assert set(train.index).isdisjoint(val.index)`,
    `    assert set(train.index).isdisjoint(test.index)`,
    `    assert set(val.index).isdisjoint(test.index)`,
    ``,
    ``,
    `def test_sizes_follow_the_requested_shares():`,
    `    df = make_frame()`,
    `    train, val, test = split_frame(df, val_size=0.2, test_size=0.1)`,
    `    assert len(test) == pytest.approx(0.1 * len(df), abs=2)`,
    `    assert len(val) == pytest.approx(0.2 * len(df), abs=2)`,
    ``,
    ``,
    `def test_split_is_reproducible():`,
    `    df = make_frame()`,
    `    first = split_frame(df, seed=7)`,
    `    again = split_frame(df, seed=7)`,
    `    for a, b in zip(first, again):`,
    `        assert list(a.index) == list(b.index)`,
    ``,
    ``,
    ...(regression
      ? []
      : [
          `def test_stratified_split_keeps_the_class_balance():`,
          `    df = make_frame()`,
          `    overall = df[TARGET].mean()`,
          `    for part in split_frame(df, stratify=True):`,
          `        assert part[TARGET].mean() == pytest.approx(overall, abs=0.03)`,
          ``,
          ``,
        ]),
    `def test_time_split_puts_later_rows_in_validation_and_test():`,
    `    df = make_frame()`,
    `    val_start, test_start = time_cutoffs(df, "event_date")`,
    `    train, val, test = time_split(df, "event_date", val_start, test_start)`,
    `    assert len(train) + len(val) + len(test) == len(df)`,
    `    assert train["event_date"].max() < val["event_date"].min()`,
    `    assert val["event_date"].max() < test["event_date"].min()`,
    ``,
    ``,
    `def test_real_data_has_the_target_column():`,
    `    path = ROOT / DATA_PATH`,
    `    if not path.exists():`,
    `        pytest.skip(f"{DATA_PATH} is not in this checkout (fetch it with your data tooling)")`,
    `    try:`,
    `        df = read_table(path)`,
    `    except ImportError as e:  # Parquet needs pyarrow or fastparquet`,
    `        pytest.skip(f"cannot read {DATA_PATH}: {e}")`,
    `    assert TARGET in df.columns`,
    `    assert df[TARGET].notna().all(), "rows without a target cannot be trained or scored on"`,
    ``,
    ``,
    `def test_data_path_default_is_relative():`,
    `    # An absolute path only works on the machine that wrote it.`,
    `    assert not Path(DATA_PATH).is_absolute()`,
    ``,
    `# Data file the tests look for: ${pyCommentValue(dataPathOf(facts))}`,
  ]);
}

function testModel(facts: ProjectFacts, splitModule: string): string {
  const est = configuredEstimator(facts);
  const dot = est.qualified.lastIndexOf('.');
  const module = est.qualified.slice(0, dot);
  const cls = est.qualified.slice(dot + 1);
  const topLevel = module.split('.')[0];
  const regression = facts.task === 'regression';
  const params = Object.entries(est.params)
    // Big ensembles make a smoke test slow; a few trees prove the code path just as well.
    .map(([k, v]) => (k === 'n_estimators' && typeof v === 'number' && v > 20 ? `${k}=20` : `${k}=${pyLiteral(v)}`))
    // Only keyword-safe names can be written as dict(name=value).
    .filter((p) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(p));
  return fileText([
    `"""Training smoke test: the model trains, predicts the right shape, and is reproducible.`,
    ``,
    `It uses a tiny synthetic frame so it runs in seconds on every commit; point build_model at your`,
    `own training code (for example the config loader's build_model) when you have it.`,
    `"""`,
    `import inspect`,
    ``,
    `import numpy as np`,
    `import pandas as pd`,
    `import pytest`,
    ``,
    `from ${splitModule} import TARGET, split_frame`,
    ``,
    topLevel === 'sklearn'
      ? `from ${module} import ${cls}`
      : `${cls} = getattr(pytest.importorskip(${pyLiteral(module)}), ${pyLiteral(cls)})`,
    ``,
    `FEATURES = ["feature_a", "feature_b"]`,
    ``,
    ``,
    ...syntheticFrame(facts),
    ``,
    ``,
    `def build_model(seed: int = 0):`,
    `    """The model under test${est.fromCode ? ', with the hyperparameters your code uses' : ''}."""`,
    `    params = dict(${params.join(', ')})`,
    `    if "random_state" in inspect.signature(${cls}).parameters:`,
    `        params["random_state"] = seed`,
    `    return ${cls}(**params)`,
    ``,
    ``,
    `def train_on(df: pd.DataFrame, seed: int = 0):`,
    `    train, val, _ = split_frame(df, seed=seed)`,
    `    model = build_model(seed)`,
    `    model.fit(train[FEATURES], train[TARGET])`,
    `    return model, val`,
    ``,
    ``,
    `def test_model_trains_and_predicts_one_value_per_row():`,
    `    model, val = train_on(make_frame())`,
    `    predictions = model.predict(val[FEATURES])`,
    `    assert len(predictions) == len(val)`,
    regression
      ? `    assert np.isfinite(predictions).all()`
      : `    assert set(np.unique(predictions)) <= set(make_frame()[TARGET].unique())`,
    ``,
    ``,
    `def test_training_is_reproducible_with_a_seed():`,
    `    df = make_frame()`,
    `    first, val = train_on(df, seed=3)`,
    `    second, _ = train_on(df, seed=3)`,
    `    np.testing.assert_array_equal(first.predict(val[FEATURES]), second.predict(val[FEATURES]))`,
  ]);
}
