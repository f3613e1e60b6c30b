// Bundles the extension, the CLI and the analysis worker into dist/ with esbuild. `--production`
// (what `vsce package` runs through `vscode:prepublish`) minifies and writes no source maps; the
// development build keeps them for stack traces and the debugger.
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const entries = [
  // `mlcoach`: a small launcher that loads cliMain.js with V8's code cache (src/cli/launch.ts).
  { in: 'src/cli/launch.ts', out: 'cli' },
  { in: 'src/cli/main.ts', out: 'cliMain' },
  { in: 'src/extension/extension.ts', out: 'extension' },
  { in: 'src/extension/analysisWorker.ts', out: 'analysisWorker' },
].filter((e) => existsSync(e.in));

// Files of an earlier build (a source map beside a production bundle, a renamed entry) must not linger.
const outputs = new Set(entries.flatMap((e) => [`${e.out}.js`, ...(production ? [] : [`${e.out}.js.map`])]));
if (existsSync('dist'))
  for (const name of readdirSync('dist'))
    if (!outputs.has(name)) rmSync(join('dist', name), { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  outdir: 'dist',
};
for (const entry of entries) {
  await build({
    ...common,
    entryPoints: [entry],
    // The CLI is run directly through the package's `bin` entry.
    banner: entry.out === 'cli' ? { js: '#!/usr/bin/env node' } : undefined,
  });
}
