// The Findings view as data: every finding of every project grouped by rule, so findings in closed
// files and project-level ones (no tests, unpinned dependencies) have a home that is not a random file.
import type { Finding } from '../core/model/findings';
import type { ProjectReport, WorkspaceReport } from '../core/model/report';
import type { FolderState } from './levelView';
import { formatEvidencePlace } from '../core/format/locations';
import { absolutePath } from './locations';
import { leadSentence } from './messageText';

/** One finding as a tree row: the message leads, the place follows (as the Problems panel does). */
export interface FindingRow {
  kind: 'finding';
  id: string;
  /** The finding's lead sentence. */
  label: string;
  /** Where it is: `train.py:7`, `eda.ipynb cell 3:2`. */
  description: string;
  tooltip: string;
  icon: string;
  /** Theme colour id of the icon, by severity. */
  iconColor: string;
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
  /** The loudest severity among its findings decides the rule's icon. */
  icon: string;
  iconColor: string;
  children: FindingRow[];
}

/** Theme icon and colour per severity, the ones the Problems panel uses. */
const SEVERITY_ICONS: Record<Finding['severity'], { icon: string; color: string }> = {
  error: { icon: 'error', color: 'problemsErrorIcon.foreground' },
  warning: { icon: 'warning', color: 'problemsWarningIcon.foreground' },
  info: { icon: 'info', color: 'problemsInfoIcon.foreground' },
  hint: { icon: 'lightbulb', color: 'editorLightBulb.foreground' },
};

const LOUDNESS: Finding['severity'][] = ['error', 'warning', 'info', 'hint'];

/** Where a finding is, for a row: `train.py:7`, `eda.ipynb cell 3:2`, or the project. */
export function findingPlace(f: Finding, projectLabel: string): string {
  const r = f.range;
  if (!r) return projectLabel || 'project';
  return formatEvidencePlace(r);
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
          g = {
            kind: 'rule',
            id: `rule:${finding.code}`,
            code: finding.code,
            label: `${finding.code} ${finding.rule}`,
            description: '',
            icon: '',
            iconColor: '',
            children: [],
          };
          groups.set(finding.code, g);
        }
        const place = findingPlace(finding, projectLabel);
        g.children.push({
          kind: 'finding',
          id: `${f.key}#${p.root}#${finding.code}#${i}`,
          // A tree label is plain text: backticks would only take room.
          label: leadSentence(finding.message).lead.replace(/\.$/, '').replace(/`/g, ''),
          description: multiProject && finding.range ? `${projectLabel}: ${place}` : place,
          tooltip: `${finding.message}\n\n${multiProject && finding.range ? `${projectLabel}: ${place}` : place}`,
          icon: SEVERITY_ICONS[finding.severity].icon,
          iconColor: SEVERITY_ICONS[finding.severity].color,
          finding,
          folderKey: f.key,
          projectRoot: p.root,
        });
      });
    }
  }
  const out = [...groups.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  for (const g of out) {
    g.description = `${g.children.length}`;
    const loudest = LOUDNESS.find((sev) => g.children.some((c) => c.finding.severity === sev)) ?? 'info';
    g.icon = SEVERITY_ICONS[loudest].icon;
    g.iconColor = SEVERITY_ICONS[loudest].color;
  }
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
        const place = `${r.cell}|${r.startLine}:${r.startColumn}-${r.endLine}:${r.endColumn}`;
        const key = `${path}|${place}|${finding.code}|${finding.message}`;
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
