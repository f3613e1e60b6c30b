// `orchestration`: the training pipeline (load → split → train → evaluate → save) as a Prefect flow,
// or as an Airflow DAG when the project already uses Airflow, built on the split and config modules.
import type { NewFile } from '../../model/findings';
import type { ProjectModel } from '../../project/model';
import { fileText, pyLiteral } from '../emit';
import { type ProjectFacts, projectFacts } from '../facts';
import { importRoot, placeModule } from '../layout';
import { isPathTaken } from '../paths';
import { type Scaffold, type ScaffoldPlan, planFiles } from '../scaffold';
import { configFiles, configLoaderLocation, CONFIG_PATH } from './config';
import { splitFiles, splitLocation } from './split';
import { modelPathOf } from './api';

/** The orchestration scaffold. */
export const orchestrationScaffold: Scaffold = {
  id: 'orchestration',
  title: 'Training pipeline (Prefect flow or Airflow DAG)',
  description:
    'The training steps (load, split, train, evaluate, save) as a Prefect flow with retries, or as an Airflow DAG ' +
    'when the project already uses Airflow; built on the split and config modules.',
  level: 4,
  items: ['L4.orchestration', 'L2.pipeline'],
  plan(project: ProjectModel): ScaffoldPlan {
    const facts = projectFacts(project);
    const airflow = facts.uses.has('airflow') && !facts.uses.has('prefect');
    const notes: string[] = [];
    const candidates: NewFile[] = [];
    const split = splitLocation(facts);
    const loader = configLoaderLocation(facts);
    if (airflow) {
      candidates.push({ path: `dags/${facts.projectName}_training.py`, content: airflowDag(facts) });
      notes.push(
        'Airflow is already in the project, so the pipeline is an Airflow DAG (TaskFlow API, Airflow 2.4 or ' +
          'later); copy it into your dags folder if it is elsewhere.',
      );
    } else {
      const loc = placeModule(facts, 'training_flow.py', 'training_flow.py');
      candidates.push(...loc.inits, { path: loc.path, content: prefectFlow(facts) });
      notes.push(
        `Run the flow with: python -m ${loc.module}; schedule it with training_flow.serve(cron=...) or a Prefect ` +
          `deployment.`,
      );
      if (!facts.uses.has('prefect')) notes.push('Add prefect to your dependencies.');
    }
    if (!isPathTaken(project, split.path)) {
      candidates.push(...splitFiles(facts));
      notes.push(`Adds ${split.path} too: the pipeline splits with it.`);
    }
    if (!isPathTaken(project, loader.path) && !isPathTaken(project, CONFIG_PATH)) {
      candidates.push(...configFiles(facts));
      notes.push(`Adds ${CONFIG_PATH} and ${loader.path} too: the pipeline reads its settings from them.`);
    }
    notes.push('Training uses the numeric columns only: put your feature engineering in features().');
    return planFiles(project, candidates, notes);
  },
};

/** Shared Python: the feature selection and the metrics, identical in both orchestrators. */
function sharedHelpers(): string[] {
  return [
    `def features(df, cfg):`,
    `    """The model's inputs: every numeric column but the target and the time column.`,
    ``,
    `    Replace this with your feature engineering; keep anything that learns from data (scalers,`,
    `    encoders, imputers) inside the model pipeline so it is fitted on training rows only.`,
    `    """`,
    `    drop = [c for c in (cfg.data.target, cfg.data.time_column) if c]`,
    `    return df.drop(columns=drop).select_dtypes("number")`,
    ``,
    ``,
    `def make_model(cfg):`,
    `    # Imputation inside the pipeline learns medians from the training rows only: no leakage.`,
    `    return make_pipeline(SimpleImputer(strategy="median"), build_model(cfg))`,
    ``,
    ``,
    `def scores(model, df, cfg) -> dict:`,
    `    """Validation scores. The test set stays untouched until the final model is chosen."""`,
    `    y, predicted = df[cfg.data.target], model.predict(features(df, cfg))`,
    `    if is_classifier(model):`,
    `        return {"val_accuracy": float(metrics.accuracy_score(y, predicted)), "val_f1_macro": ` +
      `float(metrics.f1_score(y, predicted, average="macro"))}`,
    `    return {"val_mae": float(metrics.mean_absolute_error(y, predicted)), "val_rmse": ` +
      `float(metrics.mean_squared_error(y, predicted) ** 0.5)}`,
  ];
}

function prefectFlow(facts: ProjectFacts): string {
  const split = splitLocation(facts).module;
  const config = configLoaderLocation(facts).module;
  return fileText([
    `"""The training pipeline as a Prefect flow.`,
    ``,
    `    python -m ${placeModule(facts, 'training_flow.py', 'training_flow.py').module}`,
    ``,
    `Each step is a task: Prefect records its inputs, timing and state, retries the flaky ones (reading`,
    `data), and shows a failed run at the step that failed instead of in a notebook nobody reran.`,
    `"""`,
    `import json`,
    `from pathlib import Path`,
    `from typing import Optional`,
    ``,
    `import joblib`,
    `import pandas as pd`,
    `from prefect import flow, task`,
    `from sklearn import metrics`,
    `from sklearn.base import is_classifier`,
    `from sklearn.impute import SimpleImputer`,
    `from sklearn.pipeline import make_pipeline`,
    ``,
    `from ${config} import build_model, load_config`,
    `from ${split} import read_table, split_frame, time_cutoffs, time_split`,
    ``,
    `MODEL_PATH = ${pyLiteral(modelPathOf(facts))}`,
    `METRICS_PATH = "metrics.json"`,
    ``,
    ``,
    ...sharedHelpers(),
    ``,
    ``,
    `@task(retries=2, retry_delay_seconds=10)`,
    `def load_data(path: str) -> pd.DataFrame:`,
    `    return read_table(path)`,
    ``,
    ``,
    `@task`,
    `def split_data(df: pd.DataFrame, cfg):`,
    `    if cfg.data.time_column:`,
    `        val_start, test_start = time_cutoffs(df, cfg.data.time_column, cfg.split.val_size, cfg.split.test_size)`,
    `        return time_split(df, cfg.data.time_column, val_start, test_start)`,
    `    return split_frame(df, cfg.data.target, cfg.split.val_size, cfg.split.test_size, cfg.seed)`,
    ``,
    ``,
    `@task`,
    `def train(train_df: pd.DataFrame, cfg):`,
    `    model = make_model(cfg)`,
    `    model.fit(features(train_df, cfg), train_df[cfg.data.target])`,
    `    return model`,
    ``,
    ``,
    `@task`,
    `def evaluate(model, val_df: pd.DataFrame, cfg) -> dict:`,
    `    return scores(model, val_df, cfg)`,
    ``,
    ``,
    `@task`,
    `def save(model, results: dict, model_path: str, metrics_path: str) -> None:`,
    `    Path(model_path).parent.mkdir(parents=True, exist_ok=True)`,
    `    joblib.dump(model, model_path)`,
    `    Path(metrics_path).write_text(json.dumps(results, indent=2) + "\\n", encoding="utf-8")`,
    ``,
    ``,
    `@flow(name=${pyLiteral(`${facts.projectName.replace(/_/g, '-')}-training`)}, log_prints=True)`,
    `def training_flow(config_path: Optional[str] = None, model_path: str = MODEL_PATH, metrics_path: str = ` +
      `METRICS_PATH) -> dict:`,
    `    cfg = load_config(config_path)`,
    `    df = load_data(str(cfg.data.resolved_path))`,
    `    train_df, val_df, _test_df = split_data(df, cfg)`,
    `    model = train(train_df, cfg)`,
    `    results = evaluate(model, val_df, cfg)`,
    `    save(model, results, model_path, metrics_path)`,
    `    print(f"validation: {results}")`,
    `    return results`,
    ``,
    ``,
    `if __name__ == "__main__":`,
    `    # training_flow.serve(name="weekly", cron="0 3 * * 1") would run it on a schedule instead.`,
    `    training_flow()`,
  ]);
}

function airflowDag(facts: ProjectFacts): string {
  const split = splitLocation(facts).module;
  const config = configLoaderLocation(facts).module;
  const root = importRoot(facts);
  const imports = [
    `        from ${config} import build_model, load_config`,
    `        from ${split} import read_table, split_frame, time_cutoffs, time_split`,
  ];
  return fileText([
    `"""The training pipeline as an Airflow DAG (TaskFlow API, Airflow 2.4 or later).`,
    ``,
    `Tasks hand each other file paths, not data frames: XCom is for small values, and files let each`,
    `task run on a different worker. Heavy imports live inside the tasks, because the scheduler parses`,
    `this file every few seconds.`,
    `"""`,
    `import os`,
    `import sys`,
    `from datetime import datetime, timedelta`,
    `from pathlib import Path`,
    ``,
    `from airflow.decorators import dag, task`,
    ``,
    `# The project checkout the workers see; set PROJECT_ROOT when the DAG file is deployed elsewhere.`,
    `PROJECT_ROOT = Path(os.environ.get("PROJECT_ROOT", Path(__file__).resolve().parents[1]))`,
    `PROCESSED = PROJECT_ROOT / "data" / "processed"`,
    `MODEL_PATH = PROJECT_ROOT / ${pyLiteral(modelPathOf(facts))}`,
    ``,
    ``,
    `def _project_imports():`,
    `    # Makes the project importable on workers where it is not installed as a package.`,
    `    path = str(PROJECT_ROOT${root ? ` / ${pyLiteral(root)}` : ''})`,
    `    if path not in sys.path:`,
    `        sys.path.insert(0, path)`,
    ``,
    ``,
    `@dag(`,
    `    dag_id=${pyLiteral(`${facts.projectName}_training`)},`,
    `    schedule="@weekly",`,
    `    start_date=datetime(2024, 1, 1),`,
    `    catchup=False,  # do not backfill every week since start_date on first deploy`,
    `    default_args={"retries": 2, "retry_delay": timedelta(minutes=5)},`,
    `    tags=["ml", "training"],`,
    `)`,
    `def training():`,
    `    @task`,
    `    def prepare() -> str:`,
    `        _project_imports()`,
    ...imports,
    ``,
    `        cfg = load_config(PROJECT_ROOT / ${pyLiteral(CONFIG_PATH)})`,
    `        df = read_table(cfg.data.resolved_path)`,
    `        if cfg.data.time_column:`,
    `            cutoffs = time_cutoffs(df, cfg.data.time_column, cfg.split.val_size, cfg.split.test_size)`,
    `            parts = time_split(df, cfg.data.time_column, *cutoffs)`,
    `        else:`,
    `            parts = split_frame(df, cfg.data.target, cfg.split.val_size, cfg.split.test_size, cfg.seed)`,
    `        PROCESSED.mkdir(parents=True, exist_ok=True)`,
    `        for name, part in zip(("train", "val", "test"), parts):`,
    `            part.to_csv(PROCESSED / f"{name}.csv", index=False)`,
    `        return str(PROCESSED)`,
    ``,
    `    @task`,
    `    def train(processed: str) -> str:`,
    `        _project_imports()`,
    `        import joblib`,
    `        import pandas as pd`,
    `        from sklearn.impute import SimpleImputer`,
    `        from sklearn.pipeline import make_pipeline`,
    ``,
    `        from ${config} import build_model, load_config`,
    ``,
    `        cfg = load_config(PROJECT_ROOT / ${pyLiteral(CONFIG_PATH)})`,
    `        df = pd.read_csv(Path(processed) / "train.csv")`,
    `        drop = [c for c in (cfg.data.target, cfg.data.time_column) if c]`,
    `        # Imputation inside the pipeline learns from the training rows only: no leakage.`,
    `        model = make_pipeline(SimpleImputer(strategy="median"), build_model(cfg))`,
    `        model.fit(df.drop(columns=drop).select_dtypes("number"), df[cfg.data.target])`,
    `        MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)`,
    `        joblib.dump(model, MODEL_PATH)`,
    `        return str(MODEL_PATH)`,
    ``,
    `    @task`,
    `    def evaluate(model_path: str, processed: str) -> dict:`,
    `        _project_imports()`,
    `        import joblib`,
    `        import pandas as pd`,
    `        from sklearn import metrics`,
    `        from sklearn.base import is_classifier`,
    ``,
    `        from ${config} import load_config`,
    ``,
    `        cfg = load_config(PROJECT_ROOT / ${pyLiteral(CONFIG_PATH)})`,
    `        df = pd.read_csv(Path(processed) / "val.csv")`,
    `        model = joblib.load(model_path)`,
    `        drop = [c for c in (cfg.data.target, cfg.data.time_column) if c]`,
    `        y, predicted = df[cfg.data.target], model.predict(df.drop(columns=drop).select_dtypes("number"))`,
    `        # Validation only: the test set is scored once, by hand, for the model you ship.`,
    `        if is_classifier(model):`,
    `            return {"val_accuracy": float(metrics.accuracy_score(y, predicted)), "val_f1_macro": ` +
      `float(metrics.f1_score(y, predicted, average="macro"))}`,
    `        return {"val_mae": float(metrics.mean_absolute_error(y, predicted))}`,
    ``,
    `    processed = prepare()`,
    `    evaluate(train(processed), processed)`,
    ``,
    ``,
    `training()`,
  ]);
}
