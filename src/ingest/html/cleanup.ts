// The last pass over the blocks: furniture that sits inside the article container (link lists, labels,
// "Read more", repeats of the headline and deck, bylines) is dropped.
import type { BodyBlock } from './blocks.js';

// Short lines that are page furniture wherever they appear.
const furnitureLine =
  /^(this (web)?site uses cookies|we use cookies|advertisement|advertising|anzeige|sponsored( content)?|story continues below|continue reading|read more|read next|see also|related( stories| articles| coverage| content)?:?|share (this|on|via)|share$|tweet$|email$|print$|follow us|sign up|subscribe|newsletter|click here|download (the|our) app|copyright|©|\(c\) \d{4}|all rights reserved|image( source)?:|photo:|getty images|skip to|back to top|comments?$|\d+ comments?|leave a (comment|reply)|view comments|recommended|trending|most (read|popular)|you may also like|more from)/i;

export interface BlockContext {
  headline: string | null;
  deck: string | null;
}

/** Drops the blocks that are furniture inside the article container: link lists, labels, repeats of the headline. */
export function cleanBlocks(blocks: BodyBlock[], context: BlockContext): BodyBlock[] {
  const headline = comparable(context.headline);
  const deck = comparable(context.deck);
  const kept: BodyBlock[] = [];
  for (const block of blocks) {
    const { text } = block;
    const density = block.linkChars / Math.max(1, text.length);
    if (density > 0.5 && block.kind !== 'pre') continue;
    if (text.length < 120 && furnitureLine.test(text)) continue;
    if (!/[\p{L}\p{N}]/u.test(text)) continue;
    const key = comparable(text);
    if (headline && key === headline) continue;
    if (kept.length === 0 && deck && key === deck) continue;
    if (kept.length < 5 && text.length < 80 && /^by\s+\p{Lu}/u.test(text)) continue;
    kept.push(block);
  }
  return kept;
}

function comparable(text: string | null): string {
  return text
    ? text
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim()
    : '';
}
