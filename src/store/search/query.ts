// The search syntax: one parser turns any string a user types into a SearchQuery of plain terms, or a
// QueryError that says what to fix. Engines build their own match expressions from the terms, never from the text.
import { isDateProblem, readDate } from '../../calendar.js';
import { UserError } from '../../errors.js';

/** A word, or the words of an "exact phrase", already split into tokens of letters and digits. */
export interface SearchTerm {
  tokens: string[];
  /** Written in quotes: the tokens must appear together in this order. */
  phrase: boolean;
}

export interface SearchQuery {
  /** Every group must match; a group matches when any of its terms does (`a OR b`). */
  groups: SearchTerm[][];
  /** No result may hold any of these (`-word`, `-"a phrase"`, `NOT word`). */
  excluded: SearchTerm[];
  /** `source:<name or id>`: the article comes from one of the outlets these name. */
  sources: string[];
  /** `byline:<name>`: each one's tokens appear together in the byline. */
  bylines: SearchTerm[];
  /** `from:YYYY-MM-DD`, inclusive, as the first instant of that day in UTC (ISO 8601). */
  from: string | null;
  /** `to:YYYY-MM-DD`, inclusive, as the first instant of the day after it in UTC (so: before `to`). */
  to: string | null;
  /** `in:headline`: words and phrases must be in the headline. */
  inHeadline: boolean;
  /** `entity:<name>`: the article names each of these people, places or organisations. */
  entities: EntityName[];
}

/** An `entity:` value, in the two forms an entity is found by (see entityNameOf). */
export interface EntityName {
  /** Folded as entity keys are: "Vladimir Putin's" → "vladimir putin". */
  key: string;
  /** As written, lower-cased, to compare with the forms a name was written under: "putin". */
  written: string;
}

/** A query that cannot be run as written; the message says why and how to write it. */
export class QueryError extends UserError {
  override name = 'QueryError';

  constructor(message: string) {
    super('invalid', message);
  }
}

export const queryLimits = { characters: 1_000, terms: 32 };

/** The syntax in one paragraph, for help texts and the API description. */
export const querySyntax =
  'Words (all must appear; accents, case and English word forms are folded: call finds calls and called), ' +
  '"exact phrases", -excluded, a OR b, source:<name or id>, byline:<name>, from:YYYY-MM-DD, to:YYYY-MM-DD ' +
  '(also YYYY or YYYY-MM), in:headline, entity:<name> (articles that name that person, place or organisation: ' +
  'its full name without a title, in any case and with or without accents, a surname, or a form an article ' +
  'wrote it under, such as entity:Putin). Quote a name with spaces: source:"Harbor Ledger", entity:"Vladimir Putin".';

// What the engines' tokenizers treat as word characters: letters, marks and digits. Anything else separates.
const tokenPattern = /[\p{L}\p{M}\p{N}]+/gu;
const controlChars = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/gu;

/** The tokens of a piece of text, lower-cased, in order; punctuation, symbols and emoji separate them. */
export function tokensOf(text: string): string[] {
  return (text.normalize('NFC').match(tokenPattern) ?? []).map((token) => token.toLowerCase());
}

/** One piece of the query text as the user wrote it: a bare word, a quoted phrase, or field:value. */
interface Piece {
  text: string;
  quoted: boolean;
  negated: boolean;
  field: string | null;
}

const fields = new Set(['source', 'byline', 'from', 'to', 'in', 'entity']);

/** Splits the text into pieces, honouring quotes; an unclosed quote runs to the end of the text. */
function piecesOf(text: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    let negated = false;
    if (text[i] === '-' && i + 1 < text.length && !/\s/.test(text[i + 1]!)) {
      negated = true;
      i++;
    }
    let field: string | null = null;
    const fieldMatch = /^([A-Za-z]+):(?=\S)/.exec(text.slice(i, i + 12));
    if (fieldMatch && fields.has(fieldMatch[1]!.toLowerCase())) {
      field = fieldMatch[1]!.toLowerCase();
      i += fieldMatch[0].length;
    }
    if (text[i] === '"') {
      const close = text.indexOf('"', i + 1);
      const end = close === -1 ? text.length : close;
      pieces.push({ text: text.slice(i + 1, end), quoted: true, negated, field });
      i = end + 1;
    } else {
      let end = i;
      while (end < text.length && !/\s/.test(text[end]!)) end++;
      // A quote inside a word (he"llo) is punctuation, as the tokenizer would read it.
      pieces.push({ text: text.slice(i, end), quoted: false, negated, field });
      i = end;
    }
  }
  return pieces;
}

/**
 * A from:/to: value as the ISO instant that bounds the range: YYYY, YYYY-MM or YYYY-MM-DD, read by the calendar
 * that the store's dates go through; `to` gives the first instant after the period (so that to:2014-03 includes
 * March 31).
 */
export function dateBound(field: 'from' | 'to', value: string): string {
  const reading = readDate(value, 'period');
  const example = `${field}:2014-03-${field === 'from' ? '01' : '31'}`;
  if (isDateProblem(reading)) {
    if (reading.problem === 'form')
      throw new QueryError(`${field}:${value} is not a date; write ${field}:YYYY-MM-DD, such as ${example}`);
    throw new QueryError(
      `${field}:${value} ${reading.reason}${reading.problem === 'month' ? `, as in ${example}` : ''}`,
    );
  }
  // The calendar's years have four digits, so toISOString's form is enough.
  return new Date(field === 'from' ? reading.start : reading.end).toISOString();
}

/**
 * Parses a search as a user typed it. Never throws anything but QueryError; control characters are spaces,
 * punctuation and symbols separate words, `AND` is implied, a bare `-`, `OR` or `*` is ignored.
 */
export function parseQuery(raw: string): SearchQuery {
  if (raw.length > queryLimits.characters) {
    throw new QueryError(
      `the query is ${raw.length.toLocaleString('en-US')} characters long; the most is ${queryLimits.characters.toLocaleString('en-US')}`,
    );
  }
  const text = raw.replace(controlChars, ' ');
  const query: SearchQuery = {
    groups: [],
    excluded: [],
    sources: [],
    bylines: [],
    from: null,
    to: null,
    inHeadline: false,
    entities: [],
  };
  let joinNext = false;
  let negateNext = false;
  let terms = 0;
  const count = () => {
    terms++;
    if (terms > queryLimits.terms) {
      throw new QueryError(`the query has more than ${queryLimits.terms} words and filters; leave some out`);
    }
  };

  for (const piece of piecesOf(text)) {
    if (piece.field !== null) {
      count();
      applyField(query, piece);
      joinNext = false;
      negateNext = false;
      continue;
    }
    if (!piece.quoted && !piece.negated) {
      if (piece.text === 'OR') {
        joinNext = query.groups.length > 0;
        continue;
      }
      if (piece.text === 'AND') continue;
      if (piece.text === 'NOT') {
        negateNext = true;
        continue;
      }
    }
    const tokens = tokensOf(piece.text);
    if (tokens.length === 0) continue;
    count();
    const term: SearchTerm = { tokens, phrase: piece.quoted || tokens.length > 1 };
    if (piece.negated || negateNext) {
      query.excluded.push(term);
      negateNext = false;
      joinNext = false;
      continue;
    }
    if (joinNext) query.groups.at(-1)!.push(term);
    else query.groups.push([term]);
    joinNext = false;
  }

  checkWhole(query, raw);
  return query;
}

/** What only the whole query can be refused for: a backward range, or nothing to find. */
function checkWhole(query: SearchQuery, raw: string): void {
  if (query.from !== null && query.to !== null && query.from >= query.to) {
    throw new QueryError('from: is after to:; the range must run forward, as in from:2014-03-01 to:2014-03-31');
  }
  const filters = query.sources.length + query.bylines.length + query.entities.length;
  if (query.groups.length > 0 || filters > 0) return;
  if (query.excluded.length > 0) {
    throw new QueryError('the query only excludes words; add a word to find, a source:, a byline: or an entity:');
  }
  if (query.from === null && query.to === null) {
    throw new QueryError(
      raw.trim() === ''
        ? 'the query is empty; type a word to search for'
        : 'the query has no words to search for, only punctuation or symbols',
    );
  }
}

function applyField(query: SearchQuery, piece: Piece): void {
  const field = piece.field!;
  const value = piece.text.trim();
  if (piece.negated) {
    throw new QueryError(`-${field}: cannot be excluded; leave out the minus`);
  }
  if (value === '') throw new QueryError(`${field}: needs a value, as in ${fieldExample(field)}`);
  switch (field) {
    case 'source': {
      if (tokensOf(value).length === 0)
        throw new QueryError(`source:${value} names no outlet; see the list of sources`);
      query.sources.push(value);
      return;
    }
    case 'byline': {
      const tokens = tokensOf(value);
      if (tokens.length === 0) throw new QueryError(`byline:${value} holds no name to look for`);
      query.bylines.push({ tokens, phrase: tokens.length > 1 });
      return;
    }
    case 'from':
    case 'to': {
      if (query[field] !== null) throw new QueryError(`${field}: is given twice; give one ${field}: date`);
      query[field] = dateBound(field, value);
      return;
    }
    case 'entity': {
      const name = entityNameOf(value);
      if (name.key === '' || tokensOf(name.key).length === 0)
        throw new QueryError(`entity:${value} holds no name to look for`);
      query.entities.push(name);
      return;
    }
    case 'in': {
      if (value.toLowerCase() !== 'headline') {
        throw new QueryError(`in:${value} is not a place to search; the one there is is in:headline`);
      }
      query.inHeadline = true;
      return;
    }
  }
}

/**
 * An entity: value in the forms it is matched by. The key is folded as src/analysis/entities folds names into
 * entity keys (lower case, accents and dots gone, a trailing possessive dropped, initials run together: "U. S."
 * and "U.S." → "us"); titles are not taken off, so a name is written without one.
 */
export function entityNameOf(value: string): EntityName {
  const words = value.normalize('NFC').trim().split(/\s+/);
  words[words.length - 1] = words.at(-1)!.replace(/['’]s?$/u, '');
  const written = words.join(' ').toLowerCase();
  const key = written
    .normalize('NFKD')
    .replace(/[\p{M}.]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\b(\p{L}) (?=\p{L}\b)/gu, '$1');
  return { key, written };
}

function fieldExample(field: string): string {
  switch (field) {
    case 'source':
      return 'source:"Harbor Ledger"';
    case 'byline':
      return 'byline:ortiz';
    case 'in':
      return 'in:headline';
    case 'entity':
      return 'entity:"Vladimir Putin"';
    default:
      return `${field}:2014-03-01`;
  }
}
