// Parses Python source into the syntax tree of `ast.ts`: the Lezer parse (incremental when an earlier
// parse is given, bounded by a deadline), then `FlatTree` and `Builder`, both made afresh for each parse
// so that parses never share state.
import { type Tree, TreeFragment } from '@lezer/common';
import { parser } from '@lezer/python';
import type { PythonModule, Stmt } from './ast';
import { Builder } from './builder';
import { FlatTree } from './flatTree';
import { bracketTooDeep } from './tokenCount';

/**
 * Parses Python source. A syntax error never throws: it becomes one of `errors` and the rest still parses;
 * source nested too deeply throws `TooDeepError`, a parse past `deadline` (`Date.now()`) `ParseTimeoutError`.
 * With `previous` (an earlier parse of the same file), Lezer reuses the parts of the old tree
 * outside the edited range, so typing in a large file re-parses only around the edit.
 * `keepTree: false` drops Lezer's tree once ours is built: a one-off analysis never re-parses, and
 * holding every file's tree until the project is done costs the garbage collector more than the parse
 * saves (about a third of its work on the benchmark corpus).
 */
export function parsePython(
  source: string,
  previous?: PythonModule,
  keepTree = true,
  deadline = Infinity,
  bracketsChecked = false,
): PythonModule {
  const input = parserInput(source);
  let tree: Tree;
  let body: Stmt[];
  let b: Builder;
  // The project builder scans each file's brackets with its token count and says so, sparing a second pass.
  const deepAt = bracketsChecked ? -1 : bracketTooDeep(source, MAX_NESTING_DEPTH);
  if (deepAt >= 0) throw new TooDeepError(source, deepAt);
  try {
    tree = previous?.lezer
      ? reparse(input, parserInput(previous.source), previous.lezer, deadline)
      : runParse(input, undefined, deadline);
    const flat = new FlatTree(tree, MAX_NESTING_DEPTH);
    if (flat.tooDeepAt >= 0) throw new TooDeepError(source, flat.tooDeepAt);
    b = new Builder(source, flat.data);
    body = b.module();
  } catch (e) {
    // Lezer builds its tree recursively: thousands of nested brackets or operators exhaust the stack there
    // before the flat tree's depth check can say where.
    if (e instanceof RangeError && /call stack/i.test(e.message)) throw new TooDeepError(source, undefined);
    throw e;
  }
  const module: PythonModule = { source, body, errors: b.errors, comments: b.comments };
  // Not enumerable: the tree stays out of JSON dumps and deep comparisons of modules.
  if (keepTree) Object.defineProperty(module, 'lezer', { value: tree, enumerable: false });
  return module;
}

/**
 * How deep the syntax tree of one file or cell may nest (Lezer nodes, about one per bracket, operator or
 * block). Real code stays under 60; the recursive walks of the analysis are safe well past this cap.
 */
export const MAX_NESTING_DEPTH = 500;

/** Thrown by `parsePython` for source nested deeper than `MAX_NESTING_DEPTH`: the file or cell is not analysed. */
export class TooDeepError extends Error {
  /** Line (1-based) where the nesting passes the cap, when known. */
  readonly line: number | undefined;
  constructor(source: string, offset: number | undefined) {
    const line = offset === undefined ? undefined : lineAt(source, offset);
    super(`nested too deeply to analyse (more than ${MAX_NESTING_DEPTH} levels${line ? ` at line ${line}` : ''})`);
    this.name = 'TooDeepError';
    this.line = line;
  }
}

function lineAt(source: string, offset: number): number {
  let line = 1;
  for (let i = source.indexOf('\n'); i >= 0 && i < offset; i = source.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Re-parses `source` reusing `tree`, the parse of `old`; the edit is the span between their common prefix and
 * suffix.
 */
function reparse(source: string, old: string, tree: Tree, deadline: number): Tree {
  if (source === old) return tree;
  const max = Math.min(source.length, old.length);
  let start = 0;
  while (start < max && source.charCodeAt(start) === old.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && source.charCodeAt(source.length - 1 - end) === old.charCodeAt(old.length - 1 - end))
    end++;
  const fragments = TreeFragment.applyChanges(TreeFragment.addTree(tree), [
    { fromA: start, toA: old.length - end, fromB: start, toB: source.length - end },
  ]);
  return runParse(source, fragments, deadline);
}

/** Thrown by `parsePython` when parsing runs past its deadline. */
export class ParseTimeoutError extends Error {
  constructor() {
    super('parsing took longer than its time budget');
    this.name = 'ParseTimeoutError';
  }
}

/** Lezer's parse loop (as `parser.parse`), checking the clock every few hundred steps when there is a deadline. */
function runParse(input: string, fragments: readonly TreeFragment[] | undefined, deadline: number): Tree {
  if (deadline === Infinity) return parser.parse(input, fragments);
  const parse = parser.startParse(input, fragments);
  for (let step = 1; ; step++) {
    const done = parse.advance();
    if (done) return done;
    if ((step & 255) === 0 && Date.now() > deadline) throw new ParseTimeoutError();
  }
}

const TRAILING_DOT_FLOAT = /(?<![\w.])(\d+)\.(?![\w.])/g;

/**
 * Works around valid Python that the Lezer grammar rejects, keeping every offset: form feeds (page
 * breaks in the standard library) become spaces, a float with a trailing dot (`20.`) loses the dot, and
 * the `as` of parenthesized context managers (`with (open(a) as f, open(b) as g):`, Python 3.9+) reads
 * `or`, which the builder turns back into with-items. Only the parser sees this text; node text is always
 * read from the original source.
 */
export function parserInput(source: string): string {
  // Most files have none of these; testing first spares copies of the whole text.
  let text = source.indexOf('\f') < 0 ? source : source.replace(/\f/g, ' ');
  TRAILING_DOT_FLOAT.lastIndex = 0;
  if (TRAILING_DOT_FLOAT.test(text)) text = text.replace(TRAILING_DOT_FLOAT, '$1 ');
  PARENTHESIZED_WITH.lastIndex = 0;
  return PARENTHESIZED_WITH.test(text) ? withItemsAsOr(text) : text;
}

const PARENTHESIZED_WITH = /^[ \t]*(?:async[ \t]+)?with[ \t]*\(/gm;
const AS_KEYWORD = /\bas\b/y;

/**
 * `with (` at the start of a line, its brackets balanced up to a `)` followed by `:`: each `as` directly
 * inside those brackets (not in a nested call or string) becomes `or`, two letters for two.
 */
function withItemsAsOr(text: string): string {
  const chars = text.split('');
  let changed = false;
  PARENTHESIZED_WITH.lastIndex = 0;
  for (let m = PARENTHESIZED_WITH.exec(text); m; m = PARENTHESIZED_WITH.exec(text)) {
    const open = m.index + m[0].length - 1;
    const asAt: number[] = [];
    let depth = 0;
    let close = -1;
    for (let i = open; i < text.length && close < 0; i++) {
      const c = text[i];
      if (c === '#') {
        while (i < text.length && text[i] !== '\n') i++;
      } else if (c === '"' || c === "'") {
        i = stringEnd(text, i);
      } else if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        if (--depth === 0) close = i;
      } else if (depth === 1 && c === 'a') {
        AS_KEYWORD.lastIndex = i;
        if (AS_KEYWORD.test(text)) asAt.push(i);
      }
    }
    if (close < 0 || !asAt.length || !/^[ \t]*:/.test(text.slice(close + 1, close + 40))) continue;
    for (const i of asAt) {
      chars[i] = 'o';
      chars[i + 1] = 'r';
    }
    changed = true;
    PARENTHESIZED_WITH.lastIndex = close;
  }
  return changed ? chars.join('') : text;
}

/** The offset of the closing quote of the string literal opening at `i` (single, triple, with escapes). */
function stringEnd(text: string, i: number): number {
  const q = text[i];
  const triple = text.startsWith(q + q + q, i);
  const quote = triple ? q + q + q : q;
  for (let j = i + quote.length; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text.startsWith(quote, j)) return j + quote.length - 1;
    else if (!triple && text[j] === '\n') return j;
  }
  return text.length;
}
