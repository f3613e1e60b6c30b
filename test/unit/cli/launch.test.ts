import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('the launcher on Node 20 (V8 code cache through vm.Script)', () => {
  it('writes the cache on the first run, compiled whole; the next run reads it and writes nothing', function () {
    // Node 22.1+ caches compiled code itself (module.enableCompileCache); the launcher then only turns that on.
    if ((Module as unknown as { enableCompileCache?: unknown }).enableCompileCache) this.skip();
    const dir = mkdtempSync(join(tmpdir(), 'mlcoach-launch-'));
    try {
      const bundle = join(dir, 'bundle.js');
      writeFileSync(bundle, 'exports.used = () => 1;\nexports.unused = () => [1, 2, 3].map((x) => x * 2).join();\n');
      const cache = join(dir, 'cache');
      const launcher = join(__dirname, '..', '..', '..', 'src', 'cli', 'launch.js');
      const run = (): string =>
        execFileSync(process.execPath, [
          '-e',
          `const m = require(${JSON.stringify(launcher)}).requireWithCodeCache(` +
            `${JSON.stringify(bundle)}, ${JSON.stringify(cache)}, 'test'); process.stdout.write(String(m.used()));`,
        ]).toString();
      assert.equal(run(), '1');
      const files = readdirSync(join(cache, 'code'));
      assert.equal(files.length, 1);
      assert.match(files[0], /^test-.*\.bin$/);
      const written = statSync(join(cache, 'code', files[0]));
      // A cache V8 rejects (one made under other flags) is written again at exit: a new file.
      assert.equal(run(), '1');
      const again = statSync(join(cache, 'code', files[0]));
      assert.equal(again.ino, written.ino);
      assert.equal(again.mtimeMs, written.mtimeMs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
