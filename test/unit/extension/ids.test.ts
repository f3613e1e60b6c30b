import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/paths';
import { IDS } from '../../../src/extension/ids';
import { readSettings } from '../../../src/extension/settings';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));

describe('extension ids and package.json', () => {
  it('declares every command in IDS (the view focus command excepted, VS Code makes it)', () => {
    const declared = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
    const ours = Object.values(IDS.commands).filter((c) => c !== IDS.commands.focusLevels);
    assert.deepEqual([...ours].sort(), [...declared].sort());
    assert.equal(IDS.commands.focusLevels, `${IDS.views.levels}.focus`);
  });

  it('gives every command the ML Coach category and a title', () => {
    for (const c of pkg.contributes.commands) {
      assert.equal(c.category, 'ML Coach', c.command);
      assert.ok(c.title && !c.title.startsWith('ML Coach'), c.command);
    }
  });

  it('declares the view container and the Level view', () => {
    assert.deepEqual(
      pkg.contributes.viewsContainers.activitybar.map((c: { id: string }) => c.id),
      [IDS.container],
    );
    assert.ok(existsSync(join(REPO_ROOT, pkg.contributes.viewsContainers.activitybar[0].icon)));
    const views = pkg.contributes.views[IDS.container].map((v: { id: string }) => v.id);
    assert.ok(views.includes(IDS.views.levels));
    for (const v of views) assert.ok(Object.values(IDS.views).includes(v as never), v);
    for (const w of pkg.contributes.viewsWelcome) assert.ok(views.includes(w.view), w.view);
  });

  it('declares exactly the settings in IDS, each with a markdownDescription', () => {
    const props = pkg.contributes.configuration.properties as Record<
      string,
      { markdownDescription?: string; default?: unknown }
    >;
    assert.deepEqual(Object.keys(props).sort(), Object.values(IDS.settings).sort());
    for (const [id, p] of Object.entries(props))
      assert.ok(p.markdownDescription && p.markdownDescription.length > 20, id);
  });

  it('reads the package.json defaults as the settings defaults', () => {
    const props = pkg.contributes.configuration.properties as Record<string, { default?: unknown }>;
    const fromDefaults = readSettings((id) => props[id]?.default);
    const fromNothing = readSettings(() => undefined);
    assert.deepEqual(fromDefaults, fromNothing);
    // The split summary and the training CodeLens coach from a fresh install; each can be switched off.
    assert.equal(fromDefaults.inlayHints, true);
    assert.equal(fromDefaults.codeLens, true);
    assert.equal(readSettings((id) => (id === IDS.settings.inlayHints ? false : props[id]?.default)).inlayHints, false);
    assert.equal(readSettings((id) => (id === IDS.settings.codeLens ? false : props[id]?.default)).codeLens, false);
  });

  it('only refers to declared commands from menus, welcome views and the walkthrough', () => {
    const declared = new Set<string>([
      ...pkg.contributes.commands.map((c: { command: string }) => c.command),
      IDS.commands.focusLevels,
    ]);
    for (const list of Object.values(pkg.contributes.menus) as Array<Array<{ command: string }>>)
      for (const m of list) assert.ok(declared.has(m.command), m.command);
    const texts = [
      ...pkg.contributes.viewsWelcome.map((w: { contents: string }) => w.contents),
      ...pkg.contributes.walkthroughs.flatMap((w: { steps: Array<{ description: string }> }) =>
        w.steps.map((s) => s.description),
      ),
    ];
    for (const t of texts) {
      for (const m of t.matchAll(/\(command:(mlcoach\.[\w.]+)/g)) assert.ok(declared.has(m[1]), m[1]);
    }
  });

  it('walkthrough has a step per level with existing media, ticked by the level the project reached', () => {
    const w = pkg.contributes.walkthroughs.find((x: { id: string }) => x.id === IDS.walkthrough);
    assert.equal(w.steps.length, 5);
    w.steps.forEach((s: { title: string; media: { markdown: string }; completionEvents: string[] }, i: number) => {
      assert.ok(existsSync(join(REPO_ROOT, s.media.markdown)), s.media.markdown);
      // The step of Level N completes when any project reaches N, not when a button is clicked.
      assert.deepEqual(s.completionEvents, [`onContext:mlcoach.level >= ${i + 1}`]);
      // Titles fit the walkthrough's step list without being cut.
      assert.ok(s.title.length <= 24, s.title);
      assert.match(s.title, new RegExp(`^Level ${i + 1}\\b`));
    });
  });

  it('every view says why it is empty: analysing, not an ML workspace, failed, turned off', () => {
    for (const view of [IDS.views.levels, IDS.views.findings]) {
      const whens = pkg.contributes.viewsWelcome
        .filter((w: { view: string }) => w.view === view)
        .map((w: { when: string }) => w.when);
      for (const state of ['empty', 'not-ml', 'error', 'disabled'])
        assert.ok(
          whens.some((x: string) => x.includes(`mlcoach.state == '${state}'`)),
          `${view} has no text for ${state}`,
        );
    }
    const notMl = pkg.contributes.viewsWelcome.find(
      (w: { view: string; when: string }) => w.view === IDS.views.findings && w.when.includes("'not-ml'"),
    );
    assert.match(notMl.contents, /no machine-learning code/);
  });

  it('activates narrowly, never on *', () => {
    assert.ok(!pkg.activationEvents.includes('*'));
    assert.ok(pkg.activationEvents.includes('onLanguage:python'));
    assert.ok(pkg.activationEvents.includes('onNotebook:jupyter-notebook'));
    assert.ok(pkg.activationEvents.every((e: string) => /^(onLanguage:|onNotebook:|workspaceContains:)/.test(e)));
  });

  it('keeps the engine at or below 1.139 and @types/vscode not newer', () => {
    const engine = /(\d+)\.(\d+)/.exec(pkg.engines.vscode)!;
    const types = /(\d+)\.(\d+)/.exec(pkg.devDependencies['@types/vscode'])!;
    assert.ok(Number(engine[1]) === 1 && Number(engine[2]) <= 139);
    assert.ok(Number(types[2]) <= Number(engine[2]));
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, true);
  });
});
