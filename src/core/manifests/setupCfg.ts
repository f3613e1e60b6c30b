// setup.cfg `[options] install_requires` and `[options.extras_require]`.
// Read with a small reader that follows Python's configparser: the `ini` package drops the indented
// continuation lines that setuptools lists are written in, and would lose every dependency but the first.
import { type Dependency, type Manifest, isDevGroup } from './manifest';
import { requirementLine } from './requirements';

/** One key of a configparser section: its first line and every value line with its number. */
export interface CfgEntry {
  line: number;
  values: Array<{ text: string; line: number }>;
}

/** Sections (names as written) → keys (lower case, as configparser stores them) → entries. */
export type CfgSections = Map<string, Map<string, CfgEntry>>;

/** Parses configparser-style text. Never throws; lines it cannot place are passed over. */
export function parseCfg(text: string): CfgSections {
  const sections: CfgSections = new Map();
  let section: Map<string, CfgEntry> | undefined;
  let entry: CfgEntry | undefined;
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = i + 1;
    if (/^\s*[#;]/.test(raw)) return;
    if (!raw.trim()) {
      // configparser keeps blank lines inside a value; they add nothing to a list.
      return;
    }
    const header = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (header) {
      section = sections.get(header[1].trim()) ?? new Map();
      sections.set(header[1].trim(), section);
      entry = undefined;
      return;
    }
    if (/^\s/.test(raw)) {
      if (entry) entry.values.push({ text: raw.trim(), line });
      return;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (!kv || !section) {
      entry = undefined;
      return;
    }
    entry = { line, values: kv[2].trim() ? [{ text: kv[2].trim(), line }] : [] };
    section.set(kv[1].trim().toLowerCase(), entry);
  });
  return sections;
}

/** The manifest of a setup.cfg, or undefined when it declares no dependencies (a tool-settings-only file). */
export function setupCfgManifest(path: string, text: string): Manifest | undefined {
  const sections = parseCfg(text);
  const options = sections.get('options');
  const install = options?.get('install_requires');
  const extras = sections.get('options.extras_require');
  if (!install && !extras) return undefined;
  const deps: Dependency[] = [];
  const add = (entry: CfgEntry | undefined, dev: boolean, group?: string) => {
    for (const v of entry?.values ?? []) {
      // `file:` and `attr:` point elsewhere; the requirements file named is read on its own.
      if (/^(file|attr):/.test(v.text)) continue;
      const dep = requirementLine(v.text.replace(/(^|\s)#.*$/, ''), dev, v.line);
      if (dep) deps.push(group ? { ...dep, group } : dep);
    }
  };
  add(install, false);
  for (const [name, entry] of extras ?? []) add(entry, isDevGroup(name), name);
  add(options?.get('tests_require'), true, 'tests');
  const manifest: Manifest = { path, kind: 'setup.cfg', dependencies: deps };
  const python = options?.get('python_requires')?.values[0]?.text;
  if (python) manifest.python = python;
  return manifest;
}
