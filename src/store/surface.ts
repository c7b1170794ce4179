// How a table family offers its functions as the store's methods: each function is written once, taking the
// database first, and bound to it here; a key from the outside world that names nothing is answered here too.

type Bound<D, F> = { [K in keyof F]: F[K] extends (db: D, ...args: infer A) => infer R ? (...args: A) => R : never };

/** A family's functions with the database given: `getFeed(db, id)` becomes `getFeed(id)`. */
export function withDb<D, F extends Record<string, (db: D, ...args: never[]) => unknown>>(db: D, functions: F) {
  const bound: Record<string, unknown> = {};
  for (const [name, run] of Object.entries(functions)) bound[name] = run.bind(null, db);
  return bound as Bound<D, F>;
}

/**
 * Ids and URLs from the outside world may hold a NUL character, which PostgreSQL cannot hold in text (it fails the
 * query) and which no stored key has (ids are checked, URLs percent-encoded): such a key names nothing.
 */
export function names(key: string): boolean {
  return !key.includes('\u0000');
}

/** A look-up by key that answers `none`, without a query, for a key that names nothing. */
export function keyed<D, T>(read: (db: D, key: string) => Promise<T>, none: T): (db: D, key: string) => Promise<T> {
  const nothing = Promise.resolve(none);
  return (db, key) => (names(key) ? read(db, key) : nothing);
}

/** A look-up by several keys that leaves out the keys that name nothing. */
export function keyedList<D, T>(read: (db: D, keys: string[]) => Promise<T>): (db: D, keys: string[]) => Promise<T> {
  return (db, keys) => read(db, keys.filter(names));
}
