// Findings of open files and notebook cells as diagnostics. Only open documents get them (closing a
// file clears them); findings elsewhere live in the sidebar.
import * as vscode from 'vscode';
import type { Finding, SourceRange } from '../core/model/findings';
import type { ProjectReport, WorkspaceReport } from '../core/model/report';
import { type PlacedFinding, findingsByPath } from './findingsModel';
import { IDS } from './ids';
import { absolutePath, toCorePath, toZeroBased } from './locations';
import type { FolderState } from './levelView';
import type { ExtensionSettings } from './settings';
import { diagnosticMessages, relatedMessage } from './messageText';

/** The uri of a rule's documentation page (a virtual document, offline). */
export function ruleDocsUri(code: string): vscode.Uri {
  return vscode.Uri.from({ scheme: IDS.docsScheme, path: `/rules/${code}.md` });
}

/** A vscode range from a report range. */
export function toRange(r: SourceRange): vscode.Range {
  const z = toZeroBased(r);
  return new vscode.Range(z.startLine, z.startCharacter, z.endLine, z.endCharacter);
}

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** Where a report range is in the editor: a notebook cell's document when the notebook is open, else the file. */
export function locate(report: WorkspaceReport, project: ProjectReport, r: SourceRange): vscode.Location {
  const path = absolutePath(report, project, r.path);
  if (r.cell !== undefined) {
    const nb = vscode.workspace.notebookDocuments.find(
      (n) => n.uri.scheme === 'file' && toCorePath(n.uri.fsPath) === path,
    );
    if (nb && r.cell < nb.cellCount) return new vscode.Location(nb.cellAt(r.cell).document.uri, toRange(r));
    return new vscode.Location(vscode.Uri.file(path), new vscode.Position(0, 0));
  }
  return new vscode.Location(vscode.Uri.file(path), toRange(r));
}

/** The diagnostic of one finding; `message` is its one-line form (the lead sentence and its place). */
function toDiagnostic(p: PlacedFinding, message = diagnosticMessages([p.finding])[0]): vscode.Diagnostic {
  const f = p.finding;
  const d = new vscode.Diagnostic(toRange(f.range!), message, SEVERITY[f.severity]);
  d.source = IDS.diagnosticSource;
  d.code = { value: f.code, target: ruleDocsUri(f.code) };
  if (f.related?.length)
    d.relatedInformation = f.related.map(
      (r) => new vscode.DiagnosticRelatedInformation(locate(p.report, p.project, r.range), relatedMessage(r)),
    );
  const tags: vscode.DiagnosticTag[] = [];
  if (f.tags?.includes('unnecessary')) tags.push(vscode.DiagnosticTag.Unnecessary);
  if (f.tags?.includes('deprecated')) tags.push(vscode.DiagnosticTag.Deprecated);
  if (tags.length) d.tags = tags;
  return d;
}

/** Keeps the diagnostic collection in line with the latest reports and the open documents. */
export class DiagnosticsPublisher implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('mlcoach');
  /** The finding behind each published diagnostic, for code actions. */
  private readonly origin = new WeakMap<vscode.Diagnostic, PlacedFinding>();

  /** The finding a diagnostic came from. */
  findingOf(d: vscode.Diagnostic): PlacedFinding | undefined {
    return this.origin.get(d);
  }

  /** Replaces all diagnostics from the given folder states. */
  publish(folders: FolderState[], settings: ExtensionSettings): void {
    const byPath = settings.enable ? findingsByPath(folders) : new Map<string, PlacedFinding[]>();
    const entries: Array<[vscode.Uri, vscode.Diagnostic[]]> = [];
    if (settings.python) {
      for (const doc of vscode.workspace.textDocuments) {
        if (doc.uri.scheme !== 'file' || doc.languageId !== 'python') continue;
        const found = (byPath.get(toCorePath(doc.uri.fsPath)) ?? []).filter((p) => p.finding.range!.cell === undefined);
        const messages = diagnosticMessages(found.map((p) => p.finding));
        entries.push([doc.uri, found.map((p, i) => this.make(p, messages[i]))]);
      }
    }
    if (settings.notebooks) {
      for (const nb of vscode.workspace.notebookDocuments) {
        if (nb.uri.scheme !== 'file') continue;
        const found = byPath.get(toCorePath(nb.uri.fsPath)) ?? [];
        const messages = diagnosticMessages(found.map((p) => p.finding));
        const perCell = new Map<number, vscode.Diagnostic[]>();
        found.forEach((p, i) => {
          const cell = p.finding.range!.cell;
          if (cell === undefined || cell >= nb.cellCount) return;
          const list = perCell.get(cell) ?? [];
          list.push(this.make(p, messages[i]));
          perCell.set(cell, list);
        });
        for (const cell of nb.getCells()) entries.push([cell.document.uri, perCell.get(cell.index) ?? []]);
      }
    }
    this.collection.clear();
    this.collection.set(entries.filter(([, ds]) => ds.length > 0));
  }

  private make(p: PlacedFinding, message: string): vscode.Diagnostic {
    const d = toDiagnostic(p, message);
    this.origin.set(d, p);
    return d;
  }

  dispose(): void {
    this.collection.dispose();
  }
}
