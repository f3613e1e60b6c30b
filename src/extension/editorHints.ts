// Hover docs on ML Coach diagnostics, inlay hints after split calls, CodeLens on training cells.
// Hints are on by default and each kind has its own setting.
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { type DiagnosticsPublisher, toRange } from './diagnostics';
import type { SplitHint, TrainingHint } from './hints';
import { IDS } from './ids';
import { toCorePath } from './locations';
import { hoverMarkdown } from './messageText';
import { type LensAction, trainingLens } from './lensModel';
import type { ProjectReport } from '../core/model/report';

/** The argument of the next-step command a training CodeLens runs. */
export interface NextStepArgs {
  folderKey: string;
  projectRoot: string;
  action: LensAction;
}

/** The notebook and cell index a cell document belongs to. */
export function cellOf(
  document: vscode.TextDocument,
): { notebook: vscode.NotebookDocument; index: number } | undefined {
  if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
  for (const nb of vscode.workspace.notebookDocuments) {
    const cell = nb.getCells().find((c) => c.document === document);
    if (cell) return { notebook: nb, index: cell.index };
  }
  return undefined;
}

/** The hints of a document (a .py file, or one notebook cell). */
function hintsOf(
  service: AnalysisService,
  document: vscode.TextDocument,
): { splits: SplitHint[]; training: TrainingHint[] } {
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
    if (here.length === 0) return undefined;
    const { rules } = await this.service.meta();
    const parts: vscode.MarkdownString[] = [];
    const seen = new Set<string>();
    for (const d of here) {
      const placed = this.diagnostics.findingOf(d);
      if (!placed) continue;
      const f = placed.finding;
      const key = `${f.code}|${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const rule = rules.find((r) => r.code === f.code);
      const args = encodeURIComponent(JSON.stringify([f.code]));
      const link = `[${f.code} documentation](command:${IDS.commands.showRuleDocs}?${args})`;
      const md = new vscode.MarkdownString(hoverMarkdown(f, rule, link));
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

/** A CodeLens over the first training call of each cell or file: the level and the next step for that code. */
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
    const where = this.projectFor(document);
    return training
      .filter((t) => t.range.startLine - 1 < document.lineCount)
      .map((t) => {
        const lens = trainingLens(where?.project, t.range.path, t.range.cell, t.call);
        const arg: NextStepArgs = {
          folderKey: where?.folderKey ?? '',
          projectRoot: where?.project.root ?? '',
          action: lens.action,
        };
        return new vscode.CodeLens(toRange(t.range), {
          title: `$(mortar-board) ${lens.title}`,
          command: IDS.commands.runNextStep,
          tooltip: lens.tooltip,
          arguments: [arg],
        });
      });
  }

  private projectFor(document: vscode.TextDocument): { folderKey: string; project: ProjectReport } | undefined {
    const uri = cellOf(document)?.notebook.uri ?? document.uri;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const folderKey = folder?.uri.toString();
    const report = folderKey ? this.service.reports().get(folderKey) : undefined;
    if (!report || !folderKey) return undefined;
    const path = toCorePath(uri.fsPath);
    // The deepest project root containing the file.
    const project = [...report.projects]
      .sort((a, b) => b.root.length - a.root.length)
      .find((p) => !p.root || path.startsWith(`${report.root}/${p.root}/`));
    return project ? { folderKey, project } : undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
