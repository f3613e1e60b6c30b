// `mlcoach scaffold`: lists the scaffolds, or plans one for a folder and writes its files, never over
// an existing path (checked again at write time with an exclusive create), never through a link that
// leaves the folder, and nothing at all into a folder that cannot be written (exit code 2).
import { resolve } from 'node:path';
import { terminalSafe } from '../core/format/terminal';
import { excludeExisting, loadProject } from '../core/scaffold/load';
import { SCAFFOLDS, findScaffold } from '../core/scaffold/registry';
import type { ScaffoldPlan } from '../core/scaffold/scaffold';
import { NodeFileSystem } from '../node/nodeFileSystem';
import { NODE_WRITER, type TargetWriter, refuseLinkedPaths, writePlan } from '../node/scaffoldTarget';
import { type CliCommand, type CliIo, EXIT, UsageError, parseCommandArgs } from './command';

const USAGE = `Usage: mlcoach scaffold <ID> [PATH] [--dry-run]
       mlcoach scaffold --list

Creates the files of a next step (a split module, a Dockerfile, CI, ...) adapted to the project in
PATH (default: the current folder). Existing files are never overwritten.

Options:
  --dry-run           print what would be created, write nothing
  --list              list the scaffolds
`;

/** The `scaffold` command, writing with `writer` (the real disk unless a test stands in another). */
export function makeScaffoldCommand(writer: TargetWriter = NODE_WRITER): CliCommand {
  return {
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
      if (extra.length > 0)
        throw new UsageError(`scaffold takes an id and at most one folder (got '${extra.join(' ')}' too)`);
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
      // Links that lead out of the folder are refused in the preview too, so it shows what a run would do.
      const plan = refuseLinkedPaths(folder, await excludeExisting(fs, folder, scaffold.plan(project)));
      if (values['dry-run']) {
        io.out(describePlan(scaffold.title, folder, plan, true));
        return EXIT.ok;
      }
      const written = writePlan(folder, plan, writer);
      io.out(describePlan(scaffold.title, folder, written.plan, false));
      if (written.error) {
        io.err(`mlcoach: ${terminalSafe(written.error)}\n`);
        return EXIT.error;
      }
      return EXIT.ok;
    },
  };
}

/** The `scaffold` command on the real disk. */
export const scaffoldCommand: CliCommand = makeScaffoldCommand();

/** The plan for a terminal: paths and notes can hold project text, so each is made terminal-safe. */
function describePlan(title: string, folder: string, plan: ScaffoldPlan, dryRun: boolean): string {
  const t = terminalSafe;
  const lines = [`${title} in ${t(folder)}${dryRun ? ' (dry run: nothing written)' : ''}`];
  for (const f of plan.files) lines.push(`  ${dryRun ? 'would create' : 'created'}  ${t(f.path)}`);
  for (const s of plan.skipped) lines.push(`  skipped  ${t(s.path)} (${t(s.reason)})`);
  if (plan.files.length === 0) lines.push('  nothing to create');
  if (plan.notes.length) {
    lines.push('', 'Notes:');
    for (const n of plan.notes) lines.push(`  - ${t(n)}`);
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
