// Every kind of job the poller runs, in one table: the schema of its payload and its handler. The queue keeps one
// job per key, `<kind's prefix>:<subject>` (a feed's id, an article's id). A new kind is a file with its handler
// and one entry here.
import { z } from 'zod';
import type { Job } from '../model.js';
import { jobSubject } from '../store/index.js';
import { runPageJob } from './fetch-page.js';
import type { JobOutcome, JobTools } from './job.js';
import { runPollJob } from './poll-feed.js';

interface Kind<P> {
  payload: z.ZodType<P>;
  /** Runs one job; `subject` is what its key names. */
  run(subject: string, payload: P, job: Job, tools: JobTools): Promise<JobOutcome>;
}

const kind = <P>(definition: Kind<P>) => definition as Kind<unknown>;

export const jobKinds: Record<string, Kind<unknown>> = {
  /** One check of a followed feed (key `poll:<feed id>`, see the store's pollKey); the payload is empty. */
  'poll-feed': kind({
    payload: z.object({}),
    run: (feedId, _payload, _job, tools) => runPollJob(tools, feedId),
  }),
  /** The page of an article a feed gave only as a summary (key `page:<article id>`, see job.ts's pageKey). */
  'fetch-page': kind({
    payload: z.object({
      articleId: z.string(),
      feedId: z.string().optional(),
      guid: z.string().nullable().optional(),
      entryHash: z.string().optional(),
    }),
    run: (_articleId, payload, job, tools) => runPageJob(tools, payload.articleId, job.attempts),
  }),
};

/** Runs one claimed job through its kind's handler; a job Readout cannot run (unknown kind, bad payload) is done. */
export async function runJob(job: Job, tools: JobTools): Promise<JobOutcome> {
  const handler = Object.hasOwn(jobKinds, job.kind) ? jobKinds[job.kind] : undefined;
  const payload = handler?.payload.safeParse(job.payload);
  if (!handler || !payload?.success) {
    tools.ctx.log.warn({ job: job.key, kind: job.kind }, 'a job Readout cannot run was dropped from the queue');
    return { done: true, event: null };
  }
  return handler.run(jobSubject(job.key), payload.data, job, tools);
}
