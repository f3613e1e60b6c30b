// ML402: a data file path written as a literal into the training code of a structured project.
import type { UnitContext, UnitRule } from './rule';
import { extractConfigFix } from '../fixes/extractConfig';
import { EXTRACT_CONFIG_SAFETY } from '../fixes/fixSafetyDocs';

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
        'Finds a string literal that names a data file and is passed straight to a loader ' +
        '(`pd.read_csv("data/train.csv")`, `pl.read_parquet(...)`, `np.load(...)`, also inside `Path("...")`) ' +
        'in a training script of a project that is past Level 1. Paths built from a module constant, a config ' +
        'value, a command-line argument or `Path(__file__).parent` are left alone, and so are notebooks, tests ' +
        'and Level 1 projects.',
      whyBad:
        "Training on a new extract, a sample or another client's data then means editing the code, and the path a " +
        'model was trained on is not recorded next to its other settings.',
      example: ['```python', '# train.py', 'df = pd.read_csv("data/processed/train_2024-05.csv")', '```'].join('\n'),
      useInstead: [
        '```yaml',
        '# configs/params.yaml',
        'train:',
        '  data:',
        '    train_2024_05: "data/processed/train_2024-05.csv"',
        '```',
        '```python',
        '# train.py',
        'CONFIG = yaml.safe_load(',
        '    (Path(__file__).resolve().parents[0] / "configs" / "params.yaml").read_text(encoding="utf-8")',
        ')["train"]',
        'df = pd.read_csv(CONFIG["data"]["train_2024_05"])',
        '```',
        'or a command-line argument (`--train data/processed/train.csv`).',
      ].join('\n'),
      fixSafety: EXTRACT_CONFIG_SAFETY,
    },
  },
  check(ctx: UnitContext): void {
    const { index, projectIndex } = ctx;
    if (!projectIndex.isStructuredTrainingCode(index)) return;
    for (const lit of index.dataPathLiterals) {
      const fix = extractConfigFix(projectIndex, index);
      ctx.report({
        fixes: fix ? [fix] : undefined,
        message:
          `The data path '${lit.text}' is written into the training code, so training on other data means ` +
          `editing code; read it from a config file or a command-line argument.`,
        span: lit.literal,
      });
    }
  },
};
