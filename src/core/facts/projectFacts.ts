// All facts of a project in one place, by kind: code facts of every unit, facts about how the code is
// organised in modules, what stored notebook outputs say about the target, and infrastructure.
import { fileInfraFacts } from './fileInfra';
import { isNetworkBase, loadTestFacts, pythonInfraFacts } from './pythonInfra';
import type { Expr, ImportStmt } from '../python/ast';
import type { PythonUnit } from '../python/unit';
import type { ProjectModel } from '../project/model';
import type { ProjectDerivation, ProjectIndex } from '../semantic/index';
import type { ClassInfo } from '../semantic/calls';
import { codeFacts, testFacts } from './codeFacts';
import { holdsTests } from '../project/testFiles';
import { isUnder, moduleNames } from '../python/imports';
import { compareFacts, type Fact, type FactKind, fileFact, unitFact } from './fact';
import { imbalancedTargetFacts } from './targetFacts';
import { isExperimentConfigFile } from '../libraries/configFiles';
import { handWrittenModels, learningMethod } from './handWrittenModels';

/** `from_pretrained` of classes that hold no model weights: configurations, tokenizers, processors. */
const WEIGHTLESS_PRETRAINED = /(Config|Tokenizer|TokenizerFast|Processor|FeatureExtractor)\.from_pretrained$/;

/** Facts of a project, by kind, each list sorted by place. */
export type FactIndex = ReadonlyMap<FactKind, readonly Fact[]>;

/** The facts of a project, computed once per analysis. */
export function projectFacts(index: ProjectIndex): FactIndex {
  return index.get(PROJECT_FACTS);
}

const PROJECT_FACTS: ProjectDerivation<FactIndex> = {
  name: 'projectFacts',
  compute(index) {
    const project = index.project;
    const all: Fact[] = [];
    for (const ix of index.units) {
      const unit = ix.unit;
      // A test that fits a dummy model or loads a fixture is not the project's pipeline: tests count as
      // tests (and Locust users as load tests), so nothing else is collected from them.
      if (holdsTests(unit)) all.push(...testFacts(ix), ...loadTestFacts(ix));
      else all.push(...codeFacts(ix), ...pythonInfraFacts(ix));
    }
    // Fine-tuning a pretrained model is model optimisation: `from_pretrained` (or `pretrained=True`) in code that
    // trains. A configuration, tokenizer or processor loaded by name carries no weights (`AutoConfig.from_pretrained`
    // then `Model(config)` trains from scratch).
    for (const ix of index.units) {
      const unit = ix.unit;
      if (holdsTests(unit)) continue;
      const code = codeFacts(ix);
      if (!code.some((f) => f.kind === 'training')) continue;
      const pretrained = ix.callSites.find(
        (c) =>
          (c.method === 'from_pretrained' &&
            !WEIGHTLESS_PRETRAINED.test(c.qualified ?? '') &&
            (isUnder(c.qualified, 'transformers') ||
              isUnder(c.qualified, 'peft') ||
              isUnder(c.qualified, 'sentence_transformers') ||
              isUnder(c.qualified, 'diffusers') ||
              isUnder(c.receiverType, 'transformers'))) ||
          ((isUnder(c.qualified, 'timm.create_model') || isUnder(c.qualified, 'torchvision.models')) &&
            c.call.keywords.some(
              (k) =>
                (k.name === 'pretrained' && k.value.kind === 'Constant' && k.value.value === true) ||
                (k.name === 'weights' && !(k.value.kind === 'Constant' && k.value.type === 'none')),
            )),
      );
      if (pretrained) all.push(unitFact(unit, pretrained.call, 'model-optimisation', 'fine-tunes a pretrained model'));
      else if (/(^|\/|_)fine_?tun/i.test(unit.path))
        all.push(unitFact(unit, { from: 0, to: 0 }, 'model-optimisation', 'fine-tunes a pretrained model'));
    }
    all.push(...handTrainingFacts(index));
    // Hand-written hyperparameter loops are tuning, as ML203 and ML103 see them.
    for (const ix of index.units) {
      const unit = ix.unit;
      if (holdsTests(unit)) continue;
      for (const loop of ix.tuningLoops)
        all.push(
          unitFact(
            unit,
            loop.span,
            'tuning',
            loop.fn ? `tunes hyperparameters in the objective ${loop.fn.name}()` : 'tunes hyperparameters in a loop',
          ),
        );
    }
    const byName = moduleNamesOf(project);
    all.push(...moduleFacts(project, byName));
    all.push(...ownBaseModuleFacts(index, byName));
    all.push(...configFileFacts(project));
    all.push(...imbalancedTargetFacts(index));
    all.push(...fileInfraFacts(index));
    const byKind = new Map<FactKind, Fact[]>();
    const seen = new Set<string>();
    for (const f of all.sort(compareFacts)) {
      const key = `${f.kind}|${f.range.path}|${f.range.cell ?? ''}|${f.range.startLine}|${f.note}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const list = byKind.get(f.kind) ?? [];
      list.push(f);
      byKind.set(f.kind, list);
    }
    return byKind;
  },
};

/**
 * A model written by hand trained: the learning method (`fit`, `train`) of one of the project's own classes that learn
 * and predict (`model = GradientBoostingRegressor(...)` of `boosting.py`, then `model.train(x, y)`), called outside the
 * tests. The class is known by its name: the receiver's type ends with it.
 */
function handTrainingFacts(index: ProjectIndex): Fact[] {
  const names = new Set<string>();
  for (const ix of index.units) {
    if (holdsTests(ix.unit)) continue;
    for (const c of handWrittenModels(ix.unit)) names.add(c.name);
  }
  if (!names.size) return [];
  const out: Fact[] = [];
  for (const ix of index.units) {
    if (holdsTests(ix.unit)) continue;
    for (const site of ix.callSites) {
      if (!learningMethod(site.method) || !site.receiverType) continue;
      const cls = site.receiverType.slice(site.receiverType.lastIndexOf('.') + 1);
      if (names.has(cls))
        out.push(unitFact(ix.unit, site.call, 'training', `trains ${site.receiver ?? cls}, a ${cls} written by hand`));
    }
  }
  return out;
}

/**
 * Network modules built on a base module of the project's own in another file (`class OmniglotModel(MamlModel)`,
 * with `class MamlModel(nn.Module)` in `maml_api.py`). A unit follows the bases it defines itself; the project
 * follows the others by class name, when the base is imported from one of its modules (or by a star import).
 */
function ownBaseModuleFacts(index: ProjectIndex, byName: ReadonlyMap<string, string[]>): Fact[] {
  const ownRoots = new Set([...byName.keys()].map((n) => n.split('.')[0]));
  const classes: Array<{ unit: PythonUnit; c: ClassInfo }> = [];
  for (const ix of index.units)
    if (!holdsTests(ix.unit)) for (const c of ix.classes) classes.push({ unit: ix.unit, c });
  const network = new Set(classes.filter(({ c }) => c.bases.some(isNetworkBase)).map(({ c }) => c.stmt.name));
  if (!network.size) return [];
  const ownBase = (b: string): string | undefined => {
    const root = b.split('.')[0];
    return root === '' || !b.includes('.') || ownRoots.has(root) ? b.slice(b.lastIndexOf('.') + 1) : undefined;
  };
  const derived: Array<{ unit: PythonUnit; c: ClassInfo }> = [];
  for (let grew = true, round = 0; grew && round < 8; round++) {
    grew = false;
    for (const entry of classes) {
      if (network.has(entry.c.stmt.name) || !entry.c.bases.some((b) => network.has(ownBase(b) ?? ''))) continue;
      network.add(entry.c.stmt.name);
      derived.push(entry);
      grew = true;
    }
  }
  return derived
    .filter(({ c }) => ['forward', 'call', '__call__'].some((m) => c.methods.has(m)) && !/loss$/i.test(c.stmt.name))
    .map(({ unit, c }) => unitFact(unit, c.stmt.nameSpan, 'custom-architecture', `custom module ${c.stmt.name}`));
}

/** The dotted module a relative import points at, from the importing file's folder. */
function resolveRelative(importer: string, module: string): string {
  const dots = /^\.+/.exec(module)![0].length;
  const dir = importer.split('/').slice(0, -1);
  const up = dir.slice(0, Math.max(0, dir.length - (dots - 1)));
  const rest = module.slice(dots);
  return [...up, ...(rest ? rest.split('.') : [])].join('.');
}

/** Reusable code in .py modules, and the imports that reuse it. */
function moduleFacts(project: ProjectModel, byName: ReadonlyMap<string, string[]>): Fact[] {
  const facts: Fact[] = [];
  // Each loop in a function of its own, so V8 optimises each once (one function holding the three was compiled
  // again as each next loop, not yet run when it was optimised, deoptimised it).
  const withCode = modulesWithCode(project, facts);
  localImportFacts(project, withCode, byName, facts);
  return facts;
}

/** The modules that define functions or classes, each with a fact saying how many. */
function modulesWithCode(project: ProjectModel, facts: Fact[]): Map<string, PythonUnit> {
  const withCode = new Map<string, PythonUnit>();
  for (const unit of project.python) {
    if (
      unit.kind !== 'module' ||
      holdsTests(unit) ||
      /(^|\/)(setup|conftest|noxfile|tasks|manage)\.py$/.test(unit.path)
    )
      continue;
    const defs = unit.module.body.filter((s) => s.kind === 'FunctionDef' || s.kind === 'ClassDef');
    if (defs.length === 0) continue;
    withCode.set(unit.path, unit);
    const funcs = defs.filter((d) => d.kind === 'FunctionDef').length;
    const classes = defs.length - funcs;
    const parts = [
      funcs ? `${funcs} function${funcs === 1 ? '' : 's'}` : '',
      classes ? `${classes} class${classes === 1 ? '' : 'es'}` : '',
    ].filter(Boolean);
    const first = defs[0] as (typeof defs)[number] & { nameSpan: { from: number; to: number } };
    facts.push(unitFact(unit, first.nameSpan, 'module-code', `defines ${parts.join(' and ')}`));
  }
  return withCode;
}

/** The paths of the modules each dotted name may import. */
function moduleNamesOf(project: ProjectModel): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const unit of project.python) {
    if (unit.kind !== 'module') continue;
    for (const n of moduleNames(unit.path)) {
      const paths = byName.get(n);
      if (paths) paths.push(unit.path);
      else byName.set(n, [unit.path]);
    }
  }
  return byName;
}

/** Imports of the project's own modules that define code. */
function localImportFacts(
  project: ProjectModel,
  withCode: ReadonlyMap<string, PythonUnit>,
  byName: ReadonlyMap<string, string[]>,
  facts: Fact[],
): void {
  for (const unit of project.python) {
    const done = new Set<string>();
    for (const s of unit.imports.statements) {
      for (const target of importedModules(unit.path, s)) {
        const paths = byName.get(target);
        if (!paths) continue;
        const path = paths.find((p) => withCode.has(p) && p !== unit.path);
        if (!path || done.has(path)) continue;
        done.add(path);
        facts.push(unitFact(unit, s, 'local-import', `imports ${path}`));
      }
    }
  }
}

/** Dotted modules an import statement may load, most specific first. */
function importedModules(importer: string, s: ImportStmt): string[] {
  if (s.module === undefined) return s.names.map((n) => n.name);
  const base = s.module.startsWith('.') ? resolveRelative(importer, s.module) : s.module;
  const out = s.names.map((n) => (base ? `${base}.${n.name}` : n.name));
  if (base) out.push(base);
  return out;
}

function configFileFacts(project: ProjectModel): Fact[] {
  const out: Fact[] = [];
  for (const f of project.files) {
    if (!isExperimentConfigFile(f.path)) continue;
    out.push(fileFact(f.path, 1, 'config-file', 'configuration file'));
  }
  for (const unit of project.python) {
    if (unit.kind === 'module' && isPythonSettingsFile(unit))
      out.push(fileFact(unit.path, 1, 'config-file', 'settings written as Python assignments'));
  }
  return out;
}

const SETTINGS_FOLDER = /(^|\/)(configs?|conf)\/(?!__init__\.py$)[^/]+\.py$/;

/**
 * A Python file of settings in a config folder (`config/train_gpt2.py`: `batch_size = 12`,
 * `learning_rate = 6e-4`, ...): at least three top-level names bound to literals (or arithmetic on them), no
 * function or class, and such assignments for most of its statements.
 */
function isPythonSettingsFile(unit: PythonUnit): boolean {
  if (!SETTINGS_FOLDER.test(unit.path)) return false;
  let settings = 0;
  let other = 0;
  for (const st of unit.module.body) {
    if (st.kind === 'FunctionDef' || st.kind === 'ClassDef') return false;
    if (st.kind === 'Import' || (st.kind === 'Expr' && st.value.kind === 'Constant')) continue;
    if (st.kind === 'Assign' && st.targets.every((t) => t.kind === 'Name') && st.value && isLiteral(st.value))
      settings++;
    else other++;
  }
  return settings >= 3 && settings >= 2 * other;
}

function isLiteral(e: Expr): boolean {
  switch (e.kind) {
    case 'Constant':
      return true;
    case 'Unary':
      return isLiteral(e.operand);
    case 'Binary':
      return isLiteral(e.left) && isLiteral(e.right);
    case 'List':
    case 'Tuple':
    case 'Set':
      return e.elts.every(isLiteral);
    case 'Dict':
      return e.items.every((i) => (!i.key || isLiteral(i.key)) && isLiteral(i.value));
    default:
      return false;
  }
}

/** The facts of some kinds, in place order. */
export function factsOf(index: FactIndex, ...kinds: FactKind[]): Fact[] {
  const out: Fact[] = [];
  for (const k of kinds) out.push(...(index.get(k) ?? []));
  return kinds.length > 1 ? out.sort(compareFacts) : out;
}
