// The poller: claims due jobs from the store's queue and runs them, a few at a time and politely per host.
// Runs inside `readout serve` and alone as `readout poll`; any number of pollers may share one database.
import { hostname } from 'node:os';
import type { AppContext } from '../context.js';
import type { Job } from '../model.js';
import { newId } from '../store/index.js';
import { HostLimiter } from './hosts.js';
import type { PollerEvent } from './job.js';
import { runJob } from './kinds.js';
import { RobotsCache } from './robots.js';

/** A claimed job is this worker's for this long; if the worker dies, another takes the job after it. */
const leaseSeconds = 10 * 60;
/** How often an idle poller looks for work added by other processes (a `feeds add` from the CLI, say). */
const idleCheckMs = 15_000;

export type { PollerEvent };

export interface PollerOptions {
  /** Run what is due now (and the page fetches it brings), then stop. */
  once?: boolean;
  /** Run only the jobs with these keys (a refresh of some feeds from the command line). */
  only?: string[];
  onEvent?: (event: PollerEvent) => void;
}

export interface Poller {
  /** Resolves when a `once` poller has nothing left to do, or after stop(). */
  done: Promise<void>;
  /** Look for due jobs now rather than at the next idle check (after a refresh from the web, say). */
  wake(): void;
  /** Lets running jobs finish (within the fetch timeout), hands the rest back to the queue, and stops. */
  stop(): Promise<void>;
}

export function startPoller(ctx: AppContext, options: PollerOptions = {}): Poller {
  const worker = `${hostname()}:${process.pid}:${newId()}`;
  const limiter = new HostLimiter({ concurrency: ctx.config.hostConcurrency, delayMs: ctx.config.hostDelayMs });
  const tools = { ctx, limiter, robots: new RobotsCache(ctx, limiter) };
  const running = new Map<string, Promise<void>>();
  let stopping = false;
  const alarm = new Alarm();
  const wake = () => alarm.wake();

  async function run(job: Job): Promise<void> {
    try {
      const outcome = await runJob(job, tools);
      if (outcome.done) await ctx.store.finishJob(job, worker);
      else await ctx.store.releaseJob(job, worker, outcome);
      if (outcome.event) options.onEvent?.(outcome.event);
    } catch (err) {
      // The store itself failed (database gone, disk full): leave the job for a later try.
      ctx.log.error({ err, job: job.key }, 'job failed');
      await ctx.store
        .releaseJob(job, worker, { runAt: new Date(Date.now() + 60_000), error: String((err as Error).message) })
        .catch(() => {});
    }
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      const free = ctx.config.pollConcurrency - running.size;
      const claimed =
        free > 0
          ? await ctx.store.claimJobs({
              worker,
              limit: free,
              leaseSeconds,
              except: [...running.keys()],
              only: options.only,
            })
          : [];
      for (const job of claimed) {
        running.set(
          job.key,
          run(job).finally(() => {
            running.delete(job.key);
            wake();
          }),
        );
      }
      if (options.once && running.size === 0) return;
      // Slots full, or jobs running that may bring new work: wait for one to finish. Otherwise sleep until the
      // next job is due, looking in now and then for work that other processes add.
      await alarm.sleep(stopping ? 0 : running.size > 0 ? idleCheckMs : await msUntilDue());
    }
  }

  async function msUntilDue(): Promise<number> {
    const { due, nextRunAt } = await ctx.store.countJobs();
    if (due > 0) return 1_000; // due but claimed by another poller a moment ago
    return nextRunAt ? Math.min(idleCheckMs, Math.max(0, Date.parse(nextRunAt) - Date.now()) + 50) : idleCheckMs;
  }

  const done = loop()
    .catch((err) => ctx.log.error({ err }, 'the poller stopped on an error'))
    .then(async () => {
      await Promise.allSettled(running.values());
      await ctx.store.releaseWorkerJobs(worker).catch(() => {});
    });

  return {
    done,
    wake,
    async stop() {
      stopping = true;
      wake();
      await done;
    },
  };
}

/** A sleep that a wake ends early. A wake that comes while nobody sleeps (the loop is claiming) ends the next sleep
 * at once, so that no wake is lost. */
class Alarm {
  #ring: (() => void) | null = null;
  #rung = false;

  wake(): void {
    if (this.#ring) this.#ring();
    else this.#rung = true;
    this.#ring = null;
  }

  sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.#rung) {
      this.#rung = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#ring = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
