import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LEVEL_ITEMS } from '../../../src/core/levels/checklist';
import { scaffoldDocsPage } from '../../../src/core/scaffold/docs';
import { SCAFFOLDS } from '../../../src/core/scaffold/registry';
import { REPO_ROOT } from '../../support/paths';

describe('scaffold docs', () => {
  it('docs/scaffolds.md is up to date (npm run docs rewrites it)', () => {
    const page = scaffoldDocsPage(SCAFFOLDS, LEVEL_ITEMS);
    assert.equal(readFileSync(join(REPO_ROOT, 'docs', 'scaffolds.md'), 'utf8'), page);
  });

  it('shows where each scaffold puts its files in both layouts', () => {
    const page = scaffoldDocsPage(SCAFFOLDS, LEVEL_ITEMS);
    for (const s of SCAFFOLDS) assert.match(page, new RegExp(`^## ${s.id}$`, 'm'));
    assert.match(page, /Files in a flat project \(scripts and notebooks at the root\): `split\.py`$/m);
    assert.match(page, /`src\/my_project\/data\/split\.py`/);
    assert.match(page, /\| \[`dockerfile`\]\(#dockerfile\) \| 3 \| L3\.dockerfile \(/);
  });
});
