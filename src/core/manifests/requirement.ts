// PEP 508 requirement strings (`name[extra]>=1.2; python_version<"3.12"`, `name @ https://...`) and what
// counts as a pin. Shared by every manifest format that embeds them.
import { normaliseName } from './manifest';

/** A parsed requirement string. */
export interface Requirement {
  name: string;
  specifier: string;
  extras: string[];
  marker?: string;
  url?: string;
  pinned: boolean;
}

const NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*/;

/** Parses one PEP 508 requirement; undefined when the string is not one (a path, an option, garbage). */
export function parseRequirement(text: string): Requirement | undefined {
  const m = NAME.exec(text);
  if (!m) return undefined;
  const extras = (m[2] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  let rest = text.slice(m[0].length);
  let url: string | undefined;
  let marker: string | undefined;
  if (rest.startsWith('@')) {
    // A URL may hold ';' itself, so the marker needs whitespace before it (PEP 508).
    const semi = /\s;/.exec(rest);
    url = (semi ? rest.slice(1, semi.index) : rest.slice(1)).trim();
    if (semi) marker = rest.slice(semi.index + 2).trim();
    if (!url) return undefined;
    return { name: normaliseName(m[1]), specifier: `@ ${url}`, extras, marker, url, pinned: isPinnedUrl(url) };
  }
  const semi = rest.indexOf(';');
  if (semi >= 0) {
    marker = rest.slice(semi + 1).trim() || undefined;
    rest = rest.slice(0, semi);
  }
  let specifier = rest.trim();
  if (specifier.startsWith('(') && specifier.endsWith(')')) specifier = specifier.slice(1, -1).trim();
  // Anything left that is not a version clause means this was not a requirement after all.
  if (specifier && !/^(?:(?:===|==|!=|~=|<=|>=|<|>)\s*[^\s,;<>=!~]+\s*,?\s*)+$/.test(specifier)) return undefined;
  return { name: normaliseName(m[1]), specifier, extras, marker, pinned: isPinnedSpecifier(specifier) };
}

/** True when a PEP 440 specifier set fixes one version: a `==` clause without wildcard, or `===`. */
export function isPinnedSpecifier(specifier: string): boolean {
  return specifier
    .split(',')
    .map((c) => c.trim())
    .some((c) => /^===\s*\S+$/.test(c) || /^==\s*[^\s*]+$/.test(c));
}

/** A direct reference is pinned when it names one artifact: a wheel or sdist file, or a VCS commit or version tag. */
function isPinnedUrl(url: string): boolean {
  const bare = url.replace(/#.*$/, '');
  if (/^(git|hg|svn|bzr)\+/.test(bare)) {
    const at = /@([^@/]+)$/.exec(bare);
    return !!at && (/^[0-9a-f]{7,40}$/i.test(at[1]) || /^v?\d+(\.\d+)+([.-]?\w+)?$/.test(at[1]));
  }
  return /\.(whl|tar\.gz|zip|tar\.bz2|tgz)$/i.test(bare) && /\d/.test(bare.split('/').pop() ?? '');
}

/** The distribution name of a bare URL or file line: `#egg=name`, or a wheel/sdist file name. */
export function nameFromUrl(url: string): string | undefined {
  const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(url);
  if (egg) return normaliseName(egg[1].replace(/-\d.*$/, ''));
  const file =
    url
      .replace(/[#?].*$/, '')
      .split('/')
      .pop() ?? '';
  const wheel = /^([A-Za-z0-9][A-Za-z0-9._]*)-\d[^-]*(-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl$/i.exec(file);
  if (wheel) return normaliseName(wheel[1]);
  const sdist = /^([A-Za-z0-9][A-Za-z0-9._-]*?)-\d[\w.]*\.(tar\.gz|zip|tar\.bz2|tgz)$/i.exec(file);
  return sdist ? normaliseName(sdist[1]) : undefined;
}
