// Project configuration: `[tool.mlcoach]` in pyproject.toml or `.mlcoach.yaml`, merged with editor settings.
import type { Severity } from '../model/findings';

/** The effective configuration of one project. */
export interface MlcoachConfig {
  /** Extra glob patterns (minimatch, relative to the project root) to leave out. */
  exclude: string[];
  /** Rule codes or names that are turned off. */
  disable: string[];
  /** Severity per rule code or name; 'off' disables. */
  severity: Record<string, Severity | 'off'>;
  /** The level the team aims for (1-5); rules and steps above it stay quiet. */
  targetLevel?: number;
  /** Files larger than this many bytes are skipped (for notebooks: their code cells, outputs not counted). */
  maxFileSize: number;
  /** Notebook files larger than this many bytes, outputs included, are skipped unread. */
  maxNotebookSize: number;
  /** Where the configuration came from, for messages. */
  source?: string;
}

/** The configuration used when a project has none. */
export const DEFAULT_CONFIG: MlcoachConfig = {
  exclude: [],
  disable: [],
  severity: {},
  maxFileSize: 2 * 1024 * 1024,
  maxNotebookSize: 64 * 1024 * 1024,
};
