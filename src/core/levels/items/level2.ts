// Level 2, a structured project: git, modules, configuration, held-out evaluation, seeds, pinned
// dependencies, and where they apply imbalance handling, tuning, tests and pipelines.
import type { Evidence, ItemOutcome, LevelItem } from '../item';
import { evidence, facts, metIfAny, outcome } from '../detect';

/** Lock files that pin every dependency, whatever the manifest says. */
const LOCK_FILES =
  /(^|\/)(poetry\.lock|uv\.lock|Pipfile\.lock|pdm\.lock|conda-lock\.ya?ml|requirements[^/]*\.lock|pixi\.lock)$/;

/** The share of dependencies pinned from which the item is met. */
const MOSTLY_PINNED = 0.8;

/** The Level 2 checklist. */
export const LEVEL2_ITEMS: readonly LevelItem[] = [
  {
    id: 'L2.git',
    label: 'git',
    level: 2,
    title: 'The project is under version control',
    why: 'Git lets you go back to the code that produced a result and work with others without losing changes.',
    detection: 'A `.git` folder in the project or a folder above it.',
    core: true,
    weight: 8,
    nextStep: { title: 'Run `git init` and commit the code (leave data and models out with a `.gitignore`)' },
    detect: (ctx) =>
      ctx.project.hasGit
        ? { status: 'met', evidence: [{ note: 'the project is in a git repository' }] }
        : { status: 'missing', evidence: [], detail: 'no .git folder was found' },
  },
  {
    id: 'L2.modules',
    label: 'modules',
    level: 2,
    title: 'Code lives in reusable modules',
    why:
      'Functions in .py modules can be imported, tested and reused; code that only lives in notebook cells has ' +
      'to be copied around.',
    detection: 'Functions or classes defined in .py files that another file or notebook of the project imports.',
    core: true,
    weight: 7,
    nextStep: { title: 'Move data loading, features and training into functions in a `src/` package and import them' },
    detect: (ctx) => {
      const imports = facts(ctx, 'local-import');
      const code = facts(ctx, 'module-code');
      if (imports.length > 0) {
        const used = new Set(imports.map((f) => f.note.replace(/^imports /, '')));
        return outcome('met', [imports, code.filter((c) => used.has(c.range.path))]);
      }
      if (code.length > 0)
        return outcome('partial', [code], 'functions are defined in .py files, but no other file imports them');
      return { status: 'missing', evidence: [], detail: 'no .py module defines functions or classes' };
    },
  },
  {
    id: 'L2.config-files',
    label: 'config files',
    level: 2,
    title: 'Settings come from configuration files',
    why:
      'Keeping paths and hyperparameters in a config file makes each run reproducible and lets you change an ' +
      'experiment without editing code.',
    detection:
      'Code that reads YAML, TOML or JSON configuration, OmegaConf or `@hydra.main`, or runs a settings file of ' +
      'Python assignments in a config folder (`exec(open(path).read())`, as nanoGPT does); command-line options ' +
      'alone count as partly met.',
    core: true,
    weight: 6,
    nextStep: { title: 'Move paths and hyperparameters into a config file', scaffold: 'config' },
    detect: (ctx) => {
      const read = facts(ctx, 'config-read');
      const files = facts(ctx, 'config-file');
      const cli = facts(ctx, 'cli-options');
      if (read.length > 0) return outcome('met', [read, files]);
      if (files.length > 0)
        return outcome('partial', [files, cli], 'configuration files exist, but no code reads them');
      if (cli.length > 0)
        return outcome('partial', [cli], 'settings come from command-line options, not from a config file');
      return { status: 'missing', evidence: [], detail: 'no code reads a configuration file' };
    },
  },
  {
    id: 'L2.heldout-evaluation',
    label: 'held-out evaluation',
    level: 2,
    title: 'The model is evaluated on held-out data',
    why:
      'A score on data the model (or your choices) never saw is the only honest estimate; a validation set or ' +
      'cross-validation for choices plus a test set for the final number keeps it honest.',
    detection:
      'A metric computed on data held out from training: a split (`train_test_split`, `random_split`, rows or ' +
      'loaders named for validation or test, predefined test splits such as `train=False`), cross-validation or ' +
      'a search with CV, `validation_data`, or held-out data files (a `test.csv`, a DVC stage writing one). A ' +
      'single train/test split is met with a note that a validation split would keep choices off the test set. ' +
      'Leakage and evaluation findings that undermine every place of evidence keep it from being met.',
    core: true,
    weight: 9,
    nextStep: { title: 'Split into train, validation and test sets', scaffold: 'split' },
    detect: (ctx): ItemOutcome => {
      const splits = facts(ctx, 'split');
      const validation = facts(ctx, 'validation');
      const evaluation = facts(ctx, 'evaluation');
      // A held-out file (`data/test.csv`, a DVC stage writing one) is a test set, as ML202 counts it.
      const heldOutFile = ctx.index.heldOutDataEvidence;
      const fileEvidence: Evidence[] = heldOutFile ? [{ note: `held-out data: ${heldOutFile}` }] : [];
      if (evaluation.length === 0) {
        if (splits.length + validation.length > 0 || heldOutFile)
          return outcome('partial', [splits, validation], 'data is held out, but no metric is computed on it');
        return outcome('missing', [], 'no metric is computed');
      }
      if (splits.length >= 2 || (splits.length >= 1 && validation.length >= 1))
        return outcome('met', [splits, validation]);
      if (splits.length === 1 || heldOutFile) {
        const o = outcome('met', [splits]);
        o.evidence.push(...fileEvidence);
        if (validation.length === 0)
          o.detail =
            'one held-out test set: a validation split or cross-validation would keep model choices off the test set';
        return o;
      }
      if (validation.length > 0)
        return outcome('met', [validation], 'validation or cross-validation, without a final held-out test set');
      return outcome('missing', [], 'no train/test split or cross-validation was found');
    },
  },
  {
    id: 'L2.seeds',
    label: 'seeds',
    level: 2,
    title: 'Randomness is seeded',
    why:
      'Fixed seeds make splits and training repeatable, so a change in the score comes from your change and not ' +
      'from luck.',
    detection:
      '`random_state=` on splits and models, `np.random.seed`, `torch.manual_seed`, `tf.random.set_seed`, ' +
      '`seed_everything`, seeded generators.',
    core: true,
    weight: 6,
    nextStep: { title: 'Set a seed for every source of randomness (random_state, numpy, torch)' },
    detect: (ctx) => metIfAny(facts(ctx, 'seed'), 'no seed was found'),
  },
  {
    id: 'L2.dependencies',
    label: 'pinned dependencies',
    level: 2,
    title: 'Dependencies are pinned',
    why: 'Exact versions let someone else (or you in six months) install the same libraries and get the same results.',
    detection:
      'A requirements file, pyproject, Pipfile or environment file with exact versions (`==`) for at least 80% of ' +
      'the dependencies, or a lock file; fewer pins count as partly met.',
    core: true,
    weight: 6,
    nextStep: { title: 'Write the exact versions into requirements.txt (`pip freeze > requirements.txt`)' },
    detect: (ctx): ItemOutcome => {
      const locks = ctx.project.files.filter((f) => LOCK_FILES.test(f.path));
      const lockEvidence: Evidence[] = locks.map((f) => ({
        note: 'lock file',
        range: { path: f.path, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
      }));
      for (const m of ctx.project.manifests)
        if (m.kind === 'lockfile' && !locks.some((f) => f.path === m.path))
          lockEvidence.push({
            note: `lock file${m.tool ? ` (${m.tool})` : ''}`,
            range: { path: m.path, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
          });
      if (lockEvidence.length > 0) return { status: 'met', evidence: lockEvidence.slice(0, 3) };
      const manifests = ctx.project.manifests.filter((m) => m.dependencies.some((d) => !d.dev));
      if (manifests.length === 0)
        return {
          status: 'missing',
          evidence: [],
          detail: 'no requirements.txt, pyproject.toml or environment file lists the dependencies',
        };
      const ev: Evidence[] = manifests.map((m) => ({
        note: `${m.dependencies.filter((d) => !d.dev).length} dependencies`,
        range: { path: m.path, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
      }));
      const loose = manifests.flatMap((m) =>
        m.dependencies.filter((d) => !d.dev && !d.pinned && !d.pinnedBy).map((d) => ({ m, d })),
      );
      if (loose.length === 0) return { status: 'met', evidence: ev };
      const all = manifests.reduce((n, m) => n + m.dependencies.filter((d) => !d.dev).length, 0);
      const names = loose
        .slice(0, 3)
        .map((x) => x.d.name)
        .join(', ');
      // Mostly pinned is pinned: a few loose build tools or a stray conda line do not undo it.
      if (loose.length <= all * (1 - MOSTLY_PINNED))
        return {
          status: 'met',
          evidence: ev,
          detail: `${loose.length} of ${all} dependencies are not pinned (${names}${loose.length > 3 ? ', ...' : ''})`,
        };
      return {
        status: 'partial',
        evidence: ev,
        detail:
          `${loose.length} dependenc${loose.length === 1 ? 'y is' : 'ies are'} not pinned to an exact ` +
          `version (${names}${loose.length > 3 ? ', ...' : ''})`,
      };
    },
  },
  {
    id: 'L2.imbalance-handling',
    label: 'imbalance handling',
    level: 2,
    title: 'Class imbalance is handled',
    why:
      'When one class is rare, accuracy rewards a model that ignores it; class weights or resampling, ' +
      'stratified splits and precision/recall show what the model really does.',
    detection:
      'Applies only when the target looks imbalanced (skewed printed class counts; where no counts are printed, ' +
      'a target that is a rare outcome by nature: churn, fraud, loan default; or imbalance handling in the code). ' +
      '`class_weight`, imbalanced-learn, `scale_pos_weight`, `is_unbalance`; stratified splits together with ' +
      'precision/recall metrics on such a target.',
    core: false,
    weight: 5,
    nextStep: { title: "Use class_weight='balanced' or resampling inside the pipeline, and report precision/recall" },
    detect: (ctx): ItemOutcome => {
      const handling = facts(ctx, 'imbalance-handling');
      const strat = facts(ctx, 'stratification');
      const pr = facts(ctx, 'pr-metric');
      const skew = facts(ctx, 'imbalanced-target');
      const flagged = ctx.findings.filter((f) => f.code === 'ML204');
      if (handling.length > 0) return outcome('met', [handling, strat, pr]);
      // Stratified splits and precision/recall are routine on balanced targets too: they handle an imbalance
      // only where the target is seen to be imbalanced.
      const imbalanced = skew.length > 0 || flagged.length > 0;
      if (imbalanced && strat.length > 0 && pr.length > 0) return outcome('met', [strat, pr]);
      if (imbalanced) {
        const ev = evidence(skew, strat, pr);
        for (const f of flagged) if (f.range && ev.length < 5) ev.push({ note: f.message, range: f.range });
        if (strat.length > 0 || pr.length > 0)
          return {
            status: 'partial',
            evidence: ev,
            detail:
              strat.length > 0
                ? 'stratified splits, but no class weights, resampling or precision/recall metrics'
                : 'precision/recall metrics, but no class weights, resampling or stratified splits',
          };
        return {
          status: 'missing',
          evidence: ev,
          detail: 'the target is imbalanced and nothing in the code accounts for it',
        };
      }
      return { status: 'not-applicable', evidence: [], detail: 'no sign that the target is imbalanced' };
    },
  },
  {
    id: 'L2.tuning',
    label: 'tuning',
    level: 2,
    title: 'Hyperparameters are tuned',
    why:
      'Default hyperparameters are rarely the best ones; a search on validation data finds better settings and ' +
      'shows how sensitive the model is.',
    detection:
      'GridSearchCV, RandomizedSearchCV, Halving searches, BayesSearchCV, Optuna, Hyperopt, Ray Tune, Keras Tuner, ' +
      'Spark `CrossValidator` and `TrainValidationSplit`.',
    core: false,
    weight: 4,
    nextStep: { title: 'Tune the main hyperparameters with RandomizedSearchCV or Optuna on validation folds' },
    detect: (ctx) => metIfAny(facts(ctx, 'tuning'), 'no hyperparameter search was found'),
  },
  {
    id: 'L2.tests',
    label: 'tests',
    level: 2,
    title: 'The code has tests',
    why: 'Tests catch a broken feature function or a changed data format before it silently changes your model.',
    detection: 'pytest or unittest files (`test_*.py`, `*_test.py`, `tests/`) with test functions.',
    core: false,
    weight: 5,
    nextStep: { title: 'Add pytest tests for data loading and feature functions', scaffold: 'tests' },
    detect: (ctx) => metIfAny(facts(ctx, 'test'), 'no test functions were found'),
  },
  {
    id: 'L2.pipeline',
    label: 'a pipeline',
    level: 2,
    title: 'Steps are chained in a pipeline',
    why:
      'A pipeline runs preprocessing and training the same way every time, and keeps preprocessing fitted on ' +
      'training data only.',
    detection:
      'scikit-learn `Pipeline`/`make_pipeline`, Prefect `@flow`/`@task`, Kedro, ZenML, Metaflow, Dagster or ' +
      'Airflow task graphs.',
    core: false,
    weight: 5,
    nextStep: { title: 'Wrap preprocessing and the model in a scikit-learn Pipeline' },
    // An orchestrated workflow (an Airflow DAG, a Kubeflow pipeline) chains the steps as well.
    detect: (ctx) => metIfAny(facts(ctx, 'pipeline', 'orchestration'), 'no pipeline was found'),
  },
];
