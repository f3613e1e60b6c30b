// Evidence recognition, one folder per pattern under test/fixtures/evidence: `shows/` is a small project
// that has the evidence, `lacks/` a look-alike that does not, and `expect.json` says what each gives
// (an item's status, or the level for the level-rule cases).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../../support/paths';
import { analyzeFixtureFolder } from '../../support/levelFixtures';

const EVIDENCE = join(FIXTURES, 'evidence');

interface Expect {
  item?: string;
  shows?: string;
  lacks?: string;
  level?: { shows: number | null; lacks: number | null };
  /** Whether each is an ML project at all (both are, unless said). */
  ml?: { shows: boolean; lacks: boolean };
}

describe('evidence fixtures', () => {
  const cases = existsSync(EVIDENCE) ? readdirSync(EVIDENCE).sort() : [];
  it('has a shows/ and a lacks/ project and an expectation for every pattern', () => {
    assert.ok(cases.length >= 25);
    for (const c of cases)
      for (const part of ['shows', 'lacks', 'expect.json'])
        assert.ok(existsSync(join(EVIDENCE, c, part)), `${c}/${part}`);
  });
  for (const c of cases) {
    const expect: Expect = JSON.parse(readFileSync(join(EVIDENCE, c, 'expect.json'), 'utf8'));
    for (const part of ['shows', 'lacks'] as const) {
      it(`${c}: ${part}`, async () => {
        const report = await analyzeFixtureFolder(join(EVIDENCE, c, part), { git: true });
        assert.equal(report.projects.length, 1);
        const [p] = report.projects;
        assert.equal(p.isMlProject, expect.ml?.[part] ?? true, p.mlReason);
        if (expect.item) {
          const item = p.items.find((i) => i.id === expect.item);
          assert.equal(
            item?.status,
            expect[part],
            `${expect.item}: ${item?.detail ?? ''} ${JSON.stringify(item?.evidence.map((e) => e.note))}`,
          );
        }
        if (expect.level) assert.equal(p.level, expect.level[part], p.levelReason);
      });
    }
  }
});
