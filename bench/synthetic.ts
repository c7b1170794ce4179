// Synthetic news articles for benchmarks, shaped like real clippings; a seeded PRNG makes every run store the same.
// Each article's related headlines are headlines of other articles of its outlet, so that they resolve.
import type { ArticleDraft, RelatedLink } from '../src/model.js';

/** mulberry32: small, fast and good enough to make varied, repeatable text. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    /** A whole number from min to max, both included. */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (probability: number) => next() < probability,
    /** A shuffled copy (Fisher–Yates). */
    shuffle: <T>(items: readonly T[]): T[] => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
  };
}

type Random = ReturnType<typeof createRandom>;

interface Outlet {
  name: string;
  homepage: string;
  paywalled: boolean;
}

export const places = [
  'Harbor',
  'Northfield',
  'Cedar Valley',
  'Lakeshore',
  'Granite County',
  'Riverbend',
  'Coastal',
  'Prairie',
];
export const mastheads = ['Ledger', 'Courier', 'Tribune', 'Gazette', 'Dispatch'];

export const firstNames = [
  'Miriam',
  'Tomas',
  'Aisha',
  'Daniel',
  'Renata',
  'Kwame',
  'Lena',
  'Oscar',
  'Priya',
  'Hugo',
  'Nadia',
];
export const lastNames = [
  'Castellane',
  'Osei',
  'Lindqvist',
  'Moreau',
  'Okafor',
  'Brennan',
  'Tanaka',
  'Varga',
  'Halloran',
];

const headlineWords = (
  'council votes budget harbor ferry bridge school board police chief mayor county court ruling hospital ' +
  'strike workers contract housing rents tenants election turnout storm flooding drought farmers water plant ' +
  'factory closes opens reopens jobs tax plan transit fares rail line airport runway port cargo fishing season ' +
  'museum library festival team wins loses coach stadium park trail wildfire smoke health clinic nurses union ' +
  'audit finds delays cost overruns investigation charges trial verdict appeal zoning permit developers tower'
).split(' ');

const functionWords = (
  'the the the of of and and to to in in a a that for on with as at by from said was were is are ' +
  'it its their this which would will after before over about more than also but not'
).split(' ');

const contentWords = (
  'officials residents county city state council committee department project plan budget million ' +
  'percent year week month morning evening meeting vote proposal report review agency district schools ' +
  'students teachers parents families workers union contract wages hours shifts harbor ferry terminal ' +
  'passengers vessel crew captain channel dredging barge bridge road traffic construction engineers repair ' +
  'estimate inspection safety investigation witnesses statement spokesperson hospital patients doctors ' +
  'nurses emergency services police officers court judge jury lawyers ruling appeal evidence testimony ' +
  'housing rents tenants landlords developers permits zoning neighbourhood waterfront market prices ' +
  'farmers harvest rainfall drought storm flooding shoreline tides erosion survey scientists researchers ' +
  'data records documents emails interviews hearing session deadline delay funding grant taxes revenue ' +
  'spending shortfall reserves election candidates voters turnout ballots campaign donors community ' +
  'volunteers library museum festival season visitors businesses owners customers shops restaurants'
).split(' ');

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function outlets(random: Random): Outlet[] {
  return places.flatMap((place) =>
    mastheads.map((masthead) => {
      const slug = `${place}-${masthead}`.toLowerCase().replace(/ /g, '-');
      return {
        name: `The ${place} ${masthead}`,
        homepage: `https://www.${slug}.example/`,
        paywalled: random.chance(0.3),
      };
    }),
  );
}

function headline(random: Random): string {
  return Array.from({ length: random.int(6, 12) }, () => capitalise(random.pick(headlineWords))).join(' ');
}

/** A sentence of 10 to 28 words, about 60% content words, sometimes with a comma or a figure. */
function sentence(random: Random): string {
  const words = Array.from({ length: random.int(10, 28) }, () =>
    random.chance(0.6) ? random.pick(contentWords) : random.pick(functionWords),
  );
  if (random.chance(0.3)) words.splice(random.int(1, words.length - 1), 0, String(random.int(2, 950)));
  if (words.length > 14 && random.chance(0.5)) words[random.int(4, words.length - 4)] += ',';
  return `${capitalise(words.join(' '))}.`;
}

/** 2 to 4 sentences: 200 to 700 characters, like a news paragraph. */
function paragraph(random: Random): string {
  return Array.from({ length: random.int(2, 4) }, () => sentence(random)).join(' ');
}

function byline(random: Random): string {
  return `${random.pick(firstNames)} ${random.pick(lastNames)}`;
}

/** A date within the two years before November 2026, as YYYY-MM-DD. */
function publishedDate(random: Random): string {
  const latest = Date.UTC(2026, 10, 1);
  return new Date(latest - random.int(0, 729) * 86_400_000).toISOString().slice(0, 10);
}

function articleUrl(outlet: Outlet, title: string, published: string, serial: number): string {
  const slug = title.toLowerCase().split(' ').slice(0, 8).join('-');
  return `${outlet.homepage}${published.slice(0, 4)}/${published.slice(5, 7)}/${slug}-${serial}`;
}

/**
 * `count` article drafts, the same on every call with the same count and seed. 40 outlets, about a third
 * paywalled. Half the articles look clipped from a page (related links carry the other article's URL), half
 * from a text clipping (related headlines only), so both ways of resolving a related link are exercised.
 */
export function syntheticArticles(count: number, seed = 20261128): ArticleDraft[] {
  const random = createRandom(seed);
  const allOutlets = outlets(random);
  const drafts: ArticleDraft[] = [];
  const byOutlet = new Map<Outlet, ArticleDraft[]>();
  for (let serial = 0; serial < count; serial++) {
    const outlet = random.pick(allOutlets);
    const title = headline(random);
    const published = publishedDate(random);
    const url = articleUrl(outlet, title, published, serial);
    const fromPage = random.chance(0.5);
    const draft: ArticleDraft = {
      url,
      canonicalUrl: url,
      headline: title,
      deck: sentence(random),
      byline: byline(random),
      publishedAt: published,
      language: 'en',
      source: { ...outlet },
      paragraphs: Array.from({ length: random.int(6, 12) }, () => paragraph(random)),
      related: [],
      paywalled: outlet.paywalled,
      extraction: { method: fromPage ? 'html' : 'clipping', version: 'bench' },
    };
    drafts.push(draft);
    const siblings = byOutlet.get(outlet) ?? [];
    siblings.push(draft);
    byOutlet.set(outlet, siblings);
  }
  for (const [outlet, siblings] of byOutlet) {
    for (const draft of siblings) draft.related = relatedLinks(random, outlet, draft, siblings);
  }
  return drafts;
}

/** 0 to 4 other articles of the same outlet, by headline, and by URL when the article came from a page. */
function relatedLinks(random: Random, outlet: Outlet, draft: ArticleDraft, siblings: ArticleDraft[]): RelatedLink[] {
  const others = siblings.filter((other) => other !== draft);
  const chosen = random.shuffle(others).slice(0, random.int(0, 4));
  return chosen.map((other) => ({
    title: other.headline,
    url: draft.extraction.method === 'html' ? other.url : null,
    paywalled: outlet.paywalled,
  }));
}
