// A farm of feed servers for bench:feeds: `hosts` loopback addresses (127.0.1.1, 127.0.1.2, …), each serving its
// share of `feeds` RSS feeds of `items` entries with full content, an ETag, and 304 for a matching If-None-Match.
// Run as a child process so that its memory and CPU are not counted as Readout's. Prints the feed URLs as JSON.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const [feeds = 1000, items = 50, hosts = 250] = process.argv.slice(2).map(Number);

function paragraph(feed: number, item: number, n: number): string {
  return `<p>Paragraph ${n} of item ${item} in feed ${feed}: the council heard from ferry operators, harbour pilots and residents about the timetable, the fares and the night crossings that the new contract would cut.</p>`;
}

function document(feed: number): string {
  const entries = [];
  for (let i = 0; i < items; i++) {
    const date = new Date(Date.UTC(2026, 10, 28, 12) - (feed * items + i) * 60_000).toUTCString();
    const body = Array.from({ length: 8 }, (_, n) => paragraph(feed, i, n + 1)).join('');
    entries.push(
      `<item><title>Feed ${feed} story ${i}: harbour report</title><link>https://feed${feed}.example/stories/${i}</link><guid isPermaLink="false">feed-${feed}-item-${i}</guid><pubDate>${date}</pubDate><description>Summary of story ${i}.</description><content:encoded><![CDATA[${body}]]></content:encoded></item>`,
    );
  }
  return `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench Feed ${feed}</title><link>https://feed${feed}.example/</link><description>Feed ${feed}</description>${entries.join('\n')}</channel></rss>`;
}

const bodies = new Map<string, Buffer>();
for (let f = 0; f < feeds; f++) bodies.set(`/feeds/${f}.xml`, Buffer.from(document(f)));

const urls: string[] = [];
let requests = 0;
let notModified = 0;
const servers = await Promise.all(
  Array.from({ length: hosts }, (_, h) => {
    const server = createServer((req, res) => {
      requests++;
      const body = bodies.get(req.url ?? '');
      if (!body) {
        res.writeHead(404);
        return res.end();
      }
      const etag = `"${req.url}-v1"`;
      if (req.headers['if-none-match'] === etag) {
        notModified++;
        res.writeHead(304, { etag });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag, 'content-length': body.length });
      res.end(body);
    });
    const address = `127.0.1.${h + 1}`;
    return new Promise<{ address: string; port: number }>((resolve) =>
      server.listen(0, address, () => resolve({ address, port: (server.address() as AddressInfo).port })),
    );
  }),
);
for (let f = 0; f < feeds; f++) {
  const { address, port } = servers[f % hosts] as { address: string; port: number };
  urls.push(`http://${address}:${port}/feeds/${f}.xml`);
}
process.stdout.write(`${JSON.stringify(urls)}\n`);
process.on('message', () => process.send?.({ requests, notModified }));
