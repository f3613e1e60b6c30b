// Where report ranges point on disk and in an editor: plain arithmetic, kept free of the vscode API.
import type { SourceRange } from '../core/model/findings';
import type { ProjectReport, WorkspaceReport } from '../core/model/report';
import { joinPath } from '../core/fs/fileSystem';

/** A zero-based range, as editors count. */
export interface ZeroRange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

/** Converts a report range (1-based lines and columns) to a zero-based one, never negative. */
export function toZeroBased(r: SourceRange): ZeroRange {
  const startLine = Math.max(0, r.startLine - 1);
  const startCharacter = Math.max(0, r.startColumn - 1);
  let endLine = Math.max(startLine, r.endLine - 1);
  let endCharacter = Math.max(0, r.endColumn - 1);
  if (endLine === startLine && endCharacter < startCharacter) endCharacter = startCharacter;
  if (r.endLine < r.startLine) {
    endLine = startLine;
    endCharacter = startCharacter;
  }
  return { startLine, startCharacter, endLine, endCharacter };
}

/** The absolute path of a file named relative to a project of a workspace report. */
export function absolutePath(report: WorkspaceReport, project: ProjectReport, relative: string): string {
  return joinPath(report.root, project.root, relative);
}

/** Converts a platform path (Windows backslashes, drive letters) to the forward-slash form the core uses. */
export function toCorePath(fsPath: string): string {
  return fsPath.replace(/\\/g, '/');
}

/** True for the files ML Coach analyses in an editor. */
export function isPythonPath(path: string): boolean {
  return /\.pyw?$/i.test(path);
}

/** True for Jupyter notebooks. */
export function isNotebookPath(path: string): boolean {
  return /\.ipynb$/i.test(path);
}
