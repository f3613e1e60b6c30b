// Paths and places as every report format shows them: relative to the analysed folder, 1-based.
import type { SourceRange } from '../model/findings';
import type { ProjectReport } from '../model/report';

/** A project-relative path made relative to the analysed folder (projects of a monorepo live in sub-folders). */
export function workspacePath(project: Pick<ProjectReport, 'root'>, path: string): string {
  if (!project.root) return path;
  return path ? `${project.root}/${path}` : project.root;
}

/** `path:line:col`, or `path cell N:line:col` in a notebook (N = index in the notebook's cells array). */
export function formatLocation(range: SourceRange, path: string = range.path): string {
  const where = `${range.startLine}:${range.startColumn}`;
  return range.cell !== undefined ? `${path} cell ${range.cell}:${where}` : `${path}:${where}`;
}

/** A short place for evidence lists: `path:line` or `path cell N:line`. */
export function formatEvidencePlace(range: SourceRange, path: string = range.path): string {
  return range.cell !== undefined ? `${path} cell ${range.cell}:${range.startLine}` : `${path}:${range.startLine}`;
}
