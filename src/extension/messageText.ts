// How a finding reads in the editor: one short lead sentence that names the thing (the Problems panel's
// one line), then the why, "Fix: …" and the documentation link in the hover; and project text made safe
// to show in notifications and Markdown. Pure text, no vscode.
import type { Finding, RelatedLocation } from '../core/model/findings';
import { cellName } from '../core/format/locations';

/** The longest lead that still fits one Problems-panel line beside the source, code and position. */
export const LEAD_MAX = 80;

/** Clause boundaries where a long first sentence can be cut, best first. */
const CLAUSE_BREAKS = [', so ', '; ', ': ', ' — ', ', which ', ', because ', ', and ', ', but '];

/** Splits a message into a short lead sentence (at most ~80 characters) and the rest. */
export function leadSentence(message: string): { lead: string; rest: string } {
  const text = message.trim().replace(/\s+/g, ' ');
  const first = firstSentence(text);
  const after = text.slice(first.length).trim();
  if (first.length <= LEAD_MAX + 1) return { lead: first, rest: after };
  const body = first.replace(/[.!?]$/, '');
  for (const brk of CLAUSE_BREAKS) {
    const at = body.indexOf(brk);
    if (at >= 20 && at <= LEAD_MAX) {
      const tail = body.slice(at + brk.length).trim();
      const rest = `${capitalise(tail)}.${after ? ` ${after}` : ''}`;
      return { lead: `${body.slice(0, at)}.`, rest };
    }
  }
  // No clause to cut at: shorten at a word and keep the whole message for the hover.
  const cut = body.slice(0, LEAD_MAX - 1);
  const space = cut.lastIndexOf(' ');
  return { lead: `${(space > 40 ? cut.slice(0, space) : cut).replace(/[,;:]$/, '')}…`, rest: text };
}

/** The first sentence: up to the first `. ` that is not inside backticks or an abbreviation like `e.g.`. */
function firstSentence(text: string): string {
  let inCode = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '`') inCode = !inCode;
    if (inCode || !(ch === '.' || ch === '!' || ch === '?')) continue;
    if (i + 1 < text.length && text[i + 1] !== ' ') continue;
    const word = /(\S+)$/.exec(text.slice(0, i + 1))?.[1] ?? '';
    if (/^(e\.g|i\.e|etc|vs|al)\.$/i.test(word)) continue;
    return text.slice(0, i + 1);
  }
  return text;
}

/** The text with its first letter upper case. */
export function capitalise(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/** A title used inside a sentence: "Add random_state" -> "add random_state" (an acronym like "CI" stays). */
export function lowerFirst(s: string): string {
  return s && /^[A-Z][a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s;
}

/**
 * The one-line message of each finding of one file, in the given order: the lead sentence, after the
 * notebook cell it is in, and the line too when the same rule says the same thing twice in one place
 * (four tuning loops must not read as four copies of one message).
 */
export function diagnosticMessages(findings: readonly Finding[]): string[] {
  const leads = findings.map((f) => leadSentence(f.message).lead);
  const key = (f: Finding, lead: string) => `${f.code}|${f.range?.cell ?? ''}|${lead}`;
  const counts = new Map<string, number>();
  for (const [i, f] of findings.entries()) counts.set(key(f, leads[i]), (counts.get(key(f, leads[i])) ?? 0) + 1);
  return findings.map((f, i) => {
    const r = f.range;
    const where: string[] = [];
    if (r?.cell !== undefined) where.push(cellName(r.cell));
    if (r && (counts.get(key(f, leads[i])) ?? 0) > 1) where.push(`line ${r.startLine}`);
    // The place leads (`Cell 5: ...`): a message may name another cell itself ("before the split in cell 6").
    if (!where.length) return leads[i];
    return `${capitalise(where.join(', '))}: ${leads[i]}`;
  });
}

/**
 * The "Fix: …" of a rule without a fix of its own, from its "Use instead": the first sentence when it
 * starts with prose, else its first code example when that is short (at most 8 lines).
 */
export function fixSentence(useInstead: string): string | undefined {
  const text = useInstead.trim();
  const code = /^```[^\n]*\n([\s\S]*?)\n```/.exec(text);
  if (code) {
    const lines = code[1].split('\n');
    return lines.length <= 8 ? code[0] : undefined;
  }
  const prose = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('|') && !l.startsWith('```'))
    .join(' ');
  if (!prose) return undefined;
  const first = firstSentence(prose);
  return first.length > 160 ? undefined : first;
}

/** What the hover adds under the diagnostic's lead: the why, "Fix: …", then the documentation link. */
export function hoverMarkdown(f: Finding, rule: { fix?: string } | undefined, docsLink: string): string {
  const { rest } = leadSentence(f.message);
  const fix = f.fixes?.find((x) => x.isPreferred)?.title ?? f.fixes?.[0]?.title ?? rule?.fix;
  const fixText = !fix ? '' : fix.startsWith('```') ? `**Fix:**\n\n${fix}` : `**Fix:** ${fix.replace(/\.?$/, '.')}`;
  return [rest, fixText, docsLink].filter(Boolean).join('\n\n');
}

/** A related location's note, naming its cell: VS Code shows only the notebook's name and the line in the cell. */
export function relatedMessage(r: RelatedLocation): string {
  return r.range.cell !== undefined ? `${r.message.replace(/\.$/, '')} (${cellName(r.range.cell)}).` : r.message;
}

// Notification and tooltip texts that quote project paths and values.

/** Control characters and line or paragraph separators, which project text must not carry into a message. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * A notification text safe to show: VS Code turns `[text](target)` in a notification into a link
 * (command links included), so a crafted file name could offer one; a space after the bracket keeps it
 * text. Control characters and line breaks become spaces.
 */
export function plainMessage(text: string): string {
  return text.replace(CONTROL, ' ').replace(/\]\(/g, '] (');
}

/**
 * Project text (a file name, a note quoting a literal) inside a Markdown tooltip, shown as text: link,
 * image, emphasis and HTML syntax escaped, so a crafted name cannot load a remote image or show a link.
 */
export function markdownText(text: string): string {
  return text.replace(CONTROL, ' ').replace(/[\\`*_[\]()<>!#|~&]/g, '\\$&');
}

/**
 * Project text as a Markdown code span: fenced with more backticks than any run inside it, so nothing in it is
 * Markdown.
 */
export function markdownCode(text: string): string {
  const flat = text.replace(CONTROL, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
