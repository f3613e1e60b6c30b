// Fix fixtures: test/fixtures/fixes/<CODE>/<name>/before/ is a project, after/ is what it must look like
// once that code's fixes are applied (unsafe ones included). The fixed project must have no finding of
// that code left, and fixing the fixed project again must change nothing.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readTree } from '../../support/ruleFixtures';
import { fixFixtures, fixTree } from '../../support/fixFixtures';

describe('fix fixtures', () => {
  for (const fx of fixFixtures()) {
    it(
      `${fx.code}/${fx.name}: the fix gives the expected files, leaves no ${fx.code}, and a second run changes ` +
        `nothing`,
      async () => {
        const before = readTree(join(fx.dir, 'before'));
        const expected = Object.fromEntries(
          Object.entries(readTree(join(fx.dir, 'after'))).map(([p, b]) => [p, Buffer.from(b).toString('utf8')]),
        );
        const first = await fixTree(before, fx.code);
        assert.ok(
          first.outcome.before.projects.some((p) => p.findings.some((f) => f.code === fx.code && f.fixes?.length)),
          `the input has no fixable ${fx.code}`,
        );
        assert.deepEqual(first.tree, expected);
        const left = first.outcome.after.projects.flatMap((p) => p.findings).filter((f) => f.code === fx.code);
        assert.deepEqual(
          left.map((f) => f.message),
          [],
          `${fx.code} is still reported after the fix`,
        );
        const second = await fixTree(expected, fx.code);
        assert.deepEqual(
          second.outcome.changes.map((c) => c.path),
          [],
          'fixing the fixed files changed them again',
        );
      },
    );
  }
});
