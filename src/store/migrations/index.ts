// Every migration in order. Never edit one that has been released; add the next number.
import type { Migration } from 'kysely';
import * as m001 from './001-articles-and-sources.js';
import * as m002 from './002-article-url-index.js';

export const migrations: Record<string, Migration> = {
  '001-articles-and-sources': m001,
  '002-article-url-index': m002,
};
