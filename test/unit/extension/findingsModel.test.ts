import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/model/findings';
import type { ProjectReport } from '../../../src/core/model/report';
import { buildFindingGroups, findingPlace, findingsByPath } from '../../../src/extension/findingsModel';
import type { FolderState } from '../../../src/extension/levelView';

function finding(code: string, path?: string, cell?: number, line = 1): Finding {
  return {
    code,
    rule: `rule-${code}`,
    severity: code === 'ML101' ? 'warning' : 'info',
    message: `Message ${code}.`,
    range: path ? { path, cell, startLine: line, startColumn: 1, endLine: line, endColumn: 2 } : undefined,
  };
}

function folder(name: string, projects: Array<{ root: string; findings: Finding[] }>): FolderState {
  return {
    key: `file:///${name}`,
    name,
    report: {
      schemaVersion: 2,
      tool: { name: 'mlcoach', version: '0' },
      root: `/${name}`,
      projects: projects.map((p) => ({ ...p, isMlProject: true }) as unknown as ProjectReport),
    },
  };
}

describe('Findings view model', () => {
  it('groups findings by rule in code order, with counts and places', () => {
    const groups = buildFindingGroups(
      [
        folder('churn', [
          {
            root: '',
            findings: [
              finding('ML301', 'train.py', undefined, 7),
              finding('ML101', 'eda.ipynb', 3, 2),
              finding('ML301', 'eda.ipynb', 1),
              finding('ML901'),
            ],
          },
        ]),
      ],
      false,
    );
    assert.deepEqual(
      groups.map((g) => [g.label, g.description]),
      [
        ['ML101 rule-ML101', '1'],
        ['ML301 rule-ML301', '2'],
        ['ML901 rule-ML901', '1'],
      ],
    );
    // The message leads (it is what a narrow sidebar keeps); the place follows, cells counted from 1.
    assert.deepEqual(
      groups[1].children.map((c) => [c.label, c.description]),
      [
        ['Message ML301', 'train.py:7'],
        ['Message ML301', 'eda.ipynb cell 2:1'],
      ],
    );
    assert.equal(groups[0].children[0].description, 'eda.ipynb cell 4:2');
    assert.equal(groups[0].children[0].icon, 'warning');
    // A project-level finding names its project.
    assert.equal(groups[2].children[0].description, 'churn');
  });

  it('labels a row with the lead sentence of a long message, short enough for a 300 px sidebar', () => {
    const long: Finding = {
      ...finding('ML101', 'train.py', undefined, 13),
      message:
        '`StandardScaler` is fit on all rows before they are split, so what it learns includes the test rows ' +
        'and the test score will look better than it should.',
    };
    const [group] = buildFindingGroups([folder('churn', [{ root: '', findings: [long] }])], false);
    assert.equal(group.children[0].label, 'StandardScaler is fit on all rows before they are split');
    assert.equal(group.children[0].description, 'train.py:13');
    assert.match(group.children[0].tooltip, /test score will look better/);
  });

  it('gives rows and rules the icon and colour of their severity, the loudest for a rule', () => {
    const quiet = { ...finding('ML301', 'a.py'), severity: 'hint' as const };
    const loud = { ...finding('ML301', 'b.py'), severity: 'warning' as const };
    const [group] = buildFindingGroups([folder('churn', [{ root: '', findings: [quiet, loud] }])], false);
    assert.deepEqual(
      group.children.map((c) => [c.icon, c.iconColor]),
      [
        ['lightbulb', 'editorLightBulb.foreground'],
        ['warning', 'problemsWarningIcon.foreground'],
      ],
    );
    assert.deepEqual([group.icon, group.iconColor], ['warning', 'problemsWarningIcon.foreground']);
    const [infoOnly] = buildFindingGroups(
      [folder('churn', [{ root: '', findings: [finding('ML402', 'c.py')] }])],
      false,
    );
    assert.deepEqual([infoOnly.icon, infoOnly.iconColor], ['info', 'problemsInfoIcon.foreground']);
  });

  it('names the project in front of the file when there are several', () => {
    const groups = buildFindingGroups(
      [
        folder('mono', [
          { root: 'svc/a', findings: [finding('ML301', 'train.py')] },
          { root: 'svc/b', findings: [finding('ML301', 'train.py')] },
        ]),
      ],
      true,
    );
    assert.deepEqual(
      groups[0].children.map((c) => c.description),
      ['mono/svc/a: train.py:1', 'mono/svc/b: train.py:1'],
    );
    assert.equal(new Set(groups[0].children.map((c) => c.id)).size, 2);
  });

  it('places project-level findings on the project', () => {
    assert.equal(findingPlace(finding('ML901'), ''), 'project');
  });
});

describe('findings by file', () => {
  it('resolves paths through project roots and keeps findings with a range only', () => {
    const byPath = findingsByPath([
      folder('mono', [{ root: 'svc', findings: [finding('ML301', 'train.py', undefined, 3), finding('ML901')] }]),
    ]);
    assert.deepEqual([...byPath.keys()], ['/mono/svc/train.py']);
    assert.equal(byPath.get('/mono/svc/train.py')![0].project.root, 'svc');
  });

  it('gives a file seen by two nested workspace folders its findings once', () => {
    const outer = folder('ws', [{ root: 'inner', findings: [finding('ML301', 'train.py', undefined, 3)] }]);
    const inner: FolderState = {
      ...folder('ws/inner', [
        {
          root: '',
          findings: [finding('ML301', 'train.py', undefined, 3), finding('ML301', 'train.py', undefined, 9)],
        },
      ]),
    };
    const byPath = findingsByPath([outer, inner]);
    assert.deepEqual(
      byPath.get('/ws/inner/train.py')!.map((p) => p.finding.range!.startLine),
      [3, 9],
    );
  });
});
