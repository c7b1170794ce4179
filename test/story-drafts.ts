// Articles the stories tests save: one wire story run by two outlets (one story whatever the clusterer's tuning)
// and five events told once each, weeks apart and in words of their own.
import type { ArticleDraft } from '../src/model.js';

/** The date `daysAgo` days before today, as YYYY-MM-DD. */
export const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

export function draft(
  source: string,
  headline: string,
  paragraphs: string[],
  publishedAt: string,
  url: string | null = null,
): ArticleDraft {
  return {
    url,
    canonicalUrl: null,
    headline,
    deck: null,
    byline: null,
    publishedAt,
    language: 'en',
    source: { name: source, homepage: null, paywalled: false },
    paragraphs,
    related: [],
    paywalled: false,
    extraction: { method: 'clipping', version: '1' },
  };
}

// The same wire copy from two outlets: one story, whatever the clusterer's tuning.
export const wire = [
  'Kestrel Harbour council voted 7 to 2 on Tuesday to close the Marrow Street ferry terminal, Mayor Ingrid Solberg said.',
  'The closure will cost 14.2 million kroner, according to Solberg and the Kestrel Harbour Port Authority.',
  'Ferry operator Nordlys Lines said it would move its 46 daily sailings to the Quayside pier by March.',
];

/** Five events, each told once, weeks apart and in words of their own. */
export const singles = [
  [
    'Tovik Courier',
    'Glassworks museum opens in Tovik',
    'The glassworks had 3,100 visitors on Saturday, curator Amadou Keita said.',
  ],
  [
    'Upland Herald',
    'Orchard frost ruins Brennvik apple crop',
    'Grower Petra Lindqvist lost 80 tonnes of apples overnight.',
  ],
  ['Delta Post', 'Rowing club wins Saltmere regatta', 'The Saltmere eight beat Hollin by 2.4 seconds on Sunday.'],
  ['Valley Times', 'Observatory in Ardmore gets new telescope', 'Astronomer Colm Ferris unveiled a 1.8-metre mirror.'],
  ['Fen Gazette', 'Bakery strike in Oskarholm ends', 'Union leader Sanna Virtanen agreed a 6 percent raise.'],
] as const;
