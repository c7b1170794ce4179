// An article draft made fit to store: every field cleaned and checked, or InvalidArticle naming the field.
import { isDateProblem, readDate } from '../../calendar.js';
import type { ArticleDraft, FeedEntryRef, RelatedLink } from '../../model.js';
import { htmlToParagraphs, paragraphsToHtml, sanitizeBodyHtml } from '../body.js';
import { StoreError } from '../db.js';
import { headlineKey, idPattern } from '../keys.js';

/** An article record that cannot be stored as it is; the message names the field and what to do. */
export class InvalidArticle extends StoreError {
  override name = 'InvalidArticle';

  constructor(message: string) {
    super(message, 'invalid');
  }
}

const limits = { headline: 1_000, deck: 2_000, byline: 500, paragraph: 100_000, paragraphs: 5_000, related: 200 };

function cleanLine(text: string | null | undefined): string | null {
  if (text == null) return null;
  const clean = text
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return clean === '' ? null : clean;
}

function cleanUrl(url: string | null | undefined, field: string): string | null {
  const text = cleanLine(url);
  if (text == null) return null;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new InvalidArticle(`${field} "${text.slice(0, 80)}" is not a URL; give an absolute http(s) URL or null`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InvalidArticle(`${field} must be an http or https URL, not ${parsed.protocol}`);
  }
  return parsed.href;
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An ISO 8601 date or timestamp, kept as given (its time zone included). Text not written as a date is refused;
 * a date that is written as one but is not on the calendar (2026-02-30, 0000-01-01) is no date: it is left out
 * with a warning, and the article is stored.
 */
function cleanTimestamp(value: string | null | undefined, field: string, warnings: string[]): string | null {
  const text = cleanLine(value);
  if (text == null) return null;
  const reading = readDate(text);
  if (!isDateProblem(reading)) return text;
  const shown = `${field} "${text.slice(0, 40)}"`;
  if (reading.problem === 'form') throw new InvalidArticle(`${shown} ${reading.reason}`);
  const instead = field === 'publishedAt' ? 'the article is stored without a date' : 'the time of this import is used';
  warnings.push(`${shown} ${reading.reason}; ${instead}`);
  return null;
}

/** A full UTC timestamp for ordering; a date alone counts as its midnight UTC. */
export function sortStamp(iso: string): string {
  return new Date(datePattern.test(iso) ? `${iso}T00:00:00Z` : iso).toISOString();
}

/** A draft with every field cleaned and checked, and nothing left out: what the store saves. */
export interface NormalArticle extends Omit<ArticleDraft, 'id' | 'bodyHtml' | 'createdAt' | 'feedEntry'> {
  id: string | null;
  bodyHtml: string;
  createdAt: string | null;
  feedEntry: FeedEntryRef | null;
  /** What was left out of the draft, and why (an impossible date). */
  warnings: string[];
}

export function normaliseDraft(draft: ArticleDraft): NormalArticle {
  const headline = cleanLine(draft.headline);
  if (!headline) throw new InvalidArticle('headline is empty; every article needs a headline');
  if (headline.length > limits.headline)
    throw new InvalidArticle(`headline is longer than ${limits.headline} characters`);
  const sourceName = cleanLine(draft.source?.name);
  if (!sourceName) throw new InvalidArticle('source name is empty; say which outlet published the article');
  if (draft.id != null && !idPattern.test(draft.id)) {
    throw new InvalidArticle(`id "${String(draft.id).slice(0, 40)}" may hold only a-z, 0-9, - and _ (64 at most)`);
  }
  const sanitised = draft.bodyHtml ? sanitizeBodyHtml(draft.bodyHtml) : '';
  let paragraphs = (draft.paragraphs ?? []).map((p) => cleanLine(p)).filter((p): p is string => p !== null);
  if (paragraphs.length === 0 && sanitised) paragraphs = htmlToParagraphs(sanitised);
  if (paragraphs.length > limits.paragraphs) throw new InvalidArticle(`more than ${limits.paragraphs} paragraphs`);
  if (paragraphs.some((p) => p.length > limits.paragraph)) {
    throw new InvalidArticle(`a paragraph is longer than ${limits.paragraph} characters`);
  }
  const deck = cleanLine(draft.deck);
  const byline = cleanLine(draft.byline);
  const related: RelatedLink[] = [];
  const seen = new Set<string>();
  for (const link of draft.related ?? []) {
    const title = cleanLine(link.title);
    if (!title) continue;
    const key = headlineKey(title);
    if (seen.has(key)) continue;
    seen.add(key);
    related.push({ title, url: cleanUrl(link.url, 'related url'), paywalled: Boolean(link.paywalled) });
  }
  if (related.length > limits.related) throw new InvalidArticle(`more than ${limits.related} related links`);
  const language = cleanLine(draft.language);
  if (language && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/i.test(language)) {
    throw new InvalidArticle(`language "${language.slice(0, 20)}" is not a language tag such as en or pt-BR`);
  }
  const warnings: string[] = [];
  const publishedAt = cleanTimestamp(draft.publishedAt, 'publishedAt', warnings);
  const createdAt = draft.createdAt ? cleanTimestamp(draft.createdAt, 'createdAt', warnings) : null;
  return {
    id: draft.id ?? null,
    url: cleanUrl(draft.url, 'url'),
    canonicalUrl: cleanUrl(draft.canonicalUrl, 'canonicalUrl'),
    headline,
    deck: deck && deck.length > limits.deck ? deck.slice(0, limits.deck) : deck,
    byline: byline && byline.length > limits.byline ? byline.slice(0, limits.byline) : byline,
    publishedAt,
    language,
    source: {
      name: sourceName,
      homepage: cleanUrl(draft.source.homepage, 'source homepage'),
      paywalled: Boolean(draft.source.paywalled),
    },
    paragraphs,
    bodyHtml: sanitised || paragraphsToHtml(paragraphs),
    related,
    paywalled: Boolean(draft.paywalled),
    extraction: {
      method: cleanLine(draft.extraction?.method) ?? 'unknown',
      version: cleanLine(draft.extraction?.version) ?? '0',
    },
    createdAt,
    feedEntry: draft.feedEntry ?? null,
    warnings,
  };
}
