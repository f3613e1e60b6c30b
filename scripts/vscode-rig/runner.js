// Runs the integration suite inside a real VS Code: code-server (the real workbench and Node extension
// host) driven by Debian's Chromium through playwright-core. Started by run.sh with the rig's Node 24.
//
// Each run opens a copy of a fixture workspace (so tests may edit files), loads the extension from
// --extension and the compiled suite from --tests, relays the extension host's console, and ends with the
// suite's exit code. The server runs in its own process group, which is always killed at the end.
//
// Usage: node runner.js [--extension DIR] [--tests FILE] [--runs FILE] [--only SUITE] [--timeout SECONDS]
//                       [--screenshots DIR] [--keep]

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');
const RIG = path.resolve(process.env.MLCOACH_RIG || path.join(REPO, '.vscode-rig'));

function parseArgs(argv) {
  const opts = {
    extension: REPO,
    tests: path.join(REPO, 'out', 'test', 'integration', 'index.js'),
    runs: path.join(REPO, 'test', 'integration', 'runs.json'),
    only: [],
    timeout: 240,
    screenshots: process.env.MLCOACH_SCREENSHOTS ? path.join(REPO, 'media', 'screenshots') : '',
    keep: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--extension') opts.extension = path.resolve(value());
    else if (a === '--tests') opts.tests = path.resolve(value());
    else if (a === '--runs') opts.runs = path.resolve(value());
    else if (a === '--only') opts.only.push(value());
    else if (a === '--timeout') opts.timeout = Number(value());
    else if (a === '--screenshots') opts.screenshots = path.resolve(value());
    else if (a === '--keep') opts.keep = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!(opts.timeout > 0)) throw new Error('--timeout must be a positive number of seconds');
  return opts;
}

/** A free loopback port (closed again at once; code-server binds it right after). */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function get(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

const delay = (ms) => new Promise((r) => setTimeout(r, ms));

// Workbench chatter that says nothing about the extension under test.
const NOISE = new RegExp(
  [
    String.raw`\[(AgentHost|ChatModelSelection|AccountPolicyGate)`,
    '^(Resolving connection token|Resolved connection token|Creating a socket|' +
      String.raw`\[reconnection-grace-time\]|\[Service Worker\]|Updating additional builtin extensions cache)`,
    String.raw`ENOTFOUND open-vsx\.org`, // the extension gallery, unreachable and unneeded offline
  ].join('|'),
);

/** Copies a fixture workspace to a writable temporary folder. */
function copyWorkspace(src, dest) {
  fs.cpSync(src, dest, { recursive: true, dereference: true });
  return dest;
}

/** Finds the extension host log files code-server wrote under its user-data dir. */
function extensionHostLogs(root) {
  const found = [];
  const walk = (dir) => {
    let entries = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/exthost\.log$/i.test(e.name)) found.push(p);
    }
  };
  walk(root);
  return found;
}

function tail(file, lines) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const codeServer = path.join(RIG, 'node_modules', '.bin', 'code-server');
  if (!fs.existsSync(codeServer)) {
    console.error(`vscode-rig: code-server is not installed in ${RIG}; run scripts/vscode-rig/install.sh first`);
    return 2;
  }
  for (const [what, p] of [
    ['extension package.json', path.join(opts.extension, 'package.json')],
    ['compiled suite', opts.tests],
  ]) {
    if (!fs.existsSync(p)) {
      console.error(`vscode-rig: ${what} not found: ${p} (build first: npm run build && npm run compile-tests)`);
      return 2;
    }
  }
  const main = JSON.parse(fs.readFileSync(path.join(opts.extension, 'package.json'), 'utf8')).main;
  if (
    main &&
    !fs.existsSync(path.join(opts.extension, main)) &&
    !fs.existsSync(path.join(opts.extension, `${main}.js`))
  ) {
    console.error(`vscode-rig: the extension's main ${main} does not exist (run npm run build)`);
    return 2;
  }
  let runs = JSON.parse(fs.readFileSync(opts.runs, 'utf8'));
  if (opts.only.length) runs = runs.filter((r) => opts.only.includes(r.suite));
  if (!runs.length) {
    console.error('vscode-rig: no run selected');
    return 2;
  }
  const { chromium } = require(path.join(RIG, 'node_modules', 'playwright-core'));

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlcoach-rig-'));
  // Without these, code-server writes into ~/.config, ~/.local/share and /tmp.
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(tmp, 'xdg'),
    XDG_DATA_HOME: path.join(tmp, 'xdg'),
    TMPDIR: tmp,
  };
  delete env.VSCODE_IPC_HOOK_CLI;
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const serverLog = path.join(tmp, 'server.log');
  const logFd = fs.openSync(serverLog, 'a');
  const userData = path.join(tmp, 'user-data');
  const server = spawn(
    codeServer,
    [
      '--config',
      path.join(tmp, 'config.yaml'),
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--user-data-dir',
      userData,
      '--extensions-dir',
      path.join(tmp, 'extensions'),
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--vscode-option',
      'enable-smoke-test-driver', // makes the workbench honour the test parameters of ?payload=
    ],
    { env, detached: true, stdio: ['ignore', logFd, logFd] },
  );
  fs.closeSync(logFd);

  let context;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    if (context) await context.close().catch(() => {});
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {}
    for (let i = 0; i < 30 && server.exitCode === null && server.signalCode === null; i++) await delay(100);
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {}
    if (opts.keep) console.log(`vscode-rig: kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => {
      console.error(`vscode-rig: ${sig}, stopping`);
      cleanup().finally(() => process.exit(130));
    });
  }

  let passed = 0;
  let failed = 0;
  const results = [];
  try {
    const t0 = Date.now();
    for (;;) {
      if ((await get(`${origin}/healthz`)) === 200) break;
      if (server.exitCode !== null)
        throw new Error(`code-server exited with ${server.exitCode}:\n${tail(serverLog, 30)}`);
      if (Date.now() - t0 > 60000) throw new Error(`code-server did not answer within 60 s:\n${tail(serverLog, 30)}`);
      await delay(100);
    }
    const browserData = path.join(tmp, 'chromium');
    context = await chromium.launchPersistentContext(browserData, {
      executablePath: process.env.MLCOACH_CHROMIUM || '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1440, height: 860 },
      // The machine has no outside network: keep Chromium from trying.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    if (opts.screenshots) fs.mkdirSync(opts.screenshots, { recursive: true });
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;

    for (const run of runs) {
      const started = Date.now();
      const folder = copyWorkspace(
        path.resolve(REPO, run.workspace),
        path.join(tmp, 'ws', run.suite, path.basename(run.workspace)),
      );
      const extEnv = { MLCOACH_TEST_SUITE: run.suite, MLCOACH_TEST_WORKSPACE: folder };
      if (opts.screenshots) extEnv.MLCOACH_SCREENSHOT_DIR = opts.screenshots;
      const payload = [
        ['extensionDevelopmentPath', remote(opts.extension)],
        ['extensionTestsPath', remote(opts.tests)],
        ['extensionEnvironment', JSON.stringify(extEnv)],
        ['skipWelcome', 'true'],
      ];
      const query = `folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      const url = `${origin}/?${query}`;
      console.log(`\nvscode-rig: suite ${run.suite} in ${run.workspace}`);
      const page = await context.newPage();
      let finish;
      const exited = new Promise((r) => (finish = r));
      let counted = null;
      let shots = Promise.resolve();
      await page.exposeFunction('codeAutomationLog', (_type, args) => {
        const line = []
          .concat(args)
          .map((a) => (typeof a === 'string' ? a : JSON.stringify(a)))
          .join(' ');
        // `mlcoach:screenshot NAME [SELECTOR]`: wait until SELECTOR (a Playwright selector) is visible, then shoot.
        const shot = /^mlcoach:screenshot ([\w.-]+)(?: (.+))?$/.exec(line.trim());
        if (shot) {
          // The suite waits for the file to appear before it moves the UI on.
          shots = shots
            .then(async () => {
              if (!opts.screenshots) return;
              const target = path.join(opts.screenshots, `${shot[1]}.png`);
              if (shot[2]) {
                await page
                  .locator(shot[2])
                  .first()
                  .waitFor({ state: 'visible', timeout: 10000 })
                  .catch(() => console.error(`vscode-rig: ${shot[1]}: ${shot[2]} did not show within 10 s`));
              }
              // Let the workbench finish painting (hovers and trees render a frame or two later).
              await page.evaluate(
                () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 300)))),
              );
              const buffer = await page.screenshot();
              fs.writeFileSync(`${target}.part`, buffer);
              fs.renameSync(`${target}.part`, target);
              console.log(`vscode-rig: screenshot ${path.relative(REPO, target)}`);
            })
            .catch((e) => console.error(`vscode-rig: screenshot failed: ${e.message}`));
          return;
        }
        const count = /^(\d+) passed, (\d+) failed/.exec(line.trim());
        if (count) counted = { passed: Number(count[1]), failed: Number(count[2]) };
        if (!NOISE.test(line)) console.log(line);
      });
      // Called when the suite's run() settles.
      await page.exposeFunction('codeAutomationExit', (code) => finish(Number(code)));
      page.on('pageerror', (e) => console.error(`vscode-rig: page error: ${e.message}`));
      let timer;
      const timedOut = new Promise((r) => (timer = setTimeout(() => r(124), opts.timeout * 1000)));
      await Promise.race([page.goto(url), timedOut]);
      const code = await Promise.race([exited, timedOut]);
      clearTimeout(timer);
      await shots;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (code === 124) console.error(`vscode-rig: suite ${run.suite} timed out after ${opts.timeout} s`);
      if (code !== 0) {
        for (const log of extensionHostLogs(userData))
          console.error(`--- ${path.relative(tmp, log)} (last lines)\n${tail(log, 40)}`);
      }
      if (counted) {
        passed += counted.passed;
        failed += counted.failed;
      } else if (code !== 0) {
        failed += 1; // the suite never reported: count the run itself as one failure
      }
      results.push({ suite: run.suite, code, seconds });
      console.log(`vscode-rig: suite ${run.suite} exited with ${code} in ${seconds} s`);
      await page.close().catch(() => {});
    }
  } catch (e) {
    console.error(`vscode-rig: ${e?.stack ? e.stack : e}`);
    results.push({ suite: '(rig)', code: 2 });
    failed += 1;
  } finally {
    await cleanup();
  }
  const bad = results.filter((r) => r.code !== 0);
  const outcomes = results.map((r) => `${r.suite} ${r.code === 0 ? 'ok' : `exit ${r.code}`}`);
  console.log(`\nIntegration (code-server): ${outcomes.join(', ')}`);
  console.log(`${passed} passed, ${failed} failed`);
  return bad.length ? bad[0].code || 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`vscode-rig: ${e?.message ? e.message : e}`);
    process.exit(2);
  },
);
