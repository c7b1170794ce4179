// One request: each redirect hop checked by the address guard and the caller, one deadline for the whole
// fetch, and every failure explained. Part of ingest/http.ts, the only code in Readout that opens sockets to
// the outside world.
import { type Agent, fetch } from 'undici';
import { FetchFailed } from './errors.js';
import { explain, httpError } from './failures.js';
import { checkHop, checkHostName, checkTarget } from './guard.js';

export const maxRedirects = 5;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** The caller's own check of a redirect target (robots.txt, say); what it throws is what the fetch throws. */
export type RedirectCheck = (url: string) => Promise<void>;

/** The agent requests go through and the settings it was made with. */
export interface Client {
  agent: Agent;
  allowPrivateAddresses: boolean;
  userAgent: string;
  fetchTimeoutSeconds: number;
}

export interface RequestOptions {
  accept: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  notModifiedOk?: boolean;
  beforeRedirect?: RedirectCheck;
}

/** The final answer, after redirects. */
export interface Answer {
  requestedUrl: string;
  url: string;
  response: Response;
  redirects: string[];
}

/**
 * Follows redirects (each hop checked) to a final answer, then hands it to `read` within the same deadline.
 * Any status other than 2xx (and 304 when `notModifiedOk`) becomes a FetchFailed that says why.
 */
export async function request<T>(
  client: Client,
  url: string,
  options: RequestOptions,
  read: (answer: Answer) => Promise<T>,
): Promise<T> {
  const allowPrivate = client.allowPrivateAddresses;
  const deadline = AbortSignal.timeout(client.fetchTimeoutSeconds * 1000);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  let current = checkTarget(url, { allowPrivateAddresses: allowPrivate });
  const requestedUrl = current.href;
  const redirects: string[] = [];
  const headers = { 'user-agent': client.userAgent, accept: options.accept, ...options.headers };
  const caller: { refused: boolean; error?: unknown } = { refused: false };
  try {
    for (;;) {
      if (!allowPrivate) await checkHostName(current, signal);
      const response = (await fetch(current, {
        dispatcher: client.agent,
        redirect: 'manual',
        signal,
        headers,
      })) as unknown as Response;
      const status = response.status;
      if (redirectStatuses.has(status)) {
        await response.body?.cancel();
        const location = response.headers.get('location');
        if (!location)
          throw new FetchFailed(`${current.href} answered ${status} without a Location header`, {
            url: current.href,
            status,
          });
        if (redirects.length === maxRedirects)
          throw new FetchFailed(
            `${requestedUrl} redirected more than ${maxRedirects} times; stopped at ${current.href}`,
            {
              url: current.href,
              status,
            },
          );
        redirects.push(current.href);
        current = checkHop(location, current.href, allowPrivate);
        if (options.beforeRedirect)
          await options.beforeRedirect(current.href).catch((error: unknown) => {
            Object.assign(caller, { refused: true, error });
            throw error;
          });
        continue;
      }
      if (!(status >= 200 && status <= 299) && !(status === 304 && options.notModifiedOk))
        throw await httpError(response, current.href);
      return await read({ requestedUrl, url: current.href, response, redirects });
    }
  } catch (err) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (caller.refused) throw caller.error;
    throw explain(err, {
      url: current.href,
      redirectedFrom: redirects.at(-1),
      timedOut: deadline.aborted,
      seconds: client.fetchTimeoutSeconds,
    });
  }
}
