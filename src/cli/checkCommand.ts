// `mlcoach check [PATH]`: analyse a folder and print the report in the chosen format. PATH may also be
// one Python file or notebook: its project is analysed and the report keeps that file's findings.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ROOT_MARKERS, analyzeFolder } from '../core/analyze';
import { SEVERITY_ORDER, type Severity } from '../core/model/findings';
import type { WorkspaceReport } from '../core/model/report';
import type { FileSystem } from '../core/fs/fileSystem';
import { formatJson } from '../core/format/json';
import { formatMarkdown } from '../core/format/markdown';
import { toSarif } from '../core/format/sarif';
import { hasFindingsAtOrAbove } from '../core/format/summary';
import { formatText } from '../core/format/text';
import { terminalSafe } from '../core/format/terminal';
import { userCacheDir } from '../node/cacheDir';
import { NodeFileSystem } from '../node/nodeFileSystem';
import { DiskReportCache } from '../node/reportCache';
import { type CliCommand, type CliIo, EXIT, UsageError, oneOf, parseCommandArgs, useColor } from './command';
import { Progress } from './progress';
import { FIX_OPTIONS, FIX_USAGE, diffOf, writeChanges } from './fixMode';
import { fixWorkspace } from '../core/fixes/fixWorkspace';

/** Report formats of `check`. */
export const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
/** Values of `--fail-on`. */
const FAIL_ON = [...SEVERITY_ORDER, 'never'] as const;

const USAGE = `Usage: mlcoach check [PATH] [options]

Analyses PATH (default: the current folder): its level from 1 to 5 with evidence, the next steps,
and the ML mistakes in its Python files and notebooks. PATH may be one .py file or notebook: its
project (the nearest folder above it with a manifest or .git) is analysed and only that file's
findings are shown and counted.

Options:
  --format <f>       text (default), json, sarif or markdown
  --fail-on <sev>    exit 1 when a finding is at or above: error, warning (default), info, hint, or never
  --level-only       only the level report: findings are neither shown nor counted for the exit code
  --no-cache         analyse every project afresh, without reading or writing the report cache
                     (kept in $XDG_CACHE_HOME/mlcoach or ~/.cache/mlcoach; safe to delete)
${FIX_USAGE}  --debug            print stack traces of internal errors
  -h, --help         this help

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage, configuration or internal error.
`;

/** Renders a report in one of the formats. */
export function renderReport(
  report: WorkspaceReport,
  format: (typeof FORMATS)[number],
  options: { color: boolean; levelOnly: boolean; pathPrefix: string },
): string {
  switch (format) {
    case 'json':
      return formatJson(report, { levelOnly: options.levelOnly });
    case 'sarif':
      return `${JSON.stringify(toSarif(report, { levelOnly: options.levelOnly }), null, 2)}\n`;
    case 'markdown':
      return formatMarkdown(report, { levelOnly: options.levelOnly });
    default:
      return formatText(report, options);
  }
}

/** The `check` command. */
export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'analyse a folder or one file (default: the current folder)',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(argv, {
      format: { type: 'string', short: 'f', default: 'text' },
      'fail-on': { type: 'string', default: 'warning' },
      'level-only': { type: 'boolean', default: false },
      'no-cache': { type: 'boolean', default: false },
      ...FIX_OPTIONS,
    });
    if (values.help) {
      io.out(USAGE);
      return EXIT.ok;
    }
    const format = oneOf('format', values.format, FORMATS);
    const failOn = oneOf('fail-on', values['fail-on'], FAIL_ON) as Severity | 'never';
    if (positionals.length > 1)
      throw new UsageError(`check takes one folder or file, got ${positionals.length}: ${positionals.join(' ')}`);
    const given = positionals[0] ?? '.';
    const target = resolve(io.cwd, given);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(target).isDirectory();
    } catch {
      throw new UsageError(`no such folder or file: ${given}`);
    }
    if (!isDirectory && !/\.(py|pyw|ipynb)$/i.test(target))
      throw new UsageError(`${given} is not a Python file or notebook; give one of those or a folder`);
    const folder = isDirectory ? target : projectFolderOf(target);

    const progress = new Progress(io);
    const root = folder.split(sep).join('/');
    const file = isDirectory ? undefined : relative(folder, target).split(sep).join('/');
    // Fixes analyse edited text that is not on disk yet: they never use the report cache.
    const reports =
      values['no-cache'] || values.fix || values.diff ? undefined : new DiskReportCache(userCacheDir(io.env));
    const analyze = async (fs: FileSystem): Promise<WorkspaceReport> => {
      try {
        const full = await analyzeFolder(fs, root, { onProgress: (m) => progress.update(`mlcoach: ${m}…`), reports });
        return file === undefined ? full : onlyFile(full, file);
      } finally {
        progress.done();
      }
    };
    let report: WorkspaceReport;
    if (values.fix || values.diff) {
      const outcome = await fixWorkspace(new NodeFileSystem(), analyze, { unsafe: values['unsafe-fixes'] });
      if (values.diff) {
        io.out(diffOf(outcome.changes, root));
        if (values['level-only']) return EXIT.ok;
        return hasFindingsAtOrAbove(outcome.before, failOn) ? EXIT.findings : EXIT.ok;
      }
      writeChanges(outcome.changes);
      io.err(
        `mlcoach: applied ${outcome.applied} fix${outcome.applied === 1 ? '' : 'es'} ` +
          `in ${outcome.changes.length} file${outcome.changes.length === 1 ? '' : 's'}\n`,
      );
      report = outcome.after;
    } else {
      if (values['unsafe-fixes']) throw new UsageError('--unsafe-fixes goes with --fix or --diff');
      report = await analyze(new NodeFileSystem());
    }
    if (file !== undefined) {
      const skipped = report.projects.flatMap((p) => p.skipped).find((s) => s.path === file);
      if (skipped) {
        const why = `${skipped.reason}${skipped.detail ? `: ${skipped.detail}` : ''}`;
        io.err(`mlcoach: ${terminalSafe(`${given} was not analysed (${why})`)}\n`);
      }
    }
    const rel = relative(io.cwd, folder).split(sep).join('/');
    const pathPrefix = rel ? `${rel}/` : '';
    io.out(
      renderReport(report, format, {
        color: format === 'text' && useColor(io.stdoutIsTTY, io.env),
        levelOnly: values['level-only'],
        pathPrefix,
      }),
    );
    if (values['level-only']) return EXIT.ok;
    return hasFindingsAtOrAbove(report, failOn) ? EXIT.findings : EXIT.ok;
  },
};

/**
 * The folder whose project holds a file: the nearest one above it with a manifest or `.git`, else the file's own
 * folder.
 */
function projectFolderOf(file: string): string {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (
      existsSync(join(dir, '.git')) ||
      existsSync(join(dir, '.mlcoach.yaml')) ||
      [...ROOT_MARKERS].some((m) => existsSync(join(dir, m)))
    )
      return dir;
    if (dirname(dir) === dir) return dirname(file);
  }
}

/**
 * The report narrowed to one file (a path relative to the analysed folder): the project that holds it, and that file's
 * findings.
 */
function onlyFile(report: WorkspaceReport, file: string): WorkspaceReport {
  const holds = (root: string) => root === '' || file.startsWith(`${root}/`);
  const projects = report.projects.filter((p) => holds(p.root));
  // A monorepo's top folder is a project of its own beside its sub-projects: keep the innermost.
  const innermost = projects.filter(
    (p) => !projects.some((o) => o !== p && o.root.length > p.root.length && holds(o.root)),
  );
  return {
    ...report,
    projects: innermost.map((p) => ({ ...p, findings: p.findings.filter((f) => f.range?.path === file) })),
  };
}
