import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { REPO_ROOT } from '../../support/paths';

// The layers of src/core, lowest first. A file may import its own layer and the layers below it, never
// one above, and no chain of imports may come back to where it started. A path ending in `/` is a folder;
// the longest matching entry decides a file's layer.
const LAYERS: ReadonlyArray<readonly [string, readonly string[]]> = [
  // Plain data and I/O every layer uses: finding records, the file-system port, notebooks as JSON.
  ['base', ['version.ts', 'regExp.ts', 'model/findings.ts', 'fs/', 'notebook/']],
  ['python', ['python/']],
  // The project model and what builds it: discovery, configuration, manifests, the parse cache.
  ['project', ['project/', 'config/', 'discovery/', 'manifests/']],
  // The report's records (levels, items, evidence), the report cache's port, and places as reports print
  // them: plain data that levels, fixes and formats all write or read, so it sits below all of them.
  ['report model', ['model/report.ts', 'model/reportCache.ts', 'format/locations.ts']],
  // Vocabularies: what the libraries' APIs are and which words mean what.
  ['libraries', ['libraries/']],
  // What the code means: the unit and project indexes, and the data-flow pass they keep.
  ['semantic', ['semantic/', 'flow/']],
  // Facts the checklist counts: code, tests, infrastructure, targets.
  ['facts', ['facts/']],
  // Edits that fix findings (rules attach them) and the fix command's planning over a report.
  ['fixes', ['fixes/']],
  ['rules', ['rules/']],
  // The checklist, the level rule, and whether a project is ML and one system.
  ['levels', ['levels/']],
  // What reads a finished report or project: text, JSON, SARIF, Markdown, and the scaffolds.
  ['format', ['format/', 'scaffold/']],
  // The entry points: analyse a folder; load one for the scaffolds the same way.
  ['analyze', ['analyze.ts', 'scaffold/load.ts']],
];

/** The layer index of a path relative to src/core, or -1 when no entry matches. */
function layerOf(path: string): number {
  let best = -1;
  let bestLength = -1;
  LAYERS.forEach(([, entries], i) => {
    for (const e of entries) {
      const match = e.endsWith('/') ? path.startsWith(e) : path === e;
      if (match && e.length > bestLength) {
        best = i;
        bestLength = e.length;
      }
    }
  });
  return best;
}

type Graph = ReadonlyMap<string, readonly string[]>;

/** Imports that go up a layer, as `from -> to`. */
function upwardImports(graph: Graph): string[] {
  const out: string[] = [];
  for (const [from, tos] of graph) for (const to of tos) if (layerOf(to) > layerOf(from)) out.push(`${from} -> ${to}`);
  return out;
}

/** One import cycle, as the files along it, or undefined when the graph has none. */
function findCycle(graph: Graph): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of [...graph.keys()].sort()) {
    if (state.has(node)) continue;
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

const CORE = join(REPO_ROOT, 'src', 'core');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/** Every relative import of every src/core file (type-only imports too), as paths relative to src/core. */
function coreImports(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const specifier = /(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s*'(\.[^']+)'|\bimport\s*\(\s*'(\.[^']+)'\s*\)/g;
  for (const file of sourceFiles(CORE)) {
    const text = readFileSync(file, 'utf8');
    const tos: string[] = [];
    for (const m of text.matchAll(specifier)) {
      const target = resolve(dirname(file), m[1] ?? m[2]);
      const resolved = [`${target}.ts`, join(target, 'index.ts')].find((p) => existsSync(p));
      assert.ok(resolved, `${relative(CORE, file)} imports ${m[1] ?? m[2]}, which is not a file`);
      tos.push(relative(CORE, resolved).split('\\').join('/'));
    }
    graph.set(relative(CORE, file).split('\\').join('/'), tos);
  }
  return graph;
}

describe('architecture: the layers of src/core', () => {
  const graph = coreImports();

  it('reads the imports of the core (a parse that found none would prove nothing)', () => {
    assert.ok(graph.size > 100);
    assert.ok(graph.get('analyze.ts')?.includes('rules/run.ts'));
    assert.ok(graph.get('rules/rule.ts')?.includes('semantic/index.ts'));
  });

  it('gives every file of src/core a layer', () => {
    assert.deepEqual(
      [...graph.keys()].filter((p) => layerOf(p) < 0),
      [],
    );
  });

  it('has no import from a lower layer to a higher one', () => {
    assert.deepEqual(upwardImports(graph), []);
  });

  it('has no import cycle', () => {
    assert.equal(findCycle(graph)?.join(' -> '), undefined);
  });

  it('catches an upward import and a cycle in a made-up import graph', () => {
    const clean = new Map([
      ['rules/a.ts', ['semantic/index.ts', 'python/unit.ts']],
      ['semantic/index.ts', ['python/unit.ts']],
      ['python/unit.ts', []],
    ]);
    assert.deepEqual(upwardImports(clean), []);
    assert.equal(findCycle(clean), undefined);
    const upward = new Map([...clean, ['semantic/index.ts', ['python/unit.ts', 'rules/a.ts']]]);
    assert.deepEqual(upwardImports(upward), ['semantic/index.ts -> rules/a.ts']);
    // A cycle inside one layer imports nothing upward, and is still caught.
    const cycle = new Map([
      ['rules/a.ts', ['rules/b.ts']],
      ['rules/b.ts', ['rules/c.ts']],
      ['rules/c.ts', ['rules/a.ts']],
    ]);
    assert.deepEqual(upwardImports(cycle), []);
    assert.deepEqual(findCycle(cycle), ['rules/a.ts', 'rules/b.ts', 'rules/c.ts', 'rules/a.ts']);
  });

  it('orders the layers as docs/architecture.md draws them', () => {
    const order = ['python/x.ts', 'project/x.ts', 'model/report.ts', 'libraries/x.ts', 'semantic/x.ts', 'flow/x.ts'];
    order.push('facts/x.ts', 'fixes/x.ts', 'rules/x.ts', 'levels/x.ts', 'format/x.ts', 'scaffold/x.ts', 'analyze.ts');
    const layers = order.map(layerOf);
    assert.deepEqual(
      layers,
      [...layers].sort((a, b) => a - b),
    );
    assert.equal(layerOf('flow/x.ts'), layerOf('semantic/x.ts'));
  });
});
