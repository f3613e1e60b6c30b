// A rule's documentation page and a checklist item's explanation, rendered from their metadata. The
// generated docs, `mlcoach explain`, SARIF help and the editor's docs view all print `ruleDocMarkdown`.
import type { RuleMeta } from '../rules/rule';
import type { LevelItem } from '../levels/item';
import { LEVEL_TITLES } from '../levels/checklist';

/** Where the documentation lives online; SARIF `helpUri` and editor links point here. */
const DOCS_BASE_URL = 'https://github.com/mlcoach/ml-coach/blob/main/docs';

/** The online page of a rule. */
export function ruleDocsUrl(code: string): string {
  return `${DOCS_BASE_URL}/rules/${code}.md`;
}

/** The Markdown anchor of an item's heading in docs/levels.md (GitHub's slug of `L2.git`). */
export function itemAnchor(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9 -]/g, '');
}

/** The doc sections of a rule, in the order every page shows them. */
const RULE_DOC_SECTIONS: ReadonlyArray<{ key: keyof RuleMeta['docs']; heading: string }> = [
  { key: 'whatItDoes', heading: 'What it does' },
  { key: 'whyBad', heading: 'Why is this bad?' },
  { key: 'example', heading: 'Example' },
  { key: 'useInstead', heading: 'Use instead' },
  { key: 'fixSafety', heading: 'Fix safety' },
];

const FIX_WORDS: Record<RuleMeta['fix'], string> = {
  none: 'no automatic fix',
  safe: 'a safe fix',
  unsafe: 'an unsafe fix (it changes what the code computes; review it)',
};

/** One line about a rule's metadata: category, level, severity, fix. */
function ruleFacts(meta: RuleMeta): string {
  return (
    `Category: ${meta.category} · matters from Level ${meta.level} · default severity: ${meta.defaultSeverity} ` +
    `· ${FIX_WORDS[meta.fix]}`
  );
}

/** The doc sections as Markdown, each under a `##` heading. */
function ruleSectionsMarkdown(meta: RuleMeta): string {
  return RULE_DOC_SECTIONS.map(({ key, heading }) => `## ${heading}\n\n${meta.docs[key].trim()}\n`).join('\n');
}

/** The head of a rule's page in Markdown: code, name and title, the facts line, the checklist items it bears on. */
function ruleHeaderMarkdown(meta: RuleMeta): string {
  const items = meta.affects ?? [];
  const affects = items.length
    ? `\nBears on the checklist item${items.length > 1 ? 's' : ''} ${items.map((a) => `\`${a}\``).join(', ')}.\n`
    : '';
  return `# ${meta.code} \`${meta.name}\`: ${meta.title}\n\n${ruleFacts(meta)}.\n${affects}`;
}

/**
 * A rule's documentation in Markdown: the one form every place shows. The docs page is it under a
 * generated-file comment, SARIF's help Markdown and the editor's docs view are it, `mlcoach explain
 * --format markdown` prints it, and the terminal text is it with the Markdown taken off (`ruleDocText`).
 */
export function ruleDocMarkdown(meta: RuleMeta): string {
  return `${ruleHeaderMarkdown(meta)}\n${ruleSectionsMarkdown(meta)}`;
}

/** A rule's whole documentation page (docs/rules/<CODE>.md). */
export function ruleDocPage(meta: RuleMeta): string {
  const generated = "<!-- Generated from the rule's metadata by `npm run docs`; edit the rule, not this page. -->";
  return `${generated}\n${ruleDocMarkdown(meta)}`;
}

/**
 * A rule's documentation as plain text for a terminal: `ruleDocMarkdown` with the heading marks taken off,
 * each section's text indented under its heading, and where the page is online.
 */
export function ruleDocText(meta: RuleMeta): string {
  return `${plainText(ruleDocMarkdown(meta))}\n\nMore: ${ruleDocsUrl(meta.code)}\n`;
}

/** Markdown as terminal text: heading marks and the title's backticks off, the blank line under a heading dropped. */
function plainText(markdown: string): string {
  const out: string[] = [];
  let inSection = false;
  let afterHeading = false;
  let inFence = false;
  for (const line of markdown.trimEnd().split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    // A `#` in a code block is a Python comment, not a heading.
    const heading = inFence ? null : /^(#+) (.*)$/.exec(line);
    if (heading) {
      inSection = heading[1].length > 1;
      out.push(inSection ? heading[2] : heading[2].replace(/`/g, ''));
      afterHeading = true;
      continue;
    }
    if (afterHeading && line === '') continue;
    afterHeading = false;
    out.push(inSection && line ? `  ${line}` : line);
  }
  return out.join('\n');
}

/** A checklist item's explanation as plain text for a terminal. */
export function itemDocText(item: LevelItem): string {
  const scaffold = item.nextStep?.scaffold ? ` (mlcoach scaffold ${item.nextStep.scaffold})` : '';
  const step = item.nextStep ? `\nNext step\n  ${item.nextStep.title}${scaffold}\n` : '';
  const role = item.core ? 'core item: needed to reach the level' : 'adds progress toward the level';
  return (
    `${item.id}: ${item.title}\nLevel ${item.level} (${LEVEL_TITLES[item.level]}) · ${role}\n\nWhy ` +
    `it matters\n${indent(item.why)}\n\nHow ` +
    `it is detected\n${indent(item.detection)}\n${step}`
  );
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
}
