#!/usr/bin/env node
// Behaviour snapshot of the built CLI over every fixture project, the examples and (when exported) the
// ecosystem snapshots: the JSON report, the text report and the unsafe-fix diff of each root.
//
//   node scripts/golden.mjs --write DIR      record the snapshot
//   node scripts/golden.mjs --compare DIR    compare with a recorded one; exit 1 and list every change
//
// A refactoring that must not change behaviour records the snapshot before and compares after. Extra
// roots: every folder under $MLCOACH_GOLDEN_EXTRA (default: the git-ignored .ecosystem/ when present).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { cpus } from 'node:os';

const repo = resolve(import.meta.dirname, '..');
const cli = join(repo, 'dist', 'cli.js');
const [mode, outDir] = process.argv.slice(2);
if (!['--write', '--compare'].includes(mode) || !outDir) {
  console.error('usage: node scripts/golden.mjs --write DIR | --compare DIR');
  process.exit(2);
}
if (!existsSync(cli)) {
  console.error('dist/cli.js is missing: run npm run build first');
  process.exit(2);
}

const subdirs = (dir) =>
  existsSync(dir)
    ? readdirSync(dir)
        .sort()
        .map((n) => join(dir, n))
        .filter((p) => statSync(p).isDirectory())
    : [];

const extraRoot = resolve(process.env.MLCOACH_GOLDEN_EXTRA ?? join(repo, '.ecosystem'));
const roots = [
  ...subdirs(join(repo, 'examples')),
  ...['projects', 'workspaces', 'evidence', 'cli', 'scaffold'].flatMap((d) => subdirs(join(repo, 'test/fixtures', d))),
  join(repo, 'test/fixtures/rules'),
  join(repo, 'test/fixtures/fixes'),
  ...subdirs(extraRoot),
];

const run = (args, cwd) =>
  new Promise((done) =>
    execFile(
      'node',
      [cli, ...args],
      { cwd, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
      (err, stdout, stderr) => {
        // A crash's stderr holds addresses and timings: keep only what crashed.
        const crash = /FATAL ERROR: (.*)/.exec(stderr);
        done(`exit ${err ? (err.code ?? 1) : 0}\n${stdout}\n--- stderr\n${crash ? `<crash: ${crash[1]}>` : stderr}`);
      },
    ),
  );

// Extra roots are named by their folder alone, so a snapshot compares from any checkout of the repository.
const nameOf = (root) =>
  root.startsWith(`${extraRoot}/`)
    ? `ecosystem__${relative(extraRoot, root)}`
    : relative(repo, root).replace(/[\\/]/g, '__').replace(/^\.+/, '') || 'root';

async function snapshot(root) {
  const parts = [];
  for (const args of [
    ['check', '--format', 'json', '--no-cache', '.'],
    ['check', '--no-cache', '.'],
    ['check', '--no-cache', '--diff', '--unsafe-fixes', '.'],
  ]) {
    parts.push(`$ mlcoach ${args.join(' ')}\n${await run(args, root)}`);
  }
  return parts
    .join('\n')
    .split(root)
    .join('<root>')
    .replace(/\d+(\.\d+)? ?ms\b/g, '<ms>');
}

const results = new Map();
let next = 0;
await Promise.all(
  Array.from({ length: Math.max(1, cpus().length) }, async () => {
    while (next < roots.length) {
      const root = roots[next++];
      results.set(nameOf(root), await snapshot(root));
    }
  }),
);

if (mode === '--write') {
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of results) writeFileSync(join(outDir, `${name}.txt`), text);
  console.log(`golden: ${results.size} roots written to ${outDir}`);
} else {
  const changed = [];
  for (const [name, text] of [...results].sort()) {
    const file = join(outDir, `${name}.txt`);
    if (!existsSync(file)) changed.push(`${name}: new root`);
    else if (readFileSync(file, 'utf8') !== text) changed.push(`${name}: differs`);
  }
  for (const c of changed) console.log(c);
  console.log(`golden: ${results.size - changed.length} identical, ${changed.length} changed`);
  process.exit(changed.length ? 1 : 0);
}
