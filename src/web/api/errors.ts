// The API's one error shape: {"error": "<what was wrong and what to do>", "detail": <structured or null>}.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSONValue } from 'hono/utils/types';
import type { ErrorKind, UserError } from '../../errors.js';

export function apiError<S extends ContentfulStatusCode>(c: Context, status: S, error: string, detail: unknown) {
  return c.json({ error, detail: (detail ?? null) as JSONValue }, status);
}

/** Paths under /api answer in JSON, errors included. */
export const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');

/** The HTTP status of each kind of user error: the one place the web maps them. */
export const httpStatus = {
  invalid: 400,
  refused: 400,
  'not-found': 404,
  unprocessable: 422,
  upstream: 502,
  busy: 503,
  setup: 503,
} as const satisfies Record<ErrorKind, ContentfulStatusCode>;

/**
 * The JSON answer for a user error. `S` names the statuses the route documents, for its typed responses; the
 * status sent is always the kind's.
 */
export function userErrorResponse<S extends ContentfulStatusCode = (typeof httpStatus)[ErrorKind]>(
  c: Context,
  err: UserError,
  detail: unknown = null,
) {
  return apiError(c, httpStatus[err.kind] as S, err.message, detail);
}
