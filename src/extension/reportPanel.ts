// The level report in an editor tab titled "ML Coach Level Report": the report's Markdown rendered by
// VS Code's own Markdown renderer into a webview without scripts, refreshed when a new report arrives.
import * as vscode from 'vscode';
import { levelReportMarkdown } from './docsText';
import type { FolderState } from './levelView';

/** The report tab's title. */
const REPORT_TITLE = 'ML Coach Level Report';

/** One report tab, created on demand and reused. */
export class LevelReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  constructor(private readonly folders: () => FolderState[]) {}

  /** Opens (or reveals) the report tab. */
  async show(): Promise<void> {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('mlcoach.levelReport', REPORT_TITLE, vscode.ViewColumn.Active, {
        enableScripts: false,
        enableFindWidget: true,
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    await this.refresh();
    this.panel.reveal();
  }

  /** Renders the latest report into the open tab, if any. */
  async refresh(): Promise<void> {
    const panel = this.panel;
    if (!panel) return;
    const markdown = levelReportMarkdown(this.folders());
    let body: string;
    try {
      body = (await vscode.commands.executeCommand<string>('markdown.api.render', markdown)) ?? '';
    } catch {
      body = '';
    }
    if (!body) body = `<pre>${escapeHtml(markdown)}</pre>`;
    if (this.panel === panel) panel.webview.html = page(body);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function page(body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';">
<title>${REPORT_TITLE}</title>
<style>
body {
  font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground);
  padding: 0 20px 20px; max-width: 60em; line-height: 1.5;
}
table { border-collapse: collapse; margin: 8px 0; }
th, td { border: 1px solid var(--vscode-panel-border, #8884); padding: 3px 8px; text-align: left; vertical-align: top; }
code { font-family: var(--vscode-editor-font-family); }
h1 { font-size: 1.6em; } h2 { margin-top: 1.6em; border-bottom: 1px solid var(--vscode-panel-border, #8884); }
</style></head><body>${body}</body></html>`;
}
