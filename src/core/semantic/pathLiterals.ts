// String literals that end up as file paths in I/O calls. A path rule must only speak about strings that
// really are used as paths: a "/home/..." in a log message or a docstring is not evidence. The flow
// followed here is deliberately short: the argument itself, a variable assigned in the same unit,
// `os.path.join`/`Path(...)`/`/`/`+` around them, and an f-string that starts with either.
import type { CallExpr, Expr } from '../python/ast';
import type { PythonUnit } from '../python/unit';
import { type CallSite, type UnitCallView, isBuiltinCall, lastName } from './callFacts';
import { apiRole } from '../libraries/catalog';
import { isUnder } from '../python/imports';

/** A string literal that starts a path, with its text (f-string placeholders kept as `{...}`). */
export interface PathLiteral {
  literal: Expr;
  text: string;
}

/** Calls through which a path passes unchanged (their first argument is the start of the path). */
const PATH_BUILDERS = new Set([
  'Path',
  'PurePath',
  'PosixPath',
  'WindowsPath',
  'join',
  'expanduser',
  'abspath',
  'realpath',
  'normpath',
  'str',
  'fspath',
  'expandvars',
]);

/** Methods of path objects that keep the start of the path. */
const PATH_METHODS = new Set([
  'joinpath',
  'resolve',
  'expanduser',
  'absolute',
  'with_suffix',
  'with_name',
  'with_stem',
  'format',
]);

/** Methods that read or write the file named by an argument, whatever object they are called on. */
const IO_METHODS = new Set([
  'to_csv',
  'to_parquet',
  'to_excel',
  'to_json',
  'to_pickle',
  'to_feather',
  'to_hdf',
  'to_stata',
  'savefig',
  'save',
  'save_model',
  'save_weights',
  'load_weights',
  'load_model',
  'save_pretrained',
  'from_pretrained',
  'imread',
  'imwrite',
  'read_csv',
  'read_parquet',
  'read_excel',
  'read_json',
  'read_pickle',
  'flow_from_directory',
  'image_dataset_from_directory',
  'text_dataset_from_directory',
]);

/** Library functions that read or write files, by qualified name or module. */
const IO_FUNCTIONS = new Set([
  'numpy.save',
  'numpy.savez',
  'numpy.savez_compressed',
  'numpy.savetxt',
  'joblib.dump',
  'joblib.load',
  'torch.save',
  'torch.load',
  'torch.jit.load',
  'torch.jit.save',
  'pickle.load',
  'pickle.dump',
  'PIL.Image.open',
  'cv2.imread',
  'cv2.imwrite',
  'os.listdir',
  'os.makedirs',
  'os.mkdir',
  'os.chdir',
  'os.scandir',
  'os.walk',
  'os.path.exists',
  'os.path.isfile',
  'os.path.isdir',
  'glob.glob',
  'glob.iglob',
  'shutil.copy',
  'shutil.copyfile',
  'shutil.copytree',
  'shutil.move',
  'shutil.rmtree',
  'sys.path.append',
  'sys.path.insert',
  'mlflow.set_tracking_uri',
  'tensorflow.keras.models.load_model',
  'keras.models.load_model',
  'tensorflow.saved_model.load',
  'tensorflow.saved_model.save',
  'h5py.File',
  'zipfile.ZipFile',
  'tarfile.open',
  'pathlib.Path',
  'pathlib.PurePath',
  'os.path.join',
]);

/** True when a call reads or writes files named by its arguments. */
function isIoCall(site: CallSite, unit: PythonUnit): boolean {
  const q = site.qualified;
  if (q) {
    if (IO_FUNCTIONS.has(q)) return true;
    const role = apiRole(q);
    if (role === 'data-load') return true;
    if (isUnder(q, 'pandas') && /^(read_|to_)/.test(lastName(q))) return true;
    if (isUnder(q, 'polars') && /^(read_|scan_|write_)/.test(lastName(q))) return true;
  }
  if (isBuiltinCall(site, unit, 'open')) return true;
  if (site.call.func.kind === 'Attribute' && site.name && IO_METHODS.has(site.name)) return true;
  return false;
}

/** The literal text of a string or f-string expression (placeholders as written); undefined otherwise. */
export function literalText(e: Expr, unit: PythonUnit): string | undefined {
  if (e.kind === 'Constant' && (e.type === 'str' || e.type === 'fstr'))
    return typeof e.value === 'string' ? e.value : undefined;
  if (e.kind === 'Other' && e.nodeName === 'FormatString') {
    const raw = unit.text(e);
    const m = /^[rRfFbBuU]*('''|"""|'|")([\s\S]*?)\1?$/.exec(raw);
    return m ? m[2] : undefined;
  }
  return undefined;
}

/** The string literals that start the path an expression evaluates to (following simple flows). */
export function pathLiterals(e: Expr, index: UnitCallView, depth = 0): PathLiteral[] {
  if (depth > 4) return [];
  const unit = index.unit;
  const text = literalText(e, unit);
  if (text !== undefined) {
    // An f-string that begins with a placeholder: the path starts with whatever that names.
    if (e.kind === 'Other' && text.startsWith('{') && e.children[0])
      return pathLiterals(e.children[0], index, depth + 1);
    return [{ literal: e, text }];
  }
  switch (e.kind) {
    case 'Name': {
      const defs = index.assignments.get(e.id) ?? [];
      return defs.flatMap((d) => (d.value ? pathLiterals(d.value, index, depth + 1) : []));
    }
    case 'Binary':
      return e.op === '/' || e.op === '+' ? pathLiterals(e.left, index, depth + 1) : [];
    case 'Call': {
      const f = e.func;
      if (f.kind === 'Attribute' && PATH_METHODS.has(f.attr)) return pathLiterals(f.value, index, depth + 1);
      const name = f.kind === 'Name' ? f.id : f.kind === 'Attribute' ? f.attr : undefined;
      if (name && PATH_BUILDERS.has(name) && e.args[0]) return pathLiterals(e.args[0], index, depth + 1);
      return [];
    }
    default:
      return [];
  }
}

/** Keyword names that carry a path in I/O calls. */
const PATH_KEYWORDS = new Set([
  'path',
  'filepath',
  'filepath_or_buffer',
  'path_or_buf',
  'fname',
  'file',
  'filename',
  'f',
  'io',
  'directory',
  'save_directory',
  'pretrained_model_name_or_path',
  'uri',
  'src',
  'dst',
]);

/** The arguments of an I/O call that may name a file. */
function pathArguments(call: CallExpr): Expr[] {
  return [
    ...call.args.filter((a) => a.kind !== 'Starred'),
    ...call.keywords.filter((k) => k.name && PATH_KEYWORDS.has(k.name)).map((k) => k.value),
  ];
}

/**
 * Every string literal that reaches an I/O call in a unit as the start of a path, once per call it reaches:
 * `UnitIndex.pathUses`.
 */
export function collectPathUses(index: UnitCallView): PathLiteral[] {
  const unit = index.unit;
  const out: PathLiteral[] = [];
  for (const site of index.callSites) {
    if (!isIoCall(site, unit)) continue;
    for (const arg of pathArguments(site.call)) {
      out.push(...pathLiterals(arg, index));
    }
  }
  return out;
}

/** Loaders that read a file named by their first argument (not dataset names such as `load_iris`). */
function readsFile(site: CallSite): boolean {
  const q = site.qualified;
  if (!q || apiRole(q) !== 'data-load') return false;
  return isUnder(q, 'pandas') || isUnder(q, 'polars') || isUnder(q, 'numpy');
}

/** The argument naming the file: first positional, or the loader's path keyword. */
function fileArgument(site: CallSite): Expr | undefined {
  return (
    site.call.args[0] ??
    site.call.keywords.find(
      (k) =>
        k.name === 'filepath_or_buffer' ||
        k.name === 'path' ||
        k.name === 'source' ||
        k.name === 'fname' ||
        k.name === 'file' ||
        k.name === 'io',
    )?.value
  );
}

/** A string literal that starts the path of a file a pandas, Polars or NumPy loader reads. */
export interface DataRead extends PathLiteral {
  /** The loader call. */
  site: CallSite;
  /** True when the literal is written in the call's argument (not through a named constant). */
  direct: boolean;
  /** True when the literal is the whole path: the argument itself, or the value of the name passed. */
  whole: boolean;
}

/** Every literal that starts the path of a file a data loader reads: `UnitIndex.dataReads`. */
export function collectDataReads(index: UnitCallView): DataRead[] {
  const out: DataRead[] = [];
  for (const site of index.callSites) {
    if (!readsFile(site)) continue;
    const arg = fileArgument(site);
    if (!arg) continue;
    for (const lit of pathLiterals(arg, index)) {
      const direct = lit.literal.from >= arg.from && lit.literal.to <= arg.to;
      const whole =
        lit.literal === arg ||
        (arg.kind === 'Name' && !!index.assignments.get(arg.id)?.some((d) => d.value === lit.literal));
      out.push({ ...lit, site, direct, whole });
    }
  }
  return out;
}

/** True for a path that names a remote resource (`s3://`, `https://`), not a file in a folder. */
export function isUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
}

/** The literal data paths written right into pandas, Polars or NumPy loader calls: `UnitIndex.dataPathLiterals`. */
export function collectDataPathLiterals(reads: readonly DataRead[]): PathLiteral[] {
  const out: PathLiteral[] = [];
  for (const read of reads) {
    // Only a literal written right here: a path through a named constant is already one step towards config.
    if (!read.direct) continue;
    if (read.text.includes('{') || userSpecificPath(read.text) || isUrl(read.text)) continue;
    out.push({ literal: read.literal, text: read.text });
  }
  return out;
}

/**
 * False when no string literal in `source` can start a path that `userSpecificPath` objects to: every
 * such literal opens with a quote followed by `/home`, `/Users`, `/mnt`, `/media`, a drive letter and
 * colon, or `~`. A necessary condition only, so a rule can skip files that cannot hold one; what it
 * reports still comes from the syntax tree.
 */
export function mayHoldUserPath(source: string): boolean {
  return /['"](?:\/(?:home|Users|mnt|media)\b|[A-Za-z]:|~)/.test(source);
}

/** Why a path only works on one machine, or undefined for a portable path. */
export function userSpecificPath(text: string): string | undefined {
  if (/^\/home\/[^/\s{}]+/.test(text)) return "points into one person's home folder";
  if (/^\/Users\/[^/\s{}]+/.test(text)) return "points into one person's home folder";
  if (/^\/mnt\/[a-z]\/Users\//i.test(text)) return "points into one person's Windows home folder";
  if (/^\/media\/[^/\s{}]+\//.test(text)) return 'points at a drive mounted on one computer';
  if (/^[A-Za-z]:[\\/]/.test(text))
    return /^[A-Za-z]:[\\/]+Users[\\/]/i.test(text)
      ? "points into one person's home folder"
      : 'is an absolute Windows path on one computer';
  if (/^~[\\/](Desktop|Downloads|Documents|OneDrive|Dropbox|Google Drive|iCloud Drive)([\\/]|$)/i.test(text))
    return "points into one person's desktop or documents";
  return undefined;
}
