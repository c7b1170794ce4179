// `readout serve`: the web pages and the JSON API (what `npm start` runs).
import { serve as listen } from '@hono/node-server';
import { startPlacer } from '../jobs/placer.js';
import { loadSamplesIfEmpty } from '../pipeline/samples.js';
import { createApp } from '../web/app.js';
import { type Command, CommandError } from './command.js';

const command: Command = {
  name: 'serve',
  summary: 'Serve the reading pages and the JSON API (what npm start runs)',
  usage: 'readout serve [--port N] [--host ADDRESS]',
  help: `Listens on HOST:PORT (default 127.0.0.1:3000). Readout has no accounts yet, so it listens on
loopback only; set HOST=0.0.0.0 to serve your network, behind a proxy that adds authentication.
On an empty store the bundled sample clippings are loaded first (READOUT_SAMPLES=0 turns that off).
It also checks the feeds you follow, fetches their pages and places waiting articles in stories
(READOUT_POLL=0 leaves that to "readout poll" processes). Stops cleanly on Ctrl-C (SIGINT) or SIGTERM: requests and feed checks in
flight finish, the rest stay on the queue, the database is closed.

Options:
  --port N          port to listen on (default: PORT, else 3000)
  --host ADDRESS    address to bind (default: HOST, else 127.0.0.1)`,
  options: { port: { type: 'string', short: 'p' }, host: { type: 'string' } },
  check(args) {
    const port = args.values.port as string | undefined;
    if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) <= 65535)) {
      return `--port "${port}" is not a port number from 0 to 65535`;
    }
    if (args.positionals.length > 0) return `unexpected argument "${args.positionals[0]}"`;
    return null;
  },
  async run(ctx, args) {
    await loadSamplesIfEmpty(ctx);
    const app = createApp(ctx);
    const host = (args.values.host as string | undefined) ?? ctx.config.host;
    const port = args.values.port === undefined ? ctx.config.port : Number(args.values.port);
    const server = await new Promise<ReturnType<typeof listen>>((resolve, reject) => {
      const s = listen({ fetch: app.fetch, hostname: host, port }, () => resolve(s));
      s.once('error', reject);
    }).catch((err: NodeJS.ErrnoException) => {
      const reason = err.code === 'EADDRINUSE' ? `port ${port} is in use; set PORT to another` : err.message;
      throw new CommandError(`cannot listen on ${host}:${port}: ${reason}`);
    });
    const address = server.address();
    const shownPort = typeof address === 'object' && address ? address.port : port;
    const articles = await ctx.store.countArticles();
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${shownPort}/`;
    ctx.log.info({ url, store: ctx.db.location, articles }, 'Readout is serving');
    const where = ctx.db.dialect === 'sqlite' ? `SQLite ${ctx.db.location}` : `PostgreSQL ${ctx.db.location}`;
    process.stdout.write(`Readout is serving ${url} (${articles} articles in ${where}). Ctrl-C stops it.\n`);
    const poller = ctx.config.pollFeeds ? (await import('../jobs/scheduler.js')).startPoller(ctx) : null;
    if (poller) ctx.poller = poller;
    const placer = ctx.config.pollFeeds ? startPlacer(ctx) : null;
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        ctx.log.info({ signal }, 'stopping: finishing requests and feed checks in flight');
        let open = 1 + (poller ? 1 : 0) + (placer ? 1 : 0);
        const closed = () => {
          if (--open === 0) resolve();
        };
        poller?.stop().then(closed, closed);
        placer?.stop().then(closed, closed);
        server.close(closed);
        // Keep-alive connections would hold close() open; idle ones can go at once.
        (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};

export default command;
