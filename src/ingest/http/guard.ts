// The address guard: which URLs may be asked for, and the connector that lets a socket reach only public
// addresses (checked after DNS, at connect time). Part of ingest/http.ts, the only code in Readout that opens
// sockets to the outside world.
import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import { buildConnector } from 'undici';
import { classifyAddress } from './address.js';
import { FetchFailed, FetchRefused } from './errors.js';

const allowHint = 'set READOUT_ALLOW_PRIVATE_ADDRESSES=1 to fetch from your own network';

/**
 * Checks one URL before it is requested: the first one, and every redirect target (resolved against `base`).
 * Only http: and https:; an IP literal host must be public unless private addresses are allowed. Host names
 * are checked after DNS, at connect time, by the connector below.
 */
export function checkTarget(url: string, options: { base?: string; allowPrivateAddresses: boolean }): URL {
  let target: URL;
  try {
    target = new URL(url, options.base);
  } catch {
    throw new FetchFailed(`${JSON.stringify(url)} is not a valid URL`, { url });
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    throw new FetchRefused(`${target.href} is not an http: or https: URL; Readout fetches only those`, target.href);
  if (target.username !== '' || target.password !== '')
    throw new FetchRefused(
      `${target.host} was given with a user name or password; Readout does not send them`,
      `${target.protocol}//${target.host}/`,
    );
  const host = bareHost(target);
  if (!options.allowPrivateAddresses && isIP(host) !== 0) {
    const reason = classifyAddress(host);
    if (reason) throw new FetchRefused(`${host} is ${reason}; ${allowHint}`, target.href);
  }
  return target;
}

/** checkTarget for a redirect's Location, its message saying which URL redirected where. */
export function checkHop(location: string, from: string, allowPrivateAddresses: boolean): URL {
  try {
    return checkTarget(location, { base: from, allowPrivateAddresses });
  } catch (err) {
    if (err instanceof FetchRefused)
      err.message = `${from} redirected to ${location}, which was refused: ${err.message}`;
    else if (err instanceof FetchFailed) err.message = `${from} redirected to ${location}: ${err.message}`;
    throw err;
  }
}

/**
 * The connector for the guarded agent: resolves every address of the host, refuses if any is not public,
 * and connects only to the addresses it checked (so DNS cannot change its answer in between). As a last
 * check it looks at the address the socket actually reached before any request byte is written.
 */
export function guardedConnector(timeoutMs: number): buildConnector.connector {
  const connect = buildConnector({ timeout: timeoutMs, lookup: guardedLookup });
  return (options, callback) =>
    connect(options, (err, socket) => {
      if (err) return callback(err, null);
      const address = (socket as Socket).remoteAddress ?? '';
      const reason = classifyAddress(address);
      if (!reason) return callback(null, socket as Socket);
      socket?.destroy();
      callback(new FetchRefused(`${options.hostname} connected to ${address}, ${reason}; ${allowHint}`), null);
    });
}

const guardedLookup: LookupFunction = (hostname, options, callback) => {
  publicAddresses(hostname, options.family).then(
    (addresses) => {
      const first = addresses[0] as LookupAddress;
      if (options.all) callback(null, addresses);
      else callback(null, first.address, first.family);
    },
    (err) => callback(err, ''),
  );
};

/**
 * A host name's addresses, checked before the request: fetch turns some URLs away before it connects (its
 * blocked ports), so names are checked here too, for the same clear refusal whatever the port; the connector's
 * check at connect time is the one that counts.
 */
export async function checkHostName(url: URL, signal: AbortSignal): Promise<void> {
  if (isIP(bareHost(url)) === 0) await untilAborted(publicAddresses(url.hostname), signal);
}

/** Every address of a host name, or FetchRefused when any of them is not public. */
async function publicAddresses(hostname: string, family?: number | 'IPv4' | 'IPv6'): Promise<LookupAddress[]> {
  const addresses = await dnsLookup(hostname, { all: true, family: family ?? 0 });
  for (const { address } of addresses) {
    const reason = classifyAddress(address);
    if (reason) throw new FetchRefused(`${hostname} resolves to ${address}, ${reason}; ${allowHint}`);
  }
  return addresses;
}

/** DNS lookups take no signal; this keeps a slow one inside the deadline. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const stop = () => reject(signal.reason);
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}
