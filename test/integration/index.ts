// Entry point of the integration suite inside the VS Code extension host (`extensionTestsPath`).
import Mocha from 'mocha';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';

/** Runs the suite named by MLCOACH_TEST_SUITE (a folder beside this file); rejects when a test fails. */
export async function run(): Promise<void> {
  const suite = process.env.MLCOACH_TEST_SUITE ?? 'mlProject';
  // The extension host forwards console.log to the test runner, but unformatted and not reassignable.
  const log = (line: string): void => console.log(line);
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => log(format(...args));
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000, slow: 5_000 });
  const folders = [suite];
  // Screenshots first, while the fixture is as committed (later tests edit files and settings).
  if (process.env.MLCOACH_SCREENSHOT_DIR && suite === 'showcase') folders.unshift('screenshots');
  for (const folder of folders) {
    const dir = join(__dirname, folder);
    if (!existsSync(dir)) throw new Error(`no integration suite named ${folder} in ${__dirname}`);
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.test.js'))
      .sort())
      mocha.addFile(join(dir, file));
  }
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((count) => resolve(count));
    runner.once('end', () => {
      const s = runner.stats;
      log(`${s?.passes ?? 0} passed, ${s?.failures ?? 0} failed${s?.pending ? `, ${s.pending} skipped` : ''}`);
    });
  });
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
