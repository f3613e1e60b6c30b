import assert from 'node:assert/strict';
import { mayHoldUserPath, userSpecificPath } from '../../../src/core/semantic/pathLiterals';
import { findingsFor, where } from '../../support/ruleHarness';

describe('ML403 absolute-user-path', () => {
  it('recognises user-specific and machine-specific paths only', () => {
    for (const p of [
      '/home/anna/data.csv',
      '/Users/bob/Downloads/x.csv',
      'C:\\Users\\ana\\x.csv',
      'C:/Users/ana/x.csv',
      'D:\\data\\x.csv',
      '~/Desktop/model.pkl',
      '/mnt/c/Users/ana/x',
      '/media/ana/usb/x',
    ]) {
      assert.ok(userSpecificPath(p), p);
    }
    for (const p of [
      'data/train.csv',
      '../data/x.csv',
      '/kaggle/input/titanic/train.csv',
      '/content/drive/MyDrive/x.csv',
      '/data/x.parquet',
      '/tmp/x',
      '~/.cache/x',
      '/home',
      'https://example.com/home/x.csv',
    ]) {
      assert.equal(userSpecificPath(p), undefined, p);
    }
  });

  it('skips only files whose string literals cannot start such a path, whatever the quoting', async () => {
    const literals = [
      '"/home/anna/data.csv"',
      "r'C:\\Users\\ana\\x.csv'",
      '"C:\\\\Users\\\\ana\\\\x.csv"',
      '"C:" "\\\\Users\\\\ana\\\\x.csv"',
      '"/home" "/anna/x.csv"',
      'f"/Users/anna/{name}.csv"',
      '"""~/Desktop/model.pkl"""',
      "'D:/data/x.csv'",
    ];
    for (const lit of literals) {
      const src = `import pandas as pd\nimport sklearn\ndf = pd.read_csv(${lit})\n`;
      assert.equal(mayHoldUserPath(src), true, lit);
      assert.equal((await findingsFor('ML403', { 'a.py': src })).length, 1, lit);
    }
    for (const src of ['url = "https://example.com/home/x"\n', 'p = "data/train.csv"  # see /home/anna\n', 'x = 1\n'])
      assert.equal(mayHoldUserPath(src), false, src);
  });

  it('follows a variable, os.path.join, Path / and f-strings into I/O calls, once per literal', async () => {
    const src = [
      'import os, pandas as pd',
      'from pathlib import Path',
      'import sklearn',
      'BASE = "/home/u/proj"',
      'pd.read_csv(os.path.join(BASE, "a.csv"))',
      'pd.read_csv(Path(BASE) / "b.csv")',
      'pd.read_csv(f"{BASE}/c.csv")',
      'pd.read_parquet(f"/Users/x/{name}.parquet")',
      '',
    ].join('\n');
    const found = await findingsFor('ML403', { 'a.py': src });
    assert.deepEqual(
      found.map((f) => where(f.range)),
      ['a.py:4', 'a.py:8'],
    );
    assert.match(found[0].message, /'\/home\/u\/proj' points into one person's home folder/);
  });

  it('ignores paths that never reach an I/O call', async () => {
    const src =
      'import logging\n' +
      'import sklearn\n' +
      'log = logging.getLogger()\n' +
      'log.info("/home/anna/data")\n' +
      'print("saved to /Users/x/y")\n' +
      'HELP = "/home/<you>/data"\n' +
      'raise SystemExit(f"missing /home/{user}/x")\n';
    assert.deepEqual(await findingsFor('ML403', { 'a.py': src }), []);
  });

  it('is silenced by a suppression comment on the line', async () => {
    const src = 'import pandas as pd\nimport sklearn\ndf = pd.read_csv("/home/me/x.csv")  # mlcoach: ignore[ML403]\n';
    assert.deepEqual(await findingsFor('ML403', { 'a.py': src }), []);
  });
});
