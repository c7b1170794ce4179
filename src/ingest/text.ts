// Bytes of a text file to a JS string: BOMs, UTF-16, UTF-8, and the legacy Windows-1252/Latin-1 fallback.
import { UserError } from '../errors.js';

export class NotText extends UserError {
  override name = 'NotText';

  constructor(message: string, options?: ErrorOptions) {
    super('invalid', message, options);
  }
}

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
}

/**
 * Decodes a text file. A BOM decides when present; otherwise strict UTF-8, else Windows-1252 (a superset
 * of Latin-1's printable range, so Latin-1 files decode the same). Line ends become LF.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  let encoding: DecodedText['encoding'];
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    encoding = 'utf-8';
    body = bytes.subarray(3);
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = 'utf-16le';
    body = bytes.subarray(2);
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = 'utf-16be';
    body = bytes.subarray(2);
  } else {
    encoding = guessUtf16(bytes) ?? (isUtf8(bytes) ? 'utf-8' : 'windows-1252');
  }
  const text = encoding === 'windows-1252' ? decodeWindows1252(body) : new TextDecoder(encoding).decode(body);
  const nul = text.indexOf('\u0000');
  if (nul !== -1)
    throw new NotText(`the file looks binary (a NUL character at offset ${nul}); clippings are plain text`);
  if (controlShare(text) > 0.05)
    throw new NotText('the file looks binary (too many control characters); clippings are plain text');
  return { text: text.replace(/\r\n?/g, '\n').normalize('NFC'), encoding };
}

// Node 20's TextDecoder('windows-1252') decodes as Latin-1, leaving 0x80–0x9F as C1 controls; these are
// the characters Windows-1252 puts there (curly quotes, dashes, the euro sign). Undefined bytes stay as is.
const cp1252High =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(
      ...Array.from(chunk, (b) => (b >= 0x80 && b < 0xa0 ? cp1252High.charCodeAt(b - 0x80) : b)),
    );
  }
  return out;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** UTF-16 without a BOM shows as every other byte zero in mostly-ASCII text. */
function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.6 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.6 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

function controlShare(text: string): number {
  const sample = text.slice(0, 8192);
  if (sample.length === 0) return 0;
  const controls = sample.match(/[\u0001-\u0008\u000b\u000e-\u001f\u007f\ufffd]/g);
  return (controls?.length ?? 0) / sample.length;
}

/**
 * Decodes the bytes of an HTML page. The charset comes from a BOM, then the HTTP header, then a
 * `<meta charset>` or `<meta http-equiv="content-type">` in the first 4 KB, else UTF-8 when the bytes are
 * valid UTF-8, else Windows-1252 (what browsers assume for unlabelled legacy pages).
 */
export function decodeHtml(bytes: Uint8Array, headerCharset?: string | null): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeAs('utf-8', bytes.subarray(3))!;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeAs('utf-16le', bytes.subarray(2))!;
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeAs('utf-16be', bytes.subarray(2))!;
  for (const label of [headerCharset, metaCharset(bytes)]) {
    const text = label ? decodeAs(label, bytes) : null;
    if (text !== null) return text;
  }
  return isUtf8(bytes) ? new TextDecoder('utf-8').decode(bytes) : decodeWindows1252(bytes);
}

/** The charset a page declares for itself in its first 4 KB, read as ASCII (every charset keeps ASCII). */
function metaCharset(bytes: Uint8Array): string | null {
  const head = String.fromCharCode(...bytes.subarray(0, 4096));
  const direct = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return direct?.[1] ?? null;
}

/** Null when the label is unknown to Node, so that the caller falls back to sniffing. */
function decodeAs(label: string, bytes: Uint8Array): string | null {
  const name = label.trim().toLowerCase();
  // Latin-1 labels mean Windows-1252 on the web (WHATWG Encoding), and Node decodes those as plain Latin-1.
  if (/^(windows-1252|cp1252|x-cp1252|iso-8859-1|iso8859-1|latin-?1|l1|us-ascii|ascii)$/.test(name)) {
    return decodeWindows1252(bytes);
  }
  // A page labelled UTF-8 that is not valid UTF-8 is nearly always a legacy page mislabelled by its server.
  if (name === 'utf-8' || name === 'utf8') return isUtf8(bytes) ? new TextDecoder('utf-8').decode(bytes) : null;
  try {
    return new TextDecoder(name).decode(bytes);
  } catch {
    return null;
  }
}
