// Reading an answer's body: capped at a size, and for pages checked to be HTML and decoded. Part of
// ingest/http.ts, the only code in Readout that opens sockets to the outside world.
import { formatBytes } from '../../format.js';
import { decodeHtml } from '../text.js';
import { FetchFailed } from './errors.js';

const htmlTypes = new Set(['text/html', 'application/xhtml+xml']);

/**
 * An HTML page's media type (without parameters; `text/html` when the server sent none and the body is HTML)
 * and its decoded text. Anything that is not HTML becomes a FetchFailed that says what it is.
 */
export async function readHtml(
  response: Response,
  url: string,
  maxBytes: number,
): Promise<{ contentType: string; html: string }> {
  const status = response.status;
  const contentTypeHeader = response.headers.get('content-type') ?? '';
  const mediaType = (contentTypeHeader.split(';')[0] ?? '').trim().toLowerCase();
  if (mediaType !== '' && !htmlTypes.has(mediaType)) {
    await response.body?.cancel();
    throw new FetchFailed(`${url} is ${mediaType}, not an HTML page`, { url, status });
  }
  const bytes = await readBody(response, maxBytes, url);
  if (mediaType === '' && !looksLikeHtml(bytes))
    throw new FetchFailed(`${url} has no content type and does not look like an HTML page`, { url, status });
  return { contentType: mediaType || 'text/html', html: decodeHtml(bytes, charsetOf(contentTypeHeader)) };
}

/** The whole body, refused when it is larger than `max` (by its Content-Length, or once read that far). */
export async function readBody(response: Response, max: number, url: string, what = 'page'): Promise<Uint8Array> {
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  if (!response.headers.has('content-encoding') && length > max) {
    await response.body?.cancel();
    throw tooLarge(url, max, `it is ${formatBytes(length)}`, what);
  }
  return readCapped(response.body, max, url, what);
}

/** At most `max` bytes from the start of a body; the rest is not downloaded. */
export async function readPrefix(body: ReadableStream<Uint8Array> | null, max: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks, size).subarray(0, max);
}

async function readCapped(
  body: AsyncIterable<Uint8Array> | null,
  max: number,
  url: string,
  what: string,
): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > max) throw tooLarge(url, max, 'stopped reading', what);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(url: string, max: number, detail: string, what: string): FetchFailed {
  const setting = what === 'page' ? '; READOUT_MAX_PAGE_BYTES' : '';
  return new FetchFailed(
    `${url} is larger than ${formatBytes(max)}, the most Readout downloads for one ${what} (${detail}${setting})`,
    {
      url,
    },
  );
}

/** For a page served without a content type: does it start like HTML (after a BOM, blanks and comments)? */
function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return /^(\xef\xbb\xbf|\xff\xfe|\xfe\xff)?\s*(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html|head|body|title|meta)[\s>]/i.test(
    head,
  );
}

function charsetOf(contentType: string): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
}
