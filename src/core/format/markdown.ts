// A Markdown report fit for a pull-request comment: level table, next steps, findings table, details.
// Every piece of user text (paths, messages, evidence) is escaped so it cannot break the layout.
import type { Finding } from '../model/findings';
import type { ItemResult, ProjectReport, WorkspaceReport } from '../model/report';
import { formatEvidencePlace, formatLocation, workspacePath } from './locations';
import { ruleDocsUrl } from './ruleDocs';
import { countBySeverity, describeCounts, describeSkipped, plural } from './summary';

/** Options of the Markdown report. */
export interface MarkdownOptions {
  levelOnly?: boolean;
  /** At most this many findings in the table (PR comments have a size limit); the rest are counted. */
  maxFindings?: number;
}

const STATUS_ICON: Record<ItemResult['status'], string> = {
  met: '✅',
  partial: '🟡',
  missing: '⬜',
  'not-applicable': '➖',
};
const SEVERITY_ICON: Record<Finding['severity'], string> = {
  error: '🔴',
  warning: '🟠',
  info: '🔵',
  hint: '⚪',
};

/**
 * Escapes text for Markdown prose and table cells: no HTML, no emphasis, no links, no broken tables. GitHub
 * links `@name` to a user after rendering, and a backslash does not stop it: an empty HTML comment after the
 * `@` does (`@app.route` in a message must not notify a user called `app`).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1')
    .replace(/@(?=[\w-])/g, '@<!-- -->');
}

/** Escapes text but keeps its `code spans` (rule messages quote code that way) as safe code spans. */
export function escapeMarkdownWithCode(text: string, inTable = true): string {
  const parts = text.split(/`([^`\n]+)`/);
  return parts.map((part, i) => (i % 2 === 1 ? code(part, inTable) : escapeMarkdown(part))).join('');
}

/** Text shown as code (paths, locations): backticks inside become a plain quote; in a table cell a pipe is escaped. */
function code(text: string, inTable = true): string {
  const flat = text.replace(/`/g, "'").replace(/\r?\n|\r/g, ' ');
  return `\`${inTable ? flat.replace(/\|/g, '\\|') : flat}\``;
}

/** Renders a workspace report as Markdown. */
export function formatMarkdown(report: WorkspaceReport, options: MarkdownOptions = {}): string {
  const max = options.maxFindings ?? 50;
  const out: string[] = [];
  const many = report.projects.length > 1;
  out.push(`## ML Coach report`);
  out.push('');
  if (report.system) {
    const partLevel = (p: (typeof report.system.parts)[number]): string =>
      p.isMlProject ? (p.level === null ? 'no level yet' : `Level ${p.level}`) : 'not ML';
    const parts = report.system.parts.map((p) => `${code(p.root || '.', false)} (${partLevel(p)})`).join(', ');
    out.push(
      report.system.oneSystem
        ? `**One system** of ${parts}: ${escapeMarkdown(report.system.reason)}.`
        : `**Separate projects** ${parts}: ${escapeMarkdown(report.system.reason)}.`,
      '',
    );
  }
  for (const project of report.projects) {
    if (many || project.root) out.push(`### Project ${code(project.root || '.', false)}`, '');
    out.push(...projectSection(project, options.levelOnly ?? false, max, many || !!project.root));
  }
  const findings = report.projects.flatMap((p) => p.findings);
  const files = report.projects.reduce((a, p) => a + p.stats.files, 0);
  const counted = findings.length
    ? `${findings.length} ${plural(findings.length, 'finding')} (${describeCounts(countBySeverity(findings))})`
    : 'no findings';
  const tail = options.levelOnly ? '' : ` · ${counted}`;
  out.push(
    `<sub>ML Coach ${escapeMarkdown(report.tool.version)} · ${files} ${plural(files, 'file')} analysed${tail}</sub>`,
    '',
  );
  return out.join('\n');
}

function projectSection(project: ProjectReport, levelOnly: boolean, max: number, nested: boolean): string[] {
  const h = nested ? '####' : '###';
  const at = (path: string) => workspacePath(project, path);
  const out: string[] = [];
  if (!project.isMlProject) {
    out.push(`**Not an ML project**: ${escapeMarkdown(project.mlReason)}. No level and no ML findings.`, '');
  } else {
    const title =
      project.level === null
        ? ''
        : ` (${escapeMarkdown(project.levels.find((l) => l.level === project.level)?.title ?? '')})`;
    const reason = project.levelReason || (project.level === null ? 'No level yet' : `Level ${project.level}`);
    out.push(`**${escapeMarkdown(reason)}**${title}.`, '');
    if (project.foundationGaps.length) {
      const n = project.foundationGaps.length;
      const gaps = project.foundationGaps
        .map((g) => `${escapeMarkdown(g.label)}${g.status === 'partial' ? ' (partly)' : ''} ${code(g.id, false)}`)
        .join(', ');
      out.push(`${n} foundation ${plural(n, 'gap')} below Level ${project.level}: ${gaps}.`, '');
    }
    out.push('| Level | Title | Met | Score | Reached |', '|---:|---|---:|---:|:---:|');
    for (const l of [...project.levels].sort((a, b) => a.level - b.level)) {
      const name = l.level === project.level ? `**${l.level}**` : `${l.level}`;
      const score = `${Math.round(l.score * 100)}%`;
      out.push(`| ${name} | ${escapeMarkdown(l.title)} | ${l.met}/${l.total} | ${score} | ${l.reached ? '✅' : ''} |`);
    }
    out.push('');
    if (project.nextSteps.length) {
      out.push(`${h} Next steps`, '');
      project.nextSteps.forEach((item, i) => {
        const step = item.nextStep ? `: ${escapeMarkdown(item.nextStep.title)}` : '';
        const scaffold = item.nextStep?.scaffold
          ? ` (${code(`mlcoach scaffold ${item.nextStep.scaffold}`, false)})`
          : '';
        const gap = project.foundationGaps.some((g) => g.id === item.id) ? 'Foundation gap: ' : '';
        const why = escapeMarkdownWithCode(item.why, false);
        out.push(`${i + 1}. ${gap}**${escapeMarkdown(item.title)}**${step}${scaffold}. ${why}`);
      });
      out.push('');
    }
  }
  if (!levelOnly && project.findings.length) {
    out.push(`${h} Findings (${project.findings.length})`, '');
    out.push('| | Location | Rule | Message |', '|---|---|---|---|');
    for (const f of project.findings.slice(0, max)) {
      const where = f.range ? code(formatLocation(f.range, at(f.range.path))) : code(at('') || '.');
      const rule = `[${escapeMarkdown(f.code)}](${ruleDocsUrl(encodeURIComponent(f.code))}) ${escapeMarkdown(f.rule)}`;
      out.push(
        `| ${SEVERITY_ICON[f.severity]} ${f.severity} | ${where} | ${rule} | ${escapeMarkdownWithCode(f.message)} |`,
      );
    }
    if (project.findings.length > max)
      out.push('', `…and ${project.findings.length - max} more (run \`mlcoach check\` for all of them).`);
    out.push('');
  }
  if (project.isMlProject && project.items.length) {
    out.push('<details><summary>Checklist: every item with its evidence</summary>', '');
    out.push('| | Item | Level | Evidence |', '|---|---|---:|---|');
    for (const item of [...project.items].sort((a, b) => a.level - b.level)) {
      const evidence = item.evidence
        .slice(0, 3)
        .map((e) =>
          e.range
            ? `${code(formatEvidencePlace(e.range, at(e.range.path)))} ${escapeMarkdown(e.note)}`
            : escapeMarkdown(e.note),
        )
        .join('<br>');
      const detail = item.detail ? `${evidence ? '<br>' : ''}_${escapeMarkdown(item.detail)}_` : '';
      out.push(
        `| ${STATUS_ICON[item.status]} | ${escapeMarkdown(item.title)} ${code(item.id)}${item.core ? ' (core)' : ''} ` +
          `| ${item.level} ` +
          `| ${evidence}${detail} ` +
          `|`,
      );
    }
    out.push('', '</details>', '');
  }
  if (project.problems.length || project.skipped.length) {
    const counts = [
      project.problems.length ? `${project.problems.length} ${plural(project.problems.length, 'problem')}` : '',
      project.skipped.length ? `${project.skipped.length} skipped` : '',
    ]
      .filter(Boolean)
      .join(', ');
    out.push(`<details><summary>Files not fully analysed (${counts})</summary>`, '');
    for (const p of project.problems) {
      const place = p.path ? code(`${at(p.path)}${p.line ? `:${p.line}` : ''}`, false) : 'analysis';
      out.push(`- ${place}: ${escapeMarkdown(p.message)}`);
    }
    if (project.skipped.length) out.push(`- Skipped: ${escapeMarkdown(describeSkipped(project))}`);
    for (const s of project.skipped.filter((x) => x.reason !== 'ignored' && x.reason !== 'excluded').slice(0, 20)) {
      out.push(`  - ${code(at(s.path), false)}: ${s.reason}${s.detail ? ` (${escapeMarkdown(s.detail)})` : ''}`);
    }
    out.push('', '</details>', '');
  }
  return out;
}
