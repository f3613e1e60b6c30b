// Which files hold tests, by pytest's and unittest's conventions. Test code is not the project's
// training code: the code rules skip it and the checklist counts it only as tests.

/** True for `tests/`, `test/` and `testing/` folders, `test_*.py`, `*_test.py` and `conftest.py`. */
export function isTestPath(path: string): boolean {
  return /(^|\/)(tests?|testing)\//.test(path) || /(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/.test(path);
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
 * True for a Python module that holds tests: in a test folder, `conftest.py` or `test_*.py` by its path; a
 * `*_test.py` module only when it defines tests or imports a test framework, since pytest collects nothing from a
 * `train_test.py` that trains a model and scores it on its test split.
 */
export function holdsTests(unit: { readonly path: string; readonly module: { readonly source: string } }): boolean {
  if (!isTestModule(unit.path)) return false;
  if (/(^|\/)(tests?|testing)\//.test(unit.path) || /(^|\/)(test_[^/]*|conftest)\.py$/.test(unit.path)) return true;
  return DEFINES_TESTS.test(unit.module.source);
}
