// `mlcoach`: the command-line face of the core, for terminals and CI.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeFolder } from '../core/analyze';
import { NodeFileSystem } from '../node/nodeFileSystem';
import { VERSION } from '../core/version';

const USAGE = `Usage: mlcoach <command> [options]

Commands:
  check [PATH]        analyse a folder (default: the current folder)
  rules               list the rules and the level checklist items
  explain <CODE>      print the documentation of a rule or checklist item

Options for check:
  --format <f>        text (default), json, sarif or markdown
  --fail-on <sev>     exit 1 when a finding is at or above: error, warning (default), info, hint, never
  --level-only        print only the level report
  --debug             print stack traces of internal errors
`;

/** Runs the CLI with arguments (without `node` and the script); returns the exit code. */
export async function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        'fail-on': { type: 'string', default: 'warning' },
        'level-only': { type: 'boolean', default: false },
        debug: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (e) {
    err(`mlcoach: ${(e as Error).message}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    out(`${VERSION}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    out(USAGE);
    return command || values.help ? 0 : 2;
  }
  try {
    if (command === 'check') {
      const folder = resolve(rest[0] ?? '.').replace(/\\/g, '/');
      const report = await analyzeFolder(new NodeFileSystem(), folder);
      out(`${JSON.stringify(report, null, 2)}\n`);
      return 0;
    }
    err(`mlcoach: unknown command '${command}'\n${USAGE}`);
    return 2;
  } catch (e) {
    err(`mlcoach: ${(e as Error).message}\n`);
    if (values.debug) err(`${(e as Error).stack}\n`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
