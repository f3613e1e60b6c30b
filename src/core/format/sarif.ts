// SARIF 2.1.0 for code scanning (GitHub and others): rule metadata with help, results with locations,
// related locations, fixes and fingerprints, and the level report in the run's properties.
import type { Finding, Fix, Severity, SourceRange } from '../model/findings';
import type { ProjectReport, WorkspaceReport } from '../model/report';
import type { Rule, RuleMeta } from '../rules/rule';
import { ALL_RULES } from '../rules/registry';
import { formatPlaceInFile, workspacePath } from './locations';
import { ruleDocMarkdown, ruleDocText, ruleDocsUrl } from './ruleDocs';
import { stableHash } from './hash';

/** The base id every artifact uri is relative to; `originalUriBaseIds` maps it to the analysed folder. */
export const SRCROOT = '%SRCROOT%';

/** Options of the SARIF report. */
export interface SarifOptions {
  /** Rules to describe in `tool.driver.rules` (all registered rules by default). */
  rules?: readonly Rule[];
  /** Leave the results out: only the level report in the run's properties. */
  levelOnly?: boolean;
}

type Json = Record<string, unknown>;

/** SARIF `level` of a severity: info and hint are notes. */
export function sarifLevel(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** Renders a workspace report as a SARIF 2.1.0 log (an object; `JSON.stringify` it). */
export function toSarif(report: WorkspaceReport, options: SarifOptions = {}): Json {
  const metas = (options.rules ?? ALL_RULES).map((r) => r.meta);
  const findings = options.levelOnly
    ? []
    : report.projects.flatMap((p) => p.findings.map((f) => ({ project: p, finding: f })));
  // Findings of a rule not in the list (a disabled or third-party rule) still get a descriptor.
  for (const { finding } of findings) {
    if (!metas.some((m) => m.code === finding.code)) metas.push(stubMeta(finding));
  }
  metas.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const ruleIndex = new Map(metas.map((m, i) => [m.code, i]));
  const seen = new Map<string, number>();
  const results = findings.map(({ project, finding }) =>
    toResult(project, finding, ruleIndex.get(finding.code)!, seen),
  );
  const notifications = report.projects.flatMap((p) =>
    p.problems.map((problem) => {
      const n: Json = {
        level: 'warning',
        message: { text: problem.path ? `${workspacePath(p, problem.path)}: ${problem.message}` : problem.message },
      };
      if (problem.path)
        n.locations = [
          {
            physicalLocation: {
              artifactLocation: artifact(workspacePath(p, problem.path)),
              ...(problem.line ? { region: { startLine: problem.line } } : {}),
            },
          },
        ];
      return n;
    }),
  );
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ML Coach',
            fullName: 'ML Coach: machine-learning project maturity and ML mistakes',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: 'https://github.com/mlcoach/ml-coach',
            rules: metas.map(ruleDescriptor),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: fileUri(report.root) } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
        results,
        properties: { mlcoach: levelReport(report) },
      },
    ],
  };
}

function ruleDescriptor(meta: RuleMeta): Json {
  return {
    id: meta.code,
    name: meta.name,
    shortDescription: { text: meta.title },
    fullDescription: { text: firstParagraph(meta.docs.whatItDoes) },
    help: { text: ruleDocText(meta), markdown: ruleDocMarkdown(meta) },
    helpUri: ruleDocsUrl(meta.code),
    defaultConfiguration: { level: sarifLevel(meta.defaultSeverity) },
    properties: {
      category: meta.category,
      level: meta.level,
      fix: meta.fix,
      tags: ['machine-learning', meta.category],
      precision: 'high',
    },
  };
}

function toResult(project: ProjectReport, f: Finding, index: number, seen: Map<string, number>): Json {
  const result: Json = {
    ruleId: f.code,
    ruleIndex: index,
    level: sarifLevel(f.severity),
    message: { text: f.message },
    locations: [f.range ? location(project, f.range) : projectLocation(project, f)],
  };
  if (f.related?.length) {
    result.relatedLocations = f.related.map((r, i) => ({
      id: i + 1,
      ...location(project, r.range),
      message: { text: r.message },
    }));
  }
  const fixes = (f.fixes ?? []).map((fix) => sarifFix(project, fix)).filter((x): x is Json => x !== undefined);
  if (fixes.length) result.fixes = fixes;
  // Stable across line moves: rule, file, cell and message, plus an occurrence count for repeats.
  const base = stableHash(
    [f.code, f.range ? workspacePath(project, f.range.path) : project.root, f.range?.cell ?? '', f.message].join(
      '\u0000',
    ),
  );
  const n = (seen.get(base) ?? 0) + 1;
  seen.set(base, n);
  result.partialFingerprints = { 'mlcoachFinding/v1': `${base}:${n}` };
  const props: Json = { rule: f.rule, severity: f.severity };
  if (f.range?.cell !== undefined) props.cell = f.range.cell;
  if (f.affects?.length) props.affects = f.affects;
  if (f.tags?.length) props.tags = f.tags;
  result.properties = props;
  return result;
}

/**
 * A location; in a notebook it points at the .ipynb file, the region's lines are within the cell, and the cell index is
 * in a property bag.
 */
function location(project: ProjectReport, range: SourceRange): Json {
  const loc: Json = {
    physicalLocation: { artifactLocation: artifact(workspacePath(project, range.path)), region: region(range) },
  };
  if (range.cell !== undefined) {
    loc.message = { text: formatPlaceInFile(range) };
    loc.properties = { cell: range.cell, lineInCell: range.startLine };
  }
  return loc;
}

/**
 * Where a finding without a range points: the first evidence of an item it bears on, else the project folder.
 * Code scanning refuses a result without a non-empty artifact uri.
 */
function projectLocation(project: ProjectReport, f: Finding): Json {
  const evidence = project.items
    .filter((i) => f.affects?.includes(i.id))
    .flatMap((i) => i.evidence.filter((e) => e.range));
  if (evidence[0]?.range) return location(project, evidence[0].range);
  return { physicalLocation: { artifactLocation: artifact(project.root ? `${project.root}/` : '.') } };
}

function region(range: SourceRange): Json {
  const r: Json = { startLine: Math.max(1, range.startLine), startColumn: Math.max(1, range.startColumn) };
  const endOk =
    range.endLine > range.startLine || (range.endLine === range.startLine && range.endColumn >= range.startColumn);
  if (endOk) {
    r.endLine = range.endLine;
    r.endColumn = Math.max(1, range.endColumn);
  }
  return r;
}

/** A fix as SARIF; edits inside notebook cells have no place in the .ipynb's own text, so those fixes are left out. */
function sarifFix(project: ProjectReport, fix: Fix): Json | undefined {
  if (fix.edits.some((e) => e.range.cell !== undefined)) return undefined;
  const byPath = new Map<string, Json[]>();
  for (const e of fix.edits) {
    const path = workspacePath(project, e.range.path);
    const list = byPath.get(path) ?? [];
    list.push({ deletedRegion: region(e.range), insertedContent: { text: e.newText } });
    byPath.set(path, list);
  }
  for (const file of fix.newFiles ?? []) {
    const path = workspacePath(project, file.path);
    byPath.set(path, [
      ...(byPath.get(path) ?? []),
      {
        deletedRegion: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
        insertedContent: { text: file.content },
      },
    ]);
  }
  if (byPath.size === 0) return undefined;
  return {
    description: { text: fix.title },
    artifactChanges: [...byPath.entries()].map(([path, replacements]) => ({
      artifactLocation: artifact(path),
      replacements,
    })),
    properties: { safety: fix.safety, ...(fix.isPreferred ? { isPreferred: true } : {}) },
  };
}

function artifact(path: string): Json {
  return { uri: encodePath(path), uriBaseId: SRCROOT };
}

function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** `file:///abs/root/` for an absolute path with forward slashes (`C:/x` becomes `file:///C:/x/`). */
export function fileUri(path: string): string {
  const p = path.startsWith('/') ? path : `/${path}`;
  const encoded = p
    .split('/')
    .map((s, i) => (i === 1 && /^[A-Za-z]:$/.test(s) ? s : encodeURIComponent(s)))
    .join('/');
  return `file://${encoded.endsWith('/') ? encoded : `${encoded}/`}`;
}

function levelReport(report: WorkspaceReport): Json {
  return {
    schemaVersion: report.schemaVersion,
    root: report.root,
    projects: report.projects.map((p) => ({
      root: p.root,
      isMlProject: p.isMlProject,
      mlReason: p.mlReason,
      level: p.level,
      levelReason: p.levelReason,
      foundationGaps: p.foundationGaps,
      levels: p.levels,
      items: p.items,
      nextSteps: p.nextSteps.map((i) => i.id),
      stats: p.stats,
    })),
    ...(report.system ? { system: report.system } : {}),
  };
}

function firstParagraph(markdown: string): string {
  return markdown
    .trim()
    .split(/\n\s*\n/)[0]
    .replace(/\s*\n\s*/g, ' ');
}

function stubMeta(f: Finding): RuleMeta {
  const none = '';
  return {
    code: f.code,
    name: f.rule,
    title: f.rule,
    category: 'project',
    level: 1,
    defaultSeverity: f.severity,
    fix: 'none',
    docs: { whatItDoes: f.rule, whyBad: none, example: none, useInstead: none, fixSafety: none },
  };
}
