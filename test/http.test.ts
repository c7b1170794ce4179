// Safe fetching: the address guard, redirects, time and size caps, content types and charsets, against real
// HTTP servers on loopback. The guard is on by default; tests that fetch from the local server turn it off.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { loadConfig } from '../src/config.js';
import { checkTarget, classifyAddress, createHttp, FetchFailed, FetchRefused, type Http } from '../src/ingest/http.js';

interface TestServer {
  port: number;
  base: string;
  requests: { url: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/** An HTTP server on every loopback address (IPv4 and IPv6) that records what reached it. */
async function serve(handler: RequestListener): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '::', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    base: `http://localhost:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const page =
  '<!doctype html><html><head><title>Harbour reopens</title></head><body><p>Boats are back.</p></body></html>';
// “Café” – 5 € in Windows-1252: curly quotes, en dash and euro sign are where Latin-1 has control characters.
const cp1252Text = Buffer.from([0x93, 0x43, 0x61, 0x66, 0xe9, 0x94, 0x20, 0x96, 0x20, 0x35, 0x20, 0x80]);
const cp1252Decoded = '\u201cCaf\u00e9\u201d \u2013 5 \u20ac';
const mib = 1024 * 1024;

describe('safe fetching with the address guard on (the default)', () => {
  let server: TestServer;
  let http: Http;

  before(async () => {
    server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(page);
    });
    http = createHttp(loadConfig({}));
  });
  after(async () => {
    await http.close();
    await server.close();
  });

  const refusals: [host: string, why: RegExp][] = [
    ['127.0.0.1', /^127\.0\.0\.1 is a loopback address/],
    ['localhost', /^localhost resolves to (127\.0\.0\.1|::1), a loopback address/],
    ['[::1]', /^::1 is a loopback address/],
    ['0.0.0.0', /^0\.0\.0\.0 is an unspecified address/],
    ['10.0.0.1', /^10\.0\.0\.1 is a private address/],
    ['172.16.0.1', /^172\.16\.0\.1 is a private address/],
    ['192.168.1.1', /^192\.168\.1\.1 is a private address/],
    ['169.254.169.254', /^169\.254\.169\.254 is a link-local address/],
    ['100.64.0.1', /^100\.64\.0\.1 is a carrier-grade NAT address/],
    ['[fc00::1]', /^fc00::1 is a private address \(unique local\)/],
    ['[fe80::1]', /^fe80::1 is a link-local address/],
    ['[::ffff:127.0.0.1]', /^::ffff:7f00:1 is a loopback address \(IPv4-mapped 127\.0\.0\.1\)/],
    ['2130706433', /^127\.0\.0\.1 is a loopback address/],
    ['0x7f.1', /^127\.0\.0\.1 is a loopback address/],
    ['017700000001', /^127\.0\.0\.1 is a loopback address/],
  ];
  for (const [host, why] of refusals) {
    it(`refuses http://${host}/ and says why, without connecting`, async () => {
      await assert.rejects(
        http.fetchPage(`http://${host}:${server.port}/news`),
        (err: unknown) =>
          err instanceof FetchRefused && why.test(err.message) && /READOUT_ALLOW_PRIVATE_ADDRESSES=1/.test(err.message),
      );
      assert.equal(server.requests.length, 0);
    });
  }

  it('refuses a loopback name the same way on a port that fetch blocks by itself', async () => {
    await assert.rejects(
      http.fetchPage('http://localhost:25/'),
      (err: unknown) =>
        err instanceof FetchRefused && /^localhost resolves to .*, a loopback address/.test(err.message),
    );
  });

  it('refuses URLs that are not http: or https:', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.org/news.html', 'gopher://example.org/']) {
      await assert.rejects(
        http.fetchPage(url),
        (err: unknown) => err instanceof FetchRefused && /is not an http: or https: URL/.test(err.message),
      );
    }
  });

  it('refuses a name that cannot be resolved with FetchFailed', async () => {
    await assert.rejects(
      http.fetchPage('http://no-such-host.invalid/'),
      (err: unknown) => err instanceof FetchFailed && /no such host \(no-such-host\.invalid\)/.test(err.message),
    );
  });

  it('checks every redirect target before following it', () => {
    const base = 'http://news.example.org/story';
    assert.throws(
      () => checkTarget('http://169.254.169.254/latest/meta-data/', { base, allowPrivateAddresses: false }),
      (err: unknown) => err instanceof FetchRefused && /^169\.254\.169\.254 is a link-local address/.test(err.message),
    );
    assert.throws(
      () => checkTarget('//[::1]/admin', { base, allowPrivateAddresses: false }),
      (err: unknown) => err instanceof FetchRefused && /^::1 is a loopback address/.test(err.message),
    );
    assert.throws(() => checkTarget('file:///etc/passwd', { base, allowPrivateAddresses: true }), FetchRefused);
    assert.equal(checkTarget('/next', { base, allowPrivateAddresses: false }).href, 'http://news.example.org/next');
    assert.equal(
      checkTarget('http://169.254.169.254/', { base, allowPrivateAddresses: true }).href,
      'http://169.254.169.254/',
    );
  });

  it('classifies public, private and reserved addresses, IPv4 and IPv6', () => {
    const cases: [string, string | null][] = [
      ['93.184.215.14', null],
      ['8.8.8.8', null],
      ['2606:4700:4700::1111', null],
      ['::ffff:8.8.8.8', null],
      ['64:ff9b::808:808', null],
      ['127.0.0.53', 'a loopback address'],
      ['172.31.255.255', 'a private address'],
      ['172.32.0.1', null],
      ['100.127.255.255', 'a carrier-grade NAT address'],
      ['100.128.0.1', null],
      ['192.0.2.1', 'a reserved address (documentation)'],
      ['198.19.0.1', 'a reserved address (benchmarking)'],
      ['224.0.0.1', 'a multicast address'],
      ['240.0.0.1', 'a reserved address'],
      ['255.255.255.255', 'a broadcast address'],
      ['::', 'an unspecified address'],
      ['[::1]', 'a loopback address'],
      ['::ffff:10.0.0.7', 'a private address (IPv4-mapped 10.0.0.7)'],
      ['64:ff9b::a9fe:a9fe', 'a link-local address (NAT64 for 169.254.169.254)'],
      ['2002:7f00:1::', 'a loopback address (6to4 for 127.0.0.1)'],
      ['100::1', 'a reserved address (discard-only)'],
      ['2001:db8::1', 'a reserved address (documentation)'],
      ['2001:0:4136:e378::1', 'a reserved address (IETF protocol assignments)'],
      ['fd12:3456::1', 'a private address (unique local)'],
      ['fe80::1%eth0', 'a link-local address'],
      ['ff02::1', 'a multicast address'],
      ['4000::1', 'a reserved address'],
      ['example.org', 'not an IP address'],
    ];
    for (const [ip, reason] of cases) assert.equal(classifyAddress(ip), reason, ip);
  });

  it('names Readout and its version in the default User-Agent', () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    assert.equal(http.userAgent, `Readout/${version} (self-hosted news clipping service)`);
  });
});

describe('safe fetching from a local server (guard off through config)', () => {
  let server: TestServer;
  const open: Http[] = [];
  const client = (settings: Record<string, string> = {}) => {
    const http = createHttp(loadConfig({ READOUT_ALLOW_PRIVATE_ADDRESSES: '1', ...settings }));
    open.push(http);
    return http;
  };

  before(async () => {
    server = await serve((req, res) => {
      const path = new URL(req.url ?? '/', 'http://test').pathname;
      const hop = /^\/hop\/(\d+)$/.exec(path);
      if (hop) {
        const left = Number(hop[1]);
        res.writeHead(302, { location: left > 1 ? `/hop/${left - 1}` : '/page' });
        res.end();
      } else if (path === '/page') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(page);
      } else if (path === '/to-file') {
        res.writeHead(302, { location: 'file:///etc/passwd' });
        res.end();
      } else if (path === '/to-ftp') {
        res.writeHead(301, { location: 'ftp://example.org/news.html' });
        res.end();
      } else if (path === '/big' || path === '/big-declared') {
        const total = 16 * mib;
        const chunk = Buffer.alloc(64 * 1024, 'a');
        const headers: Record<string, string | number> = { 'content-type': 'text/html' };
        if (path === '/big-declared') headers['content-length'] = total;
        res.writeHead(200, headers);
        let sent = 0;
        const pump = () => {
          while (sent < total && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
      } else if (path === '/report.pdf') {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.end('%PDF-1.7\n');
      } else if (path === '/silent') {
        // Never answers.
      } else if (path === '/stalls') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<!doctype html><p>The first half');
      } else if (path === '/cp1252-header') {
        res.writeHead(200, { 'content-type': 'text/html; charset=windows-1252' });
        res.end(Buffer.concat([Buffer.from('<!doctype html><p>'), cp1252Text, Buffer.from('</p>')]));
      } else if (path === '/cp1252-meta') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(Buffer.concat([Buffer.from('<html><head><meta charset="windows-1252"><p>'), cp1252Text]));
      } else if (path === '/cp1252-http-equiv') {
        res.writeHead(200, { 'content-type': 'text/html' });
        const meta = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>';
        res.end(Buffer.concat([Buffer.from(meta), cp1252Text]));
      } else if (path === '/declared-over-utf8') {
        res.writeHead(200, { 'content-type': 'text/html; charset=windows-1252' });
        res.end(Buffer.from('<p>Caf\u00e9</p>', 'utf8'));
      } else if (path === '/undeclared') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(Buffer.concat([Buffer.from('<p>'), cp1252Text]));
      } else if (path === '/bom') {
        res.writeHead(200, { 'content-type': 'text/html; charset=windows-1252' });
        res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<p>Caf\u00e9</p>', 'utf8')]));
      } else if (path === '/gzip' || path === '/br' || path === '/deflate') {
        const encode = { '/gzip': gzipSync, '/br': brotliCompressSync, '/deflate': deflateSync }[path];
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': path.slice(1) });
        res.end(encode(Buffer.from(page)));
      } else if (path === '/untyped-html') {
        res.end('\n  <!DOCTYPE html><title>No type</title>');
      } else if (path === '/untyped-binary') {
        res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]));
      } else if (path === '/no-location') {
        res.writeHead(302);
        res.end();
      } else {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<p>Not here</p>');
      }
    });
  });
  after(async () => {
    await Promise.all(open.map((http) => http.close()));
    await server.close();
  });

  it('fetches an HTML page', async () => {
    const fetched = await client().fetchPage(`${server.base}/page`);
    assert.deepEqual(fetched, {
      requestedUrl: `${server.base}/page`,
      url: `${server.base}/page`,
      status: 200,
      contentType: 'text/html',
      html: page,
      redirects: [],
    });
  });

  it('sends the User-Agent from the setting, naming Readout and its version by default', async () => {
    await client().fetchPage(`${server.base}/page?ua=default`);
    const contact = 'Readout/0.1.0 (+https://example.org/contact)';
    await client({ READOUT_USER_AGENT: contact }).fetchPage(`${server.base}/page?ua=custom`);
    const seen = (query: string) => server.requests.find((r) => r.url.endsWith(query))?.headers['user-agent'];
    assert.equal(seen('ua=default'), 'Readout/0.1.0 (self-hosted news clipping service)');
    assert.equal(seen('ua=custom'), contact);
  });

  it('follows up to five redirects and lists them', async () => {
    const fetched = await client().fetchPage(`${server.base}/hop/5`);
    assert.equal(fetched.url, `${server.base}/page`);
    assert.deepEqual(
      fetched.redirects,
      [5, 4, 3, 2, 1].map((n) => `${server.base}/hop/${n}`),
    );
  });

  it('refuses a sixth redirect', async () => {
    await assert.rejects(
      client().fetchPage(`${server.base}/hop/6`),
      (err: unknown) =>
        err instanceof FetchFailed &&
        err.message === `${server.base}/hop/6 redirected more than 5 times; stopped at ${server.base}/hop/1`,
    );
  });

  it('refuses a redirect to a file: or ftp: URL', async () => {
    await assert.rejects(
      client().fetchPage(`${server.base}/to-file`),
      (err: unknown) =>
        err instanceof FetchRefused &&
        err.message.startsWith(`${server.base}/to-file redirected to file:///etc/passwd, which was refused:`),
    );
    await assert.rejects(
      client().fetchPage(`${server.base}/to-ftp`),
      (err: unknown) =>
        err instanceof FetchRefused && /ftp:\/\/example\.org\/news\.html is not an http:/.test(err.message),
    );
  });

  it('refuses a page larger than 15 MiB, counting while it streams', async () => {
    for (const path of ['/big', '/big-declared']) {
      await assert.rejects(
        client().fetchPage(`${server.base}${path}`),
        (err: unknown) =>
          err instanceof FetchFailed &&
          err.message.startsWith(`${server.base}${path} is larger than 15 MiB, the most Readout downloads`),
      );
    }
  });

  it('refuses a PDF: only HTML and XHTML pages', async () => {
    await assert.rejects(
      client().fetchPage(`${server.base}/report.pdf`),
      (err: unknown) =>
        err instanceof FetchFailed && err.message === `${server.base}/report.pdf is application/pdf, not an HTML page`,
    );
  });

  it('accepts a page without a content type only when it looks like HTML', async () => {
    const http = client();
    const fetched = await http.fetchPage(`${server.base}/untyped-html`);
    assert.equal(fetched.contentType, 'text/html');
    await assert.rejects(
      http.fetchPage(`${server.base}/untyped-binary`),
      (err: unknown) => err instanceof FetchFailed && /has no content type and does not look like/.test(err.message),
    );
  });

  it('times out a server that never answers, and one that stops halfway', async () => {
    const http = client({ READOUT_FETCH_TIMEOUT: '1' });
    for (const path of ['/silent', '/stalls']) {
      const started = Date.now();
      await assert.rejects(
        http.fetchPage(`${server.base}${path}`),
        (err: unknown) =>
          err instanceof FetchFailed &&
          err.message === `${server.base}${path} did not finish within 1 s (READOUT_FETCH_TIMEOUT)`,
      );
      assert.ok(Date.now() - started < 3000, `${path} took ${Date.now() - started} ms`);
    }
  });

  it("stops when the caller's signal aborts", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(
      client().fetchPage(`${server.base}/silent`, { signal: controller.signal }),
      (err: unknown) => err instanceof Error && err.name === 'AbortError',
    );
  });

  it('decodes a windows-1252 page declared in the Content-Type header', async () => {
    const http = client();
    assert.match((await http.fetchPage(`${server.base}/cp1252-header`)).html, new RegExp(`<p>${cp1252Decoded}</p>`));
    // The declaration wins even over bytes that happen to be valid UTF-8.
    assert.equal((await http.fetchPage(`${server.base}/declared-over-utf8`)).html, '<p>Caf\u00c3\u00a9</p>');
  });

  it('decodes a windows-1252 page declared by <meta charset> or http-equiv', async () => {
    const http = client();
    assert.ok((await http.fetchPage(`${server.base}/cp1252-meta`)).html.endsWith(`<p>${cp1252Decoded}`));
    assert.ok((await http.fetchPage(`${server.base}/cp1252-http-equiv`)).html.endsWith(`<p>${cp1252Decoded}`));
  });

  it('decodes undeclared pages as UTF-8 when valid, else windows-1252, and lets a BOM decide first', async () => {
    const http = client();
    assert.equal((await http.fetchPage(`${server.base}/undeclared`)).html, `<p>${cp1252Decoded}`);
    assert.equal((await http.fetchPage(`${server.base}/bom`)).html, '<p>Caf\u00e9</p>');
  });

  it('decompresses gzip, brotli and deflate pages', async () => {
    const http = client();
    for (const path of ['/gzip', '/br', '/deflate'])
      assert.equal((await http.fetchPage(`${server.base}${path}`)).html, page, path);
  });

  it('fails with the status on 404 and on a redirect without a Location', async () => {
    await assert.rejects(
      client().fetchPage(`${server.base}/missing`),
      (err: unknown) =>
        err instanceof FetchFailed &&
        err.status === 404 &&
        err.message === `${server.base}/missing answered 404 Not Found`,
    );
    await assert.rejects(
      client().fetchPage(`${server.base}/no-location`),
      (err: unknown) =>
        err instanceof FetchFailed && err.status === 302 && /without a Location header/.test(err.message),
    );
  });
});
