// Which files hold tests, by pytest's and unittest's conventions. Test code is not the project's
// training code: the code rules skip it and the checklist counts it only as tests.

/** A `tests/`, `test/` or `testing/` folder on the path. */
const TEST_FOLDER = /(^|\/)(tests?|testing)\//;

/** `conftest.py`: pytest's fixtures, a test module by its name alone. */
const CONFTEST = /(^|\/)conftest\.py$/;

/** `test_*.py`: pytest collects it, yet scripts that score a model on its test split are named so too. */
const TEST_NAME = /(^|\/)test_[^/]*\.py$/;

/** `*_test.py`: pytest collects it, yet experiment scripts are named so too (`train_test.py`). */
const TEST_SUFFIX = /(^|\/)[^/]*_test\.py$/;

/** True for `tests/`, `test/` and `testing/` folders, `test_*.py`, `*_test.py` and `conftest.py`. */
export function isTestPath(path: string): boolean {
  return TEST_FOLDER.test(path) || CONFTEST.test(path) || TEST_NAME.test(path) || TEST_SUFFIX.test(path);
}

/**
 * True for Python modules that hold tests. A notebook in a `testing/` folder is an experiment someone ran, never
 * a test a runner collects, so it is analysed like any other notebook.
 */
export function isTestModule(path: string): boolean {
  return path.endsWith('.py') && isTestPath(path);
}

const DEFINES_TESTS =
  /^[ \t]*(?:async[ \t]+)?def[ \t]+test|^[ \t]*class[ \t]+Test|^[ \t]*(?:import|from)[ \t]+(?:pytest|unittest)\b/m;

/**
 * True for a Python module that holds tests: in a test folder or `conftest.py` by its path; a `test_*.py` or
 * `*_test.py` module elsewhere only when it defines tests or imports a test framework, since pytest collects nothing
 * from a `test_model.py` or `train_test.py` that loads a model and scores it on its test split.
 */
export function holdsTests(unit: { readonly path: string; readonly module: { readonly source: string } }): boolean {
  if (!isTestModule(unit.path)) return false;
  if (TEST_FOLDER.test(unit.path) || CONFTEST.test(unit.path)) return true;
  return DEFINES_TESTS.test(unit.module.source);
}
