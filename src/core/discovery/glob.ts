// Exclude patterns are written by whoever wrote the repository's configuration, so matching one must
// never cost more than a few passes over a path. This matcher keeps minimatch's meaning for the globs
// users write (`*`, `?`, `[...]`, `**`, `{a,b}`, `\` escapes, `!` negation; dotfiles matched) but
// never backtracks beyond one `*` at a time: a segment costs at most (name length x pattern length),
// a path (segments x pattern segments). Extended globs (`+(a|b)`) are refused: as regular expressions
// they take exponential time on a long name.
import { braceExpand } from 'minimatch';

/** The most alternatives braces may expand to in one pattern. */
const MAX_ALTERNATIVES = 256;

type Token = { t: 'char'; c: number } | { t: 'any' } | { t: 'star' } | { t: 'class'; re: RegExp };
type Segment = Token[] | 'globstar';

/** Why a pattern is refused, or undefined when it can be matched in linear time. */
export function globRisk(glob: string): string | undefined {
  if (/(^|[^\\])[@*+?!]\(/.test(glob))
    return (
      'extended glob patterns such as +(a|b) are not supported (they can take minutes to match a long name); ' +
      'use {a,b} or one pattern per line'
    );
  for (const m of glob.matchAll(/\{(-?\d+)\.\.(-?\d+)(?:\.\.-?\d+)?\}/g)) {
    if (Math.abs(Number(m[2]) - Number(m[1])) >= MAX_ALTERNATIVES)
      return `the range ${m[0]} has more than ${MAX_ALTERNATIVES} values`;
  }
  if ((glob.match(/\{/g)?.length ?? 0) > 8) return 'more than 8 brace groups';
  if (braceExpand(glob).length > MAX_ALTERNATIVES) return `its braces expand to more than ${MAX_ALTERNATIVES} patterns`;
  return undefined;
}

/**
 * Compiles a glob (relative, forward slashes). With `matchBase`, a pattern without a slash is matched
 * against the last segment of a path. Throws for a pattern `globRisk` refuses.
 */
export function compileGlob(glob: string, matchBase: boolean): (path: string) => boolean {
  const risk = globRisk(glob);
  if (risk) throw new Error(`exclude pattern '${glob}': ${risk}`);
  let pattern = glob;
  let negate = false;
  while (pattern.startsWith('!')) {
    negate = !negate;
    pattern = pattern.slice(1);
  }
  // As in minimatch, a pattern starting with `#` is a comment and matches nothing.
  if (pattern.startsWith('#')) return () => negate;
  const alternatives = braceExpand(pattern).map((p) => p.split('/').map(segment));
  const base = matchBase && !pattern.includes('/');
  return (path: string) => {
    const parts = base ? [path.slice(path.lastIndexOf('/') + 1)] : path.split('/');
    return alternatives.some((segments) => matchSegments(segments, parts)) !== negate;
  };
}

/** Pattern segments against path segments, as a set of positions advanced together (no backtracking). */
function matchSegments(pattern: Segment[], parts: string[]): boolean {
  const n = pattern.length;
  let states = closure(new Set([0]), pattern);
  for (const part of parts) {
    const next = new Set<number>();
    for (const k of states) {
      if (k >= n) continue;
      const seg = pattern[k];
      if (seg === 'globstar') {
        if (part === '.' || part === '..') continue;
        next.add(k);
        next.add(k + 1);
      } else if (matchSegment(seg, part)) next.add(k + 1);
    }
    if (next.size === 0) return false;
    states = closure(next, pattern);
  }
  return states.has(n);
}

/** A `**` may match no segment at all, except at the end (as in minimatch, `a/**` does not match `a`). */
function closure(states: Set<number>, pattern: Segment[]): Set<number> {
  for (const k of [...states]) {
    for (let j = k; j < pattern.length - 1 && pattern[j] === 'globstar'; j++) states.add(j + 1);
  }
  return states;
}

/** One segment: every token but `*` takes one character, so one remembered `*` is enough. */
function matchSegment(tokens: Token[], s: string): boolean {
  if (tokens.length === 1 && tokens[0].t === 'star') return s.length > 0 && s !== '.' && s !== '..';
  let p = 0;
  let i = 0;
  let starP = -1;
  let starI = 0;
  while (i < s.length) {
    const tok = tokens[p];
    if (tok && tok.t === 'star') {
      starP = p++;
      starI = i;
    } else if (tok && one(tok, s, i)) {
      p++;
      i++;
    } else if (starP >= 0) {
      p = starP + 1;
      i = ++starI;
    } else return false;
  }
  while (p < tokens.length && tokens[p].t === 'star') p++;
  return p === tokens.length;
}

function one(tok: Token, s: string, i: number): boolean {
  switch (tok.t) {
    case 'char':
      return s.charCodeAt(i) === tok.c;
    case 'any':
      return true;
    case 'class':
      return tok.re.test(s[i]);
    default:
      return false;
  }
}

const POSIX: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\s',
  blank: ' \\t',
  xdigit: '0-9A-Fa-f',
  word: '\\w',
  punct: '!-\\/:-@\\[-`{-~',
};

/** Tokens of one segment; `**` alone is the globstar. */
function segment(text: string): Segment {
  if (text === '**') return 'globstar';
  const out: Token[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) out.push({ t: 'char', c: text.charCodeAt(++i) });
    else if (ch === '*') {
      if (out[out.length - 1]?.t !== 'star') out.push({ t: 'star' });
    } else if (ch === '?') out.push({ t: 'any' });
    else if (ch === '[') {
      const cls = characterClass(text, i);
      if (cls) {
        out.push({ t: 'class', re: cls.re });
        i = cls.end;
      } else out.push({ t: 'char', c: 91 }); // an unclosed `[` is itself
    } else out.push({ t: 'char', c: text.charCodeAt(i) });
  }
  return out;
}

/** A `[...]` class starting at `start` as a one-character regular expression (which cannot backtrack). */
function characterClass(text: string, start: number): { re: RegExp; end: number } | undefined {
  let i = start + 1;
  let negate = false;
  if (text[i] === '!' || text[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (ch === ']' && !first) return { re: new RegExp(`^[${negate ? '^' : ''}${body}]$`), end: i };
    first = false;
    const posix = /^\[:(\w+):\]/.exec(text.slice(i));
    if (posix && POSIX[posix[1]]) {
      body += POSIX[posix[1]];
      i += posix[0].length - 1;
    } else if (ch === '\\' && i + 1 < text.length) body += `\\${text[++i]}`;
    else if (ch === '-' && body && text[i + 1] !== ']') body += '-';
    else body += /[\\\][^-]/.test(ch) ? `\\${ch}` : ch;
  }
  return undefined;
}
