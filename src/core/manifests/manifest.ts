// Dependency manifests in one shape, whatever file they came from.

/** One declared dependency. */
export interface Dependency {
  /** Normalised distribution name (PEP 503: lower case, runs of -_. as -). */
  name: string;
  /** The version specifier as written ('' when none; `@ <url>` for a direct reference). */
  specifier: string;
  /** True for an exact pin (`==1.2.3`, `===`, a Poetry exact version, a conda `=1.2.3`, a wheel URL, a commit). */
  pinned: boolean;
  /** 1-based line in the manifest, when known. */
  line?: number;
  /** Development-only dependency (dev groups, `requirements-dev.txt`). */
  dev: boolean;
  /** The extra, dependency group or Poetry group it belongs to (absent for the main list). */
  group?: string;
  /** Requested extras (`requests[socks]` → `['socks']`). */
  extras?: string[];
  /** PEP 508 environment marker, as written. */
  marker?: string;
  /** Direct reference: URL, VCS URL or local path. */
  url?: string;
  /** Installed in editable mode (`-e`, Poetry `develop = true`). */
  editable?: boolean;
  /** In an environment.yml: installed by conda or by its nested `pip:` list. */
  installer?: 'conda' | 'pip';
  /** The constraints file that pins an otherwise unpinned requirement (`-c constraints.txt`). */
  pinnedBy?: string;
}

/** The kinds of manifest we read. */
export type ManifestKind =
  | 'requirements'
  | 'pyproject-pep621'
  | 'pyproject-dependency-groups'
  | 'pyproject-poetry'
  | 'setup.cfg'
  | 'setup.py'
  | 'environment.yml'
  | 'Pipfile'
  | 'lockfile';

/** A dependency manifest. */
export interface Manifest {
  /** Path relative to the project root. */
  path: string;
  kind: ManifestKind;
  dependencies: Dependency[];
  /** Other requirement files pulled in with `-r` (paths relative to the project root). */
  includes?: string[];
  /** Constraint files named with `-c` (paths relative to the project root). */
  constraints?: string[];
  /** The Python version the project declares (`requires-python`, Poetry `python`, conda `python=`). */
  python?: string;
  /** For lock files: which tool wrote it (`poetry`, `uv`, `pdm`, `pipenv`, `conda-lock`, `pip-compile`, `rye`). */
  tool?: string;
}

/** PEP 503 name normalisation. */
export function normaliseName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[-_.]+/g, '-');
}

/** Group names that mean "only for developing the project", whatever tool declared them. */
const DEV_GROUP = new RegExp(
  `^(dev|devel|develop|development|test|tests|testing|lint|linting|linters` +
    `|docs?|documentation|typing|types|mypy|style|format|formatting|qa|ci|check` +
    `|checks|pre-commit|bench|benchmarks?)$`,
);

/** True when an extra or group name marks development-only dependencies. */
export function isDevGroup(name: string): boolean {
  return DEV_GROUP.test(normaliseName(name));
}
