// The Lezer parse flattened into one typed array, and the tables of node kinds its readers test: the
// middle step between Lezer's tree and the syntax tree of `ast.ts` (see `builder.ts`).
import { type Tree, TreeBuffer } from '@lezer/common';
import { parser } from '@lezer/python';

// Node kinds as flags indexed by Lezer node type id, so the builder tests a number, not a name.
const TYPES = parser.nodeSet.types;
/** Each Lezer node type's name, by type id. */
export const NAMES: string[] = TYPES.map((t) => t.name);
export const F_PUNCT = 1;
export const F_EXPR = 2;
export const F_KEYWORD = 4;
export const F_ERROR = 8;
export const F_COMMENT = 16;
export const F_YIELD = 32;
export const F_BRACKET = 64;
export const F_TYPEDEF = 128;
export const FLAGS = new Uint8Array(TYPES.length);
{
  const PUNCT = ['(', ')', '[', ']', '{', '}', ',', ':', '.', ';', 'AssignOp', '->'];
  const EXPRESSION_NODES = [
    'VariableName',
    'self',
    'MemberExpression',
    'CallExpression',
    'String',
    'FormatString',
    'ContinuedString',
    'Number',
    'Boolean',
    'None',
    'Ellipsis',
    'TupleExpression',
    'ArrayExpression',
    'SetExpression',
    'ParenthesizedExpression',
    'DictionaryExpression',
    'BinaryExpression',
    'UnaryExpression',
    'ConditionalExpression',
    'LambdaExpression',
    'ArrayComprehensionExpression',
    'SetComprehensionExpression',
    'DictionaryComprehensionExpression',
    'ComprehensionExpression',
    'AwaitExpression',
    'YieldExpression',
    'NamedExpression',
    'StarExpression',
  ];
  const KEYWORDS = [
    'pass',
    'break',
    'continue',
    'del',
    'raise',
    'assert',
    'global',
    'nonlocal',
    'from',
    'import',
    'return',
  ];
  for (const t of TYPES) {
    let f = 0;
    if (PUNCT.includes(t.name)) f |= F_PUNCT;
    if (EXPRESSION_NODES.includes(t.name)) f |= F_EXPR;
    if (KEYWORDS.includes(t.name)) f |= F_KEYWORD;
    if (t.isError) f |= F_ERROR;
    if (t.name === 'Comment') f |= F_COMMENT;
    if (t.name === 'yield') f |= F_YIELD;
    if (['(', ')', '[', ']', '{', '}'].includes(t.name)) f |= F_BRACKET;
    if (t.name === 'TypeDef') f |= F_TYPEDEF;
    FLAGS[t.id] = f;
  }
}

// One record of `S` ints per node in `FlatTree.data`; a node is the offset of its record, -1 for none.
export const S = 6;
/** Lezer node type id, with `EVENTS` set when the node has a comment or an error among its children. */
export const TYPE = 0;
export const FROM = 1;
export const TO = 2;
/** Offset just past the node's subtree: records are in document order, children right after their parent. */
export const END = 3;
/** First child and next sibling as the builder sees them: no comments, no empty error after a bare `yield`. */
export const FIRST = 4;
export const NEXT = 5;
export const EVENTS = 1 << 16;
export const TYPE_MASK = EVENTS - 1;

/**
 * The Lezer tree flattened into one array, as Lezer's own `SyntaxNode` view shows it (anonymous nodes
 * dissolved into their parent). Walking it costs no allocation, where every `firstChild`/`nextSibling`
 * on a `SyntaxNode` makes an object. One per parse: it is dropped once the syntax tree is built.
 */
export class FlatTree {
  /** The node records (see `S`); the root is at 0. */
  data: Int32Array;
  private top = 0;
  // The open nodes, innermost last: the node, its last child for the builder, the type of its last child
  // (-1: none yet), and for nodes inside a tree buffer, the buffer index where their children end.
  private stackNode = new Int32Array(64);
  private stackLast = new Int32Array(64);
  private stackPrevType = new Int32Array(64);
  private stackBufferEnd = new Int32Array(64);
  private sp = 0;
  /** Start offset of the first node opened deeper than `maxDepth`, or -1. */
  tooDeepAt = -1;

  /** `start`: where the parsed text begins in the source (a parse over one range counts from that range). */
  constructor(
    tree: Tree,
    private readonly maxDepth: number,
    start = 0,
  ) {
    // Python source has one node in about every 4 to 6 characters: room for most files without growing.
    this.data = new Int32Array(((tree.length >> 2) + 16) * S);
    this.add(tree.type.id, start, start + tree.length, -1);
    this.addChildren(tree, start);
    this.close();
  }

  private reserve(nodes: number): void {
    const need = this.top + nodes * S;
    if (need <= this.data.length) return;
    const data = new Int32Array(Math.max(need, this.data.length * 2));
    data.set(this.data.subarray(0, this.top));
    this.data = data;
  }

  private addChildren(tree: Tree, pos: number): void {
    const { children, positions } = tree;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      const start = pos + positions[i];
      if (child instanceof TreeBuffer) this.addBuffer(child.buffer, start);
      else if (child.type.isAnonymous) this.addChildren(child, start);
      else {
        this.reserve(1);
        this.add(child.type.id, start, start + child.length, -1);
        this.addChildren(child, start);
        this.close();
      }
    }
  }

  /**
   * Buffer nodes are stored in prefix order as (type, from, to, end index) quads; none is anonymous to
   * `SyntaxNode`.
   */
  private addBuffer(b: Uint16Array | Uint32Array, start: number): void {
    this.reserve(b.length >> 2);
    const base = this.sp;
    for (let i = 0; i < b.length; i += 4) {
      while (this.sp > base && i >= this.stackBufferEnd[this.sp - 1]) this.close();
      const end = b[i + 3];
      this.add(b[i], start + b[i + 1], start + b[i + 2], end > i + 4 ? end : -2);
    }
    while (this.sp > base) this.close();
  }

  private close(): void {
    this.data[this.stackNode[--this.sp] + END] = this.top;
  }

  /** Adds a node as the last child of the innermost open node, and opens it unless `bufferEnd` is -2 (a leaf). */
  private add(type: number, from: number, to: number, bufferEnd: number): void {
    const d = this.data;
    const node = this.top;
    this.top += S;
    d[node + TYPE] = type;
    d[node + FROM] = from;
    d[node + TO] = to;
    d[node + END] = this.top;
    d[node + FIRST] = -1;
    d[node + NEXT] = -1;
    const s = this.sp - 1;
    if (s >= 0) this.link(s, node, type, from, to);
    if (bufferEnd === -2) return;
    const sp = this.sp++;
    if (sp > this.maxDepth && this.tooDeepAt < 0) this.tooDeepAt = from;
    if (sp === this.stackNode.length) this.growStack();
    this.stackNode[sp] = node;
    this.stackLast[sp] = -1;
    this.stackPrevType[sp] = -1;
    this.stackBufferEnd[sp] = bufferEnd;
  }

  private link(s: number, node: number, type: number, from: number, to: number): void {
    const d = this.data;
    const parent = this.stackNode[s];
    const prevType = this.stackPrevType[s];
    this.stackPrevType[s] = type;
    const f = FLAGS[type];
    if (f & (F_COMMENT | F_ERROR)) {
      if (f & F_COMMENT) {
        d[parent + TYPE] |= EVENTS;
        return;
      }
      // A bare `yield` is valid Python, but the grammar expects a value after it.
      if (from === to && prevType >= 0 && FLAGS[prevType] & F_YIELD) return;
      d[parent + TYPE] |= EVENTS;
    }
    const last = this.stackLast[s];
    if (last < 0) d[parent + FIRST] = node;
    else d[last + NEXT] = node;
    this.stackLast[s] = node;
  }

  private growStack(): void {
    const grow = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.stackNode = grow(this.stackNode);
    this.stackLast = grow(this.stackLast);
    this.stackPrevType = grow(this.stackPrevType);
    this.stackBufferEnd = grow(this.stackBufferEnd);
  }
}
