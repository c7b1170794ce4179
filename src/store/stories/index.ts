// Stories and entities, as the store offers them: the placement steps (placement.ts) that
// src/analysis/stories drives, and the reads (reads.ts).
import type { Kysely } from 'kysely';
import { entitiesOf } from '../articles/reads.js';
import type { Dialect, Schema } from '../db.js';
import { keyed, withDb } from '../surface.js';
import { articlesToPlace, countUnplaced, type PlacementSteps, placementTransaction } from './placement.js';
import {
  eachStoryGrouping,
  findEntities,
  getEntity,
  getStory,
  listStories,
  otherAccounts,
  storyRedirect,
} from './reads.js';

export type { ArticleEntity, PlacementArticle, PlacementSteps, StoryRow, TermCount } from './placement.js';
export { coverageOf, type ListStoriesQuery, storyAccountLimit, weekOf } from './reads.js';

export const storyReads = (db: Kysely<Schema>) =>
  withDb(db, {
    listStories,
    getStory: keyed(getStory, null),
    storyRedirect: keyed(storyRedirect, null),
    otherAccounts: keyed(otherAccounts, null),
    getEntity: keyed(getEntity, null),
    findEntities,
    entitiesOf,
    eachStoryGrouping,
    articlesToPlace,
    countUnplaced,
  });

export const storyWrites = (db: Kysely<Schema>, dialect: Dialect) => ({
  /** Runs one placement (or a batch of them) in a transaction no other placement runs beside. */
  placement: <T>(work: (steps: PlacementSteps) => Promise<T>) => placementTransaction(db, dialect, work),
});
