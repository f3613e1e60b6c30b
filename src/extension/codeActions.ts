// Quick fixes: the core's fixes as WorkspaceEdits (cell edits go to the cell document, new files are
// created only if absent and never through a link leading out of the project), plus "Show documentation" and suppressions for every ML Coach diagnostic.
import * as vscode from 'vscode';
import type { Fix } from '../core/model/findings';
import { IDS } from './ids';
import { DiagnosticsPublisher, locate, toRange } from './diagnostics';
import type { PlacedFinding } from './findingsModel';
import { absolutePath } from './locations';
import { cellSuppression, lineSuppression } from './suppressText';
import { linkRefusal } from '../node/scaffoldTarget';

/** Turns a core fix into a WorkspaceEdit. Undefined when an edit points at a cell that is not open. */
export function fixToEdit(p: PlacedFinding, fix: Fix): vscode.WorkspaceEdit | undefined {
  const edit = new vscode.WorkspaceEdit();
  for (const e of fix.edits) {
    const loc = locate(p.report, p.project, e.range);
    if (e.range.cell !== undefined && loc.uri.scheme === 'file') return undefined;
    edit.replace(loc.uri, toRange(e.range), e.newText);
  }
  for (const f of fix.newFiles ?? []) {
    // As for scaffolds: never create a file through a link that leads out of the project.
    if (linkRefusal(absolutePath(p.report, p.project, ''), f.path)) return undefined;
    const uri = vscode.Uri.file(absolutePath(p.report, p.project, f.path));
    edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(f.content) });
  }
  return edit;
}

/** Provides ML Coach's code actions. */
export class MlCoachCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics: DiagnosticsPublisher) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const out: vscode.CodeAction[] = [];
    const docsOffered = new Set<string>();
    for (const d of context.diagnostics) {
      if (d.source !== IDS.diagnosticSource) continue;
      const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');
      const placed = this.diagnostics.findingOf(d);
      let preferredTaken = false;
      for (const fix of placed?.finding.fixes ?? []) {
        const edit = placed ? fixToEdit(placed, fix) : undefined;
        if (!edit) continue;
        const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        a.edit = edit;
        a.diagnostics = [d];
        if (fix.isPreferred && fix.safety === 'safe' && !preferredTaken) {
          a.isPreferred = true;
          preferredTaken = true;
        }
        out.push(a);
      }
      const line = lineSuppression(document.lineAt(d.range.start.line).text, code);
      if (line) {
        const a = new vscode.CodeAction(`Suppress ${code} for this line`, vscode.CodeActionKind.QuickFix);
        a.edit = new vscode.WorkspaceEdit();
        const end = line.replaceTo ?? line.column;
        a.edit.replace(document.uri, new vscode.Range(d.range.start.line, line.column, d.range.start.line, end), line.text);
        a.diagnostics = [d];
        out.push(a);
      }
      if (document.uri.scheme === 'vscode-notebook-cell') {
        const firstLines = [0, 1].filter((i) => i < document.lineCount).map((i) => document.lineAt(i).text);
        const cell = cellSuppression(firstLines, code);
        if (cell && cell.line < document.lineCount) {
          const a = new vscode.CodeAction(`Suppress ${code} for this cell`, vscode.CodeActionKind.QuickFix);
          a.edit = new vscode.WorkspaceEdit();
          if (cell.replaceLine) a.edit.replace(document.uri, document.lineAt(cell.line).range, cell.text);
          else a.edit.insert(document.uri, new vscode.Position(cell.line, 0), cell.text);
          a.diagnostics = [d];
          out.push(a);
        }
      }
      if (!docsOffered.has(code)) {
        docsOffered.add(code);
        const a = new vscode.CodeAction(`Show documentation for ${code}`, vscode.CodeActionKind.QuickFix);
        a.command = { command: IDS.commands.showRuleDocs, title: `Show documentation for ${code}`, arguments: [code] };
        a.diagnostics = [d];
        out.push(a);
      }
    }
    return out;
  }
}
