// `mlcoach check [PATH]`: analyse a folder and print the report in the chosen format.
import { statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { analyzeFolder } from '../core/analyze';
import { SEVERITY_ORDER, Severity } from '../core/model/findings';
import type { WorkspaceReport } from '../core/model/report';
import { formatJson } from '../core/format/json';
import { formatMarkdown } from '../core/format/markdown';
import { toSarif } from '../core/format/sarif';
import { hasFindingsAtOrAbove } from '../core/format/summary';
import { formatText } from '../core/format/text';
import { NodeFileSystem } from '../node/nodeFileSystem';
import { CliCommand, CliIo, EXIT, UsageError, oneOf, parseCommandArgs, useColor } from './command';
import { Progress } from './progress';

/** Report formats of `check`. */
export const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
/** Values of `--fail-on`. */
export const FAIL_ON = [...SEVERITY_ORDER, 'never'] as const;

const USAGE = `Usage: mlcoach check [PATH] [options]

Analyses PATH (default: the current folder): its level from 1 to 5 with evidence, the next steps,
and the ML mistakes in its Python files and notebooks.

Options:
  --format <f>       text (default), json, sarif or markdown
  --fail-on <sev>    exit 1 when a finding is at or above: error, warning (default), info, hint, or never
  --level-only       only the level report: findings are neither shown nor counted for the exit code
  --debug            print stack traces of internal errors
  -h, --help         this help

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage, configuration or internal error.
`;

/** Renders a report in one of the formats. */
export function renderReport(report: WorkspaceReport, format: (typeof FORMATS)[number], options: { color: boolean; levelOnly: boolean; pathPrefix: string }): string {
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
  summary: 'analyse a folder (default: the current folder)',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(argv, {
      format: { type: 'string', short: 'f', default: 'text' },
      'fail-on': { type: 'string', default: 'warning' },
      'level-only': { type: 'boolean', default: false },
    });
    if (values.help) {
      io.out(USAGE);
      return EXIT.ok;
    }
    const format = oneOf('format', values.format, FORMATS);
    const failOn = oneOf('fail-on', values['fail-on'], FAIL_ON) as Severity | 'never';
    if (positionals.length > 1) throw new UsageError(`check takes one folder, got ${positionals.length}: ${positionals.join(' ')}`);
    const given = positionals[0] ?? '.';
    const folder = resolve(io.cwd, given);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(folder).isDirectory();
    } catch {
      throw new UsageError(`no such folder: ${given}`);
    }
    if (!isDirectory) throw new UsageError(`${given} is a file; give the project folder that holds it`);

    const progress = new Progress(io);
    let report: WorkspaceReport;
    try {
      report = await analyzeFolder(new NodeFileSystem(), folder.split(sep).join('/'), { onProgress: (m) => progress.update(`mlcoach: ${m}…`) });
    } finally {
      progress.done();
    }
    const rel = relative(io.cwd, folder).split(sep).join('/');
    const pathPrefix = rel ? `${rel}/` : '';
    io.out(renderReport(report, format, { color: format === 'text' && useColor(io.stdoutIsTTY, io.env), levelOnly: values['level-only'], pathPrefix }));
    if (values['level-only']) return EXIT.ok;
    return hasFindingsAtOrAbove(report, failOn) ? EXIT.findings : EXIT.ok;
  },
};
