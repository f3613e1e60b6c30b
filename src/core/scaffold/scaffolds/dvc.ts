// `dvc`: a DVC pipeline (prepare → train → evaluate) with its parameters, so `dvc repro` reruns only
// what changed and every model version is tied to the data and settings that made it.
import type { ProjectModel } from '../../project/model';
import { fileText, shellWord, yamlScalar } from '../emit';
import { type ProjectFacts, projectFacts } from '../facts';
import { placeModule, runCommand } from '../layout';
import { isPathTaken } from '../paths';
import { type Scaffold, type ScaffoldPlan, planFiles } from '../scaffold';
import { CONFIG_PATH, configuredEstimator } from './config';
import { dataPathOf, seedOf, splitFiles, splitLocation } from './split';
import { modelPathOf } from './api';

/** The dvc scaffold. */
export const dvcScaffold: Scaffold = {
  id: 'dvc',
  title: 'DVC pipeline',
  description:
    'dvc.yaml with prepare, train and evaluate stages (inputs, parameters, outputs, metrics) and params.yaml, so ' +
    '`dvc repro` rebuilds only what changed and data and models are versioned with the code.',
  level: 3,
  items: ['L3.versioning', 'L2.pipeline'],
  plan(project: ProjectModel): ScaffoldPlan {
    const facts = projectFacts(project);
    const paramsFile = isPathTaken(project, CONFIG_PATH) ? CONFIG_PATH : 'params.yaml';
    const split = splitLocation(facts);
    const notes: string[] = [
      'DVC is not set up by this scaffold: run `dvc init` (and `dvc remote add` for storage) yourself, then `dvc ' +
        'repro`.',
    ];
    notes.push(
      `Track the raw data with \`dvc add ${shellWord(dataPathOf(facts))}\` (git then keeps a small .dvc pointer, ` +
        `not the data).`,
    );
    for (const path of [dataPathOf(facts), modelPathOf(facts)]) {
      if (path.includes('${'))
        notes.push(
          `'${path}' holds \`\${\`, which DVC would expand as a parameter: dvc.yaml uses a default path instead; ` +
            `rename the file to use it.`,
        );
    }
    const candidates = [{ path: 'dvc.yaml', content: dvcYaml(facts, paramsFile) }];
    if (paramsFile === 'params.yaml') candidates.push({ path: 'params.yaml', content: paramsYaml(facts) });
    else notes.push(`The stages read their parameters from ${CONFIG_PATH}, which already exists.`);
    if (!isPathTaken(project, split.path)) {
      candidates.push(...splitFiles(facts));
      notes.push(`Adds ${split.path} too: the prepare stage runs it.`);
    }
    const train = trainScript(facts);
    const evaluate = evaluateScript(facts);
    if (!facts.scripts.train)
      notes.push(
        `No training script was found: write ${train}, reading data/processed/train.csv and writing ` +
          `${modelPathOf(facts)}, or edit the train stage.`,
      );
    else
      notes.push(
        `The train stage runs ${facts.scripts.train}: make it read data/processed/ and write ${modelPathOf(facts)}.`,
      );
    if (!facts.scripts.evaluate)
      notes.push(
        `No evaluation script was found: write ${evaluate}, scoring the model on data/processed/val.csv into ` +
          `metrics.json, or edit the evaluate stage.`,
      );
    return planFiles(project, candidates, notes);
  },
};

/**
 * DVC expands `${...}` in the strings of dvc.yaml. Its escape, `\${`, loses the backslash only in a string
 * that also holds an expansion, so no one spelling keeps such a path exact in both `cmd` and `deps`:
 * a project path holding `${` gives way to a default.
 */
function dvcPath(path: string, fallback: string): string {
  return path.includes('${') ? fallback : path;
}

function trainScript(facts: ProjectFacts): string {
  return facts.scripts.train ?? placeModule(facts, 'train.py', 'train.py').path;
}

function evaluateScript(facts: ProjectFacts): string {
  return facts.scripts.evaluate ?? placeModule(facts, 'evaluate.py', 'evaluate.py').path;
}

function dvcYaml(facts: ProjectFacts, paramsFile: string): string {
  const split = splitLocation(facts);
  const data = dvcPath(dataPathOf(facts), 'data/train.csv');
  const model = dvcPath(modelPathOf(facts), 'models/model.joblib');
  // `python -m` on a src layout needs src/ on the path unless the package is installed.
  const env = facts.layout === 'src' ? 'PYTHONPATH=src ' : '';
  const cmd = (path: string) =>
    `${runCommand(facts, path).startsWith('python -m') ? env : ''}${runCommand(facts, path)}`;
  const params = (keys: string[]) =>
    paramsFile === 'params.yaml'
      ? keys.map((k) => `      - ${k}`)
      : [`      - ${yamlScalar(paramsFile)}:`, ...keys.map((k) => `          - ${k}`)];
  const v = (key: string) => (paramsFile === 'params.yaml' ? `\${${key}}` : '');
  const splitArgs =
    paramsFile === 'params.yaml'
      ? ` --seed ${v('seed')} --val-size ${v('split.val_size')} --test-size ${v('split.test_size')}`
      : '';
  return fileText([
    '# DVC pipeline. Each stage declares what it reads (deps), the settings it uses (params) and what it',
    '# writes (outs): `dvc repro` reruns only stages whose inputs changed, and `dvc push` stores the data',
    '# and model that belong to each git commit. `dvc exp run -S seed=1` tries a variant without editing files.',
    'stages:',
    '  prepare:',
    `    cmd: ${yamlScalar(`${cmd(split.path)} --data ${shellWord(data)} --out data/processed${splitArgs}`)}`,
    '    deps:',
    `      - ${yamlScalar(data)}`,
    `      - ${yamlScalar(split.path)}`,
    '    params:',
    ...params(['seed', 'split']),
    '    outs:',
    '      - data/processed',
    '',
    '  train:',
    `    cmd: ${yamlScalar(cmd(trainScript(facts)))}`,
    '    deps:',
    '      - data/processed/train.csv',
    `      - ${yamlScalar(trainScript(facts))}`,
    '    params:',
    ...params(['seed', 'model']),
    '    outs:',
    `      - ${yamlScalar(model)}`,
    '',
    '  evaluate:',
    `    cmd: ${yamlScalar(cmd(evaluateScript(facts)))}`,
    '    deps:',
    '      - data/processed/val.csv',
    `      - ${yamlScalar(model)}`,
    `      - ${yamlScalar(evaluateScript(facts))}`,
    '    metrics:',
    '      # Small and diffable: keep it in git (`dvc metrics diff` compares it across commits).',
    '      - metrics.json:',
    '          cache: false',
  ]);
}

function paramsYaml(facts: ProjectFacts): string {
  const est = configuredEstimator(facts);
  const params = Object.entries(est.params);
  return fileText([
    '# Parameters of the DVC pipeline: stages that use a key rerun when its value changes.',
    `seed: ${seedOf(facts)}`,
    'split:',
    `  val_size: ${facts.splitSizes.val}`,
    `  test_size: ${facts.splitSizes.test}`,
    'model:',
    `  class: ${yamlScalar(est.qualified)}`,
    params.length ? '  params:' : '  params: {}',
    ...params.map(([k, val]) => `    ${yamlScalar(k)}: ${yamlScalar(val)}`),
  ]);
}
