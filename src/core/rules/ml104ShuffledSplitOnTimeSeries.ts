// ML104: rows in time order (lag features, a datetime index, sorted by date) split at random.
import type { Fix } from '../model/findings';
import type { SplitEvent } from '../flow/facts';
import type { PythonUnit } from '../python/unit';
import { ancestors, shortName } from '../flow/queries';
import type { UnitRule } from './rule';

/** `shuffle=False` added to a `train_test_split` call, when that is all it takes. */
function keepOrderFix(unit: PythonUnit, split: SplitEvent): Fix | undefined {
  const call = split.call;
  if (!call || split.kind !== 'holdout') return undefined;
  // `stratify=` needs shuffling; `**kwargs` may already carry `shuffle`.
  if (call.keywords.some((k) => k.name === 'stratify' || k.name === 'shuffle' || k.name === undefined))
    return undefined;
  if (call.args.some((a) => a.kind === 'Starred')) return undefined;
  const text = unit.text(call);
  if (!text.endsWith(')')) return undefined;
  const trailingComma = /,\s*$/.test(text.slice(0, -1));
  return {
    title: 'Keep the time order in the split (shuffle=False)',
    safety: 'unsafe',
    edits: [
      {
        range: unit.range({ from: call.to - 1, to: call.to - 1 }),
        newText: trailingComma ? 'shuffle=False' : ', shuffle=False',
      },
    ],
  };
}

/** ML104 shuffled-split-on-time-series. */
export const shuffledSplitOnTimeSeries: UnitRule = {
  scope: 'unit',
  meta: {
    code: 'ML104',
    name: 'shuffled-split-on-time-series',
    title: 'Random split of time-ordered data',
    category: 'leakage',
    level: 2,
    defaultSeverity: 'info',
    fix: 'unsafe',
    affects: ['L2.heldout-evaluation'],
    docs: {
      whatItDoes:
        'Finds a shuffled split (`train_test_split` with its default `shuffle=True`, `KFold(shuffle=True)`, ' +
        '`ShuffleSplit`) of data that is in time order: lag or window features (`shift`, `rolling`, `diff`, ' +
        '`pct_change`, `ewm`, `expanding`), a datetime index, or rows sorted by a date column.',
      whyBad:
        'A random split puts rows from the future into the training set and rows from the past into the test set. ' +
        'With lag and window features, neighbouring rows share information, so the model is tested on days it ' +
        'has in effect already seen, and the score is far better than a forecast of the real future will be.',
      example: [
        '```python',
        'df["lag_1"] = df["sales"].shift(1)',
        'X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)',
        '```',
      ].join('\n'),
      useInstead: [
        '```python',
        'X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, shuffle=False)',
        '# or, for cross-validation:',
        'cross_val_score(model, X, y, cv=TimeSeriesSplit(n_splits=5))',
        '```',
        'A walk-forward loop (train on everything before a cut-off, test on the period after) works too.',
      ].join('\n'),
      fixSafety:
        'Unsafe. The fix adds `shuffle=False` to `train_test_split` when the call has no `stratify=` (which ' +
        'needs shuffling). It changes which rows are tested on, and assumes the rows are already in time order.',
    },
  },
  check({ unit, index, projectIndex, report }) {
    const facts = projectIndex.modelFlow(index);
    if (!facts) return;
    for (const s of facts.splits) {
      if (!s.shuffled || s.kind === 'manual') continue;
      const evidence = s.inputs.map((i) => i.timeOrdered).find((t) => t);
      if (!evidence) continue;
      // The test rows were already cut off in time (`df.iloc[:cut]`); a random split of the history for
      // validation is a judgement call, not a leak into the test score.
      if (s.inputs.some((i) => [...ancestors(i)].some((n) => n.timeCut))) continue;
      const fix = keepOrderFix(unit, s);
      report({
        span: s.span,
        message:
          s.kind === 'cv'
            ? `\`${shortName(s.qualified)}\` shuffles rows that are in time order (${evidence.why}), so each fold ` +
              `trains on the future of its validation rows; use \`TimeSeriesSplit\` instead.`
            : `This random split mixes rows that are in time order (${evidence.why}), so the model trains on the ` +
              `future of the rows it is tested on; split at a cut-off date or with \`TimeSeriesSplit\`.`,
        related: [{ range: unit.range(evidence.span), message: 'The rows are in time order because of this.' }],
        fixes: fix ? [fix] : undefined,
      });
    }
  },
};
