// A realistic workspace report for the formatter tests, made by the real pipeline (discovery, project
// model, rules, level report) over an in-memory project, with a test rule and test checklist items so
// the tests do not depend on which rules and items have landed.
import { MemoryFileSystem } from '../../../src/core/fs/memoryFileSystem';
import { discoverFiles } from '../../../src/core/discovery/discover';
import { buildProject } from '../../../src/core/project/build';
import { DEFAULT_CONFIG } from '../../../src/core/config/config';
import { analyzeProject } from '../../../src/core/analyze';
import { buildLevelReport } from '../../../src/core/levels/report';
import { ProjectIndex } from '../../../src/core/semantic/index';
import type { LevelItem } from '../../../src/core/levels/item';
import type { UnitRule } from '../../../src/core/rules/rule';
import type { WorkspaceReport } from '../../../src/core/model/report';
import { walkAllExprs } from '../../../src/core/python/walk';
import { VERSION } from '../../../src/core/version';

/** A notebook file's JSON from cells given as [kind, source, executionCount]. */
function notebookJson(cells: Array<['code' | 'markdown', string, (number | null)?]>): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' },
      language_info: { name: 'python' },
    },
    cells: cells.map(([kind, source, count]) =>
      kind === 'code'
        ? {
            cell_type: 'code',
            metadata: {},
            source: source.split(/(?<=\n)/),
            execution_count: count ?? null,
            outputs: [],
          }
        : { cell_type: 'markdown', metadata: {}, source: source.split(/(?<=\n)/) },
    ),
  });
}

/** Flags every `<x>.fit_transform(...)` call: a stand-in for the real leakage rule. */
export const TEST_RULE: UnitRule = {
  scope: 'unit',
  meta: {
    code: 'ML901',
    name: 'fit-transform-call',
    title: 'A fit_transform call',
    category: 'leakage',
    level: 2,
    defaultSeverity: 'warning',
    fix: 'unsafe',
    affects: ['L2.heldout-evaluation'],
    docs: {
      whatItDoes: 'Flags `fit_transform` calls.\n\nSecond paragraph.',
      whyBad: 'Fitting on all rows | leaks <test> statistics.',
      example: '```python\nX = scaler.fit_transform(X)\n```',
      useInstead: '```python\npipe = make_pipeline(StandardScaler(), model)\n```',
      fixSafety: 'The fix changes what the code computes.',
    },
  },
  check({ unit, report }) {
    walkAllExprs(unit.module.body, (e) => {
      if (e.kind === 'Call' && e.func.kind === 'Attribute' && e.func.attr === 'fit_transform') {
        const range = unit.range(e);
        report({
          span: e,
          message: `\`${unit.text(e.func)}\` is fit on all rows | before <split>.`,
          related: [{ range: { ...range, startColumn: 1 }, message: 'the data comes from here' }],
          fixes: [
            {
              title: 'Fit on the training rows only',
              safety: 'unsafe',
              isPreferred: true,
              edits: [{ range, newText: 'scaler.fit(X_train).transform(X)' }],
            },
          ],
        });
      }
    });
  },
};

/** Two L1 items and two L2 items, one of them partial, to give the ladder something to show. */
export const TEST_ITEMS: LevelItem[] = [
  {
    id: 'L1.data-loaded',
    level: 1,
    title: 'Data is loaded',
    label: 'data loaded',
    why: 'Everything starts from data.',
    detection: 'pandas read calls',
    core: true,
    weight: 5,
    detect: () => ({
      status: 'met',
      evidence: [
        { note: 'reads a CSV', range: { path: 'train.py', startLine: 2, startColumn: 1, endLine: 2, endColumn: 10 } },
      ],
    }),
  },
  {
    id: 'L1.model-trained',
    level: 1,
    title: 'A model is trained',
    label: 'a model trained',
    why: 'A model is the point.',
    detection: 'estimator fit',
    core: true,
    weight: 5,
    detect: () => ({
      status: 'met',
      evidence: [
        {
          note: 'fits a model',
          range: { path: 'notebooks/eda.ipynb', cell: 2, startLine: 1, startColumn: 1, endLine: 1, endColumn: 5 },
        },
      ],
    }),
  },
  {
    id: 'L2.git',
    level: 2,
    title: 'Code is under git',
    label: 'git',
    why: 'History lets you undo.',
    detection: '.git folder',
    core: true,
    weight: 4,
    nextStep: { title: 'Run git init' },
    detect: () => ({ status: 'missing', evidence: [] }),
  },
  {
    id: 'L2.heldout-evaluation',
    level: 2,
    title: 'Held-out evaluation',
    label: 'held-out evaluation',
    why: 'Scores on training rows | flatter the model.',
    detection: 'split then score',
    core: true,
    weight: 9,
    nextStep: { title: 'Split into train/validation/test', scaffold: 'split' },
    detect: () => ({
      status: 'partial',
      evidence: [
        {
          note: 'splits with train_test_split',
          range: { path: 'train.py', startLine: 5, startColumn: 1, endLine: 5, endColumn: 3 },
        },
      ],
      detail: 'a leakage finding keeps it from counting',
    }),
  },
];

/** A service: Level 1 and three Level 3 capabilities met, seeds missing below, for the foundation-gap lines. */
export const SERVICE_ITEMS: LevelItem[] = [
  ...TEST_ITEMS.slice(0, 2),
  {
    id: 'L2.seeds',
    level: 2,
    title: 'Randomness is seeded',
    label: 'seeds',
    why: 'Repeatable runs.',
    detection: 'seed calls',
    core: true,
    weight: 6,
    detect: () => ({ status: 'missing', evidence: [] }),
  },
  {
    id: 'L3.serving',
    level: 3,
    title: 'Predictions are served',
    label: 'serving API',
    why: 'Others can use it.',
    detection: 'routes',
    core: true,
    weight: 8,
    detect: () => ({ status: 'met', evidence: [] }),
  },
  {
    id: 'L3.dockerfile',
    level: 3,
    title: 'A container',
    label: 'Dockerfile',
    why: 'Same everywhere.',
    detection: 'Dockerfile',
    core: true,
    weight: 8,
    detect: () => ({ status: 'met', evidence: [] }),
  },
  {
    id: 'L3.ci',
    level: 3,
    title: 'CI',
    label: 'CI',
    why: 'Caught early.',
    detection: 'workflows',
    core: true,
    weight: 7,
    detect: () => ({ status: 'met', evidence: [] }),
  },
  {
    id: 'L3.monitoring',
    level: 3,
    title: 'Monitoring',
    label: 'monitoring',
    why: 'Quiet failures.',
    detection: 'prometheus',
    core: true,
    weight: 6,
    detect: () => ({ status: 'missing', evidence: [] }),
  },
];

/**
 * The files of the sample ML project: a script, a notebook whose code sits after a markdown cell, a broken notebook.
 */
export const SAMPLE_FILES: Record<string, string> = {
  'requirements.txt': 'scikit-learn==1.4.2\npandas\n',
  'train.py': [
    'import pandas as pd',
    'df = pd.read_csv("data/train.csv")',
    'from sklearn.preprocessing import StandardScaler',
    'from sklearn.model_selection import train_test_split',
    'X = StandardScaler().fit_transform(df)',
    'X_train, X_test = train_test_split(X)',
    '',
  ].join('\n'),
  'notebooks/eda.ipynb': notebookJson([
    ['markdown', '# Exploration\n'],
    ['code', 'import pandas as pd\nfrom sklearn.decomposition import PCA\n', 1],
    ['code', 'df = pd.read_csv("x.csv")\nZ = PCA(2).fit_transform(df)\n', 2],
  ]),
  'notebooks/broken.ipynb': '{"cells": [',
};

/** Builds the report of a sample project (by default SAMPLE_FILES) at `/ws`, with the test rule and items. */
export async function sampleReport(
  files: Record<string, string> = SAMPLE_FILES,
  items: LevelItem[] = TEST_ITEMS,
): Promise<WorkspaceReport> {
  const root = '/ws';
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([p, c]) => [`${root}/${p}`, c])));
  const walk = await discoverFiles(fs, root);
  const model = await buildProject(fs, root, '', walk.files, walk.skipped, false, { ...DEFAULT_CONFIG });
  const project = analyzeProject(model, [TEST_RULE]);
  if (project.isMlProject) Object.assign(project, buildLevelReport(new ProjectIndex(model), project.findings, items));
  return { schemaVersion: 2, tool: { name: 'mlcoach', version: VERSION }, root, projects: [project] };
}
