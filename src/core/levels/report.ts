// Turns checklist outcomes into the level report: reached level, progress per level, next steps.
import type { Finding } from '../model/findings';
import type { ItemResult, LevelSummary } from '../model/report';
import type { ProjectModel } from '../project/model';
import type { Memo } from '../rules/rule';
import { LEVEL_ITEMS, LEVEL_TITLES } from './checklist';
import type { ItemOutcome, LevelItem } from './item';
import { formatEvidencePlace } from '../format/locations';

/** The level part of a project report. */
export interface LevelReport {
  level: number | null;
  levels: LevelSummary[];
  items: ItemResult[];
  nextSteps: ItemResult[];
}

/**
 * Evaluates every checklist item. The reached level is the highest level whose core items are all met:
 * levels are not a strict ladder, so research code can be Level 5 without a Dockerfile, while the
 * report still lists the lower-level items it lacks.
 */
export function buildLevelReport(project: ProjectModel, findings: Finding[], memo: Memo, items: readonly LevelItem[] = LEVEL_ITEMS): LevelReport {
  const results: ItemResult[] = items.map((item) => {
    let outcome;
    try {
      outcome = item.detect({ project, findings, memo });
    } catch (e) {
      project.problems.push({ path: '', message: `checklist item ${item.id} failed: ${(e as Error).message}` });
      outcome = { status: 'missing' as const, evidence: [], detail: 'could not be checked (internal error)' };
    }
    outcome = capByFindings(item, outcome, findings);
    const r: ItemResult = {
      id: item.id,
      level: item.level,
      title: item.title,
      why: item.why,
      detection: item.detection,
      core: item.core,
      status: outcome.status,
      evidence: outcome.evidence,
    };
    if (outcome.detail) r.detail = outcome.detail;
    if (item.nextStep) r.nextStep = item.nextStep;
    return r;
  });

  const levels: LevelSummary[] = [1, 2, 3, 4, 5].map((level) => {
    const mine = results.filter((r) => r.level === level && r.status !== 'not-applicable');
    return {
      level,
      title: LEVEL_TITLES[level],
      met: mine.filter((r) => r.status === 'met').length,
      total: mine.length,
      reached: coreSatisfied(items.filter((i) => i.level === level), results),
    };
  });
  const reached = levels.filter((l) => l.reached).map((l) => l.level);
  const level = reached.length ? Math.max(...reached) : null;

  const target = project.config.targetLevel;
  const weightOf = new Map(items.map((i) => [i.id, i.weight]));
  // Next steps: the unmet items of the lowest level not yet complete, core before the rest, then by weight.
  const open = results.filter((r) => (r.status === 'missing' || r.status === 'partial') && (target === undefined || r.level <= target));
  const nextSteps = open
    .sort((a, b) => {
      const la = a.level <= (level ?? 0) ? a.level - 10 : a.level; // gaps below the reached level come first
      const lb = b.level <= (level ?? 0) ? b.level - 10 : b.level;
      if (la !== lb) return la - lb;
      if (a.core !== b.core) return a.core ? -1 : 1;
      return (weightOf.get(b.id) ?? 0) - (weightOf.get(a.id) ?? 0);
    })
    .slice(0, 3);
  return { level, levels, items: results, nextSteps };
}

/**
 * Whether a level's core items are satisfied: every core item without a group is met, and each group of
 * alternative core items has at least one met. A level without core items is never reached.
 */
export function coreSatisfied(levelItems: readonly LevelItem[], results: readonly ItemResult[]): boolean {
  const status = new Map(results.map((r) => [r.id, r.status]));
  const core = levelItems.filter((i) => i.core);
  if (core.length === 0) return false;
  const groups = new Map<string, boolean>();
  for (const item of core) {
    const met = status.get(item.id) === 'met';
    if (item.coreGroup === undefined) {
      if (!met) return false;
    } else {
      groups.set(item.coreGroup, (groups.get(item.coreGroup) ?? false) || met);
    }
  }
  return [...groups.values()].every(Boolean);
}

/**
 * A finding that bears on an item (its rule's `affects` names the item) keeps the item from being met:
 * held-out evaluation with leakage is at most partly met, and the finding joins the evidence.
 * An item its own detector found partial keeps its own explanation.
 */
export function capByFindings(item: LevelItem, outcome: ItemOutcome, findings: readonly Finding[]): ItemOutcome {
  const bearing = findings.filter((f) => f.affects?.includes(item.id));
  // A partial item already says what is missing; only a `met` is taken back.
  if (bearing.length === 0 || outcome.status !== 'met') return outcome;
  const evidence = [...outcome.evidence];
  for (const f of bearing.slice(0, 3)) evidence.push(f.range ? { note: `${f.code}: ${f.message}`, range: f.range } : { note: `${f.code}: ${f.message}` });
  const where = bearing[0].range ? ` at ${formatEvidencePlace(bearing[0].range)}` : '';
  const detail = `${bearing.length} finding${bearing.length === 1 ? '' : 's'} (${[...new Set(bearing.map((f) => f.code))].join(', ')})${where} undermine${bearing.length === 1 ? 's' : ''} this`;
  return { status: 'partial', evidence, detail };
}
