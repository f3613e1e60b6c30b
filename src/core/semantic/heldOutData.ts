// Held-out data that sits outside the training code: split files in the repository, DVC pointers to
// them (the data itself is usually git-ignored), DVC stages and code that write them. A project whose
// data prep writes `data/test.csv` holds data out even when the training script only reads the train part.
import { parse as parseYaml } from 'yaml';
import { YAML_TO_JS } from '../fs/yamlLimits';
import type { Expr, ForStmt } from '../python/ast';
import { walkStatements } from '../python/walk';
import type { PythonUnit } from '../python/unit';
import type { ProjectModel } from '../project/model';
import { holdsTests } from '../project/testFiles';
import { type CallSite, type UnitCallView, isBuiltinCall, keywordOf } from './callFacts';
import { literalText } from './pathLiterals';
import { nameParts, namesHeldOutSplit } from '../libraries/heldOut';

/** Extensions of files that hold tabular, array or serialised data wherever they sit. */
const DATA_EXTENSIONS: ReadonlySet<string> = new Set([
  'csv',
  'tsv',
  'parquet',
  'pq',
  'feather',
  'jsonl',
  'ndjson',
  'npy',
  'npz',
  'pkl',
  'pickle',
  'h5',
  'hdf5',
  'hdf',
  'arrow',
  'tfrecord',
  'tfrecords',
  'xlsx',
  'xls',
  'libsvm',
  'svmlight',
  'arff',
]);

/** Extensions that only count as data inside a data folder (elsewhere they are configs, notes, reports). */
const DATA_IN_FOLDER_EXTENSIONS: ReadonlySet<string> = new Set(['json', 'txt', 'xml', 'dat']);

/** Files that make up a split folder (`images/val/0001.jpg`, `data/test/.gitkeep`). */
const SAMPLE_EXTENSIONS: ReadonlySet<string> = new Set([
  'jpg',
  'jpeg',
  'png',
  'bmp',
  'gif',
  'tif',
  'tiff',
  'webp',
  'wav',
  'mp3',
  'flac',
  'ogg',
  'mp4',
  'avi',
  'gitkeep',
]);

/** Compression suffixes looked through (`test.csv.gz`). */
const COMPRESSION = /\.(gz|bz2|xz|zip|zst)$/i;

/** Folders whose files are data. */
const DATA_FOLDERS: ReadonlySet<string> = new Set([
  'data',
  'dataset',
  'datasets',
  'input',
  'inputs',
  'raw',
  'processed',
  'interim',
  'external',
  'splits',
  'split',
  'corpus',
  'annotations',
  'labels',
  'features',
]);

/** Folders whose files are test material of the code or documentation, never held-out data. */
const NOT_DATA_FOLDERS: ReadonlySet<string> = new Set(['tests', 'testing', 'fixtures', '__snapshots__', 'docs', 'doc']);

/**
 * Split words that also name folders of tools and reports (`dev/`, `eval/plots/`): samples there count only inside a
 * data folder.
 */
const AMBIGUOUS_FOLDER_WORDS: ReadonlySet<string> = new Set(['dev', 'eval']);

/** Written files that are models or pictures, not data (`torch.save(model, "best_val.pt")`, a plot). */
const NOT_DATA_EXTENSIONS: ReadonlySet<string> = new Set([
  'pt',
  'pth',
  'ckpt',
  'onnx',
  'bin',
  'safetensors',
  'keras',
  'model',
  'joblib',
  'png',
  'jpg',
  'jpeg',
  'svg',
  'pdf',
  'html',
  'log',
  'md',
  'py',
]);

/**
 * A file name split into its stem and lower-case extension, looking through compression (`test.csv.gz` → test, csv).
 */
function splitName(name: string): { stem: string; ext: string } {
  const plain = name.replace(COMPRESSION, '');
  if (name.startsWith('.') && name.indexOf('.', 1) < 0) return { stem: '', ext: name.slice(1).toLowerCase() };
  const dot = plain.lastIndexOf('.');
  return dot > 0 ? { stem: plain.slice(0, dot), ext: plain.slice(dot + 1).toLowerCase() } : { stem: plain, ext: '' };
}

/** True when a path lies in test material of the code, documentation or a hidden folder. */
function inCodeTests(folders: string[]): boolean {
  return folders.some((f) => NOT_DATA_FOLDERS.has(f.toLowerCase()) || f.startsWith('.'));
}

/**
 * Why a project file is held-out data, or undefined: a data file or DVC pointer named for a split
 * (`data/test.csv`, `X_val.npy`, `data/holdout.parquet.dvc`), or a data file in a split folder
 * (`data/test/part-0.csv`, `images/val/0001.jpg`). `codeFolders` holds the folders with Python files in
 * them or below them: a `test/` folder of code is the code's tests, not a test split.
 */
export function heldOutFileReason(path: string, codeFolders: ReadonlySet<string>): string | undefined {
  const segments = path.split('/');
  const name = segments[segments.length - 1];
  const folders = segments.slice(0, -1);
  if (inCodeTests(folders)) return undefined;
  if (name.endsWith('.dvc') && name.length > 4) {
    const { stem, ext } = splitName(name.slice(0, -4));
    if ((ext === '' || DATA_EXTENSIONS.has(ext) || DATA_IN_FOLDER_EXTENSIONS.has(ext)) && namesHeldOutSplit(stem))
      return `${path} (DVC pointer to a held-out split)`;
    return undefined;
  }
  const { stem, ext } = splitName(name);
  const inDataFolder = folders.some((f) => DATA_FOLDERS.has(f.toLowerCase()));
  const isData = DATA_EXTENSIONS.has(ext) || (DATA_IN_FOLDER_EXTENSIONS.has(ext) && inDataFolder);
  if (isData && stem && namesHeldOutSplit(stem)) return path;
  const isSample = SAMPLE_EXTENSIONS.has(ext);
  if (!isData && !isSample) return undefined;
  for (let i = 0; i < folders.length; i++) {
    if (!namesHeldOutSplit(folders[i])) continue;
    if (
      !isData &&
      !inDataFolder &&
      !namesHeldOutSplit(
        nameParts(folders[i])
          .filter((p) => !AMBIGUOUS_FOLDER_WORDS.has(p))
          .join('_'),
      )
    )
      continue;
    // A `test/` folder with code in it (or below it) holds the code's tests.
    const folder = folders.slice(0, i + 1).join('/');
    if (codeFolders.has(folder)) continue;
    return `${folder}/`;
  }
  return undefined;
}

/** The first held-out data file among the project's discovered files. */
function heldOutProjectFile(project: ProjectModel): string | undefined {
  const codeFolders = new Set<string>();
  for (const f of project.files) {
    if (!/\.(py|ipynb)$/.test(f.path)) continue;
    for (let slash = f.path.lastIndexOf('/'); slash > 0; slash = f.path.lastIndexOf('/', slash - 1))
      codeFolders.add(f.path.slice(0, slash));
  }
  for (const f of project.files) {
    const reason = heldOutFileReason(f.path, codeFolders);
    if (reason) return reason;
  }
  return undefined;
}

/** The outputs of the stages of a `dvc.yaml`, as written there. */
function dvcStageOutputs(text: string): string[] {
  let doc: unknown;
  try {
    doc = parseYaml(text, YAML_TO_JS);
  } catch {
    return [];
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(doc) || !isObject(doc.stages)) return [];
  const out: string[] = [];
  for (const stage of Object.values(doc.stages)) {
    if (!isObject(stage) || !Array.isArray(stage.outs)) continue;
    for (const o of stage.outs) {
      if (typeof o === 'string') out.push(o);
      else if (isObject(o)) out.push(...Object.keys(o));
    }
  }
  return out;
}

/**
 * True when a written path (a literal's text, `{...}` for placeholders) names a held-out data file or
 * folder. Files without a data extension (`.txt`, `.json`, none) count only inside a data folder: a
 * notebook's scratch `open("test.txt", "w")` is not a test set.
 */
export function writtenPathIsHeldOut(text: string): boolean {
  const segments = text.split(/[\\/]+/).filter((s) => s && s !== '.' && s !== '..');
  if (!segments.length) return false;
  const name = segments[segments.length - 1];
  const folders = segments.slice(0, -1);
  if (inCodeTests(folders)) return false;
  const { stem, ext } = splitName(name);
  if (NOT_DATA_EXTENSIONS.has(ext)) return false;
  const inDataFolder = folders.some((f) => DATA_FOLDERS.has(f.toLowerCase()));
  if (!DATA_EXTENSIONS.has(ext) && !inDataFolder) return false;
  if (namesHeldOutSplit(stem.replace(/\{[^}]*\}/g, ' '))) return true;
  return folders.some((f) => !f.includes('{') && namesHeldOutSplit(f));
}

/** Methods that write the data they are called on to the file named by their first argument. */
const WRITE_METHODS = new Set([
  'to_csv',
  'to_parquet',
  'to_json',
  'to_pickle',
  'to_feather',
  'to_hdf',
  'to_excel',
  'to_orc',
  'write_csv',
  'write_parquet',
  'write_ipc',
  'write_ndjson',
  'write_json',
  'save_to_disk',
]);

/** Functions that write data to a file, with the position of the file argument. */
const WRITE_FUNCTIONS = new Map<string, number>([
  ['numpy.save', 0],
  ['numpy.savez', 0],
  ['numpy.savez_compressed', 0],
  ['numpy.savetxt', 0],
  ['joblib.dump', 1],
  ['pickle.dump', 1],
  ['torch.save', 1],
  ['shutil.copy', 1],
  ['shutil.copyfile', 1],
  ['shutil.copy2', 1],
  ['shutil.move', 1],
]);

/** Keywords that name the file of a write call. */
const FILE_KEYWORDS = ['path', 'path_or_buf', 'file', 'fname', 'filename', 'filepath', 'dst', 'dataset_path'];

/** The expression naming the file a call writes to, if the call writes data to a file. */
function writtenFile(site: CallSite, unit: PythonUnit): Expr | undefined {
  const call = site.call;
  const byKeyword = () => FILE_KEYWORDS.map((k) => keywordOf(call, k)?.value).find((v) => v !== undefined);
  if (isBuiltinCall(site, unit, 'open')) {
    const mode = call.args[1] ?? keywordOf(call, 'mode')?.value;
    if (mode?.kind !== 'Constant' || typeof mode.value !== 'string' || !/[wax]/.test(mode.value)) return undefined;
    return call.args[0] ?? keywordOf(call, 'file')?.value;
  }
  const position = site.qualified ? WRITE_FUNCTIONS.get(site.qualified) : undefined;
  if (position !== undefined) return call.args[position] ?? byKeyword();
  if (call.func.kind !== 'Attribute') return undefined;
  const method = call.func.attr;
  if (WRITE_METHODS.has(method)) return call.args[0] ?? byKeyword();
  // `Path("data/test.csv").write_text(...)`, `path.open("w")`.
  if (method === 'write_text' || method === 'write_bytes') return call.func.value;
  if (method === 'open') {
    const mode = call.args[0] ?? keywordOf(call, 'mode')?.value;
    if (mode && mode.kind === 'Constant' && typeof mode.value === 'string' && /[wax]/.test(mode.value))
      return call.func.value;
  }
  return undefined;
}

/** The literal text of a string or f-string, placeholders as `{...}`. */
function literalEnding(e: Expr, unit: PythonUnit): string | undefined {
  const text = literalText(e, unit);
  return text !== undefined && e.kind === 'Other' ? text.replace(/\{[^}]*\}/g, '{...}') : text;
}

/** Path builders whose last argument ends the path (`os.path.join(out, "test.csv")`, `Path(out, "test.csv")`). */
const JOINERS = new Set(['join', 'Path', 'PurePath', 'PosixPath', 'joinpath', 'with_name']);

/** Calls that pass a path through unchanged. */
const PASS_THROUGH = new Set(['str', 'fspath', 'expanduser', 'abspath', 'realpath', 'normpath', 'resolve', 'absolute']);

/** A string literal that ends a path, with its text (f-string placeholders as `{...}`). */
interface PathEnding {
  literal: Expr;
  text: string;
}

/** The string literals that end the path an expression evaluates to (following simple flows). */
function pathEndings(e: Expr, index: UnitCallView, depth = 0): PathEnding[] {
  const unit = index.unit;
  if (depth > 4) return [];
  const text = literalEnding(e, unit);
  if (text !== undefined) return [{ literal: e, text }];
  switch (e.kind) {
    case 'Name': {
      const defs = index.assignments.get(e.id) ?? [];
      return defs.flatMap((d) => (d.value ? pathEndings(d.value, index, depth + 1) : []));
    }
    case 'Binary':
      return e.op === '/' || e.op === '+' ? pathEndings(e.right, index, depth + 1) : [];
    case 'Call': {
      const f = e.func;
      const name = f.kind === 'Name' ? f.id : f.kind === 'Attribute' ? f.attr : undefined;
      const args = e.args.filter((a) => a.kind !== 'Starred');
      if (name && JOINERS.has(name) && args.length) return pathEndings(args[args.length - 1], index, depth + 1);
      if (name && PASS_THROUGH.has(name)) {
        if (args[0]) return pathEndings(args[0], index, depth + 1);
        if (f.kind === 'Attribute') return pathEndings(f.value, index, depth + 1);
      }
      return [];
    }
    default:
      return [];
  }
}

/** The string constants an expression lists: `("train", "test")`, `["val"]`, or a name assigned one of those. */
function listedStrings(e: Expr, index: UnitCallView, depth = 0): Array<Expr> | undefined {
  if (e.kind === 'Tuple' || e.kind === 'List' || e.kind === 'Set') return e.elts;
  if (e.kind === 'Name' && depth < 2) {
    const defs = index.assignments.get(e.id) ?? [];
    return defs.length === 1 && defs[0].value ? listedStrings(defs[0].value, index, depth + 1) : undefined;
  }
  return undefined;
}

/**
 * The string values a loop gives `name`: `for name in ("train", "test")`, `for name, part in (("train", a), ("test",
 * b))`, `zip(...)`, `{...}.items()`.
 */
function loopValues(loop: ForStmt, name: string, index: UnitCallView): string[] {
  const strings = (es: Expr[] | undefined) =>
    (es ?? []).flatMap((x) => (x.kind === 'Constant' && typeof x.value === 'string' ? [x.value] : []));
  const t = loop.target;
  if (t.kind === 'Name') return t.id === name ? strings(listedStrings(loop.iter, index)) : [];
  if (t.kind !== 'Tuple' && t.kind !== 'List') return [];
  const at = t.elts.findIndex((x) => x.kind === 'Name' && x.id === name);
  if (at < 0) return [];
  const it = loop.iter;
  if (it.kind === 'Call' && it.func.kind === 'Name' && it.func.id === 'zip')
    return it.args[at] ? strings(listedStrings(it.args[at], index)) : [];
  if (
    it.kind === 'Call' &&
    it.func.kind === 'Attribute' &&
    it.func.attr === 'items' &&
    it.func.value.kind === 'Dict' &&
    at === 0
  )
    return strings(it.func.value.items.flatMap((i) => (i.key ? [i.key] : [])));
  const rows = listedStrings(it, index) ?? [];
  return strings(rows.flatMap((r) => ((r.kind === 'Tuple' || r.kind === 'List') && r.elts[at] ? [r.elts[at]] : [])));
}

/**
 * The texts an f-string path takes when its placeholders are loop variables over string literals
 * (`f"data/{split}.csv"`).
 */
function loopExpansions(ending: PathEnding, at: Expr, index: UnitCallView): string[] {
  const unit = index.unit;
  const lit = ending.literal;
  if (lit.kind !== 'Other' || lit.nodeName !== 'FormatString') return [];
  const pieces = ending.text.split('{...}');
  if (pieces.length - 1 !== lit.children.length) return [];
  const loops: ForStmt[] = [];
  walkStatements(unit.module.body, (s) => {
    if (s.from > at.from || s.to < at.to) return false;
    if (s.kind === 'For') loops.push(s);
    return true;
  });
  let texts = [pieces[0]];
  for (let i = 0; i < lit.children.length; i++) {
    const child = lit.children[i];
    const values = child.kind === 'Name' ? loops.flatMap((l) => loopValues(l, child.id, index)) : [];
    const options = values.length ? values : ['{...}'];
    texts = texts.flatMap((t) => options.map((v) => t + v + pieces[i + 1])).slice(0, 64);
  }
  return texts;
}

/** The first place in a unit where code writes a held-out data file, as `path:line`. */
function heldOutWrite(index: UnitCallView): string | undefined {
  const unit = index.unit;
  for (const site of index.callSites) {
    const file = writtenFile(site, unit);
    if (!file) continue;
    for (const ending of pathEndings(file, index)) {
      const texts = ending.text.includes('{...}')
        ? [ending.text, ...loopExpansions(ending, site.call, index)]
        : [ending.text];
      const hit = texts.find(writtenPathIsHeldOut);
      if (hit !== undefined) return `${unit.path}:${unit.range(site.call).startLine} writes ${hit}`;
    }
  }
  return undefined;
}

/**
 * Evidence that the project holds data out outside the training code's data flow, or undefined: a
 * held-out data file or DVC pointer among the files, a DVC stage output named for a split, or code (not
 * the tests) that writes such a file: `ProjectIndex.heldOutDataEvidence`.
 */
export function heldOutEvidence(index: {
  readonly project: ProjectModel;
  readonly units: readonly UnitCallView[];
}): string | undefined {
  const project = index.project;
  const file = heldOutProjectFile(project);
  if (file) return file;
  for (const [path, text] of project.texts) {
    if (!/(^|\/)dvc\.yaml$/.test(path)) continue;
    const out = dvcStageOutputs(text).find(writtenPathIsHeldOut);
    if (out) return `${path} stage output ${out}`;
  }
  for (const unit of index.units) {
    if (holdsTests(unit.unit)) continue;
    const write = heldOutWrite(unit);
    if (write) return write;
  }
  return undefined;
}
