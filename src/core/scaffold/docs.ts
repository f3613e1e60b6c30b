// The scaffolds documentation page (docs/scaffolds.md), written from the registry so it cannot drift
// from what the scaffolds really create.
import { DEFAULT_CONFIG } from '../config/config';
import type { LevelItem } from '../levels/item';
import type { ProjectModel } from '../project/model';
import type { Scaffold } from './scaffold';

/** An empty project with the given files, to show where each scaffold puts its files. */
function exampleProject(files: Record<string, string>): ProjectModel {
  return {
    root: '/work/my-project',
    relativeRoot: '',
    files: Object.keys(files)
      .sort()
      .map((path) => ({ path, size: files[path].length })),
    skipped: [],
    problems: [],
    python: [],
    notebooks: new Map(),
    manifests: [],
    config: DEFAULT_CONFIG,
    hasGit: true,
    texts: new Map(Object.entries(files).filter(([p]) => !p.endsWith('.py'))),
  };
}

const FLAT = exampleProject({ 'requirements.txt': 'scikit-learn\n' });
const PACKAGE = exampleProject({
  'pyproject.toml': '[project]\nname = "my-project"\n',
  'src/my_project/__init__.py': '',
});

/** Markdown for docs/scaffolds.md. */
export function scaffoldDocsPage(scaffolds: readonly Scaffold[], items: readonly LevelItem[]): string {
  const title = (id: string) => items.find((i) => i.id === id)?.title;
  const out = [
    '# Scaffolds',
    '',
    '<!-- Generated from src/core/scaffold/registry.ts by `npm run docs`; do not edit by hand. -->',
    '',
    'A scaffold turns a next step of the level checklist into files, adapted to the project: the package',
    'name (from `pyproject.toml`, `setup.cfg`, `setup.py` or the folder), the target column, data path, seed',
    'and model the code or its YAML configuration shows, the framework in use. A scaffold never overwrites:',
    'a path that exists (even a git-ignored one) is skipped and reported. Each plan ends with notes on what',
    'was guessed and what to do next.',
    '',
    '```sh',
    'mlcoach scaffold --list',
    'mlcoach scaffold split path/to/project --dry-run   # show the plan',
    'mlcoach scaffold split path/to/project             # write the files',
    '```',
    '',
    '| Scaffold | Level | Helps with |',
    '| --- | --- | --- |',
    ...scaffolds.map((s) => {
      const helps = s.items.map((i) => `${i}${title(i) ? ` (${title(i)})` : ''}`).join(', ');
      return `| [\`${s.id}\`](#${s.id}) | ${s.level} | ${helps} |`;
    }),
    '',
  ];
  for (const s of scaffolds) {
    const flat = s.plan(FLAT).files.map((f) => `\`${f.path}\``);
    const pkg = s.plan(PACKAGE).files.map((f) => `\`${f.path}\``);
    out.push(`## ${s.id}`, '', `**${s.title}** (Level ${s.level}). ${s.description}`, '');
    out.push(`- Files in a flat project (scripts and notebooks at the root): ${flat.join(', ')}`);
    out.push(`- Files in a package project (\`src/my_project/\`): ${pkg.join(', ')}`);
    out.push(`- Command: \`mlcoach scaffold ${s.id} [PATH] [--dry-run]\``, '');
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
