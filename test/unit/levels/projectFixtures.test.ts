// Each fixture project under test/fixtures/projects must give exactly the level report it expects:
// the level, every item's status and every piece of evidence. Findings are the rule fixtures' business,
// so the exact comparison runs without rules; a second pass with all rules checks the level still holds.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../../support/paths';
import {
  analyzeFixtureFolder,
  EXPECTED_FILE,
  type ExpectedReport,
  toExpected,
  toExpectedSystem,
} from '../../support/levelFixtures';

const PROJECTS = join(FIXTURES, 'projects');
/** Set to rewrite the expectation files from the current output (review the diff before committing). */
const UPDATE = process.env.MLCOACH_UPDATE_EXPECTED === '1';

describe('level fixture projects', () => {
  const names = existsSync(PROJECTS)
    ? readdirSync(PROJECTS).filter((n) => existsSync(join(PROJECTS, n, EXPECTED_FILE)) || UPDATE)
    : [];

  it('every fixture project has an expected report', () => {
    const missing = readdirSync(PROJECTS).filter((n) => !existsSync(join(PROJECTS, n, EXPECTED_FILE)));
    assert.deepEqual(missing, []);
  });

  for (const name of names) {
    describe(name, () => {
      const dir = join(PROJECTS, name);
      const file = join(dir, EXPECTED_FILE);
      const expected: ExpectedReport = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { projects: [] };

      it('gives exactly the expected level report', async () => {
        const report = await analyzeFixtureFolder(dir, expected.options, { rules: [] });
        const actual = toExpected(report);
        const system = toExpectedSystem(report);
        if (UPDATE) {
          writeFileSync(
            file,
            `${JSON.stringify(
              {
                ...(expected.options ? { options: expected.options } : {}),
                ...(system ? { system } : {}),
                projects: actual,
              },
              null,
              2,
            )}\n`,
          );
          return;
        }
        assert.deepEqual(system, expected.system);
        assert.deepEqual(actual, expected.projects);
        assert.deepEqual(
          report.projects.flatMap((p) => p.problems),
          [],
          'fixture files should all be readable',
        );
      });

      it('keeps its level when every rule runs', async () => {
        const report = await analyzeFixtureFolder(dir, expected.options);
        assert.deepEqual(
          report.projects.map((p) => [p.root, p.level]),
          expected.projects.map((p) => [p.root, p.level]),
        );
      });
    });
  }
});
