// The API's one error shape: {"error": "<what was wrong and what to do>", "detail": <structured or null>}.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSONValue } from 'hono/utils/types';

export function apiError<S extends ContentfulStatusCode>(c: Context, status: S, error: string, detail: unknown) {
  return c.json({ error, detail: (detail ?? null) as JSONValue }, status);
}

/** Paths under /api answer in JSON, errors included. */
export const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');
