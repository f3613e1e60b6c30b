// `mlcoach rules`: every rule by category and every checklist item by level.
import { LEVEL_ITEMS, LEVEL_TITLES } from '../core/levels/checklist';
import type { LevelItem } from '../core/levels/item';
import { ALL_RULES } from '../core/rules/registry';
import type { Rule, RuleCategory } from '../core/rules/rule';
import { makeStyle } from '../core/format/style';
import { type CliCommand, type CliIo, EXIT, oneOf, parseCommandArgs, useColor } from './command';

const USAGE = `Usage: mlcoach rules [--format text|json]

Lists the rules (by category) and the level checklist items (by level).
Run \`mlcoach explain <CODE|ITEM>\` for one of them.
`;

/** Categories in the order the list shows them, with their headings. */
const CATEGORY_TITLES: Record<RuleCategory, string> = {
  leakage: 'Leakage',
  evaluation: 'Evaluation',
  reproducibility: 'Reproducibility',
  configuration: 'Configuration',
  notebook: 'Notebook hygiene',
  project: 'Project',
};

/** The rules and items as plain text. */
function formatRuleList(rules: readonly Rule[], items: readonly LevelItem[], color = false): string {
  const s = makeStyle(color);
  const out: string[] = [s.bold(`Rules (${rules.length})`)];
  if (!rules.length) out.push('  (none registered)');
  const nameWidth = Math.max(0, ...rules.map((r) => r.meta.name.length));
  for (const category of Object.keys(CATEGORY_TITLES) as RuleCategory[]) {
    const mine = rules.filter((r) => r.meta.category === category);
    if (!mine.length) continue;
    out.push('', `  ${s.cyan(CATEGORY_TITLES[category])}`);
    for (const { meta } of mine) {
      const fix = meta.fix === 'none' ? '' : s.green(` [${meta.fix} fix]`);
      out.push(
        `    ${s.bold(meta.code)}  ${meta.name.padEnd(nameWidth)}  ${s.dim(meta.defaultSeverity.padEnd(7))} ` +
          ` ${meta.title}${fix}`,
      );
    }
  }
  out.push('', s.bold(`Level checklist (${items.length} items)`));
  if (!items.length) out.push('  (none registered)');
  const idWidth = Math.max(0, ...items.map((i) => i.id.length));
  for (const level of [1, 2, 3, 4, 5]) {
    const mine = items.filter((i) => i.level === level);
    if (!mine.length) continue;
    out.push('', `  ${s.cyan(`Level ${level} · ${LEVEL_TITLES[level]}`)}`);
    for (const item of mine)
      out.push(`    ${item.id.padEnd(idWidth)}  ${item.core ? s.bold('core') : '    '}  ${item.title}`);
  }
  return `${out.join('\n')}\n`;
}

/** The rules and items as JSON (metadata only, no detectors). */
function ruleListJson(rules: readonly Rule[], items: readonly LevelItem[]): string {
  return `${JSON.stringify(
    {
      rules: rules.map((r) => ({ ...r.meta, scope: r.scope })),
      items: items.map(({ id, level, title, why, detection, core, weight, nextStep }) => ({
        id,
        level,
        title,
        why,
        detection,
        core,
        weight,
        nextStep,
      })),
    },
    null,
    2,
  )}\n`;
}

/** The `rules` command. */
export const rulesCommand: CliCommand = {
  name: 'rules',
  summary: 'list the rules and the level checklist items',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parseCommandArgs(argv, { format: { type: 'string', short: 'f', default: 'text' } });
    if (values.help) {
      io.out(USAGE);
      return EXIT.ok;
    }
    const format = oneOf('format', values.format, ['text', 'json'] as const);
    io.out(
      format === 'json'
        ? ruleListJson(ALL_RULES, LEVEL_ITEMS)
        : formatRuleList(ALL_RULES, LEVEL_ITEMS, useColor(io.stdoutIsTTY, io.env)),
    );
    return EXIT.ok;
  },
};
