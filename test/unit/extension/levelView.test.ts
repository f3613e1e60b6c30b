import assert from 'node:assert/strict';
import type { ItemResult, ProjectReport, WorkspaceReport } from '../../../src/core/model/report';
import type { Finding, Fix } from '../../../src/core/model/findings';
import { EXTRACT_CONFIG_TITLE } from '../../../src/core/fixes/extractConfig';
import {
  buildTree,
  configFixTargets,
  reachedLevel,
  statusBarState,
  viewState,
  type FolderState,
  type LevelNode,
  type GroupNode,
  type ItemNode,
  type MessageNode,
  type SummaryNode,
  type TreeNode,
} from '../../../src/extension/levelView';
import { levelReportMarkdown } from '../../../src/extension/docsText';

function item(id: string, level: number, status: ItemResult['status'], extra: Partial<ItemResult> = {}): ItemResult {
  return {
    id,
    level,
    title: id.split('.')[1],
    why: `Why ${id}`,
    detection: 'how',
    core: true,
    status,
    evidence: [],
    ...extra,
  };
}

function project(root: string, items: ItemResult[], level: number | null): ProjectReport {
  const levels = [1, 2, 3, 4, 5].map((l) => {
    const mine = items.filter((i) => i.level === l && i.status !== 'not-applicable');
    return {
      level: l,
      title: `Title ${l}`,
      met: mine.filter((i) => i.status === 'met').length,
      total: mine.length,
      score: 0,
      reached: mine.length > 0 && mine.every((i) => i.status === 'met'),
    };
  });
  return {
    root,
    isMlProject: true,
    mlReason: 'imports sklearn',
    level,
    levelReason: '',
    foundationGaps: [],
    levels,
    items,
    nextSteps: items.filter((i) => i.status === 'missing').slice(0, 3),
    findings: [],
    skipped: [],
    problems: [],
    stats: { files: 1, pythonFiles: 1, notebooks: 0, bytes: 1 },
  };
}

function folder(name: string, projects: ProjectReport[]): FolderState {
  const report: WorkspaceReport = {
    schemaVersion: 2,
    tool: { name: 'mlcoach', version: '0' },
    root: `/ws/${name}`,
    projects,
  };
  return { key: `file:///ws/${name}`, name, report };
}

/** The level rows of a one-project tree. */
function levelsOf(nodes: TreeNode[]): LevelNode[] {
  return nodes.filter((n): n is LevelNode => n.kind === 'level');
}

function summaryOf(nodes: TreeNode[]): SummaryNode {
  const s = nodes[0];
  assert.equal(s.kind, 'summary', 'the summary row comes first');
  return s as SummaryNode;
}

const ITEMS = [
  item('L1.data-loaded', 1, 'met', {
    evidence: [
      { note: 'reads churn.csv', range: { path: 'train.py', startLine: 3, startColumn: 1, endLine: 3, endColumn: 9 } },
    ],
  }),
  item('L1.model-trained', 1, 'met'),
  item('L2.git', 2, 'met'),
  item('L2.tests', 2, 'missing', { nextStep: { title: 'Add tests', scaffold: 'tests' } }),
  item('L2.dependencies', 2, 'partial', { detail: '3 of 5 pinned' }),
  item('L3.dockerfile', 3, 'missing', { nextStep: { title: 'Add a Dockerfile', scaffold: 'dockerfile' } }),
  item('L5.research-code', 5, 'not-applicable'),
];

describe('Level view model', () => {
  it('shows the levels of a single project under a summary row, labels short and progress in the description', () => {
    const nodes = levelsOf(buildTree([folder('churn', [project('', ITEMS, 1)])]));
    assert.deepEqual(
      nodes.map((n) => n.label),
      ['Level 1', 'Level 2', 'Level 3', 'Level 4', 'Level 5'],
    );
    // Progress leads the description, so a narrow sidebar cuts the title and never the progress.
    assert.deepEqual(
      nodes.map((n) => n.description),
      ['2/2 reached · Title 1', '1/3 · Title 2', '0/1 · Title 3', '0/0 · Title 4', '0/0 · Title 5'],
    );
  });

  it('keeps level labels readable at the default sidebar width (~300 px, about 32 characters)', () => {
    const titles = [
      'Notebook experiments',
      'Structured project',
      'Production deployment',
      'Scalable ML systems',
      'Frontier research',
    ];
    const p = project('', ITEMS, 1);
    p.levels = p.levels.map((l, i) => ({ ...l, title: titles[i] }));
    const nodes = buildTree([folder('churn', [p])]);
    // What must show (the level and its progress) fits in the first 20 characters of the row.
    for (const n of levelsOf(nodes))
      assert.match(`${n.label} ${n.description}`.slice(0, 20), /^Level \d \d+\/\d+/, `${n.label} ${n.description}`);
    assert.ok(summaryOf(nodes).label.length <= 12);
  });

  it('gives items status icons, descriptions, tooltips and context values for their actions', () => {
    const nodes = levelsOf(buildTree([folder('churn', [project('', ITEMS, 1)])]));
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

  it('shows evidence notes and paths from the project as text in the Markdown tooltip', () => {
    const hostile = item('L1.data-loaded', 1, 'met', {
      detail: 'from <img src=x> _here_',
      evidence: [
        {
          note: 'reads ![x](https://example.invalid/p.png) [open](command:workbench.action.terminal.new)',
          range: {
            path: 'a`b`![y](https://example.invalid/q.png).py',
            startLine: 2,
            startColumn: 1,
            endLine: 2,
            endColumn: 3,
          },
        },
      ],
    });
    const nodes = levelsOf(buildTree([folder('churn', [project('', [hostile], 1)])]));
    const tooltip = nodes.flatMap((n) => n.children)[0].tooltip;
    // Outside code spans, no image or link syntax survives unescaped.
    const outsideCode = tooltip.replace(/``.*?``/g, '');
    assert.ok(!/(^|[^\\])!\[/.test(outsideCode) && !/(^|[^\\])\]\(/.test(outsideCode), tooltip);
    assert.ok(
      tooltip.includes(
        'reads \\!\\[x\\]\\(https://example.invalid/p.png\\) \\[open\\]\\(command:workbench.action.terminal.new\\)',
      ),
      tooltip,
    );
    // The path is one code span, fenced past the backticks in it.
    assert.ok(tooltip.includes(' — ``a`b`![y](https://example.invalid/q.png).py:2``'), tooltip);
    assert.ok(tooltip.includes('_from \\<img src=x\\> \\_here\\__'), tooltip);
  });

  it('names notebook evidence by its 1-based cell', () => {
    const nb = item('L1.data-loaded', 1, 'met', {
      evidence: [
        {
          note: 'reads churn.csv',
          range: { path: 'eda.ipynb', cell: 0, startLine: 2, startColumn: 1, endLine: 2, endColumn: 9 },
        },
      ],
    });
    const nodes = levelsOf(buildTree([folder('churn', [project('', [nb], 1)])]));
    assert.match(nodes[0].children[0].tooltip, /`eda\.ipynb cell 1:2`/);
  });

  it('puts core items first in each level and marks optional ones', () => {
    const items = [
      item('L2.hyperparameters', 2, 'missing', { core: false }),
      item('L2.tests', 2, 'missing'),
      item('L2.git', 2, 'met'),
    ];
    const [, l2] = levelsOf(
      buildTree([folder('churn', [project('', [item('L1.data-loaded', 1, 'met'), ...items], 1)])]),
    );
    assert.deepEqual(
      l2.children.map((c) => c.item.id),
      ['L2.tests', 'L2.git', 'L2.hyperparameters'],
    );
    assert.match(l2.children[2].description, /^optional · /);
    assert.doesNotMatch(l2.children[0].description, /optional/);
    assert.match(l2.children[2].tooltip, /\(optional\)/);
  });

  it('opens with a summary: the level, a one-line reason and the core items that block the next level', () => {
    const summary = summaryOf(buildTree([folder('churn', [project('', ITEMS, 1)])]));
    assert.equal(summary.label, 'Level 1');
    assert.equal(summary.description, 'Title 1');
    // L2.tests and L2.dependencies are core and open; L2.git is met.
    assert.deepEqual(
      summary.children.map((s) => [s.label, s.description]),
      [['Before Level 2', '2']],
    );
    const blockers = summary.children[0].children as ItemNode[];
    assert.deepEqual(
      blockers.map((c) => [c.item.id, c.description]),
      [
        ['L2.tests', 'missing'],
        ['L2.dependencies', '3 of 5 pinned'],
      ],
    );
    assert.equal(blockers[0].contextValue, 'item scaffold', 'a blocker keeps its actions');
  });

  it("shows the report's reason without its level prefix, and its foundation gaps", () => {
    const gap = (id: string, title: string, label: string, status: 'missing' | 'partial') => ({
      id,
      level: 2,
      title,
      label,
      status,
    });
    const p = {
      ...project('', ITEMS, 3),
      levelReason: 'Level 3: Dockerfile, serving API, CI',
      foundationGaps: [
        gap('L2.dependencies', 'Dependencies are pinned', 'pinned dependencies', 'partial'),
        gap('L2.gone', 'Seeds are set', 'seeds', 'missing'),
      ],
    };
    const summary = summaryOf(buildTree([folder('churn', [p])]));
    assert.equal(summary.label, 'Level 3');
    assert.equal(summary.description, 'Dockerfile, serving API, CI');
    assert.deepEqual([summary.children[0].label, summary.children[0].description], ['Foundation gaps', '2']);
    assert.deepEqual(
      summary.children[0].children.map((c) => [c.label, c.description, c.icon]),
      [
        ['Pinned dependencies', 'Level 2 · 3 of 5 pinned', 'warning'],
        ['Seeds', 'Level 2', 'warning'],
      ],
    );
    assert.match(summary.tooltip, /Foundation gaps/);
  });

  it('says "No level yet" instead of Level 0, and what Level 1 needs', () => {
    const none = project(
      '',
      ITEMS.map((i) => (i.level === 1 ? { ...i, status: 'missing' as const } : i)),
      null,
    );
    const summary = summaryOf(buildTree([folder('churn', [none])]));
    assert.equal(summary.label, 'No level yet');
    assert.match(summary.description, /^Level 1 needs: /);
    const groups = buildTree([folder('a', [none]), folder('b', [project('', ITEMS, 2)])]) as GroupNode[];
    assert.deepEqual(
      groups.map((g) => g.description),
      ['No level yet', 'Level 2'],
    );
  });

  it('lists files that were not analysed, and why, but not the ones the user excluded', () => {
    const p = project('', ITEMS, 1);
    p.skipped = [
      { path: 'notebooks/big.ipynb', reason: 'too-large', detail: '2.4 MB of code' },
      { path: 'data/raw.csv', reason: 'ignored' },
    ];
    p.problems = [{ path: 'broken.ipynb', message: 'not valid JSON' }];
    const nodes = buildTree([folder('churn', [p])]);
    const skipped = nodes.find((n): n is MessageNode => n.kind === 'message' && /not analysed/.test(n.label));
    assert.ok(skipped);
    assert.equal(skipped.label, '2 files not analysed');
    assert.deepEqual(
      skipped.children?.map((c) => [c.label, c.description]),
      [
        ['notebooks/big.ipynb', 'too large to analyse (2.4 MB of code)'],
        ['broken.ipynb', 'not valid JSON'],
      ],
    );
    assert.ok(
      !buildTree([folder('churn', [project('', ITEMS, 1)])]).some((n) => n.kind === 'message'),
      'nothing skipped, no row',
    );
  });

  it('tells the walkthrough the highest level reached', () => {
    assert.equal(reachedLevel([folder('a', [project('', ITEMS, 1)]), folder('b', [project('', ITEMS, 3)])]), 3);
    assert.equal(reachedLevel([folder('a', [project('', ITEMS, null)])]), 0);
    assert.equal(reachedLevel([]), 0);
  });

  it('groups by folder and sub-project in multi-root workspaces and monorepos', () => {
    const nodes = buildTree([
      folder('a', [project('', ITEMS, 1)]),
      folder('mono', [project('svc/x', ITEMS, null), project('svc/y', ITEMS, 2)]),
    ]) as GroupNode[];
    assert.deepEqual(
      nodes.map((n) => [n.kind, n.label, n.description]),
      [
        ['group', 'a', 'Level 1'],
        ['group', 'mono/svc/x', 'No level yet'],
        ['group', 'mono/svc/y', 'Level 2'],
      ],
    );
    const ids = nodes.flatMap((n) =>
      n.children.flatMap((c) => [c.id, ...('children' in c && c.children ? c.children.map((x) => x.id) : [])]),
    );
    assert.equal(new Set(ids).size, ids.length, 'ids are unique across projects');
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
    const none = statusBarState([
      folder('churn', [
        project(
          '',
          ITEMS.map((i) => ({ ...i, status: 'missing' as const })),
          null,
        ),
      ]),
    ]);
    assert.match(none.text, /ML: no level yet · 0\/2$/);
    assert.doesNotMatch(none.text, /L0/);
    const service = {
      ...project('', ITEMS, 3),
      levelReason: 'Level 3: serving API, Dockerfile, CI; not yet: monitoring',
      foundationGaps: [
        { id: 'L2.seeds', level: 2, title: 'Seeds', label: 'seeds', status: 'missing' as const },
        { id: 'L2.dependencies', level: 2, title: 'Pins', label: 'pinned dependencies', status: 'partial' as const },
      ],
    };
    assert.match(
      statusBarState([folder('svc', [service])]).tooltip ?? '',
      new RegExp(
        /^ML Coach: Level 3: serving API, Dockerfile, CI; not yet: monitoring · /.source +
          /2 foundation gaps: seeds, pinned dependencies/.source,
      ),
    );
    assert.equal(statusBarState([]).visible, false);
  });

  it('renders a level report with the level in words, progress bars, next steps and no emoji', () => {
    const p = project('', ITEMS, 1);
    p.skipped = [{ path: 'big.ipynb', reason: 'too-large' }];
    const md = levelReportMarkdown([folder('churn', [p])]);
    assert.match(md, /\*\*Level 1 · Title 1\*\*: /);
    assert.match(md, /Level 1 reached · Level 2 1\/3 · Level 3 0\/1/);
    assert.match(md, /\| 2 · Title 2 \| █░░ 1\/3 \|/);
    assert.match(md, /Next steps[\s\S]*Add tests/);
    assert.match(md, /### Not analysed\n\n- `big\.ipynb`: too large to analyse/);
    // Pictographs need a colour font: none in the report.
    assert.doesNotMatch(md, /\p{Extended_Pictographic}/u);
    const none = levelReportMarkdown([
      folder('churn', [
        project(
          '',
          ITEMS.map((i) => ({ ...i, status: 'missing' as const })),
          null,
        ),
      ]),
    ]);
    assert.match(none, /\*\*No level yet\*\*/);
  });
});

describe('status bar in a monorepo', () => {
  it('follows the project of the active file, else the first ML project', () => {
    const mono = folder('mono', [
      project('svc/a', ITEMS, 1),
      project(
        'svc/b',
        ITEMS.map((i) => (i.level === 2 ? { ...i, status: 'met' as const } : i)),
        2,
      ),
    ]);
    assert.match(statusBarState([mono], '/ws/mono/svc/b/train.py').text, /ML L2 · 0\/1$/);
    assert.match(statusBarState([mono], '/ws/mono/svc/a/train.py').text, /ML L1 · 1\/3$/);
    assert.match(statusBarState([mono], '/elsewhere/x.py').text, /ML L1 · 1\/3$/);
    // A sibling folder whose name extends the root's is not inside it.
    assert.match(statusBarState([mono], '/ws/mono/svc/bb/x.py').text, /ML L1 · 1\/3$/);
  });

  describe('Extract to Config on the config item', () => {
    const extract: Fix = { title: EXTRACT_CONFIG_TITLE, isPreferred: true, safety: 'safe', edits: [] };
    const other: Fix = { title: 'Make the path relative to the project root', safety: 'safe', edits: [] };
    function finding(code: string, path: string, fixes: Fix[], cell?: number): Finding {
      return {
        code,
        rule: code.toLowerCase(),
        severity: 'warning',
        message: `${code} in ${path}`,
        range: { path, startLine: 2, startColumn: 1, endLine: 2, endColumn: 5, cell },
        fixes,
      } as Finding;
    }
    function configItem(status: ItemResult['status'], findings: Finding[]): ItemNode {
      const p = { ...project('', [item('L1.data-loaded', 1, 'met'), item('L2.config-files', 2, status)], 1), findings };
      const level2 = levelsOf(buildTree([folder('ws', [p])])).find((l) => l.label === 'Level 2')!;
      return level2.children.find((c) => c.item.id === 'L2.config-files')!;
    }

    it('marks a missing or partial config item `config` when an ML401/ML402 finding carries the fix', () => {
      const withFix = [finding('ML401', 'train.py', [extract])];
      assert.equal(configItem('missing', withFix).contextValue, 'item config');
      assert.equal(configItem('partial', withFix).contextValue, 'item config');
      assert.equal(configItem('met', withFix).contextValue, 'item', 'a met item offers nothing');
      assert.equal(configItem('missing', []).contextValue, 'item', 'no finding, no action');
      assert.equal(
        configItem('missing', [finding('ML403', 'train.py', [extract]), finding('ML402', 'eval.py', [other])])
          .contextValue,
        'item',
        'only ML401/ML402 with the extract fix count',
      );
    });

    it('leaves other items without it', () => {
      const p = { ...project('', ITEMS, 1), findings: [finding('ML401', 'train.py', [extract])] };
      const items = levelsOf(buildTree([folder('ws', [p])])).flatMap((l) => l.children);
      assert.ok(items.length > 3);
      for (const i of items) assert.doesNotMatch(i.contextValue, /\bconfig\b/, i.item.id);
    });

    /** The extract fix of a file that moves `n` values out of it (plus the load, which is no value). */
    function extractOf(path: string, n: number, cell?: number): Fix {
      const at = { path, cell, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
      return {
        ...extract,
        edits: [
          { range: at, newText: '\nCONFIG = yaml.safe_load(...)["x"]' },
          ...Array.from({ length: n }, (_, i) => ({ range: at, newText: `CONFIG["g"]["k${i}"]` })),
          { range: { ...at, path: 'configs/params.yaml' }, newText: 'CONFIG["not"]["this file"]' },
        ],
      };
    }

    it('picks the file with the most hard-coded values first, with its first finding and the index of its fix', () => {
      const train = extractOf('src/train.py', 3);
      const findings = [
        finding('ML402', 'src/eval.py', [extractOf('src/eval.py', 1)]),
        finding('ML401', 'src/train.py', [other, train]),
        finding('ML402', 'src/train.py', [other, train]),
        finding('ML401', 'src/train.py', [other, train]),
        finding('ML401', 'src/tune.py', [other]),
      ];
      assert.deepEqual(configFixTargets({ findings }), [
        { path: 'src/train.py', values: 3, findingIndex: 1, fixIndex: 1 },
        { path: 'src/eval.py', values: 1, findingIndex: 0, fixIndex: 0 },
      ]);
      assert.deepEqual(configFixTargets({ findings: [finding('ML401', 'x.py', [other])] }), []);
    });

    it('weighs the notebooks planned on demand against the scripts: a notebook with more values comes first', () => {
      const findings = [finding('ML401', 'src/train.py', [extractOf('src/train.py', 2)])];
      const explore = extractOf('notebooks/explore.ipynb', 5, 2);
      const small = extractOf('notebooks/small.ipynb', 1, 0);
      const targets = configFixTargets({ findings }, [
        { path: 'notebooks/small.ipynb', fix: small },
        { path: 'notebooks/explore.ipynb', fix: explore },
      ]);
      assert.deepEqual(
        targets.map((t) => [t.path, t.values, t.fix === undefined ? 'finding' : 'planned']),
        [
          ['notebooks/explore.ipynb', 5, 'planned'],
          ['src/train.py', 2, 'finding'],
          ['notebooks/small.ipynb', 1, 'planned'],
        ],
      );
      assert.equal(targets[0].fix, explore);
    });

    it('offers the action on the config item of a project with notebooks, whose fixes are planned when asked', () => {
      const p = {
        ...project('', [item('L1.data-loaded', 1, 'met'), item('L2.config-files', 2, 'missing')], 1),
        stats: { files: 2, pythonFiles: 0, notebooks: 1, bytes: 1 },
      };
      const level2 = levelsOf(buildTree([folder('ws', [p])])).find((l) => l.label === 'Level 2')!;
      assert.equal(level2.children.find((c) => c.item.id === 'L2.config-files')!.contextValue, 'item config');
    });
  });
});
