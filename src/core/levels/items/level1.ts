// Level 1, notebook experiments: data loaded, a model trained, the model evaluated.
import { facts, metIfAny } from '../detect';
import type { LevelItem } from '../item';

/** The Level 1 checklist. */
export const LEVEL1_ITEMS: readonly LevelItem[] = [
  {
    id: 'L1.data-loaded',
    label: 'data loaded',
    level: 1,
    title: 'Data is loaded in code',
    why: 'Everything starts from data the code reads itself, so anyone can rerun the work from the same files.',
    detection:
      'Calls that read data: pandas/polars `read_*`, NumPy `load`, scikit-learn, torchvision, Keras and Hugging ' +
      'Face dataset loaders, PyTorch `DataLoader`, Spark `spark.read`; for reinforcement learning, an ' +
      'environment the agent interacts with.',
    core: true,
    weight: 10,
    // In reinforcement learning the environment is the data source: the agent learns from what it returns.
    detect: (ctx) =>
      metIfAny(
        facts(ctx, 'data-load', 'rl-environment', 'rl-toy-environment'),
        'no call that reads a dataset was found',
      ),
  },
  {
    id: 'L1.model-trained',
    label: 'a model trained',
    level: 1,
    title: 'A model is trained',
    why: 'A trained model is the heart of the project; the rest of the checklist is about trusting it and shipping it.',
    detection:
      '`.fit` on a model built from a known library (scikit-learn, XGBoost, LightGBM, CatBoost, statsmodels, ' +
      'Keras), `xgboost.train`/`lightgbm.train`, a PyTorch loop with `loss.backward()` and `optimizer.step()`, ' +
      'a JAX loop stepping with `optax.apply_updates` or a TensorFlow one with `optimizer.apply_gradients`, ' +
      'a Hugging Face `Trainer(...).train()`, a Spark MLlib estimator or `pyspark.ml.Pipeline` with `.fit`, or ' +
      'weights stepped against their gradient in a NumPy loop (`w -= gamma * grad`: a model written from scratch), ' +
      'or the `fit` or `train` method of a class written with NumPy that also predicts (a decision tree or a ' +
      'boosting regressor of your own), called outside the tests.',
    core: true,
    weight: 10,
    detect: (ctx) => metIfAny(facts(ctx, 'training'), 'no training call on a model from a known library was found'),
  },
  {
    id: 'L1.model-evaluated',
    label: 'a metric',
    level: 1,
    title: 'The model is evaluated with a metric',
    why: 'Without a number you cannot tell whether the model is any good, or whether a change made it better.',
    detection:
      '`sklearn.metrics` calls, `.score` on a model, Keras `.evaluate`, cross-validation, torchmetrics or Hugging ' +
      'Face `evaluate`, Spark MLlib evaluators, accuracy counted by hand with NumPy (`np.mean(pred == y)`); for an ' +
      'agent, its reward curve, drawn or logged (`logger.store(TestEpRet=ep_ret)`, `add_scalar("reward", ...)`).',
    core: true,
    weight: 9,
    detect: (ctx) => metIfAny(facts(ctx, 'evaluation'), 'no metric or evaluation call was found'),
  },
];
