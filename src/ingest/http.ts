// Safe outbound HTTP, the only code in Readout that opens sockets to the outside world. It refuses
// non-public addresses (after DNS, at connect time, and on every redirect), caps time and size, and decodes pages.
import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import { Agent, buildConnector, fetch } from 'undici';
import type { Config } from '../config.js';
import { UserError } from '../errors.js';
import { formatBytes } from '../format.js';
import { maxFeedBytes } from './feeds/limits.js';
import { decodeHtml } from './text.js';

/** The address guard said no: the message names the host or address and why. */
export class FetchRefused extends UserError {
  override name = 'FetchRefused';
  url: string | undefined;
  constructor(message: string, url?: string) {
    super('refused', message);
    this.url = url;
  }
}

/** The fetch did not give a usable page: network error, timeout, too large, not HTML, HTTP error, too many redirects. */
export class FetchFailed extends UserError {
  override name = 'FetchFailed';
  url: string | undefined;
  status: number | undefined;
  /** Seconds the server asked Readout to wait (Retry-After on a 429 or 503). */
  retryAfterSeconds: number | undefined;
  /** The answer came from a bot-protection wall (a challenge page), not from the site itself. */
  botProtection: boolean;
  constructor(
    message: string,
    options: {
      url?: string;
      status?: number;
      cause?: unknown;
      retryAfterSeconds?: number;
      botProtection?: boolean;
    } = {},
  ) {
    super('upstream', message, { cause: options.cause });
    this.url = options.url;
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.botProtection = options.botProtection ?? false;
  }
}

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

/** The caller's own check of a redirect target (robots.txt, say); what it throws is what the fetch throws. */
export type RedirectCheck = (url: string) => Promise<void>;

export type HttpConfig = Pick<Config, 'allowPrivateAddresses' | 'userAgent' | 'fetchTimeoutSeconds' | 'maxPageBytes'>;

export const maxRedirects = 5;
const htmlTypes = new Set(['text/html', 'application/xhtml+xml']);
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const allowHint = 'set READOUT_ALLOW_PRIVATE_ADDRESSES=1 to fetch from your own network';
const pageAccept = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1';
const feedAccept =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.1';

interface Answer {
  requestedUrl: string;
  url: string;
  response: Response;
  redirects: string[];
}

export function createHttp(config: HttpConfig): Http {
  const allowPrivate = config.allowPrivateAddresses;
  const timeoutMs = config.fetchTimeoutSeconds * 1000;
  const agent = new Agent({
    connect: allowPrivate ? { timeout: timeoutMs } : guardedConnector(timeoutMs),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });

  /**
   * Follows redirects (each hop checked) to a final answer, then hands it to `read` within the same deadline.
   * Any status other than 2xx (and 304 when `notModifiedOk`) becomes a FetchFailed that says why.
   */
  async function request<T>(
    url: string,
    options: {
      accept: string;
      headers?: Record<string, string>;
      signal?: AbortSignal;
      notModifiedOk?: boolean;
      beforeRedirect?: RedirectCheck;
    },
    read: (answer: Answer) => Promise<T>,
  ): Promise<T> {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    let current = checkTarget(url, { allowPrivateAddresses: allowPrivate });
    const requestedUrl = current.href;
    const redirects: string[] = [];
    const headers = { 'user-agent': config.userAgent, accept: options.accept, ...options.headers };
    const caller: { refused: boolean; error?: unknown } = { refused: false };
    try {
      for (;;) {
        // fetch turns some URLs away before it connects (its blocked ports), so names are checked here too, for
        // the same clear refusal whatever the port; the connector's check at connect time is the one that counts.
        if (!allowPrivate && isIP(bareHost(current)) === 0)
          await untilAborted(publicAddresses(current.hostname), signal);
        const response = (await fetch(current, {
          dispatcher: agent,
          redirect: 'manual',
          signal,
          headers,
        })) as unknown as Response;
        const status = response.status;
        if (redirectStatuses.has(status)) {
          await response.body?.cancel();
          const location = response.headers.get('location');
          if (!location)
            throw new FetchFailed(`${current.href} answered ${status} without a Location header`, {
              url: current.href,
              status,
            });
          if (redirects.length === maxRedirects)
            throw new FetchFailed(
              `${requestedUrl} redirected more than ${maxRedirects} times; stopped at ${current.href}`,
              { url: current.href, status },
            );
          redirects.push(current.href);
          current = checkHop(location, current.href, allowPrivate);
          if (options.beforeRedirect)
            await options.beforeRedirect(current.href).catch((error: unknown) => {
              Object.assign(caller, { refused: true, error });
              throw error;
            });
          continue;
        }
        if (!(status >= 200 && status <= 299) && !(status === 304 && options.notModifiedOk))
          throw await httpError(response, current.href);
        return await read({ requestedUrl, url: current.href, response, redirects });
      }
    } catch (err) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (caller.refused) throw caller.error;
      throw explain(err, {
        url: current.href,
        redirectedFrom: redirects.at(-1),
        timedOut: deadline.aborted,
        seconds: config.fetchTimeoutSeconds,
      });
    }
  }

  function fetchPage(
    url: string,
    options: { signal?: AbortSignal; beforeRedirect?: RedirectCheck } = {},
  ): Promise<FetchedPage> {
    return request(
      url,
      { accept: pageAccept, signal: options.signal, beforeRedirect: options.beforeRedirect },
      async ({ requestedUrl, url, response, redirects }) => {
        const status = response.status;
        const contentTypeHeader = response.headers.get('content-type') ?? '';
        const mediaType = (contentTypeHeader.split(';')[0] ?? '').trim().toLowerCase();
        if (mediaType !== '' && !htmlTypes.has(mediaType)) {
          await response.body?.cancel();
          throw new FetchFailed(`${url} is ${mediaType}, not an HTML page`, { url, status });
        }
        const bytes = await readBody(response, config.maxPageBytes, url);
        if (mediaType === '' && !looksLikeHtml(bytes))
          throw new FetchFailed(`${url} has no content type and does not look like an HTML page`, { url, status });
        return {
          requestedUrl,
          url,
          status,
          contentType: mediaType || 'text/html',
          html: decodeHtml(bytes, charsetOf(contentTypeHeader)),
          redirects,
        };
      },
    );
  }

  function fetchFeed(
    url: string,
    options: { etag?: string | null; lastModified?: string | null; signal?: AbortSignal } = {},
  ): Promise<FetchedFeed> {
    const headers: Record<string, string> = {};
    if (options.etag) headers['if-none-match'] = options.etag;
    if (options.lastModified) headers['if-modified-since'] = options.lastModified;
    return request(
      url,
      { accept: feedAccept, headers, signal: options.signal, notModifiedOk: true },
      async ({ requestedUrl, url, response, redirects }) => {
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
      },
    );
  }

  function fetchText(url: string, options: { maxBytes: number; signal?: AbortSignal }): Promise<FetchedText> {
    return request(url, { accept: 'text/plain, */*;q=0.5', signal: options.signal }, async ({ url, response }) => {
      const bytes = await readPrefix(response.body, options.maxBytes);
      return { url, status: response.status, text: Buffer.from(bytes).toString('utf8') };
    });
  }

  return { fetchPage, fetchFeed, fetchText, close: () => agent.close(), userAgent: config.userAgent };
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

/** Retry-After as seconds from now: either a number of seconds or an HTTP date. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.round((at - now) / 1000));
}

/** Markers of the challenge pages that bot-protection services put in front of a site. */
const botWall =
  /cf-chl|challenge-platform|just a moment\.\.\.|attention required! \| cloudflare|ddos-guard|captcha|are you a (robot|human)|verify you are human|access denied.{0,80}(akamai|incapsula|imperva)|_incapsula_resource|perimeterx|px-captcha|datadome/i;

/** A FetchFailed for a non-2xx answer, saying when it came from bot protection and how long to wait. */
async function httpError(response: Response, url: string): Promise<FetchFailed> {
  const status = response.status;
  const retryAfter = retryAfterSeconds(response.headers.get('retry-after'));
  let botProtection = false;
  if (status === 403 || status === 503 || status === 429) {
    const head = Buffer.from(await readPrefix(response.body, 64 * 1024).catch(() => new Uint8Array(0))).toString(
      'latin1',
    );
    const server = `${response.headers.get('server') ?? ''} ${response.headers.has('cf-ray') ? 'cloudflare' : ''}`;
    botProtection =
      botWall.test(head) || (status !== 429 && /cloudflare|ddos-guard|akamai/i.test(server) && /<html/i.test(head));
  } else {
    await response.body?.cancel();
  }
  const reason = response.statusText ? ` ${response.statusText}` : '';
  let message = `${url} answered ${status}${reason}`;
  if (botProtection)
    message += `: the site's bot protection turned Readout away (a challenge page, not the content); open the URL in a browser, or ask the site to allow Readout's User-Agent`;
  else if (status === 429)
    message += `: the site says Readout asks too often${retryAfter !== undefined ? `; it asked to wait ${retryAfter} s` : ''}`;
  else if (status === 503 && retryAfter !== undefined) message += `; it asked to wait ${retryAfter} s`;
  return new FetchFailed(message, { url, status, retryAfterSeconds: retryAfter, botProtection });
}

async function readBody(response: Response, max: number, url: string, what = 'page'): Promise<Uint8Array> {
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  if (!response.headers.has('content-encoding') && length > max) {
    await response.body?.cancel();
    throw tooLarge(url, max, `it is ${formatBytes(length)}`, what);
  }
  return readCapped(response.body, max, url, what);
}

/** At most `max` bytes from the start of a body; the rest is not downloaded. */
async function readPrefix(body: ReadableStream<Uint8Array> | null, max: number): Promise<Uint8Array> {
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

/**
 * Checks one URL before it is requested: the first one, and every redirect target (resolved against `base`).
 * Only http: and https:; an IP literal host must be public unless private addresses are allowed. Host names
 * are checked after DNS, at connect time, by the connector below.
 */
export function checkTarget(url: string, options: { base?: string; allowPrivateAddresses: boolean }): URL {
  let target: URL;
  try {
    target = new URL(url, options.base);
  } catch {
    throw new FetchFailed(`${JSON.stringify(url)} is not a valid URL`, { url });
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    throw new FetchRefused(`${target.href} is not an http: or https: URL; Readout fetches only those`, target.href);
  if (target.username !== '' || target.password !== '')
    throw new FetchRefused(
      `${target.host} was given with a user name or password; Readout does not send them`,
      `${target.protocol}//${target.host}/`,
    );
  const host = bareHost(target);
  if (!options.allowPrivateAddresses && isIP(host) !== 0) {
    const reason = classifyAddress(host);
    if (reason) throw new FetchRefused(`${host} is ${reason}; ${allowHint}`, target.href);
  }
  return target;
}

function checkHop(location: string, from: string, allowPrivateAddresses: boolean): URL {
  try {
    return checkTarget(location, { base: from, allowPrivateAddresses });
  } catch (err) {
    if (err instanceof FetchRefused)
      err.message = `${from} redirected to ${location}, which was refused: ${err.message}`;
    else if (err instanceof FetchFailed) err.message = `${from} redirected to ${location}: ${err.message}`;
    throw err;
  }
}

/**
 * The connector for the guarded agent: resolves every address of the host, refuses if any is not public,
 * and connects only to the addresses it checked (so DNS cannot change its answer in between). As a last
 * check it looks at the address the socket actually reached before any request byte is written.
 */
function guardedConnector(timeoutMs: number): buildConnector.connector {
  const connect = buildConnector({ timeout: timeoutMs, lookup: guardedLookup });
  return (options, callback) =>
    connect(options, (err, socket) => {
      if (err) return callback(err, null);
      const address = (socket as Socket).remoteAddress ?? '';
      const reason = classifyAddress(address);
      if (!reason) return callback(null, socket as Socket);
      socket?.destroy();
      callback(new FetchRefused(`${options.hostname} connected to ${address}, ${reason}; ${allowHint}`), null);
    });
}

const guardedLookup: LookupFunction = (hostname, options, callback) => {
  publicAddresses(hostname, options.family).then(
    (addresses) => {
      const first = addresses[0] as LookupAddress;
      if (options.all) callback(null, addresses);
      else callback(null, first.address, first.family);
    },
    (err) => callback(err, ''),
  );
};

/** Every address of a host name, or FetchRefused when any of them is not public. */
async function publicAddresses(hostname: string, family?: number | 'IPv4' | 'IPv6'): Promise<LookupAddress[]> {
  const addresses = await dnsLookup(hostname, { all: true, family: family ?? 0 });
  for (const { address } of addresses) {
    const reason = classifyAddress(address);
    if (reason) throw new FetchRefused(`${hostname} resolves to ${address}, ${reason}; ${allowHint}`);
  }
  return addresses;
}

/** DNS lookups take no signal; this keeps a slow one inside the deadline. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const stop = () => reject(signal.reason);
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** Turns whatever fetch threw into a FetchRefused or FetchFailed with a message a user can act on. */
function explain(
  err: unknown,
  at: { url: string; redirectedFrom: string | undefined; timedOut: boolean; seconds: number },
): Error {
  if (err instanceof FetchFailed) return err;
  const refused = findCause(err, (e) => e instanceof FetchRefused) as FetchRefused | undefined;
  // A refusal with a URL already names it; one from DNS does not yet.
  if (refused?.url) return refused;
  if (refused) {
    const message = at.redirectedFrom
      ? `${at.redirectedFrom} redirected to ${at.url}, which was refused: ${refused.message}`
      : refused.message;
    return new FetchRefused(message, at.url);
  }
  if (at.timedOut)
    return new FetchFailed(`${at.url} did not finish within ${at.seconds} s (READOUT_FETCH_TIMEOUT)`, {
      url: at.url,
      cause: err,
    });
  const cause = findCause(err, (e) => typeof (e as NodeJS.ErrnoException).code === 'string') ?? deepestCause(err);
  const code = (cause as NodeJS.ErrnoException).code;
  const detail =
    code === 'ENOTFOUND' ? `no such host (${new URL(at.url).hostname})` : (cause as Error).message || String(cause);
  return new FetchFailed(`could not fetch ${at.url}: ${detail}`, { url: at.url, cause: err });
}

function deepestCause(err: unknown): unknown {
  let e = err;
  for (let depth = 0; e instanceof Error && e.cause !== undefined && depth < 8; depth++) e = e.cause;
  return e;
}

function findCause(err: unknown, test: (e: unknown) => boolean): unknown {
  for (let e = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) if (test(e)) return e;
  return undefined;
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

// ---- Address classification ---------------------------------------------------------------------------------

type Range = { network: string; prefix: number; reason: string };
type EmbeddedRange = { network: string; prefix: number; embedded: string; shift: bigint };

// First match wins, so narrower ranges come before the wider ones that contain them.
const ipv4Ranges: Range[] = [
  { network: '255.255.255.255', prefix: 32, reason: 'a broadcast address' },
  { network: '0.0.0.0', prefix: 32, reason: 'an unspecified address' },
  { network: '0.0.0.0', prefix: 8, reason: 'a reserved address ("this network")' },
  { network: '10.0.0.0', prefix: 8, reason: 'a private address' },
  { network: '100.64.0.0', prefix: 10, reason: 'a carrier-grade NAT address' },
  { network: '127.0.0.0', prefix: 8, reason: 'a loopback address' },
  { network: '169.254.0.0', prefix: 16, reason: 'a link-local address' },
  { network: '172.16.0.0', prefix: 12, reason: 'a private address' },
  { network: '192.0.0.0', prefix: 24, reason: 'a reserved address (IETF protocol assignments)' },
  { network: '192.0.2.0', prefix: 24, reason: 'a reserved address (documentation)' },
  { network: '192.88.99.0', prefix: 24, reason: 'a reserved address (6to4 relay)' },
  { network: '192.168.0.0', prefix: 16, reason: 'a private address' },
  { network: '198.18.0.0', prefix: 15, reason: 'a reserved address (benchmarking)' },
  { network: '198.51.100.0', prefix: 24, reason: 'a reserved address (documentation)' },
  { network: '203.0.113.0', prefix: 24, reason: 'a reserved address (documentation)' },
  { network: '224.0.0.0', prefix: 4, reason: 'a multicast address' },
  { network: '240.0.0.0', prefix: 4, reason: 'a reserved address' },
];

// IPv6 ranges that carry an IPv4 address: the IPv4 address inside decides.
const ipv6Embedded: EmbeddedRange[] = [
  { network: '::ffff:0:0', prefix: 96, embedded: 'IPv4-mapped', shift: 0n },
  { network: '64:ff9b::', prefix: 96, embedded: 'NAT64 for', shift: 0n },
  { network: '2002::', prefix: 16, embedded: '6to4 for', shift: 80n },
];

const ipv6Ranges: Range[] = [
  { network: '::', prefix: 128, reason: 'an unspecified address' },
  { network: '::1', prefix: 128, reason: 'a loopback address' },
  { network: '::', prefix: 96, reason: 'a reserved address (IPv4-compatible)' },
  { network: '64:ff9b:1::', prefix: 48, reason: 'a reserved address (local NAT64)' },
  { network: '100::', prefix: 64, reason: 'a reserved address (discard-only)' },
  { network: '2001:db8::', prefix: 32, reason: 'a reserved address (documentation)' },
  { network: '2001::', prefix: 23, reason: 'a reserved address (IETF protocol assignments)' },
  { network: 'fc00::', prefix: 7, reason: 'a private address (unique local)' },
  { network: 'fe80::', prefix: 10, reason: 'a link-local address' },
  { network: 'fec0::', prefix: 10, reason: 'a private address (site-local)' },
  { network: 'ff00::', prefix: 8, reason: 'a multicast address' },
];

/**
 * Why an address must not be fetched from, as "a loopback address", "a private address", …; null when it is
 * a public address. Takes IPv4 or IPv6 text (brackets and a zone are allowed); anything else is refused.
 */
export function classifyAddress(ip: string): string | null {
  const address = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const version = isIP(address);
  if (version === 4) return classifyIPv4(ipv4ToNumber(address));
  if (version !== 6) return 'not an IP address';
  const value = ipv6ToBigInt(address);
  for (const range of ipv6Embedded) {
    if (!inRange(value, ipv6ToBigInt(range.network), range.prefix, 128)) continue;
    const v4 = Number((value >> range.shift) & 0xffffffffn);
    const reason = classifyIPv4(v4);
    return reason && `${reason} (${range.embedded} ${numberToIPv4(v4)})`;
  }
  for (const range of ipv6Ranges)
    if (inRange(value, ipv6ToBigInt(range.network), range.prefix, 128)) return range.reason;
  // Global unicast is 2000::/3; everything outside it is unassigned or special.
  return inRange(value, 0x2n << 124n, 3, 128) ? null : 'a reserved address';
}

function classifyIPv4(value: number): string | null {
  for (const range of ipv4Ranges)
    if (inRange(BigInt(value), BigInt(ipv4ToNumber(range.network)), range.prefix, 32)) return range.reason;
  return null;
}

function inRange(value: bigint, network: bigint, prefix: number, width: number): boolean {
  const shift = BigInt(width - prefix);
  return value >> shift === network >> shift;
}

function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function numberToIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function ipv6ToBigInt(ip: string): bigint {
  let text = ip;
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipv4ToNumber(dotted[2] as string);
    text = `${dotted[1]}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all =
    tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return all.reduce((acc, group) => (acc << 16n) | BigInt(Number.parseInt(group, 16)), 0n);
}
