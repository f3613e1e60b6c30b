// A small Python syntax tree in the shape of Python's own `ast` module, built from the error-tolerant
// Lezer parse. Rules read this tree, never the source text: names, calls and assignments come from
// structure, so words in strings and comments can never count as evidence.
import { SyntaxNode, Tree, TreeFragment } from '@lezer/common';
import { parser } from '@lezer/python';

/** Start and end offsets (UTF-16, as JavaScript strings) in the parsed source. */
export interface Span {
  from: number;
  to: number;
}

export type Expr =
  | NameExpr
  | AttributeExpr
  | CallExpr
  | SubscriptExpr
  | ConstantExpr
  | SequenceExpr
  | DictExpr
  | BinaryExpr
  | UnaryExpr
  | LambdaExpr
  | ComprehensionExpr
  | ConditionalExpr
  | StarredExpr
  | SliceExpr
  | OtherExpr;

export interface NameExpr extends Span {
  kind: 'Name';
  id: string;
}
export interface AttributeExpr extends Span {
  kind: 'Attribute';
  value: Expr;
  attr: string;
}
export interface Keyword extends Span {
  /** `undefined` for `**kwargs`. */
  name: string | undefined;
  value: Expr;
}
export interface CallExpr extends Span {
  kind: 'Call';
  func: Expr;
  args: Expr[];
  keywords: Keyword[];
}
export interface SubscriptExpr extends Span {
  kind: 'Subscript';
  value: Expr;
  /** The index expressions, one per comma-separated item. */
  index: Expr[];
}
export interface ConstantExpr extends Span {
  kind: 'Constant';
  type: 'str' | 'fstr' | 'number' | 'bool' | 'none' | 'ellipsis';
  /** Decoded text of a plain string, the number's value, or the boolean. */
  value: string | number | boolean | null;
}
export interface SequenceExpr extends Span {
  kind: 'Tuple' | 'List' | 'Set';
  elts: Expr[];
}
export interface DictExpr extends Span {
  kind: 'Dict';
  /** `key` is undefined for `**spread` entries. */
  items: Array<{ key: Expr | undefined; value: Expr }>;
}
export interface BinaryExpr extends Span {
  kind: 'Binary';
  op: string;
  left: Expr;
  right: Expr;
}
export interface UnaryExpr extends Span {
  kind: 'Unary';
  op: string;
  operand: Expr;
}
export interface LambdaExpr extends Span {
  kind: 'Lambda';
  params: Param[];
  body: Expr;
}
export interface ComprehensionExpr extends Span {
  kind: 'Comprehension';
  /** The produced element (for dict comprehensions, the value; the key is in `key`). */
  elt: Expr;
  key?: Expr;
  generators: Array<{ target: Expr; iter: Expr; ifs: Expr[] }>;
}
export interface ConditionalExpr extends Span {
  kind: 'Conditional';
  test: Expr;
  body: Expr;
  orelse: Expr;
}
export interface StarredExpr extends Span {
  kind: 'Starred';
  value: Expr;
  double: boolean;
}
export interface SliceExpr extends Span {
  kind: 'Slice';
  parts: Array<Expr | undefined>;
}
/** Anything the rules do not need to see into (await, yield, parse errors, ...); children still walk. */
export interface OtherExpr extends Span {
  kind: 'Other';
  nodeName: string;
  children: Expr[];
}

export interface Param extends Span {
  name: string;
  star: '' | '*' | '**';
  default?: Expr;
}

export type Stmt =
  | ImportStmt
  | AssignStmt
  | AugAssignStmt
  | ExprStmt
  | FunctionDefStmt
  | ClassDefStmt
  | ForStmt
  | WhileStmt
  | IfStmt
  | WithStmt
  | TryStmt
  | ReturnStmt
  | OtherStmt;

export interface ImportAlias {
  /** Dotted module or member name as written (`sklearn.preprocessing`, `train_test_split`). */
  name: string;
  asname?: string;
  span: Span;
}
export interface ImportStmt extends Span {
  kind: 'Import';
  /** For `from X import ...`: the module (with leading dots for relative imports); undefined for `import X`. */
  module?: string;
  names: ImportAlias[];
  /** `from m import *` */
  star: boolean;
}
export interface AssignStmt extends Span {
  kind: 'Assign';
  /** One entry per `=` target: `a = b = c` has two targets. Tuple targets are Tuple expressions. */
  targets: Expr[];
  value: Expr | undefined;
  annotation?: Expr;
}
export interface AugAssignStmt extends Span {
  kind: 'AugAssign';
  target: Expr;
  op: string;
  value: Expr;
}
export interface ExprStmt extends Span {
  kind: 'Expr';
  value: Expr;
}
export interface FunctionDefStmt extends Span {
  kind: 'FunctionDef';
  name: string;
  nameSpan: Span;
  params: Param[];
  body: Stmt[];
  decorators: Expr[];
  isAsync: boolean;
}
export interface ClassDefStmt extends Span {
  kind: 'ClassDef';
  name: string;
  nameSpan: Span;
  bases: Expr[];
  keywords: Keyword[];
  body: Stmt[];
  decorators: Expr[];
}
export interface ForStmt extends Span {
  kind: 'For';
  target: Expr;
  iter: Expr;
  body: Stmt[];
  orelse: Stmt[];
}
export interface WhileStmt extends Span {
  kind: 'While';
  test: Expr;
  body: Stmt[];
  orelse: Stmt[];
}
export interface IfStmt extends Span {
  kind: 'If';
  /** `if`/`elif` branches in order; `orelse` is the final `else`. */
  branches: Array<{ test: Expr; body: Stmt[] }>;
  orelse: Stmt[];
}
export interface WithStmt extends Span {
  kind: 'With';
  items: Array<{ context: Expr; target?: Expr }>;
  body: Stmt[];
}
export interface TryStmt extends Span {
  kind: 'Try';
  body: Stmt[];
  handlers: Array<{ type?: Expr; name?: string; body: Stmt[] }>;
  orelse: Stmt[];
  finalbody: Stmt[];
}
export interface ReturnStmt extends Span {
  kind: 'Return';
  value?: Expr;
}
/** pass, break, del, raise, assert, global, match, parse errors, ...: expressions inside still walk. */
export interface OtherStmt extends Span {
  kind: 'Other';
  nodeName: string;
  exprs: Expr[];
  body: Stmt[];
}

/** A parsed Python module. */
export interface PythonModule {
  source: string;
  body: Stmt[];
  /** Spans of parse errors, so callers can say a file did not parse cleanly. */
  errors: Span[];
  /** Spans of `#` comments (for suppression comments; never evidence). */
  comments: Span[];
  /** The Lezer tree the module was built from, kept only so an edited version can be re-parsed incrementally. */
  readonly lezer?: Tree;
}

/**
 * Parses Python source. Never throws: syntax errors become `errors` and the rest still parses.
 * With `previous` (an earlier parse of the same file), Lezer reuses the parts of the old tree
 * outside the edited range, so typing in a large file re-parses only around the edit.
 */
export function parsePython(source: string, previous?: PythonModule): PythonModule {
  const input = parserInput(source);
  const tree: Tree = previous?.lezer ? reparse(input, parserInput(previous.source), previous.lezer) : parser.parse(input);
  const b = new Builder(source);
  const body = b.statements(tree.topNode);
  const module: PythonModule = { source, body, errors: b.errors, comments: b.comments };
  // Not enumerable: the tree stays out of JSON dumps and deep comparisons of modules.
  Object.defineProperty(module, 'lezer', { value: tree, enumerable: false });
  return module;
}

/** Re-parses `source` reusing `tree`, the parse of `old`; the edit is the span between their common prefix and suffix. */
function reparse(source: string, old: string, tree: Tree): Tree {
  if (source === old) return tree;
  const max = Math.min(source.length, old.length);
  let start = 0;
  while (start < max && source.charCodeAt(start) === old.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && source.charCodeAt(source.length - 1 - end) === old.charCodeAt(old.length - 1 - end)) end++;
  const fragments = TreeFragment.applyChanges(TreeFragment.addTree(tree), [{ fromA: start, toA: old.length - end, fromB: start, toB: source.length - end }]);
  return parser.parse(source, fragments);
}

/** Parses only, for the benchmark's parse-only figure. */
export function parseOnly(source: string): Tree {
  return parser.parse(parserInput(source));
}

/**
 * Works around valid Python that the Lezer grammar rejects, keeping every offset: form feeds (page
 * breaks in the standard library) become spaces, and a float with a trailing dot (`20.`) loses the dot.
 * Only the parser sees this text; node text is always read from the original source.
 */
export function parserInput(source: string): string {
  return source.replace(/\f/g, ' ').replace(/(?<![\w.])(\d+)\.(?![\w.])/g, '$1 ');
}

const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',', ':', '.', ';', 'AssignOp', '->']);

class Builder {
  readonly errors: Span[] = [];
  readonly comments: Span[] = [];
  constructor(private readonly src: string) {}

  private text(n: SyntaxNode): string {
    return this.src.slice(n.from, n.to);
  }

  private children(n: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.name === 'Comment') {
        this.comments.push({ from: c.from, to: c.to });
        continue;
      }
      if (c.type.isError) {
        // A bare `yield` is valid Python, but the grammar expects a value after it.
        if (c.from === c.to && c.prevSibling?.name === 'yield') continue;
        this.errors.push({ from: c.from, to: c.to });
      }
      out.push(c);
    }
    return out;
  }

  statements(n: SyntaxNode): Stmt[] {
    const out: Stmt[] = [];
    for (const c of this.children(n)) {
      if (c.type.isError) {
        // An error node can wrap recovered statements; keep what is inside.
        const inner = this.statementsOrExprs(c);
        out.push(...inner);
        continue;
      }
      if (c.name === ':' || c.name === 'Body') {
        if (c.name === 'Body') out.push(...this.statements(c));
        continue;
      }
      const s = this.statement(c);
      if (s) out.push(s);
    }
    return out;
  }

  private statementsOrExprs(n: SyntaxNode): Stmt[] {
    const out: Stmt[] = [];
    for (const c of this.children(n)) {
      const s = this.statement(c);
      if (s) out.push(s);
    }
    return out;
  }

  statement(n: SyntaxNode): Stmt | undefined {
    switch (n.name) {
      case 'ImportStatement':
        return this.importStmt(n);
      case 'AssignStatement':
        return this.assign(n);
      case 'UpdateStatement': {
        const kids = this.children(n);
        const opIdx = kids.findIndex((k) => k.name === 'UpdateOp');
        return {
          kind: 'AugAssign',
          from: n.from,
          to: n.to,
          target: this.exprOrOther(kids[opIdx - 1], n),
          op: opIdx >= 0 ? this.text(kids[opIdx]) : '+=',
          value: this.exprOrOther(kids[opIdx + 1], n),
        };
      }
      case 'ExpressionStatement': {
        const kids = this.children(n).filter((k) => !PUNCT.has(k.name));
        const exprs = kids.map((k) => this.expr(k));
        const value: Expr = exprs.length === 1 ? exprs[0] : { kind: 'Tuple', elts: exprs, from: n.from, to: n.to };
        return { kind: 'Expr', from: n.from, to: n.to, value };
      }
      case 'DecoratedStatement': {
        const kids = this.children(n);
        const decorators = kids.filter((k) => k.name === 'Decorator').map((d) => this.decorator(d));
        const def = kids.find((k) => k.name === 'FunctionDefinition' || k.name === 'ClassDefinition');
        const s = def ? this.statement(def) : undefined;
        if (s && (s.kind === 'FunctionDef' || s.kind === 'ClassDef')) {
          s.decorators = decorators;
          s.from = n.from;
        }
        return s;
      }
      case 'FunctionDefinition':
        return this.functionDef(n);
      case 'ClassDefinition':
        return this.classDef(n);
      case 'ForStatement':
        return this.forStmt(n);
      case 'WhileStatement': {
        const kids = this.children(n);
        const bodies = kids.filter((k) => k.name === 'Body');
        const test = kids.find((k) => k.name !== 'while' && k.name !== 'Body' && k.name !== 'else' && !PUNCT.has(k.name));
        return {
          kind: 'While',
          from: n.from,
          to: n.to,
          test: this.exprOrOther(test, n),
          body: bodies[0] ? this.statements(bodies[0]) : [],
          orelse: bodies[1] ? this.statements(bodies[1]) : [],
        };
      }
      case 'IfStatement':
        return this.ifStmt(n);
      case 'WithStatement':
        return this.withStmt(n);
      case 'TryStatement':
        return this.tryStmt(n);
      case 'ReturnStatement': {
        const kids = this.children(n).filter((k) => k.name !== 'return' && !PUNCT.has(k.name));
        return { kind: 'Return', from: n.from, to: n.to, value: kids.length ? this.exprList(kids, n) : undefined };
      }
      case 'Comment':
        return undefined;
      default: {
        if (!n.firstChild && PUNCT.has(n.name)) return undefined;
        const exprs: Expr[] = [];
        const body: Stmt[] = [];
        for (const k of this.children(n)) {
          if (k.name === 'Body' || k.name === 'MatchBody' || k.name === 'MatchClause') body.push(...this.statements(k));
          else if (isExpressionNode(k.name)) exprs.push(this.expr(k));
          else if (k.firstChild && !isKeyword(k.name)) {
            const s = this.statement(k);
            if (s) body.push(s);
          }
        }
        return { kind: 'Other', nodeName: n.name, from: n.from, to: n.to, exprs, body };
      }
    }
  }

  private exprOrOther(n: SyntaxNode | undefined, parent: SyntaxNode): Expr {
    return n ? this.expr(n) : { kind: 'Other', nodeName: 'Missing', from: parent.to, to: parent.to, children: [] };
  }

  private exprList(kids: SyntaxNode[], parent: SyntaxNode): Expr {
    const exprs = kids.filter((k) => !PUNCT.has(k.name)).map((k) => this.expr(k));
    if (exprs.length === 1) return exprs[0];
    return { kind: 'Tuple', elts: exprs, from: kids[0]?.from ?? parent.from, to: kids[kids.length - 1]?.to ?? parent.to };
  }

  private importStmt(n: SyntaxNode): ImportStmt {
    const kids = this.children(n);
    const isFrom = kids[0]?.name === 'from';
    const names: ImportAlias[] = [];
    let module: string | undefined;
    let star = false;
    let i = isFrom ? 1 : 1;
    if (isFrom) {
      let mod = '';
      while (i < kids.length && kids[i].name !== 'import') {
        mod += kids[i].name === '.' || kids[i].name === 'Ellipsis' ? this.text(kids[i]) : this.text(kids[i]);
        i++;
      }
      module = mod;
      i++; // skip 'import'
    }
    // Collect dotted names separated by commas, with optional `as` aliases.
    let current = '';
    let start = -1;
    let end = -1;
    let asname: string | undefined;
    let expectAlias = false;
    const flush = () => {
      if (current) names.push({ name: current, asname, span: { from: start, to: end } });
      current = '';
      asname = undefined;
      start = -1;
      expectAlias = false;
    };
    for (; i < kids.length; i++) {
      const k = kids[i];
      if (k.name === ',') flush();
      else if (k.name === 'as') expectAlias = true;
      else if (k.name === '*') star = true;
      else if (k.name === 'VariableName') {
        if (expectAlias) {
          asname = this.text(k);
          end = k.to;
        } else {
          if (start < 0) start = k.from;
          current += this.text(k);
          end = k.to;
        }
      } else if (k.name === '.') current += '.';
    }
    flush();
    return { kind: 'Import', from: n.from, to: n.to, module, names, star };
  }

  private assign(n: SyntaxNode): AssignStmt {
    const kids = this.children(n);
    const groups: SyntaxNode[][] = [[]];
    let annotation: Expr | undefined;
    for (const k of kids) {
      if (k.name === 'AssignOp') groups.push([]);
      else if (k.name === 'TypeDef') {
        const t = this.children(k).find((c) => c.name !== ':');
        if (t) annotation = this.expr(t);
      } else groups[groups.length - 1].push(k);
    }
    const parts = groups.map((g) => (g.length ? this.exprList(g, n) : undefined));
    const value = parts.length > 1 ? parts[parts.length - 1] : undefined;
    const targets = (parts.length > 1 ? parts.slice(0, -1) : parts).filter((p): p is Expr => !!p);
    return { kind: 'Assign', from: n.from, to: n.to, targets, value, annotation };
  }

  private params(n: SyntaxNode | undefined): Param[] {
    if (!n) return [];
    const out: Param[] = [];
    let star: Param['star'] = '';
    let pendingDefault = false;
    for (const k of this.children(n)) {
      if (k.name === '*' || k.name === '**') star = k.name as Param['star'];
      else if (k.name === 'VariableName' && !pendingDefault) {
        out.push({ name: this.text(k), star, from: k.from, to: k.to });
        star = '';
      } else if (k.name === 'AssignOp') pendingDefault = true;
      else if (k.name === 'TypeDef' || k.name === ',' || k.name === '(' || k.name === ')' || k.name === '/') {
        if (k.name === ',') star = '';
      } else if (pendingDefault) {
        const last = out[out.length - 1];
        if (last) {
          last.default = this.expr(k);
          last.to = k.to;
        }
        pendingDefault = false;
      }
    }
    return out;
  }

  private functionDef(n: SyntaxNode): FunctionDefStmt {
    const kids = this.children(n);
    const name = kids.find((k) => k.name === 'VariableName');
    const body = kids.find((k) => k.name === 'Body');
    return {
      kind: 'FunctionDef',
      from: n.from,
      to: n.to,
      name: name ? this.text(name) : '',
      nameSpan: name ? { from: name.from, to: name.to } : { from: n.from, to: n.from },
      params: this.params(kids.find((k) => k.name === 'ParamList')),
      body: body ? this.statements(body) : [],
      decorators: [],
      isAsync: kids[0]?.name === 'async',
    };
  }

  private classDef(n: SyntaxNode): ClassDefStmt {
    const kids = this.children(n);
    const name = kids.find((k) => k.name === 'VariableName');
    const body = kids.find((k) => k.name === 'Body');
    const argList = kids.find((k) => k.name === 'ArgList');
    const { args, keywords } = argList ? this.args(argList) : { args: [], keywords: [] };
    return {
      kind: 'ClassDef',
      from: n.from,
      to: n.to,
      name: name ? this.text(name) : '',
      nameSpan: name ? { from: name.from, to: name.to } : { from: n.from, to: n.from },
      bases: args,
      keywords,
      body: body ? this.statements(body) : [],
      decorators: [],
    };
  }

  private decorator(n: SyntaxNode): Expr {
    // Decorators are flat in Lezer: `@a.b.c(args)` is VariableName . VariableName ArgList.
    let e: Expr | undefined;
    for (const k of this.children(n)) {
      if (k.name === 'VariableName') {
        const id = this.text(k);
        e = e ? { kind: 'Attribute', value: e, attr: id, from: e.from, to: k.to } : { kind: 'Name', id, from: k.from, to: k.to };
      } else if (k.name === 'ArgList' && e) {
        const { args, keywords } = this.args(k);
        e = { kind: 'Call', func: e, args, keywords, from: e.from, to: k.to };
      } else if (k.name !== 'At' && k.name !== '.' && isExpressionNode(k.name) && !e) {
        e = this.expr(k);
      }
    }
    return e ?? { kind: 'Other', nodeName: 'Decorator', from: n.from, to: n.to, children: [] };
  }

  private forStmt(n: SyntaxNode): ForStmt {
    const kids = this.children(n);
    const inIdx = kids.findIndex((k) => k.name === 'in');
    const bodies = kids.filter((k) => k.name === 'Body');
    const start = kids[0]?.name === 'async' ? 2 : 1;
    const targetKids = kids.slice(start, inIdx < 0 ? start : inIdx);
    const firstBody = kids.findIndex((k) => k.name === 'Body');
    const iterKids = inIdx < 0 ? [] : kids.slice(inIdx + 1, firstBody < 0 ? kids.length : firstBody);
    return {
      kind: 'For',
      from: n.from,
      to: n.to,
      target: targetKids.length ? this.exprList(targetKids, n) : this.exprOrOther(undefined, n),
      iter: iterKids.length ? this.exprList(iterKids, n) : this.exprOrOther(undefined, n),
      body: bodies[0] ? this.statements(bodies[0]) : [],
      orelse: bodies[1] ? this.statements(bodies[1]) : [],
    };
  }

  private ifStmt(n: SyntaxNode): IfStmt {
    const branches: IfStmt['branches'] = [];
    let orelse: Stmt[] = [];
    let pendingTest: Expr | undefined;
    let inElse = false;
    for (const k of this.children(n)) {
      if (k.name === 'if' || k.name === 'elif') inElse = false;
      else if (k.name === 'else') inElse = true;
      else if (k.name === 'Body') {
        if (inElse) orelse = this.statements(k);
        else branches.push({ test: pendingTest ?? this.exprOrOther(undefined, n), body: this.statements(k) });
        pendingTest = undefined;
      } else if (!PUNCT.has(k.name)) pendingTest = this.expr(k);
    }
    return { kind: 'If', from: n.from, to: n.to, branches, orelse };
  }

  private withStmt(n: SyntaxNode): WithStmt {
    const items: WithStmt['items'] = [];
    let body: Stmt[] = [];
    let expectTarget = false;
    for (const k of this.children(n)) {
      if (k.name === 'with' || k.name === 'async' || k.name === ',' || k.name === '(' || k.name === ')') continue;
      if (k.name === 'as') expectTarget = true;
      else if (k.name === 'Body') body = this.statements(k);
      else if (expectTarget && items.length) {
        items[items.length - 1].target = this.expr(k);
        expectTarget = false;
      } else items.push({ context: this.expr(k) });
    }
    return { kind: 'With', from: n.from, to: n.to, items, body };
  }

  private tryStmt(n: SyntaxNode): TryStmt {
    const out: TryStmt = { kind: 'Try', from: n.from, to: n.to, body: [], handlers: [], orelse: [], finalbody: [] };
    let mode: 'try' | 'except' | 'else' | 'finally' = 'try';
    let handler: TryStmt['handlers'][number] | undefined;
    let expectName = false;
    for (const k of this.children(n)) {
      switch (k.name) {
        case 'try':
          mode = 'try';
          break;
        case 'except':
          mode = 'except';
          handler = { body: [] };
          out.handlers.push(handler);
          break;
        case 'else':
          mode = 'else';
          break;
        case 'finally':
          mode = 'finally';
          break;
        case 'as':
          expectName = true;
          break;
        case 'Body': {
          const stmts = this.statements(k);
          if (mode === 'try') out.body = stmts;
          else if (mode === 'except' && handler) handler.body = stmts;
          else if (mode === 'else') out.orelse = stmts;
          else out.finalbody = stmts;
          break;
        }
        default:
          if (PUNCT.has(k.name) || k.name === '*') break;
          if (mode === 'except' && handler) {
            if (expectName) {
              handler.name = this.text(k);
              expectName = false;
            } else handler.type = this.expr(k);
          }
      }
    }
    return out;
  }

  private args(n: SyntaxNode): { args: Expr[]; keywords: Keyword[] } {
    const args: Expr[] = [];
    const keywords: Keyword[] = [];
    const kids = this.children(n);
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i];
      if (k.name === '(' || k.name === ')' || k.name === ',') continue;
      if (k.name === 'VariableName' && kids[i + 1]?.name === 'AssignOp' && kids[i + 2]) {
        const v = kids[i + 2];
        keywords.push({ name: this.text(k), value: this.expr(v), from: k.from, to: v.to });
        i += 2;
      } else if (k.name === '**' && kids[i + 1]) {
        const v = kids[i + 1];
        keywords.push({ name: undefined, value: this.expr(v), from: k.from, to: v.to });
        i += 1;
      } else if (k.name === '*' && kids[i + 1]) {
        const v = kids[i + 1];
        args.push({ kind: 'Starred', value: this.expr(v), double: false, from: k.from, to: v.to });
        i += 1;
      } else if (kids[i + 1]?.name === 'for') {
        // A bare generator argument: f(x for x in y).
        let j = i + 1;
        while (j < kids.length && kids[j].name !== ')' && kids[j].name !== ',') j++;
        args.push(this.comprehension(kids.slice(i, j), k.from, kids[j - 1].to));
        i = j - 1;
      } else args.push(this.expr(k));
    }
    return { args, keywords };
  }

  private comprehension(kids: SyntaxNode[], from: number, to: number): ComprehensionExpr {
    const inner = kids.filter((k) => !['(', ')', '[', ']', '{', '}'].includes(k.name));
    const firstFor = inner.findIndex((k) => k.name === 'for');
    const head = inner.slice(0, firstFor < 0 ? inner.length : firstFor);
    let elt: Expr;
    let key: Expr | undefined;
    const colon = head.findIndex((k) => k.name === ':');
    if (colon >= 0) {
      key = head[colon - 1] ? this.expr(head[colon - 1]) : undefined;
      elt = head[colon + 1] ? this.expr(head[colon + 1]) : { kind: 'Other', nodeName: 'Missing', from, to, children: [] };
    } else {
      elt = head[0] ? this.expr(head[0]) : { kind: 'Other', nodeName: 'Missing', from, to, children: [] };
    }
    const generators: ComprehensionExpr['generators'] = [];
    let i = firstFor;
    while (i >= 0 && i < inner.length) {
      // for TARGET in ITER (if COND)*
      let j = i + 1;
      const targetKids: SyntaxNode[] = [];
      while (j < inner.length && inner[j].name !== 'in') targetKids.push(inner[j++]);
      j++;
      const iterNode = inner[j++];
      const ifs: Expr[] = [];
      while (j < inner.length && inner[j].name === 'if') {
        if (inner[j + 1]) ifs.push(this.expr(inner[j + 1]));
        j += 2;
      }
      generators.push({
        target: targetKids.length ? this.exprList(targetKids, inner[i]) : this.exprOrOther(undefined, inner[i]),
        iter: iterNode ? this.expr(iterNode) : this.exprOrOther(undefined, inner[i]),
        ifs,
      });
      while (j < inner.length && inner[j].name !== 'for') j++;
      i = j;
    }
    return { kind: 'Comprehension', elt, key, generators, from, to };
  }

  expr(n: SyntaxNode): Expr {
    const from = n.from;
    const to = n.to;
    switch (n.name) {
      case 'VariableName':
        return { kind: 'Name', id: this.text(n), from, to };
      case 'self':
        return { kind: 'Name', id: 'self', from, to };
      case 'MemberExpression': {
        const kids = this.children(n);
        const base = kids[0] ? this.expr(kids[0]) : this.exprOrOther(undefined, n);
        if (kids[1]?.name === '.') {
          const prop = kids[2];
          return { kind: 'Attribute', value: base, attr: prop ? this.text(prop) : '', from, to };
        }
        const index = this.sliceItems(kids.slice(1), n);
        return { kind: 'Subscript', value: base, index, from, to };
      }
      case 'CallExpression': {
        const kids = this.children(n);
        const argList = kids.find((k) => k.name === 'ArgList');
        const { args, keywords } = argList ? this.args(argList) : { args: [], keywords: [] };
        return { kind: 'Call', func: kids[0] ? this.expr(kids[0]) : this.exprOrOther(undefined, n), args, keywords, from, to };
      }
      case 'String':
        return { kind: 'Constant', type: 'str', value: decodeString(this.text(n)), from, to };
      case 'FormatString': {
        const children: Expr[] = [];
        for (const k of this.children(n)) {
          if (k.name === 'FormatReplacement') {
            for (const r of this.children(k)) if (isExpressionNode(r.name)) children.push(this.expr(r));
          }
        }
        if (children.length === 0) return { kind: 'Constant', type: 'fstr', value: decodeString(this.text(n)), from, to };
        return { kind: 'Other', nodeName: 'FormatString', from, to, children };
      }
      case 'ContinuedString': {
        const parts = this.children(n).map((k) => this.expr(k));
        if (parts.every((p) => p.kind === 'Constant' && p.type === 'str')) {
          return { kind: 'Constant', type: 'str', value: parts.map((p) => (p as ConstantExpr).value).join(''), from, to };
        }
        return { kind: 'Other', nodeName: 'ContinuedString', from, to, children: parts };
      }
      case 'Number':
        return { kind: 'Constant', type: 'number', value: parseNumber(this.text(n)), from, to };
      case 'Boolean':
        return { kind: 'Constant', type: 'bool', value: this.text(n) === 'True', from, to };
      case 'None':
        return { kind: 'Constant', type: 'none', value: null, from, to };
      case 'Ellipsis':
        return { kind: 'Constant', type: 'ellipsis', value: null, from, to };
      case 'TupleExpression':
      case 'ArrayExpression':
      case 'SetExpression': {
        const elts = this.elements(n);
        const kind = n.name === 'TupleExpression' ? 'Tuple' : n.name === 'ArrayExpression' ? 'List' : 'Set';
        return { kind, elts, from, to };
      }
      case 'ParenthesizedExpression': {
        const inner = this.children(n).filter((k) => !PUNCT.has(k.name));
        return inner.length === 1 ? this.expr(inner[0]) : { kind: 'Tuple', elts: inner.map((k) => this.expr(k)), from, to };
      }
      case 'DictionaryExpression': {
        const items: DictExpr['items'] = [];
        const kids = this.children(n).filter((k) => k.name !== '{' && k.name !== '}');
        for (let i = 0; i < kids.length; i++) {
          const k = kids[i];
          if (k.name === ',') continue;
          if (k.name === '**' && kids[i + 1]) {
            items.push({ key: undefined, value: this.expr(kids[i + 1]) });
            i++;
          } else if (kids[i + 1]?.name === ':' && kids[i + 2]) {
            items.push({ key: this.expr(k), value: this.expr(kids[i + 2]) });
            i += 2;
          }
        }
        return { kind: 'Dict', items, from, to };
      }
      case 'BinaryExpression': {
        const kids = this.children(n);
        const opIdx = kids.findIndex((k, i) => i > 0 && !isExpressionNode(k.name));
        const op = opIdx >= 0 ? this.text(kids[opIdx]).replace(/\s+/g, ' ') : '?';
        return {
          kind: 'Binary',
          op,
          left: this.exprOrOther(kids[0], n),
          right: this.exprOrOther(opIdx >= 0 ? kids.slice(opIdx + 1).find((k) => isExpressionNode(k.name)) : kids[2], n),
          from,
          to,
        };
      }
      case 'UnaryExpression': {
        const kids = this.children(n);
        return { kind: 'Unary', op: kids[0] ? this.text(kids[0]) : '', operand: this.exprOrOther(kids[1], n), from, to };
      }
      case 'ConditionalExpression': {
        const kids = this.children(n).filter((k) => k.name !== 'if' && k.name !== 'else');
        return {
          kind: 'Conditional',
          body: this.exprOrOther(kids[0], n),
          test: this.exprOrOther(kids[1], n),
          orelse: this.exprOrOther(kids[2], n),
          from,
          to,
        };
      }
      case 'LambdaExpression': {
        const kids = this.children(n);
        const body = kids[kids.length - 1];
        return { kind: 'Lambda', params: this.params(kids.find((k) => k.name === 'ParamList')), body: this.exprOrOther(body, n), from, to };
      }
      case 'ArrayComprehensionExpression':
      case 'SetComprehensionExpression':
      case 'DictionaryComprehensionExpression':
      case 'ComprehensionExpression':
        return this.comprehension(this.children(n), from, to);
      default: {
        const children: Expr[] = [];
        for (const k of this.children(n)) if (isExpressionNode(k.name)) children.push(this.expr(k));
        return { kind: 'Other', nodeName: n.name, from, to, children };
      }
    }
  }

  private elements(n: SyntaxNode): Expr[] {
    const out: Expr[] = [];
    const kids = this.children(n);
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i];
      if (PUNCT.has(k.name)) continue;
      if ((k.name === '*' || k.name === '**') && kids[i + 1]) {
        out.push({ kind: 'Starred', value: this.expr(kids[i + 1]), double: k.name === '**', from: k.from, to: kids[i + 1].to });
        i++;
      } else out.push(this.expr(k));
    }
    return out;
  }

  private sliceItems(kids: SyntaxNode[], parent: SyntaxNode): Expr[] {
    // kids: '[' ... ']' with ',' between items and ':' inside slices.
    const items: Expr[] = [];
    let parts: Array<Expr | undefined> = [undefined];
    let hasColon = false;
    let start = -1;
    let end = -1;
    const flush = () => {
      if (hasColon) items.push({ kind: 'Slice', parts, from: start < 0 ? parent.from : start, to: end < 0 ? parent.to : end });
      else if (parts[0]) items.push(parts[0]);
      parts = [undefined];
      hasColon = false;
      start = -1;
    };
    for (const k of kids) {
      if (k.name === '[') continue;
      if (k.name === ']') break;
      if (k.name === ',') {
        flush();
        continue;
      }
      if (start < 0) start = k.from;
      end = k.to;
      if (k.name === ':') {
        hasColon = true;
        parts.push(undefined);
      } else parts[parts.length - 1] = this.expr(k);
    }
    flush();
    return items;
  }
}

const EXPRESSION_NODES = new Set([
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
]);

function isExpressionNode(name: string): boolean {
  return EXPRESSION_NODES.has(name);
}

const KEYWORDS = new Set(['pass', 'break', 'continue', 'del', 'raise', 'assert', 'global', 'nonlocal', 'from', 'import', 'return']);
function isKeyword(name: string): boolean {
  return KEYWORDS.has(name);
}

/** Python's one-character escapes; others (`\\x41`, `\\N{...}`) are kept as written. */
const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '0': '\0', '\\': '\\', "'": "'", '"': '"' };

/** Decodes a Python string literal's body well enough for paths and names (no escapes beyond the basics). */
function decodeString(raw: string): string {
  const m = /^([rRbBuUfF]*)('''|"""|'|")([\s\S]*?)(\2)?$/.exec(raw);
  if (!m) return raw;
  const prefix = m[1].toLowerCase();
  const body = m[3];
  if (prefix.includes('r')) return body;
  return body.replace(/\\(.)/g, (whole: string, c: string) => SIMPLE_ESCAPES[c] ?? whole);
}

function parseNumber(raw: string): number {
  const clean = raw.replace(/_/g, '').replace(/[jJlL]$/, '');
  const n = Number(clean);
  return Number.isNaN(n) ? 0 : n;
}
