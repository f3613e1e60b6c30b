// Models written from scratch with NumPy in scikit-learn's shape (a decision tree, a boosting regressor of a course
// project): classes with a method that learns (`fit`, `train`) and one that predicts. They make a project an ML
// project, and calling their learning method trains a model.
import type { ClassDefStmt } from '../python/ast';
import type { PythonUnit } from '../python/unit';

const LEARNS = new Set(['fit', 'train']);
const PREDICTS = new Set(['predict', 'predict_proba']);

/** The classes of the unit's top level that learn and predict, in a unit that uses NumPy. */
export function handWrittenModels(unit: PythonUnit): ClassDefStmt[] {
  if (!unit.imports.uses('numpy')) return [];
  const out: ClassDefStmt[] = [];
  for (const s of unit.module.body) {
    if (s.kind !== 'ClassDef') continue;
    let learns = false;
    let predicts = false;
    for (const m of s.body) {
      if (m.kind !== 'FunctionDef') continue;
      if (LEARNS.has(m.name)) learns = true;
      if (PREDICTS.has(m.name)) predicts = true;
    }
    if (learns && predicts) out.push(s);
  }
  return out;
}

/** True for a learning method's name (`fit`, `train`). */
export function learningMethod(name: string | undefined): boolean {
  return name !== undefined && LEARNS.has(name);
}
