// `.env` files hold secrets. Only the variable names are ever kept: the values are dropped here,
// before anything else can see, log or report them.

/** True for dotenv-style files by base name: `.env`, `.env.local`, `.env.example`, direnv's `.envrc`. */
export function isEnvFile(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base === '.env' || base.startsWith('.env.') || base === '.envrc';
}

/** The variable names a dotenv file defines, in order, without duplicates. Values are never returned. */
export function envVariableNames(text: string): string[] {
  const names: string[] = [];
  let openQuote: string | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (openQuote) {
      // Inside a multi-line quoted value (a PEM key, JSON): skip until the quote closes.
      if (closesQuote(line, openQuote)) openQuote = undefined;
      continue;
    }
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    if (!names.includes(m[1])) names.push(m[1]);
    const value = m[2];
    const q = value[0];
    if ((q === '"' || q === "'" || q === '`') && !closesQuote(value.slice(1), q)) openQuote = q;
  }
  return names;
}

function closesQuote(s: string, quote: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && quote === '"') i++;
    else if (s[i] === quote) return true;
  }
  return false;
}
