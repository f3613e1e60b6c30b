// Applying a fix's text edits to a text: ranges are 1-based lines and columns (the end column exclusive),
// in the coordinates the findings use (a .py file's text, or one notebook cell's source).
import type { SourceRange, TextEdit } from '../model/findings';

/** The offset of a 1-based line and column in `text` (`\r\n`, `\r` and `\n` end lines, as LineIndex reads them). */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = nextLineStart(text, offset);
    if (nl < 0) return text.length;
    offset = nl;
  }
  const end = lineEnd(text, offset);
  return Math.min(offset + column - 1, end);
}

function nextLineStart(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return i + 1;
    if (c === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return -1;
}

function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return text.length;
}

/** An edit as offsets into one text. */
export interface OffsetEdit {
  from: number;
  to: number;
  newText: string;
}

/** The offsets of a range in `text`. */
export function offsetsOf(text: string, r: SourceRange): { from: number; to: number } {
  return { from: offsetOf(text, r.startLine, r.startColumn), to: offsetOf(text, r.endLine, r.endColumn) };
}

/**
 * True when two edits touch the same characters. Between edits of different fixes, two insertions at
 * one place clash too (their order would be arbitrary); within one fix they apply in the given order.
 */
export function overlaps(a: OffsetEdit, b: OffsetEdit, sameFix = false): boolean {
  if (a.from === a.to && b.from === b.to) return !sameFix && a.from === b.from;
  if (a.from === a.to) return a.from > b.from && a.from < b.to;
  if (b.from === b.to) return b.from > a.from && b.from < a.to;
  return a.from < b.to && b.from < a.to;
}

/** Applies edits that do not overlap; edits at one offset keep their given order. */
export function applyOffsetEdits(text: string, edits: OffsetEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.from - b.e.from || a.e.to - b.e.to || a.i - b.i);
  let out = '';
  let at = 0;
  for (const { e } of sorted) {
    if (e.from < at) throw new Error(`overlapping edits at offset ${e.from}`);
    out += text.slice(at, e.from) + e.newText;
    at = e.to;
  }
  return out + text.slice(at);
}

/** Applies text edits given in line and column coordinates of `text`. */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  return applyOffsetEdits(
    text,
    edits.map((e) => ({ ...offsetsOf(text, e.range), newText: e.newText })),
  );
}
