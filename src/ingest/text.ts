// Bytes of a text file to a JS string: BOMs, UTF-16, UTF-8, and the legacy Windows-1252/Latin-1 fallback.

export class NotText extends Error {
  override name = 'NotText';
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

function decodeWindows1252(bytes: Uint8Array): string {
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
