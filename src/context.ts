// AppContext: built once from the config and handed to every command, route and job.
import pino, { type Logger } from 'pino';
import { type Config, effectiveUserAgent } from './config.js';
import type { Http, HttpConfig } from './ingest/http.js';
import { type Database, openDatabase } from './store/db.js';
import { createStore, type Store } from './store/index.js';

export interface AppContext {
  config: Config;
  db: Database;
  store: Store;
  http: Http;
  log: Logger;
  /** The poller running in this process, if any: woken when the user adds or refreshes a feed. */
  poller?: { wake(): void };
  close(): Promise<void>;
}

export async function createContext(config: Config, options: { log?: Logger } = {}): Promise<AppContext> {
  const log = options.log ?? pino({ level: config.logLevel }, pino.destination(2));
  const db = await openDatabase(config);
  const store = createStore(db);
  const http = lazyHttp({ ...config, userAgent: effectiveUserAgent(config) });
  return {
    config,
    db,
    store,
    http,
    log,
    async close() {
      await http.close();
      await db.close();
    },
  };
}

/**
 * The HTTP module (undici and its address guard) loads on the first fetch: the reading pages never fetch,
 * and a server that only serves them stays about 20 MB smaller.
 */
function lazyHttp(config: HttpConfig): Http {
  let http: Promise<Http> | null = null;
  const load = () => {
    http ??= import('./ingest/http.js').then((m) => m.createHttp(config));
    return http;
  };
  return {
    userAgent: config.userAgent,
    fetchPage: async (url, options) => (await load()).fetchPage(url, options),
    fetchFeed: async (url, options) => (await load()).fetchFeed(url, options),
    fetchText: async (url, options) => (await load()).fetchText(url, options),
    close: async () => {
      if (http) await (await http).close();
    },
  };
}
