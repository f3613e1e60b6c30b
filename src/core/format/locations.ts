// Paths and places as every report format shows them: relative to the analysed folder, 1-based.
// A notebook place is named one way everywhere a person reads it: `cell N`, N counting every cell from 1
// (markdown cells too), as VS Code's "Cell N of M" and Jupyter's own cell order do. Only the JSON report
// and SARIF property bags keep the 0-based `cell` index of the notebook's `cells` array.
import type { SourceRange } from '../model/findings';
import type { ProjectReport } from '../model/report';

/** A project-relative path made relative to the analysed folder (projects of a monorepo live in sub-folders). */
export function workspacePath(project: Pick<ProjectReport, 'root'>, path: string): string {
  if (!project.root) return path;
  return path ? `${project.root}/${path}` : project.root;
}

/** The user-facing name of a notebook cell from its 0-based index: `cell 1` for the first cell. */
export function cellName(index: number): string {
  return `cell ${index + 1}`;
}

/** `path:line:col`, or `path cell N:line:col` in a notebook. */
export function formatLocation(range: SourceRange, path: string = range.path): string {
  const where = `${range.startLine}:${range.startColumn}`;
  return range.cell !== undefined ? `${path} ${cellName(range.cell)}:${where}` : `${path}:${where}`;
}

/** A short place for evidence lists and tree rows: `path:line` or `path cell N:line`. */
export function formatEvidencePlace(range: SourceRange, path: string = range.path): string {
  return range.cell !== undefined ? `${path} ${cellName(range.cell)}:${range.startLine}` : `${path}:${range.startLine}`;
}

/** A place inside one file, for prose: `line 7`, or `cell N, line 2` in a notebook. */
export function formatPlaceInFile(range: Pick<SourceRange, 'cell' | 'startLine'>): string {
  return range.cell !== undefined ? `${cellName(range.cell)}, line ${range.startLine}` : `line ${range.startLine}`;
}
