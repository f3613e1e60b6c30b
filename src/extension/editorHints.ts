// Hover docs on ML Coach diagnostics, inlay hints after split calls, CodeLens on training cells.
// Hints are off by default and each kind has its own setting.
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { DiagnosticsPublisher, toRange } from './diagnostics';
import type { SplitHint, TrainingHint } from './hints';
import { IDS } from './ids';
import { toCorePath } from './locations';

/** The notebook and cell index a cell document belongs to. */
export function cellOf(document: vscode.TextDocument): { notebook: vscode.NotebookDocument; index: number } | undefined {
  if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
  for (const nb of vscode.workspace.notebookDocuments) {
    const cell = nb.getCells().find((c) => c.document === document);
    if (cell) return { notebook: nb, index: cell.index };
  }
  return undefined;
}

/** The hints of a document (a .py file, or one notebook cell). */
function hintsOf(service: AnalysisService, document: vscode.TextDocument): { splits: SplitHint[]; training: TrainingHint[] } {
  if (document.uri.scheme === 'file') {
    const h = service.hints(document.uri.fsPath);
    return { splits: h?.splits ?? [], training: h?.training ?? [] };
  }
  const where = cellOf(document);
  if (!where) return { splits: [], training: [] };
  const h = service.hints(toCorePath(where.notebook.uri.fsPath));
  return {
    splits: (h?.splits ?? []).filter((s) => s.range.cell === where.index),
    training: (h?.training ?? []).filter((t) => t.range.cell === where.index),
  };
}

/** Shows the rule's short documentation over an ML Coach diagnostic. */
export class RuleHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly diagnostics: DiagnosticsPublisher,
    private readonly service: AnalysisService,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const here = (this.diagnostics.collection.get(document.uri) ?? []).filter((d) => d.range.contains(position));
    const codes = [...new Set(here.map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code))))];
    if (codes.length === 0) return undefined;
    const { rules } = await this.service.meta();
    const parts: vscode.MarkdownString[] = [];
    for (const code of codes) {
      const rule = rules.find((r) => r.code === code);
      if (!rule) continue;
      const md = new vscode.MarkdownString(rule.hover);
      md.appendMarkdown(`\n\n[Show documentation](command:${IDS.commands.showRuleDocs}?${encodeURIComponent(JSON.stringify([code]))})`);
      md.isTrusted = { enabledCommands: [IDS.commands.showRuleDocs] };
      parts.push(md);
    }
    return parts.length ? new vscode.Hover(parts) : undefined;
  }
}

/** Inlay hints after split calls: sizes, stratified, seeded, validation. */
export class SplitInlayHints implements vscode.InlayHintsProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;

  constructor(private readonly service: AnalysisService) {}

  /** New results (or settings) arrived. */
  refresh(): void {
    this.changed.fire();
  }

  provideInlayHints(document: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    if (!this.service.settings.inlayHints || !this.service.settings.enable) return [];
    return hintsOf(this.service, document)
      .splits.map((s) => {
        const end = toRange(s.range).end;
        const hint = new vscode.InlayHint(end, ` ${s.label}`, vscode.InlayHintKind.Parameter);
        hint.tooltip = new vscode.MarkdownString(s.tooltip);
        hint.paddingLeft = true;
        return hint;
      })
      .filter((h) => range.contains(h.position) && h.position.line < document.lineCount);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** A CodeLens over the first training call of each cell or file: the level step it serves. */
export class TrainingCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly service: AnalysisService) {}

  /** New results (or settings) arrived. */
  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.service.settings.codeLens || !this.service.settings.enable) return [];
    const training = hintsOf(this.service, document).training;
    if (!training.length) return [];
    const project = this.projectFor(document);
    const trained = project?.items.find((i) => i.id === 'L1.model-trained');
    const next = project?.nextSteps[0];
    const title = [
      `$(mortar-board) Trains a model${trained ? `: Level 1 · ${trained.title}` : ''}`,
      next ? `next: ${next.title}` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    return training
      .filter((t) => t.range.startLine - 1 < document.lineCount)
      .map((t) => new vscode.CodeLens(toRange(t.range), { title, command: IDS.commands.focusLevels, tooltip: `${t.call}(...) trains a model. Open the Level view.` }));
  }

  private projectFor(document: vscode.TextDocument) {
    const uri = cellOf(document)?.notebook.uri ?? document.uri;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const report = folder ? this.service.reports().get(folder.uri.toString()) : undefined;
    if (!report) return undefined;
    const path = toCorePath(uri.fsPath);
    // The deepest project root containing the file.
    return [...report.projects]
      .sort((a, b) => b.root.length - a.root.length)
      .find((p) => !p.root || path.startsWith(`${report.root}/${p.root}/`));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
