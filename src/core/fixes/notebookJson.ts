// Rewrites the sources of some notebook cells inside the notebook's JSON text and leaves every other byte
// alone: outputs, metadata, other cells, key order, indentation and escapes stay as they were written.

/** A span of the JSON text. */
interface JsonSpan {
  from: number;
  to: number;
}

/** A scanned JSON value: its span, and for objects and arrays the spans of what they hold. */
type Scanned =
  | { kind: 'object'; span: JsonSpan; members: Map<string, Scanned> }
  | { kind: 'array'; span: JsonSpan; items: Scanned[] }
  | { kind: 'scalar'; span: JsonSpan };

/** A minimal JSON scanner that keeps where each value sits. The text must be valid JSON. */
class Scanner {
  i = 0;
  constructor(readonly text: string) {}

  ws(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i])) this.i++;
  }

  value(): Scanned {
    this.ws();
    const from = this.i;
    const c = this.text[this.i];
    if (c === '{') {
      this.i++;
      const members = new Map<string, Scanned>();
      this.ws();
      if (this.text[this.i] === '}') {
        this.i++;
        return { kind: 'object', span: { from, to: this.i }, members };
      }
      for (;;) {
        this.ws();
        const keySpan = this.string();
        const key = JSON.parse(this.text.slice(keySpan.from, keySpan.to)) as string;
        this.ws();
        this.expect(':');
        members.set(key, this.value());
        this.ws();
        if (this.text[this.i] === ',') {
          this.i++;
          continue;
        }
        this.expect('}');
        return { kind: 'object', span: { from, to: this.i }, members };
      }
    }
    if (c === '[') {
      this.i++;
      const items: Scanned[] = [];
      this.ws();
      if (this.text[this.i] === ']') {
        this.i++;
        return { kind: 'array', span: { from, to: this.i }, items };
      }
      for (;;) {
        items.push(this.value());
        this.ws();
        if (this.text[this.i] === ',') {
          this.i++;
          continue;
        }
        this.expect(']');
        return { kind: 'array', span: { from, to: this.i }, items };
      }
    }
    if (c === '"') return { kind: 'scalar', span: this.string() };
    while (this.i < this.text.length && /[^\s,\]}]/.test(this.text[this.i])) this.i++;
    return { kind: 'scalar', span: { from, to: this.i } };
  }

  string(): JsonSpan {
    const from = this.i;
    this.expect('"');
    while (this.i < this.text.length) {
      const c = this.text[this.i++];
      if (c === '\\') this.i++;
      else if (c === '"') return { from, to: this.i };
    }
    throw new Error('unterminated string in notebook JSON');
  }

  expect(c: string): void {
    if (this.text[this.i] !== c) throw new Error(`expected '${c}' at offset ${this.i} of the notebook JSON`);
    this.i++;
  }
}

/** Splits a cell source into lines that keep their line ends, the way Jupyter stores `source` arrays. */
function sourceLines(source: string): string[] {
  return source.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** JSON for a string the way Jupyter writes it (`ensure_ascii=False`): JSON.stringify already does. */
function jsonString(s: string): string {
  return JSON.stringify(s);
}

/** The new `source` value written in the layout of the old one (a string, or an array of lines in its indentation). */
function writeSource(text: string, old: Scanned, source: string): string {
  if (old.kind !== 'array') return jsonString(source);
  const lines = sourceLines(source);
  if (lines.length === 0) return '[]';
  const inner = text.slice(old.span.from + 1, old.span.to - 1);
  // The separator between items: what stands between the first two, or the indentation before the first.
  let sep: string;
  let open: string;
  let close: string;
  if (old.items.length > 0) {
    open = text.slice(old.span.from + 1, old.items[0].span.from);
    close = text.slice(old.items[old.items.length - 1].span.to, old.span.to - 1);
    sep = old.items.length > 1 ? text.slice(old.items[0].span.to, old.items[1].span.from) : `,${open}`;
  } else {
    // An empty cell (`[]`): indent like the `source` key's own line, one level deeper.
    const lineStart = text.lastIndexOf('\n', old.span.from) + 1;
    const keyIndent = /^\s*/.exec(text.slice(lineStart))![0];
    const step = inner.length === 0 ? guessIndentStep(text) : '';
    open = `\n${keyIndent}${step}`;
    close = `\n${keyIndent}`;
    sep = `,${open}`;
  }
  return `[${open}${lines.map(jsonString).join(sep)}${close}]`;
}

/** The indentation step of the file (one space, two, ...), from its second line. */
function guessIndentStep(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  return m ? m[1] : ' ';
}

/**
 * Returns the notebook text with the sources of the given cells (by index in `cells`) replaced, every
 * other byte unchanged. Only nbformat 4 notebooks (a top-level `cells` array) are edited.
 */
export function replaceCellSources(text: string, sources: ReadonlyMap<number, string>): string {
  if (sources.size === 0) return text;
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const scanner = new Scanner(text);
  scanner.i = bom;
  const root = scanner.value();
  if (root.kind !== 'object') throw new Error('not a notebook: the top level is not an object');
  const cells = root.members.get('cells');
  if (cells?.kind !== 'array') throw new Error('only nbformat 4 notebooks (with a "cells" array) can be fixed');
  const replacements: Array<{ span: JsonSpan; text: string }> = [];
  for (const [index, source] of sources) {
    const cell = cells.items[index];
    if (cell?.kind !== 'object') throw new Error(`the notebook has no cell ${index}`);
    const old = cell.members.get('source');
    if (!old) throw new Error(`cell ${index} has no source`);
    replacements.push({ span: old.span, text: writeSource(text, old, source) });
  }
  replacements.sort((a, b) => b.span.from - a.span.from);
  let out = text;
  for (const r of replacements) out = out.slice(0, r.span.from) + r.text + out.slice(r.span.to);
  return out;
}

/** Returns the notebook text without the given cells (by index in `cells`), every other byte unchanged. */
export function deleteCells(text: string, indices: ReadonlySet<number>): string {
  if (indices.size === 0) return text;
  const scanner = new Scanner(text);
  scanner.i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const root = scanner.value();
  const cells = root.kind === 'object' ? root.members.get('cells') : undefined;
  if (cells?.kind !== 'array') throw new Error('only nbformat 4 notebooks (with a "cells" array) can be fixed');
  const items = cells.items;
  // Each removed cell takes the separator before it along (after it, for the first cell).
  const cuts: JsonSpan[] = [];
  for (const i of [...indices].sort((a, b) => b - a)) {
    if (!items[i]) throw new Error(`the notebook has no cell ${i}`);
    if (i > 0) cuts.push({ from: items[i - 1].span.to, to: items[i].span.to });
    else if (items.length > 1) cuts.push({ from: items[0].span.from, to: items[1].span.from });
    else cuts.push({ from: items[0].span.from, to: items[0].span.to });
  }
  let out = text;
  for (const c of cuts.sort((a, b) => b.from - a.from)) out = out.slice(0, c.from) + out.slice(c.to);
  return out;
}
