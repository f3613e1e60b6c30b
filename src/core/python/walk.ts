// Generic traversal of the Python syntax tree.
import type { Expr, Stmt } from './ast';

/** The child expressions of an expression, in source order. */
export function childExprs(e: Expr): Expr[] {
  switch (e.kind) {
    case 'Name':
    case 'Constant':
      return [];
    case 'Attribute':
      return [e.value];
    case 'Call':
      return [e.func, ...e.args, ...e.keywords.map((k) => k.value)];
    case 'Subscript':
      return [e.value, ...e.index];
    case 'Tuple':
    case 'List':
    case 'Set':
      return e.elts;
    case 'Dict':
      return e.items.flatMap((i) => (i.key ? [i.key, i.value] : [i.value]));
    case 'Binary':
      return [e.left, e.right];
    case 'Unary':
      return [e.operand];
    case 'Lambda':
      return [...e.params.flatMap((p) => (p.default ? [p.default] : [])), e.body];
    case 'Comprehension':
      return [...(e.key ? [e.key] : []), e.elt, ...e.generators.flatMap((g) => [g.target, g.iter, ...g.ifs])];
    case 'Conditional':
      return [e.test, e.body, e.orelse];
    case 'Starred':
      return [e.value];
    case 'Slice':
      return e.parts.filter((p): p is Expr => !!p);
    case 'Other':
      return e.children;
  }
}

/** The expressions that belong directly to a statement (not to nested statements). */
export function stmtExprs(s: Stmt): Expr[] {
  switch (s.kind) {
    case 'Import':
      return [];
    case 'Assign':
      return [...s.targets, ...(s.value ? [s.value] : []), ...(s.annotation ? [s.annotation] : [])];
    case 'AugAssign':
      return [s.target, s.value];
    case 'Expr':
      return [s.value];
    case 'FunctionDef':
      return [...s.decorators, ...s.params.flatMap((p) => (p.default ? [p.default] : []))];
    case 'ClassDef':
      return [...s.decorators, ...s.bases, ...s.keywords.map((k) => k.value)];
    case 'For':
      return [s.target, s.iter];
    case 'While':
      return [s.test];
    case 'If':
      return s.branches.map((b) => b.test);
    case 'With':
      return s.items.flatMap((i) => (i.target ? [i.context, i.target] : [i.context]));
    case 'Try':
      return s.handlers.flatMap((h) => (h.type ? [h.type] : []));
    case 'Return':
      return s.value ? [s.value] : [];
    case 'Other':
      return s.exprs;
  }
}

/** The nested statement lists of a statement, in source order. */
export function childBodies(s: Stmt): Stmt[][] {
  switch (s.kind) {
    case 'FunctionDef':
    case 'ClassDef':
    case 'With':
      return [s.body];
    case 'For':
    case 'While':
      return [s.body, s.orelse];
    case 'If':
      return [...s.branches.map((b) => b.body), s.orelse];
    case 'Try':
      return [s.body, ...s.handlers.map((h) => h.body), s.orelse, s.finalbody];
    case 'Other':
      return [s.body];
    default:
      return [];
  }
}

/** Calls `visit` on every statement, depth first, in source order. Return false to skip a statement's children. */
export function walkStatements(body: Stmt[], visit: (s: Stmt) => boolean | void): void {
  for (const s of body) {
    if (visit(s) === false) continue;
    for (const b of childBodies(s)) walkStatements(b, visit);
  }
}

/** Calls `visit` on an expression and all its sub-expressions, outermost first. */
export function walkExpr(e: Expr, visit: (e: Expr) => boolean | void): void {
  if (visit(e) === false) return;
  for (const c of childExprs(e)) walkExpr(c, visit);
}

/** Calls `visit` on every expression of every statement in `body`, nested statements included. */
export function walkAllExprs(body: Stmt[], visit: (e: Expr, owner: Stmt) => boolean | void): void {
  walkStatements(body, (s) => {
    for (const e of stmtExprs(s)) walkExpr(e, (x) => visit(x, s));
  });
}
