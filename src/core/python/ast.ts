// A Python syntax tree in the shape of Python's own `ast` module: the node types only. `parse.ts` builds
// it from the error-tolerant Lezer parse (`flatTree.ts` flattens Lezer's tree, `builder.ts` makes these
// nodes from it). Rules read this tree, never the source text: names, calls and assignments come from
// structure, so words in strings and comments can never count as evidence.
import type { Tree } from '@lezer/common';

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
  /**
   * For an f-string with fields (`f"{DATA}/train.csv"`): its literal text around them, one more piece than fields
   * (`["", "/train.csv"]`), with `{{` and `}}` undone. Absent when it cannot be told.
   */
  literals?: string[];
}

export interface Param extends Span {
  name: string;
  star: '' | '*' | '**';
  default?: Expr;
  /** The type annotation as written (`list`, `pd.DataFrame`, `List[str]`), without the colon. */
  annotation?: string;
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
