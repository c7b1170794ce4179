// Plain types shared by every part of Readout. No behaviour, no imports.

export interface Source {
  id: string;
  name: string;
  homepage: string | null;
  paywalled: boolean;
}

export interface RelatedLink {
  title: string;
  url: string | null;
  paywalled: boolean;
}

export interface Extraction {
  method: string;
  version: string;
}

/** One input (a clipping, a page, a feed entry) turned into plain data, not yet stored. */
export interface ArticleDraft {
  /** Kept when importing Readout's own export, so ids survive a round trip. */
  id?: string;
  url: string | null;
  canonicalUrl: string | null;
  headline: string;
  deck: string | null;
  byline: string | null;
  /** ISO 8601. */
  publishedAt: string | null;
  language: string | null;
  source: { name: string; homepage: string | null; paywalled: boolean };
  paragraphs: string[];
  /** Sanitised HTML of the body; derived from the paragraphs when absent. */
  bodyHtml?: string | null;
  related: RelatedLink[];
  paywalled: boolean;
  extraction: Extraction;
  /** ISO 8601; when Readout first stored it. Kept on a round trip through export. */
  createdAt?: string;
  /** Set when the article came from a feed entry: the feed, the entry's GUID and a hash of the entry as given. */
  feedEntry?: FeedEntryRef;
}

export interface FeedEntryRef {
  feedId: string;
  guid: string | null;
  entryHash: string;
}

/** A stored article, as the API returns it and as each JSONL export line holds it. */
export interface Article {
  id: string;
  url: string | null;
  canonicalUrl: string | null;
  headline: string;
  deck: string | null;
  byline: string | null;
  publishedAt: string | null;
  language: string | null;
  source: Source;
  paragraphs: string[];
  bodyHtml: string;
  related: RelatedLink[];
  paywalled: boolean;
  extraction: Extraction;
  createdAt: string;
  updatedAt: string;
  /** The story (one real-world event) it is an account of; null until it has been placed. */
  storyId: string | null;
  /** The people, places and organisations it names, most named first. */
  entities: EntityMention[];
}

/** An article in a list: enough for a headline, source, date and deck line. */
export interface ArticleSummary {
  id: string;
  headline: string;
  deck: string | null;
  byline: string | null;
  publishedAt: string | null;
  createdAt: string;
  paywalled: boolean;
  source: Source;
}

export interface SourceWithCount extends Source {
  articleCount: number;
  latestAt: string | null;
}

/** A related link on a page, resolved against the store when Readout holds that article. */
export interface ResolvedRelatedLink extends RelatedLink {
  articleId: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageCount: number;
  perPage: number;
  nextCursor: string | null;
}

export type SaveOutcome = 'imported' | 'duplicate' | 'updated';

/** One draft of a batch that the store refused, with the reason. */
export interface SaveRefusal {
  outcome: 'error';
  message: string;
}

export interface SaveResult {
  outcome: SaveOutcome;
  id: string;
  /** What the store left out of the article as given, and why (an impossible date); absent when nothing. */
  warnings?: string[];
}

export type FeedStatus = 'active' | 'paused';

/** A feed Readout follows, with what its last fetch found. */
export interface Feed {
  id: string;
  url: string;
  title: string | null;
  siteUrl: string | null;
  folder: string | null;
  status: FeedStatus;
  etag: string | null;
  lastModified: string | null;
  lastFetchedAt: string | null;
  lastSuccessAt: string | null;
  /** When the feed last gave an entry Readout did not have. */
  lastNewAt: string | null;
  nextCheckAt: string | null;
  intervalSeconds: number | null;
  errorCount: number;
  /** The reason of the last failed fetch, in words; null after a success. */
  lastError: string | null;
  lastStatus: number | null;
  createdAt: string;
}

export interface FeedWithCount extends Feed {
  articleCount: number;
  /** The outlet its articles are stored under, once it has any: its page lists them. */
  sourceId: string | null;
}

/** A job kind's name, as src/jobs/kinds.ts registers it ('poll-feed', 'fetch-page'). */
export type JobKind = string;

/** Work on the store's queue: claimed by one worker at a time, kept until done. */
export interface Job {
  id: string;
  kind: JobKind;
  key: string;
  payload: Record<string, unknown>;
  runAt: string;
  attempts: number;
  lastError: string | null;
}

export type EntityKind = 'person' | 'place' | 'organisation';

/** A person, place or organisation as an article or story names it. */
export interface EntityMention {
  id: string;
  name: string;
  kind: EntityKind;
  mentions: number;
}

/** A story in a list: one real-world event, with how many accounts of it Readout holds. */
export interface StorySummary {
  id: string;
  headline: string;
  leadArticleId: string | null;
  articleCount: number;
  sourceCount: number;
  /** When its first and latest accounts were published (else stored). */
  firstSeen: string;
  lastSeen: string;
  /** Accounts per equal slice of time from firstSeen to lastSeen (for a sparkline). */
  coverage: number[];
}

/** One account of a story: an article with the time it sits at. */
export interface StoryAccount extends ArticleSummary {
  sortAt: string;
}

export interface StoryDetail extends StorySummary {
  /** Every account, oldest first. */
  articles: StoryAccount[];
  /** The people, places and organisations the accounts name, most named first. */
  entities: EntityMention[];
  /** The outlets that covered it, with how many accounts each. */
  sources: { source: Source; articleCount: number }[];
  byHand: boolean;
}

export interface EntityDetail {
  id: string;
  name: string;
  kind: EntityKind;
  /** The forms it was written under, most used first. */
  names: { name: string; mentions: number }[];
  articleCount: number;
  mentionCount: number;
  firstSeen: string;
  lastSeen: string;
  /** Mentions per week (the Monday that starts it), oldest first, weeks with none left out. */
  weekly: { week: string; mentions: number }[];
  stories: StorySummary[];
  articles: StoryAccount[];
}
