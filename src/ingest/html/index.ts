// A news page's HTML to an article record: parse once, read the metadata, find the body, the related links
// and the paywall mark. Each step lives in its own file; this one checks the input and joins them.

import { UserError } from '../../errors.js';
import type { ArticleDraft, RelatedLink } from '../../model.js';
import { type BodyBlock, escapeHtml } from './blocks.js';
import { extractBody } from './body.js';
import { cleanBlocks } from './cleanup.js';
import { collapse, findFirst, parsePage } from './dom.js';
import { readMetadata } from './metadata.js';
import { isPaywalled } from './paywall.js';
import { findRelatedLinks } from './related.js';

/** A page that cannot become an article; the message says what was wrong with it. */
export class ExtractionError extends UserError {
  override name = 'ExtractionError';

  constructor(message: string, options?: ErrorOptions) {
    super('unprocessable', message, options);
  }
}

/** Bumped whenever the records the extractor produces change for the same page. */
export const extractorVersion = '1.0.0';

/** The source name used when neither the page nor its URL names the outlet. */
export const unknownSourceName = 'Unknown source';

export interface ExtractedArticle extends Omit<ArticleDraft, 'id' | 'createdAt'> {
  leadImage: string | null;
}

export function extractArticle(html: string, options: { url?: string } = {}): ExtractedArticle {
  checkMarkup(html);
  const pageUrl = options.url ?? null;
  const page = parsePage(html);
  const metadata = readMetadata(page.root, page.jsonLd, pageUrl);
  const baseUrl = pageUrl ?? metadata.canonicalUrl;
  const body = findFirst(page.root, 'body') ?? page.root;
  const blocks = cleanBlocks(extractBody(body, baseUrl), { headline: metadata.headline, deck: metadata.deck });
  const paragraphs = blocks.map((block) => block.text);
  const deck = realDeck(metadata.deck, paragraphs);
  const headline = metadata.headline ?? '';
  if (!headline && paragraphs.length === 0) {
    throw new ExtractionError('no article found on the page: it has neither a headline nor any body text');
  }
  const bodyWords = paragraphs.reduce((sum, text) => sum + text.split(/\s+/).length, 0);
  const paywalled = isPaywalled(page.root, metadata.accessibleForFree, bodyWords);
  const related: RelatedLink[] = findRelatedLinks(body, baseUrl, paywalled);
  const url = pageUrl ?? metadata.canonicalUrl;
  return {
    url,
    canonicalUrl: metadata.canonicalUrl,
    headline,
    deck,
    byline: metadata.byline,
    publishedAt: metadata.publishedAt,
    language: metadata.language,
    source: {
      name: metadata.siteName ?? hostName(url) ?? unknownSourceName,
      homepage: originOf(url),
      paywalled,
    },
    paragraphs,
    bodyHtml: toBodyHtml(blocks),
    related,
    paywalled,
    extraction: { method: 'html', version: extractorVersion },
    leadImage: metadata.leadImage,
  };
}

/** Rejects input that is not an HTML page before any parsing work. */
function checkMarkup(html: string): void {
  if (typeof html !== 'string') throw new ExtractionError('the input is not text, so it cannot be an HTML page');
  if (html.trim() === '') throw new ExtractionError('the page is empty');
  const sample = html.slice(0, 8192);
  if (sample.includes('\u0000'))
    throw new ExtractionError('the input looks binary (it holds NUL characters), not HTML');
  const controls = sample.match(/[\u0001-\u0008\u000b\u000e-\u001f\ufffd]/g)?.length ?? 0;
  if (controls > sample.length * 0.05) {
    throw new ExtractionError('the input looks binary (too many control characters), not HTML');
  }
  if (!/<[a-zA-Z!]/.test(sample) && !/<(html|body|p|div)\b/i.test(html)) {
    throw new ExtractionError('the input is not HTML: it holds no tags');
  }
}

/**
 * A description that only repeats the opening of the body is not a deck, and neither is one that runs on
 * for paragraphs (some sites put the first few hundred words of the article there).
 */
function realDeck(deck: string | null, paragraphs: string[]): string | null {
  if (!deck) return null;
  const text = collapse(deck);
  if (text.length < 10 || text.length > 350) return null;
  if ((text.match(/[.!?]["'”’)]?\s+\p{Lu}/gu)?.length ?? 0) >= 3) return null;
  const key = wordsOf(text.replace(/(\.\.\.|…)$/, ''));
  const opening = wordsOf(paragraphs.slice(0, 3).join(' '));
  if (key.length > 0 && opening.startsWith(key.slice(0, Math.min(key.length, 80)))) return null;
  return text;
}

function wordsOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function toBodyHtml(blocks: BodyBlock[]): string {
  const out: string[] = [];
  let openList: BodyBlock['list'] = null;
  let openQuote: BodyBlock['quote'] = null;
  for (const block of blocks) {
    if (openList && (block.kind !== 'li' || block.list !== openList)) {
      out.push(openList.tag === 'ol' ? '</ol>' : '</ul>');
      openList = null;
    }
    const quote = block.kind === 'blockquote' ? null : block.quote;
    if (openQuote && quote !== openQuote) {
      out.push('</blockquote>');
      openQuote = null;
    }
    if (quote && !openQuote) {
      out.push('<blockquote>');
      openQuote = quote;
    }
    if (block.kind === 'li' && !openList) {
      openList = block.list;
      out.push(block.listTag === 'ol' ? '<ol>' : '<ul>');
    }
    const html = block.html || escapeHtml(block.text);
    switch (block.kind) {
      case 'li':
        out.push(openList ? `<li>${html}</li>` : `<p>${html}</p>`);
        break;
      case 'figcaption':
        out.push(`<figure><figcaption>${html}</figcaption></figure>`);
        break;
      case 'blockquote':
        out.push(`<blockquote><p>${html}</p></blockquote>`);
        break;
      case 'pre':
        out.push(`<p>${html.replace(/\n/g, '<br>')}</p>`);
        break;
      default:
        out.push(`<${block.kind}>${html}</${block.kind}>`);
    }
  }
  if (openList) out.push(openList.tag === 'ol' ? '</ol>' : '</ul>');
  if (openQuote) out.push('</blockquote>');
  return out.join('\n');
}

function originOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

function hostName(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}
