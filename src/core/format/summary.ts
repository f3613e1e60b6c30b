// Figures every format shows: findings by severity, files with findings, skipped files by reason.
import { type Finding, SEVERITY_ORDER, type Severity, severityAtLeast } from '../model/findings';
import type { ProjectReport, WorkspaceReport } from '../model/report';

/** Findings counted by severity. */
export type SeverityCounts = Record<Severity, number>;

/** Counts findings by severity. */
export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** `2 warnings, 1 info` (loudest first, zero counts left out); `no findings` when empty. */
export function describeCounts(counts: SeverityCounts): string {
  const parts = SEVERITY_ORDER.filter((s) => counts[s] > 0).map(
    (s) => `${counts[s]} ${s === 'info' ? s : plural(counts[s], s)}`,
  );
  return parts.length ? parts.join(', ') : 'no findings';
}

/** `1 file`, `2 files`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return n === 1 ? word : many;
}

/** Every finding of the report. */
function allFindings(report: WorkspaceReport): Finding[] {
  return report.projects.flatMap((p) => p.findings);
}

/** Whether any finding is at or above `failOn` (`never` never fails): the CLI's exit code 1. */
export function hasFindingsAtOrAbove(report: WorkspaceReport, failOn: Severity | 'never'): boolean {
  if (failOn === 'never') return false;
  return allFindings(report).some((f) => severityAtLeast(f.severity, failOn));
}

/** Skipped paths counted by reason, most frequent first: `12 ignored, 1 too-large`. */
export function describeSkipped(project: Pick<ProjectReport, 'skipped'>): string {
  const byReason = new Map<string, number>();
  for (const s of project.skipped) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
  return [...byReason.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
}
