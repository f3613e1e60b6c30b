// Offline documentation as virtual Markdown documents (`mlcoach-docs:/rules/ML101.md`,
// `mlcoach-docs:/items/L2.seeds.md`, `mlcoach-docs:/report.md`), shown in the Markdown preview.
import * as vscode from 'vscode';
import type { MetaResponse } from './protocol';
import { IDS } from './ids';
import { levelReportMarkdown } from './docsText';
import type { FolderState } from './levelView';

/** Serves rule docs, item docs and the level report. */
export class DocsProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly folders: () => FolderState[],
    private readonly meta: () => Promise<MetaResponse>,
  ) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    if (uri.path === '/report.md') return levelReportMarkdown(this.folders());
    const rule = /^\/rules\/([^/]+)\.md$/.exec(uri.path);
    if (rule) {
      const key = decodeURIComponent(rule[1]).toLowerCase();
      const { rules } = await this.meta();
      const r = rules.find((x) => x.code.toLowerCase() === key || x.name === key);
      if (r) return r.docs;
      return (
        `# ${rule[1]}\n\n` +
        `ML Coach has no rule with this code. Known ` +
        `rules: ${rules.map((x) => x.code).join(', ') || 'none yet'}.\n`
      );
    }
    const item = /^\/items\/([^/]+)\.md$/.exec(uri.path);
    if (item) {
      const id = decodeURIComponent(item[1]);
      return (await this.meta()).items[id] ?? `# ${id}\n\nUnknown checklist item.\n`;
    }
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
function reportUri(): vscode.Uri {
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
