// When analyses run: changes are collected, debounced and sent as one request, and each request gets
// a generation number so results that arrive after a newer request went out are dropped.

/** Timer functions, injectable so tests run without waiting. */
export interface Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The system clock. */
const SYSTEM_CLOCK: Clock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Debounces triggers into runs, numbers the runs, and tracks which is current and whether any is pending. */
export class AnalysisScheduler {
  private timer: unknown;
  private generation = 0;
  private inFlight = new Set<number>();
  private idleWaiters: Array<() => void> = [];

  /** `start(generation)` sends one request; the caller reports its end with `finished`. */
  constructor(
    private readonly start: (generation: number) => void,
    private readonly clock: Clock = SYSTEM_CLOCK,
  ) {}

  /** Asks for a run after `delay` ms of quiet (0: at the next tick); later triggers push it back. */
  trigger(delay: number): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = undefined;
        this.runNow();
      },
      Math.max(0, delay),
    );
  }

  /** Runs at once, cancelling any pending debounce. Returns the new generation. */
  runNow(): number {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
    const g = ++this.generation;
    this.inFlight.add(g);
    this.start(g);
    return g;
  }

  /** Marks a run as done; returns true when its result is the newest and should be shown. */
  finished(generation: number): boolean {
    this.inFlight.delete(generation);
    // A newer run supersedes older ones still in flight: their results will never be shown.
    for (const g of [...this.inFlight]) if (g < generation) this.inFlight.delete(g);
    const current = generation === this.generation;
    if (this.idle) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
    return current;
  }

  /** Marks every run as abandoned (the worker died); waiters are released. */
  abandonAll(): void {
    this.inFlight.clear();
    if (this.idle) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  /** True when nothing is debouncing or running. */
  get idle(): boolean {
    return this.timer === undefined && this.inFlight.size === 0;
  }

  /** The newest generation handed out. */
  get current(): number {
    return this.generation;
  }

  /** Resolves when nothing is debouncing or running. */
  whenIdle(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops any pending run. */
  dispose(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.abandonAll();
  }
}
