// The tree walks recurse without building arrays; they must visit exactly what the plain array-returning
// descriptions of the tree below (childExprs, stmtExprs, childBodies) give, in the same order, on real code.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Expr, Stmt } from '../../../src/core/python/ast';
import { parsePython } from '../../../src/core/python/parse';
import {
  eachChildBody,
  eachStmtExpr,
  outline,
  walkAllExprs,
  walkExpr,
  walkStatements,
} from '../../../src/core/python/walk';
import { FIXTURES, REPO_ROOT } from '../../support/paths';

function pyFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) pyFiles(p, out);
    else if (name.endsWith('.py')) out.push(p);
  }
  return out;
}

// The reference: the tree's shape written out as plain arrays.

/** The child expressions of an expression, in source order. */
function childExprs(e: Expr): Expr[] {
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
function stmtExprs(s: Stmt): Expr[] {
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
function childBodies(s: Stmt): Stmt[][] {
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

/** The reference walks, written with the array helpers. */
function refStatements(body: Stmt[], out: Stmt[] = []): Stmt[] {
  for (const s of body) {
    out.push(s);
    for (const b of childBodies(s)) refStatements(b, out);
  }
  return out;
}
function refExprs(e: Expr, out: Expr[] = []): Expr[] {
  out.push(e);
  for (const c of childExprs(e)) refExprs(c, out);
  return out;
}

describe('tree walks', () => {
  const sources = [...pyFiles(FIXTURES), ...pyFiles(join(REPO_ROOT, 'examples'))].map((p) => readFileSync(p, 'utf8'));
  sources.push(
    'x = {**a, "k": [i async for i in f() if i], **b}\n' +
      'lambda a=1, *b, c=d: e[1:2, ::3]\n' +
      'with open(p) as f, g:\n' +
      '  pass\n' +
      'try:\n' +
      '  pass\n' +
      'except E as e:\n' +
      '  raise\n' +
      'else:\n' +
      '  pass\n' +
      'finally:\n' +
      '  pass\n',
  );

  it('visit every statement and expression in the order the array helpers give', () => {
    let statements = 0;
    let expressions = 0;
    for (const src of sources) {
      const body = parsePython(src).body;
      const seen: Stmt[] = [];
      walkStatements(body, (s) => void seen.push(s));
      const ref = refStatements(body);
      assert.equal(seen.length, ref.length);
      for (const [i, s] of seen.entries()) assert.equal(s, ref[i]);
      statements += ref.length;

      const exprs: Array<[Expr, Stmt]> = [];
      walkAllExprs(body, (e, owner) => void exprs.push([e, owner]));
      const refE = ref.flatMap((s) => stmtExprs(s).flatMap((e) => refExprs(e).map((x) => [x, s] as [Expr, Stmt])));
      assert.equal(exprs.length, refE.length);
      exprs.forEach(([e, o], i) => {
        assert.equal(e, refE[i][0]);
        assert.equal(o, refE[i][1]);
      });
      expressions += refE.length;

      for (const s of ref) {
        const direct: Expr[] = [];
        eachStmtExpr(s, (e) => void direct.push(e));
        assert.deepEqual(direct, stmtExprs(s));
        const bodies: Stmt[][] = [];
        eachChildBody(s, (b) => void bodies.push(b));
        assert.deepEqual(bodies, childBodies(s));
      }
    }
    assert.ok(statements > 2000 && expressions > 10000, `${statements} statements, ${expressions} expressions`);
  });

  it('outline a module: its imports, definitions and assignments in walk order', () => {
    for (const src of sources) {
      const body = parsePython(src).body;
      const all = refStatements(body);
      const o = outline(body);
      assert.deepEqual(
        o.imports,
        all.filter((s) => s.kind === 'Import'),
      );
      assert.deepEqual(
        o.defs,
        all.filter((s) => s.kind === 'FunctionDef' || s.kind === 'ClassDef'),
      );
      assert.deepEqual(
        o.assigns,
        all.filter((s) => s.kind === 'Assign'),
      );
    }
  });

  it('skip the children of a statement or expression when the visitor returns false', () => {
    const body = parsePython('def f():\n    g(h(1))\nclass C:\n    x = 1\n').body;
    const names: string[] = [];
    walkStatements(body, (s) => {
      names.push(s.kind);
      return s.kind !== 'FunctionDef';
    });
    assert.deepEqual(names, ['FunctionDef', 'ClassDef', 'Assign']);
    const calls: string[] = [];
    const call = (parsePython('g(h(1))').body[0] as Extract<Stmt, { kind: 'Expr' }>).value;
    walkExpr(call, (e) => {
      calls.push(e.kind);
      return e.kind !== 'Call';
    });
    assert.deepEqual(calls, ['Call']);
  });
});
