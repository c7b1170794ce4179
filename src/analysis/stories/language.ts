// Which language an article is written in, when its record does not say: enough to keep an account in one
// language out of a story told in another (their words cannot be compared). The script decides first (Cyrillic,
// Greek, Arabic, Hebrew, Han, Kana, Hangul, Devanagari, Thai); Latin-script text is told apart by its most
// common short words. Unsure → null, and null never keeps an article out of a story.

const scripts: [RegExp, string][] = [
  [/\p{Script=Cyrillic}/gu, 'ru'],
  [/\p{Script=Greek}/gu, 'el'],
  [/\p{Script=Arabic}/gu, 'ar'],
  [/\p{Script=Hebrew}/gu, 'he'],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/gu, 'ja'],
  [/\p{Script=Hangul}/gu, 'ko'],
  [/\p{Script=Han}/gu, 'zh'],
  [/\p{Script=Devanagari}/gu, 'hi'],
  [/\p{Script=Thai}/gu, 'th'],
];

// Words that are frequent in one of these languages and rare in the others.
const commonWords: Record<string, Set<string>> = {
  en: new Set('the and of to in is was that for with on said by from at'.split(' ')),
  de: new Set('der die das und ist nicht mit den dem des sich auf für ein eine wurde'.split(' ')),
  fr: new Set('le la les et des est une dans que pour pas sur au du avec été'.split(' ')),
  es: new Set('el la los las y que en del por una para con fue según sus'.split(' ')),
  it: new Set('il la che di della per con non sono una gli nel alla è stato'.split(' ')),
  nl: new Set('de het een en van is dat op zijn met voor niet werd door'.split(' ')),
  pt: new Set('o a os as e que do da em um uma para com não foi pelo'.split(' ')),
};

/** Reads at most this many characters: the opening says which language it is. */
const sample = 2000;

export function guessLanguage(text: string): string | null {
  const head = text.slice(0, sample);
  const letters = head.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return null;
  for (const [pattern, language] of scripts) {
    if ((head.match(pattern)?.length ?? 0) > letters * 0.3) return language;
  }
  const words = head.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length < 8) return null;
  let best: { language: string; hits: number } | null = null;
  let second = 0;
  for (const [language, common] of Object.entries(commonWords)) {
    const hits = words.filter((word) => common.has(word)).length;
    if (!best || hits > best.hits) {
      second = best?.hits ?? 0;
      best = { language, hits };
    } else if (hits > second) second = hits;
  }
  // A clear winner only: a tenth of the words, and well ahead of the next language.
  if (!best || best.hits < words.length * 0.1 || best.hits < second * 1.5) return null;
  return best.language;
}
