// The story placer: places the articles that wait for a story (an import's, or any another process saved) in
// the background of `readout serve` and `readout poll`. Articles saved by a clip or a feed check are placed by
// the save itself; this catches the rest within a second or two. Any number of placers may share a database.
import type { AppContext } from '../context.js';
import { placeAllWaiting } from '../pipeline/stories.js';

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
    try {
      const placed = await placeAllWaiting(ctx);
      if (placed.placed > 0) ctx.log.info({ placed: placed.placed }, 'placed waiting articles in stories');
    } catch (err) {
      ctx.log.warn({ err }, 'placing waiting articles in stories failed; trying again shortly');
    }
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
