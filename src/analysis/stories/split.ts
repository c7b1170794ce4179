// The second look at a growing story: do its accounts tell one event, or two of the same kind that an early
// account joined together? Placement only ever adds to a story, so a wrong join made when a story held one or two
// accounts would stay; looking again as the story grows lets the accounts themselves show the seam.
import { type Group, type Rarity, similarity } from './cluster.js';
import type { Features } from './features.js';

// Every step of about √2 up to 32: ECB+'s cross-validated figure gained most from looking often while a story is
// young (doubling steps gave 0.88 in memory, these 0.89); past 32 accounts a story's events are settled.
/** The sizes at which a story is looked at again: each account is read again six times at most. */
export const reviewSizes = new Set([6, 8, 12, 16, 24, 32]);

/** Each of the two parts a story splits into must hold at least this many accounts: one stray account is no event. */
const minPart = 3;

interface Part extends Group {
  members: number[];
}

function joined(a: Part, b: Part): Part {
  const sums = new Map(a.sums);
  for (const [key, value] of b.sums) sums.set(key, (sums.get(key) ?? 0) + value);
  return { sums, count: a.count + b.count, members: [...a.members, ...b.members] };
}

/**
 * Groups a story's accounts bottom up, always joining the two most similar groups, until no two are as alike as
 * `threshold` (the size-corrected similarity placement uses). When two groups of `minPart` or more accounts are left,
 * the story told two events: the answer is the accounts (their indexes) of each, every smaller group going with the
 * part it is nearer. Otherwise null: it stays one story. Costs about n² similarities for n accounts.
 */
export function decideSplit(accounts: Features[], rarity: Rarity, threshold: number): [number[], number[]] | null {
  if (accounts.length < 2 * minPart) return null;
  let parts: Part[] = accounts.map((sums, index) => ({ sums, count: 1, members: [index] }));
  // Similarities between the current parts, kept as parts join: a join only changes the joined part's row.
  const score = new Map<Part, Map<Part, number>>();
  const between = (a: Part, b: Part) => score.get(a)?.get(b) ?? score.get(b)?.get(a) ?? 0;
  const measure = (part: Part) => {
    const row = new Map<Part, number>();
    for (const other of parts) if (other !== part) row.set(other, similarity(part, other, rarity));
    score.set(part, row);
  };
  for (const part of parts) measure(part);
  for (;;) {
    let best = -Infinity;
    let pair: [Part, Part] | null = null;
    for (let i = 0; i < parts.length; i++)
      for (let j = i + 1; j < parts.length; j++) {
        const value = between(parts[i]!, parts[j]!);
        if (value > best) [best, pair] = [value, [parts[i]!, parts[j]!]];
      }
    if (!pair || best < threshold) break;
    const [a, b] = pair;
    score.delete(a);
    score.delete(b);
    parts = parts.filter((part) => part !== a && part !== b);
    const merged = joined(a, b);
    parts.push(merged);
    measure(merged);
  }
  const large = parts
    .filter((part) => part.count >= minPart)
    .sort((a, b) => b.count - a.count || a.members[0]! - b.members[0]!);
  if (large.length < 2) return null;
  const halves: [Part, Part] = [large[0]!, large[1]!];
  const result: [number[], number[]] = [[...halves[0].members], [...halves[1].members]];
  for (const part of parts) {
    if (part === halves[0] || part === halves[1]) continue;
    const side = similarity(part, halves[0], rarity) >= similarity(part, halves[1], rarity) ? 0 : 1;
    result[side].push(...part.members);
  }
  return result;
}
