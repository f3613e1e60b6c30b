// The project model: everything the level checklist and the rules know about one project root.
import type { Notebook } from '../notebook/notebook';
import type { PythonUnit } from '../python/unit';
import type { MlcoachConfig } from '../config/config';
import type { Manifest } from '../manifests/manifest';

/** A file found by discovery. */
export interface DiscoveredFile {
  /** Path relative to the project root, forward slashes. */
  path: string;
  size: number;
}

/** A file or folder that discovery passed over, and why (shown to the user, never silent). */
export interface SkippedPath {
  path: string;
  reason: 'ignored' | 'excluded' | 'too-large' | 'binary' | 'symlink-loop' | 'outside-root' | 'unreadable' | 'limit';
  detail?: string;
}

/** A file that was read but could not be understood: a broken notebook, a bad encoding, a config error. */
export interface FileProblem {
  path: string;
  message: string;
  line?: number;
}

/** One project: a workspace folder, or a sub-folder of a monorepo with its own manifest. */
export interface ProjectModel {
  /** Absolute path of the project root. */
  root: string;
  /** Path of the root relative to the analysed workspace folder ('' when it is the folder itself). */
  relativeRoot: string;
  /** Every discovered file, sorted by path. */
  files: DiscoveredFile[];
  skipped: SkippedPath[];
  problems: FileProblem[];
  /** Parsed .py files and notebooks (Python notebooks only). */
  python: PythonUnit[];
  /** Notebooks by path, including non-Python ones. */
  notebooks: Map<string, Notebook>;
  /** Dependency manifests found in the project. */
  manifests: Manifest[];
  config: MlcoachConfig;
  /** True when the project or a parent folder is a git repository. */
  hasGit: boolean;
  /** Text of the small text files the detectors read (Dockerfiles, YAML, TOML, ...), by relative path. */
  texts: Map<string, string>;
  /** Variable names defined in `.env`-style files, by relative path. Their values are never read into the model. */
  envNames?: Map<string, string[]>;
}
