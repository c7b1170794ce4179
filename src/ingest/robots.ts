// robots.txt rules for article-page fetches (feeds are exempt: they exist to be polled), after RFC 9309.
import robotsParserExport from 'robots-parser';

interface RobotsRules {
  isAllowed(url: string, userAgent?: string): boolean | undefined;
  getCrawlDelay(userAgent?: string): number | undefined;
}

// The package is CommonJS but typed as an ES module with a default export, so TypeScript sees one level too many:
// at run time the default import is the parser function itself.
const robotsParser = robotsParserExport as unknown as (robotsUrl: string, robotsTxt: string) => RobotsRules;

/** Google's cap: a robots.txt longer than this is read up to here and the rest ignored. */
export const maxRobotsChars = 500 * 1024;

/** Whether `userAgent` may fetch `url` under `robotsTxt`; a robots.txt that cannot be read allows everything. */
export function robotsAllows(robotsTxt: string, url: string, userAgent: string): boolean {
  const target = httpUrl(url);
  if (!target) return false; // not a web address: nothing may be fetched there anyway
  try {
    const rules = robotsParser(new URL('/robots.txt', target).href, capped(robotsTxt));
    // The parser answers undefined only for another origin, which cannot happen with the URL built above.
    return rules.isAllowed(target.href, productToken(userAgent)) !== false;
  } catch {
    return true;
  }
}

/** The Crawl-delay for `userAgent` (its own group, else `*`), in seconds; null when none is stated or it is nonsense. */
export function crawlDelaySeconds(robotsTxt: string, userAgent: string): number | null {
  try {
    const delay = robotsParser('https://robots.invalid/robots.txt', capped(robotsTxt)).getCrawlDelay(
      productToken(userAgent),
    );
    return typeof delay === 'number' && Number.isFinite(delay) && delay > 0 ? delay : null;
  } catch {
    return null;
  }
}

/**
 * RFC 9309 matches groups on the product token alone ("Readout" in "Readout/0.3 (+https://…)"); the parser would
 * otherwise keep everything before the first "/", including words such as "Mozilla (compatible;".
 */
function productToken(userAgent: string): string {
  return /^\s*([A-Za-z_-]+)/.exec(userAgent)?.[1] ?? '*';
}

function httpUrl(text: string): URL | null {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** Cuts at the last line break before the cap, so a rule is never read half-written. */
function capped(robotsTxt: unknown): string {
  if (typeof robotsTxt !== 'string') return '';
  if (robotsTxt.length <= maxRobotsChars) return robotsTxt;
  const head = robotsTxt.slice(0, maxRobotsChars);
  const lastBreak = Math.max(head.lastIndexOf('\n'), head.lastIndexOf('\r'));
  return lastBreak > 0 ? head.slice(0, lastBreak) : head;
}
