// The Level view: renders the tree built by levelView.ts.
import * as vscode from 'vscode';
import type { LevelTreeChild, LevelTreeNode } from './api';
import { IDS } from './ids';
import { type FolderState, type ItemNode, type MessageNode, type TreeNode, buildTree } from './levelView';

/** TreeDataProvider of the `mlcoach.levels` view. */
export class LevelTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: TreeNode[] = [];

  /** Rebuilds the tree from the latest folder states. */
  update(folders: FolderState[]): void {
    this.roots = buildTree(folders);
    this.changed.fire(undefined);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.roots;
    if (node.kind === 'group' || node.kind === 'level' || node.kind === 'summary' || node.kind === 'section')
      return node.children;
    if (node.kind === 'message') return node.children ?? [];
    return [];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const t = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        t.id = node.id;
        t.description = node.description;
        t.iconPath = new vscode.ThemeIcon('folder');
        t.contextValue = 'project';
        return t;
      }
      case 'summary': {
        const t = new vscode.TreeItem(
          node.label,
          node.children.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
        );
        t.id = node.id;
        t.description = node.description;
        t.tooltip = new vscode.MarkdownString(node.tooltip);
        t.iconPath = new vscode.ThemeIcon(node.icon);
        t.contextValue = 'summary';
        return t;
      }
      case 'section': {
        const t = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        t.id = node.id;
        t.description = node.description;
        t.tooltip = node.tooltip;
        t.iconPath = new vscode.ThemeIcon(
          node.icon,
          node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined,
        );
        t.contextValue = 'section';
        return t;
      }
      case 'level': {
        const t = new vscode.TreeItem(
          node.label,
          node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
        );
        t.id = node.id;
        t.description = node.description;
        t.iconPath = new vscode.ThemeIcon(node.icon);
        t.contextValue = 'level';
        return t;
      }
      case 'item': {
        const t = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        t.id = node.id;
        t.description = node.description;
        t.iconPath = new vscode.ThemeIcon(
          node.icon,
          node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined,
        );
        t.contextValue = node.contextValue;
        t.tooltip = new vscode.MarkdownString(node.tooltip);
        t.command = { command: IDS.commands.openEvidence, title: 'Open evidence', arguments: [node] };
        return t;
      }
      case 'message': {
        const t = new vscode.TreeItem(
          node.label,
          node.children?.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        t.id = node.id;
        t.description = node.description;
        t.tooltip = node.tooltip;
        t.iconPath = new vscode.ThemeIcon(
          node.icon,
          node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined,
        );
        t.contextValue = 'message';
        return t;
      }
    }
  }

  /**
   * The rendered tree for the test API: the summary, levels with their items, messages (groups flattened, their name in
   * the description).
   */
  snapshot(): LevelTreeNode[] {
    const out: LevelTreeNode[] = [];
    const child = (c: ItemNode | MessageNode): LevelTreeChild =>
      c.kind === 'item'
        ? { id: c.item.id, label: c.label, description: c.description, contextValue: c.contextValue, icon: c.icon }
        : { id: c.id, label: c.label, description: c.description, icon: c.icon };
    const visit = (nodes: TreeNode[], group?: string) => {
      for (const n of nodes) {
        const description = (d?: string) => [group, d].filter(Boolean).join(' · ') || undefined;
        if (n.kind === 'group') visit(n.children, n.label);
        else if (n.kind === 'level')
          out.push({
            kind: n.kind,
            label: n.label,
            description: description(n.description),
            children: n.children.map(child),
          });
        else if (n.kind === 'summary')
          out.push({
            kind: n.kind,
            label: n.label,
            description: description(n.description),
            children: n.children.flatMap((s) => s.children.map(child)),
          });
        else if (n.kind === 'message')
          out.push({
            kind: 'message',
            label: n.label,
            description: description(n.description),
            children: (n.children ?? []).map(child),
          });
      }
    };
    visit(this.roots);
    return out;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
