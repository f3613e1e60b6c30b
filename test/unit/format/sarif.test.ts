import assert from 'node:assert/strict';
import { fileUri, sarifLevel, toSarif } from '../../../src/core/format/sarif';
import type { WorkspaceReport } from '../../../src/core/model/report';
import { TEST_RULE, sampleReport } from './sampleReport';
import { sarifValidator } from './sarifSchema';

type Json = Record<string, any>;

async function sarifOf(report?: WorkspaceReport): Promise<Json> {
  return toSarif(report ?? (await sampleReport()), { rules: [TEST_RULE] }) as Json;
}

describe('SARIF report', () => {
  it('validates against the official SARIF 2.1.0 schema', async () => {
    const validate = sarifValidator();
    const log = await sarifOf();
    const valid: boolean = validate(log);
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));
    // The validator really checks: a result without a message is refused.
    delete log.runs[0].results[0].message;
    assert.equal(validate(log), false);
  });

  it('describes each rule with help text, Markdown, help URI, default level and properties', async () => {
    const [rule] = (await sarifOf()).runs[0].tool.driver.rules;
    assert.equal(rule.id, 'ML901');
    assert.equal(rule.name, 'fit-transform-call');
    assert.deepEqual(rule.shortDescription, { text: 'A fit_transform call' });
    assert.equal(rule.fullDescription.text, 'Flags `fit_transform` calls.');
    assert.match(rule.help.text, /What it does\n {2}Flags `fit_transform` calls\./);
    assert.match(rule.help.markdown, /^# ML901 `fit-transform-call`: A fit_transform call\n/);
    assert.match(rule.help.markdown, /## Why is this bad\?\n\nFitting on all rows/);
    assert.match(rule.help.markdown, /## Use instead\n\n```python\npipe = make_pipeline/);
    assert.equal(rule.helpUri, 'https://github.com/mlcoach/ml-coach/blob/main/docs/rules/ML901.md');
    assert.deepEqual(rule.defaultConfiguration, { level: 'warning' });
    assert.equal(rule.properties.category, 'leakage');
    assert.equal(rule.properties.level, 2);
  });

  it('gives each result its rule index, level, message, location, related locations and fingerprint', async () => {
    const run = (await sarifOf()).runs[0];
    assert.equal(run.results.length, 2);
    for (const r of run.results) {
      assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
      assert.equal(r.level, 'warning');
      assert.match(r.partialFingerprints['mlcoachFinding/v1'], /^[0-9a-f]{16}:1$/);
    }
    const py = run.results.find((r: Json) => r.locations[0].physicalLocation.artifactLocation.uri === 'train.py');
    assert.deepEqual(py.locations[0].physicalLocation, {
      artifactLocation: { uri: 'train.py', uriBaseId: '%SRCROOT%' },
      region: { startLine: 5, startColumn: 5, endLine: 5, endColumn: 39 },
    });
    assert.deepEqual(py.relatedLocations[0].message, { text: 'the data comes from here' });
    assert.equal(py.relatedLocations[0].id, 1);
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///ws/' } });
  });

  it('points notebook findings at the .ipynb file: line in the cell, cell index in a property bag', async () => {
    const run = (await sarifOf()).runs[0];
    const nb = run.results.find(
      (r: Json) => r.locations[0].physicalLocation.artifactLocation.uri === 'notebooks/eda.ipynb',
    );
    const loc = nb.locations[0];
    assert.equal(loc.physicalLocation.region.startLine, 2);
    assert.equal(loc.properties.cell, 2);
    assert.equal(nb.properties.cell, 2);
    assert.deepEqual(loc.message, { text: 'cell 3, line 2' });
    // A text edit inside a cell has no place in the notebook's JSON text: no SARIF fix for it.
    assert.equal(nb.fixes, undefined);
  });

  it('turns fixes in .py files into artifact changes', async () => {
    const run = (await sarifOf()).runs[0];
    const py = run.results.find((r: Json) => r.locations[0].physicalLocation.artifactLocation.uri === 'train.py');
    assert.deepEqual(py.fixes, [
      {
        description: { text: 'Fit on the training rows only' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'train.py', uriBaseId: '%SRCROOT%' },
            replacements: [
              {
                deletedRegion: { startLine: 5, startColumn: 5, endLine: 5, endColumn: 39 },
                insertedContent: { text: 'scaler.fit(X_train).transform(X)' },
              },
            ],
          },
        ],
        properties: { safety: 'unsafe', isPreferred: true },
      },
    ]);
  });

  it('keeps fingerprints stable when lines move, and distinct for repeats', async () => {
    const a = await sampleReport({
      'm.py':
        'from sklearn.preprocessing import StandardScaler as S\nX = S().fit_transform(a)\nX = S().fit_transform(a)\n',
    });
    const b = await sampleReport({
      'm.py':
        'from sklearn.preprocessing import StandardScaler as S\n\n\n' +
        'X = S().fit_transform(a)\n' +
        'X = S().fit_transform(a)\n',
    });
    const fa = (await sarifOf(a)).runs[0].results.map((r: Json) => r.partialFingerprints['mlcoachFinding/v1']);
    const fb = (await sarifOf(b)).runs[0].results.map((r: Json) => r.partialFingerprints['mlcoachFinding/v1']);
    assert.equal(fa.length, 2);
    assert.notEqual(fa[0], fa[1]);
    assert.deepEqual(fa, fb);
  });

  it('puts the level report in the run properties and problems in notifications', async () => {
    const run = (await sarifOf()).runs[0];
    const level = run.properties.mlcoach;
    assert.equal(level.projects[0].level, 1);
    assert.deepEqual(level.projects[0].nextSteps, ['L2.heldout-evaluation', 'L2.git']);
    assert.equal(level.projects[0].items.length, 4);
    assert.equal(level.projects[0].levelReason, 'Level 1: data loaded, a model trained');
    assert.deepEqual(level.projects[0].foundationGaps, []);
    const [note] = run.invocations[0].toolExecutionNotifications;
    assert.match(note.message.text, /^notebooks\/broken\.ipynb: notebook could not be read/);
    assert.equal(note.locations[0].physicalLocation.artifactLocation.uri, 'notebooks/broken.ipynb');
  });

  it('prefixes paths of monorepo projects and encodes unusual characters', async () => {
    const report = await sampleReport({
      'my notebooks/a#1.py': 'from sklearn.decomposition import PCA\nZ = PCA().fit_transform(x)\n',
    });
    report.projects[0].root = 'services/ml';
    report.root = '/home/me/my repo';
    const log = await sarifOf(report);
    assert.equal(
      log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri,
      'services/ml/my%20notebooks/a%231.py',
    );
    assert.equal(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri, 'file:///home/me/my%20repo/');
    const valid: boolean = sarifValidator()(log);
    assert.ok(valid);
  });

  it('maps severities to SARIF levels and Windows roots to file URIs', () => {
    assert.deepEqual(
      ['error', 'warning', 'info', 'hint'].map((s) => sarifLevel(s as 'error')),
      ['error', 'warning', 'note', 'note'],
    );
    assert.equal(fileUri('C:/Users/me/proj'), 'file:///C:/Users/me/proj/');
    assert.equal(fileUri('/'), 'file:///');
  });

  it('level-only output has no results but the level report', async () => {
    const log = toSarif(await sampleReport(), { rules: [TEST_RULE], levelOnly: true }) as Json;
    assert.deepEqual(log.runs[0].results, []);
    assert.equal(log.runs[0].properties.mlcoach.projects[0].level, 1);
  });

  it(
    'gives a finding without a range a non-empty location: evidence of an item it bears on, else the project ' +
      'folder',
    async () => {
      const report = await sampleReport();
      const project = report.projects[0];
      const bare = { ...project.findings[0], range: undefined, related: undefined, fixes: undefined };
      project.findings = [bare, { ...bare, affects: undefined }];
      const run = (await sarifOf(report)).runs[0];
      assert.deepEqual(run.results[0].locations[0].physicalLocation.artifactLocation, {
        uri: 'train.py',
        uriBaseId: '%SRCROOT%',
      });
      assert.deepEqual(run.results[1].locations[0].physicalLocation, {
        artifactLocation: { uri: '.', uriBaseId: '%SRCROOT%' },
      });
      const valid: boolean = sarifValidator()(await sarifOf(report));
      assert.ok(valid);
    },
  );
});
