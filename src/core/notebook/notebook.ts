// Jupyter notebooks (nbformat 4, and nbformat 3 read into the same shape): cells, execution counts,
// a summary of outputs, and IPython syntax masked so the Python in every cell still parses.

/** One cell, whatever its kind. `index` is the position in the notebook's `cells` array (markdown counts). */
export interface NotebookCell {
  index: number;
  kind: 'code' | 'markdown' | 'raw';
  source: string;
  executionCount: number | null;
  /** The kinds of the stored outputs (`stream`, `execute_result`, `display_data`, `error`). */
  outputTypes: string[];
  /** Plain-text outputs (`text/plain` results and streams). Evidence for data facts only, never for levels. */
  textOutputs: string[];
  /** Cell id (nbformat 4.5+), if any. */
  id?: string;
}

/** A parsed notebook. */
export interface Notebook {
  nbformat: number;
  /** Kernel language from metadata (`python` when absent). */
  language: string;
  cells: NotebookCell[];
}

/** The result of reading a notebook: a notebook, or a one-line reason it could not be read. */
export type NotebookResult = { ok: true; notebook: Notebook } | { ok: false; error: string };

type Json = Record<string, unknown>;

function joinSource(src: unknown): string {
  if (typeof src === 'string') return src;
  if (Array.isArray(src)) return src.filter((s) => typeof s === 'string').join('');
  return '';
}

function textOutputs(outputs: unknown[]): { types: string[]; texts: string[] } {
  const types: string[] = [];
  const texts: string[] = [];
  for (const o of outputs) {
    if (!o || typeof o !== 'object') continue;
    const out = o as Json;
    const type = typeof out.output_type === 'string' ? out.output_type : 'unknown';
    types.push(type);
    if (type === 'stream') texts.push(joinSource(out.text));
    else if (type === 'pyout') texts.push(joinSource(out.text));
    else if (type === 'execute_result' || type === 'display_data') {
      const data = out.data as Json | undefined;
      if (data && data['text/plain'] !== undefined) texts.push(joinSource(data['text/plain']));
    }
  }
  return { types, texts };
}

/** Reads notebook JSON. Never throws: a broken notebook gets a clear reason instead. */
export function parseNotebook(text: string): NotebookResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { ok: false, error: `not valid JSON (${(e as Error).message.split('\n')[0]})` };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return { ok: false, error: 'not a notebook: the top level is not an object' };
  const nb = raw as Json;
  const nbformat = typeof nb.nbformat === 'number' ? nb.nbformat : NaN;
  const metadata = (nb.metadata && typeof nb.metadata === 'object' ? nb.metadata : {}) as Json;
  const language = kernelLanguage(metadata);

  let rawCells: unknown[];
  if (nbformat === 4 || (Number.isNaN(nbformat) && Array.isArray(nb.cells))) {
    if (!Array.isArray(nb.cells)) return { ok: false, error: 'nbformat 4 notebook without a "cells" array' };
    rawCells = nb.cells;
  } else if (nbformat === 3) {
    const ws = Array.isArray(nb.worksheets) ? (nb.worksheets as unknown[]) : [];
    rawCells = ws.flatMap((w) =>
      w && typeof w === 'object' && Array.isArray((w as Json).cells) ? ((w as Json).cells as unknown[]) : [],
    );
  } else {
    return { ok: false, error: `unsupported nbformat ${String(nb.nbformat)} (ML Coach reads nbformat 3 and 4)` };
  }

  const cells: NotebookCell[] = [];
  rawCells.forEach((c, index) => {
    const cell = (c && typeof c === 'object' ? c : {}) as Json;
    const type = cell.cell_type;
    const kind: NotebookCell['kind'] = type === 'code' ? 'code' : type === 'raw' ? 'raw' : 'markdown';
    const source = joinSource(kind === 'code' && nbformat === 3 ? cell.input : cell.source);
    const countRaw = nbformat === 3 ? cell.prompt_number : cell.execution_count;
    const { types, texts } = textOutputs(Array.isArray(cell.outputs) ? cell.outputs : []);
    cells.push({
      index,
      kind,
      source,
      executionCount: typeof countRaw === 'number' ? countRaw : null,
      outputTypes: types,
      textOutputs: texts,
      id: typeof cell.id === 'string' ? cell.id : undefined,
    });
  });
  return { ok: true, notebook: { nbformat: Number.isNaN(nbformat) ? 4 : nbformat, language, cells } };
}

function kernelLanguage(metadata: Json): string {
  const ks = metadata.kernelspec as Json | undefined;
  const li = metadata.language_info as Json | undefined;
  const lang =
    (ks && typeof ks.language === 'string' && ks.language) ||
    (li && typeof li.name === 'string' && li.name) ||
    'python';
  return String(lang).toLowerCase();
}

/** Cell magics whose body is still Python: only their first line is masked. */
const PYTHON_CELL_MAGICS = new Set([
  'time',
  'timeit',
  'capture',
  'prun',
  'debug',
  'memit',
  'px',
  'pypy',
  'python',
  'python3',
  'cython',
  'autoreload',
]);

/**
 * Masks IPython-only syntax in a cell so the rest parses as Python, keeping every offset:
 * line magics, shell escapes and help lines become blanks; `x = !cmd` keeps `x = ` and turns the
 * command into a placeholder name; a non-Python cell magic (`%%bash`, `%%sql`, ...) blanks the cell.
 */
export function maskIpython(source: string): string {
  // Most cells hold none of the syntax masked below, and come back unchanged without a look at each line.
  if (!MAY_MASK.test(source)) return source;
  const firstLine = /^\s*%%(\S+)/.exec(source);
  if (firstLine) {
    const name = firstLine[1];
    if (!PYTHON_CELL_MAGICS.has(name)) return blank(source);
    const end = source.search(/\r?\n/);
    return end < 0 ? blank(source) : blank(source.slice(0, end)) + maskLines(source.slice(end));
  }
  return maskLines(source);
}

/**
 * What a line needs for maskLines to change it: `%`, `!` or `?` first on the line (after blanks, as `trimStart`
 * leaves it), a `?` anywhere (help lines), or `=` then `!` or `%` (`x = !cmd`). A cell magic starts with `%`.
 */
const MAY_MASK = /\?|(?:^|\n)\s*[%!]|=\s*[!%]/;

function maskLines(source: string): string {
  // Split keeping line ends so offsets are preserved.
  const parts = source.split(/(\r?\n)/);
  let inTriple: string | null = null;
  for (let i = 0; i < parts.length; i += 2) {
    const line = parts[i];
    if (inTriple) {
      if (countTriple(line, inTriple) % 2 === 1) inTriple = null;
      continue;
    }
    const t = line.trimStart();
    if (/^(%|!|\?)/.test(t) || /^[\w.]+\?\??\s*$/.test(t)) {
      parts[i] = blank(line);
      continue;
    }
    const assignMagic = /^(\s*[\w.,\s]+=\s*)([!%].*)$/.exec(line);
    if (assignMagic && !/^\s*[\w.,\s]+==/.test(line)) {
      parts[i] = assignMagic[1] + '_'.repeat(assignMagic[2].length);
      continue;
    }
    for (const q of ['"""', "'''"]) {
      if (countTriple(line, q) % 2 === 1) inTriple = q;
    }
  }
  return parts.join('');
}

function countTriple(line: string, q: string): number {
  return line.split(q).length - 1;
}

function blank(s: string): string {
  return s.replace(/[^\r\n]/g, ' ');
}
