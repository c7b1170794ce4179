// Safe outbound HTTP, the only code in Readout that opens sockets to the outside world. It refuses
// non-public addresses (after DNS, at connect time, and on every redirect), caps time and size, and decodes pages.
// This file is the front: the client and its types; the steps live in ingest/http/ (guard, request, body, failures).
import { Agent } from 'undici';
import type { Config } from '../config.js';
import { maxFeedBytes } from './feeds/limits.js';
import { readBody, readHtml, readPrefix } from './http/body.js';
import { guardedConnector } from './http/guard.js';
import { type Answer, type Client, type RedirectCheck, request } from './http/request.js';

export { classifyAddress } from './http/address.js';
export { FetchFailed, FetchRefused } from './http/errors.js';
export { retryAfterSeconds } from './http/failures.js';
export { checkTarget } from './http/guard.js';
export { maxRedirects, type RedirectCheck } from './http/request.js';

export interface FetchedPage {
  /** The URL asked for, normalised. */
  requestedUrl: string;
  /** The final URL, after redirects. */
  url: string;
  status: number;
  /** Media type without parameters, e.g. `text/html`; `text/html` when the server sent none and the body is HTML. */
  contentType: string;
  html: string;
  /** Every URL that answered with a redirect, in order (the first is requestedUrl); empty when there was none. */
  redirects: string[];
}

/** The caching and validation headers of an answer, as sent; the scheduler reads them. */
export interface CacheHeaders {
  etag: string | null;
  lastModified: string | null;
  cacheControl: string | null;
  expires: string | null;
  retryAfter: string | null;
  date: string | null;
}

export interface FetchedFeed {
  requestedUrl: string;
  url: string;
  /** 304 when the validators sent still hold: the body is then empty and nothing needs parsing. */
  status: number;
  /** The whole Content-Type header (its charset matters for XML feeds), or null. */
  contentType: string | null;
  body: Uint8Array;
  redirects: string[];
  headers: CacheHeaders;
}

export interface FetchedText {
  url: string;
  status: number;
  text: string;
}

export interface Http {
  /** An HTML page. `beforeRedirect` sees each redirect target before it is asked for, and may refuse it by throwing. */
  fetchPage(url: string, options?: { signal?: AbortSignal; beforeRedirect?: RedirectCheck }): Promise<FetchedPage>;
  /** A feed document, asked for conditionally when validators from the last fetch are given. */
  fetchFeed(
    url: string,
    options?: { etag?: string | null; lastModified?: string | null; signal?: AbortSignal },
  ): Promise<FetchedFeed>;
  /** A small text resource such as robots.txt: any media type, capped at `maxBytes`. */
  fetchText(url: string, options: { maxBytes: number; signal?: AbortSignal }): Promise<FetchedText>;
  close(): Promise<void>;
  userAgent: string;
}

export type HttpConfig = Pick<Config, 'allowPrivateAddresses' | 'userAgent' | 'fetchTimeoutSeconds' | 'maxPageBytes'>;

const pageAccept = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1';
const feedAccept =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.1';

export function createHttp(config: HttpConfig): Http {
  const timeoutMs = config.fetchTimeoutSeconds * 1000;
  const agent = new Agent({
    connect: config.allowPrivateAddresses ? { timeout: timeoutMs } : guardedConnector(timeoutMs),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const client: Client = {
    agent,
    allowPrivateAddresses: config.allowPrivateAddresses,
    userAgent: config.userAgent,
    fetchTimeoutSeconds: config.fetchTimeoutSeconds,
  };
  return {
    fetchPage: (url, options = {}) =>
      request(
        client,
        url,
        { accept: pageAccept, signal: options.signal, beforeRedirect: options.beforeRedirect },
        (answer) => readPage(answer, config.maxPageBytes),
      ),
    fetchFeed: (url, options = {}) => {
      const headers: Record<string, string> = {};
      if (options.etag) headers['if-none-match'] = options.etag;
      if (options.lastModified) headers['if-modified-since'] = options.lastModified;
      return request(
        client,
        url,
        { accept: feedAccept, headers, signal: options.signal, notModifiedOk: true },
        readFeed,
      );
    },
    fetchText: (url, options) =>
      request(client, url, { accept: 'text/plain, */*;q=0.5', signal: options.signal }, (answer) =>
        readText(answer, options.maxBytes),
      ),
    close: () => agent.close(),
    userAgent: config.userAgent,
  };
}

async function readPage({ requestedUrl, url, response, redirects }: Answer, maxBytes: number): Promise<FetchedPage> {
  const { contentType, html } = await readHtml(response, url, maxBytes);
  return { requestedUrl, url, status: response.status, contentType, html, redirects };
}

async function readFeed({ requestedUrl, url, response, redirects }: Answer): Promise<FetchedFeed> {
  let body: Uint8Array = new Uint8Array(0);
  if (response.status === 304) await response.body?.cancel();
  else body = await readBody(response, maxFeedBytes, url, 'feed');
  return {
    requestedUrl,
    url,
    status: response.status,
    contentType: response.headers.get('content-type'),
    body,
    redirects,
    headers: cacheHeaders(response.headers),
  };
}

async function readText({ url, response }: Answer, maxBytes: number): Promise<FetchedText> {
  const bytes = await readPrefix(response.body, maxBytes);
  return { url, status: response.status, text: Buffer.from(bytes).toString('utf8') };
}

function cacheHeaders(headers: Headers): CacheHeaders {
  return {
    etag: headers.get('etag'),
    lastModified: headers.get('last-modified'),
    cacheControl: headers.get('cache-control'),
    expires: headers.get('expires'),
    retryAfter: headers.get('retry-after'),
    date: headers.get('date'),
  };
}
