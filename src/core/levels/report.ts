// Turns checklist outcomes into the level report: reached level, progress per level, next steps.
import type { Finding } from '../model/findings';
import type { ItemResult, LevelSummary } from '../model/report';
import type { ProjectModel } from '../project/model';
import type { Memo } from '../rules/rule';
import { LEVEL_ITEMS, LEVEL_TITLES } from './checklist';
import type { LevelItem } from './item';

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
    const core = mine.filter((r) => r.core);
    return {
      level,
      title: LEVEL_TITLES[level],
      met: mine.filter((r) => r.status === 'met').length,
      total: mine.length,
      reached: core.length > 0 && core.every((r) => r.status === 'met'),
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
