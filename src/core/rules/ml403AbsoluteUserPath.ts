// ML403: a data or model path that only exists on one computer (`/home/anna/...`, `C:\Users\...`,
// `~/Desktop/...`). Only literals that reach a call reading or writing files count.
import { mayHoldUserPath, userSpecificPath } from '../semantic/pathLiterals';
import type { UnitContext, UnitRule } from './rule';
import { projectRelativePathFix } from '../fixes/projectRelativePath';

/** Reports user-specific absolute paths used for data and models. */
export const absoluteUserPath: UnitRule = {
  scope: 'unit',
  meta: {
    code: 'ML403',
    name: 'absolute-user-path',
    title: 'Path that only exists on one computer',
    category: 'configuration',
    level: 1,
    defaultSeverity: 'info',
    fix: 'unsafe',
    docs: {
      whatItDoes:
        "Finds string literals that name a file or folder in one person's home folder or on one machine " +
        '(`/home/<user>/`, `/Users/<user>/`, `C:\\Users\\...`, other Windows drive paths, `/media/<user>/`, ' +
        '`~/Desktop`, `~/Downloads`, `~/Documents`) when they reach a call that reads or writes files: ' +
        '`pd.read_csv`, `open`, `np.load`, `joblib.dump`, `torch.save`, `to_csv`, `savefig`, `Path(...)`, ' +
        '`os.path.join`, `sys.path.append` and the like. The literal may be passed directly, through a variable ' +
        'assigned in the same file or notebook, or as the start of an f-string or a `Path` expression. Strings ' +
        'that never reach such a call (log messages, docstrings) are left alone, and so are platform paths that ' +
        'are the same for everyone (`/kaggle/input`, `/content/drive` on Colab).',
      whyBad:
        'The code fails with "file not found" on a colleague\'s laptop, in CI and in a container, and the fix is ' +
        'always the same edit made again by hand. A path relative to the project works everywhere.',
      example: '```python\ndf = pd.read_csv("/home/anna/projects/churn/data/train.csv")\n```',
      useInstead:
        '```python\nfrom pathlib import Path\n\nDATA = Path(__file__).resolve().parent / "data"\ndf = ' +
        'pd.read_csv(DATA / "train.csv")\n```\nIn a notebook, a path relative to the notebook ' +
        '(`"../data/train.csv"`) or one read from a config file works the same way.',
      fixSafety:
        'Unsafe. In a .py file, when the absolute path names a top-level folder of the project ' +
        '(`/home/anna/projects/housing/data/train.csv` in a project with `data/`), "Use a path relative to the ' +
        'project root" replaces the literal with `str(PROJECT_ROOT / "data" / "train.csv")` and defines ' +
        '`PROJECT_ROOT = Path(__file__).resolve().parents[n]` once after the imports. It reads the file from ' +
        'the project instead of the original machine, which is the point but a change; paths that name no ' +
        'folder of the project, f-strings and notebooks get no fix (only you know where the file lives).',
    },
  },
  check(ctx: UnitContext): void {
    if (!mayHoldUserPath(ctx.unit.module.source)) return;
    const seen = new Set<number>();
    for (const use of ctx.index.pathUses) {
      if (seen.has(use.literal.from)) continue;
      const why = userSpecificPath(use.text);
      if (!why) continue;
      seen.add(use.literal.from);
      const shown = use.text.length > 48 ? `${use.text.slice(0, 45)}...` : use.text;
      const fix = projectRelativePathFix(ctx.unit, ctx.project, use.literal, use.text);
      ctx.report({
        fixes: fix ? [fix] : undefined,
        message:
          `The path '${shown}' ${why}, so this code fails on any other machine or in CI; a path relative to ` +
          `the project works everywhere.`,
        span: use.literal,
      });
    }
  },
};
