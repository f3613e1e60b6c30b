// The report ML Coach gives about a workspace: one entry per project root.
import type { Finding, SourceRange } from './findings';
import type { FileProblem, SkippedPath } from '../project/model';

/** Whether a checklist item is satisfied. */
export type ItemStatus = 'met' | 'partial' | 'missing' | 'not-applicable';

/** One piece of evidence for an item: a place and what was seen there. */
export interface Evidence {
  /** What was found, in a few words: "imports fastapi and defines POST /predict". */
  note: string;
  /** File (and line, or notebook cell and line) of the evidence; a whole file has line 1. */
  range?: SourceRange;
}

/** The next step that helps with an item: a scaffold or a documented action. */
export interface NextStep {
  title: string;
  /** A scaffold id the extension and CLI can run (e.g. `dockerfile`), once it exists. */
  scaffold?: string;
}

/** One checklist item's result. */
export interface ItemResult {
  id: string;
  level: number;
  title: string;
  why: string;
  detection: string;
  core: boolean;
  status: ItemStatus;
  evidence: Evidence[];
  detail?: string;
  nextStep?: NextStep;
}

/** Progress of one level. */
export interface LevelSummary {
  level: number;
  title: string;
  /** Items met (partial counts as not met). */
  met: number;
  /** Items that apply (not-applicable ones are left out). */
  total: number;
  /** How far the level's defining capabilities are shown, 0-1 (partial evidence counts half). */
  score: number;
  /** The level rule holds: its capabilities are substantially shown (see docs/levels.md). */
  reached: boolean;
}

/** A core item below the reached level that is not met: it does not hold the level back, but it is a gap. */
export interface FoundationGap {
  id: string;
  level: number;
  title: string;
  /** A few words for one-line summaries: "seeds", "pinned dependencies". */
  label: string;
  status: 'missing' | 'partial';
}

/** Whether sibling sub-projects form one system, and why. */
export interface SystemRollUp {
  /** True when the parts are analysed as one system (the single project of the report is the system). */
  oneSystem: boolean;
  /**
   * The system level (the single project's level) when the parts are one system; null when they are reported
   * separately.
   */
  level: number | null;
  /** The sub-project folders considered. */
  parts: SystemPart[];
  /** One sentence on the decision. */
  reason: string;
  /** What ties the parts together (empty for unrelated projects). */
  evidence: Evidence[];
}

/** One sub-project of a system, with the level it would have on its own. */
export interface SystemPart {
  root: string;
  isMlProject: boolean;
  level: number | null;
}

/** The report of one project root. */
export interface ProjectReport {
  /** Project root relative to the analysed folder ('' for the folder itself). */
  root: string;
  isMlProject: boolean;
  /** Why the project is (or is not) taken for an ML project. */
  mlReason: string;
  /** The reached level (1-5), or null for a non-ML project or an ML project that shows no level yet. */
  level: number | null;
  /** One line on the level: "Level 3: Dockerfile, serving API, CI; not yet: monitoring" ('' for a non-ML project). */
  levelReason: string;
  /** Core items below the reached level that are not met, lowest level first. */
  foundationGaps: FoundationGap[];
  levels: LevelSummary[];
  items: ItemResult[];
  /** The most valuable next steps, best first: foundation gaps, then steps toward the levels above. */
  nextSteps: ItemResult[];
  findings: Finding[];
  /** Files passed over, and files that could not be understood. */
  skipped: SkippedPath[];
  problems: FileProblem[];
  stats: { files: number; pythonFiles: number; notebooks: number; bytes: number };
}

/** The report of one analysed folder. */
export interface WorkspaceReport {
  /** Version of the JSON schema this report follows. */
  schemaVersion: 2;
  tool: { name: 'mlcoach'; version: string };
  /** Absolute path of the analysed folder. */
  root: string;
  projects: ProjectReport[];
  /** Present when the folder holds several sub-projects: whether they are one system, and why. */
  system?: SystemRollUp;
}
