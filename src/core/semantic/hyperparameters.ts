// Hyperparameters written as literals into trainer calls: what ML401 reports and the extract-config fix
// moves to a configuration file.
import type { CallExpr, Keyword } from '../python/ast';
import { isUnder } from '../python/imports';
import type { PythonUnit } from '../python/unit';
import { isRunSetting } from '../libraries/tuning';
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
  return call.keywords.filter((k) => k.name && !isRunSetting(k.name) && isPlainLiteral(k.value));
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
