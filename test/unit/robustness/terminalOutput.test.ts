// What reaches a terminal: control characters from file names and literals are shown as escapes in the
// text report and the CLI's messages, JSON and SARIF keep the exact strings, and a failing stdout ends
// with one line on stderr and exit code 2 (a reader closing the pipe early ends quietly).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runProcess } from '../../../src/cli/main';
import { Progress } from '../../../src/cli/progress';
import { markdownCode, markdownText, plainMessage } from '../../../src/extension/messageText';
import { formatText } from '../../../src/core/format/text';
import { formatJson } from '../../../src/core/format/json';
import { terminalSafe, terminalSafeLines } from '../../../src/core/format/terminal';
import type { WorkspaceReport } from '../../../src/core/model/report';
import { FIXTURES, REPO_ROOT } from '../../support/paths';
import { sampleReport } from '../format/sampleReport';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');
/** Characters a terminal acts on: ESC (CSI and OSC sequences), BEL, CR, backspace, C1 CSI, bidi overrides. */
const HOSTILE = '\u001b[2J\u001b]0;title\u0007\r\b\u009b31m\u202e\u2066x';
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** The sample report with hostile text in a finding's file, message and related note, and in a problem. */
async function hostileReport(): Promise<WorkspaceReport> {
  const report = await sampleReport();
  const project = report.projects[0];
  const f = project.findings[0];
  assert.ok(f?.range, 'the sample report has a finding with a range');
  const path = `evil${HOSTILE}\nfake line.py`;
  f.range = { ...f.range, path };
  f.message = `literal "${HOSTILE}" quoted`;
  project.problems.push({ path, message: `cannot read ${HOSTILE}` } as (typeof project.problems)[number]);
  return report;
}

describe('terminal output is escaped', () => {
  it('terminalSafe shows every control character as a visible escape and keeps the rest', () => {
    assert.equal(terminalSafe('a\u001b[31mb'), 'a\\x1b[31mb');
    assert.equal(terminalSafe('line\nnext\ttab'), 'line\\nnext\ttab');
    assert.equal(terminalSafe('\u202eevil\u2066'), '\\u202eevil\\u2066');
    assert.equal(terminalSafe('\u0085\u009b\u007f\u0000'), '\\x85\\x9b\\x7f\\0');
    assert.equal(terminalSafe('é 😀 中文 a\\b'), 'é 😀 中文 a\\b');
    assert.equal(terminalSafeLines('a\u001b\nb'), 'a\\x1b\nb');
  });

  it('the text report carries no raw control character from the project, colour off or on', async () => {
    const report = await hostileReport();
    const plain = formatText(report);
    assert.ok(!RAW_CONTROL.test(plain), JSON.stringify(plain.match(RAW_CONTROL)));
    assert.match(plain, /evil\\x1b\[2J\\x1b\]0;title\\x07\\r\\x08\\x9b31m\\u202e\\u2066x\\nfake line\.py/);
    assert.ok(
      !plain.split('\n').some((l) => l.startsWith('fake line.py')),
      'a newline in a file name started a line of its own',
    );
    // With colour, the only ESC sequences are the report's own SGR codes.
    const coloured = formatText(report, { color: true });
    assert.ok(!RAW_CONTROL.test(coloured.replace(/\u001b\[[0-9;]*m/g, '')));
    assert.ok(!coloured.includes('\u001b[2J') && !coloured.includes('\u001b]0;'));
  });

  it('the progress line shows a file name escaped, keeping only its own erase sequence', () => {
    let err = '';
    const progress = new Progress(
      { out: () => undefined, err: (s) => (err += s), stdoutIsTTY: true, stderrIsTTY: true, env: {}, cwd: '/' },
      0,
    );
    progress.update(`reading ${HOSTILE}`);
    progress.done();
    assert.equal(err.split('\r\u001b[K').join(''), `reading ${terminalSafe(HOSTILE)}`);
    assert.ok(!RAW_CONTROL.test(err.split('\r\u001b[K').join('')));
  });

  it('JSON keeps the exact strings', async () => {
    const report = await hostileReport();
    const back = JSON.parse(formatJson(report)) as WorkspaceReport;
    assert.equal(back.projects[0].findings[0].message, report.projects[0].findings[0].message);
    assert.equal(back.projects[0].findings[0].range!.path, report.projects[0].findings[0].range!.path);
  });
});

describe('the CLI on a hostile tree and a failing stdout', function () {
  this.timeout(60_000);
  let dir: string;
  before(function () {
    if (!existsSync(CLI)) this.skip(); // built by `npm run build`
    dir = mkdtempSync(join(tmpdir(), 'mlcoach-tty-'));
    cpSync(join(FIXTURES, 'cli', 'leaky-project'), dir, { recursive: true });
    const train = readFileSync(join(dir, 'train.py'), 'utf8');
    rmSync(join(dir, 'train.py'));
    writeFileSync(join(dir, `train${HOSTILE}\n.py`), train.replace('"data/churn.csv"', `"data/${HOSTILE}.csv"`));
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  const cli = (args: string[], stdout: 'pipe' | number = 'pipe') =>
    spawnSync(process.execPath, [CLI, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', stdout, 'pipe'],
      env: { PATH: process.env.PATH ?? '', FORCE_COLOR: '1' },
      timeout: 30_000,
    });

  it('text: file names reach the terminal escaped; JSON and SARIF keep them exact', () => {
    const text = cli(['check', dir]);
    assert.equal(text.status, 1, text.stderr);
    assert.ok(
      !RAW_CONTROL.test(text.stdout.replace(/\u001b\[[0-9;]*m/g, '')),
      'a raw control character reached the terminal',
    );
    assert.ok(text.stdout.includes('train\\x1b[2J'), text.stdout);
    const json = cli(['check', dir, '--format', 'json']);
    const paths = (JSON.parse(json.stdout) as WorkspaceReport).projects.flatMap((p) =>
      p.findings.map((f) => f.range?.path),
    );
    assert.ok(paths.includes(`train${HOSTILE}\n.py`), JSON.stringify(paths));
    // SARIF locations are URIs: the exact name, percent-encoded.
    const sarif = cli(['check', dir, '--format', 'sarif']);
    const uris = [...sarif.stdout.matchAll(/"uri": "([^"]*)"/g)].map((m) => decodeURIComponent(m[1]));
    assert.ok(uris.includes(`train${HOSTILE}\n.py`), JSON.stringify(uris));
  });

  it('a message naming a hostile path is escaped on stderr', () => {
    const r = cli(['check', join(dir, `missing${HOSTILE}`)]);
    assert.equal(r.status, 2);
    assert.ok(!RAW_CONTROL.test(r.stderr), JSON.stringify(r.stderr));
    assert.match(r.stderr, /missing\\x1b\[2J/);
  });

  it('stdout on a full disk: one line on stderr, exit code 2, no stack trace', function () {
    if (!existsSync('/dev/full')) this.skip();
    for (const format of ['text', 'json']) {
      const fd = openSync('/dev/full', 'w');
      try {
        const r = cli(['check', dir, '--format', format], fd);
        assert.equal(r.status, 2, r.stderr);
        assert.equal(r.stderr, 'mlcoach: cannot write the output: no space left on device\n');
      } finally {
        closeSync(fd);
      }
    }
  });

  it('a reader that closes the pipe early ends the run quietly with its own exit code', function () {
    const bash = spawnSync('bash', ['-c', 'true']);
    if (bash.status !== 0) this.skip();
    // `true` exits without reading, so the report is written into a closed pipe.
    const r = spawnSync(
      'bash',
      ['-c', `"$0" "$1" check "$2" | true; echo "status=\${PIPESTATUS[0]}"`, process.execPath, CLI, dir],
      { encoding: 'utf8', timeout: 30_000 },
    );
    assert.equal(r.stderr, '');
    assert.equal(r.stdout.trim(), 'status=1');
  });
});

describe('runProcess on stand-in streams', () => {
  function failingStream(code: string): Writable {
    return new Writable({
      write(_chunk, _enc, cb) {
        cb(Object.assign(new Error(`${code}: failed`), { code }));
      },
    });
  }
  function collecting(): { stream: Writable; text: () => string } {
    let text = '';
    return {
      stream: new Writable({
        write(chunk, _enc, cb) {
          text += String(chunk);
          cb();
        },
      }),
      text: () => text,
    };
  }

  it('a write error other than a closed pipe ends with exit code 2 and one line', async () => {
    const err = collecting();
    const code = await runProcess(
      ['rules'],
      { stdout: failingStream('EIO'), stderr: err.stream, stdoutIsTTY: false, stderrIsTTY: false },
      {},
      process.cwd(),
    );
    assert.equal(code, 2);
    assert.equal(err.text(), 'mlcoach: cannot write the output: input/output error\n');
  });

  it('a closed pipe keeps the exit code and says nothing', async () => {
    const err = collecting();
    const code = await runProcess(
      ['rules'],
      { stdout: failingStream('EPIPE'), stderr: err.stream, stdoutIsTTY: false, stderrIsTTY: false },
      {},
      process.cwd(),
    );
    assert.equal(code, 0);
    assert.equal(err.text(), '');
  });

  it('a usage error still exits 2 with its own message', async () => {
    const out = collecting();
    const err = collecting();
    const code = await runProcess(
      ['nope'],
      { stdout: out.stream, stderr: err.stream, stdoutIsTTY: false, stderrIsTTY: false },
      {},
      process.cwd(),
    );
    assert.equal(code, 2);
    assert.match(err.text(), /^mlcoach: unknown command 'nope'/);
  });
});

describe('editor notifications quoting project text', () => {
  it('cannot carry a link or a line break from a file name', () => {
    const name = 'data/[Open](command:workbench.action.terminal.new).csv\nsecond line\u001b[2J';
    const text = plainMessage(`ML Coach created ${name}.`);
    assert.ok(!/\]\(/.test(text), text);
    assert.ok(!RAW_CONTROL.test(text) && !text.includes('\n'), text);
    assert.match(text, /\[Open\] \(command:workbench\.action\.terminal\.new\)\.csv second line \[2J/);
  });

  it('Markdown tooltips get project text escaped, or fenced as code past any backtick run in it', () => {
    assert.equal(markdownText('a ![i](http://x/p.png) <b>&amp;'), 'a \\!\\[i\\]\\(http://x/p.png\\) \\<b\\>\\&amp;');
    assert.equal(markdownCode('plain.py'), '`plain.py`');
    assert.equal(markdownCode('a``b'), '```a``b```');
    assert.equal(markdownCode('`edge'), '`` `edge ``');
    assert.equal(markdownCode('two\nlines'), '`two lines`');
  });
});
