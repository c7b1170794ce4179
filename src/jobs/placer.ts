// The story placer: places the articles that wait for a story (an import's, or any another process saved) in
// the background of `readout serve` and `readout poll`. Articles saved by a clip or a feed check are placed by
// the save itself; this catches the rest within a second or two. Any number of placers may share a database.
import { setImmediate as yieldToRequests } from 'node:timers/promises';
import type { AppContext } from '../context.js';
import { placeSaved } from '../pipeline/stories.js';

/**
 * How many waiting articles one step places. Placing runs on the server's one thread: small steps, with requests
 * answered between them, keep a page from waiting behind a large import's placement.
 */
const stepSize = 10;

export interface Placer {
  stop(): Promise<void>;
}

/** Looks for waiting articles every `intervalMs` and places them all. */
export function startPlacer(ctx: AppContext, options: { intervalMs?: number } = {}): Placer {
  const intervalMs = options.intervalMs ?? 1000;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;

  const tick = async () => {
    let placed = 0;
    try {
      while (!stopped) {
        const ids = await ctx.store.articlesToPlace(stepSize);
        if (ids.length === 0) break;
        const step = await placeSaved(ctx, ids);
        // Nothing placed: another worker holds them, or they failed (logged); the next tick tries again.
        if (step === 0) break;
        placed += step;
        await yieldToRequests();
      }
    } catch (err) {
      ctx.log.warn({ err }, 'placing waiting articles in stories failed; trying again shortly');
    }
    if (placed > 0) ctx.log.info({ placed }, 'placed waiting articles in stories');
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  running = tick().finally(schedule);

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
