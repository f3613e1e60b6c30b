// Level checklist items as data: what each level asks for, why, and how it is detected.
import type { Finding } from '../model/findings';
import type { ProjectModel } from '../project/model';
import type { ProjectIndex } from '../semantic/index';
import type { Evidence, ItemStatus, NextStep } from '../model/report';

export type { Evidence, ItemStatus, NextStep };

/** What an item's detector returns. */
export interface ItemOutcome {
  status: ItemStatus;
  evidence: Evidence[];
  /** One line on what is still missing for a partial item, or why it does not apply. */
  detail?: string;
}

/** Context handed to item detectors. */
export interface DetectContext {
  project: ProjectModel;
  /** Findings of the rules, so leakage can keep held-out evaluation from counting as met. */
  findings: Finding[];
  /** The project's semantic index: facts, units' calls and flow, held-out evidence. */
  index: ProjectIndex;
}

/** A checklist item's definition. */
export interface LevelItem {
  /** Stable id: `L<level>.<kebab-name>`, e.g. `L2.heldout-evaluation`. */
  id: string;
  level: 1 | 2 | 3 | 4 | 5;
  title: string;
  /** A few words for the one-line level reason: "Dockerfile", "serving API", "seeds". */
  label: string;
  /** One or two sentences: why it matters. */
  why: string;
  /** How it is detected, for the docs and tooltips. */
  detection: string;
  /**
   * Core items are the level's defining capabilities: they weigh most in the level rule (src/core/levels/rule.ts)
   * and, when unmet below the reached level, they are the foundation gaps. The others add progress.
   */
  core: boolean;
  /** Core items that share a group are alternatives (Level 5 asks for one research technique). */
  coreGroup?: string;
  /** Higher weight puts an item earlier among the next steps. */
  weight: number;
  nextStep?: NextStep;
  detect(ctx: DetectContext): ItemOutcome;
}
