// One overwritten status line on stderr while a long scan runs, only on a terminal: CI logs and pipes stay
// clean, and a scan that finishes quickly shows nothing at all.
import { terminalSafe } from '../core/format/terminal';
import type { CliIo } from './command';

/** Shows progress messages on a TTY's stderr once a scan has run for `delayMs`, and erases them when done. */
export class Progress {
  private shown = false;
  private latest = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly io: CliIo,
    private readonly delayMs = 400,
  ) {}

  /** Sets the status line (shown at once after the delay has passed; never when stderr is not a terminal). */
  update(message: string): void {
    if (!this.io.stderrIsTTY) return;
    this.latest = terminalSafe(message); // may name a file of the project
    if (this.shown || this.delayMs <= 0) {
      this.write();
      return;
    }
    this.timer ??= setTimeout(() => this.write(), this.delayMs);
    // A pending status line must never keep the process alive.
    this.timer.unref?.();
  }

  /** Erases the status line and forgets any pending one. */
  done(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.shown) this.io.err('\r\u001b[K');
    this.shown = false;
  }

  private write(): void {
    this.io.err(`\r\u001b[K${this.latest}`);
    this.shown = true;
  }
}
