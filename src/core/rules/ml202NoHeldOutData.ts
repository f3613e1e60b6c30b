// ML202: a model is trained in a project that holds no data out anywhere: no split, no cross-validation,
// no validation set, no separate test file. Reported once per project, at the first such fit.
import type { Fix, TextEdit } from '../model/findings';
import type { FitEvent, FlowFacts } from '../flow/facts';
import { Lineage, ancestors, flowMatters, isFull, isModel } from '../flow/queries';
import type { Expr, Stmt } from '../python/ast';
import type { PythonUnit } from '../python/unit';
import { walkStatements } from '../python/walk';
import type { ProjectRule } from './rule';
import { holdsTests } from '../project/testFiles';
import { pathNamesHeldOutSplit } from '../libraries/heldOut';
import { validationLine } from '../fixes/validationSplit';

/** True when the unit holds something out, in any of the ways people do it. */
function holdsOut(facts: FlowFacts): boolean {
  if (facts.splits.length || facts.cvs.length || facts.heldOutKeywords.length || facts.heldOutNames.length) return true;
  if (facts.objects.some((o) => o.role === 'search' || o.role === 'splitter')) return true;
  // A model scored on rows it was not fit on (a walk-forward loop, a later period picked by date).
  const lin = new Lineage();
  if (facts.evals.some((e) => e.fit?.data && e.data && !lin.contains(e.fit.data, e.data))) return true;
  return facts.nodes.some((n) => n.source?.path !== undefined && pathNamesHeldOutSplit(n.source.path));
}

/** The simple statement a call sits in (the one a split line can go before). */
function statementOf(unit: PythonUnit, fit: FitEvent): Stmt | undefined {
  let found: Stmt | undefined;
  walkStatements(unit.module.body, (s) => {
    if (s.from > fit.call.from || s.to < fit.call.to) return false;
    if (s.kind === 'Assign' || s.kind === 'Expr') found = s;
    return true;
  });
  return found;
}

/** The text of the line before an offset, from the line start (in the file or the notebook cell). */
function lineBefore(unit: PythonUnit, offset: number): string {
  const cell = unit.cellAt(offset);
  const text = cell ? cell.cell.source : unit.module.source;
  const local = cell ? offset - cell.start : offset;
  return text.slice(text.lastIndexOf('\n', local - 1) + 1, local);
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when an expression reads no variable (a constant, or a list or tuple of constants): it holds no rows. */
function readsNothing(e: Expr): boolean {
  if (e.kind === 'Constant') return true;
  if (e.kind === 'Unary') return readsNothing(e.operand);
  if (e.kind === 'List' || e.kind === 'Tuple') return e.elts.every(readsNothing);
  return false;
}

/** Keywords of a fit that hold one value per row: they are split with the data, so they stay aligned. */
const PER_ROW_KEYWORDS = new Set(['sample_weight']);

/**
 * Inserts `train_test_split` before the fit and trains on the training part. The fit takes the data
 * as its first two arguments: names (`fit(X, y)`) or expressions (`fit(df[FEATURES], df["churn"])`, also
 * written over several lines, split as they are and named `X`/`y` parts). A per-row keyword
 * (`sample_weight=w`) is split along with them and the fit takes its training part; other keywords are
 * kept when they hold no data (`verbose=0`, `epochs=10`).
 */
function insertSplitFix(unit: PythonUnit, fit: FitEvent): Fix | undefined {
  const [xa, ya] = fit.call.args;
  if (fit.call.args.length !== 2 || xa.kind === 'Starred' || ya.kind === 'Starred') return undefined;
  const perRow = fit.call.keywords.filter((k) => k.name !== undefined && PER_ROW_KEYWORDS.has(k.name));
  const withData = perRow.filter((k) => !readsNothing(k.value));
  if (fit.call.keywords.some((k) => k.name === undefined || (!readsNothing(k.value) && !perRow.includes(k))))
    return undefined;
  // Each part of the data: its expression (copied as written: inside the call's parentheses a line break
  // is fine) and the name its parts get.
  const parts = [
    { expr: xa as Expr, base: xa.kind === 'Name' ? xa.id : 'X' },
    { expr: ya as Expr, base: ya.kind === 'Name' ? ya.id : 'y' },
    ...withData.map((k) => ({ expr: k.value, base: k.value.kind === 'Name' ? k.value.id : 'w' })),
  ];
  const texts = parts.map((p) => unit.text(p.expr));
  if (new Set(texts).size !== texts.length) return undefined;
  const bases = parts.map((p) => p.base);
  if (bases.some((b) => !IDENT.test(b)) || new Set(bases).size !== bases.length) return undefined;
  const names = parts.flatMap((p) => [`${p.base}_train`, `${p.base}_test`]);
  const source = unit.module.source;
  if ([...names, ...bases.map((b) => `${b}_val`)].some((n) => new RegExp(`\\b${n}\\b`).test(source))) return undefined;
  const stmt = statementOf(unit, fit);
  if (!stmt) return undefined;
  const indent = lineBefore(unit, stmt.from);
  if (indent.trim() !== '') return undefined;
  const at = unit.range({ from: stmt.from, to: stmt.from });
  const lineStart = { ...at, startColumn: 1, endColumn: 1 };
  // Train, validation and test at once, the same three-way split "Split into train/validation/test" makes.
  let splitLine =
    `${indent}${names.join(', ')} = train_test_split(${texts.join(', ')}, test_size=0.2, ` +
    `random_state=42)\n${validationLine(
      indent,
      'train_test_split',
      bases.map((b) => ({ train: `${b}_train`, val: `${b}_val` })),
      'random_state=42',
    )}\n`;
  const edits: TextEdit[] = [];
  const bound = unit.imports.byName.get('train_test_split')?.qualified === 'sklearn.model_selection.train_test_split';
  if (!bound) {
    const imports = unit.module.body.filter((s) => s.kind === 'Import' && s.to <= stmt.from);
    const last = imports[imports.length - 1];
    if (last)
      edits.push({
        range: unit.range({ from: last.to, to: last.to }),
        newText: '\nfrom sklearn.model_selection import train_test_split',
      });
    else splitLine = `${indent}from sklearn.model_selection import train_test_split\n${splitLine}`;
  }
  edits.push({ range: lineStart, newText: splitLine });
  for (const [i, p] of parts.entries()) edits.push({ range: unit.range(p.expr), newText: `${bases[i]}_train` });
  return { title: 'Split into train/validation/test', isPreferred: true, safety: 'unsafe', edits };
}

/** ML202 no-held-out-data. */
export const noHeldOutData: ProjectRule = {
  scope: 'project',
  meta: {
    code: 'ML202',
    name: 'no-held-out-data',
    title: 'No held-out data anywhere in the project',
    category: 'evaluation',
    level: 1,
    defaultSeverity: 'info',
    fix: 'unsafe',
    affects: ['L2.heldout-evaluation'],
    docs: {
      whatItDoes:
        'Finds a model trained on loaded data (outside the tests) when nothing in the project holds data out, ' +
        'once per project: no `train_test_split` or other split, no cross-validation or search, no validation set ' +
        '(`validation_split=`, `eval_set=`), no separate test or validation file. Held-out files count wherever ' +
        'they come from: a data file or DVC pointer in the project whose name has a split word as a whole part ' +
        '(`test`, `valid`, `validation`, `val`, `holdout`, `dev`, `eval`: `data/test.csv`, `X_val.npy`, ' +
        '`data/holdout.parquet.dvc`, not `latest.csv` or `contest.csv`), data in a split folder (`data/test/`, ' +
        '`images/val/`), a DVC stage output so named, or code that writes such a file ' +
        '(`test_df.to_csv("data/test.csv")`, `np.save("data/X_val.npy", X_val)`, `open("data/test.csv", "w")`). ' +
        'Files in the tests of the code (`tests/data/sample.csv`) do not count.',
      whyBad:
        'Without data the model never saw, there is no way to know how it does on new data: every number the ' +
        'project can produce is a training score.',
      example: ['```python', 'df = pd.read_csv("data.csv")', 'model.fit(X, y)', 'print(model.score(X, y))', '```'].join(
        '\n',
      ),
      useInstead: [
        '```python',
        'X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)',
        'X_train, X_val, y_train, y_val = train_test_split(X_train, y_train, test_size=0.25, random_state=42)',
        'model.fit(X_train, y_train)',
        'print(model.score(X_test, y_test))',
        '```',
      ].join('\n'),
      fixSafety:
        'Unsafe. "Split into train/validation/test" inserts, before a `model.fit(X, y)` whose data are names or ' +
        'expressions, on one line or several (`fit(df[FEATURES], df["churn"])`), a `train_test_split` that ' +
        'holds out 20% for testing and a second one that carves a validation part (a quarter) out of the rest, ' +
        'both with `random_state=42`, adds the import if needed, and trains on the training part. Per-row ' +
        'weights (`sample_weight=w`) are split with the rows and the fit takes `w_train`; other keywords are ' +
        'kept only when they hold no data (`verbose=0`), so a fit with `callbacks=[...]` is left to you. It ' +
        'changes what the model is trained on (that is the point); later uses of `X` and `y` still need to move ' +
        'to the validation or test part by hand.',
    },
  },
  check({ project, index, report }) {
    const units = [...project.python].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    // The first supervised fit on all the loaded data outside the tests (an anomaly detector or
    // clusterer has nothing to hold out; a test fits on a handful of rows on purpose). Fits only come
    // from units that import a model library; the held-out evidence can sit anywhere (a helper module
    // that cuts `test = df.iloc[cut:]`), so the rest is read only when needed.
    const models = units.filter((u) => flowMatters(u));
    let first: { unit: PythonUnit; fit: FitEvent } | undefined;
    for (const unit of models) {
      if (holdsTests(unit)) continue;
      const fit = index
        .unit(unit)
        .flow.fits.find(
          (f) =>
            isModel(f.object) &&
            f.target &&
            f.method !== 'fit_predict' &&
            isFull(f.data) &&
            [...ancestors(f.data!)].some((n) => n.source),
        );
      if (fit) {
        first = { unit, fit };
        break;
      }
    }
    if (!first) return;
    // A test suite's sample files (`tests/data/test.csv`) hold nothing out of the model's data.
    const heldOutIn = (u: PythonUnit) => !holdsTests(u) && holdsOut(index.unit(u).flow);
    if (models.some(heldOutIn)) return;
    if (units.some((u) => !flowMatters(u) && heldOutIn(u))) return;
    // Splits made outside the training code: split files, DVC pointers and stages, code that writes them.
    if (index.heldOutDataEvidence) return;
    const fix = insertSplitFix(first.unit, first.fit);
    report({
      range: first.unit.range(first.fit.call),
      message:
        'The model is trained on all the data and nothing in the project is held out, so there is no honest ' +
        'measure of how it does on new data.',
      fixes: fix ? [fix] : undefined,
    });
  },
};
