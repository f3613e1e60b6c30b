// Paths of the repository from compiled tests (out/test/...), so tests read fixtures in place.
import { resolve } from 'node:path';

/** The repository root. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
/** test/fixtures in the repository (not in out/). */
export const FIXTURES = resolve(REPO_ROOT, 'test', 'fixtures');
