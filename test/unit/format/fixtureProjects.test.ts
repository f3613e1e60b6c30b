// Every report format over the real fixture projects (one per level, a monorepo, a non-ML web app, the
// bundled example, the rule fixtures): JSON and SARIF validate against their schemas, and every finding
// shows up in every format at its place.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceReport } from '../../../src/core/model/report';
import { formatJson } from '../../../src/core/format/json';
import { formatLocation, workspacePath } from '../../../src/core/format/locations';
import { formatMarkdown } from '../../../src/core/format/markdown';
import { toSarif } from '../../../src/core/format/sarif';
import { formatText } from '../../../src/core/format/text';
import { FIXTURES, REPO_ROOT } from '../../support/paths';
import { analyzeFixtureFolder } from '../../support/levelFixtures';
import { reportValidator } from '../../support/reportSchema';
import { sarifValidator } from './sarifSchema';

function folders(): string[] {
  const out: string[] = [];
  const projects = join(FIXTURES, 'projects');
  if (existsSync(projects))
    for (const name of readdirSync(projects).sort())
      if (statSync(join(projects, name)).isDirectory()) out.push(join(projects, name));
  const example = join(REPO_ROOT, 'examples', 'churn-notebook');
  if (existsSync(example)) out.push(example);
  // The rule fixtures, all in one workspace: many findings of every rule, in scripts and notebooks.
  out.push(join(FIXTURES, 'rules'));
  return out;
}

describe('report formats on the fixture projects', function () {
  this.timeout(60_000);
  const reports = new Map<string, WorkspaceReport>();

  before(async () => {
    for (const dir of folders())
      reports.set(dir.slice(REPO_ROOT.length + 1), await analyzeFixtureFolder(dir, { git: true }));
  });

  it('has fixture projects of every level and a non-ML one to check', () => {
    const levels = new Set([...reports.values()].flatMap((r) => r.projects.map((p) => p.level)));
    for (const l of [1, 2, 3, 4, 5, null]) assert.ok(levels.has(l), `a fixture at level ${l}`);
    const findings = [...reports.values()].reduce(
      (a, r) => a + r.projects.reduce((b, p) => b + p.findings.length, 0),
      0,
    );
    assert.ok(findings > 20, `the fixtures carry findings (${findings})`);
  });

  it('JSON validates against docs/report-schema.json for every fixture', () => {
    const validate = reportValidator();
    for (const [name, report] of reports) {
      const valid: boolean = validate(JSON.parse(formatJson(report)));
      assert.ok(valid, `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    }
  });

  it('SARIF validates against the 2.1.0 schema for every fixture: a result per finding, a valid rule index', () => {
    const validate = sarifValidator();
    for (const [name, report] of reports) {
      const log = toSarif(report) as {
        runs: Array<{
          results: Array<{ ruleId: string; ruleIndex: number }>;
          tool: { driver: { rules: Array<{ id: string }> } };
        }>;
      };
      const valid: boolean = validate(log);
      assert.ok(valid, `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
      const run = log.runs[0];
      assert.equal(
        run.results.length,
        report.projects.reduce((a, p) => a + p.findings.length, 0),
        name,
      );
      for (const r of run.results) assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId, name);
    }
  });

  it('text and Markdown show every finding at its place', () => {
    for (const [name, report] of reports) {
      const text = formatText(report);
      const md = formatMarkdown(report, { maxFindings: 10_000 });
      for (const p of report.projects) {
        for (const f of p.findings) {
          if (!f.range) continue;
          const where = formatLocation(f.range, workspacePath(p, f.range.path));
          assert.ok(text.includes(`${where}  `), `${name}: ${where} in the text report`);
          assert.ok(md.includes(`\`${where.replace(/\|/g, '\\|')}\``), `${name}: ${where} in the Markdown report`);
        }
      }
    }
  });
});
