// Generic traversal of the Python syntax tree.
import type { AssignStmt, ClassDefStmt, Expr, FunctionDefStmt, ImportStmt, Stmt } from './ast';

/**
 * Calls `fn` on each nested statement list of a statement (body before `else`, handlers, `finally`), without building
 * arrays.
 */
export function eachChildBody(s: Stmt, fn: (body: Stmt[]) => void): void {
  switch (s.kind) {
    case 'FunctionDef':
    case 'ClassDef':
    case 'With':
    case 'Other':
      fn(s.body);
      return;
    case 'For':
    case 'While':
      fn(s.body);
      fn(s.orelse);
      return;
    case 'If':
      for (let i = 0; i < s.branches.length; i++) fn(s.branches[i].body);
      fn(s.orelse);
      return;
    case 'Try':
      fn(s.body);
      for (let i = 0; i < s.handlers.length; i++) fn(s.handlers[i].body);
      fn(s.orelse);
      fn(s.finalbody);
      return;
    default:
      return;
  }
}

/**
 * Calls `fn` on each expression that belongs directly to a statement (an assignment: targets, value, annotation),
 * without building arrays.
 */
export function eachStmtExpr(s: Stmt, fn: (e: Expr) => void): void {
  switch (s.kind) {
    case 'Import':
      return;
    case 'Assign':
      for (let i = 0; i < s.targets.length; i++) fn(s.targets[i]);
      if (s.value) fn(s.value);
      if (s.annotation) fn(s.annotation);
      return;
    case 'AugAssign':
      fn(s.target);
      fn(s.value);
      return;
    case 'Expr':
      fn(s.value);
      return;
    case 'FunctionDef':
      for (let i = 0; i < s.decorators.length; i++) fn(s.decorators[i]);
      for (let i = 0; i < s.params.length; i++) {
        const d = s.params[i].default;
        if (d) fn(d);
      }
      return;
    case 'ClassDef':
      for (let i = 0; i < s.decorators.length; i++) fn(s.decorators[i]);
      for (let i = 0; i < s.bases.length; i++) fn(s.bases[i]);
      for (let i = 0; i < s.keywords.length; i++) fn(s.keywords[i].value);
      return;
    case 'For':
      fn(s.target);
      fn(s.iter);
      return;
    case 'While':
      fn(s.test);
      return;
    case 'If':
      for (let i = 0; i < s.branches.length; i++) fn(s.branches[i].test);
      return;
    case 'With':
      for (let i = 0; i < s.items.length; i++) {
        const item = s.items[i];
        fn(item.context);
        if (item.target) fn(item.target);
      }
      return;
    case 'Try':
      for (let i = 0; i < s.handlers.length; i++) {
        const t = s.handlers[i].type;
        if (t) fn(t);
      }
      return;
    case 'Return':
      if (s.value) fn(s.value);
      return;
    case 'Other':
      for (let i = 0; i < s.exprs.length; i++) fn(s.exprs[i]);
      return;
  }
}

// The walks below run over every tree several times per analysis: they recurse directly and build no
// array per node.

/** Calls `visit` on every statement, depth first, in source order. Return false to skip a statement's children. */
export function walkStatements(body: Stmt[], visit: (s: Stmt) => boolean | void): void {
  const walkBody = (b: Stmt[]): void => {
    for (let i = 0; i < b.length; i++) {
      const s = b[i];
      if (visit(s) === false) continue;
      eachChildBody(s, walkBody);
    }
  };
  walkBody(body);
}

/** Calls `visit` on an expression and all its sub-expressions, outermost first. */
export function walkExpr(e: Expr, visit: (e: Expr) => boolean | void): void {
  if (visit(e) === false) return;
  switch (e.kind) {
    case 'Name':
    case 'Constant':
      return;
    case 'Attribute':
      walkExpr(e.value, visit);
      return;
    case 'Call':
      walkExpr(e.func, visit);
      for (let i = 0; i < e.args.length; i++) walkExpr(e.args[i], visit);
      for (let i = 0; i < e.keywords.length; i++) walkExpr(e.keywords[i].value, visit);
      return;
    case 'Subscript':
      walkExpr(e.value, visit);
      for (let i = 0; i < e.index.length; i++) walkExpr(e.index[i], visit);
      return;
    case 'Tuple':
    case 'List':
    case 'Set':
      for (let i = 0; i < e.elts.length; i++) walkExpr(e.elts[i], visit);
      return;
    case 'Dict':
      for (let i = 0; i < e.items.length; i++) {
        const item = e.items[i];
        if (item.key) walkExpr(item.key, visit);
        walkExpr(item.value, visit);
      }
      return;
    case 'Binary':
      walkExpr(e.left, visit);
      walkExpr(e.right, visit);
      return;
    case 'Unary':
      walkExpr(e.operand, visit);
      return;
    case 'Lambda':
      for (let i = 0; i < e.params.length; i++) {
        const d = e.params[i].default;
        if (d) walkExpr(d, visit);
      }
      walkExpr(e.body, visit);
      return;
    case 'Comprehension':
      if (e.key) walkExpr(e.key, visit);
      walkExpr(e.elt, visit);
      for (let i = 0; i < e.generators.length; i++) {
        const g = e.generators[i];
        walkExpr(g.target, visit);
        walkExpr(g.iter, visit);
        for (let j = 0; j < g.ifs.length; j++) walkExpr(g.ifs[j], visit);
      }
      return;
    case 'Conditional':
      walkExpr(e.test, visit);
      walkExpr(e.body, visit);
      walkExpr(e.orelse, visit);
      return;
    case 'Starred':
      walkExpr(e.value, visit);
      return;
    case 'Slice':
      for (let i = 0; i < e.parts.length; i++) {
        const p = e.parts[i];
        if (p) walkExpr(p, visit);
      }
      return;
    case 'Other':
      for (let i = 0; i < e.children.length; i++) walkExpr(e.children[i], visit);
      return;
  }
}

/** Calls `visit` on every expression of every statement in `body`, nested statements included. */
export function walkAllExprs(body: Stmt[], visit: (e: Expr, owner: Stmt) => boolean | void): void {
  walkStatements(body, (s) => {
    const one = (x: Expr): boolean | void => visit(x, s);
    eachStmtExpr(s, (e) => walkExpr(e, one));
  });
}

/** The statements most facts and rules look for, each list in walk order (nested statements included). */
export interface ModuleOutline {
  imports: ImportStmt[];
  /** Function and class definitions, interleaved as they come. */
  defs: Array<FunctionDefStmt | ClassDefStmt>;
  assigns: AssignStmt[];
}

/** The outline of a module, from one walk: later questions read these lists instead of walking the tree again. */
export function outline(body: Stmt[]): ModuleOutline {
  const imports: ImportStmt[] = [];
  const defs: Array<FunctionDefStmt | ClassDefStmt> = [];
  const assigns: AssignStmt[] = [];
  walkStatements(body, (s) => {
    if (s.kind === 'Assign') assigns.push(s);
    else if (s.kind === 'FunctionDef' || s.kind === 'ClassDef') defs.push(s);
    else if (s.kind === 'Import') imports.push(s);
  });
  return { imports, defs, assigns };
}
