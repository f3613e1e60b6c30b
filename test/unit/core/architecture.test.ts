import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/paths';
import { VERSION } from '../../../src/core/version';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('architecture', () => {
  it('src/core never imports vscode or node-only modules', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(join(REPO_ROOT, 'src', 'core'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(
        new RegExp(
          /(?:import|export)[^'"]*from\s*['"]([^'"]+)['"]/.source +
            /|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/.source,
          'g',
        ),
      )) {
        const spec = m[1] ?? m[2] ?? m[3];
        if (
          spec === 'vscode' ||
          spec.startsWith('node:') ||
          ['fs', 'path', 'child_process', 'os', 'worker_threads'].includes(spec)
        ) {
          offenders.push(`${file.slice(REPO_ROOT.length + 1)} imports ${spec}`);
        }
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('the version constant matches package.json', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.equal(VERSION, pkg.version);
  });
});
