// Hyperparameters written as literals into trainer calls: what ML401 reports and the extract-config fix
// moves to a configuration file.
import type { CallExpr, Keyword } from '../python/ast';
import { isUnder } from '../python/imports';
import type { PythonUnit } from '../python/unit';
import { type CallSite, type UnitCallView, isEstimatorCall, isPlainLiteral, lastName } from './callFacts';

/** A trainer call with several literal hyperparameters. */
export interface HyperparameterSite {
  call: CallExpr;
  /** What it trains or configures: `RandomForestClassifier`, `Trainer`, `fit`. */
  label: string;
  /** Its literal hyperparameter keywords. */
  literals: Keyword[];
}

/** Literal keyword arguments from this many on make a call worth reporting; one `max_iter=1000` is not. */
export const MIN_LITERALS = 2;

/** Keywords that are run settings, not hyperparameters: they stay in code. */
const NOT_HYPERPARAMETERS = new Set([
  'random_state',
  'seed',
  'random_seed',
  'n_jobs',
  'verbose',
  'verbosity',
  'silent',
  'device',
  'device_map',
  'gpu_id',
  'thread_count',
  'nthread',
  'num_threads',
  'n_threads',
  'use_label_encoder',
  'enable_categorical',
  'eval_metric',
  'objective',
  'callbacks',
  'validation_data',
  'shuffle',
  'workers',
  'use_multiprocessing',
  'copy',
  'copy_X',
  'warm_start',
  'cache_size',
  'output_dir',
  'logging_dir',
  'logging_steps',
  'save_steps',
  'save_strategy',
  'evaluation_strategy',
  'eval_strategy',
  'report_to',
  'logging_strategy',
  'save_total_limit',
  'push_to_hub',
  'run_name',
  'accelerator',
  'devices',
  'log_every_n_steps',
  'enable_progress_bar',
  'default_root_dir',
  'task_type',
  'class_weight',
  'probability',
  'dtype',
  'tree_method',
  'name',
  'params',
  // Set to silence convergence warnings rather than to tune the model.
  'max_iter',
]);

/** What a call trains or configures, for the message; undefined when it is not a trainer. */
function trainerLabel(site: CallSite, unit: PythonUnit): string | undefined {
  const q = site.qualified;
  if (q && isEstimatorCall(site)) return lastName(q);
  if (q && /^[A-Z]/.test(lastName(q))) {
    if (isUnder(q, 'torch.optim') || isUnder(q, 'tensorflow.keras.optimizers') || isUnder(q, 'keras.optimizers'))
      return lastName(q);
    if (q === 'transformers.TrainingArguments' || q === 'transformers.Seq2SeqTrainingArguments') return lastName(q);
    if (/^(pytorch_lightning|lightning(\.pytorch)?)\.Trainer$/.test(q)) return 'Trainer';
  }
  // Keras `model.fit(epochs=..., batch_size=...)`: only where Keras is imported.
  if (
    site.name === 'fit' &&
    site.call.func.kind === 'Attribute' &&
    (unit.imports.uses('tensorflow') || unit.imports.uses('keras'))
  ) {
    if (site.call.keywords.some((k) => k.name === 'epochs' || k.name === 'batch_size')) return 'fit';
  }
  return undefined;
}

function literalKeywords(call: CallExpr): Keyword[] {
  return call.keywords.filter((k) => k.name && !NOT_HYPERPARAMETERS.has(k.name) && isPlainLiteral(k.value));
}

/** The trainer calls of a unit with enough literal hyperparameters to report: `UnitIndex.hyperparameterSites`. */
export function collectHyperparameterSites(index: UnitCallView): HyperparameterSite[] {
  const out: HyperparameterSite[] = [];
  for (const site of index.callSites) {
    const label = trainerLabel(site, index.unit);
    if (!label) continue;
    const literals = literalKeywords(site.call);
    if (literals.length >= MIN_LITERALS) out.push({ call: site.call, label, literals });
  }
  return out;
}
