// Errors a user can act on. Imports nothing.

/** An input the user can fix: the message says what is wrong and what to do. */
export class InputError extends Error {
  override name = 'InputError';
}
