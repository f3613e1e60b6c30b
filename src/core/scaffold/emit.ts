// Writing project values into generated files. A value read from a repository (a data path, a column
// name, a file name) is data from strangers: each file type gets it quoted so that no value can end a
// string, start a line of code, a YAML key or a shell command, and every character survives as written.
import type { ParamValue } from './facts';

/**
 * Characters that JSON.stringify leaves raw but that must not appear raw in generated text: DEL, the C1
 * controls (U+0085 ends a line for YAML 1.1 and PyYAML refuses the rest), the Unicode line and paragraph
 * separators, and the byte-order mark.
 */
const RAW_AFTER_JSON = /[\u007f-\u009f\u2028\u2029\ufeff]/g;

/**
 * Every character a value must not carry raw into a comment, docstring or shell word: C0, DEL, C1, line separators,
 * BOM, lone surrogates.
 */
const UNSAFE_IN_TEXT = new RegExp(
  String.raw`[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])` +
    String.raw`|(?<![\ud800-\udbff])[\udc00-\udfff]`,
  'g',
);

function uEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** A double-quoted string both Python and YAML read back as `s`: JSON escapes plus the characters JSON leaves raw. */
function quoted(s: string): string {
  // JSON string escapes (\" \\ \n \t \b \f \r \uXXXX, lone surrogates included) are valid in Python and YAML double
  // quotes.
  return JSON.stringify(s).replace(RAW_AFTER_JSON, uEscape);
}

/** A Python literal for a value: `"text"`, `42`, `True`, `None`. */
export function pyLiteral(v: ParamValue | undefined): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'None';
  return quoted(v);
}

/**
 * Text for the inside of a `"""` docstring that Python reads back as `s`: backslashes and quotes are
 * escaped, so the value can neither end the docstring nor start a line of code.
 */
export function pyDocText(s: string): string {
  return s.replace(/[\\"]/g, (c) => `\\${c}`).replace(UNSAFE_IN_TEXT, uEscape);
}

/** A value shown in a `#` comment: quoted like a Python string, so a newline in it cannot end the comment. */
export function pyCommentValue(s: string): string {
  return quoted(s);
}

/** A YAML scalar: plain when unambiguous, double-quoted otherwise. Keys use it too. */
export function yamlScalar(v: ParamValue | undefined): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  const plain = /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(v) && !/^(true|false|yes|no|on|off|null|y|n|~)$/i.test(v);
  return plain ? v : quoted(v);
}

/**
 * One POSIX shell word that the shell passes on as `s`: bare when it holds only characters no shell
 * treats specially, single-quoted otherwise (a `'` inside becomes `'\''`). Command substitution,
 * backticks, globs, `~` and variables are inert inside single quotes.
 */
export function shellWord(s: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A Dockerfile exec-form (`CMD [...]`) argument list: a JSON array, which Docker parses as JSON. */
export function dockerExecForm(args: string[]): string {
  return `[${args.map(quoted).join(', ')}]`;
}

/** Joins lines into file text with exactly one final newline. */
export function fileText(lines: string[]): string {
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
