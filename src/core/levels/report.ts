// Turns checklist outcomes into the level report: reached level, progress per level, next steps.
import type { Finding } from '../model/findings';
import type { FoundationGap, ItemResult, LevelSummary } from '../model/report';
import type { ProjectModel } from '../project/model';
import type { ProjectIndex } from '../semantic/index';
import { LEVEL_ITEMS, LEVEL_TITLES } from './checklist';
import type { ItemOutcome, LevelItem } from './item';
import { formatEvidencePlace } from '../format/locations';
import { decideLevel, foundationGaps, LEVEL_RULES, levelReason } from './rule';

/** The level part of a project report. */
export interface LevelReport {
  level: number | null;
  /** One line on why: "Level 3: Dockerfile, serving API, CI; not yet: monitoring", or "No level yet: ...". */
  levelReason: string;
  levels: LevelSummary[];
  items: ItemResult[];
  /** Core items below the reached level that are not met (they do not hold the level back). */
  foundationGaps: FoundationGap[];
  nextSteps: ItemResult[];
}

/** Next steps shown at most: every foundation gap first, then the best steps toward higher levels. */
const MAX_NEXT_STEPS = 3;

/**
 * Evaluates every checklist item and decides the level with the level rule (src/core/levels/rule.ts): the
 * highest level whose defining capabilities the project substantially shows, partial evidence counting
 * partly, whatever gaps remain below. Those gaps are the foundation gaps and lead the next steps.
 */
export function buildLevelReport(
  index: ProjectIndex,
  findings: Finding[],
  items: readonly LevelItem[] = LEVEL_ITEMS,
): LevelReport {
  const project = index.project;
  const results: ItemResult[] = items.map((item) => {
    let outcome: ItemOutcome;
    try {
      outcome = item.detect({ project, findings, index });
    } catch (e) {
      project.problems.push({ path: '', message: `checklist item ${item.id} failed: ${(e as Error).message}` });
      outcome = { status: 'missing' as const, evidence: [], detail: 'could not be checked (internal error)' };
    }
    outcome = capByFindings(item, outcome, findings);
    outcome = capByBreadth(item, outcome, project);
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

  const { level, scores } = decideLevel(results);
  const levels: LevelSummary[] = [1, 2, 3, 4, 5].map((n) => {
    const mine = results.filter((r) => r.level === n && r.status !== 'not-applicable');
    const score = scores.find((x) => x.level === n);
    return {
      level: n,
      title: LEVEL_TITLES[n],
      met: mine.filter((r) => r.status === 'met').length,
      total: mine.length,
      score: score?.score ?? 0,
      reached: score?.reached ?? false,
    };
  });
  const labels = new Map(items.map((i) => [i.id, i.label]));
  const groupMet = new Set(
    items.filter((i) => i.coreGroup && results.find((r) => r.id === i.id)?.status === 'met').map((i) => i.coreGroup!),
  );
  const alternativesDone = new Set(items.filter((i) => i.coreGroup && groupMet.has(i.coreGroup)).map((i) => i.id));
  const reasonResults = results.filter((r) => !(alternativesDone.has(r.id) && r.status !== 'met'));
  const levelReasonText = levelReason(level, reasonResults, (id) => labels.get(id) ?? id);
  const gaps = foundationGaps(level, results);

  const target = project.config.targetLevel;
  const weightOf = new Map(items.map((i) => [i.id, i.weight]));
  const gapIds = new Set(gaps.map((g) => g.id));
  // Next steps: the foundation gaps first (lowest level, core, heaviest), then what the reached level
  // still lacks, then the levels above, nearest first, core before the rest, then by weight. Research is
  // a kind of project, not a step up from a service: Level 5 items are suggested only to projects that
  // already show some research.
  const doesResearch = results.some(
    (r) => r.level === 5 && r.id !== 'L5.custom-architecture' && (r.status === 'met' || r.status === 'partial'),
  );
  const open = results.filter(
    (r) =>
      (r.status === 'missing' || r.status === 'partial') &&
      (target === undefined || r.level <= target) &&
      !alternativesDone.has(r.id) &&
      (r.level < 5 || doesResearch || target === 5),
  );
  const reachedLevel = level ?? 0;
  const rank = (r: ItemResult): number =>
    gapIds.has(r.id)
      ? 0
      : r.level === reachedLevel
        ? 1
        : r.level > reachedLevel
          ? 1 + r.level - reachedLevel
          : 20 + r.level;
  const nextSteps = open
    .sort((a, b) => {
      const ga = gapIds.has(a.id);
      const gb = gapIds.has(b.id);
      if (ga !== gb) return ga ? -1 : 1;
      if (ga && a.level !== b.level) return a.level - b.level;
      const la = rank(a);
      const lb = rank(b);
      if (la !== lb) return la - lb;
      if (a.core !== b.core) return a.core ? -1 : 1;
      return (weightOf.get(b.id) ?? 0) - (weightOf.get(a.id) ?? 0);
    })
    .slice(0, Math.max(MAX_NEXT_STEPS, Math.min(gaps.length, MAX_NEXT_STEPS + 2)));
  const foundation: FoundationGap[] = gaps.map((g) => ({
    id: g.id,
    level: g.level,
    title: g.title,
    label: labels.get(g.id) ?? g.id,
    status: g.status as 'missing' | 'partial',
  }));
  return { level, levelReason: levelReasonText, levels, items: results, foundationGaps: foundation, nextSteps };
}

/** A project of at least this many notebooks and scripts is a collection when an anchor sits in one notebook. */
const COLLECTION_UNITS = 8;

/** The items that anchor Levels 4 and 5: what an industrial system or a research project is about. */
const BROAD_ANCHORS = new Set(LEVEL_RULES.filter((r) => r.level >= 4).flatMap((r) => r.anchors));

/**
 * What one notebook of many shows is a chapter, not the project: a book's or course's reinforcement-learning
 * chapter among twenty others (handson-ml3's `18_reinforcement_learning.ipynb`), or its chapter on training at
 * scale on a cloud platform, makes that anchor of Level 4 or 5 partly met, and so do two such chapters that
 * together make a research signal (handson-ml2's custom losses in chapter 12 and its agents in chapter 18): they
 * do not make the whole repository a research project or an industrial system. A research codebase in notebooks
 * shows its method in most of them (one notebook per algorithm); one in scripts spreads it over modules; a
 * platform project has manifests, pipelines or modules besides a notebook.
 */
export function capByBreadth(item: LevelItem, outcome: ItemOutcome, project: ProjectModel): ItemOutcome {
  if (!BROAD_ANCHORS.has(item.id) || outcome.status !== 'met') return outcome;
  const paths = new Set(outcome.evidence.map((e) => e.range?.path).filter((p) => p !== undefined));
  const units = project.python.length;
  // One notebook, or two that are under a quarter of the collection (a book's chapter on custom losses and
  // another on reinforcement learning).
  if (units < COLLECTION_UNITS) return outcome;
  const shown = [...paths] as string[];
  if (paths.size <= 2 && paths.size * 4 < units && shown.every((p) => project.notebooks.has(p))) {
    const which = shown.length === 1 ? `only ${shown[0]} shows it, one` : `only ${shown.join(' and ')} show it, two`;
    return {
      ...outcome,
      status: 'partial',
      detail: `${which} of ${units} notebooks and scripts: a chapter of the project, not its method`,
    };
  }
  // A book's or course's chapters as folders (`ch19/`, `week-8/`): one or two of them, under a quarter of the
  // project's notebooks and scripts, hold all of the evidence.
  const chapters = new Set(shown.map(chapterOf));
  if (chapters.size > 2 || [...chapters].some((c) => c === undefined)) return outcome;
  const inChapters = project.python.filter((u) => chapters.has(chapterOf(u.path))).length;
  if (inChapters * 4 >= units) return outcome;
  const names = [...chapters].map((c) => `${c}/`).join(' and ');
  return {
    ...outcome,
    status: 'partial',
    detail:
      `only ${names} ${chapters.size === 1 ? 'shows' : 'show'} it, ${inChapters} of ${units} notebooks and ` +
      'scripts: a chapter of the project, not its method',
  };
}

/** The chapter folder a path sits in (`ch19/`, `week-8/`, `lesson_3/`, `18_rl/`), or undefined. */
function chapterOf(path: string): string | undefined {
  const segments = path.split('/').slice(0, -1);
  return segments.find((s) => CHAPTER_FOLDER.test(s));
}

/** Folder names of a book's or course's parts. */
const CHAPTER_FOLDER = new RegExp(
  '^((ch(apter)?|week|lesson|lecture|module|part|unit|day|hw|homework|assignment|lab)[\\s_-]?\\d+' +
    '|\\d{1,2}[\\s_-][A-Za-z])',
  'i',
);

/**
 * A finding that bears on an item (its rule's `affects` names the item) takes a `met` back to partial when
 * it undermines all of the item's evidence: every file that shows the item also holds such a finding
 * (held-out evaluation whose only splits leak). When clean evidence remains elsewhere the item stays met,
 * and the findings join its evidence and detail, so one false alarm in one file cannot knock it down.
 * An item its own detector found partial keeps its own explanation.
 */
export function capByFindings(item: LevelItem, outcome: ItemOutcome, findings: readonly Finding[]): ItemOutcome {
  const bearing = findings.filter((f) => f.affects?.includes(item.id));
  // A partial item already says what is missing; only a `met` is taken back.
  if (bearing.length === 0 || outcome.status !== 'met') return outcome;
  const evidence = [...outcome.evidence];
  for (const f of bearing.slice(0, 3))
    evidence.push(f.range ? { note: `${f.code}: ${f.message}`, range: f.range } : { note: `${f.code}: ${f.message}` });
  const where = bearing[0].range ? ` at ${formatEvidencePlace(bearing[0].range)}` : '';
  const flagged = new Set(bearing.map((f) => f.range?.path));
  // Only code can carry a finding: a config file or a manifest among the evidence is not clean evidence.
  const places = outcome.evidence
    .map((e) => e.range?.path)
    .filter((p): p is string => p !== undefined && /\.(py|ipynb)$/.test(p));
  const undermined = places.length === 0 || places.every((p) => flagged.has(p)) || bearing.some((f) => !f.range);
  const codes = [...new Set(bearing.map((f) => f.code))].join(', ');
  const n = bearing.length;
  if (!undermined)
    return {
      status: 'met',
      evidence,
      detail:
        `met elsewhere, but ${n} finding${n === 1 ? '' : 's'} (${codes})${where} undermine${n === 1 ? 's' : ''} ` +
        `part of it`,
    };
  return {
    status: 'partial',
    evidence,
    detail: `${n} finding${n === 1 ? '' : 's'} (${codes})${where} undermine${n === 1 ? 's' : ''} this`,
  };
}
