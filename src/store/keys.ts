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
const randomSpan = 32 ** 6;
let lastTime = -1;
let lastRandom = 0;

/**
 * 16 characters, sortable by creation time: 10 for the millisecond clock, 6 random. Ids made in the same
 * millisecond (a bulk import makes hundreds) count up from the first one's random part instead of drawing
 * again, so one process never makes the same id twice and its ids sort in the order it made them; a clock
 * that steps back keeps counting from the last id. Different processes still differ by 30 random bits.
 */
export function newId(now = Date.now()): string {
  if (now > lastTime) {
    if (poolUsed + 4 > pool.length) {
      randomFillSync(pool);
      poolUsed = 0;
    }
    lastTime = now;
    lastRandom = pool.readUInt32LE(poolUsed) % (randomSpan / 2); // half the span: room to count up
    poolUsed += 4;
  } else if (++lastRandom === randomSpan) {
    lastTime++;
    lastRandom = 0;
  }
  return encode(lastTime, 10) + encode(lastRandom, 6);
}

function encode(value: number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) {
    text = alphabet[value % 32] + text;
    value = Math.floor(value / 32);
  }
  return text;
}

export const idPattern = /^[0-9a-z][0-9a-z_-]{0,63}$/;
