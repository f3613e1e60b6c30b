import assert from 'node:assert/strict';
import { cellSuppression, lineSuppression } from '../../../src/extension/suppressText';
import { pythonFileUnit } from '../../../src/core/python/unit';
import { isSuppressed } from '../../../src/core/rules/suppression';
import type { Finding } from '../../../src/core/model/findings';

function apply(line: string, edit: { column: number; text: string; replaceTo?: number }): string {
  return line.slice(0, edit.column) + edit.text + line.slice(edit.replaceTo ?? edit.column);
}

describe('suppression edits', () => {
  it('appends a directive the core honours', () => {
    const line = 'scaler.fit(X)   ';
    const edit = lineSuppression(line, 'ML101')!;
    const fixed = apply(line, edit);
    assert.equal(fixed, 'scaler.fit(X)  # mlcoach: ignore[ML101]   ');
    const unit = pythonFileUnit('a.py', `${fixed}\n`);
    const f: Finding = {
      code: 'ML101',
      rule: 'preprocessing-leakage',
      severity: 'warning',
      message: '',
      range: { path: 'a.py', startLine: 1, startColumn: 1, endLine: 1, endColumn: 5 },
    };
    assert.equal(isSuppressed(f, unit), true);
  });

  it('adds a code to an existing directive instead of writing a second one', () => {
    const line = 'x = scaler.fit_transform(X)  # mlcoach: ignore[ML301]';
    const fixed = apply(line, lineSuppression(line, 'ML101')!);
    assert.equal(fixed, 'x = scaler.fit_transform(X)  # mlcoach: ignore[ML301, ML101]');
    assert.equal(lineSuppression(fixed, 'ml101'), undefined);
  });

  it('keeps an existing comment and still silences the line', () => {
    const line = 'model.fit(X_test, y_test)  # quick check';
    const fixed = apply(line, lineSuppression(line, 'ML201')!);
    const unit = pythonFileUnit('a.py', fixed);
    const f: Finding = {
      code: 'ML201',
      rule: 'evaluated-on-training-data',
      severity: 'warning',
      message: '',
      range: { path: 'a.py', startLine: 1, startColumn: 1, endLine: 1, endColumn: 5 },
    };
    assert.equal(isSuppressed(f, unit), true);
  });

  it('refuses lines where a comment would break the code', () => {
    assert.equal(lineSuppression('X = df.drop(columns=["y"]) \\', 'ML101'), undefined);
    assert.equal(lineSuppression('query = """select *', 'ML101'), undefined);
  });

  it('puts a cell directive on the first line, merging with one already there', () => {
    assert.deepEqual(cellSuppression(['import pandas as pd'], 'ML501'), {
      line: 0,
      replaceLine: false,
      text: '# mlcoach: ignore[ML501]\n',
    });
    assert.deepEqual(cellSuppression(['# mlcoach: ignore[ML502]', 'x = 1'], 'ML501'), {
      line: 0,
      replaceLine: true,
      text: '# mlcoach: ignore[ML502, ML501]',
    });
    assert.equal(cellSuppression(['# mlcoach: ignore[ML501]'], 'ML501'), undefined);
  });

  it('keeps a cell magic on the first line, where IPython needs it', () => {
    assert.deepEqual(cellSuppression(['%%time', 'model.fit(X, y)'], 'ML301'), {
      line: 1,
      replaceLine: false,
      text: '# mlcoach: ignore[ML301]\n',
    });
    assert.deepEqual(cellSuppression(['%%time', '# mlcoach: ignore[ML501]'], 'ML301'), {
      line: 1,
      replaceLine: true,
      text: '# mlcoach: ignore[ML501, ML301]',
    });
  });
});
