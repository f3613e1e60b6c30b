// ML401: hyperparameters written as literals into the training code of a structured project.
import { MIN_LITERALS } from '../semantic/hyperparameters';
import type { UnitContext, UnitRule } from './rule';
import { extractConfigFix } from '../fixes/extractConfig';
import { EXTRACT_CONFIG_SAFETY } from '../fixes/fixSafetyDocs';

/** Reports estimator and trainer calls with several literal hyperparameters in training code past Level 1. */
export const hardCodedHyperparameters: UnitRule = {
  scope: 'unit',
  meta: {
    code: 'ML401',
    name: 'hard-coded-hyperparameters',
    title: 'Hyperparameters written into training code',
    category: 'configuration',
    level: 2,
    defaultSeverity: 'info',
    fix: 'unsafe',
    affects: ['L2.config-files'],
    docs: {
      whatItDoes:
        `Finds calls in training scripts that pass ${MIN_LITERALS} or more hyperparameters as literals, in a ` +
        `project that is past Level 1 (it has a dependency manifest, a configuration file or Python modules ` +
        `beyond notebooks): model constructors (scikit-learn, XGBoost, LightGBM, CatBoost), optimisers ` +
        `(\`torch.optim\`, Keras), \`transformers.TrainingArguments\`, Lightning's \`Trainer\` and Keras ` +
        `\`model.fit(epochs=..., batch_size=...)\`. Run settings such as \`random_state\`, \`n_jobs\` or ` +
        `\`verbose\` do not count. Notebooks, tests and Level 1 projects are left alone: a beginner's notebook is ` +
        `the right place for literals.`,
      whyBad:
        'When the values live in code, every experiment is a code edit, runs cannot be compared by their settings, ' +
        'and the numbers behind a reported score are lost in the git history. A config file makes each run a ' +
        'small, reviewable diff and lets tools such as DVC, Hydra or MLflow record it.',
      example: [
        '```python',
        '# train.py',
        'model = XGBClassifier(n_estimators=600, max_depth=6, learning_rate=0.05, subsample=0.8, random_state=42)',
        '```',
      ].join('\n'),
      useInstead: [
        '```yaml',
        '# configs/params.yaml',
        'train:',
        '  xgb_classifier:',
        '    n_estimators: 600',
        '    max_depth: 6',
        '    learning_rate: 0.05',
        '    subsample: 0.8',
        '```',
        '```python',
        '# train.py',
        'CONFIG = yaml.safe_load(',
        '    (Path(__file__).resolve().parents[0] / "configs" / "params.yaml").read_text(encoding="utf-8")',
        ')["train"]',
        'model = XGBClassifier(',
        '    n_estimators=CONFIG["xgb_classifier"]["n_estimators"],',
        '    max_depth=CONFIG["xgb_classifier"]["max_depth"],',
        '    learning_rate=CONFIG["xgb_classifier"]["learning_rate"],',
        '    subsample=CONFIG["xgb_classifier"]["subsample"],',
        '    random_state=42,',
        ')',
        '```',
      ].join('\n'),
      fixSafety: EXTRACT_CONFIG_SAFETY,
    },
  },
  check(ctx: UnitContext): void {
    const { unit, index, projectIndex } = ctx;
    if (!projectIndex.isStructuredTrainingCode(index)) return;
    // One finding per file, the other places as related locations: the advice is the same for all of them.
    const sites = index.hyperparameterSites.map((x) => ({
      span: x.call.func,
      label: x.label,
      literals: x.literals.map((k) => `${k.name}=${unit.text(k.value)}`),
    }));
    const [first, ...rest] = sites;
    if (!first) return;
    const shown =
      first.literals.length > 3 ? `${first.literals.slice(0, 3).join(', ')}, ...` : first.literals.join(', ');
    const more = rest.length ? ` (and ${rest.length} more place${rest.length > 1 ? 's' : ''} in this file)` : '';
    const fix = extractConfigFix(projectIndex, index);
    ctx.report({
      fixes: fix ? [fix] : undefined,
      message:
        `${first.label === 'fit' ? 'The training settings' : `${first.label}'s hyperparameters`} (${shown}) ` +
        `are written into the training code${more}, ` +
        `so every experiment means a code change; keeping them in a config file such as config/params.yaml makes ` +
        `runs comparable.`,
      span: first.span,
      related: rest.map((r) => ({
        range: unit.range(r.span),
        message:
          `${r.label === 'fit' ? 'Training settings' : `${r.label}'s hyperparameters`} (${r.literals.join(', ')}) ` +
          `are written here too.`,
      })),
    });
  },
};
