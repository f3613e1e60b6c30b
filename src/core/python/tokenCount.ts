// A cheap estimate of how many tokens a Python text holds, taken before parsing: the syntax tree of a
// file costs memory in proportion to its tokens, not its bytes, so a file packed with one-character
// tokens is refused by this count before it can fill the heap (see docs/security.md).

enum C {
  Hash = 35,
  Quote = 34,
  Apostrophe = 39,
  Backslash = 92,
  Newline = 10,
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;
}

/** What one pass over a Python text tells before it is parsed. */
export interface CodeShape {
  /**
   * Tokens, roughly as Python's tokenizer counts them (a word, a number, a string or one punctuation character each).
   */
  tokens: number;
  /** Offset of the first bracket that opens deeper than the cap (strings and comments aside), or -1. */
  tooDeepAt: number;
}

/**
 * Counts the tokens of `text` and finds where its brackets first nest deeper than `depthCap`, in one
 * pass with no allocation (it runs over every file before it is parsed, so it must cost little beside
 * the parse: about 2% of it).
 */
export function codeShape(text: string, depthCap = Infinity): CodeShape {
  let tokens = 0;
  let depth = 0;
  let tooDeepAt = -1;
  let i = 0;
  const len = text.length;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9 || c === 13 || c === 12) {
      i++;
    } else if (c === C.Hash) {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? len : eol;
    } else if (c === C.Quote || c === C.Apostrophe) {
      tokens++;
      i = afterStringLiteral(text, i);
    } else if (isWordChar(c)) {
      tokens++;
      i++;
      while (i < len && isWordChar(text.charCodeAt(i))) i++;
    } else {
      tokens++;
      if (c === 40 || c === 91 || c === 123) {
        if (++depth > depthCap && tooDeepAt < 0) tooDeepAt = i;
      } else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
      i++;
    }
  }
  return { tokens, tooDeepAt };
}

/**
 * The offset just past the string literal whose opening quote is at `i` (single or triple, with backslash
 * escapes): after its closing quote, at the line break that ends an unclosed single-quoted one, or the end.
 * A scan of characters, shared by the passes that run before or beside the parser.
 */
export function afterStringLiteral(text: string, i: number): number {
  const len = text.length;
  const c = text.charCodeAt(i);
  const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
  let j = i + (triple ? 3 : 1);
  while (j < len) {
    const d = text.charCodeAt(j);
    if (d === C.Backslash) j += 2;
    else if (d === c && (!triple || (text.charCodeAt(j + 1) === c && text.charCodeAt(j + 2) === c)))
      return j + (triple ? 3 : 1);
    else if (d === C.Newline && !triple) return j;
    else j++;
  }
  return len;
}

/** Tokens in `text` (see `codeShape`). */
export function countTokens(text: string): number {
  return codeShape(text).tokens;
}

/**
 * The offset of the first bracket that opens deeper than `cap`, or -1. Lezer builds its tree
 * recursively, so source nested thousands deep is refused before it is parsed.
 */
export function bracketTooDeep(text: string, cap: number): number {
  return codeShape(text, cap).tooDeepAt;
}
