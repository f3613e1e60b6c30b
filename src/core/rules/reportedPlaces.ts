// Where a leakage rule has already reported in a unit, so that one leak written line after line (`fillna` column
// after column, `le.fit_transform` on each column) is reported once, at its first line.

/** A place in a unit: the cell (for notebooks) and the line a finding starts on. */
interface Place {
  cell?: number;
  startLine: number;
}

/** The places a rule reported at in one unit, and the last line of each run of the same leak. */
export class ReportedPlaces {
  private readonly seen = new Set<string>();
  private readonly lastLine = new Map<string, number>();
  private readonly done = new Set<string>();

  /** True when a finding was reported at the place. */
  has(r: Place): boolean {
    return this.seen.has(placeKey(r));
  }

  /** Records the place as reported. */
  mark(r: Place): void {
    this.seen.add(placeKey(r));
  }

  /**
   * Claims a place for a finding of the run `what` (the same statistic or encoder): false when one was reported
   * there, or when it continues a run of `what` in the same cell that started at most three lines above (below the
   * last line of the statement reported before, `endLine`, when a statement runs over several lines).
   */
  claim(r: Place, what: string, endLine = r.startLine): boolean {
    if (this.has(r)) return false;
    this.mark(r);
    const runKey = `${r.cell ?? ''}:${what}`;
    const run = this.lastLine.get(runKey);
    this.lastLine.set(runKey, Math.max(endLine, r.startLine));
    return !(run !== undefined && r.startLine > run && r.startLine - run <= 3);
  }

  /** True the first time `what` is asked for in the unit: one finding of its kind, wherever it is repeated. */
  once(what: string): boolean {
    if (this.done.has(what)) return false;
    this.done.add(what);
    return true;
  }
}

/** The key of a place: its cell and start line. */
export function placeKey(r: Place): string {
  return `${r.cell ?? ''}:${r.startLine}`;
}
