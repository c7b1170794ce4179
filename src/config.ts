// Every setting of Readout in one table: environment name, type, default, and why it exists.
// The README's configuration table is generated from this list and a test keeps them in step.
import { z } from 'zod';
import { maskCredentials } from './credentials.js';
import { UserError } from './errors.js';
import { readoutVersion } from './version.js';

const flag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off'].includes(v), 'use 1 or 0')
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const port = z
  .string()
  .trim()
  .regex(/^\d{1,5}$/, 'must be a port number from 0 to 65535')
  .transform(Number)
  .pipe(z.number().max(65535, 'must be a port number from 0 to 65535'));

export const settings = {
  port: {
    env: 'PORT',
    schema: port,
    default: '3000',
    doc: 'TCP port the web server listens on.',
  },
  host: {
    env: 'HOST',
    schema: z.string().trim().min(1),
    default: '127.0.0.1',
    doc: 'Address the web server binds to. Readout has no accounts yet, so it listens on loopback only unless you change this.',
  },
  baseUrl: {
    env: 'READOUT_BASE_URL',
    schema: z
      .string()
      .trim()
      .transform((v, issue) => {
        if (v === '') return '';
        const origin = publicOrigin(v);
        if (origin === null) {
          issue.addIssue({
            code: 'custom',
            message: 'must be the http(s) address Readout is served at, such as https://news.example.org (no path)',
          });
          return z.NEVER;
        }
        return origin;
      }),
    default: '',
    doc: 'The address readers reach Readout at, such as `https://news.example.org`, when that is not localhost or an IP address (behind a reverse proxy, say). Readout answers only to this host name, the loopback names and IP addresses (a guard against DNS rebinding), accepts changes from pages of this origin, and builds the absolute links of its Atom feeds from it.',
  },
  dbPath: {
    env: 'READOUT_DB',
    schema: z.string().trim().min(1),
    default: './data/readout.db',
    doc: 'SQLite database file; created and migrated at start. Ignored when DATABASE_URL is set.',
  },
  databaseUrl: {
    env: 'DATABASE_URL',
    schema: z
      .string()
      .trim()
      .refine((v) => v === '' || /^postgres(ql)?:\/\//.test(v), 'must start with postgres:// or postgresql://'),
    default: '',
    doc: 'PostgreSQL connection URL (postgres://user@host/db). When set, Readout stores everything there instead of SQLite.',
  },
  samples: {
    env: 'READOUT_SAMPLES',
    schema: flag,
    default: '1',
    doc: 'Load the bundled sample clippings when the store is empty at start (0 to turn off).',
  },
  pageSize: {
    env: 'READOUT_PAGE_SIZE',
    schema: z.coerce.number({ error: 'must be a whole number from 5 to 200' }).int().min(5).max(200),
    default: '20',
    doc: 'Articles per list page on the web pages.',
  },
  maxClippingBytes: {
    env: 'READOUT_MAX_CLIPPING_BYTES',
    schema: z.coerce.number({ error: 'must be a number of bytes, at least 1024' }).int().min(1024),
    default: String(2 * 1024 * 1024),
    doc: 'Largest text clipping (or JSONL line) Readout will import, in bytes; larger ones are refused with a message.',
  },
  allowPrivateAddresses: {
    env: 'READOUT_ALLOW_PRIVATE_ADDRESSES',
    schema: flag,
    default: '0',
    doc: 'Let outbound fetches reach loopback, private, link-local and other non-public addresses (1 to allow). Off by default so a fetched URL cannot reach your own network; turn on for an intranet or for tests.',
  },
  userAgent: {
    env: 'READOUT_USER_AGENT',
    schema: z.string().trim().min(1, 'must not be empty'),
    default: `Readout/${readoutVersion} (self-hosted news clipping service)`,
    doc: 'User-Agent header sent with every outbound fetch; READOUT_CONTACT_URL adds your contact to it.',
  },
  fetchTimeoutSeconds: {
    env: 'READOUT_FETCH_TIMEOUT',
    schema: z.coerce.number({ error: 'must be a whole number of seconds from 1 to 300' }).int().min(1).max(300),
    default: '20',
    doc: 'Longest time one page fetch may take, in seconds, redirects and body included.',
  },
  maxPageBytes: {
    env: 'READOUT_MAX_PAGE_BYTES',
    schema: z.coerce.number({ error: 'must be a number of bytes, at least 1024' }).int().min(1024),
    default: String(15 * 1024 * 1024),
    doc: 'Largest page Readout will download, in bytes after decompression; larger ones are refused with a message.',
  },
  contactUrl: {
    env: 'READOUT_CONTACT_URL',
    schema: z
      .string()
      .trim()
      .refine((v) => v === '' || /^(https?:\/\/|mailto:)\S+$/.test(v), 'must be an http(s) or mailto: URL'),
    default: '',
    doc: 'A page or address where site owners can reach whoever runs this Readout; added to the User-Agent as `(+URL)`. Set it when you follow feeds: it is how a site asks you to slow down instead of blocking you.',
  },
  pollFeeds: {
    env: 'READOUT_POLL',
    schema: flag,
    default: '1',
    doc: 'Poll followed feeds, and place waiting articles in stories, inside `readout serve` (`npm start`). Turn off (0) when separate `readout poll` processes do it.',
  },
  feedIntervalMinutes: {
    env: 'READOUT_FEED_INTERVAL',
    schema: z.coerce.number({ error: 'must be a whole number of minutes from 5 to 1440' }).int().min(5).max(1440),
    default: '30',
    doc: "Base time between two checks of a feed, in minutes. A feed's own ttl, Cache-Control, Expires or Retry-After can only lengthen it; a feed that publishes rarely is checked less often; never under 5 minutes or over 24 hours.",
  },
  pollConcurrency: {
    env: 'READOUT_POLL_CONCURRENCY',
    schema: z.coerce.number({ error: 'must be a whole number from 1 to 64' }).int().min(1).max(64),
    default: '8',
    doc: 'Jobs (feed checks, page fetches) one poller runs at a time, across all sites.',
  },
  hostConcurrency: {
    env: 'READOUT_HOST_CONCURRENCY',
    schema: z.coerce.number({ error: 'must be a whole number from 1 to 8' }).int().min(1).max(8),
    default: '2',
    doc: 'Requests one poller sends to the same host at a time.',
  },
  hostDelayMs: {
    env: 'READOUT_HOST_DELAY',
    schema: z.coerce
      .number({ error: 'must be a whole number of milliseconds from 0 to 60000' })
      .int()
      .min(0)
      .max(60_000),
    default: '1000',
    doc: "Least time between the starts of two requests to the same host, in milliseconds (a site's robots.txt Crawl-delay lengthens it for page fetches).",
  },
  logLevel: {
    env: 'LOG_LEVEL',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info',
    doc: 'How much the server logs (pino levels: fatal, error, warn, info, debug, trace, silent).',
  },
} as const;

type Settings = typeof settings;
export type Config = { [K in keyof Settings]: z.output<Settings[K]['schema']> };

export class ConfigError extends UserError {
  override name = 'ConfigError';

  constructor(message: string, options?: ErrorOptions) {
    super('setup', message, options);
  }
}

/** Reads every setting from `env`, applying defaults; throws one ConfigError naming every bad value. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, setting] of Object.entries(settings)) {
    const raw = env[setting.env];
    const value = raw === undefined || raw === '' ? setting.default : raw;
    const parsed = (setting.schema as z.ZodType).safeParse(value);
    if (parsed.success) out[key] = parsed.data;
    else
      problems.push(
        `${setting.env}=${JSON.stringify(raw && maskCredentials(raw))}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      );
  }
  if (problems.length > 0) throw new ConfigError(`Invalid setting ${problems.join('; ')}`);
  return out as Config;
}

/** `https://host[:port]` of an address with no path, query or user name; null for anything else. */
function publicOrigin(address: string): string | null {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return null;
  }
  const bare = url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '';
  return bare && (url.protocol === 'http:' || url.protocol === 'https:') ? url.origin : null;
}

/** The User-Agent Readout sends: the configured one, with the contact URL added when one is set. */
export function effectiveUserAgent(config: Pick<Config, 'userAgent' | 'contactUrl'>): string {
  if (!config.contactUrl || config.userAgent.includes(config.contactUrl)) return config.userAgent;
  const agent = config.userAgent;
  return agent.endsWith(')') ? `${agent.slice(0, -1)}; +${config.contactUrl})` : `${agent} (+${config.contactUrl})`;
}

/** The README's configuration table, made from the settings above (a test keeps the README in step). */
export function settingsTable(): string {
  const rows = Object.values(settings).map(
    (s) => `| \`${s.env}\` | ${s.default === '' ? '(unset)' : `\`${s.default}\``} | ${s.doc} |`,
  );
  return ['| setting | default | what it does |', '|---|---|---|', ...rows].join('\n');
}
