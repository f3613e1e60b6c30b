// The Level tree, the report behind it and the status bar item, read through the extension's test API.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WorkspaceReport } from '../../../src/core/model/report';
import { mlCoach, waitFor, workspaceRoot } from '../support';

/** The report of the opened fixture folder. */
async function folderReport(): Promise<WorkspaceReport> {
  const api = await mlCoach();
  return waitFor('a report for the workspace folder', async () => {
    await api.whenIdle();
    for (const [key, report] of api.reports()) if (vscode.Uri.parse(key).path === workspaceRoot().path) return report;
    return undefined;
  });
}

describe('level tree and status bar', () => {
  it('reports the fixture as a Level 1 ML project', async () => {
    const report = await folderReport();
    assert.equal(report.projects.length, 1);
    const [project] = report.projects;
    assert.equal(project.isMlProject, true, project.mlReason);
    assert.equal(project.level, 1);
    for (const id of ['L1.data-loaded', 'L1.model-trained', 'L1.model-evaluated'])
      assert.equal(project.items.find((i) => i.id === id)?.status, 'met', id);
    // The workspace is a fresh copy outside any repository.
    assert.equal(project.items.find((i) => i.id === 'L2.git')?.status, 'missing');
  });

  it('shows the five levels with their checklist items and status icons', async () => {
    const api = await mlCoach();
    const tree = await waitFor('a level tree with five levels', async () => {
      await api.whenIdle();
      const t = (await api.levelTree()).filter((n) => n.kind === 'level');
      return t.length === 5 && t;
    });
    tree.forEach((level, i) => {
      assert.match(level.label, new RegExp(`^Level ${i + 1}\\b`), `parent ${i}: ${level.label}`);
      for (const item of level.children) {
        assert.ok(item.id.startsWith(`L${i + 1}.`), `${item.id} under ${level.label}`);
        assert.ok(item.label.length > 0, `${item.id} has no label`);
      }
    });
    assert.ok(tree[0].children.length >= 3 && tree[1].children.length >= 3, 'Levels 1 and 2 list their items');
    const items = new Map(tree.flatMap((l) => l.children).map((c) => [c.id, c]));
    const report = (await folderReport()).projects[0];
    // Each item shows its status: met, partly met (seeds: the notebook's model is unseeded), missing.
    const icons: Record<string, string> = {
      met: 'pass-filled',
      partial: 'circle-large-outline',
      missing: 'circle-outline',
      'not-applicable': 'circle-slash',
    };
    for (const id of ['L1.data-loaded', 'L1.model-trained', 'L2.git', 'L2.seeds']) {
      const status = report.items.find((i) => i.id === id)?.status;
      assert.ok(status, `${id} not in the report`);
      assert.equal(items.get(id)?.icon, icons[status], `${id} (${status})`);
    }
    assert.equal(items.get('L2.seeds')?.icon, icons.partial);
    // The level's progress is in its label or description, e.g. "Level 2 · Structured project · 3/9".
    const l2 = report.levels.find((l) => l.level === 2);
    assert.ok(l2);
    assert.ok(
      `${tree[1].label} ${tree[1].description ?? ''}`.includes(`${l2.met}/${l2.total}`),
      `${tree[1].label} ${tree[1].description ?? ''}`,
    );
  });

  it('shows the level in the status bar, and its command opens the Level view', async () => {
    const api = await mlCoach();
    const report = (await folderReport()).projects[0];
    const next = report.levels.find((l) => l.level === 2);
    assert.ok(next);
    const bar = await waitFor('a visible status bar item', () => api.statusBar().visible && api.statusBar());
    assert.match(bar.text, new RegExp(`ML L1 · ${next.met}/${next.total}$`));
    assert.doesNotMatch(bar.text, /L0/);
    assert.ok(bar.command, 'the status bar item has no command');
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(bar.command), `${bar.command} is not a registered command`);
    await vscode.commands.executeCommand(bar.command);
  });
});
