// The terminal report: the level ladder, the next steps, findings by file, problems, and a summary line.
import type { Finding } from '../model/findings';
import type { ItemResult, ProjectReport, WorkspaceReport } from '../model/report';
import { formatEvidencePlace, formatLocation, workspacePath } from './locations';
import { type Style, makeStyle } from './style';
import { countBySeverity, describeCounts, describeSkipped, plural } from './summary';
import { terminalSafe, terminalSafeData } from './terminal';

/** Options of the text report. */
export interface TextOptions {
  /** ANSI colours (the CLI turns them on for a TTY without NO_COLOR). */
  color?: boolean;
  /** Leave the findings out: only the level report. */
  levelOnly?: boolean;
  /** Put in front of every path so it resolves from where the user ran the command (e.g. `projects/churn/`). */
  pathPrefix?: string;
}

/** Skip reasons that are expected housekeeping, only counted; the others are listed by name. */
const ROUTINE_SKIPS = new Set(['ignored', 'excluded']);
const LISTED_SKIPS = 5;

/** Renders a workspace report for a terminal. */
export function formatText(workspace: WorkspaceReport, options: TextOptions = {}): string {
  // Every string printed comes from the report or the options: made terminal-safe once, styled after.
  const report = terminalSafeData(workspace);
  const s = makeStyle(options.color ?? false);
  const prefix = terminalSafe(options.pathPrefix ?? '');
  const lines: string[] = [];
  lines.push(`${s.bold('ML Coach')} ${s.dim(`${report.tool.version} · ${report.root}`)}`);
  const many = report.projects.length > 1;
  for (const project of report.projects) {
    const at = (path: string) => prefix + workspacePath(project, path);
    lines.push('');
    if (report.system?.oneSystem) lines.push(...systemLines(report, s));
    if (many || project.root) lines.push(s.bold(s.cyan(`Project ${project.root || '.'}`)));
    lines.push(...ladder(project, s));
    if (project.isMlProject)
      lines.push(...nextSteps(project.nextSteps, s, at, new Set(project.foundationGaps.map((g) => g.id))));
    if (!options.levelOnly) lines.push(...findingsByFile(project.findings, s, at));
    lines.push(...problemsAndSkipped(project, s, at));
  }
  if (report.system && !report.system.oneSystem) lines.push('', s.dim(`Sub-projects: ${report.system.reason}.`));
  lines.push('', summaryLine(report, s, options.levelOnly ?? false));
  return `${lines.join('\n')}\n`;
}

function systemLines(report: WorkspaceReport, s: Style): string[] {
  const sys = report.system!;
  const parts = sys.parts
    .map(
      (p) =>
        `${p.root || '.'} (${p.isMlProject ? (p.level === null ? 'no level yet' : `Level ${p.level}`) : 'not ML'})`,
    )
    .join(', ');
  return [s.bold(s.cyan(`One system of ${sys.parts.length} parts: ${parts}`)), s.dim(`Why one system: ${sys.reason}.`)];
}

function ladder(project: ProjectReport, s: Style): string[] {
  if (!project.isMlProject) {
    return [
      `${s.bold('Not an ML project')}: ${project.mlReason}.`,
      s.dim('No level and no ML findings: ML Coach stays quiet here.'),
    ];
  }
  const out: string[] = [];
  const why = s.dim(`(an ML project: ${project.mlReason})`);
  out.push(`${s.bold(headline(project))} ${why}`);
  if (project.foundationGaps.length) out.push(s.yellow(foundationLine(project)));
  const width = Math.max(0, ...project.levels.map((l) => l.title.length));
  for (const l of [...project.levels].sort((a, b) => b.level - a.level)) {
    const current = l.level === project.level;
    const marker = current ? s.green('▶') : ' ';
    const progress = `${l.met}/${l.total}`.padStart(5);
    const bar = progressBar(l.met, l.total);
    const label = `Level ${l.level}  ${l.title.padEnd(width)}`;
    const tag = current ? s.green(' reached') : l.reached ? s.dim(' shown') : '';
    out.push(
      `${marker} ${current ? s.bold(label) : label}  ${l.reached ? s.green(bar) : s.dim(bar)} ${progress}${tag}`,
    );
  }
  return out;
}

/** The level and its one-line reason: "Level 3: Dockerfile, serving API, CI; not yet: monitoring". */
function headline(project: ProjectReport): string {
  if (project.levelReason) return project.levelReason;
  return project.level === null ? 'No level yet' : `Level ${project.level}`;
}

/** "2 foundation gaps below Level 3: seeds, pinned dependencies". */
function foundationLine(project: ProjectReport): string {
  const n = project.foundationGaps.length;
  const gaps = project.foundationGaps.map((g) => g.label + (g.status === 'partial' ? ' (partly)' : '')).join(', ');
  return `${n} foundation ${plural(n, 'gap')} below Level ${project.level}: ${gaps}`;
}

function progressBar(met: number, total: number, width = 10): string {
  const filled = total > 0 ? Math.round((met / total) * width) : 0;
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

function nextSteps(steps: ItemResult[], s: Style, at: (p: string) => string, gaps: ReadonlySet<string>): string[] {
  if (!steps.length) return [];
  const out = ['', s.bold('Next steps')];
  steps.forEach((item, i) => {
    const action = item.nextStep ? ` — ${item.nextStep.title}` : '';
    const gap = gaps.has(item.id) ? s.yellow('foundation gap: ') : '';
    const partly = item.status === 'partial' ? ', partly met' : '';
    out.push(`  ${i + 1}. ${gap}${s.bold(item.title)}${action} ${s.dim(`[${item.id}${partly}]`)}`);
    out.push(`     ${item.why}`);
    if (item.detail) out.push(`     ${s.dim(item.detail)}`);
    if (item.status === 'partial' && item.evidence.length) {
      const e = item.evidence[0];
      out.push(
        `     ${s.dim(`seen: ${e.range ? `${formatEvidencePlace(e.range, at(e.range.path))} ` : ''}${e.note}`)}`,
      );
    }
    if (item.nextStep?.scaffold) out.push(`     ${s.cyan(`mlcoach scaffold ${item.nextStep.scaffold}`)}`);
  });
  return out;
}

function severityLabel(f: Finding, s: Style): string {
  const text = f.severity.padEnd(7);
  if (f.severity === 'error') return s.red(text);
  if (f.severity === 'warning') return s.yellow(text);
  if (f.severity === 'info') return s.blue(text);
  return s.dim(text);
}

function findingsByFile(findings: Finding[], s: Style, at: (p: string) => string): string[] {
  if (!findings.length) return [];
  const out = ['', s.bold(`Findings (${findings.length})`)];
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = f.range ? f.range.path : '';
    const group = groups.get(key) ?? [];
    group.push(f);
    groups.set(key, group);
  }
  for (const [path, group] of groups) {
    out.push(s.bold(path ? at(path) : '(project)'));
    for (const f of group) {
      const where = f.range ? formatLocation(f.range, at(f.range.path)) : at('') || '.';
      out.push(`  ${s.dim(where)}  ${severityLabel(f, s)} ${f.message} ${s.dim(`${f.code} ${f.rule}`)}`);
      for (const r of f.related ?? [])
        out.push(`      ${s.dim(`↳ ${formatLocation(r.range, at(r.range.path))}: ${r.message}`)}`);
      const fix = f.fixes?.find((x) => x.isPreferred) ?? f.fixes?.[0];
      if (fix) out.push(`      ${s.green(`fix: ${fix.title}`)}`);
    }
  }
  return out;
}

function problemsAndSkipped(project: ProjectReport, s: Style, at: (p: string) => string): string[] {
  const out: string[] = [];
  if (project.problems.length) {
    out.push('', s.bold(`Problems (${project.problems.length})`));
    for (const p of project.problems)
      out.push(`  ${s.dim(p.path ? `${at(p.path)}${p.line ? `:${p.line}` : ''}` : 'analysis')}: ${p.message}`);
  }
  if (project.skipped.length) {
    const skipped = `${project.skipped.length} ${plural(project.skipped.length, 'path')}`;
    out.push('', `${s.bold('Skipped')} ${skipped}: ${describeSkipped(project)}`);
    const notable = project.skipped.filter((x) => !ROUTINE_SKIPS.has(x.reason));
    for (const x of notable.slice(0, LISTED_SKIPS))
      out.push(`  ${s.dim(at(x.path))}: ${x.reason}${x.detail ? ` (${x.detail})` : ''}`);
    if (notable.length > LISTED_SKIPS) out.push(`  ${s.dim(`and ${notable.length - LISTED_SKIPS} more`)}`);
  }
  return out;
}

/** The last line: level(s), findings and what was read. */
function summaryLine(report: WorkspaceReport, s: Style = makeStyle(false), levelOnly = false): string {
  const levelPart = report.projects
    .map((p) => {
      const name = report.projects.length > 1 ? `${p.root || '.'}: ` : '';
      const gaps = p.foundationGaps.length
        ? ` (${p.foundationGaps.length} foundation ${plural(p.foundationGaps.length, 'gap')})`
        : '';
      const system = report.system?.oneSystem ? 'system ' : '';
      return (
        name +
        (p.isMlProject ? (p.level === null ? 'no level yet' : `${system}Level ${p.level}${gaps}`) : 'not an ML project')
      );
    })
    .join(', ');
  const findings = report.projects.flatMap((p) => p.findings);
  const files = new Set(findings.filter((f) => f.range).map((f) => f.range!.path));
  const counts = countBySeverity(findings);
  const findingPart = levelOnly
    ? null
    : findings.length
      ? `${findings.length} ${plural(findings.length, 'finding')} (${describeCounts(counts)}) ` +
        `in ${files.size} ${plural(files.size, 'file')}`
      : 'no findings';
  const stats = report.projects.reduce(
    (a, p) => ({
      files: a.files + p.stats.files,
      notebooks: a.notebooks + p.stats.notebooks,
      pythonFiles: a.pythonFiles + p.stats.pythonFiles,
    }),
    { files: 0, notebooks: 0, pythonFiles: 0 },
  );
  const notebooks = `${stats.notebooks} ${plural(stats.notebooks, 'notebook')}`;
  const statPart = `${stats.files} ${plural(stats.files, 'file')} (${stats.pythonFiles} Python, ${notebooks})`;
  const coloured = counts.error ? s.red : counts.warning ? s.yellow : s.green;
  return [s.bold(levelPart), findingPart === null ? null : coloured(findingPart), s.dim(statPart)]
    .filter((x) => x !== null)
    .join(' · ');
}
