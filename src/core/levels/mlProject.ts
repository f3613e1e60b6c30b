// Is this an ML project at all? A plain web app with Docker, an API and tests must stay quiet.
import type { ProjectModel } from '../project/model';

/** Libraries whose use makes code machine-learning code. pandas or NumPy alone do not. */
export const ML_LIBRARIES = [
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
];

/** Whether the project is an ML project, and why. */
export function classifyProject(project: ProjectModel): { isMl: boolean; reason: string } {
  for (const unit of project.python) {
    for (const lib of ML_LIBRARIES) {
      if (unit.imports.uses(lib)) {
        const stmt = unit.imports.statements.find((s) => (s.module ?? s.names.map((n) => n.name).join(',')).split(/[.,]/).includes(lib) || s.module?.startsWith(`${lib}.`) || s.names.some((n) => n.name === lib || n.name.startsWith(`${lib}.`)));
        const where = stmt ? unit.range(stmt) : undefined;
        return { isMl: true, reason: `${unit.path}${where ? `${where.cell !== undefined ? ` cell ${where.cell}` : ''}:${where.startLine}` : ''} imports ${lib}` };
      }
    }
  }
  return { isMl: false, reason: 'no Python file or notebook imports a machine-learning library' };
}
