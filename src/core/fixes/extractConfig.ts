// "Extract to config": the literal hyperparameters (ML401) and data paths (ML402) of one training
// script move into the project's YAML config, under a section named after the script; the script loads
// that section once after its imports and reads each value where its literal was. Values keep their
// type (`1.0` stays a float, strings are quoted so PyYAML's YAML 1.1 reads `yes` as a string), and an
// existing config keeps its bytes: a new section is appended, an existing one edited with `yaml`, which
// keeps comments and order.
import { Document, Scalar, isMap, parseDocument } from 'yaml';
import type { Fix, NewFile, TextEdit } from '../model/findings';
import type { Expr } from '../python/ast';
import type { ProjectModel } from '../project/model';
import type { ProjectIndex, ProjectUnitDerivation, UnitIndex } from '../semantic/index';
import { importEdit, insertAt, nameUsed, replaceSpan } from './source';
import { EXTRACT_CONFIG_TITLE } from './extractConfigTitle';

export { EXTRACT_CONFIG_TITLE };

/** Where the config goes when the project has none. */
const DEFAULT_CONFIG_PATH = 'configs/params.yaml';

/** The name the loaded section is bound to. */
const CONFIG_NAME = 'CONFIG';

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

const EXTRACT_CONFIG_FIX: ProjectUnitDerivation<Fix | undefined> = {
  name: 'extractConfigFix',
  compute: (project, unit) => buildFix(unit, project.project),
};

function buildFix(index: UnitIndex, project: ProjectModel): Fix | undefined {
  const unit = index.unit;
  if (unit.kind !== 'module' || nameUsed(unit, CONFIG_NAME)) return undefined;
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
  if (moved.length === 0) return undefined;

  const prefix = project.relativeRoot ? `${project.relativeRoot}/` : '';
  const rel = unit.path.startsWith(prefix) ? unit.path.slice(prefix.length) : unit.path;
  // One section per script, named by its path (`src/churn/train.py` → `churn_train`), so scripts never share keys.
  const section = snakeKey(
    rel
      .replace(/\.py$/, '')
      .replace(/^src\//, '')
      .replace(/\//g, '_'),
  );
  const existing = projectConfigYaml(project);
  const configPath = existing ?? DEFAULT_CONFIG_PATH;
  const config = writeConfig(existing ? (project.texts.get(existing) ?? '') : undefined, section, moved, rel);
  if (!config) return undefined;

  const edits: TextEdit[] = [];
  const imports = unit.module.body.filter((s) => s.kind === 'Import');
  const lastImport = imports[imports.length - 1];
  const firstCode = unit.module.body.find(
    (s) => s.kind !== 'Import' && !(s.kind === 'Expr' && s.value.kind === 'Constant' && s.value.type === 'str'),
  );
  if (!lastImport || (firstCode && firstCode.from < lastImport.from)) return undefined;
  const needYaml = unit.imports.byName.get('yaml')?.qualified !== 'yaml';
  const pathBound = unit.imports.byName.get('Path')?.qualified === 'pathlib.Path';
  if (!pathBound && unit.imports.byName.has('Path')) return undefined;
  const newImports = [needYaml ? 'import yaml' : '', pathBound ? '' : 'from pathlib import Path'].filter(Boolean);
  for (const line of newImports) {
    const e = importEdit(unit, line, lastImport.to + 1);
    if (e) edits.push(e);
  }
  const depth = rel.split('/').length - 1;
  const parts = configPath
    .split('/')
    .map((p) => JSON.stringify(p))
    .join(' / ');
  edits.push(
    insertAt(
      unit,
      lastImport.to,
      `\n\n# Hyperparameters and data paths of this script, from ${configPath}.\n${CONFIG_NAME} = ` +
        `yaml.safe_load((Path(__file__).resolve().parents[${depth}] ` +
        `/ ${parts}).read_text(encoding="utf-8"))[${JSON.stringify(section)}]`,
    ),
  );
  for (const m of config.keys)
    edits.push(replaceSpan(unit, m.expr, `${CONFIG_NAME}[${JSON.stringify(m.group)}][${JSON.stringify(m.key)}]`));
  const newFiles: NewFile[] = [];
  if (existing) edits.push(wholeFile(prefix + existing, project.texts.get(existing) ?? '', config.text));
  else newFiles.push({ path: prefix + configPath, content: config.text });
  // Safe when the script already imports yaml; otherwise it gains a dependency that may not be installed.
  return { title: EXTRACT_CONFIG_TITLE, isPreferred: true, safety: needYaml ? 'unsafe' : 'safe', edits, newFiles };
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
