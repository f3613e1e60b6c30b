// Scoring for `npm run ecosystem`: compares ML Coach's JSON reports on real repositories with labels a
// person wrote by reading those repositories. Pure functions, so the unit tests can pin the matching.

/** One labelled repository (test/ecosystem/labels.json). */
export interface RepoLabel {
  repo: string;
  commit: string;
  /** Sub-folder analysed as the workspace; "" is the whole repository. */
  path: string;
  kind: string;
  ml: boolean;
  level: number | null;
  range: [number, number] | null;
  half: Half;
  items: Record<string, boolean>;
  reason: string;
}

/** One labelled file (test/ecosystem/leakage-labels.json). */
export interface FileLabel {
  repo: string;
  commit: string;
  path: string;
  half: Half;
  leaks: LeakLabel[];
  notes?: string;
}

export interface LeakLabel {
  kind: string;
  /** Notebook: 0-based index into `cells` (markdown cells count). */
  cell?: number;
  /** 1-based line within the cell or the file. */
  line: number;
  what: string;
}

export type Half = 'tune' | 'measure';

/** The parts of the JSON report (docs/report-schema.json) the scoring reads. */
export interface ReportRange {
  path: string;
  cell?: number;
  startLine: number;
  endLine: number;
}
export interface ReportFinding {
  code: string;
  severity: string;
  message: string;
  range: ReportRange;
  /** Other places the finding points at (where a helper it is reported at fits, where the split is, ...). */
  related?: { range: ReportRange; message: string }[];
}
export interface ReportProject {
  root: string;
  isMlProject: boolean;
  level: number | null;
  items: { id: string; status: string }[];
  findings: ReportFinding[];
}
export interface WorkspaceReportJson {
  projects: ReportProject[];
  /** Set when the analysis rolls sibling projects up into one system. */
  system?: { oneSystem?: boolean; level: number | null } | null;
}

/**
 * Which labelled leak kinds each rule code can stand for. A finding matches a label when it is at the
 * label's place and its code lists the label's kind. Rules that report leakage and are not listed here
 * count against precision as "unmapped", so a new rule shows up rather than hiding.
 */
export const LEAKAGE_KINDS_BY_CODE: Record<string, readonly string[]> = {
  ML101: [
    'preprocessing-before-split',
    'function-transform-before-split',
    'selection-before-split',
    'vocabulary-before-split',
    'train-test-concat',
    'split-preprocess-split',
    'across-files',
    'stats-before-split',
    'target-leakage',
  ],
  // Rules that follow rows into another notebook or script count for a label of a leak across files too.
  ML102: ['resampling-before-split', 'across-files'],
  // A search fit on all rows and then scored on a part of them both chose and trained the model on those rows.
  ML103: ['test-used-for-selection', 'evaluated-on-training', 'across-files'],
  ML105: ['refit-on-test', 'across-files'],
  ML106: ['stats-before-split', 'train-test-concat', 'across-files'],
  ML107: ['vocabulary-before-split', 'train-test-concat', 'across-files'],
  ML108: ['target-leakage'],
  ML201: ['evaluated-on-training'],
  ML203: ['test-used-for-selection', 'across-files'],
};

/** Codes whose findings are scored as leakage findings. */
export function isLeakageCode(
  code: string,
  kindsByCode: Record<string, readonly string[]> = LEAKAGE_KINDS_BY_CODE,
): boolean {
  return code in kindsByCode;
}

/** How far (in lines) a finding in a .py file may be from the labelled line and still be the same leak. */
export const PY_LINE_SLACK = 3;

/**
 * The line the statement holding a line of a script starts on (`df["size"] = (` above a value written over several
 * lines): labellers mark a statement by its first line, a finding underlines the expression inside it.
 */
export type StatementStart = (line: number) => number;

/**
 * Whether a finding sits at a labelled leak's place (same cell in a notebook; in a script, a few lines away, or the
 * first line of the statement the finding starts in).
 */
export function samePlace(label: LeakLabel, range: ReportRange, statementStart?: StatementStart): boolean {
  if (label.cell !== undefined) return range.cell === label.cell;
  if (range.cell !== undefined) return false;
  if (statementStart?.(range.startLine) === label.line) return true;
  return range.startLine - PY_LINE_SLACK <= label.line && label.line <= range.endLine + PY_LINE_SLACK;
}

/**
 * Whether a finding shows a labelled leak's place: its own range is there (samePlace), or one of its related places
 * is on the labelled line itself. A leak inside a helper is reported where the helper is called, with the statistic's
 * line inside the helper as a related place (labellers mark either); the related place must hit the line exactly,
 * not within the slack, so that "the rows are split here" a few lines below a labelled fit does not count.
 */
export function showsPlace(label: LeakLabel, finding: ReportFinding, statementStart?: StatementStart): boolean {
  if (samePlace(label, finding.range, statementStart)) return true;
  return (finding.related ?? []).some(
    (r) =>
      r.range.path === finding.range.path &&
      r.range.cell === label.cell &&
      ((r.range.startLine <= label.line && label.line <= r.range.endLine) ||
        (label.cell === undefined && statementStart?.(r.range.startLine) === label.line)),
  );
}

export interface LeakMatch {
  label: LeakLabel;
  /** The finding that found it, or undefined (a miss). */
  finding?: ReportFinding;
  /** A leakage finding at the place but of a code that does not stand for this kind. */
  wrongKind?: ReportFinding;
}

export interface FileScore {
  matches: LeakMatch[];
  /** Leakage findings that match no label: false alarms. */
  falseAlarms: ReportFinding[];
  /**
   * The findings of other files (as reported, see `VisitorFinding.of`) that show a labelled leak's place here: each
   * points at a real leak, even where another finding took the label (two encoders of one helper, one call labelled),
   * so none is a false alarm of its own file.
   */
  shownElsewhere: ReportFinding[];
}

/** A finding of another file seen from a labelled file: `of` is the finding as reported. */
export interface VisitorFinding extends ReportFinding {
  of: ReportFinding;
}

/**
 * The findings of other files that show a place of the file at `path` (paths as `fullPath` gives them): a leak inside
 * a module's class or function is reported in the module, with the call in the file that runs it on all rows as a
 * related place, and labellers mark either. Each is seen from that file: only its related places there are kept, and
 * its own range is left out, so only a related place on the labelled line itself finds a leak.
 */
export function visitorsOf(
  path: string,
  findings: readonly ReportFinding[],
  fullPath: (p: string) => string = (p) => p,
): VisitorFinding[] {
  const out: VisitorFinding[] = [];
  for (const f of findings) {
    if (fullPath(f.range.path) === path) continue;
    const here = (f.related ?? []).filter((r) => fullPath(r.range.path) === path);
    if (!here.length) continue;
    out.push({
      ...f,
      of: f,
      // Far from any line, so that only its related places can be at a labelled place.
      range: { path, startLine: -1e9, endLine: -1e9 },
      related: here.map((r) => ({ ...r, range: { ...r.range, path } })),
    });
  }
  return out;
}

/**
 * Scores the leakage findings of one labelled file against its labels. `visitors` (see `visitorsOf`) can find its
 * leaks but are never its false alarms: they belong to the file they are reported in.
 */
export function scoreFile(
  label: FileLabel,
  findings: readonly ReportFinding[],
  kindsByCode = LEAKAGE_KINDS_BY_CODE,
  statementStart?: StatementStart,
  visitors: readonly VisitorFinding[] = [],
): FileScore {
  const leakage = findings.filter((f) => isLeakageCode(f.code, kindsByCode));
  const guests = visitors.filter((f) => isLeakageCode(f.code, kindsByCode));
  const used = new Set<ReportFinding>();
  const matches: LeakMatch[] = label.leaks.map((leak) => {
    const here = [...leakage, ...guests].filter((f) => showsPlace(leak, f, statementStart));
    const right =
      here.find((f) => !used.has(f) && (kindsByCode[f.code] ?? []).includes(leak.kind)) ??
      here.find((f) => (kindsByCode[f.code] ?? []).includes(leak.kind));
    if (right) {
      used.add(right);
      return { label: leak, finding: right };
    }
    return { label: leak, wrongKind: here[0] };
  });
  // A finding at a labelled place, even of another kind, is not a false alarm: it points at a real leak.
  for (const m of matches) if (m.wrongKind) used.add(m.wrongKind);
  const falseAlarms = leakage.filter(
    (f) => !used.has(f) && !label.leaks.some((leak) => showsPlace(leak, f, statementStart)),
  );
  const shownElsewhere = guests
    .filter((f) => label.leaks.some((leak) => showsPlace(leak, f, statementStart)))
    .map((f) => f.of);
  return { matches, falseAlarms, shownElsewhere };
}

export interface KindTally {
  labelled: number;
  found: number;
}

export interface LeakageTally {
  files: number;
  byKind: Map<string, KindTally>;
  truePositives: number;
  falseAlarms: number;
  /** Labelled leaks found (any kind at the place counts for recall "at place", the right kind for recall). */
  found: number;
  foundAtPlace: number;
  labelled: number;
}

export function emptyTally(): LeakageTally {
  return { files: 0, byKind: new Map(), truePositives: 0, falseAlarms: 0, found: 0, foundAtPlace: 0, labelled: 0 };
}

export function addFileScore(tally: LeakageTally, score: FileScore): void {
  tally.files++;
  for (const m of score.matches) {
    const k = tally.byKind.get(m.label.kind) ?? { labelled: 0, found: 0 };
    k.labelled++;
    tally.labelled++;
    if (m.finding) {
      k.found++;
      tally.found++;
      tally.foundAtPlace++;
    } else if (m.wrongKind) tally.foundAtPlace++;
    tally.byKind.set(m.label.kind, k);
  }
  tally.truePositives += score.matches.filter((m) => m.finding || m.wrongKind).length;
  tally.falseAlarms += score.falseAlarms.length;
}

export function recall(t: LeakageTally): number {
  return t.labelled === 0 ? 1 : t.found / t.labelled;
}

/** Precision over findings: matched findings / (matched + false alarms). */
export function precision(t: LeakageTally): number {
  const all = t.truePositives + t.falseAlarms;
  return all === 0 ? 1 : t.truePositives / all;
}

/**
 * The level ML Coach gives a labelled repository: the system's when it rolled projects up, else the one ML project's,
 * else the highest.
 */
export function reportedLevel(report: WorkspaceReportJson): { level: number | null; ml: boolean; note: string } {
  const ml = report.projects.filter((p) => p.isMlProject);
  if (report.system && report.system.oneSystem !== false)
    return { level: report.system.level, ml: ml.length > 0, note: 'system' };
  if (ml.length === 0) return { level: null, ml: false, note: 'not ML' };
  if (ml.length === 1) return { level: ml[0].level, ml: true, note: '' };
  const levels = ml.map((p) => p.level ?? 0);
  const best = Math.max(...levels);
  return {
    level: best === 0 ? null : best,
    ml: true,
    note: `${ml.length} projects (${ml.map((p) => `${p.root || '.'}=${p.level ?? '-'}`).join(', ')})`,
  };
}

/**
 * Item ids ML Coach counts as met anywhere in the report's ML projects (a partly met item is not ticked, as a label is
 * not).
 */
export function presentItems(report: WorkspaceReportJson): Set<string> {
  const present = new Set<string>();
  for (const p of report.projects) {
    if (!p.isMlProject) continue;
    for (const item of p.items) if (item.status === 'met') present.add(item.id);
  }
  return present;
}

export interface RepoScore {
  label: RepoLabel;
  got: number | null;
  gotMl: boolean;
  note: string;
  /** ML repos: level within the labelled range. Non-ML repos: no ML project and no findings. */
  ok: boolean;
  itemsAgreed: number;
  itemsTotal: number;
  itemMisses: { id: string; label: boolean; got: boolean }[];
  findings: number;
}

export function scoreRepo(label: RepoLabel, report: WorkspaceReportJson): RepoScore {
  const { level, ml, note } = reportedLevel(report);
  const findings = report.projects.reduce((n, p) => n + p.findings.length, 0);
  let ok: boolean;
  if (!label.ml) ok = !ml && findings === 0;
  else ok = label.range !== null && level !== null && level >= label.range[0] && level <= label.range[1];
  const present = presentItems(report);
  const itemMisses: RepoScore['itemMisses'] = [];
  let agreed = 0;
  let total = 0;
  if (label.ml) {
    for (const [id, want] of Object.entries(label.items)) {
      total++;
      const got = present.has(id);
      if (got === want) agreed++;
      else itemMisses.push({ id, label: want, got });
    }
  }
  return { label, got: level, gotMl: ml, note, ok, itemsAgreed: agreed, itemsTotal: total, itemMisses, findings };
}
