// Keys the store derives from text: outlet slugs, headline match keys, content hashes, ids.
import { createHash, randomFillSync } from 'node:crypto';

/** Folds case, accents, quotes and punctuation so that the same headline typed twice matches. */
export function headlineKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A readable URL id for an outlet: "The Harbor Ledger" → "the-harbor-ledger". */
export function slugify(text: string): string {
  const slug = headlineKey(text).replace(/ /g, '-').slice(0, 60).replace(/-+$/, '');
  return slug || 'source';
}

export function contentHash(parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('base64url').slice(0, 32);
}

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

/** Random bytes for ids, drawn from the system a few kilobytes at a time: a bulk import makes thousands a second. */
const pool = Buffer.alloc(4_096);
let poolUsed = pool.length;

/** 16 characters, sortable by creation time: 10 for the millisecond clock, 6 random. */
export function newId(now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = alphabet[t % 32] + time;
    t = Math.floor(t / 32);
  }
  if (poolUsed + 6 > pool.length) {
    randomFillSync(pool);
    poolUsed = 0;
  }
  let rand = '';
  for (let i = 0; i < 6; i++) rand += alphabet[pool[poolUsed++]! % 32];
  return time + rand;
}

export const idPattern = /^[0-9a-z][0-9a-z_-]{0,63}$/;
