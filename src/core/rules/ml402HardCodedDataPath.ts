// ML402: a data file path written as a literal into the training code of a structured project.
import { apiRole } from '../libraries/catalog';
import { isUnder } from '../python/imports';
import type { Expr } from '../python/ast';
import type { CallSite } from './callFacts';
import { callSites } from './callFacts';
import { type PathLiteral, pathLiterals, userSpecificPath } from './pathLiterals';
import type { Memo, UnitContext, UnitRule } from './rule';
import { extractConfigFix } from '../fixes/extractConfig';
import { EXTRACT_CONFIG_SAFETY } from '../fixes/fixSafetyDocs';
import type { PythonUnit } from '../python/unit';
import { isStructuredTrainingCode } from './trainingCode';

/** Loaders that read a file named by their first argument (not dataset names such as `load_iris`). */
function readsFile(site: CallSite): boolean {
  const q = site.qualified;
  if (!q || apiRole(q) !== 'data-load') return false;
  return isUnder(q, 'pandas') || isUnder(q, 'polars') || isUnder(q, 'numpy');
}

/** The argument naming the file: first positional, or the loader's path keyword. */
function fileArgument(site: CallSite): Expr | undefined {
  return (
    site.call.args[0] ??
    site.call.keywords.find(
      (k) =>
        k.name === 'filepath_or_buffer' ||
        k.name === 'path' ||
        k.name === 'source' ||
        k.name === 'fname' ||
        k.name === 'file' ||
        k.name === 'io',
    )?.value
  );
}

/** The literal data paths written right into loader calls of a unit. */
export function dataPathLiterals(unit: PythonUnit, memo: Memo): PathLiteral[] {
  const out: PathLiteral[] = [];
  for (const site of callSites(unit, memo)) {
    if (!readsFile(site)) continue;
    const arg = fileArgument(site);
    if (!arg) continue;
    for (const lit of pathLiterals(arg, unit, memo)) {
      // Only a literal written right here: a path through a named constant is already one step towards config.
      if (lit.literal.from < arg.from || lit.literal.to > arg.to) continue;
      if (lit.text.includes('{') || userSpecificPath(lit.text) || /^[a-z][a-z0-9+.-]*:\/\//i.test(lit.text)) continue;
      out.push(lit);
    }
  }
  return out;
}

/** Reports literal data paths passed straight to pandas, Polars or NumPy loaders in training code past Level 1. */
export const hardCodedDataPath: UnitRule = {
  scope: 'unit',
  meta: {
    code: 'ML402',
    name: 'hard-coded-data-path',
    title: 'Data path written into training code',
    category: 'configuration',
    level: 2,
    defaultSeverity: 'info',
    fix: 'unsafe',
    affects: ['L2.config-files'],
    docs: {
      whatItDoes:
        'In a project that is past Level 1, flags a string literal that names a data file and is passed straight to a loader (`pd.read_csv("data/train.csv")`, `pl.read_parquet(...)`, `np.load(...)`, also inside `Path("...")`) in a training script. Paths built from a module constant, a config value, a command-line argument or `Path(__file__).parent` are left alone, and so are notebooks, tests and Level 1 projects.',
      whyBad:
        "Training on a new extract, a sample or another client's data then means editing the code, and the path a model was trained on is not recorded next to its other settings.",
      example: '```python\ndf = pd.read_csv("data/processed/train_2024-05.csv")\n```',
      useInstead:
        '```python\n# config/params.yaml -> data: {train: data/processed/train_2024-05.csv}\ndf = pd.read_csv(params["data"]["train"])\n```\nor a command-line argument (`--train data/processed/train.csv`).',
      fixSafety: EXTRACT_CONFIG_SAFETY,
    },
  },
  check(ctx: UnitContext): void {
    const { unit, project, memo } = ctx;
    if (!isStructuredTrainingCode(unit, project, memo)) return;
    for (const lit of dataPathLiterals(unit, memo)) {
      const fix = extractConfigFix(unit, project, memo);
      ctx.report({
        fixes: fix ? [fix] : undefined,
        message: `The data path '${lit.text}' is written into the training code, so training on other data means editing code; read it from a config file or a command-line argument.`,
        span: lit.literal,
      });
    }
  },
};
