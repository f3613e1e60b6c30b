// Models trained by hand with NumPy: a loop that steps weights against their gradient (`w -= gamma * grad`,
// `w = w - lr * compute_gradient(y, tx, w)`). Course projects implement gradient descent, logistic regression and
// their losses from scratch, without any machine-learning library; the step is what makes the code training.
import type { Expr, Stmt } from '../python/ast';
import { dottedName } from '../python/imports';
import type { PythonUnit } from '../python/unit';
import { eachChildBody } from '../python/walk';

/** Names of a step size: `gamma`, `lr`, `alpha`, `eta`, `learning_rate`, `step_size`, with a suffix (`lr_t`). */
const STEP_SIZE = /^(lr|gamma|alpha|eta|learning_?rate|step_?size)(_?[a-z0-9]*)?$/i;
/** Names of a gradient, or of a function that computes one: `grad`, `gradient`, `dw`, `compute_gradient(...)`. */
const GRADIENT = /grad|^d_?(w|b|theta|weights?)\d*$/i;
/** Functions named for one step of training, which a loop elsewhere calls (`def gradient_descent(self, dW1, dW2)`). */
const STEP_FUNCTION = /grad|descent|backprop|update_?(weights|params|parameters)|^(sgd_)?step$/i;

/**
 * The first step of weights against a gradient inside a loop of the unit, or inside a function named for such a step
 * (outside its tests), if any.
 */
export function gradientStep(unit: PythonUnit): Stmt | undefined {
  // Cheap look first: most units never name a gradient.
  if (!/grad/i.test(unit.module.source) || !unit.imports.uses('numpy')) return undefined;
  let found: Stmt | undefined;
  const walk = (body: Stmt[], inLoop: boolean): void => {
    for (const s of body) {
      if (found) return;
      if (inLoop && isStep(s)) {
        found = s;
        return;
      }
      const loop =
        inLoop || s.kind === 'For' || s.kind === 'While' || (s.kind === 'FunctionDef' && STEP_FUNCTION.test(s.name));
      eachChildBody(s, (b) => walk(b, loop));
    }
  };
  walk(unit.module.body, false);
  return found;
}

/** `w -= gamma * grad`, or `w = w - gamma * grad` (also `W1 = self.W1 - self.learning_rate * dW1`). */
function isStep(s: Stmt): boolean {
  if (s.kind === 'AugAssign') return s.op === '-=' && scaledGradient(s.value);
  if (s.kind !== 'Assign' || s.targets.length !== 1 || !s.value) return false;
  const v = s.value;
  if (v.kind !== 'Binary' || v.op !== '-') return false;
  const target = dottedName(s.targets[0]);
  const from = dottedName(v.left);
  const sameWeights = !!target && (from === target || (s.targets[0].kind === 'Name' && from === `self.${target}`));
  return sameWeights && scaledGradient(v.right);
}

/** A product of a step size and a gradient (`gamma * grad`, `lr * compute_gradient(y, tx, w)`). */
function scaledGradient(e: Expr): boolean {
  if (e.kind !== 'Binary' || e.op !== '*') return false;
  return (isStepSize(e.left) && isGradient(e.right)) || (isStepSize(e.right) && isGradient(e.left));
}

function isStepSize(e: Expr): boolean {
  const name = lastName(e);
  return !!name && STEP_SIZE.test(name);
}

function isGradient(e: Expr): boolean {
  const name = lastName(e.kind === 'Call' ? e.func : e);
  return !!name && GRADIENT.test(name);
}

/** The last part of a name or attribute (`self.lr` → `lr`). */
function lastName(e: Expr): string | undefined {
  if (e.kind === 'Name') return e.id;
  if (e.kind === 'Attribute') return e.attr;
  return undefined;
}
