// The one model every rule, report and view shares: findings with ranges, related locations and fixes as data.

/** How loud a finding is; `error` is reserved for real breakage, ML mistakes are warnings at most. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** Severities from the loudest to the quietest. */
export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/** True when `a` is at least as loud as `b`. */
export function severityAtLeast(a: Severity, b: Severity): boolean {
  return SEVERITY_ORDER.indexOf(a) <= SEVERITY_ORDER.indexOf(b);
}

/**
 * A place in a file. Lines and columns are 1-based; the end is exclusive in columns.
 * In a notebook, `cell` is the index in the notebook's `cells` array (markdown cells count)
 * and the lines and columns are within that cell's source.
 */
export interface SourceRange {
  /** Path relative to the analysed root, with forward slashes. */
  path: string;
  cell?: number;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** A second place that explains a finding, such as where the split happens. */
export interface RelatedLocation {
  range: SourceRange;
  message: string;
}

/** Replace the text in `range` with `newText`. An empty range inserts. */
export interface TextEdit {
  range: SourceRange;
  newText: string;
}

/** A file a fix or scaffold creates. Never applied over an existing file. */
export interface NewFile {
  path: string;
  content: string;
}

/** A fix as plain data: the glue turns it into a WorkspaceEdit, the CLI may print it. */
export interface Fix {
  title: string;
  /** The one safe fix that an editor may apply as the preferred quick fix. */
  isPreferred?: boolean;
  /** `safe` keeps behaviour; `unsafe` changes what the code computes (that is usually the point). */
  safety: 'safe' | 'unsafe';
  edits: TextEdit[];
  newFiles?: NewFile[];
  /** Notebook cells the fix removes (by index in `cells`), such as a cell it emptied; no edit may touch them. */
  deleteCells?: Array<{ path: string; cell: number }>;
}

/** One finding of one rule. */
export interface Finding {
  /** Stable rule code, e.g. `ML101`. */
  code: string;
  /** Kebab-case rule name, e.g. `fit-before-split`. */
  rule: string;
  severity: Severity;
  /** One sentence: what is wrong and why. */
  message: string;
  /** Where it is. Project-level findings point at the file that is the best evidence, or omit it. */
  range?: SourceRange;
  related?: RelatedLocation[];
  fixes?: Fix[];
  /** Level checklist items this finding bears on, e.g. `L2.heldout-evaluation`. */
  affects?: string[];
  /** Marks the diagnostic as unnecessary/deprecated code in editors. */
  tags?: Array<'unnecessary' | 'deprecated'>;
}

/** Compare findings by path, cell, line, column, then code: the order every output uses. */
export function compareFindings(a: Finding, b: Finding): number {
  const ra = a.range;
  const rb = b.range;
  if (ra && rb) {
    if (ra.path !== rb.path) return ra.path < rb.path ? -1 : 1;
    if ((ra.cell ?? -1) !== (rb.cell ?? -1)) return (ra.cell ?? -1) - (rb.cell ?? -1);
    if (ra.startLine !== rb.startLine) return ra.startLine - rb.startLine;
    if (ra.startColumn !== rb.startColumn) return ra.startColumn - rb.startColumn;
  } else if (ra || rb) {
    return ra ? 1 : -1;
  }
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}
