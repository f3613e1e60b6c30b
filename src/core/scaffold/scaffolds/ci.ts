// `ci`: a GitHub Actions workflow that installs the project from scratch, runs the tests and ML Coach
// on every push and pull request, with an optional SARIF upload for code scanning.
import type { ProjectModel } from '../../project/model';
import { fileText } from '../emit';
import { type ProjectFacts, projectFacts } from '../facts';
import { type Scaffold, type ScaffoldPlan, planFiles } from '../scaffold';

/** Where the workflow goes. */
const CI_PATH = '.github/workflows/ci.yml';

/** The ML Coach command CI runs (the npm package is `ml-coach`, its binary `mlcoach`). */
const MLCOACH_NPX = 'npx --yes --package ml-coach mlcoach';

/** The ci scaffold. */
export const ciScaffold: Scaffold = {
  id: 'ci',
  title: 'CI workflow (GitHub Actions)',
  description:
    'A GitHub Actions workflow that installs the dependencies, runs pytest and `mlcoach check --fail-on warning` ' +
    'on every push and pull request, with an optional SARIF upload to code scanning.',
  level: 3,
  items: ['L3.ci'],
  plan(project: ProjectModel): ScaffoldPlan {
    const facts = projectFacts(project);
    const notes: string[] = [];
    if (!facts.hasTests)
      notes.push("No tests were found and pytest fails when it collects none: add some ('mlcoach scaffold tests').");
    if (facts.requirementsFiles.length === 0 && !facts.hasPyproject)
      notes.push(
        'No requirements.txt or pyproject.toml was found: CI cannot install your dependencies until one exists.',
      );
    notes.push(
      'The workflow runs on pushes to main and on pull requests; rename the branch if yours is called differently.',
    );
    notes.push(
      'If this project is a sub-folder of the repository, move the workflow to the repository root and set ' +
        'working-directory.',
    );
    return planFiles(project, [{ path: CI_PATH, content: workflow(facts) }], notes);
  },
};

function installSteps(facts: ProjectFacts): string[] {
  const lines = ['python -m pip install --upgrade pip'];
  const reqs = facts.requirementsFiles.filter((p) => !p.endsWith('.in'));
  for (const r of [...reqs, ...facts.devRequirementsFiles]) lines.push(`pip install -r ${r}`);
  if (facts.hasPyproject && facts.layout !== 'flat') {
    const extras = facts.pyprojectExtras.filter((e) => /^(dev|test|tests|testing)$/.test(e));
    lines.push(extras.length ? `pip install -e ".[${extras.join(',')}]"` : 'pip install -e .');
  }
  lines.push('pip install pytest');
  return lines;
}

function workflow(facts: ProjectFacts): string {
  const cacheable = facts.requirementsFiles.length > 0 || facts.devRequirementsFiles.length > 0 || facts.hasPyproject;
  const srcPath = facts.layout === 'src' && !facts.hasPyproject;
  return fileText([
    '# Continuous integration: every push and pull request installs the project on a clean machine,',
    '# runs the tests, and runs ML Coach, so a leak or an untested change is caught before it is merged.',
    'name: CI',
    '',
    'on:',
    '  push:',
    '    branches: [main]',
    '  pull_request:',
    '',
    '# Read-only by default; a job asks for more only when it needs it.',
    'permissions:',
    '  contents: read',
    '',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '',
    '      - uses: actions/setup-python@v5',
    '        with:',
    `          python-version: "${facts.pythonVersion}"  # the same version as the Docker image`,
    ...(cacheable ? ['          cache: pip  # reuses downloaded wheels while the requirements do not change'] : []),
    '',
    '      - name: Install dependencies',
    '        run: |',
    ...installSteps(facts).map((l) => `          ${l}`),
    '',
    '      - name: Run tests',
    '        run: python -m pytest -q',
    ...(srcPath ? ['        env:', '          PYTHONPATH: src'] : []),
    '',
    '      - uses: actions/setup-node@v4',
    '        with:',
    '          node-version: 20',
    '',
    '      # Fails the build on ML mistakes (leakage, evaluation on training data, ...) at warning or above.',
    '      - name: ML Coach',
    `        run: ${MLCOACH_NPX} check --fail-on warning`,
    '',
    '      # Optional: show ML Coach findings as code scanning alerts on pull requests. Needs code scanning',
    '      # enabled for the repository and `security-events: write` in the permissions above.',
    '      # - name: ML Coach (SARIF)',
    '      #   if: always()',
    `      #   run: ${MLCOACH_NPX} check --format sarif --fail-on never > mlcoach.sarif`,
    '      # - uses: github/codeql-action/upload-sarif@v3',
    '      #   if: always()',
    '      #   with:',
    '      #     sarif_file: mlcoach.sarif',
  ]);
}
