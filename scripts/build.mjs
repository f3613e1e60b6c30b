// Bundles the extension, the CLI and the analysis worker into dist/ with esbuild.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const entries = [
  { in: 'src/cli/main.ts', out: 'cli' },
  { in: 'src/extension/extension.ts', out: 'extension' },
  { in: 'src/extension/analysisWorker.ts', out: 'analysisWorker' },
].filter((e) => existsSync(e.in));

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
