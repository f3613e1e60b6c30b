// Paths named in a project's configuration files. A script that writes `params["output"]` of
// `yaml.safe_load(f)["preprocess"]` and another that reads `params["data"]` of `...["train"]` name one file under two
// keys (the DVC template's `params.yaml`); the flow knows each by its keys (`config:output`, see `constString`), and
// the YAML file says which path both hold, so the writer and the reader meet at the file itself.
import { parse } from 'yaml';
import { YAML_TO_JS } from '../fs/yamlLimits';
import { CONFIG_PATH, DATA_FILE } from './paths';

/** A string a configuration holds, with the keys leading to it. */
interface Leaf {
  keys: string[];
  value: string;
}

/** YAML files a configuration may be: not CI workflows, compose files or manifests of a cluster. */
const NOT_CONFIG = new RegExp(
  String.raw`(^|/)(\.github|\.gitlab|k8s|kubernetes|helm|charts|deploy|manifests)/` +
    String.raw`|(^|/)(docker-compose|compose|mkdocs|\.pre-commit)[^/]*$`,
  'i',
);
/** Bounds on what is read: files, and strings kept per file. */
const MAX_FILES = 32;
const MAX_LEAVES = 2000;

const LEAVES = new WeakMap<object, Leaf[]>();

/** The strings the project's YAML configuration files hold, by their keys (read once per project). */
function leavesOf(texts: ReadonlyMap<string, string>): Leaf[] {
  const had = LEAVES.get(texts);
  if (had) return had;
  const out: Leaf[] = [];
  let files = 0;
  for (const [path, text] of texts) {
    if (!/\.ya?ml$/i.test(path) || NOT_CONFIG.test(path)) continue;
    if (++files > MAX_FILES) break;
    let doc: unknown;
    try {
      doc = parse(text, YAML_TO_JS);
    } catch {
      continue;
    }
    const start = out.length;
    const walk = (v: unknown, keys: string[]) => {
      if (out.length - start >= MAX_LEAVES || keys.length > 8) return;
      if (typeof v === 'string') out.push({ keys, value: v });
      else if (v && typeof v === 'object' && !Array.isArray(v))
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, [...keys, k]);
    };
    walk(doc, []);
  }
  LEAVES.set(texts, out);
  return out;
}

/**
 * The data file a configuration path (`config:preprocess.output`, `config:output`) names: the one value every string
 * under keys ending so holds, when that value is a data file's path; else the path as given.
 */
export function resolveConfigPath(path: string, texts: ReadonlyMap<string, string> | undefined): string {
  if (!texts || !path.startsWith(CONFIG_PATH)) return path;
  const keys = path.slice(CONFIG_PATH.length).split('.');
  const values = new Set<string>();
  for (const l of leavesOf(texts)) {
    if (l.keys.length < keys.length) continue;
    const tail = l.keys.slice(l.keys.length - keys.length);
    if (tail.every((k, i) => k === keys[i])) values.add(l.value);
    if (values.size > 1) return path;
  }
  const [value] = values;
  return value && DATA_FILE.test(value) ? value : path;
}
