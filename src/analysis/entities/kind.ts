// What kind of thing a name is, from cues in its words and around its mentions. Each mention votes; the
// entity takes the kind with most votes, so one "in Kerry's view" does not make a place of a person.
import {
  directions,
  firstNames,
  organisationHeads,
  organisationWords,
  placeHeads,
  placeNames,
  placePrepositions,
  places,
  placeWords,
  sayings,
} from './lexicon.js';
import type { Candidate } from './names.js';

export type EntityKind = 'person' | 'place' | 'organisation';

export type Votes = Record<EntityKind, number>;

export const noVotes = (): Votes => ({ person: 0, place: 0, organisation: 0 });

const organisationNouns = new Set(
  'newspaper magazine company group firm agency party network bank airline daily'.split(' '),
);
const placeNouns = new Set(
  'district city province island region county state village town area suburb neighbourhood'.split(' '),
);
const acronym = /^\p{Lu}{2,6}$/u;

/** Adds one mention's votes; `folded` is its name folded word by word. */
export function vote(votes: Votes, candidate: Candidate, folded: string[]): void {
  const first = folded[0]!;
  const last = folded.at(-1)!;
  const { span } = candidate;
  if (candidate.titled) votes.person += 3;
  if (organisationWords.has(last) || (folded.length > 1 && organisationHeads.has(first))) votes.organisation += 3;
  // "National Technical University of Athens": an organisation word before "of" names the whole.
  else if (folded.some((word, index) => organisationWords.has(word) && folded[index + 1] === 'of'))
    votes.organisation += 3;
  if (placeWords.has(last) && folded.length > 1) votes.place += 2;
  if (folded.length > 1 && placeHeads.has(first)) votes.place += 2;
  const joined = folded.join(' ');
  if (
    places.has(joined) ||
    placeNames.has(joined) ||
    (folded.length === 2 && directions.has(first) && places.has(last))
  )
    votes.place += 3;
  if (firstNames.has(first)) votes.person += folded.length > 1 ? 2 : 1;
  if (candidate.words.length === 1 && acronym.test(candidate.words[0]!) && !places.has(joined)) votes.organisation += 2;
  if (sayings.has(span.after) || sayings.has(span.before)) votes.person += 1.5;
  if (placePrepositions.has(span.before)) votes.place += 1;
  // "the Press Democrat newspaper", "the Exarchia district".
  if (organisationNouns.has(span.after)) votes.organisation += 2;
  if (placeNouns.has(span.after)) votes.place += 2;
  if (span.before === 'the' && folded.length === 1) votes.organisation += 0.5;
}

/** The kind with most votes; a tie goes to a person for a full name, else to an organisation. */
export function kindOf(votes: Votes, wordCount: number): EntityKind {
  const best = Math.max(votes.person, votes.place, votes.organisation);
  if (best === 0) return wordCount > 1 ? 'person' : 'organisation';
  if (votes.person === best && (wordCount > 1 || votes.organisation < best)) return 'person';
  if (votes.place === best) return 'place';
  return votes.organisation === best ? 'organisation' : 'person';
}

/** Whether anything but its capital letter says a lone word is a name. */
export function hasEvidence(votes: Votes): boolean {
  return votes.person + votes.place + votes.organisation >= 1.5;
}
