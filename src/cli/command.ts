// What every `mlcoach` subcommand is: a name, a usage text and a function from arguments to an exit code.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where a command writes and what it knows about its terminal; tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** One subcommand of the CLI. New commands are added to the table in main.ts. */
export interface CliCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The command's own help text (`mlcoach <name> --help`). */
  usage: string;
  /** Runs with the arguments after the command name; returns the exit code. */
  run(argv: string[], io: CliIo): Promise<number>;
}

/** Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or internal error. */
export const EXIT = { ok: 0, findings: 1, error: 2 } as const;

/** A mistake in how the command was called: printed as one line, exit code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command accepts. */
const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h', default: false },
  debug: { type: 'boolean', default: false },
} as const satisfies Options;

/** Parses a command's arguments strictly; unknown options and bad values become a UsageError. */
export function parseCommandArgs<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
}

/** Checks that a string option is one of `allowed`. */
export function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got '${value}')`);
}

/** Colour for a stream: only on a TTY, never with NO_COLOR set, always with FORCE_COLOR set (not 0). */
export function useColor(isTTY: boolean, env: CliIo['env']): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return isTTY && env.TERM !== 'dumb';
}
