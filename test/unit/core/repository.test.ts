import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { analyzeFolder } from '../../../src/core/analyze';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';
import { FIXTURES, REPO_ROOT } from '../../support/paths';

describe('this repository', () => {
  it('is not an ML project and gets no findings (its ML samples are excluded by /.mlcoach.yaml)', async () => {
    const report = await analyzeFolder(new NodeFileSystem(), REPO_ROOT.replace(/\\/g, '/'));
    assert.equal(report.projects.length, 1);
    const [project] = report.projects;
    assert.equal(project.isMlProject, false, project.mlReason);
    assert.equal(project.level, null);
    assert.deepEqual(project.findings, []);
    if (existsSync(FIXTURES))
      assert.ok(
        project.skipped.some((s) => s.path === 'test/fixtures' && s.reason === 'excluded'),
        'test/fixtures must be left out by the configuration',
      );
  });
});
