// The status bar item: "ML L2 · 6/9" toward the next level; opens the Level view.
import * as vscode from 'vscode';
import type { StatusBarState } from './api';
import { type FolderState, statusBarState } from './levelView';

/** Owns the status bar item. */
export class LevelStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mlcoach.level', vscode.StatusBarAlignment.Left, 10);
  private state: StatusBarState = { text: '', visible: false };

  constructor() {
    this.item.name = 'ML Coach level';
  }

  /** Shows the level of the latest reports, for the project of the active file when there is one. */
  update(folders: FolderState[], activePath?: string): void {
    this.state = statusBarState(folders, activePath);
    this.item.text = this.state.text;
    this.item.tooltip = this.state.tooltip;
    this.item.command = this.state.command;
    if (this.state.visible) this.item.show();
    else this.item.hide();
  }

  /** What the item shows now. */
  snapshot(): StatusBarState {
    return { ...this.state };
  }

  dispose(): void {
    this.item.dispose();
  }
}
