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
