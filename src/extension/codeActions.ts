// Quick fixes: the core's fixes as WorkspaceEdits (cell edits go to the cell document, new files are
// created only if absent and never through a link leading out of the project), then "Show
// documentation", then suppressions, which come last and are never preferred. "Fix all ML Coach safe fixes"
// (`source.fixAll.mlcoach`) applies every safe fix of a document at once; it runs on save only when the user lists it
// in `editor.codeActionsOnSave`.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { Fix } from '../core/model/findings';
import { chooseFix } from '../core/fixes/choose';
import { IDS } from './ids';
import { type DiagnosticsPublisher, locate, toRange } from './diagnostics';
import type { PlacedFinding } from './findingsModel';
import { absolutePath } from './locations';
import { cellSuppression, lineSuppression } from './suppressText';
import { linkRefusal } from '../node/scaffoldTarget';

/** The kind of ML Coach's fix-all action (`editor.codeActionsOnSave: { "source.fixAll.mlcoach": "explicit" }`). */
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('mlcoach');

/** The title of the fix-all action. */
const FIX_ALL_TITLE = 'Fix all ML Coach safe fixes';

/** Turns a core fix into a WorkspaceEdit. Undefined when an edit points at a cell that is not open. */
export function fixToEdit(
  p: Pick<PlacedFinding, 'report' | 'project'>,
  fix: Fix,
  into = new vscode.WorkspaceEdit(),
): vscode.WorkspaceEdit | undefined {
  const edit = into;
  for (const e of fix.edits) {
    const loc = locate(p.report, p.project, e.range);
    if (e.range.cell !== undefined && loc.uri.scheme === 'file') return undefined;
    edit.replace(loc.uri, toRange(e.range), e.newText);
  }
  const removals = new Map<string, { uri: vscode.Uri; cells: number[] }>();
  for (const d of fix.deleteCells ?? []) {
    const path = absolutePath(p.report, p.project, d.path);
    const nb = vscode.workspace.notebookDocuments.find(
      (n) => n.uri.scheme === 'file' && n.uri.fsPath.replace(/\\/g, '/') === path,
    );
    if (!nb || d.cell >= nb.cellCount) return undefined;
    const entry = removals.get(nb.uri.toString()) ?? { uri: nb.uri, cells: [] };
    entry.cells.push(d.cell);
    removals.set(nb.uri.toString(), entry);
  }
  for (const { uri, cells } of removals.values()) {
    edit.set(
      uri,
      cells.sort((a, b) => b - a).map((i) => vscode.NotebookEdit.deleteCells(new vscode.NotebookRange(i, i + 1))),
    );
  }
  for (const f of fix.newFiles ?? []) {
    // As for scaffolds: never create a file through a link that leads out of the project.
    if (linkRefusal(absolutePath(p.report, p.project, ''), f.path)) return undefined;
    // The text goes in as an edit of the new file rather than as `contents`: an edit that carries file
    // contents does not survive being handed back through `vscode.executeCodeActionProvider`. The core
    // offers new files only where none exists.
    // The insert below would land at the top of a file that appeared since the analysis: offer nothing then.
    if (existsSync(absolutePath(p.report, p.project, f.path))) return undefined;
    const uri = vscode.Uri.file(absolutePath(p.report, p.project, f.path));
    edit.createFile(uri, { ignoreIfExists: true });
    edit.insert(uri, new vscode.Position(0, 0), f.content);
  }
  return edit;
}

/** Provides ML Coach's code actions. */
export class MlCoachCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND];

  constructor(private readonly diagnostics: DiagnosticsPublisher) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    // `only` asks for one kind and its sub-kinds: `source.fixAll` (on save) includes ours.
    const wantsFixAll = !context.only || context.only.contains(FIX_ALL_KIND);
    const wantsQuickFixes = !context.only || context.only.contains(vscode.CodeActionKind.QuickFix);
    const out: vscode.CodeAction[] = [];
    if (wantsQuickFixes) out.push(...this.quickFixes(document, context.diagnostics));
    if (wantsFixAll) {
      const all = this.fixAll(document);
      if (all) out.push(all);
    }
    return out;
  }

  /** Per diagnostic: its fixes (the preferred one first), then documentation; suppressions after all of them. */
  private quickFixes(document: vscode.TextDocument, diagnostics: readonly vscode.Diagnostic[]): vscode.CodeAction[] {
    const fixes: vscode.CodeAction[] = [];
    const docs: vscode.CodeAction[] = [];
    const suppressions: vscode.CodeAction[] = [];
    const docsOffered = new Set<string>();
    for (const d of diagnostics) {
      if (d.source !== IDS.diagnosticSource) continue;
      const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');
      const placed = this.diagnostics.findingOf(d);
      const ordered = [...(placed?.finding.fixes ?? [])].sort(
        (a, b) => Number(!!b.isPreferred) - Number(!!a.isPreferred),
      );
      let preferredTaken = false;
      for (const fix of ordered) {
        const edit = placed ? fixToEdit(placed, fix) : undefined;
        if (!edit) continue;
        const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        a.edit = edit;
        a.diagnostics = [d];
        if (fix.isPreferred && !preferredTaken) {
          a.isPreferred = true;
          preferredTaken = true;
        }
        fixes.push(a);
      }
      const line = lineSuppression(document.lineAt(d.range.start.line).text, code);
      if (line) {
        const a = new vscode.CodeAction(`Suppress ${code} for this line`, vscode.CodeActionKind.QuickFix);
        a.edit = new vscode.WorkspaceEdit();
        const end = line.replaceTo ?? line.column;
        a.edit.replace(
          document.uri,
          new vscode.Range(d.range.start.line, line.column, d.range.start.line, end),
          line.text,
        );
        a.diagnostics = [d];
        suppressions.push(a);
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
          suppressions.push(a);
        }
      }
      if (!docsOffered.has(code)) {
        docsOffered.add(code);
        const a = new vscode.CodeAction(`Show documentation for ${code}`, vscode.CodeActionKind.QuickFix);
        a.command = { command: IDS.commands.showRuleDocs, title: `Show documentation for ${code}`, arguments: [code] };
        a.diagnostics = [d];
        docs.push(a);
      }
    }
    return [...fixes, ...docs, ...suppressions];
  }

  /** One action with every safe fix of the document whose edits do not overlap an earlier one. */
  private fixAll(document: vscode.TextDocument): vscode.CodeAction | undefined {
    const edit = new vscode.WorkspaceEdit();
    const taken: Array<{ uri: string; range: vscode.Range }> = [];
    let count = 0;
    for (const d of vscode.languages.getDiagnostics(document.uri)) {
      if (d.source !== IDS.diagnosticSource) continue;
      const placed = this.diagnostics.findingOf(d);
      const fix = placed ? chooseFix(placed.finding, { unsafe: false }) : undefined;
      if (!placed || !fix) continue;
      const trial = fixToEdit(placed, fix);
      if (!trial) continue;
      const ranges = trial
        .entries()
        .flatMap(([uri, edits]) => edits.map((e) => ({ uri: uri.toString(), range: e.range })));
      if (ranges.some((r) => taken.some((t) => t.uri === r.uri && t.range.intersection(r.range) !== undefined)))
        continue;
      fixToEdit(placed, fix, edit);
      taken.push(...ranges);
      count++;
    }
    if (count === 0) return undefined;
    const a = new vscode.CodeAction(FIX_ALL_TITLE, FIX_ALL_KIND);
    a.edit = edit;
    return a;
  }
}
