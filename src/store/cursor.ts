// Page cursors: opaque to clients, a short JSON array in base64url here. The article lists' cursor (sort_at, id)
// lives here; search engines build theirs on the same codec.
import { StoreError } from './db.js';

export class InvalidCursor extends StoreError {
  override name = 'InvalidCursor';

  constructor(message: string) {
    super(message, 'invalid');
  }
}

/** A cursor's text for these values. */
export function writeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** The values a cursor's text holds, or undefined when it is no cursor at all. */
export function readCursor(text: string): unknown {
  try {
    return JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Where an article list stopped: the last article shown, in the lists' order (sort_at, then id). */
export interface ListCursor {
  sortAt: string;
  id: string;
}

export function encodeCursor(cursor: ListCursor): string {
  return writeCursor([cursor.sortAt, cursor.id]);
}

export function decodeCursor(text: string): ListCursor {
  const value = readCursor(text);
  if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string') {
    return { sortAt: value[0], id: value[1] };
  }
  throw new InvalidCursor('cursor is not one Readout gave out; use the nextCursor of a previous page');
}
