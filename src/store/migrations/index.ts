// Every migration in order. Never edit one that has been released; add the next number.
import type { Migration } from 'kysely';
import * as m001 from './001-articles-and-sources.js';
import * as m002 from './002-article-url-index.js';
import * as m003 from './003-feeds-and-jobs.js';
import * as m004 from './004-search.js';
import * as m005 from './005-search-import.js';
import * as m006 from './006-one-copy-of-the-body.js';
import * as m007 from './007-mend-links-and-dates.js';
import * as m008 from './008-stories-and-entities.js';

export const migrations: Record<string, Migration> = {
  '001-articles-and-sources': m001,
  '002-article-url-index': m002,
  '003-feeds-and-jobs': m003,
  '004-search': m004,
  '005-search-import': m005,
  '006-one-copy-of-the-body': m006,
  '007-mend-links-and-dates': m007,
  '008-stories-and-entities': m008,
};
