// Where a Python file can be cut into independently parsable pieces: the starts of top-level statements.
// Used by `parse.ts` to parse a long file again in pieces when a whole-file parse reports errors (see there).
import { afterStringLiteral } from './tokenCount';

/** Keywords that continue the statement above them: a piece never starts with one. */
const CONTINUING = new Set(['else', 'elif', 'except', 'finally', 'case']);

/**
 * Offsets at which `source` can be cut so that every piece is whole top-level statements, at least
 * `minLines` lines apart: a line starting in column 0 with code (not a comment, a blank line, a decorated
 * definition's `def`/`class`, or `else`/`elif`/`except`/`finally`), outside brackets, strings and a line
 * continued with a backslash. Always starts with 0. A scan of characters, not a tokenizer: an f-string that
 * nests its own quotes can mislead it, which only makes a piece parse worse (and then the caller keeps the
 * whole-file parse).
 */
export function statementCuts(source: string, minLines: number): number[] {
  const cuts = [0];
  let linesSinceCut = 0;
  let depth = 0;
  let continued = false;
  let afterDecorator = false;
  let i = 0;
  const n = source.length;
  let lineStart = true;
  while (i < n) {
    const c = source.charCodeAt(i);
    if (lineStart) {
      lineStart = false;
      linesSinceCut++;
      if (depth === 0 && !continued && c !== 32 && c !== 9 && c !== 35 && c !== 10 && c !== 13 && c !== 12) {
        if (i > 0 && linesSinceCut > minLines && !afterDecorator && !CONTINUING.has(leadingWord(source, i))) {
          cuts.push(i);
          linesSinceCut = 1;
        }
        afterDecorator = c === 64; // '@'
      }
      continued = false;
    }
    if (c === 35) {
      // '#': to the end of the line
      while (i < n && source.charCodeAt(i) !== 10) i++;
    } else if (c === 34 || c === 39) {
      i = afterStringLiteral(source, i);
    } else if (c === 40 || c === 91 || c === 123) {
      depth++;
      i++;
    } else if (c === 41 || c === 93 || c === 125) {
      if (depth > 0) depth--;
      i++;
    } else if (c === 92 && source.charCodeAt(i + 1) === 10) {
      continued = true;
      lineStart = true;
      i += 2;
    } else {
      if (c === 10) lineStart = true;
      i++;
    }
  }
  return cuts;
}

function leadingWord(source: string, i: number): string {
  let j = i;
  while (j < source.length && j - i < 9 && /[A-Za-z]/.test(source[j])) j++;
  return source.slice(i, j);
}
