// The JSON report: the WorkspaceReport as is (docs/report-schema.json documents every field).
import type { WorkspaceReport } from '../model/report';

/** Options of the JSON report. */
export interface JsonOptions {
  /** Leave the findings out (each project's `findings` is empty and `levelOnly` is true). */
  levelOnly?: boolean;
}

/** Renders a workspace report as pretty-printed JSON with a trailing newline. */
export function formatJson(report: WorkspaceReport, options: JsonOptions = {}): string {
  const value = options.levelOnly
    ? { ...report, levelOnly: true, projects: report.projects.map((p) => ({ ...p, findings: [] })) }
    : report;
  return `${JSON.stringify(value, null, 2)}\n`;
}
