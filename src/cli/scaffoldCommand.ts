// `mlcoach scaffold`: lists the scaffolds, or plans one for a folder and writes its files,
// never over an existing path (checked again at write time with an exclusive create).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { excludeExisting, loadProject } from '../core/scaffold/load';
import { SCAFFOLDS, findScaffold } from '../core/scaffold/registry';
import type { ScaffoldPlan } from '../core/scaffold/scaffold';
import { NodeFileSystem } from '../node/nodeFileSystem';
import { CliCommand, CliIo, EXIT, UsageError, parseCommandArgs } from './command';

const USAGE = `Usage: mlcoach scaffold <ID> [PATH] [--dry-run]
       mlcoach scaffold --list

Creates the files of a next step (a split module, a Dockerfile, CI, ...) adapted to the project in
PATH (default: the current folder). Existing files are never overwritten.

Options:
  --dry-run           print what would be created, write nothing
  --list              list the scaffolds
`;

/** The `scaffold` command. */
export const scaffoldCommand: CliCommand = {
  name: 'scaffold',
  summary: 'create the files of a next step (--list shows them, --dry-run previews)',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(argv, {
      'dry-run': { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
    });
    if (values.help) {
      io.out(USAGE);
      return EXIT.ok;
    }
    if (values.list) {
      io.out(listScaffolds());
      return EXIT.ok;
    }
    const [id, path, ...extra] = positionals;
    if (!id) throw new UsageError('which scaffold? (`mlcoach scaffold --list` shows them)');
    if (extra.length > 0) throw new UsageError(`scaffold takes an id and at most one folder (got '${extra.join(' ')}' too)`);
    const scaffold = findScaffold(id);
    if (!scaffold) throw new UsageError(`unknown scaffold '${id}'; one of: ${SCAFFOLDS.map((s) => s.id).join(', ')}`);
    const folder = resolve(io.cwd, path ?? '.').replace(/\\/g, '/');
    const fs = new NodeFileSystem();
    let isFolder = false;
    try {
      isFolder = (await fs.stat(folder)).kind === 'directory';
    } catch {
      /* reported below */
    }
    if (!isFolder) throw new UsageError(`'${path ?? '.'}' is not a folder`);
    const project = await loadProject(fs, folder);
    const plan = await excludeExisting(fs, folder, scaffold.plan(project));
    const dryRun = values['dry-run'];
    io.out(describePlan(scaffold.title, folder, dryRun ? plan : writePlan(folder, plan), dryRun));
    return EXIT.ok;
  },
};

/** Writes the plan's files with exclusive creates; a file that appeared meanwhile moves to skipped. */
function writePlan(root: string, plan: ScaffoldPlan): ScaffoldPlan {
  const files = [];
  const skipped = [...plan.skipped];
  for (const f of plan.files) {
    const target = join(root, f.path);
    try {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, f.content, { flag: 'wx' });
      files.push(f);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      skipped.push({ path: f.path, reason: code === 'EEXIST' ? 'exists' : `could not write: ${(e as Error).message.split('\n')[0]}` });
    }
  }
  return { files, skipped, notes: plan.notes };
}

function describePlan(title: string, folder: string, plan: ScaffoldPlan, dryRun: boolean): string {
  const lines = [`${title} in ${folder}${dryRun ? ' (dry run: nothing written)' : ''}`];
  for (const f of plan.files) lines.push(`  ${dryRun ? 'would create' : 'created'}  ${f.path}`);
  for (const s of plan.skipped) lines.push(`  skipped  ${s.path} (${s.reason})`);
  if (plan.files.length === 0) lines.push('  nothing to create');
  if (plan.notes.length) {
    lines.push('', 'Notes:');
    for (const n of plan.notes) lines.push(`  - ${n}`);
  }
  return `${lines.join('\n')}\n`;
}

function listScaffolds(): string {
  const width = Math.max(...SCAFFOLDS.map((s) => s.id.length));
  const lines = ['Scaffolds (mlcoach scaffold <id> [PATH]):', ''];
  for (const s of SCAFFOLDS) {
    lines.push(`  ${s.id.padEnd(width)}  L${s.level}  ${s.title}`);
    lines.push(`  ${''.padEnd(width)}      ${s.description}`);
    lines.push(`  ${''.padEnd(width)}      helps: ${s.items.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
