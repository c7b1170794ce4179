// The HTML extractor on small pages written for these tests and on mutated real pages: metadata, body,
// related links and paywall land where they belong, and bad input gives a record or an ExtractionError fast.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { type ExtractedArticle, ExtractionError, extractArticle } from '../src/ingest/html/index.js';
import { decodeHtml } from '../src/ingest/text.js';

const fixtures = fileURLToPath(new URL('./fixtures/html/', import.meta.url));
const referencePages = resolve(fileURLToPath(new URL('..', import.meta.url)), '../shared/data/extraction/html');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');

/** Runs the extractor and asserts the robustness bound: a record or an ExtractionError, within 2 s. */
function extractWithin2s(html: string, label: string): ExtractedArticle | ExtractionError {
  const start = performance.now();
  let outcome: ExtractedArticle | ExtractionError;
  try {
    outcome = extractArticle(html, { url: 'https://news.example/2026/story' });
  } catch (err) {
    if (!(err instanceof ExtractionError)) assert.fail(`${label}: crashed with ${(err as Error).stack}`);
    outcome = err;
  }
  const ms = performance.now() - start;
  assert.ok(ms < 2000, `${label}: took ${ms.toFixed(0)} ms`);
  if (!(outcome instanceof ExtractionError)) {
    assert.equal(typeof outcome.headline, 'string', `${label}: headline`);
    assert.ok(Array.isArray(outcome.paragraphs), `${label}: paragraphs`);
  }
  return outcome;
}

describe('the HTML extractor', () => {
  it('reads headline, deck, byline, date, source and language from a JSON-LD @graph NewsArticle', () => {
    const article = extractArticle(fixture('graph-article.html'), { url: 'https://almerpost.example/a?utm=x' });
    assert.equal(article.headline, 'Harbor Fees Rise for the First Time in a Decade');
    assert.equal(article.deck, 'Commissioners cite dock repairs and a shrinking reserve fund');
    assert.equal(article.byline, 'Jane Doe and Ana de la Cruz');
    assert.equal(article.publishedAt, '2026-03-03T16:15:00-05:00');
    assert.equal(article.source.name, 'The Almer Post');
    assert.equal(article.source.homepage, 'https://almerpost.example');
    assert.equal(article.language, 'en-GB');
    assert.equal(article.canonicalUrl, 'https://almerpost.example/2026/03/03/harbor-fees-rise');
    assert.equal(article.url, 'https://almerpost.example/a?utm=x');
    assert.equal(article.leadImage, 'https://almerpost.example/images/harbor.jpg');
    assert.equal(article.paywalled, false);
    assert.deepEqual(article.extraction.method, 'html');
  });

  it('falls back to OpenGraph and meta tags, drops the site suffix and cleans the byline', () => {
    const article = extractArticle(fixture('opengraph.html'));
    assert.equal(article.headline, 'Ferry Runs Late as Fog Settles Over the Bay');
    assert.equal(article.byline, 'SAM LEE');
    assert.equal(article.source.name, 'Bayside Courier');
    assert.equal(article.publishedAt, '2026-04-06T08:30:00+01:00');
    assert.equal(article.language, 'en-US');
    assert.equal(article.deck, 'Commuters waited two hours on Monday as thick fog kept the morning ferry in port.');
    assert.equal(article.paragraphs.length, 3);
  });

  it('keeps subheadings, lists, quotes and captions, and drops share bars, newsletter boxes and comments', () => {
    const article = extractArticle(fixture('graph-article.html'), { url: 'https://almerpost.example/a' });
    const text = article.paragraphs.join('\n');
    assert.match(article.paragraphs[0]!, /^PORT ALMER/);
    assert.ok(article.paragraphs.includes('What boat owners will pay'));
    assert.ok(article.paragraphs.includes('Small boats under 20 feet: $410 a season, up from $365.'));
    assert.match(text, /docks cannot wait another winter/);
    assert.match(text, /east dock, closed since a storm/);
    assert.match(article.paragraphs.at(-1)!, /public hearing/);
    for (const furniture of [/Share on social/, /Sign up/, /far too high/, /Copyright/, /Ferry schedule/, /^By /m]) {
      assert.doesNotMatch(text, furniture);
    }
    assert.match(article.bodyHtml!, /<h2>What boat owners will pay<\/h2>/);
    assert.match(article.bodyHtml!, /<ul>\n<li>Small boats/);
    assert.match(article.bodyHtml!, /<blockquote>\n<p>We put this off/);
    assert.match(article.bodyHtml!, /<figure><figcaption>The east dock/);
    assert.match(article.bodyHtml!, /<em>small fishing boats<\/em>/);
  });

  it('turns a "More from" block into related links with absolute URLs', () => {
    const article = extractArticle(fixture('graph-article.html'), { url: 'https://almerpost.example/a' });
    assert.deepEqual(article.related, [
      {
        title: 'Ferry schedule changes for the spring season',
        url: 'https://almerpost.example/2026/03/02/ferry-schedule-changes-for-spring',
        paywalled: false,
      },
      {
        title: 'Fish market reopens after two months of repairs',
        url: 'https://almerpost.example/2026/03/01/fish-market-reopens-after-repairs',
        paywalled: false,
      },
    ]);
  });

  it('marks a page with a paywall marker as paywalled', () => {
    const article = extractArticle(fixture('paywall.html'));
    assert.equal(article.paywalled, true);
    assert.equal(article.source.paywalled, true);
    assert.doesNotMatch(article.paragraphs.join('\n'), /Subscribe/);
  });

  it('decodes a Windows-1252 page that declares its charset in a meta tag', () => {
    const head = '<html><head><meta charset="windows-1252"><title>Caf\u00e9 Opens</title></head><body>';
    const page = `${head}<p>The caf\u00e9 \u201cLa Mer\u201d opened on the pier \u2014 with a queue out the door, and coffee at \u20ac2.</p></body></html>`;
    const cp1252: Record<string, number> = { '\u201c': 0x93, '\u201d': 0x94, '\u2014': 0x97, '\u20ac': 0x80 };
    const bytes = Uint8Array.from(page, (char) => cp1252[char] ?? char.charCodeAt(0));
    const html = decodeHtml(bytes);
    const article = extractArticle(html);
    assert.equal(article.headline, 'Caf\u00e9 Opens');
    assert.match(article.paragraphs[0]!, /caf\u00e9 \u201cLa Mer\u201d opened on the pier \u2014 .* \u20ac2\./);
    assert.equal(decodeHtml(new TextEncoder().encode('<p>na\u00efve</p>')), '<p>na\u00efve</p>');
    assert.equal(decodeHtml(bytes, 'no-such-charset').includes('\u201cLa Mer\u201d'), true);
  });

  it('refuses empty, binary and non-HTML input and pages without an article, with an ExtractionError', () => {
    const cases = {
      empty: '',
      blank: '   \n ',
      binary: '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u0000\u0000',
      'plain text': 'just some words, no markup at all',
      'no article': fixture('no-article.html'),
    };
    for (const [label, html] of Object.entries(cases)) {
      assert.throws(() => extractArticle(html), ExtractionError, label);
      try {
        extractArticle(html);
      } catch (err) {
        assert.ok((err as Error).message.length > 10, `${label}: a message a user can read`);
      }
    }
  });

  it('answers 15 MiB of nested divs within 2 seconds', () => {
    const depth = Math.floor((15 * 1024 * 1024) / 11);
    const html = `<html><body>${'<div>'.repeat(depth)}Deep text.${'</div>'.repeat(depth)}</body></html>`;
    extractWithin2s(html, 'nested divs');
  });

  it('gives a record or an ExtractionError within 2 s for mutated and truncated reference pages', () => {
    assert.ok(existsSync(referencePages), `the reference pages are missing: ${referencePages} does not exist`);
    const files = readdirSync(referencePages)
      .filter((name) => name.endsWith('.html.gz'))
      .sort();
    assert.ok(files.length > 0, `no reference pages in ${referencePages}`);
    const random = seeded(20261128);
    for (let i = 0; i < 30; i++) {
      const file = files[Math.floor(random() * files.length)]!;
      const html = gunzipSync(readFileSync(join(referencePages, file))).toString('utf8');
      const [name, mutated] = mutate(html, random);
      extractWithin2s(mutated, `${file} ${name}`);
    }
  });
});

/** mulberry32: a small deterministic generator, so that every run feeds the same mutations. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(html: string, random: () => number): [string, string] {
  const at = () => Math.floor(random() * html.length);
  switch (Math.floor(random() * 6)) {
    case 0:
      return ['truncated', html.slice(0, at())];
    case 1: {
      const start = at();
      return ['chunk removed', html.slice(0, start) + html.slice(start + Math.floor(random() * 20_000))];
    }
    case 2: {
      const chars = html.split('');
      for (let i = 0; i < 200; i++) chars[Math.floor(random() * chars.length)] = '<>/"=&\u00e9x'[i % 9]!;
      return ['characters flipped', chars.join('')];
    }
    case 3: {
      const start = at();
      return ['unclosed tags inserted', `${html.slice(0, start)}${'<div><p><span>'.repeat(2_000)}${html.slice(start)}`];
    }
    case 4:
      return ['tags stripped of their ">"', html.replace(/>/g, (m) => (random() < 0.3 ? '' : m))];
    default: {
      const start = at();
      const piece = html.slice(start, start + 5_000);
      return ['chunk repeated', html.slice(0, start) + piece.repeat(40) + html.slice(start)];
    }
  }
}
