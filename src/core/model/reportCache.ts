// Reports kept between runs: the command line stores each project's report with what it was computed
// from, and the next run reuses it when nothing it read has changed. The store itself (a folder on
// disk) lives outside the core; this is what the analysis asks of it.
import type { FileSystem } from '../fs/fileSystem';
import type { MlcoachConfig } from '../config/config';
import type { ProjectReport } from './report';
import type { DiscoveredFile, SkippedPath } from '../project/model';

/** Everything a project's report is computed from, besides the contents of the files it reads. */
export interface ProjectInputs {
  /** Absolute path of the project root. */
  root: string;
  /** The root relative to the analysed folder ('' for the folder itself). */
  relativeRoot: string;
  files: readonly DiscoveredFile[];
  skipped: readonly SkippedPath[];
  hasGit: boolean;
  config: MlcoachConfig;
}

/**
 * What a lookup finds: the stored report, or the file system to build the project through and where to store its
 * report. `kept` is plain data (JSON) the analysis stores beside a report and reads in a later run: what the
 * system roll-up reads of a monorepo's part, so a part whose report comes from the cache need not be parsed again.
 */
export type CachedReport =
  | { report: ProjectReport; kept?: unknown }
  | { fs: FileSystem; store(report: ProjectReport, kept?: unknown): void };

/** A store of project reports; `lookup` must only return a report computed from the same inputs and file contents. */
export interface ReportCache {
  lookup(fs: FileSystem, inputs: ProjectInputs): Promise<CachedReport>;
}
