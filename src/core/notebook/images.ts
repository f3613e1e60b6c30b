// A notebook file is mostly its outputs' pictures: base64 PNG, JPEG and GIF strings that the analysis never reads
// (it reads code cells and plain-text outputs only). Emptying those strings in the raw bytes before decoding and
// parsing the JSON saves decoding and parsing most of the file and keeps megabytes of strings off the heap; the
// JSON stays valid and every other value is unchanged. Anything unexpected leaves the bytes as they are.

/** The byte search this needs: Node's `Buffer` where the core runs on Node, else none (the bytes are kept). */
interface ByteSearch {
  indexOf(value: Uint8Array | number, byteOffset?: number): number;
}
type BufferFrom = (buffer: ArrayBufferLike, byteOffset: number, length: number) => ByteSearch;

const encoder = new TextEncoder();
const KEY = encoder.encode('"image/');
const TYPES = ['png"', 'jpeg"', 'gif"'].map((t) => encoder.encode(t));
/** Strings shorter than this are left as they are: emptying them would not pay for the copy. */
const MIN_PAYLOAD = 1024;

function bufferFrom(): BufferFrom | undefined {
  const B = (globalThis as { Buffer?: { from: BufferFrom } }).Buffer;
  return B ? (buffer, byteOffset, length) => B.from(buffer, byteOffset, length) : undefined;
}

function startsWith(bytes: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (at + prefix.length > bytes.length) return false;
  for (let k = 0; k < prefix.length; k++) if (bytes[at + k] !== prefix[k]) return false;
  return true;
}

/**
 * The notebook's bytes with the base64 payload of every `"image/png"`, `"image/jpeg"` and `"image/gif"` string of
 * at least 1 KiB emptied (`"image/png": ""`). Returns `bytes` itself when there is none, when the runtime has no
 * native byte search, or when anything looks unlike a plain base64 string (an escaped quote, a list of lines).
 */
export function withoutImagePayloads(bytes: Uint8Array): Uint8Array {
  const from = bufferFrom();
  if (!from) return bytes;
  const buf = from(bytes.buffer, bytes.byteOffset, bytes.length);
  const cuts: number[] = [];
  let removed = 0;
  let i = buf.indexOf(KEY);
  while (i >= 0) {
    let j = i + KEY.length;
    const type = TYPES.find((t) => startsWith(bytes, j, t));
    // `\"image/png\"` inside a string (code that writes such a key) is not a key: its quote is escaped.
    if (!type || (i > 0 && bytes[i - 1] === 0x5c)) {
      i = buf.indexOf(KEY, j);
      continue;
    }
    j += type.length;
    while (j < bytes.length && (bytes[j] === 0x20 || bytes[j] === 0x3a || bytes[j] === 0x0a || bytes[j] === 0x0d)) j++;
    // nbformat also allows a list of lines: left as it is.
    if (bytes[j] !== 0x22) {
      i = buf.indexOf(KEY, j);
      continue;
    }
    const start = j + 1;
    const end = buf.indexOf(0x22, start);
    // Base64 (with `\n` escapes) has no quote of its own: an escaped one means this is not what it seems.
    if (end < 0 || bytes[end - 1] === 0x5c) return bytes;
    if (end - start >= MIN_PAYLOAD) {
      cuts.push(start, end);
      removed += end - start;
    }
    i = buf.indexOf(KEY, end);
  }
  if (!cuts.length) return bytes;
  const out = new Uint8Array(bytes.length - removed);
  let o = 0;
  let p = 0;
  for (let k = 0; k < cuts.length; k += 2) {
    out.set(bytes.subarray(p, cuts[k]), o);
    o += cuts[k] - p;
    p = cuts[k + 1];
  }
  out.set(bytes.subarray(p), o);
  return out;
}
