// Turning bytes into text without ever throwing: BOMs, UTF-16, PEP 263 coding cookies, binary files.

/** The outcome of decoding a file. */
export type DecodeResult =
  | { ok: true; text: string; encoding: string; declared?: true }
  | { ok: false; reason: string };

/** True when the bytes look binary (a NUL byte in the first 8 KiB, and no UTF-16 BOM). */
function looksBinary(bytes: Uint8Array): boolean {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)))
    return false;
  // The typed array's own search: a loop over each byte ran in the interpreter for the first files of a run.
  return bytes.subarray(0, 8192).indexOf(0) >= 0;
}

/** Decodes a text file: UTF-8 (with or without BOM), UTF-16 with BOM, or a declared/legacy single-byte encoding. */
export function decodeText(bytes: Uint8Array): DecodeResult {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWith('utf-16le', bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return decodeWith('utf-16be', bytes.subarray(2));
  if (looksBinary(bytes)) return { ok: false, reason: 'binary file' };
  const body =
    bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: honour a PEP 263 cookie in the first two lines, else fall back to Windows-1252,
    // which maps every byte, so the analysis goes on and the user is told.
    const head = new TextDecoder('latin1').decode(body.subarray(0, 400));
    const cookie = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/m.exec(head.split(/\r?\n/).slice(0, 2).join('\n'));
    const declared = cookie?.[1] ? webEncodingName(cookie[1]) : undefined;
    if (declared) {
      const r = decodeWith(declared, body);
      if (r.ok) return { ...r, declared: true };
    }
    return decodeWith('windows-1252', body);
  }
}

/** Python codec names as written in coding cookies (`latin-1`, `iso8859_15`, `cp1252`) → WHATWG encoding labels. */
export function webEncodingName(python: string): string {
  const n = python.toLowerCase().replace(/_/g, '-');
  if (/^(latin-?1|l1|iso-?8859-1|8859|cp819)$/.test(n)) return 'iso-8859-1';
  if (/^utf-?8(-sig)?$/.test(n)) return 'utf-8';
  const iso = /^iso-?8859-(\d+)$/.exec(n);
  if (iso) return `iso-8859-${iso[1]}`;
  const cp = /^(?:cp|windows-)(125\d|874)$/.exec(n);
  if (cp) return `windows-${cp[1]}`;
  if (n === 'cp936' || n === 'gbk') return 'gbk';
  if (n === 'shift-jis' || n === 'sjis' || n === 'cp932') return 'shift_jis';
  return n;
}

/** Windows-1252 characters for bytes 0x80-0x9F (undefined ones stay as the C1 control). */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWith(encoding: string, bytes: Uint8Array): DecodeResult {
  // Node's TextDecoder treats windows-1252 as ISO-8859-1 (curly quotes become control characters).
  if (encoding === 'windows-1252') {
    let text = '';
    for (let i = 0; i < bytes.length; i += 8192) {
      const chunk = bytes.subarray(i, i + 8192);
      text += String.fromCharCode(
        ...Array.from(chunk, (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH.charCodeAt(b - 0x80) : b)),
      );
    }
    return { ok: true, text, encoding };
  }
  try {
    return { ok: true, text: new TextDecoder(encoding).decode(bytes), encoding };
  } catch {
    return { ok: false, reason: `unknown encoding '${encoding}'` };
  }
}
