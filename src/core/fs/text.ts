// Turning bytes into text without ever throwing: BOMs, UTF-16, PEP 263 coding cookies, binary files.

/** The outcome of decoding a file. */
export type DecodeResult = { ok: true; text: string; encoding: string } | { ok: false; reason: string };

/** True when the bytes look binary (a NUL byte in the first 8 KiB, and no UTF-16 BOM). */
export function looksBinary(bytes: Uint8Array): boolean {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return false;
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

/** Decodes a text file: UTF-8 (with or without BOM), UTF-16 with BOM, or a declared/legacy single-byte encoding. */
export function decodeText(bytes: Uint8Array): DecodeResult {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWith('utf-16le', bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return decodeWith('utf-16be', bytes.subarray(2));
  if (looksBinary(bytes)) return { ok: false, reason: 'binary file' };
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: honour a PEP 263 cookie in the first two lines, else fall back to Windows-1252,
    // which maps every byte, so the analysis goes on and the user is told.
    const head = new TextDecoder('latin1').decode(body.subarray(0, 400));
    const cookie = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/m.exec(head.split(/\r?\n/).slice(0, 2).join('\n'));
    const declared = cookie?.[1]?.toLowerCase();
    if (declared) {
      const r = decodeWith(declared, body);
      if (r.ok) return r;
    }
    return decodeWith('windows-1252', body);
  }
}

function decodeWith(encoding: string, bytes: Uint8Array): DecodeResult {
  try {
    return { ok: true, text: new TextDecoder(encoding).decode(bytes), encoding };
  } catch {
    return { ok: false, reason: `unknown encoding '${encoding}'` };
  }
}
