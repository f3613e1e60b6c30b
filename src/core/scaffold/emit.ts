// Writing values into generated Python and YAML so that any column name or path stays valid syntax.
import type { ParamValue } from './facts';

/** A Python literal for a value: `"text"`, `42`, `True`, `None`. */
export function pyLiteral(v: ParamValue | undefined): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'None';
  // JSON string escapes are valid Python string escapes.
  return JSON.stringify(v);
}

/** A YAML scalar: plain when unambiguous, double-quoted otherwise. */
export function yamlScalar(v: ParamValue | undefined): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  const plain = /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(v) && !/^(true|false|yes|no|on|off|null|y|n|~)$/i.test(v);
  return plain ? v : JSON.stringify(v);
}

/** Joins lines into file text with exactly one final newline. */
export function fileText(lines: string[]): string {
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

/** The relative module path for a package module (`churn.data.split`) or a flat script (`split`). */
export function modulePath(prefix: string, name: string): string {
  return `${prefix}${name}`;
}
