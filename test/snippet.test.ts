// Snippets made from the stored text: the words the index matched are the words marked.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { parseQuery } from '../src/store/index.js';
import { indexForm, makeSnippet, snippetMarks } from '../src/store/search/snippet.js';

const terms = (q: string) => parseQuery(q).groups.flat();
const marked = (snippet: string | null) =>
  [
    ...(snippet ?? '').matchAll(
      new RegExp(`${snippetMarks.open}([^${snippetMarks.close}]*)${snippetMarks.close}`, 'g'),
    ),
  ].map((m) => m[1]);

const text =
  'The harbour authority said on Monday that the ferry terminal would close. Residents called the decision ' +
  'hasty; the council calls a public hearing for Thursday, when the terminal operators will answer questions ' +
  'from callers about the café and the crossing.';

describe('search snippets', () => {
  it('reduces words to the forms FTS5’s porter tokenizer indexes', () => {
    const words = `${text} running runs ran happily happiness generalizations organization relational Über CAFÉ naïve
      x1 2026 covid19 ties ponies caresses agreed plastered motoring sensational hopefully`.split(/[^\p{L}\p{N}]+/u);
    const db = new SQLite(':memory:');
    db.exec(
      "CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'porter unicode61 remove_diacritics 2'); CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row')",
    );
    const insert = db.prepare('INSERT INTO t(x) VALUES (?)');
    const termOf = db.prepare('SELECT term FROM v');
    for (const word of words.filter(Boolean)) {
      db.exec('DELETE FROM t');
      insert.run(word);
      const rows = termOf.all() as { term: string }[];
      assert.deepEqual(
        rows.map((r) => r.term),
        [indexForm(word)],
        word,
      );
    }
    db.close();
  });

  it('marks every form of a word the index matched', () => {
    const snippet = makeSnippet(text, terms('calls'));
    assert.deepEqual(marked(snippet), ['called', 'calls']);
  });

  it('marks a phrase only where its words stand together', () => {
    const snippet = makeSnippet(text, terms('"ferry terminal"'));
    assert.deepEqual(marked(snippet), ['ferry', 'terminal']);
  });

  it('folds accents and case', () => {
    assert.deepEqual(marked(makeSnippet(text, terms('CAFE'))), ['café']);
  });

  it('chooses the window with the most different terms and says where it was cut', () => {
    const long = `${'Filler words go on here. '.repeat(40)}${text}${' More filler follows.'.repeat(40)}`;
    const snippet = makeSnippet(long, terms('hearing thursday'))!;
    assert.deepEqual(marked(snippet), ['hearing', 'Thursday']);
    assert.ok(snippet.startsWith('…') && snippet.endsWith('…'), snippet);
    assert.ok(snippet.split(/\s+/).length <= 34, snippet);
  });

  it('gives null when no term is in the text, and ignores marks already in it', () => {
    assert.equal(makeSnippet(text, terms('lighthouse')), null);
    const sneaky = `a ${snippetMarks.open}fake${snippetMarks.close} mark and a ferry`;
    assert.deepEqual(marked(makeSnippet(sneaky, terms('ferry'))), ['ferry']);
  });
});
