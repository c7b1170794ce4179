// AppContext: built once from the config and handed to every command, route and job.
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { createHttp, type Http } from './ingest/http.js';
import { type Database, openDatabase } from './store/db.js';
import { createStore, type Store } from './store/index.js';

export interface AppContext {
  config: Config;
  db: Database;
  store: Store;
  http: Http;
  log: Logger;
  close(): Promise<void>;
}

export async function createContext(config: Config, options: { log?: Logger } = {}): Promise<AppContext> {
  const log = options.log ?? pino({ level: config.logLevel }, pino.destination(2));
  const db = await openDatabase(config);
  const store = createStore(db);
  const http = createHttp(config);
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
