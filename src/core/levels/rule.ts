// The level rule: which level a project is at, in one line why, and which gaps remain below it.
// Levels are kinds of project (notebook experiments, a structured project, a production service, an
// industrial platform, research on new methods), not a ladder of hygiene: a project is at the highest
// level whose defining capabilities it substantially shows, and what it lacks further down is reported
// as foundation gaps instead of holding the level back.
import type { ItemResult } from '../model/report';
import type { ItemStatus } from './item';

/** How one level is decided: its defining capabilities with weights, the share it needs, and anchors. */
export interface LevelRule {
  level: 1 | 2 | 3 | 4 | 5;
  /** Item id → weight. Items with a weight count toward the score; the others add nothing to the level. */
  weights: Readonly<Record<string, number>>;
  /**
   * Weight the score is divided by: the weight of the capabilities that make the level (supporting
   * items may add beyond it, so the score can reach 1 without every item).
   */
  basis: number;
  /** The share of `basis` the level needs (0-1). */
  threshold: number;
  /** The level also needs one of these items met or partly met: what the kind of project is about. */
  anchors: readonly string[];
  /** Whether an anchor must be fully met (partial evidence of the anchor is not enough). */
  anchorMet?: boolean;
  /**
   * The anchor counts only when one of these is met or partly met too: code in modules makes a structured project
   * only with some other structure that holds it together (config files, a list of dependencies, tests). Helper
   * files a few notebooks of a Kaggle collection import, with nothing listed, configured or tested, are notebook
   * experiments with helpers.
   */
  anchorWith?: readonly string[];
  /**
   * The levels below whose unmet core items are foundation gaps of this level (research rests on Levels 1-2, not on a
   * Dockerfile).
   */
  foundations: readonly number[];
  /** One sentence for the docs: why the level is decided this way. */
  why: string;
}

/** Credit of an item status toward a level: met counts fully, partial evidence counts half. */
function credit(status: ItemStatus | undefined): number {
  if (status === 'met') return 1;
  if (status === 'partial') return 0.5;
  return 0;
}

/** The level rules, lowest level first. */
export const LEVEL_RULES: readonly LevelRule[] = [
  {
    level: 1,
    weights: { 'L1.data-loaded': 1, 'L1.model-trained': 1, 'L1.model-evaluated': 1 },
    basis: 3,
    threshold: 0.3,
    anchors: ['L1.data-loaded', 'L1.model-trained'],
    anchorMet: true,
    foundations: [],
    why:
      'Any real machine-learning work is Level 1: data prepared for a model, or a model trained, even without a ' +
      'metric yet.',
  },
  {
    level: 2,
    weights: {
      'L2.modules': 2,
      'L2.heldout-evaluation': 2,
      'L2.config-files': 1,
      'L2.seeds': 1,
      'L2.dependencies': 1,
      'L2.tests': 1,
      'L2.pipeline': 0.5,
      'L2.tuning': 0.5,
    },
    basis: 8,
    threshold: 0.55,
    anchors: ['L2.modules'],
    anchorWith: ['L2.config-files', 'L2.dependencies', 'L2.tests'],
    foundations: [1],
    why:
      'A structured project keeps its code in modules and shows most of the reproducibility habits (held-out ' +
      'evaluation, configuration, seeds, pinned dependencies, tests); one unseeded split or a few loose pins do ' +
      'not undo that. Modules are not structure by themselves: notebooks and scripts with their helper files are a ' +
      'collection of experiments until something holds them together: config files, a list of dependencies or tests.',
  },
  {
    level: 3,
    weights: {
      'L3.serving': 3,
      'L3.dockerfile': 2,
      'L3.ci': 2,
      'L3.versioning': 1.5,
      'L3.monitoring': 1.5,
      'L3.batch-and-online': 1,
      'L3.load-tests': 0.5,
    },
    basis: 10,
    threshold: 0.5,
    anchors: ['L3.serving', 'L3.batch-and-online'],
    foundations: [1, 2],
    why:
      'A production project delivers predictions (an API, a model server or a batch job) and ships them with a ' +
      'container, CI, versioned models and monitoring; about half of that, with the predictions, is production ' +
      'work.',
  },
  {
    level: 4,
    weights: {
      'L4.orchestration': 2,
      'L4.platform': 2,
      'L4.experiment-tracking': 2,
      'L4.distributed-training': 1,
      'L4.feature-store': 1.5,
      'L4.drift-retraining': 1.5,
      'L4.ab-testing': 1,
      'L4.model-optimisation': 0.5,
    },
    basis: 6,
    threshold: 0.6,
    anchors: ['L4.orchestration', 'L4.platform', 'L4.feature-store', 'L4.drift-retraining'],
    anchorMet: true,
    foundations: [1, 2, 3],
    why:
      'An industrial ML system runs its workflows on an orchestrator or platform and tracks its experiments; a ' +
      'feature store, drift-driven retraining, traffic splits and distributed training add to it. A tracker alone ' +
      'is a habit, not a system.',
  },
  {
    level: 5,
    weights: {
      'L5.self-supervised': 2,
      'L5.reinforcement-learning': 2,
      'L5.research-code': 2,
      'L5.custom-architecture': 1,
    },
    basis: 3,
    threshold: 0.75,
    anchors: ['L5.self-supervised', 'L5.reinforcement-learning', 'L5.research-code'],
    anchorMet: true,
    foundations: [1, 2],
    why:
      'Research means a new method: a self-supervised or reinforcement-learning training loop, or own losses ' +
      'and optimisers with ablations or paper-style evaluation, together with own modules or further research ' +
      'code; a custom layer stack alone is engineering of an applied project, and an agent trained with a library ' +
      'on a stock environment is a tutorial.',
  },
];

/** How far a project shows one level: its score (0-1, capped) and whether the level is reached. */
export interface LevelScore {
  level: number;
  score: number;
  reached: boolean;
}

/** Scores one level from the item results. */
export function scoreLevel(rule: LevelRule, results: readonly ItemResult[]): LevelScore {
  const status = new Map(results.map((r) => [r.id, r.status]));
  let sum = 0;
  for (const [id, w] of Object.entries(rule.weights)) sum += w * credit(status.get(id));
  const score = Math.min(1, sum / rule.basis);
  const held = !rule.anchorWith || rule.anchorWith.some((id) => credit(status.get(id)) > 0);
  const anchored =
    held && rule.anchors.some((id) => status.get(id) === 'met' || (!rule.anchorMet && status.get(id) === 'partial'));
  return {
    level: rule.level,
    score: Math.round(score * 100) / 100,
    reached: anchored && score >= rule.threshold - 1e-9,
  };
}

/** The reached level: the highest level whose rule holds, or null. */
export function decideLevel(
  results: readonly ItemResult[],
  rules: readonly LevelRule[] = LEVEL_RULES,
): { level: number | null; scores: LevelScore[] } {
  const scores = rules.map((r) => scoreLevel(r, results));
  const reached = scores.filter((s) => s.reached).map((s) => s.level);
  if (!reached.length) {
    // A service that serves a model trained elsewhere (it loads the model, a route predicts with it, nothing here
    // trains one) is production work however thin: the model's training is outside the project, not missing from
    // a ladder. Its Levels 1-2 items stay foundation gaps.
    const status = new Map(results.map((r) => [r.id, r.status]));
    const service = scores.find((s) => s.level === 3);
    if (service && status.get('L3.serving') === 'met' && status.get('L1.model-trained') !== 'met') {
      service.reached = true;
      return { level: 3, scores };
    }
  }
  return { level: reached.length ? Math.max(...reached) : null, scores };
}

/** The items that define a level (those with a weight in its rule), heaviest first. */
function definingItems(
  level: number,
  results: readonly ItemResult[],
  rules: readonly LevelRule[] = LEVEL_RULES,
): ItemResult[] {
  const rule = rules.find((r) => r.level === level);
  if (!rule) return [];
  return results
    .filter((r) => r.level === level && rule.weights[r.id] !== undefined)
    .sort((a, b) => rule.weights[b.id] - rule.weights[a.id]);
}

/**
 * Foundation gaps: core items of the levels the reached one rests on that are not met. They do not hold the
 * level back, and they are never hidden: they come first among the next steps.
 */
export function foundationGaps(
  level: number | null,
  results: readonly ItemResult[],
  rules: readonly LevelRule[] = LEVEL_RULES,
): ItemResult[] {
  const rule = rules.find((r) => r.level === level);
  if (!rule) return [];
  return results.filter(
    (r) => rule.foundations.includes(r.level) && r.core && (r.status === 'missing' || r.status === 'partial'),
  );
}

/** Capabilities named in the one-line reason at most. */
const REASON_ITEMS = 4;

/** One line on the level: "Level 3: Dockerfile, serving API, CI; not yet: monitoring". */
export function levelReason(
  level: number | null,
  results: readonly ItemResult[],
  labelOf: (id: string) => string,
): string {
  if (level === null) {
    const l1 = definingItems(1, results);
    const partly = l1.filter((r) => r.status === 'partial').map((r) => labelOf(r.id));
    const partlyMet = partly.length ? ` (partly: ${partly.join(', ')})` : '';
    return `No level yet: no dataset is loaded and no model is trained in code${partlyMet}`;
  }
  const mine = definingItems(level, results).filter((r) => r.status !== 'not-applicable');
  // The defining capabilities first (core, then by weight), at most four, so the line stays one line.
  const ordered = [...mine.filter((r) => r.core), ...mine.filter((r) => !r.core)];
  const shown = ordered.filter((r) => r.status === 'met').map((r) => labelOf(r.id));
  const partly = ordered.filter((r) => r.status === 'partial' && r.core).map((r) => `partly ${labelOf(r.id)}`);
  const notYet = mine.filter((r) => r.status === 'missing' && r.core).map((r) => labelOf(r.id));
  const has = [...shown, ...partly].slice(0, REASON_ITEMS).join(', ');
  return `Level ${level}: ${has || 'its defining items'}${notYet.length ? `; not yet: ${notYet.join(', ')}` : ''}`;
}
