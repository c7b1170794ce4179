// An account's body as sentences, each exactly as it stands in the stored paragraph, so that a reader (or a
// script) can find it again, with where it stands: paragraph and sentence number.
export interface Sentence {
  /** Paragraph index in the stored body. */
  paragraph: number;
  /** Sentence index over the whole account, from 0. */
  index: number;
  text: string;
}

// A stop ends a sentence when a space and a capital, digit or quote follow it, except after a title, an initial or
// a lone letter ("Mr. Obama", "U. S. officials", "4: 30 a. m. Sunday"), and between two digits (a decimal written
// with a space, "magnitude 5. 9", as some copy and tokenised text have it).
const end =
  /(?<=[.!?]["”’']?)(?<!\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Prof|Rev|Corp|Inc|Co|Ltd|No|Mt|Ft|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|vs|\p{L})\.)\s+(?!(?<=\d\.\s+)\d)(?=["“‘'(]?[\p{Lu}\p{N}])/u;

/** Splits each paragraph into sentences; a paragraph with no stop in it is one sentence. */
export function sentencesOf(paragraphs: readonly string[]): Sentence[] {
  const sentences: Sentence[] = [];
  paragraphs.forEach((paragraph, index) => {
    for (const text of paragraph.split(end)) {
      const trimmed = text.trim();
      if (trimmed !== '') sentences.push({ paragraph: index, index: sentences.length, text: trimmed });
    }
  });
  return sentences;
}
