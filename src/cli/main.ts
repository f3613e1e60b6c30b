// `mlcoach`: the command-line face of the core, for terminals and CI.
import { ConfigError } from '../core/config/load';
import { VERSION } from '../core/version';
import { checkCommand } from './checkCommand';
import { CliCommand, CliIo, EXIT, UsageError } from './command';
import { explainCommand } from './explainCommand';
import { rulesCommand } from './rulesCommand';
import { scaffoldCommand } from './scaffoldCommand';

/** Every subcommand; add new ones here. */
export const COMMANDS: readonly CliCommand[] = [checkCommand, rulesCommand, explainCommand, scaffoldCommand];

/** The top-level help. */
export function usage(commands: readonly CliCommand[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `Usage: mlcoach <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run \`mlcoach <command> --help\` for a command's options. \`mlcoach --version\` prints the version.
`;
}

/** The real process's streams and environment. */
export function processIo(): CliIo {
  return {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Runs the CLI with arguments (without `node` and the script); returns the exit code. Never throws. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const debug = argv.includes('--debug');
  const [first, ...rest] = argv;
  try {
    if (first === undefined) {
      io.err(usage());
      return EXIT.error;
    }
    if (first === '--version' || first === '-v') {
      io.out(`${VERSION}\n`);
      return EXIT.ok;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      const target = rest[0] ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
      io.out(target ? target.usage : usage());
      return EXIT.ok;
    }
    const command = COMMANDS.find((c) => c.name === first);
    if (!command) throw new UsageError(`unknown command '${first}' (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
    return await command.run(rest, io);
  } catch (e) {
    io.err(`mlcoach: ${errorLine(e)}\n`);
    if (debug && e instanceof Error && !(e instanceof UsageError)) io.err(`${e.stack}\n`);
    return EXIT.error;
  }
}

/** One line that says what went wrong. */
function errorLine(e: unknown): string {
  if (e instanceof ConfigError) return `invalid configuration: ${firstLine(e.message)}`;
  if (e instanceof UsageError) return firstLine(e.message);
  const message = e instanceof Error ? e.message : String(e);
  return `internal error: ${firstLine(message)} (run with --debug for details)`;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0];
}

/** Runs the CLI as the process: arguments from argv, the exit code set when it ends. */
export function runAsProcess(): void {
  // `mlcoach check | head` closes the pipe early: that is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) runAsProcess();
