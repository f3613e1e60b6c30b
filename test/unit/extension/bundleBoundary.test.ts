import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { REPO_ROOT } from '../../support/paths';

/** Files reached from `entry` through value imports (type-only imports are erased and cost nothing). */
function valueImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'(\.[^']+)';/gm)) {
      const target = `${resolve(dirname(file), m[1])}.ts`;
      if (existsSync(target)) visit(target);
    }
  };
  visit(entry);
  return seen;
}

describe('extension host bundle', () => {
  it('keeps the analyser out of the extension host: rules, checklist and scaffolds load in the worker only', () => {
    const files = [...valueImports(join(REPO_ROOT, 'src', 'extension', 'extension.ts'))].map((f) =>
      relative(REPO_ROOT, f).replace(/\\/g, '/'),
    );
    const core = files.filter((f) => f.startsWith('src/core/'));
    // Leaf modules without imports of their own: path joining, how places (cells) are named, and the two
    // fix helpers the code actions ask (which fix is applied in bulk, where a Dockerfile is offered), and the
    // title the Level view finds the extract-to-config fix by.
    assert.deepEqual(core.sort(), [
      'src/core/fixes/choose.ts',
      'src/core/fixes/dockerfileAction.ts',
      'src/core/fixes/extractConfigTitle.ts',
      'src/core/format/locations.ts',
      'src/core/fs/fileSystem.ts',
    ]);
    assert.ok(!files.includes('src/extension/workspaceAnalyzer.ts'));
  });
});
