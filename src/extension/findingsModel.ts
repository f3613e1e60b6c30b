// The Findings view as data: every finding of every project grouped by rule, so findings in closed
// files and project-level ones (no tests, unpinned dependencies) have a home that is not a random file.
import type { Finding } from '../core/model/findings';
import type { ProjectReport, WorkspaceReport } from '../core/model/report';
import type { FolderState } from './levelView';
import { absolutePath } from './locations';

/** One finding as a tree row. */
export interface FindingRow {
  kind: 'finding';
  id: string;
  label: string;
  description: string;
  tooltip: string;
  icon: string;
  finding: Finding;
  folderKey: string;
  projectRoot: string;
}

/** A rule with its findings. */
export interface RuleGroup {
  kind: 'rule';
  id: string;
  code: string;
  label: string;
  description: string;
  children: FindingRow[];
}

const ICONS: Record<Finding['severity'], string> = { error: 'error', warning: 'warning', info: 'info', hint: 'lightbulb' };

/** Where a finding is, for a row: `train.py:7`, `eda.ipynb cell 3:2`, or the project. */
export function findingPlace(f: Finding, projectLabel: string): string {
  const r = f.range;
  if (!r) return projectLabel || 'project';
  return `${r.path}${r.cell !== undefined ? ` cell ${r.cell + 1}` : ''}:${r.startLine}`;
}

/** Groups the findings of all folders by rule code, rules in code order, findings in report order. */
export function buildFindingGroups(folders: FolderState[], multiProject: boolean): RuleGroup[] {
  const groups = new Map<string, RuleGroup>();
  for (const f of folders) {
    for (const p of f.report?.projects ?? []) {
      const projectLabel = p.root ? `${f.name}/${p.root}` : f.name;
      p.findings.forEach((finding, i) => {
        let g = groups.get(finding.code);
        if (!g) {
          g = { kind: 'rule', id: `rule:${finding.code}`, code: finding.code, label: `${finding.code} ${finding.rule}`, description: '', children: [] };
          groups.set(finding.code, g);
        }
        const place = findingPlace(finding, projectLabel);
        g.children.push({
          kind: 'finding',
          id: `${f.key}#${p.root}#${finding.code}#${i}`,
          label: multiProject && finding.range ? `${projectLabel}: ${place}` : place,
          description: finding.message,
          tooltip: finding.message,
          icon: ICONS[finding.severity],
          finding,
          folderKey: f.key,
          projectRoot: p.root,
        });
      });
    }
  }
  const out = [...groups.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  for (const g of out) g.description = `${g.children.length}`;
  return out;
}

/** A finding with what is needed to place it. */
export interface PlacedFinding {
  finding: Finding;
  report: WorkspaceReport;
  project: ProjectReport;
}

/** Findings with a range, by absolute path; a file seen by two nested workspace folders gets its findings once. */
export function findingsByPath(folders: FolderState[]): Map<string, PlacedFinding[]> {
  const out = new Map<string, PlacedFinding[]>();
  const seen = new Set<string>();
  for (const f of folders) {
    const report = f.report;
    if (!report) continue;
    for (const project of report.projects) {
      for (const finding of project.findings) {
        if (!finding.range) continue;
        const path = absolutePath(report, project, finding.range.path);
        const r = finding.range;
        const key = `${path}|${r.cell}|${r.startLine}:${r.startColumn}-${r.endLine}:${r.endColumn}|${finding.code}|${finding.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const list = out.get(path) ?? [];
        list.push({ finding, report, project });
        out.set(path, list);
      }
    }
  }
  return out;
}
