// Loads the project configuration from `.mlcoach.yaml` / `.mlcoach.yml` or `[tool.mlcoach]` in pyproject.toml.
//
// Precedence: a `.mlcoach.yaml` (or, failing that, `.mlcoach.yml`) is the whole configuration and
// `[tool.mlcoach]` is then not read, as ruff does with `ruff.toml` over `pyproject.toml`: one file decides,
// nothing is merged behind the user's back. Editor settings and CLI flags are merged on top (`mergeConfig`).
//
// Keys (kebab-case or snake_case): exclude, disable, severity, target-level, max-file-size, max-notebook-size.
// Any unknown key or invalid value is a ConfigError naming the file, the key and the line.
import { parse as parseToml, TomlError } from 'smol-toml';
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { YAML_MAX_ALIAS_COUNT, YAML_TO_JS, isAliasBomb } from '../fs/yamlLimits';
import type { Node as YamlNode } from 'yaml';
import { SEVERITY_ORDER, type Severity } from '../model/findings';
import { DEFAULT_CONFIG, type MlcoachConfig } from './config';
import { TomlLines } from '../manifests/tomlLines';
import { globRisk } from '../discovery/glob';

/** A configuration error, naming file, key and line. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly key: string,
    readonly line: number | undefined,
    message: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${key ? `${key}: ` : ''}${message}`);
    this.name = 'ConfigError';
  }
}

/** The configuration files, in the order they are looked for. */
export const CONFIG_FILES = ['.mlcoach.yaml', '.mlcoach.yml', 'pyproject.toml'] as const;

/** The rules a configuration may name: codes and names. */
export interface KnownRule {
  code: string;
  name: string;
}

/** Options of `loadConfig`. */
export interface LoadConfigOptions {
  /** When given, `disable` and `severity` keys must name one of these rules (by code or name). */
  knownRules?: readonly KnownRule[];
}

/** Reads the configuration from a project's files (given as path → text). Throws ConfigError when invalid. */
export function loadConfig(
  readText: (path: string) => string | undefined,
  options: LoadConfigOptions = {},
): MlcoachConfig {
  for (const file of ['.mlcoach.yaml', '.mlcoach.yml']) {
    const text = readText(file);
    if (text !== undefined) return fromYaml(file, text, options);
  }
  const pyproject = readText('pyproject.toml');
  if (pyproject !== undefined) {
    const config = fromPyproject('pyproject.toml', pyproject, options);
    if (config) return config;
  }
  return { ...DEFAULT_CONFIG };
}

type Locate = (key: string, sub?: string) => number | undefined;

function fromYaml(file: string, text: string, options: LoadConfigOptions): MlcoachConfig {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new ConfigError(file, '', e.linePos?.[0]?.line, `not valid YAML: ${e.message.split('\n')[0]}`);
  }
  const root = doc.contents;
  const lineOf = (node: YamlNode | null | undefined): number | undefined =>
    node?.range ? counter.linePos(node.range[0]).line : undefined;
  if (root === null || (isScalar(root) && (root.value === null || root.value === undefined)))
    return { ...DEFAULT_CONFIG, source: file };
  if (!isMap(root))
    throw new ConfigError(
      file,
      '',
      lineOf(root),
      'expected a mapping of settings (exclude, disable, severity, target-level, max-file-size, max-notebook-size)',
    );
  const keyLines = new Map<string, number | undefined>();
  const subLines = new Map<string, number | undefined>();
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    keyLines.set(key, lineOf(pair.key as YamlNode));
    if (isMap(pair.value)) {
      for (const sub of pair.value.items)
        subLines.set(
          `${key}\u0000${isScalar(sub.key) ? String(sub.key.value) : String(sub.key)}`,
          lineOf(sub.key as YamlNode),
        );
    }
    if (isSeq(pair.value))
      for (const [i, item] of pair.value.items.entries()) subLines.set(`${key}\u0000#${i}`, lineOf(item as YamlNode));
  }
  const locate: Locate = (key, sub) =>
    sub === undefined ? keyLines.get(key) : (subLines.get(`${key}\u0000${sub}`) ?? keyLines.get(key));
  let raw: Record<string, unknown>;
  try {
    raw = doc.toJS(YAML_TO_JS) as Record<string, unknown>;
  } catch (e) {
    // Name the first setting whose value cannot be read on its own (an alias bomb sits in one key).
    for (const pair of root.items) {
      try {
        (pair.value as YamlNode | null)?.toJS(doc, YAML_TO_JS);
      } catch {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        throw new ConfigError(
          file,
          key,
          lineOf(pair.key as YamlNode),
          isAliasBomb(e)
            ? `too many aliases (anchors expanded more than ${YAML_MAX_ALIAS_COUNT} times)`
            : (e as Error).message.split('\n')[0],
        );
      }
    }
    throw new ConfigError(
      file,
      '',
      lineOf(root),
      isAliasBomb(e)
        ? `too many aliases (anchors expanded more than ${YAML_MAX_ALIAS_COUNT} times)`
        : (e as Error).message.split('\n')[0],
    );
  }
  return validate(file, raw, locate, options);
}

function fromPyproject(file: string, text: string, options: LoadConfigOptions): MlcoachConfig | undefined {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (e) {
    // A broken pyproject.toml is the manifest reader's to report, unless it meant to configure us.
    if (!/^\s*\[\s*tool\s*\.\s*mlcoach\b/m.test(text) && !/^\s*tool\s*\.\s*mlcoach\b/m.test(text)) return undefined;
    const line = e instanceof TomlError ? e.line : undefined;
    throw new ConfigError(
      file,
      'tool.mlcoach',
      line,
      `not valid TOML: ${(e as Error).message.split('\n')[0].replace(/^Invalid TOML document: /, '')}`,
    );
  }
  const tool = doc.tool as Record<string, unknown> | undefined;
  if (!tool || typeof tool !== 'object' || !('mlcoach' in tool)) return undefined;
  const section = tool.mlcoach;
  const lines = new TomlLines(text);
  const locate: Locate = (key, sub) => {
    if (sub !== undefined && !sub.startsWith('#'))
      return lines.keyLine(`tool.mlcoach.${key}`, sub) ?? lines.keyLine('tool.mlcoach', key);
    return lines.keyLine('tool.mlcoach', key) ?? lines.tableLine('tool.mlcoach');
  };
  if (typeof section !== 'object' || section === null || Array.isArray(section)) {
    throw new ConfigError(file, 'tool.mlcoach', lines.keyLine('tool', 'mlcoach'), 'expected a table of settings');
  }
  return validate(`${file} [tool.mlcoach]`, section as Record<string, unknown>, locate, options);
}

/** Canonical key for a kebab-case or snake_case spelling. */
function canonical(key: string): string {
  return key.replace(/_/g, '-');
}

/** The most `max-file-size` may be set to: a configuration from a stranger cannot lift the limits without bound. */
const MAX_FILE_SIZE_CEILING = 64 * 1024 * 1024;
/** The most `max-notebook-size` may be set to. */
const MAX_NOTEBOOK_SIZE_CEILING = 512 * 1024 * 1024;

const KEYS = new Set(['exclude', 'disable', 'severity', 'target-level', 'max-file-size', 'max-notebook-size']);

function validate(
  file: string,
  raw: Record<string, unknown>,
  locate: Locate,
  options: LoadConfigOptions,
): MlcoachConfig {
  const config: MlcoachConfig = { ...DEFAULT_CONFIG, exclude: [], disable: [], severity: {}, source: file };
  const seen = new Map<string, string>();
  const known = options.knownRules;
  const checkRule = (key: string, rule: string, sub: string) => {
    if (!known) return;
    if (!known.some((r) => r.code.toLowerCase() === rule.toLowerCase() || r.name === rule)) {
      throw new ConfigError(
        file,
        key,
        locate(key, sub),
        `unknown rule '${rule}' (expected a rule code such as ML101 or a rule name; \`mlcoach rules\` lists them)`,
      );
    }
  };
  for (const [key, value] of Object.entries(raw)) {
    const name = canonical(key);
    if (!KEYS.has(name))
      throw new ConfigError(file, key, locate(key), `unknown setting (expected one of: ${[...KEYS].join(', ')})`);
    if (seen.has(name)) throw new ConfigError(file, key, locate(key), `set twice (also as '${seen.get(name)}')`);
    seen.set(name, key);
    switch (name) {
      case 'exclude':
        config.exclude = stringList(file, key, value, locate);
        config.exclude.forEach((glob, i) => {
          const risk = globRisk(glob.trim());
          if (risk) throw new ConfigError(file, key, locate(key, `#${i}`), `'${glob}': ${risk}`);
        });
        break;
      case 'disable':
        config.disable = stringList(file, key, value, locate);
        for (const [i, r] of config.disable.entries()) checkRule(key, r, `#${i}`);
        break;
      case 'severity': {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          throw new ConfigError(
            file,
            key,
            locate(key),
            'expected a mapping of rule code or name to error, warning, info, hint or off',
          );
        }
        for (const [rule, given] of Object.entries(value)) {
          // YAML 1.1 readers turn a bare `off` into false; accept what the user meant.
          const sev = given === false ? 'off' : given;
          if (typeof sev !== 'string' || !(SEVERITY_ORDER as readonly string[]).concat('off').includes(sev)) {
            throw new ConfigError(
              file,
              `${key}.${rule}`,
              locate(key, rule),
              `${describeValue(sev)} is not a severity (expected error, warning, info, hint or off)`,
            );
          }
          checkRule(`${key}.${rule}`, rule, rule);
          config.severity[rule] = sev as Severity | 'off';
        }
        break;
      }
      case 'target-level':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 5) {
          throw new ConfigError(
            file,
            key,
            locate(key),
            `${describeValue(value)} is not a level (expected a whole number from 1 to 5)`,
          );
        }
        config.targetLevel = value;
        break;
      case 'max-file-size': {
        const bytes = parseSize(value);
        if (bytes === undefined)
          throw new ConfigError(
            file,
            key,
            locate(key),
            `${describeValue(value)} is not a size (expected bytes, or a number with KB, MB or GB, e.g. "2MB")`,
          );
        if (bytes > MAX_FILE_SIZE_CEILING)
          throw new ConfigError(
            file,
            key,
            locate(key),
            `at most ${MAX_FILE_SIZE_CEILING / 1024 / 1024}MB (a larger file would hold the analysis for minutes)`,
          );
        config.maxFileSize = bytes;
        break;
      }
      case 'max-notebook-size': {
        const bytes = parseSize(value);
        if (bytes === undefined)
          throw new ConfigError(
            file,
            key,
            locate(key),
            `${describeValue(value)} is not a size (expected bytes, or a number with KB, MB or GB, e.g. "64MB")`,
          );
        if (bytes > MAX_NOTEBOOK_SIZE_CEILING)
          throw new ConfigError(file, key, locate(key), `at most ${MAX_NOTEBOOK_SIZE_CEILING / 1024 / 1024}MB`);
        config.maxNotebookSize = bytes;
        break;
      }
    }
  }
  return config;
}

/** A value as a message names it: a string or number quoted, a table or list by its kind (never `[object Object]`). */
function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a table (mapping)';
  return `'${String(value)}'`;
}

function stringList(file: string, key: string, value: unknown, locate: Locate): string[] {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) throw new ConfigError(file, key, locate(key), 'expected a list of strings');
  value.forEach((v, i) => {
    if (typeof v !== 'string' || !v.trim())
      throw new ConfigError(file, key, locate(key, `#${i}`), `item ${i + 1} is not a non-empty string`);
  });
  return value as string[];
}

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/**
 * Bytes from `2097152`, `"2MB"`, `"1.5 mb"`, `"512KiB"` (units are powers of 1024); undefined when invalid or not
 * positive.
 */
export function parseSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  if (!m || !(m[2].toLowerCase() in UNITS)) return undefined;
  const bytes = Math.round(parseFloat(m[1]) * UNITS[m[2].toLowerCase()]);
  return bytes > 0 ? bytes : undefined;
}
