import assert from 'node:assert/strict';
import { projectFacts, toIdentifier } from '../../../src/core/scaffold/facts';
import { fixtureProject, notebook, projectFromFiles } from './projects';
import { unitIndex } from '../../../src/core/semantic/index';

describe('scaffold facts', () => {
  it('reads a Kaggle-style notebook: target, data path, model, seed, classification', async () => {
    const facts = projectFacts(await fixtureProject('titanic-notebook'));
    assert.equal(facts.layout, 'flat');
    assert.equal(facts.packageName, 'titanic_notebook');
    assert.equal(facts.packageNameSource, 'folder name');
    assert.equal(facts.target, 'Survived');
    assert.equal(facts.dataPath, 'data/train.csv');
    assert.equal(facts.task, 'classification');
    assert.deepEqual(facts.estimator, {
      qualified: 'sklearn.ensemble.RandomForestClassifier',
      params: { n_estimators: 100, max_depth: 5, random_state: 1 },
    });
    assert.equal(facts.seed, 1);
    assert.equal(facts.framework, 'sklearn');
    assert.equal(facts.timeColumn, undefined);
  });

  it('reads a src-layout package: name from pyproject, LightGBM, model path, python version', async () => {
    const facts = projectFacts(await fixtureProject('churn-service'));
    assert.equal(facts.layout, 'src');
    assert.equal(facts.packageDir, 'src/churn_predictor');
    assert.equal(facts.modulePrefix, 'churn_predictor.');
    assert.equal(facts.packageNameSource, 'pyproject.toml');
    assert.equal(facts.target, 'churned');
    assert.equal(facts.dataPath, 'data/processed/customers.parquet');
    assert.equal(facts.modelPath, 'models/churn.joblib');
    assert.equal(facts.framework, 'lightgbm');
    assert.equal(facts.task, 'classification');
    assert.equal(facts.seed, 7);
    assert.equal(facts.pythonVersion, '3.11');
    assert.deepEqual(facts.requirementsFiles, ['requirements.txt']);
    assert.ok(facts.hasTests);
    // signup_date is parsed but nothing orders by it: a date feature, not a time series.
    assert.equal(facts.timeColumn, undefined);
  });

  it('reads a flat regression script and resolves a notebook path relative to its folder', async () => {
    const facts = projectFacts(await fixtureProject('house-prices'));
    assert.equal(facts.layout, 'flat');
    assert.equal(facts.target, 'SalePrice');
    assert.equal(facts.task, 'regression');
    assert.deepEqual(facts.features, ['LotArea', 'OverallQual', 'GrLivArea', 'YearBuilt']);
    assert.equal(facts.dataPath, 'data/house_prices.csv');
    assert.equal(facts.estimator?.qualified, 'sklearn.linear_model.Ridge');
  });

  it('finds a time column only when the code orders by it', async () => {
    const facts = projectFacts(
      await projectFromFiles({
        'forecast.py': [
          'import pandas as pd',
          'sales = pd.read_csv("data/sales.csv", parse_dates=["date"])',
          'sales = sales.sort_values("date")',
          'y = sales["units"]',
        ].join('\n'),
      }),
    );
    assert.equal(facts.timeColumn, 'date');
    assert.equal(facts.target, 'units');
  });

  it('does not take a dropped id column for the target when the drop list holds a variable', async () => {
    const facts = projectFacts(
      await projectFromFiles({
        'prep.py': 'def xy(df, target):\n    X = df.drop(columns=[target, "customer_id"])\n    return X\n',
      }),
    );
    assert.equal(facts.target, undefined);
  });

  it('leaves the target undefined when nothing selects a single label column', async () => {
    const facts = projectFacts(
      await projectFromFiles({
        'eda.ipynb': notebook('import pandas as pd\ndf = pd.read_csv("data/raw.csv")', 'df.describe()\ncols = df["a"]'),
      }),
    );
    assert.equal(facts.target, undefined);
    assert.equal(facts.task, 'unknown');
    assert.equal(facts.estimator, undefined);
  });

  it('never takes words in comments or strings as facts', async () => {
    const facts = projectFacts(
      await projectFromFiles({
        'notes.py': ['# y = df["churn"]', 'text = "y = df[\'churn\']  RandomForestClassifier()"', 'print(text)'].join(
          '\n',
        ),
      }),
    );
    assert.equal(facts.target, undefined);
    assert.equal(facts.estimator, undefined);
  });

  it('takes the training file, not the unlabelled test file, of a Kaggle competition', async () => {
    const facts = projectFacts(
      await projectFromFiles({
        'digits.ipynb': notebook(
          'import pandas as pd\n' +
            'test = pd.read_csv("data/test.csv")\n' +
            'train = pd.read_csv("data/train.csv")\n' +
            'y = train["label"]',
        ),
      }),
    );
    assert.equal(facts.dataPath, 'data/train.csv');
    assert.equal(facts.target, 'label');
  });

  it('finds the target in a split call, a TARGET constant, and the model file Keras or a booster writes', async () => {
    const inSplit = projectFacts(
      await projectFromFiles({
        'diabetes.ipynb': notebook(
          'import pandas as pd\nfrom sklearn.model_selection import train_test_split\ndf = pd.read_csv("diabetes.csv")',
          'X_train, X_test, y_train, y_test = train_test_split(df.drop("Outcome", axis=1), df["Outcome"], ' +
            'test_size=0.2)',
        ),
      }),
    );
    assert.equal(inSplit.target, 'Outcome');
    const constant = projectFacts(
      await projectFromFiles({
        'train.py':
          'import pandas as pd\n' +
          'from tensorflow import keras\n' +
          'TARGET_COL = "is_fraud"\n' +
          'df = pd.read_csv("data/tx.csv")\n' +
          'y = df[TARGET_COL]\n' +
          'model = keras.Sequential()\n' +
          'model.save("models/fraud.keras")\n',
      }),
    );
    assert.equal(constant.target, 'is_fraud');
    assert.equal(constant.modelPath, 'models/fraud.keras');
    assert.equal(constant.framework, 'tensorflow');
    const booster = projectFacts(
      await projectFromFiles({
        'fit.py':
          'import xgboost as xgb\n' +
          'bst = xgb.train({}, dtrain)\n' +
          'bst.save_model("artifacts/xgb.json")\n' +
          'plt.savefig("loss.png")\n',
      }),
    );
    assert.equal(booster.modelPath, 'artifacts/xgb.json');
  });

  it('treats a data path outside the project as external', async () => {
    const facts = projectFacts(
      await projectFromFiles({
        'model.py': 'import pandas as pd\ndf = pd.read_csv("/home/anna/Downloads/churn.csv")\ny = df["Exited"]\n',
        'kaggle.ipynb': notebook('import pandas as pd\nraw = pd.read_csv("../input/titanic/train.csv")'),
      }),
    );
    assert.equal(facts.dataPath, undefined);
    assert.ok(
      facts.externalDataPath === '/home/anna/Downloads/churn.csv' ||
        facts.externalDataPath === '../input/titanic/train.csv',
    );
  });

  it('takes the package name from setup.py and a root-level package', async () => {
    const facts = projectFacts(
      await projectFromFiles({
        'setup.py':
          'from setuptools import setup, find_packages\nsetup(name="fraud-detector", packages=find_packages())\n',
        'fraud_detector/__init__.py': '',
        'fraud_detector/model.py': 'from xgboost import XGBClassifier\nclf = XGBClassifier(max_depth=4)\n',
        'tests/__init__.py': '',
      }),
    );
    assert.equal(facts.layout, 'package');
    assert.equal(facts.packageDir, 'fraud_detector');
    assert.equal(facts.packageNameSource, 'setup.py');
    assert.equal(facts.framework, 'xgboost');
  });

  it('picks a Python version that requires-python allows', async () => {
    const version = async (spec: string) =>
      projectFacts(await projectFromFiles({ 'pyproject.toml': `[project]\nname = "x"\nrequires-python = "${spec}"\n` }))
        .pythonVersion;
    assert.equal(await version('>=3.9'), '3.11');
    assert.equal(await version('>=3.12'), '3.12');
    assert.equal(await version('>=3.8,<3.11'), '3.10');
    assert.equal(await version('==3.9.*'), '3.9');
  });

  it('makes identifiers of any folder name', () => {
    assert.equal(toIdentifier('Churn-Predictor 2'), 'churn_predictor_2');
    assert.equal(toIdentifier('2024 thesis'), 'project_2024_thesis');
    assert.equal(toIdentifier('class'), 'class_project');
    assert.equal(toIdentifier('---'), 'project');
  });

  it('reads the data path, the split and the target from the unit index the rules and hints share', async () => {
    const project = await projectFromFiles({
      'train.py':
        'import numpy as np\n' +
        'import pandas as pd\n' +
        'from sklearn.model_selection import train_test_split\n' +
        'DATA = "data/customers.csv"\n' +
        'df = pd.read_csv(DATA)\n' +
        'folder = "data"\n' +
        'extra = pd.read_csv(folder + "/extra.csv")\n' +
        'X_tr, X_te, y_tr, y_te = train_test_split(\n' +
        '    df.drop(columns=["churn"]), df["churn"], test_size=0.25, random_state=3\n' +
        ')\n',
    });
    const facts = projectFacts(project);
    // A path through a named constant is the file read; a folder joined with a name is not a whole path.
    assert.equal(facts.dataPath, 'data/customers.csv');
    assert.equal(facts.target, 'churn');
    assert.deepEqual(facts.splitSizes, { val: 0.15, test: 0.25 });
    assert.equal(facts.seed, 3);
    const index = unitIndex(project.python.find((u) => u.path === 'train.py')!);
    assert.deepEqual(
      index.holdoutSplits.map((s) => [s.testSize, s.seed, s.label, s.droppedColumn]),
      [[0.25, 3, 'churn', 'churn']],
    );
    assert.deepEqual(
      index.dataReads.map((r) => [r.text, r.whole, r.direct]),
      [
        ['data/customers.csv', true, false],
        ['data', false, false],
      ],
    );
    // A NumPy array is no table the scaffolds could read with pandas.
    const numpyOnly = projectFacts(
      await projectFromFiles({ 'embed.py': 'import numpy as np\nvectors = np.load("data/vectors.npy")\n' }),
    );
    assert.equal(numpyOnly.dataPath, undefined);
  });
});
