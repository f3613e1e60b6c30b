// Runs generated Python with the system interpreter, which has scikit-learn and pandas from Debian
// packages (`.ci/run` installs them). Tests skip with a clear message when a library is missing.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { NewFile } from '../../../src/core/model/findings';

/** The interpreter the generated code runs with. */
export const PYTHON = process.env.MLCOACH_TEST_PYTHON ?? '/usr/bin/python3';

let available: Set<string> | undefined;

/** Which of the given modules the interpreter can import (checked once, in one process). */
function pythonModules(): Set<string> {
  if (available) return available;
  const wanted = [
    'sklearn',
    'pandas',
    'numpy',
    'yaml',
    'imblearn',
    'pytest',
    'joblib',
    'fastapi',
    'httpx',
    'pydantic',
    'prometheus_client',
    'locust',
  ];
  const r = spawnSync(
    PYTHON,
    [
      '-c',
      `import importlib.util, json; print(json.dumps([m for m in ${JSON.stringify(wanted)} if ` +
        `importlib.util.find_spec(m)]))`,
    ],
    { encoding: 'utf8' },
  );
  available = new Set(r.status === 0 ? (JSON.parse(r.stdout) as string[]) : []);
  return available;
}

/** The modules of `needed` that are missing, as a skip message, or undefined when all are there. */
export function missingModules(...needed: string[]): string | undefined {
  const have = pythonModules();
  const missing = needed.filter((m) => !have.has(m));
  return missing.length
    ? `${PYTHON} lacks ${missing.join(', ')} (install the python3-* Debian packages listed in .ci/run)`
    : undefined;
}

/** Writes files under a fresh temporary folder and returns its path. */
export function writeProject(files: Array<NewFile | { path: string; content: string }>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlcoach-scaffold-'));
  for (const f of files) {
    const p = join(dir, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.content);
  }
  return dir;
}

/** Output of one Python run. */
export interface PythonResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the interpreter in `cwd` with arguments; never throws. */
export function runPython(cwd: string, args: string[], env: Record<string, string> = {}): PythonResult {
  const r = spawnSync(PYTHON, args, {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONHASHSEED: '0', ...env },
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
}

/** A small, messy Titanic-like CSV: missing ages, text columns, an imbalanced 0/1 target. */
export function titanicCsv(rows = 240): string {
  const lines = ['PassengerId,Survived,Pclass,Name,Sex,Age,SibSp,Parch,Ticket,Fare,Cabin,Embarked'];
  let s = 12345;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  for (let i = 1; i <= rows; i++) {
    const pclass = 1 + Math.floor(rnd() * 3);
    const female = rnd() < 0.35;
    const survived = rnd() < (female ? 0.7 : 0.2) ? 1 : 0;
    const age = rnd() < 0.2 ? '' : String(Math.round(1 + rnd() * 70));
    const fare = (5 + rnd() * 80 * (4 - pclass)).toFixed(2);
    lines.push(
      [
        i,
        survived,
        pclass,
        `"Passenger, Mr. ${i}"`,
        female ? 'female' : 'male',
        age,
        Math.floor(rnd() * 3),
        Math.floor(rnd() * 2),
        `A/${1000 + i}`,
        fare,
        rnd() < 0.7 ? '' : `C${i}`,
        ['S', 'C', 'Q'][Math.floor(rnd() * 3)],
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
