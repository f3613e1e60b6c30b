// Fixes of the data-flow rules, applied as an editor would, then analysed again.
import assert from 'node:assert/strict';
import { parsePython } from '../../../src/core/python/parse';
import { applyFix, findingsFor, findingsOf, notebook } from '../../support/ruleHarness';

const SCRIPT = [
  '"""Train the churn model."""',
  'import pandas as pd',
  'from sklearn.ensemble import RandomForestClassifier',
  '',
  'df = pd.read_csv("churn.csv")',
  'X = df.drop(columns="churn")',
  'y = df["churn"]',
  'model = RandomForestClassifier(random_state=0)',
  'model.fit(X, y)',
  '',
].join('\n');

describe('ML202 fix: hold out a test set', () => {
  it('inserts the split and the import, and trains on the training part', async () => {
    const files = { 'train.py': SCRIPT };
    const [finding] = await findingsFor('ML202', files);
    assert.ok(finding?.fixes?.length);
    const fix = finding.fixes![0];
    assert.equal(fix.safety, 'unsafe');
    const fixed = applyFix(files, fix)['train.py'];
    assert.deepEqual(fixed.split('\n').slice(1, 13), [
      'import pandas as pd',
      'from sklearn.ensemble import RandomForestClassifier',
      'from sklearn.model_selection import train_test_split',
      '',
      'df = pd.read_csv("churn.csv")',
      'X = df.drop(columns="churn")',
      'y = df["churn"]',
      'model = RandomForestClassifier(random_state=0)',
      'X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)',
      'X_train, X_val, y_train, y_val = train_test_split(X_train, y_train, test_size=0.25, random_state=42)',
      'model.fit(X_train, y_train)',
      '',
    ]);
    assert.deepEqual(parsePython(fixed).errors, []);
    assert.deepEqual(await findingsFor('ML202', { 'train.py': fixed }), []);
  });

  it('keeps the indentation inside a function and reuses an existing import', async () => {
    const src = [
      'import pandas as pd',
      'from sklearn.linear_model import LinearRegression',
      'from sklearn.model_selection import train_test_split as tts',
      'from sklearn.model_selection import train_test_split',
      '',
      'def main():',
      '    data = pd.read_csv("d.csv")',
      '    feats, target = data[["a", "b"]], data["t"]',
      '    LinearRegression().fit(feats, target)',
      '',
      'main()',
      '',
    ].join('\n');
    // The module imports train_test_split but never calls it, so nothing is held out yet.
    const [finding] = await findingsFor('ML202', { 'm.py': src });
    const fixed = applyFix({ 'm.py': src }, finding.fixes![0])['m.py'];
    assert.match(
      fixed,
      new RegExp(
        /\n {4}feats_train, feats_test, target_train, target_test = /.source +
          /train_test_split\(feats, target, test_size=0\.2, random_state=42\)/.source +
          /\n {4}feats_train, feats_val, target_train, target_val = /.source +
          /train_test_split\(feats_train, target_train, test_size=0\.25, random_state=42\)/.source +
          /\n {4}LinearRegression\(\)\.fit\(feats_train, target_train\)\n/.source,
      ),
    );
    assert.equal(fixed.match(/import train_test_split$/gm)?.length, 1);
    assert.deepEqual(parsePython(fixed).errors, []);
  });

  it('edits notebook cells, not the JSON around them', async () => {
    const files = {
      'nb.ipynb': notebook([
        { source: 'import pandas as pd\nfrom sklearn.svm import SVC', count: 1 },
        { source: 'df = pd.read_csv("d.csv")\nX, y = df[["a"]], df["t"]', count: 2 },
        { source: 'clf = SVC(random_state=0)\nclf.fit(X, y)', count: 3 },
      ]),
    };
    const [finding] = await findingsFor('ML202', files);
    assert.equal(finding.range?.cell, 2);
    const fixed = applyFix(files, finding.fixes![0]);
    const cells = (JSON.parse(fixed['nb.ipynb']) as { cells: Array<{ source: string }> }).cells.map((c) => c.source);
    assert.equal(
      cells[0],
      'import pandas as pd\nfrom sklearn.svm import SVC\nfrom sklearn.model_selection import train_test_split',
    );
    assert.equal(
      cells[2],
      'clf = SVC(random_state=0)\n' +
        'X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)\n' +
        'X_train, X_val, y_train, y_val = train_test_split(X_train, y_train, test_size=0.25, random_state=42)\n' +
        'clf.fit(X_train, y_train)',
    );
    assert.deepEqual(await findingsFor('ML202', fixed), []);
  });

  it('splits expressions as written and keeps keywords that hold no data', async () => {
    const odd = SCRIPT.replace('model.fit(X, y)', 'model.fit(X.values, y, sample_weight=None)');
    const [a] = await findingsFor('ML202', { 'train.py': odd });
    const fixed = applyFix({ 'train.py': odd }, a.fixes![0])['train.py'];
    assert.match(
      fixed,
      /\nX_train, X_test, y_train, y_test = train_test_split\(X\.values, y, test_size=0\.2, random_state=42\)\n/,
    );
    assert.match(fixed, /\nmodel\.fit\(X_train, y_train, sample_weight=None\)/);
  });

  it('splits per-row weights with the rows, and the fit takes the training part', async () => {
    const weighted = SCRIPT.replace('model.fit(X, y)', 'model.fit(X, y, sample_weight=df["w"])');
    const [finding] = await findingsFor('ML202', { 'train.py': weighted });
    const fixed = applyFix({ 'train.py': weighted }, finding.fixes![0])['train.py'];
    assert.match(fixed, /^X_train, X_test, y_train, y_test, w_train, w_test = train_test_split\(X, y, df\["w"\], /m);
    assert.match(
      fixed,
      /^X_train, X_val, y_train, y_val, w_train, w_val = train_test_split\(X_train, y_train, w_train, /m,
    );
    assert.match(fixed, /model\.fit\(X_train, y_train, sample_weight=w_train\)/);
    assert.deepEqual(await findingsFor('ML202', { 'train.py': fixed }), []);
  });

  it('offers no fix when another keyword holds data or the names are taken', async () => {
    const withCallbacks = SCRIPT.replace('model.fit(X, y)', 'model.fit(X, y, callbacks=[logger])');
    const [a] = await findingsFor('ML202', { 'train.py': withCallbacks });
    assert.equal(a.fixes, undefined);
    const taken = SCRIPT.replace('y = df["churn"]', 'y = df["churn"]\nX_train = None');
    const [b] = await findingsFor('ML202', { 'train.py': taken });
    assert.equal(b.fixes, undefined);
  });
});

describe('ML104 fix: keep the time order', () => {
  const src = [
    'import pandas as pd',
    'from sklearn.model_selection import train_test_split',
    'df = pd.read_csv("s.csv")',
    'df["lag"] = df["y"].shift(1)',
    'a, b = train_test_split(df, test_size=0.2, random_state=0)',
    '',
  ].join('\n');

  it('adds shuffle=False, after which the split is no longer reported', async () => {
    const [finding] = await findingsFor('ML104', { 's.py': src });
    const fixed = applyFix({ 's.py': src }, finding.fixes![0])['s.py'];
    assert.match(fixed, /train_test_split\(df, test_size=0\.2, random_state=0, shuffle=False\)/);
    assert.deepEqual(await findingsFor('ML104', { 's.py': fixed }), []);
  });

  it('offers no fix when the split is stratified', async () => {
    const strat = src.replace('random_state=0)', 'stratify=df["k"], random_state=0)');
    const [finding] = await findingsFor('ML104', { 's.py': strat });
    assert.equal(finding.fixes, undefined);
  });
});

describe('data-flow findings', () => {
  it('point at where the split happens and carry the level item they bear on', async () => {
    const found = await findingsOf({
      'a.py': [
        'import pandas as pd',
        'from sklearn.model_selection import train_test_split',
        'from sklearn.preprocessing import StandardScaler',
        'X = StandardScaler().fit_transform(pd.read_csv("d.csv"))',
        'parts = train_test_split(X, random_state=0)',
      ].join('\n'),
    });
    const f = found.find((x) => x.code === 'ML101')!;
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.affects, ['L2.heldout-evaluation']);
    assert.equal(f.range?.startLine, 4);
    assert.equal(f.related?.[0].range.startLine, 5);
  });

  it('leave the run order of notebook cells to ML501: a leakage finding relates only to its split', async () => {
    const files = {
      'nb.ipynb': notebook([
        {
          source:
            'import pandas as pd\n' +
            'from sklearn.model_selection import train_test_split\n' +
            'from sklearn.preprocessing import MinMaxScaler',
          count: 1,
        },
        { source: 'X = MinMaxScaler().fit_transform(pd.read_csv("d.csv"))', count: 5 },
        { source: 'parts = train_test_split(X, random_state=0)', count: 3 },
      ]),
    };
    const found = await findingsFor('ML101', files);
    assert.equal(found.length, 1);
    assert.deepEqual(
      found[0].related?.map((r) => [r.range.cell, r.message]),
      [[2, 'The rows are split here.']],
    );
    const order = await findingsFor('ML501', files);
    assert.deepEqual(
      order.map((f) => f.range?.cell),
      [2],
    );
  });
});

describe('ML105 fix: transform with the training fit', () => {
  it('turns the second fit_transform into transform', async () => {
    const src = [
      'import pandas as pd',
      'from sklearn.model_selection import train_test_split',
      'from sklearn.preprocessing import StandardScaler',
      'X_train, X_test = train_test_split(pd.read_csv("d.csv"), random_state=0)',
      'sc = StandardScaler()',
      'X_train = sc.fit_transform(X_train)',
      'X_test = sc.fit_transform(X_test)',
      '',
    ].join('\n');
    const [finding] = await findingsFor('ML105', { 'p.py': src });
    assert.equal(finding.fixes?.[0].isPreferred, true);
    const fixed = applyFix({ 'p.py': src }, finding.fixes![0])['p.py'];
    assert.match(fixed, /\nX_test = sc\.transform\(X_test\)\n/);
    assert.deepEqual(await findingsFor('ML105', { 'p.py': fixed }), []);
  });
});

describe('ML101 fix: wrap in a Pipeline', () => {
  const HEAD = [
    'import pandas as pd',
    'from sklearn.linear_model import LogisticRegression',
    'from sklearn.model_selection import GridSearchCV, cross_val_predict, cross_val_score',
    'from sklearn.preprocessing import StandardScaler',
    'df = pd.read_csv("d.csv")',
    'X = df.drop(columns="y")',
    'y = df["y"]',
  ];
  const fixesOf = async (...lines: string[]) => {
    const found = await findingsFor('ML101', { 'p.py': [...HEAD, ...lines, ''].join('\n') });
    assert.equal(found.length, 1, 'ML101 fires');
    return found[0].fixes ?? [];
  };

  it(
    'moves the scaler into the estimator given to cross_val_predict by keyword, adding the import after the last ' +
      'one',
    async () => {
      const src = [
        ...HEAD,
        'Xs = StandardScaler(with_mean=False).fit_transform(X)',
        'pred = cross_val_predict(estimator=LogisticRegression(), X=Xs, y=y, cv=3)',
        '',
      ].join('\n');
      const [finding] = await findingsFor('ML101', { 'p.py': src });
      const [fix] = finding.fixes!;
      assert.equal(fix.safety, 'unsafe');
      assert.equal(fix.isPreferred, true);
      const fixed = applyFix({ 'p.py': src }, fix)['p.py'];
      assert.deepEqual(fixed.split('\n').slice(3, 6), [
        'from sklearn.preprocessing import StandardScaler',
        'from sklearn.pipeline import make_pipeline',
        'df = pd.read_csv("d.csv")',
      ]);
      assert.match(
        fixed,
        new RegExp(
          /\npred = cross_val_predict\(estimator=make_pipeline\(StandardScaler\(with_mean=False\), /.source +
            /LogisticRegression\(\)\), X=X, y=y, cv=3\)\n/.source,
        ),
      );
      assert.doesNotMatch(fixed, /fit_transform/);
      assert.deepEqual(await findingsFor('ML101', { 'p.py': fixed }), []);
    },
  );

  it(
    'is not offered when the transformed rows are read again, the named scaler is used again, or a search tunes ' +
      'the model',
    async () => {
      assert.deepEqual(
        await fixesOf(
          'Xs = StandardScaler().fit_transform(X)',
          'print(cross_val_score(LogisticRegression(), Xs, y))',
          'print(Xs.shape)',
        ),
        [],
      );
      assert.deepEqual(
        await fixesOf(
          'sc = StandardScaler()',
          'Xs = sc.fit_transform(X)',
          'print(cross_val_score(LogisticRegression(), Xs, y))',
          'print(sc.mean_)',
        ),
        [],
      );
      assert.deepEqual(
        await fixesOf(
          'Xs = StandardScaler().fit_transform(X)',
          'GridSearchCV(LogisticRegression(), {"C": [1, 10]}).fit(Xs, y)',
        ),
        [],
      );
    },
  );

  it('is offered for the same shape when nothing else reads the rows', async () => {
    assert.equal(
      (
        await fixesOf(
          'sc = StandardScaler()',
          'Xs = sc.fit_transform(X)',
          'print(cross_val_score(LogisticRegression(), Xs, y))',
        )
      ).length,
      1,
    );
  });
});
