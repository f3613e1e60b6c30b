// Text taken from a project (a folder name, a service name, a Python name) inside a regular expression.

/** `s` with every regular-expression metacharacter escaped, so a pattern matches it literally. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
