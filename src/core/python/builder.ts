// Builds the syntax tree of `ast.ts` from a flattened Lezer parse (`flatTree.ts`).
import type {
  AssignStmt,
  ClassDefStmt,
  ComprehensionExpr,
  ConstantExpr,
  DictExpr,
  Expr,
  ForStmt,
  FunctionDefStmt,
  IfStmt,
  ImportAlias,
  ImportStmt,
  Keyword,
  Param,
  Span,
  Stmt,
  TryStmt,
  WithStmt,
} from './ast';
import {
  END,
  EVENTS,
  F_BRACKET,
  F_COMMENT,
  F_ERROR,
  F_EXPR,
  F_KEYWORD,
  F_PUNCT,
  F_TYPEDEF,
  F_YIELD,
  FIRST,
  FLAGS,
  FROM,
  NAMES,
  NEXT,
  S,
  TO,
  TYPE,
  TYPE_MASK,
} from './flatTree';

/** The first id of a node type by name, or -1 when this grammar has no such node (a case that never matches). */
function typeId(name: string): number {
  return NAMES.indexOf(name);
}
/** Each node type id mapped to the first id with the same name: a few names (BinaryExpression, ...) have two. */
const KIND = Int32Array.from(NAMES, (name) => NAMES.indexOf(name));
// Node types the builder switches on, as numbers.
const T_ArrayComprehensionExpression = typeId('ArrayComprehensionExpression');
const T_ArrayExpression = typeId('ArrayExpression');
const T_AssignStatement = typeId('AssignStatement');
const T_BinaryExpression = typeId('BinaryExpression');
const T_Boolean = typeId('Boolean');
const T_CallExpression = typeId('CallExpression');
const T_ClassDefinition = typeId('ClassDefinition');
const T_Comment = typeId('Comment');
const T_ComprehensionExpression = typeId('ComprehensionExpression');
const T_ConditionalExpression = typeId('ConditionalExpression');
const T_ContinuedString = typeId('ContinuedString');
const T_DecoratedStatement = typeId('DecoratedStatement');
const T_DictionaryComprehensionExpression = typeId('DictionaryComprehensionExpression');
const T_DictionaryExpression = typeId('DictionaryExpression');
const T_Ellipsis = typeId('Ellipsis');
const T_ExpressionStatement = typeId('ExpressionStatement');
const T_ForStatement = typeId('ForStatement');
const T_FormatString = typeId('FormatString');
const T_FunctionDefinition = typeId('FunctionDefinition');
const T_IfStatement = typeId('IfStatement');
const T_ImportStatement = typeId('ImportStatement');
const T_LambdaExpression = typeId('LambdaExpression');
const T_MemberExpression = typeId('MemberExpression');
const T_None = typeId('None');
const T_Number = typeId('Number');
const T_ParenthesizedExpression = typeId('ParenthesizedExpression');
const T_ReturnStatement = typeId('ReturnStatement');
const T_SetComprehensionExpression = typeId('SetComprehensionExpression');
const T_SetExpression = typeId('SetExpression');
const T_String = typeId('String');
const T_TryStatement = typeId('TryStatement');
const T_TupleExpression = typeId('TupleExpression');
const T_UnaryExpression = typeId('UnaryExpression');
const T_UpdateStatement = typeId('UpdateStatement');
const T_VariableName = typeId('VariableName');
const T_WhileStatement = typeId('WhileStatement');
const T_WithStatement = typeId('WithStatement');
const T_self = typeId('self');

/**
 * Strings of recent identifiers, by a hash of their characters (a direct-mapped cache: a clash just
 * replaces the entry). Names repeat endlessly (`self`, `np`, `df`, `fit`) and a whole project's trees
 * are held until its analysis ends: sharing the strings leaves the garbage collector far fewer to copy,
 * and a hit costs no allocation at all. Shared by every parse on purpose, and safe to share: an entry is
 * used only once its characters match the source, so another parse (even one nested in this one) can
 * change which strings are shared, never what a tree says.
 */
const IDENTIFIERS: string[] = new Array<string>(8192).fill('');

/**
 * The array without the spare room that pushing leaves (V8 grows an empty array to 16 slots on the first
 * push: over a hundred bytes on a one-element list). A project's trees are held until its analysis
 * ends, so the copy pays for itself in what the garbage collector no longer marks and moves.
 */
function fit<T>(a: T[]): T[] {
  return a.length === 0 ? NONE : a.slice();
}

/**
 * The one empty list of every tree: a call without arguments or keywords, a definition without decorators,
 * a loop without `else`. Nearly one list in three is empty (99,000 of 330,000 in scikit-learn's sources), and
 * each was an object of its own for the garbage collector to copy. Frozen: nothing adds to a tree's lists
 * once it is built, and a change that did would fail rather than add to every empty list at once.
 */
const NONE: never[] = Object.freeze([]) as unknown as never[];

/** The list as it is, or the shared empty list when it is empty. */
function orNone<T>(a: T[]): T[] {
  return a.length === 0 ? NONE : a;
}

/**
 * Builds the syntax tree over the flattened Lezer tree. Comments and errors are recorded when the
 * builder enters a node (`enter`), so their order is the order of the walk.
 */
export class Builder {
  readonly errors: Span[] = [];
  readonly comments: Span[] = [];
  /**
   * @param src the original source: node text is read from it (the parser saw `parserInput(src)`, same offsets)
   * @param d the node records of its `FlatTree`
   * @param base where `src` begins in the offsets of `d` (a notebook cell's place in its unit): the tree's spans
   *   are offsets of `d`, and text is read at the offset less `base`
   */
  constructor(
    private readonly src: string,
    private readonly d: Int32Array,
    private readonly base = 0,
  ) {}

  /** The module's statements: the root node's children. */
  module(): Stmt[] {
    return this.statements(0);
  }

  private start(n: number): number {
    return this.d[n + FROM];
  }

  private end(n: number): number {
    return this.d[n + TO];
  }

  private next(n: number): number {
    return this.d[n + NEXT];
  }

  private first(n: number): number {
    return this.d[n + FIRST];
  }

  /** Whether the node has any child at all, comments included. */
  private hasChild(n: number): boolean {
    return this.d[n + END] > n + S;
  }

  /**
   * The literal text of an f-string around its replacement fields (absolute offsets `fields`), or undefined when its
   * quotes cannot be found (a continued or odd string).
   */
  private fStringLiterals(from: number, to: number, fields: Array<[number, number]>): string[] | undefined {
    const raw = this.src.slice(from - this.base, to - this.base);
    const q = /^[A-Za-z]*("""|'''|"|')/.exec(raw);
    if (!q || !raw.endsWith(q[1]) || raw.length < q[0].length + q[1].length) return undefined;
    const bodyFrom = from + q[0].length;
    const bodyTo = to - q[1].length;
    const piece = (a: number, b: number) =>
      this.src
        .slice(a - this.base, b - this.base)
        .replace(/\{\{/g, '{')
        .replace(/\}\}/g, '}');
    const out: string[] = [];
    let at = bodyFrom;
    for (const [a, b] of fields) {
      if (a < at || b > bodyTo) return undefined;
      out.push(piece(at, a));
      at = b;
    }
    out.push(piece(at, bodyTo));
    return out;
  }

  private text(n: number): string {
    return this.src.slice(this.start(n) - this.base, this.end(n) - this.base);
  }

  /**
   * The text of an identifier, shared with earlier uses of the same name where the cache has it (see
   * `IDENTIFIERS`).
   */
  private ident(n: number): string {
    const src = this.src;
    const from = this.start(n) - this.base;
    const to = this.end(n) - this.base;
    const len = to - from;
    if (len > 40) return src.slice(from, to);
    let h = len;
    for (let i = from; i < to; i++) h = (Math.imul(h, 31) + src.charCodeAt(i)) | 0;
    const slot = h & (IDENTIFIERS.length - 1);
    const known = IDENTIFIERS[slot];
    if (known.length === len) {
      let i = 0;
      while (i < len && known.charCodeAt(i) === src.charCodeAt(from + i)) i++;
      if (i === len) return known;
    }
    const s = src.slice(from, to);
    IDENTIFIERS[slot] = s;
    return s;
  }

  private name(n: number): string {
    return NAMES[this.d[n + TYPE] & TYPE_MASK];
  }

  private is(n: number, flag: number): boolean {
    return (FLAGS[this.d[n + TYPE] & TYPE_MASK] & flag) !== 0;
  }

  /** First child of `n` for the builder; records the comments and errors among its children. */
  private enter(n: number): number {
    const d = this.d;
    if (d[n + TYPE] & EVENTS) {
      let prevType = -1;
      for (let c = n + S, end = d[n + END]; c < end; c = d[c + END]) {
        const type = d[c + TYPE] & TYPE_MASK;
        const f = FLAGS[type];
        const from = d[c + FROM];
        const to = d[c + TO];
        // A bare `yield` makes the grammar put an empty error node after it (after its comment, if any).
        if (f & F_COMMENT) {
          this.comments.push({ from, to });
          continue;
        }
        if (f & F_ERROR && !(from === to && prevType >= 0 && FLAGS[prevType] & F_YIELD)) this.errors.push({ from, to });
        prevType = type;
      }
    }
    return d[n + FIRST];
  }

  private missing(parent: number): Expr {
    const to = this.end(parent);
    return { kind: 'Other', nodeName: 'Missing', from: to, to, children: NONE };
  }

  private exprOrOther(n: number, parent: number): Expr {
    return n >= 0 ? this.expr(n) : this.missing(parent);
  }

  private statements(n: number): Stmt[] {
    const out: Stmt[] = [];
    this.statementsInto(n, out);
    return fit(out);
  }

  private statementsInto(n: number, out: Stmt[]): void {
    for (let c = this.enter(n); c >= 0; c = this.next(c)) {
      if (this.is(c, F_ERROR)) {
        // An error node can wrap recovered statements; keep what is inside.
        for (let k = this.enter(c); k >= 0; k = this.next(k)) {
          const s = this.statement(k);
          if (s) out.push(s);
        }
        continue;
      }
      const name = this.name(c);
      if (name === ':') continue;
      if (name === 'Body') {
        this.statementsInto(c, out);
        continue;
      }
      const s = this.statement(c);
      if (s) out.push(s);
    }
  }

  private statement(n: number): Stmt | undefined {
    const name = this.name(n);
    switch (KIND[this.d[n + TYPE] & TYPE_MASK]) {
      case T_ImportStatement:
        return this.importStmt(n);
      case T_AssignStatement:
        return this.assign(n);
      case T_UpdateStatement: {
        let prev = -1;
        let op = this.enter(n);
        while (op >= 0 && this.name(op) !== 'UpdateOp') {
          prev = op;
          op = this.next(op);
        }
        const target = op >= 0 ? this.exprOrOther(prev, n) : this.missing(n);
        // Without an operator, the first child stands as the value.
        const value = this.exprOrOther(op >= 0 ? this.next(op) : this.first(n), n);
        return {
          kind: 'AugAssign',
          from: this.start(n),
          to: this.end(n),
          target,
          op: op >= 0 ? this.text(op) : '+=',
          value,
        };
      }
      case T_ExpressionStatement: {
        // The array is made only for a tuple: most statements hold one expression.
        let one: Expr | undefined;
        let exprs: Expr[] | undefined;
        for (let k = this.enter(n); k >= 0; k = this.next(k)) {
          if (this.is(k, F_PUNCT)) continue;
          const e = this.expr(k);
          if (exprs) exprs.push(e);
          else if (one) exprs = [one, e];
          else one = e;
        }
        const from = this.start(n);
        const to = this.end(n);
        const value: Expr = !exprs && one ? one : { kind: 'Tuple', elts: exprs ?? NONE, from, to };
        return { kind: 'Expr', from, to, value };
      }
      case T_DecoratedStatement: {
        const first = this.enter(n);
        const decorators: Expr[] = [];
        let def = -1;
        for (let k = first; k >= 0; k = this.next(k)) {
          const kn = this.name(k);
          if (kn === 'Decorator') decorators.push(this.decorator(k));
          else if (def < 0 && (kn === 'FunctionDefinition' || kn === 'ClassDefinition')) def = k;
        }
        const s = def >= 0 ? this.statement(def) : undefined;
        if (s && (s.kind === 'FunctionDef' || s.kind === 'ClassDef')) {
          s.decorators = decorators;
          s.from = this.start(n);
        }
        return s;
      }
      case T_FunctionDefinition:
        return this.functionDef(n);
      case T_ClassDefinition:
        return this.classDef(n);
      case T_ForStatement:
        return this.forStmt(n);
      case T_WhileStatement: {
        let test = -1;
        let body0 = -1;
        let body1 = -1;
        for (let k = this.enter(n); k >= 0; k = this.next(k)) {
          const kn = this.name(k);
          if (kn === 'Body') {
            if (body0 < 0) body0 = k;
            else if (body1 < 0) body1 = k;
          } else if (test < 0 && kn !== 'while' && kn !== 'else' && !this.is(k, F_PUNCT)) test = k;
        }
        return {
          kind: 'While',
          from: this.start(n),
          to: this.end(n),
          test: this.exprOrOther(test, n),
          body: body0 >= 0 ? this.statements(body0) : NONE,
          orelse: body1 >= 0 ? this.statements(body1) : NONE,
        };
      }
      case T_IfStatement:
        return this.ifStmt(n);
      case T_WithStatement:
        return this.withStmt(n);
      case T_TryStatement:
        return this.tryStmt(n);
      case T_ReturnStatement: {
        let one: Expr | undefined;
        let exprs: Expr[] | undefined;
        let first = -1;
        let last = -1;
        for (let k = this.enter(n); k >= 0; k = this.next(k)) {
          if (this.name(k) === 'return' || this.is(k, F_PUNCT)) continue;
          if (first < 0) first = k;
          last = k;
          const e = this.expr(k);
          if (exprs) exprs.push(e);
          else if (one) exprs = [one, e];
          else one = e;
        }
        if (first < 0) return { kind: 'Return', from: this.start(n), to: this.end(n), value: undefined };
        const value: Expr =
          !exprs && one ? one : { kind: 'Tuple', elts: exprs ?? NONE, from: this.start(first), to: this.end(last) };
        return { kind: 'Return', from: this.start(n), to: this.end(n), value };
      }
      case T_Comment:
        return undefined;
      default: {
        if (!this.hasChild(n) && this.is(n, F_PUNCT)) return undefined;
        const exprs: Expr[] = [];
        const body: Stmt[] = [];
        for (let k = this.enter(n); k >= 0; k = this.next(k)) {
          const kn = this.name(k);
          if (kn === 'Body' || kn === 'MatchBody' || kn === 'MatchClause') this.statementsInto(k, body);
          else if (this.is(k, F_EXPR)) exprs.push(this.expr(k));
          else if (this.hasChild(k) && !this.is(k, F_KEYWORD)) {
            const s = this.statement(k);
            if (s) body.push(s);
          }
        }
        return {
          kind: 'Other',
          nodeName: name,
          from: this.start(n),
          to: this.end(n),
          exprs: orNone(exprs),
          body: orNone(body),
        };
      }
    }
  }

  /**
   * The children from `first` up to (not including) `stop`, less those with `skip` flags, as one
   * expression, or a Tuple when there are several (or none) once punctuation is left out.
   */
  private exprList(first: number, stop: number, skip: number, parent: number): Expr {
    let one: Expr | undefined;
    let exprs: Expr[] | undefined;
    let from = -1;
    let last = -1;
    for (let k = first; k >= 0 && k !== stop; k = this.next(k)) {
      if (this.is(k, skip)) continue;
      if (from < 0) from = k;
      last = k;
      if (this.is(k, F_PUNCT)) continue;
      const e = this.expr(k);
      if (exprs) exprs.push(e);
      else if (one) exprs = [one, e];
      else one = e;
    }
    if (!exprs && one) return one;
    return {
      kind: 'Tuple',
      elts: exprs ?? NONE,
      from: from >= 0 ? this.start(from) : this.start(parent),
      to: last >= 0 ? this.end(last) : this.end(parent),
    };
  }

  private importStmt(n: number): ImportStmt {
    const first = this.enter(n);
    const isFrom = first >= 0 && this.name(first) === 'from';
    const names: ImportAlias[] = [];
    let module: string | undefined;
    let star = false;
    let k = first >= 0 ? this.next(first) : -1;
    if (isFrom) {
      let mod = '';
      while (k >= 0 && this.name(k) !== 'import') {
        mod += this.text(k);
        k = this.next(k);
      }
      module = mod;
      if (k >= 0) k = this.next(k); // skip 'import'
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
    for (; k >= 0; k = this.next(k)) {
      const kn = this.name(k);
      if (kn === ',') flush();
      else if (kn === 'as') expectAlias = true;
      else if (kn === '*') star = true;
      else if (kn === 'VariableName') {
        if (expectAlias) {
          asname = this.text(k);
          end = this.end(k);
        } else {
          if (start < 0) start = this.start(k);
          current += this.text(k);
          end = this.end(k);
        }
      } else if (kn === '.') current += '.';
    }
    flush();
    return { kind: 'Import', from: this.start(n), to: this.end(n), module, names: fit(names), star };
  }

  private assign(n: number): AssignStmt {
    const first = this.enter(n);
    let annotation: Expr | undefined;
    for (let k = first; k >= 0; k = this.next(k)) {
      if (this.is(k, F_TYPEDEF)) {
        let t = this.enter(k);
        while (t >= 0 && this.name(t) === ':') t = this.next(t);
        if (t >= 0) annotation = this.expr(t);
      }
    }
    // One part per run of children between `=` signs (annotations left out).
    // Every part but the last is a target; the last is the value when there are several.
    const targets: Expr[] = [];
    let pending: Expr | undefined;
    let parts = 0;
    let groupStart = first;
    for (let k = first; ; k = this.next(k)) {
      if (k < 0 || this.name(k) === 'AssignOp') {
        let any = false;
        for (let g = groupStart; g !== k; g = this.next(g)) {
          if (!this.is(g, F_TYPEDEF)) {
            any = true;
            break;
          }
        }
        if (parts++ > 0 && pending) targets.push(pending);
        pending = any ? this.exprList(groupStart, k, F_TYPEDEF, n) : undefined;
        if (k < 0) break;
        groupStart = this.next(k);
      }
    }
    let value: Expr | undefined;
    if (parts > 1) value = pending;
    else if (pending) targets.push(pending);
    return { kind: 'Assign', from: this.start(n), to: this.end(n), targets: fit(targets), value, annotation };
  }

  private params(n: number): Param[] {
    if (n < 0) return NONE;
    const out: Param[] = [];
    let star: Param['star'] = '';
    let pendingDefault = false;
    for (let k = this.enter(n); k >= 0; k = this.next(k)) {
      const kn = this.name(k);
      if (kn === '*' || kn === '**') star = kn;
      else if (kn === 'VariableName' && !pendingDefault) {
        out.push({ name: this.ident(k), star, from: this.start(k), to: this.end(k) });
        star = '';
      } else if (kn === 'AssignOp') pendingDefault = true;
      else if (kn === 'TypeDef' || kn === ',' || kn === '(' || kn === ')' || kn === '/') {
        if (kn === ',') star = '';
        const last = out[out.length - 1];
        if (kn === 'TypeDef' && last && !pendingDefault)
          last.annotation = this.text(k)
            .replace(/^\s*:\s*/, '')
            .trim();
      } else if (pendingDefault) {
        const last = out[out.length - 1];
        if (last) {
          last.default = this.expr(k);
          last.to = this.end(k);
        }
        pendingDefault = false;
      }
    }
    return fit(out);
  }

  private functionDef(n: number): FunctionDefStmt {
    const first = this.enter(n);
    let name = -1;
    let body = -1;
    let paramList = -1;
    for (let k = first; k >= 0; k = this.next(k)) {
      const kn = this.name(k);
      if (kn === 'VariableName') {
        if (name < 0) name = k;
      } else if (kn === 'Body') {
        if (body < 0) body = k;
      } else if (kn === 'ParamList' && paramList < 0) paramList = k;
    }
    return {
      kind: 'FunctionDef',
      from: this.start(n),
      to: this.end(n),
      name: name >= 0 ? this.text(name) : '',
      nameSpan: name >= 0 ? { from: this.start(name), to: this.end(name) } : { from: this.start(n), to: this.start(n) },
      params: this.params(paramList),
      body: body >= 0 ? this.statements(body) : NONE,
      decorators: NONE,
    };
  }

  private classDef(n: number): ClassDefStmt {
    let name = -1;
    let body = -1;
    let argList = -1;
    for (let k = this.enter(n); k >= 0; k = this.next(k)) {
      const kn = this.name(k);
      if (kn === 'VariableName') {
        if (name < 0) name = k;
      } else if (kn === 'Body') {
        if (body < 0) body = k;
      } else if (kn === 'ArgList' && argList < 0) argList = k;
    }
    const args: Expr[] = [];
    const keywords: Keyword[] = [];
    if (argList >= 0) this.args(argList, args, keywords);
    return {
      kind: 'ClassDef',
      from: this.start(n),
      to: this.end(n),
      name: name >= 0 ? this.text(name) : '',
      nameSpan: name >= 0 ? { from: this.start(name), to: this.end(name) } : { from: this.start(n), to: this.start(n) },
      bases: orNone(args),
      keywords: orNone(keywords),
      body: body >= 0 ? this.statements(body) : NONE,
      decorators: NONE,
    };
  }

  private decorator(n: number): Expr {
    // Decorators are flat in Lezer: `@a.b.c(args)` is VariableName . VariableName ArgList.
    let e: Expr | undefined;
    for (let k = this.enter(n); k >= 0; k = this.next(k)) {
      const kn = this.name(k);
      if (kn === 'VariableName') {
        const id = this.ident(k);
        e = e
          ? { kind: 'Attribute', value: e, attr: id, from: e.from, to: this.end(k) }
          : { kind: 'Name', id, from: this.start(k), to: this.end(k) };
      } else if (kn === 'ArgList' && e) {
        const args: Expr[] = [];
        const keywords: Keyword[] = [];
        this.args(k, args, keywords);
        e = { kind: 'Call', func: e, args: fit(args), keywords: fit(keywords), from: e.from, to: this.end(k) };
      } else if (kn !== 'At' && kn !== '.' && this.is(k, F_EXPR) && !e) {
        e = this.expr(k);
      }
    }
    return e ?? { kind: 'Other', nodeName: 'Decorator', from: this.start(n), to: this.end(n), children: NONE };
  }

  private forStmt(n: number): ForStmt {
    const first = this.enter(n);
    // Positions as in the child list: the target runs from after `for` (and `async`) to `in`, the iterable
    // from `in` to the first body.
    const start = first >= 0 && this.name(first) === 'async' ? 2 : 1;
    let startNode = -1;
    let inNode = -1;
    let inIdx = -1;
    let body0 = -1;
    let body0Idx = -1;
    let body1 = -1;
    let i = 0;
    for (let k = first; k >= 0; k = this.next(k), i++) {
      if (i === start) startNode = k;
      const kn = this.name(k);
      if (kn === 'in') {
        if (inNode < 0) {
          inNode = k;
          inIdx = i;
        }
      } else if (kn === 'Body') {
        if (body0 < 0) {
          body0 = k;
          body0Idx = i;
        } else if (body1 < 0) body1 = k;
      }
    }
    const hasTarget = inIdx > start;
    const hasIter = inIdx >= 0 && this.next(inNode) >= 0 && (body0Idx < 0 || body0Idx > inIdx + 1);
    return {
      kind: 'For',
      from: this.start(n),
      to: this.end(n),
      target: hasTarget ? this.exprList(startNode, inNode, 0, n) : this.missing(n),
      iter: hasIter ? this.exprList(this.next(inNode), body0, 0, n) : this.missing(n),
      body: body0 >= 0 ? this.statements(body0) : NONE,
      orelse: body1 >= 0 ? this.statements(body1) : NONE,
    };
  }

  private ifStmt(n: number): IfStmt {
    const branches: IfStmt['branches'] = [];
    let orelse: Stmt[] = NONE;
    let pendingTest: Expr | undefined;
    let inElse = false;
    for (let k = this.enter(n); k >= 0; k = this.next(k)) {
      const kn = this.name(k);
      if (kn === 'if' || kn === 'elif') inElse = false;
      else if (kn === 'else') inElse = true;
      else if (kn === 'Body') {
        if (inElse) orelse = this.statements(k);
        else branches.push({ test: pendingTest ?? this.missing(n), body: this.statements(k) });
        pendingTest = undefined;
      } else if (!this.is(k, F_PUNCT)) pendingTest = this.expr(k);
    }
    return { kind: 'If', from: this.start(n), to: this.end(n), branches: fit(branches), orelse };
  }

  private withStmt(n: number): WithStmt {
    const items: WithStmt['items'] = [];
    let body: Stmt[] = NONE;
    let expectTarget = false;
    for (let k = this.enter(n); k >= 0; k = this.next(k)) {
      const kn = this.name(k);
      if (kn === 'with' || kn === 'async' || kn === ',' || kn === '(' || kn === ')') continue;
      if (kn === 'as') expectTarget = true;
      else if (kn === 'Body') body = this.statements(k);
      else if (expectTarget && items.length) {
        items[items.length - 1].target = this.expr(k);
        expectTarget = false;
      } else if (!this.asItems(k, items)) items.push({ context: this.expr(k) });
    }
    return { kind: 'With', from: this.start(n), to: this.end(n), items, body };
  }

  /**
   * Items the grammar cannot read reach it with their `as` read as `or` (see `parserInput`): `x or target`
   * joined by an operator written `as`, alone (`with x as (a, b):`) or as elements of the brackets of a
   * parenthesized header (`with (open(a) as f, open(b) as g):`). Pushes one item per such expression or
   * element and says whether it did.
   */
  private asItems(k: number, items: WithStmt['items']): boolean {
    if (this.asOperator(k) >= 0) {
      items.push(this.asItem(k));
      return true;
    }
    const kn = this.name(k);
    if ((kn !== 'ParenthesizedExpression' && kn !== 'TupleExpression') || this.src[this.start(k) - this.base] !== '(')
      return false;
    // `first`, not `enter`: only the walk that builds the items records comments and errors, once.
    const elements: number[] = [];
    for (let e = this.first(k); e >= 0; e = this.next(e)) if (!this.is(e, F_PUNCT)) elements.push(e);
    if (!elements.some((e) => this.asOperator(e) >= 0)) return false;
    this.enter(k);
    for (const e of elements) items.push(this.asOperator(e) >= 0 ? this.asItem(e) : { context: this.expr(e) });
    return true;
  }

  /** The operator of `n` when `n` is a binary expression whose operator is written `as`, else -1. */
  private asOperator(n: number): number {
    if (this.name(n) !== 'BinaryExpression') return -1;
    for (let c = this.next(this.first(n)); c >= 0; c = this.next(c)) {
      if (!this.is(c, F_EXPR)) return this.text(c) === 'as' ? c : -1;
    }
    return -1;
  }

  private asItem(n: number): WithStmt['items'][number] {
    const op = this.asOperator(n);
    let target = -1;
    for (let c = this.next(op); c >= 0 && target < 0; c = this.next(c)) if (this.is(c, F_EXPR)) target = c;
    const context = this.exprOrOther(this.enter(n), n);
    return { context, target: target >= 0 ? this.expr(target) : undefined };
  }

  private tryStmt(n: number): TryStmt {
    const out: TryStmt = {
      kind: 'Try',
      from: this.start(n),
      to: this.end(n),
      body: NONE,
      handlers: [],
      orelse: NONE,
      finalbody: NONE,
    };
    let mode: 'try' | 'except' | 'else' | 'finally' = 'try';
    let handler: TryStmt['handlers'][number] | undefined;
    let expectName = false;
    for (let k = this.enter(n); k >= 0; k = this.next(k)) {
      const kn = this.name(k);
      switch (kn) {
        case 'try':
          mode = 'try';
          break;
        case 'except':
          mode = 'except';
          handler = { body: NONE };
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
          if (this.is(k, F_PUNCT) || kn === '*') break;
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

  private args(n: number, args: Expr[], keywords: Keyword[]): void {
    for (let k = this.enter(n); k >= 0; k = this.next(k)) {
      const kn = this.name(k);
      if (kn === '(' || kn === ')' || kn === ',') continue;
      const k1 = this.next(k);
      const k1n = k1 >= 0 ? this.name(k1) : '';
      if (kn === 'VariableName' && k1n === 'AssignOp' && this.next(k1) >= 0) {
        const v = this.next(k1);
        keywords.push({ name: this.ident(k), value: this.expr(v), from: this.start(k), to: this.end(v) });
        k = v;
      } else if (kn === '**' && k1 >= 0) {
        keywords.push({ name: undefined, value: this.expr(k1), from: this.start(k), to: this.end(k1) });
        k = k1;
      } else if (kn === '*' && k1 >= 0) {
        args.push({ kind: 'Starred', value: this.expr(k1), double: false, from: this.start(k), to: this.end(k1) });
        k = k1;
      } else if (k1n === 'for') {
        // A bare generator argument: f(x for x in y).
        let last = k1;
        let stop = this.next(k1);
        while (stop >= 0 && this.name(stop) !== ')' && this.name(stop) !== ',') {
          last = stop;
          stop = this.next(stop);
        }
        args.push(this.comprehension(k, stop, this.start(k), this.end(last)));
        k = last;
      } else args.push(this.expr(k));
    }
  }

  /** A comprehension from the children `first` up to (not including) `stop`. */
  private comprehension(first: number, stop: number, from: number, to: number): ComprehensionExpr {
    const inner: number[] = [];
    for (let k = first; k >= 0 && k !== stop; k = this.next(k)) if (!this.is(k, F_BRACKET)) inner.push(k);
    let firstFor = -1;
    for (let i = 0; i < inner.length; i++) {
      if (this.name(inner[i]) === 'for') {
        firstFor = i;
        break;
      }
    }
    const headEnd = firstFor < 0 ? inner.length : firstFor;
    let elt: Expr;
    let key: Expr | undefined;
    let colon = -1;
    for (let i = 0; i < headEnd; i++) {
      if (this.name(inner[i]) === ':') {
        colon = i;
        break;
      }
    }
    if (colon >= 0) {
      key = colon - 1 >= 0 ? this.expr(inner[colon - 1]) : undefined;
      elt =
        colon + 1 < headEnd
          ? this.expr(inner[colon + 1])
          : { kind: 'Other', nodeName: 'Missing', from, to, children: NONE };
    } else {
      elt = headEnd > 0 ? this.expr(inner[0]) : { kind: 'Other', nodeName: 'Missing', from, to, children: NONE };
    }
    const generators: ComprehensionExpr['generators'] = [];
    let i = firstFor;
    while (i >= 0 && i < inner.length) {
      // for TARGET in ITER (if COND)*
      let j = i + 1;
      const targetStart = j;
      while (j < inner.length && this.name(inner[j]) !== 'in') j++;
      const targetEnd = j;
      j++;
      const iterNode = j < inner.length ? inner[j] : -1;
      j++;
      const ifs: Expr[] = [];
      while (j < inner.length && this.name(inner[j]) === 'if') {
        if (j + 1 < inner.length) ifs.push(this.expr(inner[j + 1]));
        j += 2;
      }
      const forNode = inner[i];
      generators.push({
        target: targetEnd > targetStart ? this.innerList(inner, targetStart, targetEnd) : this.missing(forNode),
        iter: iterNode >= 0 ? this.expr(iterNode) : this.missing(forNode),
        ifs: orNone(ifs),
      });
      while (j < inner.length && this.name(inner[j]) !== 'for') j++;
      i = j;
    }
    return { kind: 'Comprehension', elt, key, generators, from, to };
  }

  /** `exprList` over `inner[from..to)` (never empty). */
  private innerList(inner: number[], from: number, to: number): Expr {
    const exprs: Expr[] = [];
    for (let i = from; i < to; i++) if (!this.is(inner[i], F_PUNCT)) exprs.push(this.expr(inner[i]));
    if (exprs.length === 1) return exprs[0];
    return { kind: 'Tuple', elts: exprs, from: this.start(inner[from]), to: this.end(inner[to - 1]) };
  }

  private expr(n: number): Expr {
    const from = this.start(n);
    const to = this.end(n);
    const name = this.name(n);
    switch (KIND[this.d[n + TYPE] & TYPE_MASK]) {
      case T_VariableName:
        return { kind: 'Name', id: this.ident(n), from, to };
      case T_self:
        return { kind: 'Name', id: 'self', from, to };
      case T_MemberExpression: {
        const k0 = this.enter(n);
        const base = k0 >= 0 ? this.expr(k0) : this.missing(n);
        const k1 = k0 >= 0 ? this.next(k0) : -1;
        if (k1 >= 0 && this.name(k1) === '.') {
          const prop = this.next(k1);
          return { kind: 'Attribute', value: base, attr: prop >= 0 ? this.ident(prop) : '', from, to };
        }
        const index = this.sliceItems(k1, n);
        return { kind: 'Subscript', value: base, index, from, to };
      }
      case T_CallExpression: {
        const k0 = this.enter(n);
        const args: Expr[] = [];
        const keywords: Keyword[] = [];
        for (let k = k0; k >= 0; k = this.next(k)) {
          if (this.name(k) === 'ArgList') {
            this.args(k, args, keywords);
            break;
          }
        }
        return {
          kind: 'Call',
          func: k0 >= 0 ? this.expr(k0) : this.missing(n),
          args: fit(args),
          keywords: fit(keywords),
          from,
          to,
        };
      }
      case T_String:
        return {
          kind: 'Constant',
          type: 'str',
          value: decodeString(this.src, from - this.base, to - this.base),
          from,
          to,
        };
      case T_FormatString: {
        const children: Expr[] = [];
        const fields: Array<[number, number]> = [];
        for (let k = this.enter(n); k >= 0; k = this.next(k)) {
          if (this.name(k) === 'FormatReplacement') {
            fields.push([this.start(k), this.end(k)]);
            for (let r = this.enter(k); r >= 0; r = this.next(r)) if (this.is(r, F_EXPR)) children.push(this.expr(r));
          }
        }
        if (children.length === 0)
          return {
            kind: 'Constant',
            type: 'fstr',
            value: decodeString(this.src, from - this.base, to - this.base),
            from,
            to,
          };
        const literals = fields.length === children.length ? this.fStringLiterals(from, to, fields) : undefined;
        return literals
          ? { kind: 'Other', nodeName: 'FormatString', from, to, children, literals }
          : { kind: 'Other', nodeName: 'FormatString', from, to, children };
      }
      case T_ContinuedString: {
        const parts: Expr[] = [];
        let allStr = true;
        for (let k = this.enter(n); k >= 0; k = this.next(k)) {
          const p = this.expr(k);
          if (p.kind !== 'Constant' || p.type !== 'str') allStr = false;
          parts.push(p);
        }
        if (allStr) {
          let value = '';
          for (const p of parts) value += (p as ConstantExpr).value;
          return { kind: 'Constant', type: 'str', value, from, to };
        }
        return { kind: 'Other', nodeName: 'ContinuedString', from, to, children: parts };
      }
      case T_Number:
        return { kind: 'Constant', type: 'number', value: parseNumber(this.text(n)), from, to };
      case T_Boolean:
        return { kind: 'Constant', type: 'bool', value: this.text(n) === 'True', from, to };
      case T_None:
        return { kind: 'Constant', type: 'none', value: null, from, to };
      case T_Ellipsis:
        return { kind: 'Constant', type: 'ellipsis', value: null, from, to };
      case T_TupleExpression:
      case T_ArrayExpression:
      case T_SetExpression: {
        const elts = this.elements(n);
        const kind = name === 'TupleExpression' ? 'Tuple' : name === 'ArrayExpression' ? 'List' : 'Set';
        return { kind, elts, from, to };
      }
      case T_ParenthesizedExpression: {
        let only = -1;
        let count = 0;
        const k0 = this.enter(n);
        for (let k = k0; k >= 0; k = this.next(k)) {
          if (this.is(k, F_PUNCT)) continue;
          if (count++ === 0) only = k;
        }
        if (count === 1) return this.expr(only);
        const elts: Expr[] = [];
        for (let k = k0; k >= 0; k = this.next(k)) if (!this.is(k, F_PUNCT)) elts.push(this.expr(k));
        return { kind: 'Tuple', elts, from, to };
      }
      case T_DictionaryExpression: {
        const items: DictExpr['items'] = [];
        let k = this.enter(n);
        while (k >= 0 && this.isBrace(k)) k = this.next(k);
        for (; k >= 0; k = this.afterBraces(k)) {
          const kn = this.name(k);
          if (kn === ',') continue;
          const k1 = this.afterBraces(k);
          if (kn === '**' && k1 >= 0) {
            items.push({ key: undefined, value: this.expr(k1) });
            k = k1;
          } else if (k1 >= 0 && this.name(k1) === ':') {
            const k2 = this.afterBraces(k1);
            if (k2 >= 0) {
              items.push({ key: this.expr(k), value: this.expr(k2) });
              k = k2;
            }
          }
        }
        return { kind: 'Dict', items: orNone(items), from, to };
      }
      case T_BinaryExpression: {
        const k0 = this.enter(n);
        let op = -1;
        for (let k = k0 >= 0 ? this.next(k0) : -1; k >= 0; k = this.next(k)) {
          if (!this.is(k, F_EXPR)) {
            op = k;
            break;
          }
        }
        let right = -1;
        // `not in` and `is not` are two keyword tokens: the operator is both.
        let opText = op >= 0 ? this.text(op) : '?';
        if (op >= 0) {
          for (let k = this.next(op); k >= 0; k = this.next(k)) {
            if (this.is(k, F_EXPR)) {
              right = k;
              break;
            }
            opText += ` ${this.text(k)}`;
          }
        } else if (k0 >= 0 && this.next(k0) >= 0) right = this.next(this.next(k0));
        return {
          kind: 'Binary',
          op: operator(opText),
          left: this.exprOrOther(k0, n),
          right: this.exprOrOther(right, n),
          from,
          to,
        };
      }
      case T_UnaryExpression: {
        const k0 = this.enter(n);
        return {
          kind: 'Unary',
          op: k0 >= 0 ? this.text(k0) : '',
          operand: this.exprOrOther(k0 >= 0 ? this.next(k0) : -1, n),
          from,
          to,
        };
      }
      case T_ConditionalExpression: {
        const kids = [-1, -1, -1];
        let i = 0;
        for (let k = this.enter(n); k >= 0 && i < 3; k = this.next(k)) {
          const kn = this.name(k);
          if (kn !== 'if' && kn !== 'else') kids[i++] = k;
        }
        return {
          kind: 'Conditional',
          body: this.exprOrOther(kids[0], n),
          test: this.exprOrOther(kids[1], n),
          orelse: this.exprOrOther(kids[2], n),
          from,
          to,
        };
      }
      case T_LambdaExpression: {
        let paramList = -1;
        let body = -1;
        for (let k = this.enter(n); k >= 0; k = this.next(k)) {
          if (paramList < 0 && this.name(k) === 'ParamList') paramList = k;
          body = k;
        }
        return { kind: 'Lambda', params: this.params(paramList), body: this.exprOrOther(body, n), from, to };
      }
      case T_ArrayComprehensionExpression:
      case T_SetComprehensionExpression:
      case T_DictionaryComprehensionExpression:
      case T_ComprehensionExpression:
        return this.comprehension(this.enter(n), -1, from, to);
      default: {
        const children: Expr[] = [];
        for (let k = this.enter(n); k >= 0; k = this.next(k)) if (this.is(k, F_EXPR)) children.push(this.expr(k));
        return { kind: 'Other', nodeName: name, from, to, children };
      }
    }
  }

  /** The next sibling that is not a brace: a dictionary's lookahead skips them, as if they were not children. */
  private afterBraces(k: number): number {
    let c = this.next(k);
    while (c >= 0 && this.isBrace(c)) c = this.next(c);
    return c;
  }

  private isBrace(n: number): boolean {
    const name = this.name(n);
    return name === '{' || name === '}';
  }

  private elements(n: number): Expr[] {
    const out: Expr[] = [];
    for (let k = this.enter(n); k >= 0; k = this.next(k)) {
      if (this.is(k, F_PUNCT)) continue;
      const kn = this.name(k);
      const k1 = this.next(k);
      if ((kn === '*' || kn === '**') && k1 >= 0) {
        out.push({ kind: 'Starred', value: this.expr(k1), double: kn === '**', from: this.start(k), to: this.end(k1) });
        k = k1;
      } else out.push(this.expr(k));
    }
    return fit(out);
  }

  /** Subscript items from `first` on: '[' ... ']' with ',' between items and ':' inside slices. */
  private sliceItems(first: number, parent: number): Expr[] {
    const items: Expr[] = [];
    // The current item: its expression, or once a ':' is seen, the parts of a slice.
    let single: Expr | undefined;
    let parts: Array<Expr | undefined> | undefined;
    let start = -1;
    let end = -1;
    for (let k = first; ; k = this.next(k)) {
      const kn = k >= 0 ? this.name(k) : ']';
      if (kn === '[') continue;
      if (kn === ',' || kn === ']') {
        if (parts)
          items.push({
            kind: 'Slice',
            parts,
            from: start < 0 ? this.start(parent) : start,
            to: end < 0 ? this.end(parent) : end,
          });
        else if (single) items.push(single);
        if (kn === ']') break;
        single = undefined;
        parts = undefined;
        start = -1;
        continue;
      }
      if (start < 0) start = this.start(k);
      end = this.end(k);
      if (kn === ':') {
        if (parts) parts.push(undefined);
        else parts = [single, undefined];
      } else if (parts) parts[parts.length - 1] = this.expr(k);
      else single = this.expr(k);
    }
    return fit(items);
  }
}

/** An operator's text with its inner whitespace collapsed (`not   in`). */
function operator(text: string): string {
  return /\s/.test(text) ? text.replace(/\s+/g, ' ') : text;
}

/** Python's one-character escapes; others (`\\x41`, `\\N{...}`) are kept as written. */
const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  f: '\f',
  v: '\v',
  a: '\x07',
  b: '\b',
  '0': '\0',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

/**
 * Decodes the Python string literal at `src[from, to)` well enough for paths and names (no escapes
 * beyond the basics). Reads the source in place, so a literal without escapes costs one slice.
 */
function decodeString(src: string, from: number, to: number): string {
  // Prefix letters, then the quote; the closing quote is left off when the literal is unterminated.
  let p = from;
  let isRaw = false;
  for (; p < to; p++) {
    const c = src.charCodeAt(p);
    // r R b B u U f F
    if (c === 114 || c === 82) isRaw = true;
    else if (!(c === 98 || c === 66 || c === 117 || c === 85 || c === 102 || c === 70)) break;
  }
  const q = p < to ? src.charCodeAt(p) : -1;
  if (q !== 39 && q !== 34) return src.slice(from, to);
  const qlen = p + 2 < to && src.charCodeAt(p + 1) === q && src.charCodeAt(p + 2) === q ? 3 : 1;
  const bodyStart = p + qlen;
  const closed =
    to - bodyStart >= qlen &&
    src.charCodeAt(to - 1) === q &&
    (qlen === 1 || (src.charCodeAt(to - 2) === q && src.charCodeAt(to - 3) === q));
  const body = src.slice(bodyStart, closed ? to - qlen : to);
  if (isRaw || body.indexOf('\\') < 0) return body;
  return body.replace(/\\(.)/g, (whole: string, c: string) => SIMPLE_ESCAPES[c] ?? whole);
}

function parseNumber(raw: string): number {
  const last = raw.charCodeAt(raw.length - 1);
  // j J l L
  const clean =
    raw.indexOf('_') < 0 && last !== 106 && last !== 74 && last !== 108 && last !== 76
      ? raw
      : raw.replace(/_/g, '').replace(/[jJlL]$/, '');
  const n = Number(clean);
  return Number.isNaN(n) ? 0 : n;
}
