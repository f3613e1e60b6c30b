// A fact is one thing the analyser saw in the project, with the place it saw it. Checklist items are
// decided from facts, and the facts' places become the evidence the report shows.
import type { SourceRange } from '../model/findings';
import type { Span } from '../python/ast';
import type { PythonUnit } from '../python/unit';

/** The kinds of facts the detectors record. */
export type FactKind =
  // Level 1 and 2: the data-science code itself.
  | 'data-load'
  | 'training'
  | 'evaluation'
  | 'split'
  | 'validation'
  | 'seed'
  | 'imbalance-handling'
  | 'stratification'
  | 'pr-metric'
  | 'imbalanced-target'
  | 'tuning'
  | 'pipeline'
  | 'test'
  | 'config-read'
  | 'config-file'
  | 'cli-options'
  | 'module-code'
  | 'local-import'
  // Level 3 and above: infrastructure, from code and from files.
  | 'dockerfile'
  | 'dockerfile-broken'
  | 'dev-container'
  | 'platform-build'
  | 'compose'
  | 'ci'
  | 'web-route'
  | 'serving'
  | 'demo-ui'
  | 'model-load'
  | 'batch-prediction'
  | 'data-versioning'
  | 'model-versioning'
  | 'monitoring'
  | 'logging-config'
  | 'load-test'
  | 'orchestration'
  | 'kubernetes'
  | 'cloud-platform'
  | 'experiment-tracking'
  | 'local-tracking'
  | 'distributed-training'
  | 'feature-store'
  | 'drift-detection'
  | 'retraining-trigger'
  | 'ab-test'
  | 'model-optimisation'
  // Level 5: research.
  | 'custom-architecture'
  | 'self-supervised'
  | 'rl-environment'
  | 'rl-toy-environment'
  | 'rl-agent'
  | 'custom-loss'
  | 'custom-optimizer'
  | 'paper-evaluation'
  | 'ablation'
  | 'paper-citation';

/** One observation, with where it was made. */
export interface Fact {
  kind: FactKind;
  /** A few words on what was seen: "trains RandomForestClassifier with .fit". */
  note: string;
  range: SourceRange;
}

/** A fact about a span of a Python unit. */
export function unitFact(unit: PythonUnit, span: Span, kind: FactKind, note: string): Fact {
  const r = unit.range(span);
  return { kind, note, range: r };
}

/** A fact about a line of a non-Python file (1-based line; the whole line). */
export function fileFact(path: string, line: number, kind: FactKind, note: string): Fact {
  return { kind, note, range: { path, startLine: line, startColumn: 1, endLine: line, endColumn: 1 } };
}

/** Orders facts by path, cell and line, so evidence reads top to bottom. */
export function compareFacts(a: Fact, b: Fact): number {
  const ra = a.range;
  const rb = b.range;
  if (ra.path !== rb.path) return ra.path < rb.path ? -1 : 1;
  if ((ra.cell ?? -1) !== (rb.cell ?? -1)) return (ra.cell ?? -1) - (rb.cell ?? -1);
  if (ra.startLine !== rb.startLine) return ra.startLine - rb.startLine;
  return ra.startColumn - rb.startColumn;
}
