// The report ML Coach gives about a workspace: one entry per project root.
import type { Finding } from './findings';
import type { Evidence, ItemStatus, NextStep } from '../levels/item';
import type { FileProblem, SkippedPath } from '../project/model';

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
  /** All core items of the level are met. */
  reached: boolean;
}

/** The report of one project root. */
export interface ProjectReport {
  /** Project root relative to the analysed folder ('' for the folder itself). */
  root: string;
  isMlProject: boolean;
  /** Why the project is (or is not) taken for an ML project. */
  mlReason: string;
  /** The reached level (1-5), or null for a non-ML project or one below Level 1. */
  level: number | null;
  levels: LevelSummary[];
  items: ItemResult[];
  /** The most valuable next steps, best first (at most three). */
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
  schemaVersion: 1;
  tool: { name: 'mlcoach'; version: string };
  /** Absolute path of the analysed folder. */
  root: string;
  projects: ProjectReport[];
}
