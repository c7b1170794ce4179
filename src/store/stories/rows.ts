// The plain shapes placement reads and writes, shared by the placement steps and a batch's writes.

/** An article as placement reads it. */
export interface PlacementArticle {
  id: string;
  headline: string;
  deck: string | null;
  paragraphs: string[];
  publishedAt: string | null;
  /** Published, else stored: where the article sits in time. */
  sortAt: string;
  language: string | null;
  sourceId: string;
  sourceName: string;
  storyId: string | null;
}

/** A story's row, as placement reads and writes it; `state` is the clusterer's JSON. */
export interface StoryRow {
  id: string;
  headline: string;
  leadArticleId: string | null;
  articleCount: number;
  sourceCount: number;
  firstSeen: string;
  lastSeen: string;
  state: string;
  /** 0: as placement made it; 1: a reader mended it (never merged automatically); 2: a reader split it off
   * (closed: only a reader adds to it). */
  byHand: 0 | 1 | 2;
}

export interface TermCount {
  articles: number;
  stories: number;
}

/** An entity one article names, to be stored with it. */
export interface ArticleEntity {
  kind: string;
  key: string;
  name: string;
  names: string[];
  mentions: number;
}

// SQLite allows 32,766 parameters a statement; PostgreSQL 65,535. A chunk stays far below both.
const chunkSize = 500;

export function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += chunkSize) out.push(items.slice(i, i + chunkSize));
  return out;
}
