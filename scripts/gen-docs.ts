// `npm run docs`: writes docs/rules/<CODE>.md, docs/rules/README.md, docs/levels.md and the README's rule
// table from the rule registry and the level checklist. A unit test fails when the committed copies are stale.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LEVEL_ITEMS, LEVEL_TITLES } from '../src/core/levels/checklist';
import { ALL_RULES } from '../src/core/rules/registry';
import { generatedDocs } from '../src/core/format/docsPages';
import { SCAFFOLDS } from '../src/core/scaffold/registry';
import { scaffoldDocsPage } from '../src/core/scaffold/docs';

// Compiled to out/scripts/gen-docs.js: the repository is two folders up.
const root = resolve(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const files = generatedDocs(ALL_RULES, LEVEL_ITEMS, LEVEL_TITLES, readme);
files.push({ path: 'docs/scaffolds.md', content: scaffoldDocsPage(SCAFFOLDS, LEVEL_ITEMS) });
let changed = 0;
for (const file of files) {
  const path = join(root, file.path);
  let old: string | undefined;
  try {
    old = readFileSync(path, 'utf8');
  } catch {
    old = undefined;
  }
  if (old === file.content) continue;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, file.content);
  changed++;
  console.log(`wrote ${file.path}`);
}
// Pages of rules that no longer exist go away.
const wanted = new Set(files.map((f) => f.path));
for (const name of readdirSync(join(root, 'docs', 'rules'))) {
  const rel = `docs/rules/${name}`;
  if (name.endsWith('.md') && !wanted.has(rel)) {
    rmSync(join(root, rel));
    changed++;
    console.log(`removed ${rel}`);
  }
}
console.log(changed ? `${changed} file(s) updated` : 'docs are up to date');
