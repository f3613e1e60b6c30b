// Every rule fixture is analysed with all rules on; findings must match the fixture's markers exactly.
// Good fixtures (idiomatic, correct ML code) carry no markers, so any finding there is a false alarm.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../../../src/core/rules/registry';
import { analyzeFixture, expectationsOf, findingKey, readTree } from '../../support/ruleFixtures';
import { FIXTURES } from '../../support/paths';
import { holdsTests } from '../../../src/core/project/testFiles';

const RULE_FIXTURES = join(FIXTURES, 'rules');

/** Fixture entries: files or folders named bad* or good* inside test/fixtures/rules/<CODE>/. */
function fixtureEntries(): Array<{ code: string; name: string; path: string; kind: 'bad' | 'good' }> {
  if (!existsSync(RULE_FIXTURES)) return [];
  return readdirSync(RULE_FIXTURES).flatMap((code) =>
    readdirSync(join(RULE_FIXTURES, code))
      .filter((name) => /^(bad|good)/.test(name))
      .map((name) => ({
        code,
        name,
        path: join(RULE_FIXTURES, code, name),
        kind: name.startsWith('bad') ? ('bad' as const) : ('good' as const),
      })),
  );
}

function expectedFor(path: string): string[] {
  if (!statSync(path).isDirectory()) return expectationsOf(path, path.split(/[\\/]/).pop()!);
  const out: string[] = [];
  for (const rel of Object.keys(readTree(path))) {
    if (/\.(py|ipynb)$/.test(rel)) out.push(...expectationsOf(join(path, rel), rel));
  }
  const extra = join(path, 'expect.json');
  if (existsSync(extra))
    out.push(
      ...(JSON.parse(readFileSync(extra, 'utf8')) as { project?: string[] }).project!.map((c) => `(project) ${c}`),
    );
  return out;
}

describe('rule fixtures', () => {
  for (const fx of fixtureEntries()) {
    it(`${fx.code}/${fx.name} produces exactly its marked findings`, async () => {
      const report = await analyzeFixture(fx.path);
      const actual = report.projects.flatMap((p) => p.findings.map(findingKey)).sort();
      const expected = expectedFor(fx.path).sort();
      assert.deepEqual(actual, expected);
      if (fx.kind === 'bad')
        assert.ok(
          expected.some((e) => e.endsWith(` ${fx.code}`)),
          `a bad fixture must expect at least one ${fx.code}`,
        );
      else assert.deepEqual(expected, [], 'a good fixture must expect nothing');
    });
  }

  it('no bad single-file fixture is a test module, which the code rules skip', () => {
    const misnamed = fixtureEntries().filter(
      (fx) =>
        fx.kind === 'bad' &&
        !statSync(fx.path).isDirectory() &&
        holdsTests({ path: fx.name, module: { source: readFileSync(fx.path, 'utf8') } }),
    );
    assert.deepEqual(
      misnamed.map((fx) => `${fx.code}/${fx.name}`),
      [],
    );
  });
});

describe('rule registry', () => {
  it('has unique codes and names', () => {
    const codes = ALL_RULES.map((r) => r.meta.code);
    const names = ALL_RULES.map((r) => r.meta.name);
    assert.equal(new Set(codes).size, codes.length);
    assert.equal(new Set(names).size, names.length);
  });

  for (const rule of ALL_RULES) {
    it(`${rule.meta.code} ${rule.meta.name} has docs and both kinds of fixtures`, () => {
      assert.match(rule.meta.code, /^ML\d{3}$/);
      assert.match(rule.meta.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const section of ['whatItDoes', 'whyBad', 'example', 'useInstead', 'fixSafety'] as const) {
        assert.ok(rule.meta.docs[section].trim().length > 0, `docs.${section} is empty`);
      }
      const dir = join(RULE_FIXTURES, rule.meta.code);
      assert.ok(existsSync(dir), `no fixtures folder test/fixtures/rules/${rule.meta.code}`);
      const names = readdirSync(dir);
      assert.ok(
        names.some((n) => n.startsWith('bad')),
        'no bad fixture',
      );
      assert.ok(
        names.some((n) => n.startsWith('good')),
        'no good fixture',
      );
    });
  }
});
