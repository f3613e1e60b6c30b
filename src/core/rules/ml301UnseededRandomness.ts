// ML301: randomness that changes results without a seed. Only calls whose results really vary are
// flagged: a splitter that shuffles, an estimator whose fit draws random numbers, or the global random
// APIs of NumPy, Python, PyTorch and TensorFlow in code that trains a model.
import type { CallExpr } from '../python/ast';
import { isUnder } from '../python/imports';
import { apiRole } from '../libraries/catalog';
import {
  type CallSite,
  hasKwargsSpread,
  isLiteral,
  keywordInsertion,
  keywordOf,
  lastName,
} from '../semantic/callFacts';
import type { UnitContext, UnitRule } from './rule';
import type { ProjectIndex, UnitIndex } from '../semantic/index';
import type { SeedScope } from '../semantic/seeds';

/** scikit-learn and imbalanced-learn classes whose fitted result depends on `random_state` with default settings. */
const RANDOM_ESTIMATORS = new Set([
  'RandomForestClassifier',
  'RandomForestRegressor',
  'ExtraTreesClassifier',
  'ExtraTreesRegressor',
  'GradientBoostingClassifier',
  'GradientBoostingRegressor',
  'BaggingClassifier',
  'BaggingRegressor',
  'IsolationForest',
  'RandomTreesEmbedding',
  'MLPClassifier',
  'MLPRegressor',
  'SGDClassifier',
  'SGDRegressor',
  'SGDOneClassSVM',
  'Perceptron',
  'PassiveAggressiveClassifier',
  'PassiveAggressiveRegressor',
  'KMeans',
  'MiniBatchKMeans',
  'BisectingKMeans',
  'GaussianMixture',
  'BayesianGaussianMixture',
  'TSNE',
  'BalancedRandomForestClassifier',
  'BalancedBaggingClassifier',
  'EasyEnsembleClassifier',
  'RUSBoostClassifier',
  'SMOTE',
  'SMOTENC',
  'SMOTEN',
  'ADASYN',
  'BorderlineSMOTE',
  'SVMSMOTE',
  'KMeansSMOTE',
  'RandomOverSampler',
  'RandomUnderSampler',
  'SMOTETomek',
  'SMOTEENN',
  'RandomizedSearchCV',
  'HalvingRandomSearchCV',
  'ShuffleSplit',
  'StratifiedShuffleSplit',
  'GroupShuffleSplit',
  'RepeatedKFold',
  'RepeatedStratifiedKFold',
]);

/** Splitters that only shuffle when asked to. */
const SHUFFLE_OPTIONAL = new Set(['KFold', 'StratifiedKFold', 'GroupKFold', 'StratifiedGroupKFold']);

/** numpy.random names that are not draws from the global generator. */
const NUMPY_NOT_DRAWS = new Set([
  'seed',
  'default_rng',
  'RandomState',
  'Generator',
  'SeedSequence',
  'get_state',
  'set_state',
  'BitGenerator',
  'PCG64',
  'PCG64DXSM',
  'MT19937',
  'Philox',
  'SFC64',
]);

const PYTHON_RANDOM_DRAWS = new Set([
  'random',
  'randint',
  'randrange',
  'choice',
  'choices',
  'shuffle',
  'sample',
  'uniform',
  'gauss',
  'normalvariate',
  'triangular',
  'betavariate',
  'expovariate',
  'getrandbits',
]);

const TORCH_DRAWS = new Set([
  'rand',
  'randn',
  'randint',
  'randperm',
  'rand_like',
  'randn_like',
  'randint_like',
  'normal',
  'bernoulli',
  'multinomial',
  'poisson',
]);

/** Why a scikit-learn style call draws random numbers without a seed, or undefined when it does not. */
function unseededSklearnCall(site: CallSite): string | undefined {
  const q = site.qualified;
  if (!q || !(isUnder(q, 'sklearn') || isUnder(q, 'imblearn') || isUnder(q, 'skopt'))) return undefined;
  const call = site.call;
  if (keywordOf(call, 'random_state') || hasKwargsSpread(call)) return undefined;
  const name = lastName(q);
  if (apiRole(q) === 'splitter-function') {
    if (isLiteral(keywordOf(call, 'shuffle')?.value, false)) return undefined;
    return (
      `${name} shuffles the rows without a random_state, so every run draws a different test set and scores ` +
      `cannot be compared between runs`
    );
  }
  if (SHUFFLE_OPTIONAL.has(name)) {
    if (!isLiteral(keywordOf(call, 'shuffle')?.value, true)) return undefined;
    return (
      `${name}(shuffle=True) has no random_state, so the folds change on every run and so do the ` +
      `cross-validation scores`
    );
  }
  if (name === 'LogisticRegression') {
    const solver = keywordOf(call, 'solver')?.value;
    if (!(isLiteral(solver, 'sag') || isLiteral(solver, 'saga') || isLiteral(solver, 'liblinear'))) return undefined;
  } else if (name === 'SVC' || name === 'NuSVC') {
    if (!isLiteral(keywordOf(call, 'probability')?.value, true)) return undefined;
  } else if (name === 'BayesSearchCV') {
    // skopt's search samples candidates at random like RandomizedSearchCV.
  } else if (!RANDOM_ESTIMATORS.has(name)) {
    return undefined;
  }
  if (apiRole(q) === 'splitter-class')
    return `${name} draws its splits at random without a random_state, so the scores change on every run`;
  if (apiRole(q) === 'search' || name === 'BayesSearchCV') {
    const effect = 'so each run may pick different hyperparameters';
    return `${name} samples candidates at random without a random_state, ${effect}`;
  }
  if (apiRole(q) === 'resampler')
    return `${name} resamples at random without a random_state, so each run trains on different rows`;
  return `${name} has no random_state, so each run fits a different model and its score moves between runs`;
}

/** The first unseeded draw of each library in a unit that trains, with a message. */
function unseededLibraryDraws(index: UnitIndex, project: ProjectIndex): Array<{ call: CallExpr; message: string }> {
  if (!index.trainsModel) return [];
  // Seeds anywhere in the project count. Collecting them means reading every file's calls, so first
  // look with this file's seeds alone: more seeds only ever remove draws, so none here means none at all.
  const own = index.seeds;
  if (own.has('all') || drawsGiven(index, own).length === 0) return [];
  const seeds = new Set([...own, ...project.seeds]);
  if (seeds.has('all')) return [];
  return drawsGiven(index, seeds);
}

/** The first unseeded draw of each library in a unit, given the scopes that are seeded. */
function drawsGiven(index: UnitIndex, seeds: ReadonlySet<SeedScope>): Array<{ call: CallExpr; message: string }> {
  const unit = index.unit;
  const out: Array<{ call: CallExpr; message: string }> = [];
  const seen = new Set<string>();
  const add = (lib: string, call: CallExpr, message: string) => {
    if (seen.has(lib)) return;
    seen.add(lib);
    out.push({ call, message });
  };
  const sites = index.callSites;
  for (const s of sites) {
    const q = s.qualified;
    if (!q) continue;
    const name = lastName(q);
    if (isUnder(q, 'numpy.random') && q.split('.').length === 3) {
      if (name === 'default_rng' || name === 'RandomState') {
        if (s.call.args.length === 0 && s.call.keywords.length === 0)
          add(
            'numpy-generator',
            s.call,
            `np.random.${name}() without a seed gives different numbers on every run; pass a seed such as ${name}(42)`,
          );
        continue;
      }
      if (!NUMPY_NOT_DRAWS.has(name) && !seeds.has('numpy'))
        add(
          'numpy',
          s.call,
          `np.random.${name} draws from NumPy's global generator, which is never seeded in this project, so ` +
            `results change on every run`,
        );
    } else if (
      isUnder(q, 'random') &&
      q.split('.').length === 2 &&
      PYTHON_RANDOM_DRAWS.has(name) &&
      !seeds.has('python')
    ) {
      add(
        'python',
        s.call,
        `random.${name} uses Python's global generator, which is never seeded in this project, so results change ` +
          `on every run`,
      );
    } else if (isUnder(q, 'torch') && !seeds.has('torch')) {
      if (
        (q.split('.').length === 2 && TORCH_DRAWS.has(name)) ||
        (name === 'random_split' && !keywordOf(s.call, 'generator'))
      ) {
        add(
          'torch',
          s.call,
          `torch.${name} draws random numbers but torch.manual_seed is never called in this project, so results ` +
            `change on every run`,
        );
      } else if (
        name === 'DataLoader' &&
        isLiteral(keywordOf(s.call, 'shuffle')?.value, true) &&
        !keywordOf(s.call, 'generator')
      ) {
        add(
          'torch',
          s.call,
          'This DataLoader shuffles, but torch.manual_seed is never called in this project, so weights and batch ' +
            'order differ on every run',
        );
      }
    } else if (
      isUnder(q, 'tensorflow.random') &&
      name !== 'set_seed' &&
      name !== 'Generator' &&
      !seeds.has('tensorflow')
    ) {
      add(
        'tensorflow',
        s.call,
        `tf.random.${name} draws random numbers but tf.random.set_seed is never called in this project, so results ` +
          `change on every run`,
      );
    }
  }
  // Training a network draws its initial weights at random even when the code never asks for a number.
  const fitsOrBackprops = (name: string) => sites.some((s) => s.name === name);
  if (!seen.has('torch') && !seeds.has('torch') && unit.imports.uses('torch') && fitsOrBackprops('backward')) {
    const layer = sites.find(
      (s) =>
        s.qualified &&
        isUnder(s.qualified, 'torch.nn') &&
        !isUnder(s.qualified, 'torch.nn.functional') &&
        /^[A-Z]/.test(lastName(s.qualified)) &&
        !/Loss$/.test(lastName(s.qualified)),
    );
    if (layer)
      add(
        'torch',
        layer.call,
        'PyTorch initialises these weights at random but torch.manual_seed is never called in this project, so ' +
          'every training run starts from different weights',
      );
  }
  if (
    !seen.has('tensorflow') &&
    !seeds.has('tensorflow') &&
    (unit.imports.uses('tensorflow') || unit.imports.uses('keras')) &&
    fitsOrBackprops('fit')
  ) {
    const model = sites.find((s) => s.qualified && KERAS_MODELS.has(s.qualified));
    if (model)
      add(
        'tensorflow',
        model.call,
        "Keras initialises this model's weights and shuffles its batches at random but no seed is set in this " +
          'project (keras.utils.set_random_seed), so results change on every run',
      );
  }
  return out;
}

/** Keras model constructors, by qualified name. */
const KERAS_MODELS = new Set(
  ['Sequential', 'Model', 'models.Sequential', 'models.Model'].flatMap((n) => [
    `keras.${n}`,
    `tensorflow.keras.${n}`,
    `tf_keras.${n}`,
  ]),
);

/** Reports unseeded randomness that changes results. */
export const unseededRandomness: UnitRule = {
  scope: 'unit',
  meta: {
    code: 'ML301',
    name: 'unseeded-randomness',
    title: 'Randomness without a seed',
    category: 'reproducibility',
    level: 2,
    defaultSeverity: 'info',
    fix: 'safe',
    affects: ['L2.seeds'],
    docs: {
      whatItDoes:
        'Finds calls whose results depend on random numbers that are never seeded: `train_test_split` and shuffled ' +
        'splitters without `random_state`, estimators whose fit is random (random forests, gradient boosting, ' +
        'MLPs, SGD, k-means, samplers such as SMOTE, `RandomizedSearchCV`), and draws from the global ' +
        'generators of NumPy, Python, PyTorch and TensorFlow in code that trains a model when no seed is set ' +
        'anywhere in the project, including the random initial weights of a PyTorch or Keras network (one ' +
        'finding per library and file). Estimators whose default fit is deterministic (linear models with the ' +
        'default solver, SVC without `probability=True`, XGBoost, LightGBM and CatBoost with their fixed ' +
        'default seeds) are left alone, and a global `np.random.seed(...)` in the same file counts as a seed ' +
        'for scikit-learn.',
      whyBad:
        'Without a seed, every run draws a different split, a different forest or different initial weights, so a ' +
        'better score may be luck rather than a better model, and no one (including you next week) can ' +
        'reproduce a reported number.',
      example:
        '```python\nX_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)\nmodel = ' +
        'RandomForestClassifier(n_estimators=300)\n```',
      useInstead:
        '```python\nX_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, ' +
        'random_state=42)\nmodel = RandomForestClassifier(n_estimators=300, random_state=42)\n```',
      fixSafety:
        'Safe. "Add random_state=42" makes the code do the same thing, only repeatably. ' +
        'Unseeded NumPy, PyTorch or TensorFlow draws have no automatic fix, because where to seed (once, at ' +
        'program start) is a decision about the whole program.',
    },
  },
  check(ctx: UnitContext): void {
    const { unit, index } = ctx;
    // scikit-learn style calls resolve only through an import of these libraries: without one, skip the scan.
    const sklearnLike = unit.imports.uses('sklearn') || unit.imports.uses('imblearn') || unit.imports.uses('skopt');
    const seeds = sklearnLike ? index.seeds : undefined;
    const globalNumpySeed = !seeds || seeds.has('numpy') || seeds.has('all');
    for (const site of globalNumpySeed ? [] : index.callSites) {
      const message = unseededSklearnCall(site);
      if (!message) continue;
      const insertion = keywordInsertion(site.call, unit, 'random_state=42');
      ctx.report({
        message: `${message}.`,
        span: site.call.func,
        fixes: insertion
          ? [
              {
                title: 'Add random_state=42',
                isPreferred: true,
                safety: 'safe',
                edits: [{ range: unit.range({ from: insertion.at, to: insertion.at }), newText: insertion.text }],
              },
            ]
          : undefined,
      });
    }
    for (const draw of unseededLibraryDraws(index, ctx.projectIndex)) {
      ctx.report({ message: `${draw.message}.`, span: draw.call.func });
    }
  },
};
