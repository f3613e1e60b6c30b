// `npm run bench:peers`: ML Coach next to the tools users already run, on the same folders, as a CI job
// runs them: one process each, start-up included. Prints wall time, CPU time (user + system, all threads)
// and peak memory (maximum resident set) of
//   - `mlcoach check` (the production bundle, dist/cli.js as `npm run package` ships it),
//   - native Ruff, every rule: `ruff check --select ALL --no-cache` (`pip install ruff`; skipped with a
//     note when it is not on PATH or RUFF names no file),
//   - pyright (npm), installed on first use into ~/.cache/mlcoach-bench (see PYRIGHT below),
// on the Python standard library, Debian's scikit-learn sources (`apt-get install python3-sklearn`), the
// generated notebooks of `npm run bench` and a generated ML monorepo of 5,000 files, then the ratios and
// a last JSON line with every figure. Each tool runs ROUNDS times on each folder (default 3) and the
// fastest wall time is kept with the CPU time and memory of that run. A script, not a test: figures
// depend on the machine. Needs /usr/bin/time (Debian: `apt-get install time`).
//
//   npm run bench:peers
//   node scripts/bench-peers.mjs --rounds 1 --no-pyright --only monorepo
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, homedir, loadavg, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOURCES, writeMonorepo, writeNotebook, writeNotebooks } from './corpus.mjs';

const repo = join(fileURLToPath(import.meta.url), '..', '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const ROUNDS = Number(option('--rounds', '3'));
const ONLY = option('--only', '');
const TIMEOUT_MS = Number(option('--timeout', '600')) * 1000;
/**
 * Pyright is installed on first use into the user's cache folder rather than kept as a devDependency:
 * only this script needs it, and its 38 MB would otherwise come with every `npm ci` in CI and for every
 * contributor. The version is pinned exactly so the figures are comparable from run to run.
 */
const PYRIGHT = '1.1.414';
const TIME = '/usr/bin/time';

function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, cmd);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

function ruffCommand() {
  const ruff = process.env.RUFF || which('ruff');
  if (!ruff) return { note: 'ruff not found on PATH (pip install ruff); skipped' };
  try {
    const version = execFileSync(ruff, ['--version'], { encoding: 'utf8' }).trim();
    return { version, run: (dir) => [ruff, ['check', '--select', 'ALL', '--no-cache', '--exit-zero', '--quiet', dir]] };
  } catch (e) {
    return { note: `${ruff} does not run (${e.message.split('\n')[0]}); skipped` };
  }
}

function pyrightCommand() {
  if (args.includes('--no-pyright')) return { note: 'skipped (--no-pyright)' };
  const prefix = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mlcoach-bench', `pyright-${PYRIGHT}`);
  const main = join(prefix, 'node_modules', 'pyright', 'index.js');
  if (!existsSync(main)) {
    console.log(`installing pyright@${PYRIGHT} into ${prefix} (once)`);
    const r = spawnSync(
      'npm',
      [
        'install',
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        '--prefix',
        prefix,
        `pyright@${PYRIGHT}`,
      ],
      { stdio: 'inherit' },
    );
    if (r.status !== 0 || !existsSync(main)) return { note: `npm install pyright@${PYRIGHT} failed; skipped` };
  }
  return { version: `pyright ${PYRIGHT}`, run: (dir) => [process.execPath, [main, dir]] };
}

/** One run of a command under /usr/bin/time: wall seconds, CPU seconds (user + system) and peak RSS in MB. */
function measure([cmd, cmdArgs], cwd, env = {}) {
  const stats = join(tmp, 'time.txt');
  rmSync(stats, { force: true });
  const r = spawnSync(TIME, ['-o', stats, '-f', '%e %U %S %M', cmd, ...cmdArgs], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error?.code === 'ETIMEDOUT' || r.signal) return { timeout: TIMEOUT_MS / 1000 };
  const last = readFileSync(stats, 'utf8').trim().split('\n').pop();
  const [wall, user, sys, kb] = last.split(' ').map(Number);
  return { wallS: wall, cpuS: +(user + sys).toFixed(2), peakMb: Math.round(kb / 1024), exit: r.status };
}

function best(runs) {
  const done = runs.filter((r) => r.wallS !== undefined);
  if (!done.length) return runs[0];
  return done.reduce((a, b) => (b.wallS < a.wallS ? b : a));
}

const fmtS = (r) => (r === undefined ? '-' : r.timeout ? `>${r.timeout} s` : `${r.wallS.toFixed(2)} s`);
const ratio = (a, b, key = 'wallS') => (a?.[key] && b?.[key] ? +(a[key] / b[key]).toFixed(2) : null);

if (!existsSync(TIME)) {
  console.error(`bench:peers: ${TIME} is missing (Debian: apt-get install time)`);
  process.exit(2);
}
const cli = join(repo, 'dist', 'cli.js');
console.log('building the production bundle (node scripts/build.mjs --production)');
execFileSync(process.execPath, [join(repo, 'scripts', 'build.mjs'), '--production'], { cwd: repo, stdio: 'inherit' });

const tmp = mkdtempSync(join(tmpdir(), 'mlcoach-peers-'));
try {
  const folders = [];
  for (const src of SOURCES) {
    if (existsSync(src.dir)) folders.push({ name: src.name, dir: src.dir });
    else console.log(`${src.name}: ${src.dir} is missing; skipped`);
  }
  folders.push({ name: 'notebooks', dir: join(tmp, 'notebooks'), files: writeNotebooks(join(tmp, 'notebooks')) });
  folders.push({
    name: 'monorepo',
    dir: join(tmp, 'monorepo'),
    files: writeMonorepo(join(tmp, 'monorepo'), 5000),
    edit: 'services/svc-007/src/svc_007/train_11.py',
  });
  const selected = ONLY ? folders.filter((f) => ONLY.split(',').includes(f.name)) : folders;

  const tools = [
    {
      name: 'mlcoach',
      version: `mlcoach ${JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version}`,
      run: (dir) => [process.execPath, [cli, 'check', '--no-cache', '--format', 'json', '--fail-on', 'never', dir]],
    },
    { name: 'ruff', ...ruffCommand() },
    { name: 'pyright', ...pyrightCommand() },
  ];
  for (const t of tools) if (t.note) console.log(`${t.name}: ${t.note}`);

  const results = {};
  for (const folder of selected) {
    results[folder.name] = {};
    for (const tool of tools.filter((t) => t.run)) {
      const runs = [];
      // Pyright takes minutes on the larger folders: one run of it is enough to place it.
      const rounds = tool.name === 'pyright' ? 1 : ROUNDS;
      for (let r = 0; r < rounds; r++) runs.push(measure(tool.run(folder.dir), tmp));
      results[folder.name][tool.name] = best(runs);
      console.log(`  ${folder.name.padEnd(10)} ${tool.name.padEnd(8)} ${fmtS(results[folder.name][tool.name])}`);
    }
    // A second check with the report cache (in a folder of its own): unchanged, and after editing one file.
    const cacheEnv = { MLCOACH_CACHE_DIR: join(tmp, 'cache') };
    const cached = (dir) => [process.execPath, [cli, 'check', '--format', 'json', '--fail-on', 'never', dir]];
    measure(cached(folder.dir), tmp, cacheEnv);
    const warm = [];
    for (let r = 0; r < ROUNDS; r++) warm.push(measure(cached(folder.dir), tmp, cacheEnv));
    results[folder.name].mlcoachCached = best(warm);
    console.log(
      `  ${folder.name.padEnd(10)} mlcoach, second run (report cache) ${fmtS(results[folder.name].mlcoachCached)}`,
    );
    if (folder.edit) {
      const edited = [];
      for (let r = 0; r < ROUNDS; r++) {
        appendFileSync(join(folder.dir, folder.edit), `\nEDITED_${r} = ${r}\n`);
        edited.push(measure(cached(folder.dir), tmp, cacheEnv));
      }
      results[folder.name].mlcoachCachedOneEdit = best(edited);
      console.log(
        `  ${folder.name.padEnd(10)} mlcoach, after editing ${folder.edit} (report ` +
          `cache) ${fmtS(results[folder.name].mlcoachCachedOneEdit)}`,
      );
    }
    rmSync(join(tmp, 'cache'), { recursive: true, force: true });
  }

  console.log(
    `\n` +
      `wall time (best of ${ROUNDS}; pyright one run), CPU time and peak memory; one process per run, start-up ` +
      `included`,
  );
  const head = [
    'folder',
    ...tools.filter((t) => t.run).map((t) => t.name),
    'mlcoach/ruff',
    'pyright/mlcoach',
    'same in CPU time',
  ];
  const rows = [head];
  for (const folder of selected) {
    const r = results[folder.name];
    const cell = (x) =>
      x
        ? x.timeout
          ? `>${x.timeout} s`
          : `${x.wallS.toFixed(2)} s (${x.cpuS.toFixed(2)} s CPU, ${x.peakMb} MB)`
        : '-';
    rows.push([
      folder.name,
      ...tools.filter((t) => t.run).map((t) => cell(r[t.name])),
      `${ratio(r.mlcoach, r.ruff) ?? '-'}x`,
      `${ratio(r.pyright, r.mlcoach) ?? '-'}x`,
      `${ratio(r.mlcoach, r.ruff, 'cpuS') ?? '-'}x, ${ratio(r.pyright, r.mlcoach, 'cpuS') ?? '-'}x`,
    ]);
  }
  const widths = head.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const row of rows) console.log(row.map((c, i) => c.padEnd(widths[i])).join('  '));
  for (const folder of selected) {
    const r = results[folder.name];
    const cell = (x) => (x ? `${x.wallS.toFixed(2)} s (${x.cpuS.toFixed(2)} s CPU, ${x.peakMb} MB)` : '-');
    console.log(
      `${folder.name}: mlcoach second run ${cell(r.mlcoachCached)}` +
        (r.mlcoachCachedOneEdit ? `, after editing one file ${cell(r.mlcoachCachedOneEdit)}` : ''),
    );
  }
  console.log(
    'targets (wall time): mlcoach/ruff at most 2x, pyright/mlcoach at least 20x; on a loaded machine the CPU ' +
      'ratios move less',
  );
  // Scale: mlcoach alone on monorepos of 50, 500 and 5,000 files (no cache), and a 1,000-cell notebook.
  const scale = [];
  if (!args.includes('--no-scale')) {
    console.log('\nscale: mlcoach check --no-cache on generated monorepos (best of the rounds)');
    for (const n of [50, 500, 5000]) {
      const dir = join(tmp, `scale-${n}`);
      writeMonorepo(dir, n);
      const runs = [];
      for (let r = 0; r < ROUNDS; r++) runs.push(measure(tools[0].run(dir), tmp));
      const b = best(runs);
      scale.push({
        files: n,
        ...b,
        wallMsPerFile: +((b.wallS * 1000) / n).toFixed(3),
        cpuMsPerFile: +((b.cpuS * 1000) / n).toFixed(3),
      });
      rmSync(dir, { recursive: true, force: true });
    }
    for (let i = 0; i < scale.length; i++) {
      const s = scale[i];
      const prev = scale[i - 1];
      // The slope between two sizes: what each added file costs, start-up left out.
      s.marginalCpuMsPerFile = prev ? +(((s.cpuS - prev.cpuS) * 1000) / (s.files - prev.files)).toFixed(3) : null;
      s.marginalWallMsPerFile = prev ? +(((s.wallS - prev.wallS) * 1000) / (s.files - prev.files)).toFixed(3) : null;
      console.log(
        `  ${String(s.files).padStart(5)} files: ${s.wallS.toFixed(2)} s (${s.cpuS.toFixed(2)} s CPU, ${s.peakMb} MB)` +
          (prev
            ? `; each file from ${prev.files} on: ${s.marginalWallMsPerFile} ms wall, ${s.marginalCpuMsPerFile} ms CPU`
            : ''),
      );
    }
    const nb = join(tmp, 'nb1000', 'kaggle_1000_cells.ipynb');
    writeNotebook(nb, 1000);
    const runs = [];
    for (let r = 0; r < ROUNDS; r++) runs.push(measure(tools[0].run(join(tmp, 'nb1000')), tmp));
    const b = best(runs);
    scale.push({ notebookCells: 1000, ...b });
    console.log(
      `  a 1,000-cell notebook: ${b.wallS.toFixed(2)} s (${b.cpuS.toFixed(2)} s CPU, ${b.peakMb} MB), start-up ` +
        `included (the analysis alone: npm run bench)`,
    );
  }
  const machine = { cpus: cpus().length, load1: +loadavg()[0].toFixed(2), node: process.version };
  console.log(
    `machine: ${machine.cpus} CPUs, load ${machine.load1}, Node ${machine.node}; ${tools
      .filter((t) => t.version)
      .map((t) => t.version)
      .join(', ')}`,
  );
  const figures = {
    folders: Object.fromEntries(
      selected.map((f) => [
        f.name,
        {
          ...results[f.name],
          mlcoachOverRuff: ratio(results[f.name].mlcoach, results[f.name].ruff),
          pyrightOverMlcoach: ratio(results[f.name].pyright, results[f.name].mlcoach),
          cpu: {
            mlcoachOverRuff: ratio(results[f.name].mlcoach, results[f.name].ruff, 'cpuS'),
            pyrightOverMlcoach: ratio(results[f.name].pyright, results[f.name].mlcoach, 'cpuS'),
          },
        },
      ]),
    ),
    tools: Object.fromEntries(tools.map((t) => [t.name, t.version ?? t.note])),
    scale,
    rounds: ROUNDS,
    machine,
  };
  console.log(JSON.stringify(figures));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
