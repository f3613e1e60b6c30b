// Paths written in code: whether a file one unit writes is the file another reads.

/** The basename of a path, for matching a file one unit writes with the one another reads. */
export function baseName(p: string): string {
  return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1).toLowerCase();
}

/**
 * The file name with the folder it sits in, when the path names one (`data/titanic/prepared.csv` ->
 * `titanic/prepared.csv`): two competitions' `prepared.csv` files are different files.
 */
function fileKey(p: string): string {
  const parts = p
    .toLowerCase()
    .split(/[\\/]+/)
    .filter((x) => x && x !== '.');
  return parts.length >= 2 && parts[parts.length - 2] !== '..'
    ? parts.slice(-2).join('/')
    : (parts[parts.length - 1] ?? '');
}

/** A path with an `input` folder in it (`../input/titanic/train.csv`, `/kaggle/input/...`, `input/clean.csv`). */
const INPUT_FOLDER = /(^|[\\/])input[\\/]/i;

/** Whether two paths written in code can name the same file: the same name, and the same folder where both say. */
export function sameFile(a: string, b: string): boolean {
  if (baseName(a) !== baseName(b)) return false;
  // A dataset read from an `input` folder (Kaggle's `../input/<dataset>/train_data.csv`) is not the file another
  // notebook writes beside itself (`to_csv("train_data.csv")`), unless that one writes into an input folder too.
  if (INPUT_FOLDER.test(a) !== INPUT_FOLDER.test(b)) return false;
  const ka = fileKey(a);
  const kb = fileKey(b);
  return !ka.includes('/') || !kb.includes('/') || ka === kb;
}

/**
 * A database table as a path, so rows one notebook stores (`df.to_sql("clean", engine)`) are matched with the rows
 * another reads (`pd.read_sql_query("SELECT * FROM clean", engine)`, `pd.read_sql_table("clean", engine)`).
 */
export function tablePath(name: string): string {
  return `table:${name}`;
}

/** The table a query reads its rows from (`SELECT * FROM clean_data WHERE ...` gives `clean_data`), when it says. */
export function queriedTable(query: string): string | undefined {
  const m = /\bfrom\s+[`"[]?([A-Za-z_][\w.]*)/i.exec(query);
  return m ? tablePath(m[1]) : undefined;
}

/** The path a loader reads given `text`: a database table read whole or by a query is the table another file stored. */
export function readPath(loader: string, text: string): string | undefined {
  if (!loader.startsWith('pandas.read_sql')) return text;
  return loader === 'pandas.read_sql_table' ? tablePath(text) : queriedTable(text);
}

/** A path for a message: `` `data/clean.csv` ``, or "the table `clean`" for a database table. */
export function shownPath(path: string): string {
  if (path.startsWith('table:')) return `the table \`${path.slice(6)}\``;
  if (path.startsWith(CONFIG_PATH)) return `the file the configuration names at \`${path.slice(CONFIG_PATH.length)}\``;
  if (path.startsWith(CONSTANT_PATH)) return `the file \`${path.slice(CONSTANT_PATH.length)}\` names`;
  return `\`${path}\``;
}

/** File names of tabular, array or serialised data. */
export const DATA_FILE = /\.(csv|tsv|parquet|pq|feather|jsonl|ndjson|npy|npz|pkl|pickle|h5|hdf5|arrow|xlsx|xls)$/i;

/** A path kept in a configuration, named by its keys (`config:data.processed`): see `constString`. */
export const CONFIG_PATH = 'config:';
/** A path named by a constant imported from another module (`constant:PROCESSED_PATH`): see `constString`. */
export const CONSTANT_PATH = 'constant:';
