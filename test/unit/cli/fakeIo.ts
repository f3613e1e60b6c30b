// An in-memory CliIo for running the CLI inside a test.
import type { CliIo } from '../../../src/cli/command';

/** A CliIo that records what is written. */
export interface RecordingIo extends CliIo {
  stdout: string;
  stderr: string;
}

/** A non-TTY io with an empty environment, rooted at `cwd`. */
export function fakeIo(cwd: string, overrides: Partial<CliIo> = {}): RecordingIo {
  const io: RecordingIo = {
    stdout: '',
    stderr: '',
    out: (s) => {
      io.stdout += s;
    },
    err: (s) => {
      io.stderr += s;
    },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: {},
    cwd,
    ...overrides,
  };
  return io;
}
