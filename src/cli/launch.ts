// The `mlcoach` executable: loads the CLI bundle (cliMain.js) with V8's code cache, so a run after the
// first skips compiling it. Node 22.1+ has this built in (module.enableCompileCache); on Node 20 the
// bundle is compiled through vm.Script with cached data kept in the user's cache folder. Any problem
// with the cache falls back to a plain require: the cache only ever saves time.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import type * as V8 from 'node:v8';
import { Script } from 'node:vm';
import { userCacheDir } from '../node/cacheDir';

interface CliMain {
  runAsProcess(): void;
}

/** Loads `file` (a CommonJS bundle) with its compiled code cached under `cacheDir`. */
export function requireWithCodeCache(file: string, cacheDir: string, kind = 'main'): unknown {
  const builtIn = (Module as unknown as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (builtIn) {
    builtIn(join(cacheDir, 'compile'));
    return require(file);
  }
  let source: string;
  let cacheFile: string;
  let build: string;
  try {
    const stat = statSync(file);
    // The bundle's size and time stamp name its cache: a new build never meets an old cache. Each kind
    // of run has its own, holding the functions that kind compiles (a check compiles the analysis).
    build = `${Math.round(stat.mtimeMs)}-${stat.size}-${process.version}-${process.arch}`;
    cacheFile = join(cacheDir, 'code', `${kind}-${build}.bin`);
    source = readFileSync(file, 'utf8');
  } catch {
    return require(file);
  }
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined; // the first run, or the cache was deleted
  }
  // Without a cache, every function is compiled now rather than when first called, so the cache written at exit
  // holds the whole bundle, whatever this first run happened to call.
  // `node:v8` is loaded only then: it takes 1.4 ms, which a run with a cache need not pay.
  const v8 = cachedData ? undefined : (require('node:v8') as typeof V8);
  v8?.setFlagsFromString('--no-lazy');
  let script: Script;
  try {
    script = new Script(Module.wrap(source.startsWith('#!') ? `//${source}` : source), { filename: file, cachedData });
  } finally {
    v8?.setFlagsFromString('--lazy');
  }
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  const req = ((id: string) => mod.require(id)) as NodeJS.Require;
  req.main = require.main;
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: Module,
    filename: string,
    dirname: string,
  ) => void;
  wrapper.call(mod.exports, mod.exports, req, mod, file, dirname(file));
  mod.loaded = true;
  if (!cachedData || script.cachedDataRejected) {
    // At exit, so the functions this run compiled (not only the top level) are in the cache.
    process.once('exit', () => {
      try {
        mkdirSync(dirname(cacheFile), { recursive: true });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
        // Caches of earlier builds or Node versions are never read again.
        for (const name of readdirSync(dirname(cacheFile)))
          if (name.endsWith('.bin') && !name.endsWith(`-${build}.bin`))
            rmSync(join(dirname(cacheFile), name), { force: true });
      } catch {
        // A read-only or full disk: the next run compiles again.
      }
    });
  }
  return mod.exports;
}

if (require.main === module) {
  const bundle = join(__dirname, 'cliMain.js');
  const main = (
    process.env.MLCOACH_NO_CODE_CACHE
      ? require(bundle)
      : requireWithCodeCache(bundle, userCacheDir(), process.argv[2] === 'check' ? 'check' : 'main')
  ) as CliMain;
  main.runAsProcess();
}
