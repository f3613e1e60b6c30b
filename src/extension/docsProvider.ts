// Offline documentation as virtual Markdown documents (`mlcoach-docs:/rules/ML101.md`,
// `mlcoach-docs:/report.md`), shown in the Markdown preview.
import * as vscode from 'vscode';
import { ALL_RULES, findRule } from '../core/rules/registry';
import { LEVEL_ITEMS } from '../core/levels/checklist';
import { IDS } from './ids';
import { levelReportMarkdown, ruleDocsMarkdown } from './docsText';
import type { FolderState } from './levelView';

/** Serves rule docs, item docs and the level report. */
export class DocsProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly folders: () => FolderState[]) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const rule = /^\/rules\/([^/]+)\.md$/.exec(uri.path);
    if (rule) {
      const r = findRule(decodeURIComponent(rule[1]));
      if (r) return ruleDocsMarkdown(r.meta);
      return `# ${rule[1]}\n\nML Coach has no rule with this code. Known rules: ${ALL_RULES.map((x) => x.meta.code).join(', ') || 'none yet'}.\n`;
    }
    const item = /^\/items\/([^/]+)\.md$/.exec(uri.path);
    if (item) {
      const id = decodeURIComponent(item[1]);
      const def = LEVEL_ITEMS.find((i) => i.id === id);
      if (!def) return `# ${id}\n\nUnknown checklist item.\n`;
      return [`# ${def.title}`, `Level ${def.level} · \`${def.id}\`${def.core ? ' · core item' : ''}`, `## Why it matters\n\n${def.why}`, `## How ML Coach detects it\n\n${def.detection}`, def.nextStep ? `## Next step\n\n${def.nextStep.title}` : ''].filter(Boolean).join('\n\n') + '\n';
    }
    if (uri.path === '/report.md') return levelReportMarkdown(this.folders());
    return '# ML Coach\n\nNothing here.\n';
  }

  /** Tells open previews that the report changed. */
  reportChanged(): void {
    this.changed.fire(reportUri());
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The level report's uri. */
export function reportUri(): vscode.Uri {
  return vscode.Uri.from({ scheme: IDS.docsScheme, path: '/report.md' });
}

/** A checklist item's docs uri. */
export function itemDocsUri(id: string): vscode.Uri {
  return vscode.Uri.from({ scheme: IDS.docsScheme, path: `/items/${id}.md` });
}

/** Opens a virtual Markdown document in the preview (falling back to the text editor). */
export async function showMarkdown(uri: vscode.Uri): Promise<void> {
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true });
  }
}
