// `mlcoach`: the command-line face of the core, for terminals and CI.
import { ConfigError } from '../core/config/load';
import { terminalSafe } from '../core/format/terminal';
import { VERSION } from '../core/version';
import { checkCommand } from './checkCommand';
import { type CliCommand, type CliIo, EXIT, UsageError } from './command';
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
    if (!command)
      throw new UsageError(`unknown command '${first}' (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
    return await command.run(rest, io);
  } catch (e) {
    io.err(`mlcoach: ${errorLine(e)}\n`);
    if (debug && e instanceof Error && !(e instanceof UsageError)) io.err(`${e.stack}\n`);
    return EXIT.error;
  }
}

/** One line that says what went wrong. */
function errorLine(e: unknown): string {
  // Messages can quote file names and values from the project: shown terminal-safe.
  if (e instanceof ConfigError) return `invalid configuration: ${terminalSafe(firstLine(e.message))}`;
  if (e instanceof UsageError) return terminalSafe(firstLine(e.message));
  const message = e instanceof Error ? e.message : String(e);
  return `internal error: ${terminalSafe(firstLine(message))} (run with --debug for details)`;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0];
}

/** The streams a process run writes to (the real ones, or stand-ins in tests). */
export interface ProcessStreams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

/**
 * Runs the CLI as a process: like `main`, and then makes sure the output arrived. A failed write to
 * stdout (`> /dev/full`, a closed socket) ends with one line on stderr and exit code 2, never a stack
 * trace, and never 0 or 1, which would read as a verdict on the project. A reader that closed the pipe
 * early (`mlcoach check | head`) asked for no more: that ends quietly with the command's own exit code,
 * as ruff and ripgrep do on a broken pipe (git is killed by SIGPIPE, just as quietly).
 */
export async function runProcess(
  argv: string[],
  streams: ProcessStreams,
  env = process.env,
  cwd = process.cwd(),
): Promise<number> {
  let outputError: NodeJS.ErrnoException | undefined;
  streams.stdout.on('error', (e: NodeJS.ErrnoException) => {
    outputError ??= e;
  });
  // Nowhere is left to report a failing stderr.
  streams.stderr.on('error', () => undefined);
  const io: CliIo = {
    out: (text) => {
      if (!outputError) streams.stdout.write(text);
    },
    err: (text) => {
      streams.stderr.write(text);
    },
    stdoutIsTTY: streams.stdoutIsTTY,
    stderrIsTTY: streams.stderrIsTTY,
    env,
    cwd,
  };
  const code = await main(argv, io);
  // An empty write calls back once everything before it was written or failed.
  await new Promise<void>((resolve) => {
    if (outputError) resolve();
    else streams.stdout.write('', () => resolve());
  });
  if (!outputError) return code;
  if (outputError.code === 'EPIPE') return code;
  io.err(`mlcoach: cannot write the output: ${outputErrorText(outputError)}\n`);
  return EXIT.error;
}

function outputErrorText(e: NodeJS.ErrnoException): string {
  const reason: Record<string, string> = {
    ENOSPC: 'no space left on device',
    EIO: 'input/output error',
    EBADF: 'standard output is closed',
    EACCES: 'permission denied',
  };
  return (e.code && reason[e.code]) ?? firstLine(e.message);
}

/**
 * Runs the CLI as the process: arguments from argv, the real streams, and the process ends with the exit code as
 * soon as both streams have written everything. Ending it explicitly spares the wait Node otherwise makes before
 * exiting for V8's optimising compiler to finish the jobs still queued on its threads: functions that became hot
 * near the end of the run and will never run again (10-15 ms after the last write on the 41 notebooks of
 * `npm run bench`, none with `--no-concurrent-recompilation`). `exit` listeners (the code cache) still run.
 */
export function runAsProcess(): void {
  const streams = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
  };
  runProcess(process.argv.slice(2), streams).then(async (code) => {
    process.exitCode = code;
    // runProcess waited for stdout; an empty write calls back once what stderr was given is written too.
    await new Promise<void>((resolve) => streams.stderr.write('', () => resolve()));
    process.exit(code);
  });
}

if (require.main === module) runAsProcess();
