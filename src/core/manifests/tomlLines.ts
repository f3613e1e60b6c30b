// Line numbers for TOML values. The TOML parser gives values without positions, so after parsing we find
// where a table's key sits by scanning table headers and key lines; the values themselves always come
// from the parser, this only points at them.

interface Table {
  /** Normalised header name (`tool.poetry.dependencies`). */
  name: string;
  /** 0-based index of the header line (-1 for the root table). */
  header: number;
  /** 0-based index just past the table's last line. */
  end: number;
}

/** Finds the lines of tables and keys in a TOML text. */
export class TomlLines {
  private readonly lines: string[];
  private readonly tables: Table[] = [];

  constructor(text: string) {
    this.lines = text.split(/\r\n|\r|\n/);
    let current: Table = { name: '', header: -1, end: this.lines.length };
    this.tables.push(current);
    let inMultiline: string | undefined;
    this.lines.forEach((line, i) => {
      if (inMultiline) {
        if (line.includes(inMultiline)) inMultiline = undefined;
        return;
      }
      const quotes = /("""|''')/g;
      const count = line.match(quotes)?.length ?? 0;
      if (count % 2 === 1) {
        inMultiline = line.match(quotes)![0];
        return;
      }
      const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(line);
      if (header) {
        current.end = i;
        current = { name: normaliseKey(header[1]), header: i, end: this.lines.length };
        this.tables.push(current);
      }
    });
  }

  /** 1-based line of a table's header, if the table is written as one. */
  tableLine(table: string): number | undefined {
    const t = this.tables.find((x) => x.name === table);
    return t && t.header >= 0 ? t.header + 1 : undefined;
  }

  /** 1-based line of `key = ...` inside `table` (or of a `[table.key]` header), if found. */
  keyLine(table: string, key: string): number | undefined {
    for (const t of this.tables.filter((x) => x.name === table)) {
      for (let i = t.header + 1; i < t.end; i++) {
        const m = /^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=/.exec(this.lines[i]);
        if (m && normaliseKey(m[1]) === normaliseKey(key)) return i + 1;
      }
    }
    return this.tableLine(`${table}.${normaliseKey(key)}`);
  }

  /**
   * 1-based lines of string items of an array value, in order: for each item, the first line at or after
   * the previous match that holds the quoted string.
   */
  arrayItemLines(table: string, key: string, items: string[]): Array<number | undefined> {
    const start = this.keyLine(table, key);
    if (start === undefined) return items.map(() => undefined);
    let cursor = start - 1;
    return items.map((item) => {
      for (let i = cursor; i < this.lines.length; i++) {
        const line = this.lines[i];
        if (line.includes(JSON.stringify(item)) || line.includes(`'${item}'`)) {
          cursor = i;
          return i + 1;
        }
      }
      return undefined;
    });
  }
}

/** `tool . "poetry" .dependencies` → `tool.poetry.dependencies`; dots inside quotes stay. */
function normaliseKey(key: string): string {
  const parts: string[] = [];
  for (const m of key.matchAll(/\s*("([^"]*)"|'([^']*)'|[^.]+?)\s*(?:\.|$)/g)) {
    if (m[0] === '') break;
    parts.push((m[2] ?? m[3] ?? m[1]).trim());
  }
  return parts.join('.');
}
