// Helpers for the integration suite: polling, the extension's test API, fixture expectations, screenshots.
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { MlCoachApi } from '../../src/extension/api';

/** The extension's id in package.json (`publisher.name`). */
const EXTENSION_ID = 'mlcoach.ml-coach';
/** The `source` of every diagnostic ML Coach publishes. */
export const SOURCE = 'ML Coach';

/**
 * Polls `probe` until it returns something other than undefined/false/null, then returns it.
 * Never a blind sleep: the test goes on the moment the condition holds, and fails with `what` otherwise.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
  intervalMs = 50,
): Promise<T> {
  const start = Date.now();
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
      lastError = undefined;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() - start > timeoutMs) {
      const why = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Activates the extension (if the workspace has not already) and returns its test API. */
export async function mlCoach(): Promise<MlCoachApi> {
  const ext = vscode.extensions.getExtension<MlCoachApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  const api = ext.isActive ? ext.exports : await ext.activate();
  assert.ok(api && typeof api.whenIdle === 'function', 'activate() did not return the test API');
  return api;
}

/** The workspace folder the runner opened (a temporary copy of a fixture). */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return folder.uri;
}

/** A file of the open workspace. */
export function workspaceFile(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relative.split('/'));
}

/** The diagnostic's code as a string (`ML101`), whichever form it was given in. */
export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** ML Coach's diagnostics on a document (a file or a notebook cell). */
export function mlDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** Every ML Coach diagnostic in the workspace, with its document. */
export function allMlDiagnostics(): Array<[vscode.Uri, vscode.Diagnostic[]]> {
  return vscode.languages
    .getDiagnostics()
    .map(([uri, ds]) => [uri, ds.filter((d) => d.source === SOURCE)] as [vscode.Uri, vscode.Diagnostic[]])
    .filter(([, ds]) => ds.length > 0);
}

/** An expected finding: a `# expect: ML101` marker on a line of a fixture (0-based line). */
export interface Expected {
  line: number;
  code: string;
}

/** Reads the `# expect: ML101[, ML201]` markers of a document, the same markers the rule fixtures use. */
export function expectedFindings(doc: vscode.TextDocument): Expected[] {
  const out: Expected[] = [];
  for (let line = 0; line < doc.lineCount; line++) {
    const m = /#\s*expect:\s*([A-Z]+\d+(?:\s*,\s*[A-Z]+\d+)*)/.exec(doc.lineAt(line).text);
    if (m) for (const code of m[1].split(',')) out.push({ line, code: code.trim() });
  }
  return out;
}

/** The expected findings that have no diagnostic with that code starting on that line. */
export function missingFindings(doc: vscode.TextDocument): Expected[] {
  const ds = mlDiagnostics(doc.uri);
  return expectedFindings(doc).filter((e) => !ds.some((d) => codeOf(d) === e.code && d.range.start.line === e.line));
}

/**
 * Asks the runner for a screenshot of the whole workbench (when MLCOACH_SCREENSHOT_DIR is set), once
 * `waitForSelector` (a Playwright selector) shows, and waits until the file is written so the UI is not
 * moved on before the picture is taken.
 */
export async function screenshot(name: string, waitForSelector?: string): Promise<void> {
  const dir = process.env.MLCOACH_SCREENSHOT_DIR;
  if (!dir) return;
  const file = join(dir, `${name}.png`);
  const before = existsSync(file) ? statSync(file).mtimeMs : 0;
  console.log(`mlcoach:screenshot ${name}${waitForSelector ? ` ${waitForSelector}` : ''}`);
  await waitFor(`screenshot ${name}`, () => existsSync(file) && statSync(file).mtimeMs > before, 30_000);
}

/** Restores a configuration value after a test changed it. */
export async function resetSetting(section: string, key: string): Promise<void> {
  await vscode.workspace.getConfiguration(section).update(key, undefined, vscode.ConfigurationTarget.Workspace);
}
