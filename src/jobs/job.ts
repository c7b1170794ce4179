// What a job's handler is given and gives back, shared by the handlers, the registry (kinds.ts) and the poller.
import type { AppContext } from '../context.js';
import { jobKey } from '../store/index.js';
import type { HostLimiter } from './hosts.js';
import type { RobotsCache } from './robots.js';

/** What a handler may use: the context, and the poller's per-host politeness. */
export interface JobTools {
  ctx: AppContext;
  limiter: HostLimiter;
  robots: RobotsCache;
}

/** One check of one feed: what it found, and when the feed is due again. */
export interface PollResult {
  feedId: string;
  url: string;
  outcome: 'fetched' | 'not-modified' | 'failed' | 'paused';
  added: number;
  updated: number;
  unchanged: number;
  skipped: number;
  pagesQueued: number;
  /** The reason in words when the check failed. */
  error: string | null;
  nextCheckAt: Date | null;
}

/** What happened, for a poller's `onEvent` (the `readout poll` progress lines, tests). */
export type PollerEvent =
  | { kind: 'poll'; result: PollResult }
  | { kind: 'page'; articleId: string; outcome: string; error: string | null };

/** What became of a job: done, or due again at `runAt`, with the error that made it so. */
export type JobOutcome = { event: PollerEvent | null } & (
  | { done: true }
  | { done: false; runAt: Date; error: string | null; resetAttempts: boolean }
);

/** The queue key of an article's page fetch: one job per article. (A feed's check is the store's `pollKey`.) */
export const pageKey = (articleId: string) => jobKey('page', articleId);
