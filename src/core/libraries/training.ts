// What a "training" call is. The checklist's training evidence (facts/codeFacts.ts), the rules' "this
// file trains a model" (semantic/callFacts.ts, the scope of ML401/ML402) and the editor's training hint
// (`UnitIndex.modelFits`) read these lists, so a call that trains for one trains for all.
import { type ApiRole, apiRole } from './catalog';
import { KERAS_ROOTS } from './mlLibraries';
import { isUnder } from '../python/imports';

/** Roles of library callables whose instances train with `.fit`: models, pipelines and searches. */
export const TRAINABLE_ROLES: ReadonlySet<ApiRole> = new Set<ApiRole>(['estimator', 'pipeline', 'search']);

/** Methods that train a compiled Keras model: `fit`, and the older `fit_generator` and `train_on_batch`. */
export const KERAS_TRAINING_METHODS: ReadonlySet<string> = new Set(['fit', 'fit_generator', 'train_on_batch']);

/** Library functions that train a booster from a dataset (`xgboost.train(params, dtrain)`), or cross-validate one. */
export const BOOSTER_TRAINING_CALLS: ReadonlySet<string> = new Set([
  'xgboost.train',
  'lightgbm.train',
  'catboost.train',
  'xgboost.cv',
  'lightgbm.cv',
]);

/**
 * Gradient steps of a training loop written with JAX or TensorFlow: `optax.apply_updates(params, updates)`, and
 * `optimizer.apply_gradients(zip(grads, variables))` after a `tf.GradientTape`.
 */
export function isGradientUpdate(qualified: string | undefined, method: string | undefined, args: number): boolean {
  if (qualified === 'optax.apply_updates') return true;
  return method === 'apply_gradients' && args >= 1;
}

/** Reinforcement-learning libraries whose agents train with `.learn(total_timesteps=...)`. */
const LEARN_LIBRARIES = ['stable_baselines3', 'sb3_contrib'];

/** True for `agent.learn(...)` on an agent built from a reinforcement-learning library. */
export function isAgentLearning(method: string | undefined, receiverType: string | undefined): boolean {
  return method === 'learn' && LEARN_LIBRARIES.some((l) => isUnder(receiverType, l));
}

/** True for a Keras model class (`keras.Sequential`, `tensorflow.keras.models.Model`), trained with `.fit`. */
function isKerasModelClass(qualified: string | undefined): boolean {
  if (!qualified) return false;
  return KERAS_ROOTS.some(
    (root) =>
      qualified === `${root}.Sequential` ||
      qualified === `${root}.Model` ||
      qualified === `${root}.models.Sequential` ||
      qualified === `${root}.models.Model`,
  );
}

/** True for a library class whose instances train with `.fit`: a model, pipeline or search, or a Keras model. */
export function isTrainableClass(qualified: string | undefined): boolean {
  const role = apiRole(qualified);
  return (role !== undefined && TRAINABLE_ROLES.has(role)) || isKerasModelClass(qualified);
}
