// Parses Python source into the syntax tree of `ast.ts`: the Lezer parse (incremental when an earlier
// parse is given, bounded by a deadline), then `FlatTree` and `Builder`, both made afresh for each parse
// so that parses never share state.
import { type Tree, TreeFragment } from '@lezer/common';
import { parser } from '@lezer/python';
import type { PythonModule, Stmt } from './ast';
import { Builder } from './builder';
import { FlatTree } from './flatTree';
import { statementCuts } from './segments';
import { afterStringLiteral, bracketTooDeep } from './tokenCount';

/**
 * Parses Python source. A syntax error never throws: it becomes one of `errors` and the rest still parses;
 * source nested too deeply throws `TooDeepError`, a parse past `deadline` (`Date.now()`) `ParseTimeoutError`.
 * With `previous` (an earlier parse of the same file), Lezer reuses the parts of the old tree
 * outside the edited range, so typing in a large file re-parses only around the edit.
 * `keepTree: false` drops Lezer's tree once ours is built: a one-off analysis never re-parses, and
 * holding every file's tree until the project is done costs the garbage collector more than the parse
 * saves (about a third of its work on the benchmark corpus).
 * `offset` is where `source` starts in a larger text (a notebook cell in its unit): every span of the tree, its
 * errors and comments counts from there, as if shifted after the parse but without a second walk of the tree.
 */
export function parsePython(
  source: string,
  previous?: PythonModule,
  keepTree = true,
  deadline = Infinity,
  bracketsChecked = false,
  offset = 0,
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
    const flat = new FlatTree(tree, MAX_NESTING_DEPTH, offset);
    if (flat.tooDeepAt >= 0) throw new TooDeepError(source, flat.tooDeepAt - offset);
    b = new Builder(source, flat.data, offset);
    body = b.module();
    if (b.errors.length && b.errors[b.errors.length - 1].from - offset > PIECEWISE_AFTER) {
      const pieces = parsePiecewise(input, source, deadline, offset);
      if (pieces && pieces.errors.length < b.errors.length) {
        const module: PythonModule = { source, ...pieces };
        if (keepTree) Object.defineProperty(module, 'lezer', { value: tree, enumerable: false });
        return module;
      }
    }
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
 * Only a file with an error past this offset (about 150 lines) is parsed again in pieces: the parser's
 * limit below is never reached earlier, and an editor typing through a syntax error near the top of a long
 * file does not pay for a second parse on every keystroke.
 */
const PIECEWISE_AFTER = 5000;
/** The fewest lines in a piece: each piece is a separate Lezer parse, so not too many. */
const PIECE_LINES = 60;

/**
 * A long file parsed again in pieces of whole top-level statements, each a separate Lezer parse over its
 * range of the same input (so offsets stay those of the file). Lezer's Python parser reports errors in valid
 * code after a long stretch of a file: with two candidate parses open (`for a, b in ...` is one place) it
 * drops one of them by its score alone once both have buffered more than 500 entries, which hundreds of
 * blank and comment lines after hundreds of statements reach (scripts converted from notebooks do: about 3%
 * of the real repositories' Python files, none of them invalid for Python). Pieces restart that count.
 * The caller keeps whichever parse has fewer errors, so a piece cut in the wrong place costs nothing.
 */
function parsePiecewise(
  input: string,
  source: string,
  deadline: number,
  offset: number,
): Pick<PythonModule, 'body' | 'errors' | 'comments'> | undefined {
  const cuts = statementCuts(input, PIECE_LINES);
  if (cuts.length < 2) return undefined;
  cuts.push(input.length);
  const out: Pick<PythonModule, 'body' | 'errors' | 'comments'> = { body: [], errors: [], comments: [] };
  for (let k = 0; k + 1 < cuts.length; k++) {
    const tree = runParse(input, undefined, deadline, [{ from: cuts[k], to: cuts[k + 1] }]);
    const flat = new FlatTree(tree, MAX_NESTING_DEPTH, offset + cuts[k]);
    if (flat.tooDeepAt >= 0) return undefined;
    const b = new Builder(source, flat.data, offset);
    out.body.push(...b.module());
    out.errors.push(...b.errors);
    out.comments.push(...b.comments);
  }
  return out;
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
function runParse(
  input: string,
  fragments: readonly TreeFragment[] | undefined,
  deadline: number,
  ranges?: readonly { from: number; to: number }[],
): Tree {
  if (deadline === Infinity) return parser.parse(input, fragments, ranges);
  const parse = parser.startParse(input, fragments, ranges);
  for (let step = 1; ; step++) {
    const done = parse.advance();
    if (done) return done;
    if ((step & 255) === 0 && Date.now() > deadline) throw new ParseTimeoutError();
  }
}

const TRAILING_DOT_FLOAT = /(?<![\w.])(\d[\d_]*)\.(?![\w.])/g;

/**
 * Works around valid Python that the Lezer grammar rejects, keeping every offset: form feeds (page
 * breaks in the standard library) become spaces, a float with a trailing dot (`20.`, `1_000.`) loses the
 * dot, and the `as` of context managers the grammar cannot read (parenthesized, Python 3.9+: `with
 * (open(a) as f, open(b) as g):`; a target other than a name: `as (X, y)`, `as self.handle`) reads `or`,
 * which the builder turns back into with-items. Only the parser sees this text; node text is always read
 * from the original source.
 */
export function parserInput(source: string): string {
  // Most files have none of these; testing first spares copies of the whole text.
  let text = source.indexOf('\f') < 0 ? source : source.replace(/\f/g, ' ');
  TRAILING_DOT_FLOAT.lastIndex = 0;
  if (TRAILING_DOT_FLOAT.test(text)) text = text.replace(TRAILING_DOT_FLOAT, '$1 ');
  text = withTrailingBlankAsComment(text);
  return withStatementAfter(text, 0) >= 0 ? withItemsAsOr(text) : text;
}

/**
 * A last line of only spaces or tabs with no line break after it, indented deeper than the block before it, is a
 * syntax error to Lezer (an indent with nothing in it) and nothing to Python. It becomes a comment of the same length,
 * so every offset stays where it was.
 */
function withTrailingBlankAsComment(text: string): string {
  let k = text.length;
  while (k > 0 && (text.charCodeAt(k - 1) === 32 || text.charCodeAt(k - 1) === 9)) k--;
  if (k === text.length || (k > 0 && !isLineBreak(text.charCodeAt(k - 1)))) return text;
  return `${text.slice(0, k)}#${text.slice(k + 1)}`;
}

/** Whether the character code is a line terminator, where a multiline regular expression's `^` matches. */
function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/** Whether the character code is a word character of a regular expression's `\b` (A-Z, a-z, 0-9, _). */
function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * Where the first `with` statement header starting at or after `from` ends (just after `with`), or -1:
 * what `/^[ \t]*(?:async[ \t]+)?with\b/gm` finds, looked up from each `with` rather than tried at every
 * offset, which made it a visible part of parsing large files.
 */
function withStatementAfter(text: string, from: number): number {
  const blank = (k: number) => {
    while (k > 0 && (text.charCodeAt(k - 1) === 32 || text.charCodeAt(k - 1) === 9)) k--;
    return k;
  };
  const lineStart = (k: number) => k === 0 || isLineBreak(text.charCodeAt(k - 1));
  for (let i = text.indexOf('with', from); i >= 0; i = text.indexOf('with', i + 4)) {
    if (i + 4 < text.length && isWordCode(text.charCodeAt(i + 4))) continue;
    let start = blank(i);
    if (!lineStart(start)) {
      if (start === i || start < 5 || !text.startsWith('async', start - 5)) continue;
      start = blank(start - 5);
      if (!lineStart(start)) continue;
    }
    if (start >= from) return i + 4;
  }
  return -1;
}
const AS_KEYWORD = /\bas\b/y;
/** A target the grammar reads itself: one name, then the next item or the end of the header. */
const NAME_TARGET = /[ \t]*[\p{L}_][\p{L}\p{N}_]*[ \t]*[,:]/uy;

/**
 * For each `with` statement at the start of a line whose items the grammar cannot read, each `as` of its
 * items (directly inside the header, or directly inside the brackets of a parenthesized header) becomes
 * `or`, two letters for two. Statements the grammar reads are left alone (`or` binds tighter than a
 * conditional expression, so `with a if c else b as x:` must keep its `as`).
 */
function withItemsAsOr(text: string): string {
  const replace: number[] = [];
  // Where the next search starts: after the header's colon, or after `with` when no colon closes it.
  let resume = 0;
  for (let header = withStatementAfter(text, 0); header >= 0; header = withStatementAfter(text, resume)) {
    resume = header;
    let i = header;
    while (text[i] === ' ' || text[i] === '\t') i++;
    const parenthesized = text[i] === '(';
    // `as` found at depth 0 (plain header) and at depth 1 (inside a leading bracket), and where the header ends.
    const asAt: Array<{ at: number; depth: number }> = [];
    let depth = 0;
    let closeOfFirst = -1;
    let end = -1;
    for (; i < text.length && end < 0; i++) {
      const c = text[i];
      if (c === '#') {
        while (i < text.length && text[i] !== '\n') i++;
        if (depth === 0) break;
      } else if (c === '"' || c === "'") i = afterStringLiteral(text, i) - 1;
      else if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        if (--depth === 0 && closeOfFirst < 0) closeOfFirst = i;
        if (depth < 0) break;
      } else if (c === ':' && depth === 0) end = i;
      else if (c === '\n' && depth === 0 && text[i - 1] !== '\\') break;
      else if (c === 'a' && depth <= 1) {
        AS_KEYWORD.lastIndex = i;
        if (AS_KEYWORD.test(text)) asAt.push({ at: i, depth });
      }
    }
    // No header: past its first line the scan was inside brackets, so no `with` it passed starts a statement.
    // Going on from where it stopped keeps the pass linear (a file of unclosed `with (` lines was otherwise
    // scanned to its end once per line).
    if (end < 0) {
      resume = Math.max(i, header);
      continue;
    }
    // A parenthesized header is the brackets and nothing else before the colon.
    const wholeParens = parenthesized && closeOfFirst >= 0 && /^[ \t]*$/.test(text.slice(closeOfFirst + 1, end));
    const items = asAt.filter((a) => a.depth === (wholeParens ? 1 : 0)).map((a) => a.at);
    const unreadable =
      wholeParens ||
      items.some((at) => {
        NAME_TARGET.lastIndex = at + 2;
        return !NAME_TARGET.test(text);
      });
    if (items.length && unreadable) replace.push(...items);
    resume = end;
  }
  if (!replace.length) return text;
  let out = '';
  let from = 0;
  for (const at of replace) {
    out += `${text.slice(from, at)}or`;
    from = at + 2;
  }
  return out + text.slice(from);
}
