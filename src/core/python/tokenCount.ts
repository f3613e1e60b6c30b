// A cheap estimate of how many tokens a Python text holds, taken before parsing: the syntax tree of a
// file costs memory in proportion to its tokens, not its bytes, so a file packed with one-character
// tokens is refused by this count before it can fill the heap (see docs/security.md).

const enum C {
  Hash = 35,
  Quote = 34,
  Apostrophe = 39,
  Backslash = 92,
  Newline = 10,
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12;
}

/**
 * Tokens in `text`, roughly as Python's tokenizer counts them (a word, a number, a string or one
 * punctuation character each; comments and whitespace none).
 */
export function countTokens(text: string): number {
  let n = 0;
  scan(text, () => {
    n++;
    return false;
  });
  return n;
}

/**
 * The offset of the first bracket that opens deeper than `cap` (strings and comments aside), or -1.
 * Lezer builds its tree recursively, so source nested thousands deep is refused before it is parsed.
 */
export function bracketTooDeep(text: string, cap: number): number {
  let depth = 0;
  let at = -1;
  scan(text, (c, i) => {
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > cap) at = i;
    } else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
    return at >= 0;
  });
  return at;
}

/** Calls `token` with the first character code and offset of each token; stops when it returns true. */
function scan(text: string, token: (c: number, i: number) => boolean): void {
  let i = 0;
  const len = text.length;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === C.Hash) {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? len : eol;
      continue;
    }
    if (token(c, i)) return;
    if (c === C.Quote || c === C.Apostrophe) {
      const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
      i += triple ? 3 : 1;
      while (i < len) {
        const d = text.charCodeAt(i);
        if (d === C.Backslash) i += 2;
        else if (d === c && (!triple || (text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c))) {
          i += triple ? 3 : 1;
          break;
        } else if (d === C.Newline && !triple) break;
        else i++;
      }
    } else if (isWordChar(c)) {
      while (i < len && isWordChar(text.charCodeAt(i))) i++;
    } else {
      i++;
    }
  }
}
