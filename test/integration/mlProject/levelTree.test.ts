// The Level tree and the status bar item, read through the extension's test API.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { mlCoach, waitFor, workspaceRoot } from '../support';

describe('level tree and status bar', () => {
  it('shows the five levels with their checklist items', async () => {
    const api = await mlCoach();
    await api.whenIdle();
    const tree = await waitFor('a level tree with five levels', async () => {
      const t = await api.levelTree();
      return t.length === 5 && t;
    });
    tree.forEach((level, i) => {
      assert.match(level.label, new RegExp(`Level ${i + 1}\\b`), `parent ${i}: ${level.label}`);
      assert.ok(level.children.length > 0, `${level.label} has no items`);
      for (const item of level.children) {
        assert.ok(item.id.startsWith(`L${i + 1}.`), `${item.id} under ${level.label}`);
        assert.ok(item.label.length > 0);
      }
    });
    const ids = tree.flatMap((l) => l.children.map((c) => c.id));
    for (const id of ['L1.data-loaded', 'L1.model-trained', 'L1.model-evaluated', 'L2.git']) assert.ok(ids.includes(id), `${id} missing`);
  });

  it('has a report for the workspace folder', async () => {
    const api = await mlCoach();
    await api.whenIdle();
    const key = [...api.reports().keys()].find((k) => vscode.Uri.parse(k).path === workspaceRoot().path);
    assert.ok(key, `no report for ${workspaceRoot().toString()}; reports: ${[...api.reports().keys()].join(', ')}`);
  });

  it('shows the level in the status bar, opening the level view', async () => {
    const api = await mlCoach();
    await api.whenIdle();
    const bar = await waitFor('a visible status bar item', () => api.statusBar().visible && api.statusBar());
    assert.match(bar.text, /L[1-5]/);
    assert.ok(bar.command, 'the status bar item has no command');
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(bar.command), `${bar.command} is not a registered command`);
  });
});
