// Packages the extension with vsce, offline, and checks what the .vsix ships and that it runs without
// node_modules (esbuild bundles every dependency into dist/).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../support/paths';
import { type ZipEntry, zipEntries } from './zipEntries';

// Everything a .vsix may hold: the bundles, media, grammars, the docs vsce renames, and vsce's own files.
const ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/dist\/(extension|analysisWorker|cli|cliMain)\.js$/,
  /^extension\/media\/.+/,
  /^extension\/syntaxes\/.+/,
  /^extension\/(readme|changelog)\.md$/i,
  /^extension\/LICENSE(\.txt)?$/i,
];
const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

describe('the .vsix package', function () {
  this.timeout(120_000);
  let tmp: string;
  let entries: ZipEntry[];
  let vsixBytes: number;

  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'mlcoach-vsix-'));
    const vsix = join(tmp, 'ml-coach.vsix');
    // Offline, as `npm run package` does: no repository lookup, no dependency listing (the bundles carry
    // their dependencies), README links left as they are (no repository URL to rewrite them against).
    execFileSync(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'),
        'package',
        '--no-dependencies',
        '--allow-missing-repository',
        '--no-rewrite-relative-links',
        '--out',
        vsix,
      ],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 100_000,
      },
    );
    const zip = readFileSync(vsix);
    vsixBytes = zip.length;
    entries = zipEntries(zip);
    // Unpack into a folder with no node_modules anywhere above it.
    for (const e of entries) {
      const target = join(tmp, 'unpacked', e.name);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, e.read());
    }
    console.log(
      `      ${entries.length} files, ${(vsixBytes / 1024).toFixed(0)} ` +
        `KiB:\n${entries.map((e) => `        ${e.name} (${e.size} B)`).join('\n')}`,
    );
  });

  after(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('ships only dist/, media/, syntaxes/, README, CHANGELOG, LICENSE and package.json', () => {
    const unexpected = entries.map((e) => e.name).filter((n) => !ALLOWED.some((re) => re.test(n)));
    assert.deepEqual(unexpected, []);
    const names = entries.map((e) => e.name);
    for (const required of [
      'extension/package.json',
      'extension/dist/extension.js',
      'extension/dist/cli.js',
      'extension.vsixmanifest',
    ]) {
      assert.ok(names.includes(required), `${required} is missing`);
    }
    assert.ok(
      names.some((n) => /^extension\/readme\.md$/i.test(n)),
      'README is missing',
    );
    assert.ok(
      names.some((n) => /^extension\/LICENSE/i.test(n)),
      'LICENSE is missing',
    );
  });

  it('is under 1 MB and ships production bundles: minified, no source maps', () => {
    assert.ok(vsixBytes < 1024 * 1024, `${vsixBytes} bytes`);
    const bundles = entries.filter((e) => /^extension\/dist\/.*\.js$/.test(e.name));
    assert.ok(bundles.length >= 4, bundles.map((e) => e.name).join(', '));
    for (const e of bundles) {
      const text = e.read().toString('utf8');
      assert.ok(!/\/\/# sourceMappingURL=/.test(text), `${e.name} refers to a source map`);
      // A development bundle keeps esbuild's per-file comments and one statement a line; a minified one neither.
      assert.ok(!/^\/\/ src\//m.test(text), `${e.name} is a development bundle (it names its source files)`);
      const lines = text.split('\n').length;
      assert.ok(text.length / lines > 200, `${e.name}: ${lines} lines for ${text.length} characters is not minified`);
    }
  });

  it('has a main entry and a bin entry that exist in the package', () => {
    const pkg = JSON.parse(readFileSync(join(tmp, 'unpacked', 'extension', 'package.json'), 'utf8'));
    const names = new Set(entries.map((e) => e.name));
    assert.ok(names.has(`extension/${pkg.main.replace(/^\.\//, '')}`), `main ${pkg.main}`);
    for (const bin of Object.values<string>(pkg.bin ?? {}))
      assert.ok(names.has(`extension/${bin.replace(/^\.\//, '')}`), `bin ${bin}`);
  });

  it('bundles need nothing but Node built-ins and vscode at run time', () => {
    const outside: string[] = [];
    for (const e of entries.filter((x) => /^extension\/dist\/.*\.js$/.test(x.name))) {
      const text = e.read().toString('utf8');
      for (const m of text.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)) {
        const spec = m[1];
        if (spec === 'vscode' || BUILTINS.has(spec) || spec.startsWith('.')) continue;
        outside.push(`${e.name} requires ${spec}`);
      }
    }
    assert.deepEqual([...new Set(outside)], []);
  });

  it('the packaged CLI runs from the unpacked .vsix', () => {
    const cli = join(tmp, 'unpacked', 'extension', 'dist', 'cli.js');
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    const version = execFileSync(process.execPath, [cli, '--version'], { cwd: tmp, encoding: 'utf8' }).trim();
    assert.equal(version, pkg.version);
  });

  it('the packaged extension loads from the unpacked .vsix without node_modules', () => {
    const ext = join(tmp, 'unpacked', 'extension', 'dist', 'extension.js');
    // A stand-in for the vscode module: loading must not reach for any other package.
    const script = `
      const Module = require('module');
      // Any property is a stub, also through the prototype (esbuild's ESM interop copies into a new object).
      const anything = new Proxy({}, { get: () => stub });
      const stub = new Proxy(function () {}, {
        get: (t, k) => (k === '__esModule' ? false : stub),
        apply: () => stub,
        construct: () => stub,
        getPrototypeOf: () => anything,
      });
      const load = Module._load;
      Module._load = function (request, ...rest) {
        return request === 'vscode' ? stub : load.call(this, request, ...rest);
      };
      const m = require(${JSON.stringify(ext)});
      if (typeof m.activate !== 'function') { console.error('no activate export'); process.exit(1); }
    `;
    execFileSync(process.execPath, ['-e', script], {
      cwd: tmp,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_PATH: '' },
    });
  });
});
