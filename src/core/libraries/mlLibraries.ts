// Which libraries make code machine-learning code, and which of them train models. One list serves the
// checklist's "is this an ML project" (levels/mlProject.ts), the rules' "does this file train a model"
// (the scope of ML401/ML402) and the code facts' training evidence.
import { isUnder } from '../python/imports';

/** Libraries whose model objects train with `.fit` (besides scikit-learn's, which the catalog knows). */
export const FIT_LIBRARIES: readonly string[] = [
  'sklearn',
  'xgboost',
  'lightgbm',
  'catboost',
  'imblearn',
  'statsmodels',
  'tensorflow.keras',
  'keras',
  'tf_keras',
  'prophet',
  'pmdarima',
  'sktime',
  'pytorch_lightning',
  'lightning',
  'fastai',
  'ngboost',
  'interpret',
  'pygam',
  'hmmlearn',
  'umap',
  'hdbscan',
  'lifelines',
  'skorch',
  'sentence_transformers',
  'autogluon',
  'pycaret',
  'tabpfn',
  'gensim',
];

/** Import roots of Keras: its model types compile, fit and evaluate. */
export const KERAS_ROOTS: readonly string[] = ['tensorflow.keras', 'keras', 'tf_keras'];

/** True for a qualified name in Keras, standalone or under TensorFlow. */
export function isKeras(q: string | undefined): boolean {
  return KERAS_ROOTS.some((k) => isUnder(q, k));
}

/**
 * Libraries whose use makes code machine-learning code: these and every library that trains models
 * (`FIT_LIBRARIES`), so a file that fits a pyGAM or UMAP model is ML code for the rules as it is for the
 * checklist. pandas or NumPy alone do not count.
 */
export const ML_LIBRARIES: readonly string[] = [
  ...new Set([
    'sklearn',
    'torch',
    'tensorflow',
    'keras',
    'xgboost',
    'lightgbm',
    'catboost',
    'statsmodels',
    'transformers',
    'jax',
    'flax',
    'imblearn',
    'pytorch_lightning',
    'lightning',
    'optuna',
    'mlflow',
    'wandb',
    'sentence_transformers',
    'gymnasium',
    'gym',
    'stable_baselines3',
    'prophet',
    'fastai',
    'peft',
    'trl',
    'datasets',
    'diffusers',
    'timm',
    'ultralytics',
    'spacy',
    'gensim',
    'torchvision',
    'torchaudio',
    'onnxruntime',
    'tensorflow_hub',
    'tensorflow_datasets',
    'keras_tuner',
    'skopt',
    'hyperopt',
    'lightly',
    'pytorch_metric_learning',
    'deepspeed',
    'accelerate',
    'bentoml',
    'autogluon',
    'pycaret',
    'sktime',
    'pmdarima',
    'category_encoders',
    'shap',
    'torch_geometric',
    'dgl',
    'evidently',
    'feast',
    'kfp',
    'sagemaker',
    'mlxtend',
    'tfx',
    'tensorflow_model_analysis',
    'ray.serve',
    'ray.train',
    'ray.tune',
    ...FIT_LIBRARIES,
  ]),
];
