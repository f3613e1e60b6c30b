// "Use a path relative to the project": an absolute path from someone's machine whose tail names a folder
// the project has (`/home/anna/projects/housing/data/train.csv` in a project with `data/`) becomes
// `str(PROJECT_ROOT / "data" / "train.csv")`, with `PROJECT_ROOT` found from the script's own place once,
// after the imports.
import type { Fix, TextEdit } from '../model/findings';
import type { Expr } from '../python/ast';
import type { PythonUnit } from '../python/unit';
import type { ProjectModel } from '../project/model';
import { importEdit, insertAt, nameUsed, replaceSpan } from './source';

/** The title of the fix. */
const PROJECT_PATH_TITLE = 'Use a path relative to the project root (pathlib)';

const ROOT_NAME = 'PROJECT_ROOT';

/** The part of an absolute path from the first segment that is a top-level folder of the project. */
function projectTail(path: string, folders: ReadonlySet<string>): string[] | undefined {
  const parts = path.split(/[\\/]+/).filter(Boolean);
  const i = parts.findIndex((p, k) => k > 0 && folders.has(p));
  return i > 0 ? parts.slice(i) : undefined;
}

/** The fix for one literal; undefined when no folder of the project appears in it. */
export function projectRelativePathFix(
  unit: PythonUnit,
  project: ProjectModel,
  literal: Expr,
  text: string,
): Fix | undefined {
  if (literal.kind !== 'Constant' || literal.type !== 'str' || unit.kind !== 'module') return undefined;
  const folders = new Set(
    project.files
      .map((f) => f.path.split('/'))
      .filter((p) => p.length > 1)
      .map((p) => p[0]),
  );
  const tail = projectTail(text, folders);
  if (!tail) return undefined;
  const edits: TextEdit[] = [
    replaceSpan(unit, literal, `str(${[ROOT_NAME, ...tail.map((t) => JSON.stringify(t))].join(' / ')})`),
  ];
  if (!nameUsed(unit, ROOT_NAME)) {
    const imports = unit.module.body.filter((s) => s.kind === 'Import');
    const last = imports[imports.length - 1];
    if (!last) return undefined;
    const pathBound = unit.imports.byName.get('Path')?.qualified === 'pathlib.Path';
    if (!pathBound && unit.imports.byName.has('Path')) return undefined;
    if (!pathBound) {
      const e = importEdit(unit, 'from pathlib import Path', last.to + 1);
      if (e) edits.push(e);
    }
    const prefix = project.relativeRoot ? `${project.relativeRoot}/` : '';
    const rel = unit.path.startsWith(prefix) ? unit.path.slice(prefix.length) : unit.path;
    const depth = rel.split('/').length - 1;
    edits.push(insertAt(unit, last.to, `\n\n${ROOT_NAME} = Path(__file__).resolve().parents[${depth}]`));
  }
  return { title: PROJECT_PATH_TITLE, isPreferred: true, safety: 'unsafe', edits };
}
