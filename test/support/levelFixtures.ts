// Loads a fixture folder into an in-memory workspace, so the repository's own .git and files around the
// fixture never leak into its analysis, and reads back a report in the shape of `expected-report.json`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFolder, type AnalyzeOptions } from '../../src/core/analyze';
import { MemoryFileSystem } from '../../src/core/fs/memoryFileSystem';
import type { SourceRange } from '../../src/core/model/findings';
import type { WorkspaceReport } from '../../src/core/model/report';

/**
 * `path:line` or `path#cell:line` (0-based cell index): how evidence is written in the fixtures'
 * expectations. People read places as `cell N` counted from 1 (src/core/format/locations.ts).
 */
export function formatPlace(range: SourceRange): string {
  return `${range.path}${range.cell !== undefined ? `#${range.cell}` : ''}:${range.startLine}`;
}

/** Name of the expectation file in each fixture project (never part of the analysed workspace). */
export const EXPECTED_FILE = 'expected-report.json';

/** What a fixture project expects of its analysis. */
export interface ExpectedReport {
  /** How the in-memory copy is made: `git` adds a `.git/HEAD` (a fixture cannot hold a real .git). */
  options?: { git?: boolean };
  projects: ExpectedProject[];
  /** For a folder with sub-projects: whether they are one system, and which parts. */
  system?: { oneSystem: boolean; parts: string[] };
}

/** One project root of a fixture and its expected level report. */
export interface ExpectedProject {
  root: string;
  isMlProject: boolean;
  level: number | null;
  /** The one-line reason of the level. */
  levelReason: string;
  /** Ids of the foundation gaps below the level. */
  foundationGaps: string[];
  /** Every checklist item: status, and evidence as `path[#cell]:line`. */
  items: Record<string, { status: string; evidence: string[] }>;
}

function addTree(fs: MemoryFileSystem, dir: string, mount: string): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) addTree(fs, p, `${mount}/${name}`);
    else if (!(mount === '/ws' && name === EXPECTED_FILE)) fs.set(`${mount}/${name}`, readFileSync(p));
  }
}

/** Analyses a fixture folder from an in-memory copy mounted at `/ws`. */
export async function analyzeFixtureFolder(
  dir: string,
  options: { git?: boolean } = {},
  analyze: AnalyzeOptions = {},
): Promise<WorkspaceReport> {
  const fs = new MemoryFileSystem();
  addTree(fs, dir, '/ws');
  if (options.git) fs.set('/ws/.git/HEAD', 'ref: refs/heads/main\n');
  return analyzeFolder(fs, '/ws', analyze);
}

/** The system roll-up reduced to what `expected-report.json` records. */
export function toExpectedSystem(report: WorkspaceReport): ExpectedReport['system'] {
  return report.system
    ? { oneSystem: report.system.oneSystem, parts: report.system.parts.map((p) => p.root) }
    : undefined;
}

/** A report reduced to what `expected-report.json` records. */
export function toExpected(report: WorkspaceReport): ExpectedProject[] {
  return report.projects.map((p) => ({
    root: p.root,
    isMlProject: p.isMlProject,
    level: p.level,
    levelReason: p.levelReason,
    foundationGaps: p.foundationGaps.map((g) => g.id),
    items: Object.fromEntries(
      p.items.map((i) => [
        i.id,
        { status: i.status, evidence: i.evidence.filter((e) => e.range).map((e) => formatPlace(e.range!)) },
      ]),
    ),
  }));
}
