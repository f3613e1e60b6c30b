import assert from 'node:assert/strict';
import type { ItemResult, ProjectReport, WorkspaceReport } from '../../../src/core/model/report';
import { buildTree, statusBarState, viewState, FolderState, LevelNode, GroupNode, ItemNode } from '../../../src/extension/levelView';
import { levelReportMarkdown } from '../../../src/extension/docsText';

function item(id: string, level: number, status: ItemResult['status'], extra: Partial<ItemResult> = {}): ItemResult {
  return { id, level, title: id.split('.')[1], why: `Why ${id}`, detection: 'how', core: true, status, evidence: [], ...extra };
}

function project(root: string, items: ItemResult[], level: number | null): ProjectReport {
  const levels = [1, 2, 3, 4, 5].map((l) => {
    const mine = items.filter((i) => i.level === l && i.status !== 'not-applicable');
    return { level: l, title: `Title ${l}`, met: mine.filter((i) => i.status === 'met').length, total: mine.length, score: 0, reached: mine.length > 0 && mine.every((i) => i.status === 'met') };
  });
  return { root, isMlProject: true, mlReason: 'imports sklearn', level, levelReason: level === null ? 'No level yet' : `Level ${level}`, foundationGaps: [], levels, items, nextSteps: items.filter((i) => i.status === 'missing').slice(0, 3), findings: [], skipped: [], problems: [], stats: { files: 1, pythonFiles: 1, notebooks: 0, bytes: 1 } };
}

function folder(name: string, projects: ProjectReport[]): FolderState {
  const report: WorkspaceReport = { schemaVersion: 2, tool: { name: 'mlcoach', version: '0' }, root: `/ws/${name}`, projects };
  return { key: `file:///ws/${name}`, name, report };
}

const ITEMS = [
  item('L1.data-loaded', 1, 'met', { evidence: [{ note: 'reads churn.csv', range: { path: 'train.py', startLine: 3, startColumn: 1, endLine: 3, endColumn: 9 } }] }),
  item('L1.model-trained', 1, 'met'),
  item('L2.git', 2, 'met'),
  item('L2.tests', 2, 'missing', { nextStep: { title: 'Add tests', scaffold: 'tests' } }),
  item('L2.dependencies', 2, 'partial', { detail: '3 of 5 pinned' }),
  item('L3.dockerfile', 3, 'missing', { nextStep: { title: 'Add a Dockerfile', scaffold: 'dockerfile' } }),
  item('L5.research-code', 5, 'not-applicable'),
];

describe('Level view model', () => {
  it('shows the levels of a single project at the top, with progress and the reached level marked', () => {
    const nodes = buildTree([folder('churn', [project('', ITEMS, 1)])]) as LevelNode[];
    assert.deepEqual(nodes.map((n) => n.label), ['Level 1 · Title 1 · 2/2', 'Level 2 · Title 2 · 1/3', 'Level 3 · Title 3 · 0/1', 'Level 4 · Title 4 · 0/0', 'Level 5 · Title 5 · 0/0']);
    assert.equal(nodes[0].description, 'reached');
    assert.equal(nodes[1].description, undefined);
    assert.equal(nodes[1].expanded, true, 'the level being worked toward is open');
    assert.equal(nodes[0].expanded, false);
  });

  it('gives items status icons, descriptions, tooltips and context values for their actions', () => {
    const nodes = buildTree([folder('churn', [project('', ITEMS, 1)])]) as LevelNode[];
    const byId = new Map(nodes.flatMap((n) => n.children).map((c) => [c.item.id, c] as [string, ItemNode]));
    assert.equal(byId.get('L1.data-loaded')!.icon, 'pass-filled');
    assert.equal(byId.get('L1.data-loaded')!.contextValue, 'item evidence');
    assert.equal(byId.get('L1.data-loaded')!.description, 'reads churn.csv');
    assert.match(byId.get('L1.data-loaded')!.tooltip, /Why L1\.data-loaded[\s\S]*reads churn\.csv — `train\.py:3`/);
    assert.equal(byId.get('L2.tests')!.icon, 'circle-outline');
    assert.equal(byId.get('L2.tests')!.contextValue, 'item scaffold');
    assert.equal(byId.get('L2.dependencies')!.icon, 'circle-large-outline');
    assert.equal(byId.get('L2.dependencies')!.description, '3 of 5 pinned');
    assert.equal(byId.get('L5.research-code')!.icon, 'circle-slash');
  });

  it('groups by folder and sub-project in multi-root workspaces and monorepos', () => {
    const nodes = buildTree([folder('a', [project('', ITEMS, 1)]), folder('mono', [project('svc/x', ITEMS, null), project('svc/y', ITEMS, 2)])]) as GroupNode[];
    assert.deepEqual(nodes.map((n) => [n.kind, n.label, n.description]), [['group', 'a', 'Level 1'], ['group', 'mono/svc/x', undefined], ['group', 'mono/svc/y', 'Level 2']]);
    assert.equal(new Set(nodes.flatMap((n) => n.children.map((c) => c.id))).size, 15, 'ids are unique across projects');
  });

  it('leaves a lone non-ML or failed folder to the welcome view', () => {
    const notMl = folder('web', [{ ...project('', [], null), isMlProject: false, mlReason: 'no ML imports' }]);
    assert.deepEqual(buildTree([notMl]), []);
    assert.equal(viewState([notMl]), 'not-ml');
    const failed: FolderState = { key: 'file:///ws/x', name: 'x', error: 'invalid .mlcoach.yaml' };
    assert.deepEqual(buildTree([failed]), []);
    assert.equal(viewState([failed]), 'error');
    assert.equal(viewState([]), 'empty');
    assert.equal(viewState([failed, folder('churn', [project('', ITEMS, 1)])]), 'ready');
  });

  it('puts the progress toward the next level in the status bar', () => {
    const s = statusBarState([folder('churn', [project('', ITEMS, 1)])]);
    assert.equal(s.visible, true);
    assert.match(s.text, /ML L1 · 1\/3$/);
    assert.equal(s.command, 'mlcoach.levels.focus');
    const none = statusBarState([folder('churn', [project('', ITEMS.map((i) => ({ ...i, status: 'missing' as const })), null)])]);
    assert.match(none.text, /ML: no level yet · 0\/2$/);
    assert.doesNotMatch(none.text, /L0/);
    const service = { ...project('', ITEMS, 3), levelReason: 'Level 3: serving API, Dockerfile, CI; not yet: monitoring', foundationGaps: [{ id: 'L2.seeds', level: 2, title: 'Seeds', label: 'seeds', status: 'missing' as const }, { id: 'L2.dependencies', level: 2, title: 'Pins', label: 'pinned dependencies', status: 'partial' as const }] };
    assert.match(statusBarState([folder('svc', [service])]).tooltip ?? '', /^ML Coach: Level 3: serving API, Dockerfile, CI; not yet: monitoring · 2 foundation gaps: seeds, pinned dependencies/);
    assert.equal(statusBarState([]).visible, false);
  });

  it('renders a level report with a ladder, progress bars and next steps', () => {
    const md = levelReportMarkdown([folder('churn', [project('', ITEMS, 1)])]);
    assert.match(md, /\*\*Level 1 · Title 1\*\*/);
    assert.match(md, /■ L1 {2}◧ L2 {2}□ L3/);
    assert.match(md, /\| 2 · Title 2 \| █░░ 1\/3 \|/);
    assert.match(md, /Next steps[\s\S]*Add tests/);
  });
});

describe('status bar in a monorepo', () => {
  it('follows the project of the active file, else the first ML project', () => {
    const mono = folder('mono', [project('svc/a', ITEMS, 1), project('svc/b', ITEMS.map((i) => (i.level === 2 ? { ...i, status: 'met' as const } : i)), 2)]);
    assert.match(statusBarState([mono], '/ws/mono/svc/b/train.py').text, /ML L2 · 0\/1$/);
    assert.match(statusBarState([mono], '/ws/mono/svc/a/train.py').text, /ML L1 · 1\/3$/);
    assert.match(statusBarState([mono], '/elsewhere/x.py').text, /ML L1 · 1\/3$/);
    // A sibling folder whose name extends the root's is not inside it.
    assert.match(statusBarState([mono], '/ws/mono/svc/bb/x.py').text, /ML L1 · 1\/3$/);
  });
});
