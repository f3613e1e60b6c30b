// Are sibling sub-projects one system or unrelated projects? A repository whose training package,
// serving app and DAGs live in sibling folders (each with its own requirements file) is one system and
// gets one level; a monorepo of unrelated homework projects keeps one report per project. The decision is
// made from evidence that ties the parts together, never from names alone:
//   - a compose, Kubernetes, CI, Makefile or DAG file that names two or more of the parts' folders,
//     or a file in one part that points into another part's folder;
//   - code in one part that imports a module only another part defines;
//   - a model artefact with a distinctive name that one part writes and another part reads.
import { escapeRegExp } from '../regExp';
import type { Evidence } from './item';
import type { SourceRange } from '../model/findings';
import type { ProjectModel } from '../project/model';
import type { PythonUnit } from '../python/unit';
import { stringValue } from '../semantic/calls';
import { unitIndex } from '../semantic/index';

/** The decision about a folder's sub-projects. */
export interface SystemDecision {
  oneSystem: boolean;
  reason: string;
  evidence: Evidence[];
}

/** Whether a file can wire services, jobs and builds together (the only files whose text the decision reads). */
export function isWiringFile(path: string): boolean {
  return WIRING_FILE.test(path);
}

/** Files that wire services, jobs and builds together. */
const WIRING_FILE = new RegExp(
  String.raw`(^|\/)((docker-)?compose[^/]*\.ya?ml|Makefile|Jenkinsfile|skaffold\.ya?ml` +
    String.raw`|Tiltfile|kustomization\.ya?ml|[^/]*\.(ya?ml|tf)|Dockerfile[^/]*)$`,
  'i',
);

/** Model artefacts by extension. */
const ARTEFACT = /([A-Za-z0-9_.-]+\.(pkl|pickle|joblib|pt|pth|onnx|h5|keras|ckpt|safetensors|cbm|bst|lgb|sav))$/;
/**
 * The extensions of ARTEFACT: a string can match it only when the text after its last dot is one of these,
 * which is checked first (ARTEFACT itself is tried from every position of a long docstring).
 */
const ARTEFACT_EXTENSIONS: ReadonlySet<string> = new Set(
  'pkl pickle joblib pt pth onnx h5 keras ckpt safetensors cbm bst lgb sav'.split(' '),
);

/** Artefact names too generic to tie two projects together (every homework folder has a `model.pkl`). */
const GENERIC_ARTEFACT = new RegExp(
  `^(best_?)?(model|clf|classifier|regressor|pipeline|final_model|checkpoint` +
    String.raw`|weights|scaler|encoder|vectorizer)\.[a-z0-9]+$`,
  'i',
);

function fileEvidence(path: string, line: number, note: string): Evidence {
  return { note, range: { path, startLine: line, startColumn: 1, endLine: line, endColumn: 1 } };
}

function partOf(path: string, parts: readonly string[]): string | undefined {
  return parts.find((p) => path.startsWith(`${p}/`));
}

/**
 * The parts that hold a path (any number, were parts nested), found from the path's own folders rather than by
 * trying every part; the first of them in the order of `parts` is partOf's answer.
 */
function partsHolding(parts: readonly string[]): (path: string) => string[] {
  const known = new Set(parts);
  return (path) => {
    const out: string[] = [];
    for (let i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
      const folder = path.slice(0, i);
      if (known.has(folder)) out.push(folder);
    }
    return out;
  };
}

/**
 * Whether `text` refers to the folder `part` as a path (`./training`, `training/`, `context: training`, `../training`).
 */
function namesFolder(text: string, part: string): number {
  const re = new RegExp(`(^|[\\s"'=:(,\\[/.])${escapeRegExp(part)}(/|["'\\s,)\\]]|$)`, 'm');
  const m = re.exec(text);
  if (!m) return -1;
  return text.slice(0, m.index).split('\n').length;
}

/**
 * What the decision reads of one Python unit, kept without its syntax tree: a monorepo's parts are
 * analysed one after the other and each part's trees can go once its report is made. Plain data, so
 * the command line's report cache can keep it beside the part's report.
 */
export interface UnitSystemFacts {
  path: string;
  kind: PythonUnit['kind'];
  /**
   * The first name of each import's module (`a` for `from a.b import c`, `import a.b`), in order, each name once
   * (at its first import: the decision reads no other).
   */
  imports: Array<{ module: string; range: SourceRange }>;
  /** Distinctive model artefact names in string literals, in walk order, each name once (at its first place). */
  artefacts: Array<{ name: string; range: SourceRange }>;
}

/** What the decision reads of a folder: its wiring files' text and its Python units' facts. */
export interface SystemInput {
  /** Wiring files (see isWiringFile) by path; other files may be present and are ignored. */
  texts: ReadonlyMap<string, string>;
  python: readonly UnitSystemFacts[];
}

/** The facts of one unit the decision reads. */
export function unitSystemFacts(unit: PythonUnit): UnitSystemFacts {
  const imports: UnitSystemFacts['imports'] = [];
  const modules = new Set<string>();
  for (const s of unit.imports.statements) {
    const module = (s.module ?? s.names[0]?.name ?? '').split('.')[0];
    if (modules.has(module)) continue;
    modules.add(module);
    imports.push({ module, range: unit.range(s) });
  }
  const artefacts: UnitSystemFacts['artefacts'] = [];
  const names = new Set<string>();
  // The unit's string literals in walk order, gathered on the walk that found its calls when the analysis
  // has made it.
  for (const e of unitIndex(unit).strings) {
    const s = stringValue(e);
    if (!s || !ARTEFACT_EXTENSIONS.has(s.slice(s.lastIndexOf('.') + 1))) continue;
    const m = ARTEFACT.exec(s);
    if (!m || GENERIC_ARTEFACT.test(m[1]) || names.has(m[1])) continue;
    names.add(m[1]);
    artefacts.push({ name: m[1], range: unit.range(e) });
  }
  return { path: unit.path, kind: unit.kind, imports, artefacts };
}

/** The decision's input for a project model (its wiring files and units). */
export function systemInput(model: Pick<ProjectModel, 'texts' | 'python'>): SystemInput {
  const texts = new Map<string, string>();
  for (const [path, text] of model.texts) if (WIRING_FILE.test(path)) texts.set(path, text);
  return { texts, python: model.python.map(unitSystemFacts) };
}

/**
 * Top-level module names each part defines: `pkg` for `part/pkg/__init__.py` or `part/src/pkg/x.py`, `mod` for
 * `part/mod.py`. `holding` holds the parts above each unit, in the order of `units`.
 */
function definedModules(
  units: readonly UnitSystemFacts[],
  holding: ReadonlyArray<readonly string[]>,
  parts: readonly string[],
): Map<string, Set<string>> {
  const defined = new Map(parts.map((p) => [p, new Set<string>()]));
  units.forEach((u, i) => {
    if (u.kind !== 'module') return;
    for (const part of holding[i]) {
      const rest = u.path
        .slice(part.length + 1)
        .replace(/^src\//, '')
        .split('/');
      defined.get(part)!.add(rest.length === 1 ? rest[0].replace(/\.py$/, '') : rest[0]);
    }
  });
  return defined;
}

/** Decides whether the parts of a folder (sub-folders with their own manifests) form one system. */
export function decideSystem(whole: SystemInput, parts: readonly string[]): SystemDecision {
  const evidence: Evidence[] = [];
  const ties = new Set<string>();
  const tie = (a: string, b: string): void => {
    ties.add([a, b].sort().join('|'));
  };

  // Wiring files naming the parts.
  for (const [path, text] of whole.texts) {
    if (!WIRING_FILE.test(path)) continue;
    const home = partOf(path, parts);
    const named = parts
      .filter((p) => p !== home)
      .map((p) => ({ p, line: namesFolder(text, p) }))
      .filter((x) => x.line > 0);
    const outsideNamesTwo = home === undefined && named.length >= 2;
    const insideNamesOther =
      home !== undefined && named.some((x) => new RegExp(`\\.\\./${escapeRegExp(x.p)}(/|\\b)`).test(text));
    if (outsideNamesTwo) {
      for (let i = 1; i < named.length; i++) tie(named[0].p, named[i].p);
      evidence.push(fileEvidence(path, named[0].line, `names ${named.map((x) => x.p).join(', ')}`));
    } else if (insideNamesOther) {
      const other = named.find((x) => new RegExp(`\\.\\./${escapeRegExp(x.p)}(/|\\b)`).test(text))!;
      tie(home, other.p);
      evidence.push(fileEvidence(path, other.line, `points into ${other.p}`));
    }
  }

  // Imports of a module that only another part defines.
  // The parts above each unit and its home among them (the first in the order of `parts`), found once.
  const holdingOf = partsHolding(parts);
  const rank = new Map(parts.map((p, i) => [p, i]));
  const holding = whole.python.map((u) => holdingOf(u.path));
  const homes = holding.map((h) => (h.length <= 1 ? h[0] : h.reduce((a, b) => (rank.get(b)! < rank.get(a)! ? b : a))));
  const defined = definedModules(whole.python, holding, parts);
  // The parts, in order, that define a module or are named after it: asked once per import of every unit.
  const providers = new Map<string, string[]>();
  for (const p of parts) {
    for (const name of new Set([...defined.get(p)!, p.split('/').pop()!])) {
      const list = providers.get(name);
      if (list) list.push(p);
      else providers.set(name, [p]);
    }
  }
  for (const [i, unit] of whole.python.entries()) {
    const home = homes[i];
    if (!home) continue;
    const own = defined.get(home)!;
    for (const s of unit.imports) {
      const mod = s.module;
      if (!mod || mod.startsWith('.') || own.has(mod)) continue;
      const other = providers.get(mod)?.find((p) => p !== home);
      if (!other) continue;
      tie(home, other);
      evidence.push({ note: `imports ${mod} from ${other}`, range: s.range });
      break;
    }
  }

  // A distinctive model artefact named in two parts.
  const artefactParts = new Map<string, Map<string, Evidence>>();
  for (const [i, unit] of whole.python.entries()) {
    const home = homes[i];
    if (!home) continue;
    for (const a of unit.artefacts) {
      const byPart = artefactParts.get(a.name) ?? new Map<string, Evidence>();
      if (!byPart.has(home)) byPart.set(home, { note: `names the artefact ${a.name}`, range: a.range });
      artefactParts.set(a.name, byPart);
    }
  }
  for (const [name, byPart] of artefactParts) {
    if (byPart.size < 2) continue;
    const names = [...byPart.keys()];
    for (let i = 1; i < names.length; i++) tie(names[0], names[i]);
    const first = byPart.get(names[0])!;
    evidence.push({ note: `${names.join(' and ')} share the artefact ${name}`, range: first.range });
  }

  // One system when the ties connect every part that holds ML code or serves it: parts left alone stay apart.
  const joined = new Set([...ties].flatMap((t) => t.split('|')));
  const oneSystem =
    joined.size >= 2 &&
    connected(
      parts.filter((p) => joined.has(p)),
      ties,
    ) &&
    joined.size >= Math.ceil(parts.length / 2);
  const reason = oneSystem
    ? `${[...joined].sort().join(', ')} are one system: ${evidence
        .slice(0, 3)
        .map((e) => `${e.range ? `${e.range.path} ` : ''}${e.note}`)
        .join('; ')}`
    : evidence.length
      ? `the sub-projects are reported separately: only ${[...joined].join(' and ')} are tied together, the others ` +
        `share nothing`
      : 'the sub-projects are reported separately: no file names two of them, none imports another, and they share ' +
        'no model artefact';
  return { oneSystem, reason, evidence: oneSystem ? evidence.slice(0, 5) : [] };
}

function connected(nodes: string[], ties: Set<string>): boolean {
  if (nodes.length === 0) return false;
  const seen = new Set([nodes[0]]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of ties) {
      const [a, b] = t.split('|');
      if (seen.has(a) !== seen.has(b)) {
        seen.add(a);
        seen.add(b);
        grew = true;
      }
    }
  }
  return nodes.every((n) => seen.has(n));
}
