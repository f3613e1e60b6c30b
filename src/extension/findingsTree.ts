// The Findings view: renders findingsModel.ts; a click opens the finding's place.
import * as vscode from 'vscode';
import { IDS } from './ids';
import { markdownText } from './messageText';
import type { FindingsTreeRow } from './api';
import { type FindingRow, type RuleGroup, buildFindingGroups } from './findingsModel';
import type { FolderState } from './levelView';

type Node = RuleGroup | FindingRow;

/** TreeDataProvider of the `mlcoach.findings` view. */
export class FindingsTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private groups: RuleGroup[] = [];

  /** Rebuilds the view from the latest folder states. */
  update(folders: FolderState[]): void {
    const projects = folders.reduce((n, f) => n + (f.report?.projects.length ?? 0), 0);
    this.groups = buildFindingGroups(folders, projects > 1);
    this.changed.fire(undefined);
  }

  /** Number of findings shown, for the view badge. */
  get count(): number {
    return this.groups.reduce((n, g) => n + g.children.length, 0);
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.groups;
    return node.kind === 'rule' ? node.children : [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'rule') {
      const t = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      t.id = node.id;
      t.description = node.description;
      t.contextValue = 'rule';
      t.iconPath = new vscode.ThemeIcon(node.icon, new vscode.ThemeColor(node.iconColor));
      t.command = undefined;
      return t;
    }
    const t = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    t.id = node.id;
    t.description = node.description;
    t.tooltip = new vscode.MarkdownString(`**${node.finding.code}** ${markdownText(node.tooltip)}`);
    t.iconPath = new vscode.ThemeIcon(node.icon, new vscode.ThemeColor(node.iconColor));
    t.contextValue = 'finding';
    t.command = { command: IDS.commands.openFinding, title: 'Open', arguments: [node] };
    return t;
  }

  /** The rendered rows for the test API. */
  snapshot(): FindingsTreeRow[] {
    return this.groups.flatMap((g) =>
      g.children.map((c) => ({
        code: g.code,
        label: c.label,
        description: c.description,
        icon: c.icon,
        iconColor: c.iconColor,
      })),
    );
  }

  dispose(): void {
    this.changed.dispose();
  }
}
