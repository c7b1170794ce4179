// The guards every request passes before a route sees it, and the headers every answer carries: the host name
// it was sent to (DNS rebinding), where a change comes from (cross-site requests), and how large its body may be.
import { isIP } from 'node:net';
import type { Context, Env, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from '../config.js';
import { formatBytes } from '../format.js';
import { maxOpmlBytes } from '../ingest/feeds/limits.js';
import { apiError, isApiPath } from './api/errors.js';
import { problemPage } from './pages/not-found.js';

export function protect<E extends Env>(app: Hono<E>, config: Pick<Config, 'baseUrl' | 'maxClippingBytes'>): void {
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
      },
      // Same-origin referrers let the Go back link use history (and keep the list's scroll position);
      // other sites still learn nothing.
      referrerPolicy: 'same-origin',
    }),
  );
  app.use(hostGuard(config.baseUrl));
  app.use(crossSiteGuard(config.baseUrl));
  app.use(bodyLimits(config.maxClippingBytes));
}

/** A refusal in the shape the caller reads: JSON under /api, a page for readers. */
function refuse(c: Context, status: 403 | 413, title: string, message: string) {
  return isApiPath(c.req.path) ? apiError(c, status, message, null) : problemPage(c, status, title, message);
}

/**
 * A page on another site can make a browser send requests here under a name that its owner points at
 * 127.0.0.1 (DNS rebinding); the browser then treats Readout as that site's own and lets it read the answers.
 * Such a request names the other site in its Host header, so Readout answers only to the loopback names, to
 * IP addresses (which no other site can be served at), and to the host of READOUT_BASE_URL.
 */
function hostGuard(baseUrl: string): MiddlewareHandler {
  const publicHost = baseUrl ? new URL(baseUrl).hostname : null;
  return async (c, next) => {
    const host = new URL(c.req.url).hostname;
    // The stylesheet and script are the same for everyone: served to any name, they make the refusal readable.
    if (c.req.path.startsWith('/assets/')) return next();
    if (host === publicHost || isLoopbackName(host) || isIP(host.replace(/^\[(.*)\]$/, '$1')) !== 0) return next();
    return refuse(
      c,
      403,
      'Unknown host name',
      `Readout does not answer to the host name "${host}". Reach it at localhost or at its IP address; ` +
        'if it is served at that name, set READOUT_BASE_URL to its address (such as https://news.example.org).',
    );
  };
}

const isLoopbackName = (host: string) => host === 'localhost' || host.endsWith('.localhost');

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Changes (every method but GET, HEAD and OPTIONS) are taken from Readout's own pages and from clients that are
 * not browsers. Browsers say where a request comes from: `Sec-Fetch-Site` (every current browser), else `Origin`.
 * A request with neither comes from a program (curl, a script), which no other website can drive.
 */
function crossSiteGuard(baseUrl: string): MiddlewareHandler {
  return async (c, next) => {
    if (safeMethods.has(c.req.method)) return next();
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    if (site !== undefined ? site === 'same-origin' || site === 'none' : sameOrigin(origin, c.req.url, baseUrl))
      return next();
    return refuse(
      c,
      403,
      'Refused a request from another site',
      `Readout refused a ${c.req.method} from ${origin ?? 'another site'}: it takes changes only from its own pages ` +
        '(and from programs such as curl, which send no Origin). Make the change from Readout itself.',
    );
  };
}

function sameOrigin(origin: string | undefined, requestUrl: string, baseUrl: string): boolean {
  if (origin === undefined) return true;
  if (baseUrl && origin === baseUrl) return true;
  try {
    // The host alone: behind a proxy that ends TLS, the browser's https origin reaches Readout as http.
    return new URL(origin).host === new URL(requestUrl).host;
  } catch {
    return false; // "null" (a sandboxed frame, a privacy redirect) or garbage
  }
}

/** The largest body each route takes; every other request may carry at most a small form. */
function bodyLimits(maxClippingBytes: number): MiddlewareHandler {
  const limits = [
    { method: 'POST', path: '/api/articles', bytes: maxClippingBytes, what: 'one article' },
    { method: 'POST', path: '/api/opml', bytes: maxOpmlBytes, what: 'an OPML subscription list' },
    // The file arrives inside a multipart form, a few hundred bytes larger than the file.
    { method: 'POST', path: '/feeds/opml', bytes: maxOpmlBytes + 16 * 1024, what: 'an OPML subscription list' },
  ].map((limit) => ({ ...limit, check: limitTo(limit.bytes, limit.what) }));
  const otherwise = limitTo(64 * 1024, 'a form or an API request');
  return (c, next) => {
    const limit = limits.find((l) => l.method === c.req.method && l.path === c.req.path);
    return (limit?.check ?? otherwise)(c, next);
  };
}

function limitTo(bytes: number, what: string): MiddlewareHandler {
  return bodyLimit({
    maxSize: bytes,
    onError: (c) =>
      refuse(
        c,
        413,
        'Too large',
        `The request's body is larger than ${formatBytes(bytes)}, the most Readout takes for ${what}. Send less.`,
      ),
  });
}

/** Where absolute links point: READOUT_BASE_URL, else the address (a host name the guard let in) it was asked at. */
export function publicOrigin(c: Context, config: Pick<Config, 'baseUrl'>): string {
  return config.baseUrl || new URL(c.req.url).origin;
}
