// Whether an article sits behind a paywall: JSON-LD says so, the markup carries a generic paywall marker,
// or a short body ends in a subscribe prompt.
import { descendants, hintOf, type PageElement, textOf } from './dom.js';

const paywallHint =
  /paywall|metered-?content|subscriber-?only|subscribers-?only|premium-?content|regwall|reg-?wall|article-?locked|locked-?content|content-?locked|piano-?(?:offer|paywall|inline)|tp-modal|tp-container|subscription-?required|fade-?out-?paywall|truncated-?content|gated-?content|pay-?wall/;
const subscribePrompt =
  /(subscribe|subscription|sign in|log in|become a (member|subscriber)|already a subscriber)[^.]{0,80}(to (continue|read|keep reading|access|unlock)|full (story|article)|this (story|article) is)|(to (continue|keep) reading|read the full (story|article)|this (article|story|content) is (only )?(available|reserved|exclusive) (to|for) (subscribers|members))/i;

export function isPaywalled(root: PageElement, accessibleForFree: boolean | null, bodyWords: number): boolean {
  if (accessibleForFree === false) return true;
  for (const element of descendants(root)) {
    if (element.tag === 'html' || element.tag === 'body') continue;
    if (paywallHint.test(hintOf(element))) return true;
  }
  // A truncated body behind a subscribe prompt: the prompt is short, and the story stops short too.
  if (bodyWords < 250) {
    for (const element of descendants(root)) {
      if (element.tag !== 'p' && element.tag !== 'div' && element.tag !== 'h2' && element.tag !== 'h3') continue;
      const hasElementChildren = element.children.some((child) => typeof child !== 'string' && child.tag !== 'a');
      if (hasElementChildren) continue;
      const text = textOf(element, 200);
      if (text.length < 200 && subscribePrompt.test(text)) return true;
    }
  }
  return false;
}
