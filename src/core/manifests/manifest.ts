// Dependency manifests in one shape, whatever file they came from.

/** One declared dependency. */
export interface Dependency {
  /** Normalised distribution name (PEP 503: lower case, runs of -_. as -). */
  name: string;
  /** The version specifier as written ('' when none). */
  specifier: string;
  /** True for an exact pin (`==1.2.3`, `===`, a Poetry exact version, a conda `=1.2.3`). */
  pinned: boolean;
  /** 1-based line in the manifest, when known. */
  line?: number;
  /** Development-only dependency (dev groups, `requirements-dev.txt`). */
  dev: boolean;
}

/** A dependency manifest. */
export interface Manifest {
  /** Path relative to the project root. */
  path: string;
  kind: 'requirements' | 'pyproject-pep621' | 'pyproject-poetry' | 'setup.cfg' | 'setup.py' | 'environment.yml' | 'Pipfile' | 'lockfile';
  dependencies: Dependency[];
}

/** PEP 503 name normalisation. */
export function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
}
