// "Extract to config": the literal hyperparameters (ML401) and data paths (ML402) of one training
// script move into the project's YAML config, under a section named after the script; the script loads
// that section once after its imports and reads each value where its literal was. Values keep their
// type (`1.0` stays a float, strings are quoted so PyYAML's YAML 1.1 reads `yes` as a string), and an
// existing config keeps its bytes: a new section is appended, an existing one edited with `yaml`, which
// keeps comments and order.
//
// Notebooks get the same fix on demand (ML401/ML402 leave notebooks alone): the load goes after the last
// import before the first moved value, and the config is found from the working directory upwards, since
// a notebook has no `__file__` and Jupyter and VS Code run it in its own folder.
import { Document, Scalar, isMap, parseDocument } from 'yaml';
import type { Fix, NewFile, TextEdit } from '../model/findings';
import type { Expr } from '../python/ast';
import type { ProjectModel } from '../project/model';
import type { ProjectIndex, ProjectUnitDerivation, UnitIndex } from '../semantic/index';
import type { ImportStmt } from '../python/ast';
import { isTestPath } from '../project/testFiles';
import { importEdit, insertAt, nameUsed, replaceSpan } from './source';
import { CONFIG_NAME, EXTRACT_CONFIG_TITLE } from './extractConfigTitle';

export { EXTRACT_CONFIG_TITLE };

/** Where the config goes when the project has none. */
const DEFAULT_CONFIG_PATH = 'configs/params.yaml';

/** YAML configs a fix may extend, best first: `configs/`, `config/`, `conf/`, then a top-level params file. */
const CONFIG_YAML = [/^configs\/[^/]+\.ya?ml$/, /^config\/[^/]+\.ya?ml$/, /^conf\/[^/]+\.ya?ml$/, /^params\.ya?ml$/];

/** The project's YAML config a fix extends, if it has one. */
function projectConfigYaml(project: ProjectModel): string | undefined {
  for (const re of CONFIG_YAML) {
    const found = [...project.texts.keys()].filter((p) => re.test(p)).sort()[0];
    if (found) return found;
  }
  return undefined;
}

/** A Python literal as a YAML scalar with the same value and type, or undefined when there is none. */
function yamlScalar(e: Expr, text: string): Scalar | undefined {
  let value: number | string;
  if (e.kind === 'Constant' && e.type === 'str' && typeof e.value === 'string') {
    const s = new Scalar(e.value);
    s.type = 'QUOTE_DOUBLE';
    return s;
  }
  if (e.kind === 'Constant' && e.type === 'number' && typeof e.value === 'number') value = e.value;
  else if (e.kind === 'Unary' && e.op === '-' && e.operand.kind === 'Constant' && typeof e.operand.value === 'number')
    value = -e.operand.value;
  else return undefined;
  if (!Number.isFinite(value) || /[xXoObBjJ]/.test(text)) return undefined;
  // PyYAML reads `1e-07` as a string: such numbers stay in code.
  if (/e/i.test(String(value))) return undefined;
  const isFloat = /[.eE]/.test(text);
  if (!isFloat && !Number.isSafeInteger(value)) return undefined;
  const s = new Scalar(value);
  if (isFloat && Number.isInteger(value)) s.minFractionDigits = 1;
  return s;
}

/** `XGBClassifier` → `xgb_classifier`, `data/train.csv` → `train`. */
function snakeKey(label: string): string {
  const key = label
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z_]/.test(key) ? key : `k_${key}`;
}

/** One value to move: the literal's span, its group and key, and the scalar. */
interface Moved {
  expr: Expr;
  group: string;
  key: string;
  scalar: Scalar;
}

/** The fix for one unit, computed once per analysis and shared by ML401 and ML402. */
export function extractConfigFix(project: ProjectIndex, unit: UnitIndex): Fix | undefined {
  return project.getFor(EXTRACT_CONFIG_FIX, unit);
}

/** The on-demand "extract to config" of one notebook: the fix, and how many values it moves. */
export interface NotebookConfigAction {
  /** The notebook's path relative to the project root. */
  path: string;
  fix: Fix;
  /** How many literal hyperparameters and data paths move into the config. */
  values: number;
}

/**
 * The extract-to-config fix of each notebook of a project past Level 1 (tests aside) that has literal
 * hyperparameters or data paths to move, or only of the notebook at `path` when given. ML401 and ML402
 * stay quiet in notebooks, so this is what an editor offers on demand in a notebook cell and what the
 * Level view's "Extract to Config" weighs against the scripts' findings.
 */
export function notebookConfigActions(project: ProjectIndex, path?: string): NotebookConfigAction[] {
  if (!project.stage.pastLevelOne) return [];
  const out: NotebookConfigAction[] = [];
  for (const index of project.units) {
    const unit = index.unit;
    if (unit.kind !== 'notebook' || isTestPath(unit.path) || (path !== undefined && unit.path !== path)) continue;
    const built = project.getFor(EXTRACT_CONFIG_PLAN, index);
    if (built) out.push({ path: unit.path, fix: built.fix, values: built.values });
  }
  return out;
}

/** How many literal values the fix would move out of a unit now (0 once they read the config). */
export function extractableValues(unit: UnitIndex): number {
  return movedValues(unit).length;
}

const EXTRACT_CONFIG_PLAN: ProjectUnitDerivation<{ fix: Fix; values: number } | undefined> = {
  name: 'extractConfigPlan',
  compute: (project, unit) => buildFix(unit, project.project),
};

const EXTRACT_CONFIG_FIX: ProjectUnitDerivation<Fix | undefined> = {
  name: 'extractConfigFix',
  compute: (project, unit) => project.getFor(EXTRACT_CONFIG_PLAN, unit)?.fix,
};

/** The literal hyperparameters and data paths of a unit that can move into YAML, with their keys. */
function movedValues(index: UnitIndex): Moved[] {
  const unit = index.unit;
  const moved: Moved[] = [];
  const used = new Map<string, Set<string>>();
  const claim = (group: string, key: string) => {
    const keys = used.get(group) ?? new Set<string>();
    used.set(group, keys);
    let k = key;
    for (let i = 2; keys.has(k); i++) k = `${key}_${i}`;
    keys.add(k);
    return k;
  };
  const groups = new Set<string>();
  for (const site of index.hyperparameterSites) {
    let group = snakeKey(site.label);
    for (let i = 2; groups.has(group); i++) group = `${snakeKey(site.label)}_${i}`;
    groups.add(group);
    for (const k of site.literals) {
      const scalar = yamlScalar(k.value, unit.text(k.value));
      if (scalar) moved.push({ expr: k.value, group, key: claim(group, k.name!), scalar });
    }
  }
  for (const lit of index.dataPathLiterals) {
    if (lit.literal.kind !== 'Constant' || lit.literal.type !== 'str') continue;
    const scalar = yamlScalar(lit.literal, unit.text(lit.literal));
    const file = lit.text
      .split('/')
      .pop()!
      .replace(/\.[^.]*$/, '');
    if (scalar) moved.push({ expr: lit.literal, group: 'data', key: claim('data', snakeKey(file || 'path')), scalar });
  }
  return moved;
}

/** The import statement that binds `name` to `qualified`, or null when `name` is bound to something else. */
function binding(unit: UnitIndex['unit'], name: string, qualified: string): ImportStmt | undefined | null {
  const b = unit.imports.byName.get(name);
  if (!b) return undefined;
  return b.qualified === qualified ? b.statement : null;
}

function buildFix(index: UnitIndex, project: ProjectModel): { fix: Fix; values: number } | undefined {
  const unit = index.unit;
  if (nameUsed(unit, CONFIG_NAME)) return undefined;
  const moved = movedValues(index);
  if (moved.length === 0) return undefined;
  const notebook = unit.kind === 'notebook';

  const prefix = project.relativeRoot ? `${project.relativeRoot}/` : '';
  const rel = unit.path.startsWith(prefix) ? unit.path.slice(prefix.length) : unit.path;
  // One section per script or notebook, named by its path (`src/churn/train.py` → `churn_train`,
  // `notebooks/explore.ipynb` → `notebooks_explore`), so they never share keys.
  const section = snakeKey(
    rel
      .replace(/\.(py|ipynb)$/, '')
      .replace(/^src\//, '')
      .replace(/\//g, '_'),
  );

  // The load goes after the last import: in a script, all imports come before any code; in a notebook,
  // imports often sit in several cells, and the last one before the first moved value is the place.
  const firstUse = Math.min(...moved.map((m) => m.expr.from));
  const imports = unit.module.body.filter((s) => s.kind === 'Import' && (!notebook || s.to <= firstUse));
  const lastImport = imports[imports.length - 1];
  if (!lastImport) return undefined;
  if (!notebook) {
    const firstCode = unit.module.body.find(
      (s) => s.kind !== 'Import' && !(s.kind === 'Expr' && s.value.kind === 'Constant' && s.value.type === 'str'),
    );
    if (firstCode && firstCode.from < lastImport.from) return undefined;
  }
  const yamlImport = binding(unit, 'yaml', 'yaml');
  const pathImport = binding(unit, 'Path', 'pathlib.Path');
  if (pathImport === null) return undefined;
  // A notebook that imports them only further down would not have them yet where the config is loaded.
  if ((yamlImport && yamlImport.to > lastImport.to) || (pathImport && pathImport.to > lastImport.to)) return undefined;

  const existing = projectConfigYaml(project);
  const configPath = existing ?? DEFAULT_CONFIG_PATH;
  // A notebook's data paths are relative to its folder, where Jupyter and VS Code run it: the config says so.
  const reader =
    notebook && moved.some((m) => m.group === 'data') ? `${rel}; its data paths are relative to its folder` : rel;
  const config = writeConfig(existing ? (project.texts.get(existing) ?? '') : undefined, section, moved, reader);
  if (!config) return undefined;

  const edits: TextEdit[] = [];
  const needYaml = !yamlImport;
  const newImports = [needYaml ? 'import yaml' : '', pathImport ? '' : 'from pathlib import Path'].filter(Boolean);
  for (const line of newImports) {
    const e = importEdit(unit, line, lastImport.to + 1);
    if (e) edits.push(e);
  }
  const parts = configPath
    .split('/')
    .map((p) => JSON.stringify(p))
    .join(' / ');
  const read = `.read_text(encoding="utf-8"))[${JSON.stringify(section)}]`;
  const load = notebook
    ? `\n\n# Hyperparameters and data paths of this notebook, from ${configPath}. A notebook has no __file__:\n` +
      "# the file is looked up from the working directory (the notebook's folder in Jupyter and VS Code) upwards.\n" +
      `${CONFIG_NAME} = yaml.safe_load(\n    next(d / ${parts} for d in (Path.cwd(), *Path.cwd().parents) ` +
      `if (d / ${parts}).is_file())\n    ${read.replace(/\)\[/, '\n)[')}`
    : `\n\n# Hyperparameters and data paths of this script, from ${configPath}.\n${CONFIG_NAME} = ` +
      `yaml.safe_load((Path(__file__).resolve().parents[${rel.split('/').length - 1}] / ${parts})${read}`;
  edits.push(insertAt(unit, lastImport.to, load));
  for (const m of config.keys)
    edits.push(replaceSpan(unit, m.expr, `${CONFIG_NAME}[${JSON.stringify(m.group)}][${JSON.stringify(m.key)}]`));
  const newFiles: NewFile[] = [];
  if (existing) edits.push(wholeFile(prefix + existing, project.texts.get(existing) ?? '', config.text));
  else newFiles.push({ path: prefix + configPath, content: config.text });
  // Safe when the code already imports yaml; otherwise it gains a dependency that may not be installed.
  const fix: Fix = {
    title: EXTRACT_CONFIG_TITLE,
    isPreferred: true,
    safety: needYaml ? 'unsafe' : 'safe',
    edits,
    newFiles,
  };
  return { fix, values: config.keys.length };
}

/**
 * The config text with the values added under `section`, or undefined when the existing config cannot
 * take them (not a mapping, or a key that already holds another value). Keys already holding the same
 * value are reused.
 */
function writeConfig(
  existing: string | undefined,
  section: string,
  moved: Moved[],
  script: string,
): { text: string; keys: Moved[] } | undefined {
  const fresh = new Document({});
  fresh.commentBefore = existing === undefined ? ' Settings of the training code, read with yaml.safe_load.' : null;
  for (const m of moved) fresh.setIn([section, m.group, m.key], m.scalar);
  const block = fresh.get(section, true);
  if (isMap(block)) block.commentBefore = ` Read by ${script}.`;
  if (existing === undefined) return { text: fresh.toString(), keys: moved };
  const parsed = parsedConfig(existing);
  if (parsed.errors.length > 0 || (parsed.contents !== null && !isMap(parsed.contents))) return undefined;
  if (!parsed.hasIn([section])) {
    // A new section is appended: the file's own bytes stay as they are.
    const sep = existing === '' || existing.endsWith('\n\n') ? '' : existing.endsWith('\n') ? '\n' : '\n\n';
    return { text: `${existing}${sep}${fresh.toString()}`, keys: moved };
  }
  const doc = parseDocument(existing); // edited: a copy of its own
  for (const m of moved) {
    const have = doc.getIn([section, m.group, m.key], true);
    if (have === undefined) doc.setIn([section, m.group, m.key], m.scalar);
    else if (!(have instanceof Scalar) || have.value !== m.scalar.value) return undefined;
  }
  return { text: doc.toString(), keys: moved };
}

/** The last config parsed, read and never edited: every training script of a project checks the same one. */
let lastParsed: { text: string; doc: Document.Parsed } | undefined;

function parsedConfig(text: string): Document.Parsed {
  if (lastParsed?.text !== text) lastParsed = { text, doc: parseDocument(text) };
  return lastParsed.doc;
}

/** An edit that replaces a whole file's text. */
function wholeFile(path: string, text: string, newText: string): TextEdit {
  const lines = text.split(/\r\n|\r|\n/);
  return {
    range: { path, startLine: 1, startColumn: 1, endLine: lines.length, endColumn: lines[lines.length - 1].length + 1 },
    newText,
  };
}
