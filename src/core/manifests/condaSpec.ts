// Conda match specs (`numpy=1.26.4=py311h...`), shared by environment files and `conda list --export` output.
/** A conda match spec, reduced to what we report. Conda names are lower case already; PEP 503 does not apply. */
export interface CondaSpec {
  name: string;
  specifier: string;
  pinned: boolean;
}

/**
 * Parses `numpy`, `numpy=1.26.4`, `numpy==1.26.4`, `numpy>=1.2,<2`, `numpy 1.26.4 py310_0`,
 * `conda-forge::numpy=1.26.4=py310h...`, `numpy[version='>=1.2']`.
 * `=1.26.4` pins (it matches 1.26.4 and its builds); `=1.26` is a series (1.26.*) and does not.
 */
export function parseCondaSpec(spec: string): CondaSpec | undefined {
  const s = spec.trim().replace(/^[^\s:]+::/, '');
  const m = /^([A-Za-z0-9_][A-Za-z0-9._-]*)\s*(.*)$/.exec(s);
  if (!m) return undefined;
  let rest = m[2].trim();
  const bracket = /^\[\s*version\s*=\s*['"]?([^'"\]]+)['"]?.*\]$/.exec(rest);
  if (bracket) rest = bracket[1].trim();
  else if (rest.startsWith('[')) rest = '';
  // `name 1.2.3 build` is the space-separated form of `name=1.2.3=build`.
  if (/^\d/.test(rest)) rest = `=${rest.replace(/\s+/, '=').replace(/\s+/g, '')}`;
  const version = /^(==|=)?\s*([^=,|<>!~\s]+)(=\S+)?$/.exec(rest);
  let pinned = false;
  if (rest.startsWith('==')) pinned = !!version && !version[2].includes('*');
  else if (version && rest.startsWith('='))
    pinned = !version[2].includes('*') && (version[2].split('.').length >= 3 || !!version[3]);
  return { name: m[1].toLowerCase(), specifier: rest, pinned };
}
