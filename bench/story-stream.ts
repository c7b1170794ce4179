// A synthetic stream of news for timing story placement: events (with their people, places, organisations,
// numbers and dates) each told by one to a dozen outlets over a few days, recurring events of the same kind
// (a budget vote every year, a storm every winter) with different names and figures, and wire stories run by
// many outlets. Built on the search benchmark's generator (synthetic.ts): the same outlets' shape, seeded PRNG.
import type { ArticleDraft } from '../src/model.js';
import { createRandom, lastNames as familyNames, firstNames as givenNames, mastheads, places } from './synthetic.js';

type Random = ReturnType<typeof createRandom>;

const kinds = [
  { what: 'council budget vote', words: 'council budget vote spending taxes reserves shortfall approved members' },
  { what: 'harbor ferry collision', words: 'ferry barge collision fog passengers crew injured terminal investigators' },
  { what: 'hospital nurses strike', words: 'nurses strike hospital union contract wages shifts patients picket' },
  { what: 'wildfire evacuation', words: 'wildfire evacuation smoke acres containment firefighters homes winds' },
  { what: 'bridge closure', words: 'bridge closure engineers inspection girders detour traffic rebuild span' },
  { what: 'fraud trial verdict', words: 'trial jury verdict fraud contractor prosecutors testimony sentencing' },
  { what: 'school board election', words: 'election school board candidates ballots turnout precincts results' },
  { what: 'factory closure', words: 'factory closure jobs workers layoffs plant owners shifts severance' },
  { what: 'winter storm', words: 'storm snow outages power crews roads plows schools closed' },
  { what: 'stadium deal', words: 'stadium deal team owners financing bonds lease council arena' },
];

const general =
  'the of and to in a that for on with as at by from said was were is officials residents county city state ' +
  'week morning evening meeting report statement spokesperson according added told reporters also after';

const organisationKinds = ['Department', 'Authority', 'Commission', 'Union', 'Board', 'Agency', 'Institute'];

// 60 × 60 given and family names make 3,600 people, and more with initials: names recur across events.
const given = [
  ...givenNames,
  ...'Abel Beatrix Cyril Dagny Emil Farah Gideon Hedda Ivo Jonas Kirsi Luca Maren Nils Orla Petra Quinn Rafe Sigrid Tove Ulla Vidar Wren Xavi Yara Zeno Anouk Bram Cato Della Edda Finn Greta Hale Ines Joost Kai Liv Mads Noor Olle Pim Runa Sten Tilde Uwe Vera Wim'.split(
    ' ',
  ),
];
const family = [
  ...familyNames,
  ...'Achterberg Bexley Corrigan Dahlgren Eskola Fairweather Grobler Haugland Iversen Jaramillo Kastellan Lindgren Marchetti Norrell Oyelaran Pettersen Quaresma Rademaker Sandoval Thorvald Ulvaeus Vasquez Whitcombe Yildirim Zeller Abernathy Brandt Dunmore Ferreira Galloway Hartigan Ishikawa Jansen Kowalczyk Lachance Mbeki Nakamura Ostrowski'.split(
    ' ',
  ),
];
const towns = [
  ...places,
  ...'Ashby Brightwater Coldharbour Dunmere Eastwick Fallowfield Greystone Hollin Ivybridge Juniper Kingsbury Larkspur Millbrook Norwood Oakhurst Pinecrest Queensbay Redwater Stonehaven Thornbury'.split(
    ' ',
  ),
];

interface Event {
  kind: (typeof kinds)[number];
  town: string;
  people: string[];
  organisation: string;
  numbers: number[];
  start: number;
  accounts: number;
  wire: boolean;
}

function newEvent(random: Random, start: number): Event {
  const kind = random.pick(kinds);
  const town = random.pick(towns);
  const wire = random.chance(0.02);
  return {
    kind,
    town,
    people: Array.from({ length: random.int(2, 4) }, () => `${random.pick(given)} ${random.pick(family)}`),
    organisation: `${town} ${random.pick(organisationKinds)}`,
    numbers: Array.from({ length: random.int(2, 4) }, () => random.int(2, 9_000)),
    start,
    // Most events are told once or twice; some by a dozen outlets; a wire story by up to 200.
    accounts: wire ? random.int(50, 200) : random.chance(0.5) ? 1 : random.int(2, 12),
    wire,
  };
}

function sentence(random: Random, event: Event): string {
  const vocabulary = event.kind.words.split(' ');
  const out: string[] = [];
  const length = random.int(12, 24);
  for (let i = 0; i < length; i++) {
    const roll = random.int(0, 9);
    if (roll < 4) out.push(random.pick(general.split(' ')));
    else if (roll < 7) out.push(random.pick(vocabulary));
    else if (roll === 7) out.push(random.pick(event.people));
    else if (roll === 8) out.push(random.chance(0.5) ? event.town : event.organisation);
    else out.push(String(random.pick(event.numbers)));
  }
  return `${out.join(' ')}.`;
}

function account(random: Random, event: Event, outlet: string, index: number, text?: string[]): ArticleDraft {
  const at = new Date(event.start + random.int(0, 3 * 86_400_000));
  const lead = event.people[0]!;
  const paragraphs = text ?? Array.from({ length: random.int(4, 9) }, () => sentence(random, event));
  return {
    url: `https://news.example/${outlet.replace(/\W+/g, '-').toLowerCase()}/${event.start}-${index}`,
    canonicalUrl: null,
    headline: `${event.town} ${event.kind.what}: ${lead} and ${event.numbers[0]} ${random.pick(event.kind.words.split(' '))}`,
    deck: null,
    byline: null,
    publishedAt: at.toISOString(),
    language: 'en',
    source: { name: outlet, homepage: null, paywalled: false },
    paragraphs,
    related: [],
    paywalled: false,
    extraction: { method: 'synthetic', version: '1' },
  };
}

/** `count` articles over about two years, roughly in time order (an event's accounts within three days), seeded. */
export function* storyStream(count: number, seed = 7): Generator<ArticleDraft> {
  const random = createRandom(seed);
  const outlets = towns.flatMap((town) => mastheads.map((masthead) => `The ${town} ${masthead}`));
  const span = 730 * 86_400_000;
  const begin = Date.UTC(2025, 0, 1);
  let made = 0;
  while (made < count) {
    const event = newEvent(random, begin + Math.floor((made / count) * span));
    const wireText = event.wire ? Array.from({ length: 6 }, () => sentence(random, event)) : undefined;
    for (let i = 0; i < event.accounts && made < count; i++, made++)
      yield account(random, event, random.pick(outlets), i, wireText);
  }
}
