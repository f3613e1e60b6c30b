// Text from a repository on a terminal: file names, string literals quoted in messages, configuration
// values. A terminal obeys control characters it is sent, so an ESC in a file name could recolour,
// retitle or clear the screen, hide lines or, on some terminals, answer back as typed input; Unicode
// bidirectional controls reorder what is shown (the "Trojan Source" trick). Such characters are shown
// as visible escapes (`\x1b`, `\u202e`) instead; JSON and SARIF keep exact strings, as JSON escapes them.

/**
 * C0 controls but tab, DEL, C1 controls, line and paragraph separators, bidirectional and zero-width format controls.
 */
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\u001b': '\\x1b', '\u0000': '\\0' };

function visible(c: string): string {
  const code = c.charCodeAt(0);
  return (
    NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`)
  );
}

/** `text` with every character a terminal would act on (newlines included) shown as an escape. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** Multi-line text safe for a terminal: like terminalSafe, but line breaks stay line breaks. */
export function terminalSafeLines(text: string): string {
  return text.split('\n').map(terminalSafe).join('\n');
}

/** A deep copy of `value` with every string passed through terminalSafe, for formatters that print report data. */
export function terminalSafeData<T>(value: T): T {
  if (typeof value === 'string') return terminalSafe(value) as T;
  if (Array.isArray(value)) return value.map(terminalSafeData) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = terminalSafeData(v);
    return out as T;
  }
  return value;
}
