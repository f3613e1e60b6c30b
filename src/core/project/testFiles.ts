// Which files hold tests, by pytest's and unittest's conventions. Test code is not the project's
// training code: the code rules skip it and the checklist counts it only as tests.

/** True for `tests/`, `test/` and `testing/` folders, `test_*.py`, `*_test.py` and `conftest.py`. */
export function isTestPath(path: string): boolean {
  return /(^|\/)(tests?|testing)\//.test(path) || /(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/.test(path);
}
