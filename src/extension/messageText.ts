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
