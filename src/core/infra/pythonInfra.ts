// Infrastructure seen in Python code: serving, tracking, orchestration, platforms, monitoring.
import type { Fact } from '../facts/fact';
import type { PythonUnit } from '../python/unit';
import type { Memo } from '../rules/rule';

/** The infrastructure facts of one unit, computed once per analysis. */
export function pythonInfraFacts(unit: PythonUnit, memo: Memo): Fact[] {
  return memo.get(`infra:python:${unit.path}`, () => []);
}
