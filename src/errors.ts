// Errors a user can act on: one type, whose kind says what went wrong. The CLI maps kinds to exit codes once
// (src/cli.ts) and the web to HTTP statuses once (src/web/api/errors.ts). Imports nothing.

export type ErrorKind =
  /** The input is malformed: a URL, record, clipping, query, file or form that must be fixed (HTTP 400). */
  | 'invalid'
  /** Well-formed, but nothing can be made of it: a page without an article, a site without a feed (422). */
  | 'unprocessable'
  /** What the input names does not exist (404). */
  | 'not-found'
  /** Readout will not do it: a private address, a fetch robots.txt forbids (400). */
  | 'refused'
  /** Another site failed: it did not answer, answered with an error, or sent too much (502). */
  | 'upstream'
  /** The database stayed locked by another process; nothing was saved (503). */
  | 'busy'
  /** Readout itself cannot work as set up: a bad setting, a database it cannot open or migrate (503). */
  | 'setup';

export class UserError extends Error {
  readonly kind: ErrorKind;

  constructor(kind: ErrorKind, message: string, options?: ErrorOptions) {
    super(message, options);
    this.kind = kind;
  }
}

/** An input the user can fix: the message says what is wrong and what to do. */
export class InputError extends UserError {
  override name = 'InputError';

  constructor(message: string, kind: 'invalid' | 'unprocessable' = 'invalid', options?: ErrorOptions) {
    super(kind, message, options);
  }
}

/** The user error in `err`, or null when it is Readout's own failure (a bug, a lost connection). */
export function userError(err: unknown): UserError | null {
  return err instanceof UserError ? err : null;
}

/** An input that is wrong in itself (malformed, or holding nothing usable): reported, and the next input goes on. */
export function isBadInput(err: unknown): err is UserError {
  return err instanceof UserError && (err.kind === 'invalid' || err.kind === 'unprocessable');
}
