// The tree walks recurse without building arrays; they must visit exactly what the array-returning
// helpers (childExprs, stmtExprs, childBodies) describe, in the same order, on real code.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Expr, Stmt } from '../../../src/core/python/ast';
import { parsePython } from '../../../src/core/python/ast';
import { childBodies, childExprs, eachChildBody, eachStmtExpr, outline, stmtExprs, walkAllExprs, walkExpr, walkStatements } from '../../../src/core/python/walk';
import { FIXTURES, REPO_ROOT } from '../../support/paths';

function pyFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) pyFiles(p, out);
    else if (name.endsWith('.py')) out.push(p);
  }
  return out;
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
  sources.push('x = {**a, "k": [i async for i in f() if i], **b}\nlambda a=1, *b, c=d: e[1:2, ::3]\nwith open(p) as f, g:\n  pass\ntry:\n  pass\nexcept E as e:\n  raise\nelse:\n  pass\nfinally:\n  pass\n');

  it('visit every statement and expression in the order the array helpers give', () => {
    let statements = 0;
    let expressions = 0;
    for (const src of sources) {
      const body = parsePython(src).body;
      const seen: Stmt[] = [];
      walkStatements(body, (s) => void seen.push(s));
      const ref = refStatements(body);
      assert.equal(seen.length, ref.length);
      seen.forEach((s, i) => assert.equal(s, ref[i]));
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
      assert.deepEqual(o.imports, all.filter((s) => s.kind === 'Import'));
      assert.deepEqual(o.defs, all.filter((s) => s.kind === 'FunctionDef' || s.kind === 'ClassDef'));
      assert.deepEqual(o.assigns, all.filter((s) => s.kind === 'Assign'));
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
