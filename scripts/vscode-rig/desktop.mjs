// Runs the same integration suite in desktop VS Code through @vscode/test-electron, on a developer's own
// machine (it downloads VS Code, which CI cannot: CI runs the suite in code-server with run.sh).
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..', '..');
const runs = JSON.parse(readFileSync(join(repo, 'test', 'integration', 'runs.json'), 'utf8'));
const only = process.argv.slice(2);
let failed = 0;
for (const run of runs.filter((r) => !only.length || only.includes(r.suite))) {
  const tmp = mkdtempSync(join(tmpdir(), 'mlcoach-desktop-'));
  const folder = join(tmp, basename(run.workspace));
  cpSync(join(repo, run.workspace), folder, { recursive: true });
  try {
    await runTests({
      extensionDevelopmentPath: repo,
      extensionTestsPath: join(repo, 'out', 'test', 'integration', 'index.js'),
      extensionTestsEnv: { MLCOACH_TEST_SUITE: run.suite, MLCOACH_TEST_WORKSPACE: folder },
      launchArgs: [folder, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
    });
  } catch (e) {
    console.error(`suite ${run.suite} failed: ${e instanceof Error ? e.message : e}`);
    failed++;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
process.exit(failed ? 1 : 0);
