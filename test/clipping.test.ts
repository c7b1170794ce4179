// The clipping parser on the shapes saved clippings take: each part lands in its field, furniture never in the body.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClippingError, type ParsedClipping, parseClippings } from '../src/ingest/clipping.js';

function one(text: string): ParsedClipping['draft'] {
  const results = parseClippings(text);
  assert.equal(results.length, 1, `expected one clipping, got ${results.length}`);
  const [result] = results;
  if (result instanceof ClippingError) assert.fail(`line ${result.line}: ${result.message}`);
  return result!.draft;
}

const lede =
  'PORT ALMER — The harbor commission voted 4-1 on Tuesday to raise mooring fees for the first time in a decade, citing repairs.';

describe('the clipping parser', () => {
  it('reads the byline and date lines and keeps them out of the body', () => {
    const draft = one(
      'Fees Rise\n\n   < < Go Back\nfrom The Almer Post,\n\nA deck.\n\nBy JANE DOE and Ana de la Cruz, Staff Writers\n\nTuesday, March 3, 2026\n\nBody one.\n',
    );
    assert.equal(draft.byline, 'JANE DOE and Ana de la Cruz');
    assert.equal(draft.publishedAt, '2026-03-03');
    assert.deepEqual(draft.paragraphs, ['Body one.']);
  });

  it('does not take a sentence that starts with "By" for a byline', () => {
    const draft = one(
      'Ferry Late\n\n   < < Go Back\nfrom The Almer Post,\n\nA deck.\n\nBy the time the ferry docked, the fog had lifted.\n\nSecond.\n',
    );
    assert.equal(draft.byline, null);
    assert.deepEqual(draft.paragraphs, ['By the time the ferry docked, the fog had lifted.', 'Second.']);
  });

  it('treats a dateline lede as body text, not as a deck', () => {
    const draft = one(`Fees Rise\n\n   < < Go Back\nfrom The Almer Post,\n\n${lede}\n\nSecond paragraph.\n`);
    assert.equal(draft.deck, null);
    assert.deepEqual(draft.paragraphs, [lede, 'Second paragraph.']);
  });

  it('joins hard-wrapped lines and splits long lines into paragraphs', () => {
    const wrapped = one(
      'Wrapped\n\n   < < Go Back\nfrom The Almer Post,\n\nDeck.\n\nThis paragraph was wrapped\nat a narrow width by the\nsite that saved it.\n\nNext.\n',
    );
    assert.deepEqual(wrapped.paragraphs, [
      'This paragraph was wrapped at a narrow width by the site that saved it.',
      'Next.',
    ]);
    const long =
      'A paragraph long enough that no one would have hard-wrapped it at this width, so each line is its own.';
    const unwrapped = one(`Lines\n\n   < < Go Back\nfrom The Almer Post,\n\nDeck.\n\n${long}\n${long} Again.\n`);
    assert.deepEqual(unwrapped.paragraphs, [long, `${long} Again.`]);
  });

  it('takes a date and an original URL from the attribution line', () => {
    const draft = one(
      'Dated\n\n   < < Go Back\nfrom The Almer Post, Nov. 3, 2026\nhttps://almerpost.example/2026/11/dated\n\nDeck.\n\nBody.\n\nMore body.\n',
    );
    assert.equal(draft.source.name, 'The Almer Post');
    assert.equal(draft.publishedAt, '2026-11-03');
    assert.equal(draft.url, 'https://almerpost.example/2026/11/dated');
    assert.equal(draft.deck, 'Deck.');
  });

  it('drops page furniture such as "Advertisement" from the body', () => {
    const draft = one('Ads\n\n   < < Go Back\nfrom The Almer Post,\n\nDeck.\n\nOne.\n\nAdvertisement\n\nTwo.\n');
    assert.deepEqual(draft.paragraphs, ['One.', 'Two.']);
  });

  it('reads related headlines with URLs and per-link paywall marks', () => {
    const draft = one(
      [
        'Related',
        '',
        '   < < Go Back',
        'from The Almer Post,',
        '',
        'Deck.',
        '',
        'Body.',
        '',
        'More From The Almer Post:',
        '',
        'Open Story',
        'https://almerpost.example/open',
        '',
        'Locked Story (subscription required)',
        '',
        'Inline Story - https://almerpost.example/inline',
      ].join('\n'),
    );
    assert.equal(draft.source.paywalled, false);
    assert.deepEqual(draft.related, [
      { title: 'Open Story', url: 'https://almerpost.example/open', paywalled: false },
      { title: 'Locked Story', url: null, paywalled: true },
      { title: 'Inline Story', url: 'https://almerpost.example/inline', paywalled: false },
    ]);
  });

  it('accepts the Go Back line above the headline', () => {
    const draft = one('   < < Go Back\n\nAbove\n\nfrom The Almer Post,\n\nDeck.\n\nBody.\n\nMore.\n');
    assert.equal(draft.headline, 'Above');
    assert.equal(draft.source.name, 'The Almer Post');
  });

  it('names the line of a clipping without a headline or without text', () => {
    const [noHeadline] = parseClippings('\n\n   < < Go Back\nfrom The Almer Post,\n\nDeck.\n\nBody.\n');
    assert.ok(noHeadline instanceof ClippingError);
    assert.equal(noHeadline.line, 3);
    const [noText] = parseClippings('Only a Headline\n\n   < < Go Back\nfrom The Almer Post,\n');
    assert.ok(noText instanceof ClippingError);
    assert.match(noText.message, /has no article text/);
    const [empty] = parseClippings('\n\n\n');
    assert.ok(empty instanceof ClippingError);
  });
});
