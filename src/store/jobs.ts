// The store's job queue: work that must survive a crash or restart. A job is claimed by one worker for a lease;
// when the worker dies the lease runs out and another worker takes the job. PostgreSQL claims with SKIP LOCKED
// so that many worker processes never wait on each other.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Job, JobKind } from '../model.js';

/** A job's key on the queue, one job per key: its kind's prefix and its subject ("poll:<feed id>"). */
export const jobKey = (prefix: string, subject: string) => `${prefix}:${subject}`;

/** The subject a key names: what follows its prefix. */
export const jobSubject = (key: string) => key.slice(key.indexOf(':') + 1);

import type { Db, Dialect, JobTable, Schema } from './db.js';
import { newId } from './keys.js';
import { withDb } from './surface.js';

export interface NewJob {
  kind: JobKind;
  /** One job per key: adding a job whose key exists moves that job to the new time instead. */
  key: string;
  payload: Record<string, unknown>;
  runAt: Date;
}

function toJob(row: Selectable<JobTable>): Job {
  return {
    id: row.id,
    kind: row.kind as JobKind,
    key: row.key,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    runAt: row.run_at,
    attempts: Number(row.attempts),
    lastError: row.last_error,
  };
}

/** Adds the job, or moves the job with the same key to `runAt` (a running job keeps running). */
export async function scheduleJob(db: Db, job: NewJob): Promise<void> {
  const runAt = job.runAt.toISOString();
  await db
    .insertInto('jobs')
    .values({
      id: newId(),
      kind: job.kind,
      key: job.key,
      payload: JSON.stringify(job.payload),
      run_at: runAt,
      attempts: 0,
      created_at: new Date().toISOString(),
    })
    .onConflict((oc) => oc.column('key').doUpdateSet({ run_at: runAt, payload: JSON.stringify(job.payload) }))
    .execute();
}

export interface ClaimOptions {
  worker: string;
  limit: number;
  leaseSeconds: number;
  now?: Date;
  except?: string[];
  /** Claim only jobs with these keys. */
  only?: string[];
}

/**
 * Claims up to `limit` due jobs that no live lease holds, oldest due first, for `leaseSeconds`. The claim is
 * one statement, so two workers never get the same job.
 */
export async function claimJobs(db: Kysely<Schema>, dialect: Dialect, options: ClaimOptions): Promise<Job[]> {
  if (options.limit <= 0) return [];
  const now = (options.now ?? new Date()).toISOString();
  const until = new Date(Date.parse(now) + options.leaseSeconds * 1000).toISOString();
  if (options.only && options.only.length === 0) return [];
  const except = options.except?.length ? sql`and key not in (${sql.join(options.except)})` : sql``;
  const only = options.only ? sql`and key in (${sql.join(options.only)})` : sql``;
  const lock = dialect === 'postgres' ? sql`for update skip locked` : sql``;
  const result = await sql<Selectable<JobTable>>`
    update jobs set locked_by = ${options.worker}, locked_until = ${until}, attempts = attempts + 1
    where id in (
      select id from jobs
      where run_at <= ${now} and (locked_until is null or locked_until < ${now})
        ${except} ${only}
      order by run_at limit ${options.limit} ${lock}
    )
    returning *`.execute(db);
  return result.rows.map(toJob).sort((a, b) => a.runAt.localeCompare(b.runAt));
}

/** The job is done: it leaves the queue. Only the worker holding it may do this. */
export async function finishJob(db: Db, job: Job, worker: string): Promise<void> {
  await db.deleteFrom('jobs').where('id', '=', job.id).where('locked_by', '=', worker).execute();
}

/**
 * Puts a held job back on the queue for `runAt` (a feed's next check, or a retry after an error). A key
 * rescheduled meanwhile by the user (a refresh) keeps the earlier of the two times.
 */
export async function releaseJob(
  db: Db,
  job: Job,
  worker: string,
  next: { runAt: Date; error?: string | null; resetAttempts?: boolean },
): Promise<void> {
  const runAt = next.runAt.toISOString();
  await db
    .updateTable('jobs')
    .set((eb) => ({
      run_at: sql<string>`case when ${eb.ref('run_at')} <> ${job.runAt} and ${eb.ref('run_at')} < ${runAt} then ${eb.ref('run_at')} else ${runAt} end`,
      locked_by: null,
      locked_until: null,
      last_error: next.error ?? null,
      ...(next.resetAttempts ? { attempts: 0 } : {}),
    }))
    .where('id', '=', job.id)
    .where('locked_by', '=', worker)
    .execute();
}

/** Leaves every job this worker holds for the next start (on a clean stop). */
export async function releaseWorkerJobs(db: Db, worker: string): Promise<void> {
  await db.updateTable('jobs').set({ locked_by: null, locked_until: null }).where('locked_by', '=', worker).execute();
}

export async function removeJob(db: Db, key: string): Promise<void> {
  await db.deleteFrom('jobs').where('key', '=', key).execute();
}

export interface QueueCounts {
  due: number;
  running: number;
  waiting: number;
  nextRunAt: string | null;
}

export async function countJobs(db: Db, now = new Date()): Promise<QueueCounts> {
  const at = now.toISOString();
  const row = await db
    .selectFrom('jobs')
    .select([
      sql<number>`sum(case when run_at <= ${at} and (locked_until is null or locked_until < ${at}) then 1 else 0 end)`.as(
        'due',
      ),
      sql<number>`sum(case when locked_until >= ${at} then 1 else 0 end)`.as('running'),
      sql<number>`count(*)`.as('total'),
      sql<string | null>`min(case when locked_until is null or locked_until < ${at} then run_at end)`.as('next_run_at'),
    ])
    .executeTakeFirstOrThrow();
  const due = Number(row.due ?? 0);
  const running = Number(row.running ?? 0);
  return { due, running, waiting: Number(row.total) - due - running, nextRunAt: row.next_run_at ?? null };
}

/** The job queue, as the store offers it. */
export const jobQueue = (db: Kysely<Schema>, dialect: Dialect) => ({
  ...withDb(db, { scheduleJob, finishJob, releaseJob, releaseWorkerJobs, removeJob, countJobs }),
  claimJobs: (options: ClaimOptions) => claimJobs(db, dialect, options),
});
