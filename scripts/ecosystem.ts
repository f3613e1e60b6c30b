// `npm run ecosystem [-- --leakage] [--half tune|measure] [--only owner/name] [--verbose] [--json]`
//   [--labels FILE] [--folders DIR] [--cli BUNDLE]
//
// `--labels` reads another label file of the same shape (a fresh round's, test/ecosystem/rounds/), `--folders`
// takes each repository from DIR/<owner>+<name> (plain files, as a round exports them) instead of the snapshots,
// and `--cli` runs another build of the CLI bundle (a copy of `dist/` saved before a change, to score a round
// blind).
//
// The measure half prints its aggregate figures only, so it stays an honest estimate: nobody tunes on
// its misses by reading them over a shoulder. `--show-measure` prints them anyway (to audit the labels).
//
// Like Ruff's ecosystem check: runs the CLI bundle on real public repositories pinned by commit and
// compares its report with labels a person wrote by reading each repository before running ML Coach on
// it (test/ecosystem/labels.json for levels and checklist items, test/ecosystem/leakage-labels.json for
// leakage). Snapshots are never committed: the script reads git snapshots from a mirror folder
// (MLCOACH_ECOSYSTEM_MIRROR, or the nearest `.mirror` folder above the repository, laid out as
// `<mirror>/<owner>+<name>/repo`), exports the pinned commit into the git-ignored `.ecosystem/` folder,
// and skips every repository whose snapshot is absent (as on CI, which cannot fetch).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  type FileLabel,
  type Half,
  type LeakageTally,
  type RepoLabel,
  type RepoScore,
  type ReportFinding,
  type VisitorFinding,
  type WorkspaceReportJson,
  type FileScore,
  visitorsOf,
  addFileScore,
  emptyTally,
  precision,
  recall,
  scoreFile,
  scoreRepo,
  type StatementStart,
} from './ecosystemScore';
import { pythonFileUnit } from '../src/core/python/unit';
import { walkStatements } from '../src/core/python/walk';

// Compiled to out/scripts/ecosystem.js: the repository is two folders up.
const root = resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const halves: Half[] = option('--half') ? [option('--half') as Half] : ['tune', 'measure'];
const only = option('--only');
const verbose = flag('--verbose');
const labelsFile = option('--labels');
const folders = option('--folders');
const cliBundle = resolve(option('--cli') ?? join(root, 'dist', 'cli.js'));
/** Whether a half's misses are printed one by one (never the measure half's, unless asked for). */
const details = (half: Half): boolean => half === 'tune' || flag('--show-measure');

function findMirror(): string | undefined {
  if (process.env.MLCOACH_ECOSYSTEM_MIRROR) return process.env.MLCOACH_ECOSYSTEM_MIRROR;
  for (let dir = root; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.mirror'))) return join(dir, '.mirror');
    if (dirname(dir) === dir) return undefined;
  }
}

const REPO_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const COMMIT = /^[0-9a-f]{40}$/;

/** The pinned commit exported into .ecosystem/, or why it cannot be. */
function checkout(mirror: string, repo: string, commit: string): { dir?: string; skip?: string } {
  if (!REPO_NAME.test(repo) || !COMMIT.test(commit)) return { skip: 'bad repo name or commit in the labels' };
  if (folders) {
    const dir = join(resolve(folders), repo.replace('/', '+'));
    return existsSync(dir) ? { dir } : { skip: `no folder ${dir}` };
  }
  // A snapshot is a bare repository, or (for some fetches) a checkout whose `.git` holds it.
  const snapshot = join(mirror, repo.replace('/', '+'), 'repo');
  const gitDir = existsSync(join(snapshot, '.git')) ? join(snapshot, '.git') : snapshot;
  if (!existsSync(gitDir)) return { skip: 'no snapshot' };
  const dir = join(root, '.ecosystem', `${repo.replace('/', '+')}@${commit.slice(0, 12)}`);
  if (existsSync(dir)) return { dir };
  const has = spawnSync('git', ['--git-dir', gitDir, 'cat-file', '-e', `${commit}^{commit}`]);
  if (has.status !== 0) return { skip: `snapshot lacks commit ${commit.slice(0, 12)}` };
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  // Snapshots leave out files of 4 MiB and more: export everything but the blobs the snapshot lacks.
  const tree = spawnSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '-z', commit], { maxBuffer: 2 ** 30 });
  const entries = tree.stdout
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      const [, type, sha] = line.slice(0, tab).split(' ');
      return { type, sha, path: line.slice(tab + 1) };
    })
    .filter((e) => e.type === 'blob');
  const check = spawnSync('git', ['--git-dir', gitDir, 'cat-file', '--batch-check'], {
    input: `${entries.map((e) => e.sha).join('\n')}\n`,
    maxBuffer: 2 ** 30,
  });
  const missing = new Set(
    check.stdout
      .toString('utf8')
      .split('\n')
      .filter((l) => l.endsWith(' missing'))
      .map((l) => l.split(' ')[0]),
  );
  const excludes = entries.filter((e) => missing.has(e.sha)).map((e) => `:(exclude,literal)${e.path}`);
  const archive = spawnSync(
    'git',
    ['--git-dir', gitDir, 'archive', '--format=tar', commit, ...(excludes.length ? ['--', '.', ...excludes] : [])],
    { maxBuffer: 2 ** 31 - 1 },
  );
  if (archive.status !== 0) return { skip: `git archive failed: ${archive.stderr.toString().trim()}` };
  const tar = spawnSync('tar', ['-x', '-C', tmp], { input: archive.stdout });
  if (tar.status !== 0) return { skip: `tar failed: ${tar.stderr.toString().trim()}` };
  renameSync(tmp, dir);
  return { dir };
}

const reportCache = new Map<string, WorkspaceReportJson | string>();

/** Runs the CLI bundle on a folder; a string is the error. */
function analyse(folder: string): WorkspaceReportJson | string {
  const cached = reportCache.get(folder);
  if (cached) return cached;
  const run = spawnSync(process.execPath, [cliBundle, 'check', folder, '--format', 'json', '--fail-on', 'never'], {
    maxBuffer: 512 * 1024 * 1024,
    timeout: 180_000,
    encoding: 'utf8',
  });
  let result: WorkspaceReportJson | string;
  if (run.error) result = `the CLI did not finish: ${run.error.message}`;
  else if (run.status !== 0)
    result = `the CLI exited ${run.status}: ${run.stderr.trim().split('\n').slice(-1)[0] ?? ''}`;
  else {
    try {
      result = JSON.parse(run.stdout) as WorkspaceReportJson;
    } catch (e) {
      result = `unreadable JSON: ${(e as Error).message}`;
    }
  }
  reportCache.set(folder, result);
  return result;
}

function pct(n: number, d: number): string {
  return d === 0 ? '-' : `${((100 * n) / d).toFixed(0)}%`;
}

function readLabels<T>(file: string, key: string): T[] {
  const path = labelsFile ? resolve(labelsFile) : join(root, 'test', 'ecosystem', file);
  if (!existsSync(path)) return [];
  return (JSON.parse(readFileSync(path, 'utf8')) as Record<string, T[]>)[key] ?? [];
}

function levelsMode(mirror: string): Record<string, unknown> {
  const labels = readLabels<RepoLabel>('labels.json', 'repos').filter((l) => !only || l.repo === only);
  const summary: Record<string, unknown> = {};
  for (const half of halves) {
    const scores: RepoScore[] = [];
    const skipped: string[] = [];
    for (const label of labels.filter((l) => l.half === half)) {
      const co = checkout(mirror, label.repo, label.commit);
      if (!co.dir) {
        skipped.push(`${label.repo}: ${co.skip}`);
        continue;
      }
      const report = analyse(join(co.dir, label.path ?? ''));
      if (typeof report === 'string') {
        skipped.push(`${label.repo}: ${report}`);
        continue;
      }
      scores.push(scoreRepo(label, report));
    }
    const ml = scores.filter((s) => s.label.ml);
    const nonMl = scores.filter((s) => !s.label.ml);
    const inRange = ml.filter((s) => s.ok).length;
    const agreed = ml.reduce((n, s) => n + s.itemsAgreed, 0);
    const items = ml.reduce((n, s) => n + s.itemsTotal, 0);
    const quiet = nonMl.filter((s) => s.ok).length;
    console.log(`\n== Levels, ${half} half: ${scores.length} repositories analysed, ${skipped.length} skipped`);
    console.log(`levels in range   ${inRange}/${ml.length} (${pct(inRange, ml.length)})`);
    console.log(`items agreed      ${agreed}/${items} (${pct(agreed, items)})`);
    console.log(`non-ML quiet      ${quiet}/${nonMl.length}`);
    // Which way the levels out of range miss, as counts only (the measure half's repositories stay unread).
    const out = ml.filter((s) => !s.ok);
    const above = out.filter((s) => s.got !== null && s.label.range && s.got > s.label.range[1]).length;
    const below = out.filter((s) => s.got !== null && s.label.range && s.got < s.label.range[0]).length;
    const belowBy = [1, 2, 3, 4, 5]
      .map((l) => [l, out.filter((s) => s.got !== null && s.label.range?.[0] === l && s.got < l).length])
      .filter(([, n]) => n > 0)
      .map(([l, n]) => `${n} from L${l}`);
    console.log(
      `out of range      ${above} above, ${below} below${belowBy.length ? ` (${belowBy.join(', ')})` : ''}, ` +
        `${out.length - above - below} no level or not ML`,
    );
    for (const s of details(half) ? scores : []) {
      const range = s.label.range ? `${s.label.range[0]}-${s.label.range[1]}` : 'not ML';
      const got = s.gotMl ? (s.got === null ? 'no level' : `L${s.got}`) : 'not ML';
      const mark = s.ok ? 'ok  ' : 'MISS';
      if (!s.ok || verbose) {
        console.log(
          `  ${mark} ${s.label.repo}${s.label.path ? `/${s.label.path}` : ''}: labelled ${range}, ` +
            `got ${got}${s.note ? ` [${s.note}]` : ''}${s.label.ml ? '' : `, ${s.findings} findings`}`,
        );
        console.log(`       label: ${s.label.reason}`);
      }
      if (s.itemMisses.length > 0) {
        const parts = s.itemMisses.map((m) => `${m.id} ${m.label ? 'missed' : 'claimed'}`);
        // A repository in range is not named above: name it with its item disagreements.
        const who = s.ok && !verbose ? `${s.label.repo}${s.label.path ? `/${s.label.path}` : ''} ` : '';
        console.log(`       ${who}items: ${parts.join(', ')}`);
      }
    }
    for (const s of skipped) console.log(`  skip ${s}`);
    summary[half] = {
      analysed: scores.length,
      skipped: skipped.length,
      ml: ml.length,
      inRange,
      items,
      agreed,
      nonMl: nonMl.length,
      quiet,
      above,
      below,
    };
  }
  return summary;
}

function leakageMode(mirror: string): Record<string, unknown> {
  const labels = readLabels<FileLabel>('leakage-labels.json', 'files').filter((l) => !only || l.repo === only);
  const summary: Record<string, unknown> = {};
  for (const half of halves) {
    const tally: LeakageTally = emptyTally();
    const skipped: string[] = [];
    const lines: string[] = [];
    const scored: Array<{ label: FileLabel; score: FileScore }> = [];
    // Findings that found a leak labelled in another file than their own: not false alarms of their own file.
    const foundElsewhere = new Set<ReportFinding>();
    for (const label of labels.filter((l) => l.half === half)) {
      const co = checkout(mirror, label.repo, label.commit);
      if (!co.dir) {
        skipped.push(`${label.repo}/${label.path}: ${co.skip}`);
        continue;
      }
      const report = analyse(co.dir);
      if (typeof report === 'string') {
        skipped.push(`${label.repo}/${label.path}: ${report}`);
        continue;
      }
      const findings: ReportFinding[] = [];
      const visitors: VisitorFinding[] = [];
      for (const p of report.projects) {
        const fullPath = (path: string) => (p.root ? `${p.root}/${path}` : path);
        for (const f of p.findings) if (fullPath(f.range.path) === label.path) findings.push(f);
        visitors.push(...visitorsOf(label.path, p.findings, fullPath));
      }
      const score = scoreFile(label, findings, undefined, statementStartsOf(join(co.dir, label.path)), visitors);
      for (const f of score.shownElsewhere) foundElsewhere.add(f);
      scored.push({ label, score });
    }
    for (const { label, score } of scored) {
      score.falseAlarms = score.falseAlarms.filter((f) => !foundElsewhere.has(f));
      addFileScore(tally, score);
      const where = (cell: number | undefined, line: number): string =>
        cell === undefined ? `line ${line}` : `cell ${cell} line ${line}`;
      for (const m of score.matches) {
        if (m.finding && !verbose) continue;
        const state = m.finding
          ? `found by ${m.finding.code}`
          : m.wrongKind
            ? `at place, other kind (${m.wrongKind.code})`
            : 'MISSED';
        lines.push(
          `  ${state}: ${label.repo}/${label.path} ${where(m.label.cell, m.label.line)} ` +
            `[${m.label.kind}] ${m.label.what}`,
        );
      }
      for (const f of score.falseAlarms) {
        lines.push(
          `  FALSE ALARM ${f.code}: ${label.repo}/${label.path} ` +
            `${where(f.range.cell, f.range.startLine)}: ${f.message}`,
        );
      }
    }
    console.log(`\n== Leakage, ${half} half: ${tally.files} files analysed, ${skipped.length} skipped`);
    console.log(
      `recall      ${tally.found}/${tally.labelled} (${recall(tally).toFixed(2)}); at the place, any ` +
        `kind: ${tally.foundAtPlace}/${tally.labelled}`,
    );
    console.log(
      `precision   ${tally.truePositives}/${tally.truePositives + tally.falseAlarms} ` +
        `(${precision(tally).toFixed(2)}), ${tally.falseAlarms} false alarms`,
    );
    for (const [kind, k] of [...tally.byKind].sort((a, b) => a[0].localeCompare(b[0]))) {
      console.log(`  ${kind.padEnd(34)} ${k.found}/${k.labelled}`);
    }
    if (details(half)) for (const l of lines) console.log(l);
    else if (lines.length) console.log('  (misses of the measure half are not printed: --show-measure)');
    for (const s of skipped) console.log(`  skip ${s}`);
    summary[half] = {
      files: tally.files,
      skipped: skipped.length,
      labelled: tally.labelled,
      found: tally.found,
      foundAtPlace: tally.foundAtPlace,
      truePositives: tally.truePositives,
      falseAlarms: tally.falseAlarms,
      recall: Number(recall(tally).toFixed(3)),
      precision: Number(precision(tally).toFixed(3)),
      byKind: Object.fromEntries(tally.byKind),
    };
  }
  if (labelsFile) summary.levels = freshLevels(mirror);
  return summary;
}

/** A fresh round's levels (`levels` of its label file: a level, or null for no ML) against the reports. */
function freshLevels(mirror: string): { exact: number; ml: number; quiet: number; nonMl: number } {
  const labels = readLabels<{ repo: string; commit: string; level: number | null; snapshot?: boolean }>(
    '',
    'levels',
  ).filter((l) => !only || l.repo === only);
  const tally = { exact: 0, ml: 0, quiet: 0, nonMl: 0 };
  console.log(`\n== Levels of the round's ${labels.length} repositories`);
  for (const label of labels) {
    // A repository read file by file (`"snapshot": false`) exists here only as its labelled files: its level was
    // judged on the whole repository, so the part cannot be scored against it.
    if (label.snapshot === false) {
      console.log(`  skip ${label.repo}: only its labelled files were exported`);
      continue;
    }
    const co = checkout(mirror, label.repo, label.commit);
    const report = co.dir ? analyse(co.dir) : co.skip;
    if (typeof report === 'string' || report === undefined) {
      console.log(`  skip ${label.repo}: ${report}`);
      continue;
    }
    // Scored as a level repository whose range is the one level (no items): a repository with no ML is quiet only
    // with no ML project and no finding.
    const score = scoreRepo(
      {
        ...label,
        path: '',
        kind: 'fresh',
        ml: label.level !== null,
        range: label.level === null ? null : [label.level, label.level],
        half: 'tune',
        items: {},
        reason: '',
      },
      report,
    );
    const ok = score.ok;
    if (label.level === null) {
      tally.nonMl++;
      if (ok) tally.quiet++;
    } else {
      tally.ml++;
      if (ok) tally.exact++;
    }
    if (!ok || verbose) {
      const seen = score.gotMl ? (score.got === null ? 'no level' : `L${score.got}`) : 'not ML';
      const extra = label.level === null ? `, ${score.findings} findings` : '';
      console.log(`  ${ok ? 'ok  ' : 'MISS'} ${label.repo}: labelled ${label.level ?? 'not ML'}, got ${seen}${extra}`);
    }
  }
  console.log(`levels exact      ${tally.exact}/${tally.ml}; non-ML quiet ${tally.quiet}/${tally.nonMl}`);
  return tally;
}

function main(): void {
  if (!existsSync(cliBundle)) {
    console.error(`${cliBundle} is missing: run \`npm run build\` first (npm run ecosystem does).`);
    process.exit(2);
  }
  const mirror = findMirror();
  if (!mirror) {
    console.log('ecosystem: no snapshot folder (set MLCOACH_ECOSYSTEM_MIRROR); every repository skipped.');
    return;
  }
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
  } catch {
    console.log('ecosystem: git is not installed; every repository skipped.');
    return;
  }
  const summary = flag('--leakage') ? leakageMode(mirror) : levelsMode(mirror);
  if (flag('--json')) console.log(JSON.stringify(summary));
}

main();

/** For a script: the line each line's statement starts on, from ML Coach's own parse of it (see `StatementStart`). */
function statementStartsOf(file: string): StatementStart | undefined {
  if (!file.endsWith('.py') || !existsSync(file)) return undefined;
  const unit = pythonFileUnit(file, readFileSync(file, 'utf8'), undefined, false);
  const starts = new Map<number, number>();
  walkStatements(unit.module.body, (s) => {
    // Simple statements only: a compound statement's lines are its body's own statements.
    if (/^(FunctionDef|ClassDef|If|For|While|With|Try)$/.test(s.kind)) return true;
    const r = unit.range(s);
    for (let l = r.startLine; l <= r.endLine; l++) if (!starts.has(l)) starts.set(l, r.startLine);
    return true;
  });
  return (line) => starts.get(line) ?? line;
}
