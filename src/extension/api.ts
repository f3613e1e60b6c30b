// The API `activate` returns, for the integration tests (contract shared with the test harness).
import type { WorkspaceReport } from '../core/model/report';

/** One checklist item as the tree shows it. */
export interface LevelTreeChild {
  id: string;
  label: string;
  description?: string;
  contextValue?: string;
  icon?: string;
}

/**
 * One top-level row as the tree shows it: the summary, a level, or a message. In a multi-root workspace the folder name
 * leads the description.
 */
export interface LevelTreeNode {
  kind: 'summary' | 'level' | 'message';
  label: string;
  description?: string;
  children: LevelTreeChild[];
}

/** One finding row of the Findings view, as rendered. */
export interface FindingsTreeRow {
  code: string;
  label: string;
  description: string;
  icon: string;
  iconColor: string;
}

/** What the status bar item shows. */
export interface StatusBarState {
  text: string;
  tooltip?: string;
  command?: string;
  visible: boolean;
}

/** The extension's test API. */
export interface MlCoachApi {
  /** Resolves when no analysis is pending or running. */
  whenIdle(): Promise<void>;
  /** Latest report per workspace folder (uri string). */
  reports(): ReadonlyMap<string, WorkspaceReport>;
  /** The Level tree's levels and items, as rendered. */
  levelTree(): Promise<LevelTreeNode[]>;
  statusBar(): StatusBarState;
  /**
   * The `mlcoach.state` context key that picks the views' welcome text: empty (analysing), ready, not-ml, error,
   * disabled.
   */
  viewState(): string;
  /** The `mlcoach.level` context key the walkthrough ticks its steps from: the highest level reached. */
  reachedLevel(): number;
  /** The Findings view's rows, as rendered. */
  findingsTree(): FindingsTreeRow[];
  /** How long `activate` took, in milliseconds (it must stay under 50). */
  activationMs: number;
}
