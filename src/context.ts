// AppContext: built once from the config and handed to every command, route and job.
import pino, { type Logger } from 'pino';
import { type Config, effectiveUserAgent } from './config.js';
import { maskCredentials } from './credentials.js';
import type { Http, HttpConfig } from './ingest/http.js';
import { createStore, type Database, openDatabase, type Store } from './store/index.js';

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
  const log = options.log ?? createLogger(config);
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
 * The process's logger, on stderr. Every string it writes, in the message, the fields and the errors, has the
 * credentials of the URLs in it masked: a database URL's password, a feed's token.
 */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino(
    {
      level: config.logLevel,
      hooks: {
        logMethod(args, method) {
          const masked = args.map((arg) => (typeof arg === 'string' ? maskCredentials(arg) : arg));
          // An error logged alone gives the line its message.
          if (args[0] instanceof Error && typeof args[1] !== 'string')
            masked.splice(1, 0, maskCredentials(args[0].message));
          method.apply(this, masked as typeof args);
        },
      },
      formatters: { log: (fields) => maskStrings(fields) as Record<string, unknown> },
      // The serialised error (its message and stack with their causes) copied to plain data, then masked.
      serializers: { err: (err: Error) => maskStrings({ ...pino.stdSerializers.err(err) }) },
    },
    pino.destination(2),
  );
}

/** Plain data with every string masked; errors are left to the err serializer, which masks what it makes of them. */
function maskStrings(value: unknown): unknown {
  if (typeof value === 'string') return maskCredentials(value);
  if (Array.isArray(value)) return value.map(maskStrings);
  if (value === null || typeof value !== 'object') return value;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, maskStrings(field)]));
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
