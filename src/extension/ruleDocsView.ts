// A rule's documentation as the editor shows it, built in the analysis worker from the same doc
// Markdown as the generated pages, `mlcoach explain` and SARIF help (src/core/format/ruleDocs.ts).
import { ruleDocMarkdown } from '../core/format/ruleDocs';
import type { RuleMeta } from '../core/rules/rule';

/** The documentation page of a rule as docs/rules/<CODE>.md has it, plus how to silence it in the editor. */
export function ruleDocsMarkdown(meta: RuleMeta): string {
  return [
    ruleDocMarkdown(meta).trim(),
    `## Silencing it\n\n` +
      `Add \`# mlcoach: ignore[${meta.code}]\` at the end of the line (or on the first line of a notebook cell ` +
      `for the whole cell), or set \`"mlcoach.rules.severity": { "${meta.code}": "off" }\`.`,
  ].join('\n\n');
}

/** The short documentation a hover shows: title and what it does. */
export function ruleHoverMarkdown(meta: RuleMeta): string {
  return `**${meta.code} ${meta.title}**\n\n${meta.docs.whatItDoes}\n\n${meta.docs.whyBad.split(/\n\n/)[0]}`;
}
