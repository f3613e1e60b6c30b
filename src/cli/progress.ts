// One overwritten status line on stderr while a scan runs, only on a terminal: CI logs and pipes stay clean.
import type { CliIo } from './command';

/** Shows progress messages on a TTY's stderr and erases them when done. */
export class Progress {
  private shown = false;

  constructor(private readonly io: CliIo) {}

  /** Replaces the status line (no-op when stderr is not a terminal). */
  update(message: string): void {
    if (!this.io.stderrIsTTY) return;
    this.io.err(`\r\u001b[K${message}`);
    this.shown = true;
  }

  /** Erases the status line. */
  done(): void {
    if (this.shown) this.io.err('\r\u001b[K');
    this.shown = false;
  }
}
