// `npm run lint`, after Biome: fails on any line wider than the formatter's 120 columns in the sources,
// tests and scripts. Biome breaks code but leaves long strings and comments as they are; this catches them.
// Usage: node scripts/lineWidth.mjs [repository root].
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const WIDTH = 120;
const ROOTS = ['src', 'test', 'scripts'];
// Fixtures are users' code and data as they come; JSON is generated or hand-laid data, as for Biome.
const EXCLUDED = ['test/fixtures'];
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs|sh)$/;

/** Columns of a line as the formatter counts them: one per character (code point), a tab as two. */
function columns(line) {
  let n = 0;
  for (const ch of line) n += ch === '\t' ? 2 : 1;
  return n;
}

/** Source files under the checked folders, as slash-separated paths relative to the root, sorted. */
function sourceFiles(root) {
  const found = [];
  const visit = (dir) => {
    let entries;
    try {
      entries = readdirSync(join(root, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = `${dir}/${entry.name}`;
      if (EXCLUDED.includes(path)) continue;
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile() && SOURCE.test(entry.name)) found.push(path);
    }
  };
  for (const dir of ROOTS) visit(dir);
  return found.sort();
}

const root = resolve(process.argv[2] ?? '.');
const long = [];
for (const path of sourceFiles(root)) {
  const lines = readFileSync(join(root, path), 'utf8').split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    const width = columns(line);
    if (width > WIDTH) long.push(`${path}:${i + 1}: ${width} columns`);
  }
}
if (long.length) {
  console.error(long.join('\n'));
  console.error(
    `${long.length} line${long.length === 1 ? '' : 's'} over ${WIDTH} columns (${relative('.', root) || '.'})`,
  );
  process.exit(1);
}
