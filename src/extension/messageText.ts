// Notification texts that quote project paths and values, kept free of `vscode` so tests can run it.

/**
 * A notification text safe to show: VS Code turns `[text](target)` in a notification into a link
 * (command links included), so a crafted file name could offer one; a space after the bracket keeps it
 * text. Control characters and line breaks become spaces.
 */
export function plainMessage(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').replace(/\]\(/g, '] (');
}

/**
 * Project text (a file name, a note quoting a literal) inside a Markdown tooltip, shown as text: link,
 * image, emphasis and HTML syntax escaped, so a crafted name cannot load a remote image or show a link.
 */
export function markdownText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').replace(/[\\`*_[\]()<>!#|~&]/g, '\\$&');
}

/** Project text as a Markdown code span: fenced with more backticks than any run inside it, so nothing in it is Markdown. */
export function markdownCode(text: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
