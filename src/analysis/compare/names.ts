// The people, places and organisations each sentence of an account names, as details that can be lined up across
// accounts: "Woodburn" named by seven accounts is where they agree the event happened; a name only one account
// gives is something only it reports. A name is one value, so it never conflicts: spelling variants of one name are
// one name (the entity reader folds them), and two different names are two details, not a disagreement.
import type { FoundEntity } from '../entities/index.js';
import type { DetailKind, Mention } from './details.js';
import type { Sentence } from './sentences.js';

/** A person is lined up by surname across accounts ("Tennant", "Capt. Tom Tennant"); a place or body by its name. */
export function nameKey(entity: FoundEntity): string {
  return entity.kind === 'person' ? entity.key.split(' ').at(-1)! : entity.key;
}

const wordChar = /[\p{L}\p{N}]/u;

/** Where `form` stands in `text` as whole words, or -1. */
function find(text: string, form: string): number {
  for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + 1)) {
    const before = at > 0 ? text[at - 1]! : ' ';
    const after = text[at + form.length] ?? ' ';
    if (!wordChar.test(before) && !wordChar.test(after)) return at;
  }
  return -1;
}

/** Every sentence's mentions of the account's named entities, the form as written in the sentence as its text. */
export function namesIn(sentences: Sentence[], entities: FoundEntity[]): Mention[] {
  const found: Mention[] = [];
  // Longest forms first, so that "Vladimir Putin" is the text rather than "Putin".
  const named = entities.map((entity) => ({ entity, forms: [...entity.names].sort((a, b) => b.length - a.length) }));
  for (const sentence of sentences)
    for (const { entity, forms } of named) {
      const form = forms.find((candidate) => find(sentence.text, candidate) !== -1);
      if (!form) continue;
      found.push({
        kind: entity.kind as DetailKind,
        label: `name:${entity.kind}:${nameKey(entity)}`,
        amount: { value: 0, bound: 'exact', unit: 'name', written: null },
        text: form,
        sentence,
      });
    }
  return found;
}

export const isName = (label: string) => label.startsWith('name:');
