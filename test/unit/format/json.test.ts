import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatJson } from '../../../src/core/format/json';
import { REPO_ROOT } from '../../support/paths';
import { sampleReport } from './sampleReport';
import { reportValidator } from '../../support/reportSchema';

function undocumented(node: unknown, path: string, out: string[]): string[] {
  if (!node || typeof node !== 'object') return out;
  const o = node as Record<string, unknown>;
  if (o.properties && typeof o.properties === 'object') {
    for (const [key, value] of Object.entries(o.properties as Record<string, Record<string, unknown>>)) {
      if (typeof value.description !== 'string' || !value.description) out.push(`${path}.${key}`);
    }
  }
  for (const [key, value] of Object.entries(o)) undocumented(value, `${path}/${key}`, out);
  return out;
}

describe('JSON report', () => {
  it('is the workspace report as is, with schemaVersion', async () => {
    const report = await sampleReport();
    const parsed = JSON.parse(formatJson(report));
    assert.equal(parsed.schemaVersion, 2);
    assert.deepEqual(parsed, JSON.parse(JSON.stringify(report)));
  });

  it('validates against docs/report-schema.json, and the schema rejects unknown fields', async () => {
    const validate = reportValidator();
    const parsed = JSON.parse(formatJson(await sampleReport()));
    const valid: boolean = validate(parsed);
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));
    parsed.projects[0].findings[0].surprise = true;
    assert.equal(validate(parsed), false);
  });

  it('level-only output keeps the level report and empties the findings', async () => {
    const report = await sampleReport();
    const parsed = JSON.parse(formatJson(report, { levelOnly: true }));
    assert.equal(parsed.levelOnly, true);
    assert.deepEqual(parsed.projects[0].findings, []);
    assert.deepEqual(parsed.projects[0].items, JSON.parse(JSON.stringify(report.projects[0].items)));
    assert.ok(reportValidator()(parsed));
  });

  it('the schema describes every field', () => {
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'docs', 'report-schema.json'), 'utf8'));
    assert.deepEqual(undocumented(schema, '#', []), []);
  });
});
