// `mlcoach explain <CODE|ITEM>`: a rule's doc sections, or a checklist item's why and detection.
import { LEVEL_ITEMS } from '../core/levels/checklist';
import { findRule } from '../core/rules/registry';
import { itemDocText, ruleDocMarkdown, ruleDocText } from '../core/format/ruleDocs';
import { type CliCommand, type CliIo, EXIT, UsageError, oneOf, parseCommandArgs } from './command';

const USAGE = `Usage: mlcoach explain <CODE|NAME|ITEM> [--format text|markdown]

Prints the documentation of a rule (by code such as ML101, or by name) or of a level checklist item
(such as L2.git).
`;

/** The `explain` command. */
export const explainCommand: CliCommand = {
  name: 'explain',
  summary: 'print the documentation of a rule or checklist item',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(argv, { format: { type: 'string', short: 'f', default: 'text' } });
    if (values.help) {
      io.out(USAGE);
      return EXIT.ok;
    }
    const format = oneOf('format', values.format, ['text', 'markdown'] as const);
    if (positionals.length !== 1)
      throw new UsageError('explain takes one rule code, rule name or checklist item id (see `mlcoach rules`)');
    const key = positionals[0];
    const rule = findRule(key);
    if (rule) {
      io.out(format === 'markdown' ? ruleDocMarkdown(rule.meta) : ruleDocText(rule.meta));
      return EXIT.ok;
    }
    const item = LEVEL_ITEMS.find((i) => i.id.toLowerCase() === key.toLowerCase());
    if (item) {
      io.out(itemDocText(item));
      return EXIT.ok;
    }
    throw new UsageError(`no rule or checklist item '${key}' (run \`mlcoach rules\` to list them)`);
  },
};
