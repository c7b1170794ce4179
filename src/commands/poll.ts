// `readout poll`: a poller of its own (beside, or instead of, the one inside `readout serve`).
import { startPlacer } from '../jobs/placer.js';
import { startPoller } from '../jobs/scheduler.js';
import { placeAllWaiting } from '../pipeline/stories.js';
import type { Command } from './command.js';

const command: Command = {
  name: 'poll',
  summary: 'Check feeds and fetch pages from the job queue (--once: one round, then exit)',
  usage: 'readout poll [--once] [--quiet]',
  help: `Runs the jobs on the store's queue: feed checks when each feed is due, and the page fetches for
entries that feeds give only as a summary. Any number of pollers may share one database (on PostgreSQL
they never take the same job). npm start runs one inside the server unless READOUT_POLL=0.
Stops cleanly on Ctrl-C (SIGINT) or SIGTERM: running checks finish, the rest stay on the queue.

Options:
  --once    run what is due now (and the page fetches it brings), print a summary and exit
  --quiet   print only the summary and errors

Exit code: 0, or 1 with --once when some feed checks failed.`,
  options: { once: { type: 'boolean' }, quiet: { type: 'boolean' } },
  check: (args) => (args.positionals.length > 0 ? `unexpected argument "${args.positionals[0]}"` : null),
  async run(ctx, args) {
    const quiet = Boolean(args.values.quiet);
    const totals = { feeds: 0, failed: 0, added: 0, updated: 0, notModified: 0, pages: 0 };
    const started = performance.now();
    const poller = startPoller(ctx, {
      once: Boolean(args.values.once),
      onEvent(event) {
        if (event.kind === 'page') {
          totals.pages++;
          if (!quiet)
            process.stdout.write(
              `page ${event.articleId}  ${event.error ? `kept the feed's text: ${event.error}` : event.outcome}\n`,
            );
          return;
        }
        const r = event.result;
        totals.feeds++;
        if (r.error) totals.failed++;
        if (r.outcome === 'not-modified') totals.notModified++;
        totals.added += r.added;
        totals.updated += r.updated;
        if (r.error)
          process.stderr.write(`feed ${r.feedId}  ${r.outcome === 'paused' ? 'PAUSED' : 'failed'}: ${r.error}\n`);
        else if (!quiet)
          process.stdout.write(
            `feed ${r.feedId}  ${r.outcome === 'not-modified' ? 'not modified' : `${r.added} new, ${r.updated} updated`}\n`,
          );
      },
    });
    // Articles other processes saved (an import without --wait) are placed in stories here too.
    const placer = args.values.once ? null : startPlacer(ctx);
    const stop = () => {
      void poller.stop();
      void placer?.stop();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await poller.done;
    await placer?.stop();
    if (args.values.once) await placeAllWaiting(ctx);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `${totals.feeds} feed checks (${totals.notModified} not modified, ${totals.failed} failed), ${totals.added} new articles, ${totals.updated} updated, ${totals.pages} pages fetched in ${seconds} s\n`,
    );
    return args.values.once && totals.failed > 0 ? 1 : 0;
  },
};

export default command;
