// `readout export`: JSONL that imports back into an empty store with every field, CSV, and bad options.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Article } from '../src/model.js';
import { openTestStore, runCli, samples, type TestStore } from './harness.js';

async function everyArticle(store: TestStore): Promise<Article[]> {
  const all: Article[] = [];
  for await (const article of store.ctx.store.eachArticle()) all.push(article);
  return all.sort((a, b) => a.id.localeCompare(b.id));
}

describe('readout export', () => {
  let source: TestStore;
  let target: TestStore;
  before(async () => {
    source = await openTestStore();
    target = await openTestStore();
    const imported = await runCli(['import', samples], source.env);
    assert.equal(imported.code, 0, imported.stdout + imported.stderr);
    const response = await source.app.request('/api/articles', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        headline: 'A record with every field',
        url: 'https://news.example/a?x=1',
        canonicalUrl: 'https://news.example/a',
        deck: 'Deck, with "quotes"',
        byline: 'Ana Ruiz',
        publishedAt: '2026-11-02T09:30:00-05:00',
        language: 'en',
        source: { name: 'Example Wire', homepage: 'https://news.example/', paywalled: true },
        paragraphs: ['First, with a comma.', 'Second\twith a tab and "quotes".'],
        related: [{ title: 'Another', url: 'https://news.example/b', paywalled: false }],
        extraction: { method: 'html', version: '3' },
      }),
    });
    assert.equal(response.status, 201);
  });
  after(async () => {
    await source.close();
    await target.close();
  });

  it('writes JSONL that imports into an empty store with every field of every article', async () => {
    const file = join(source.dir, 'export.jsonl');
    const exported = await runCli(['export', '--format', 'jsonl', '--out', file], source.env);
    assert.equal(exported.code, 0, exported.stderr);
    const sampleCount = readdirSync(samples).filter((f) => f.endsWith('.txt')).length;
    assert.match(exported.stderr, new RegExp(`exported ${sampleCount + 1} articles as jsonl to`));
    assert.equal(readFileSync(file, 'utf8').trim().split('\n').length, sampleCount + 1);

    const imported = await runCli(['import', file], target.env);
    assert.equal(imported.code, 0, imported.stdout + imported.stderr);
    assert.match(imported.stderr, new RegExp(`${sampleCount + 1} imported, 0 duplicate`));

    const before = await everyArticle(source);
    const afterImport = await everyArticle(target);
    assert.equal(afterImport.length, before.length);
    for (const [i, article] of before.entries()) {
      const copy = afterImport[i]!;
      assert.deepEqual({ ...copy, updatedAt: undefined }, { ...article, updatedAt: undefined });
    }
  });

  it('writes CSV with a header and one row an article', async () => {
    const result = await runCli(['export', '--format', 'csv'], source.env);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split('\r\n');
    assert.match(lines[0]!, /^id,headline,deck,byline,publishedAt,source,/);
    assert.match(result.stdout, /"Deck, with ""quotes"""/);
    assert.match(result.stdout, /,Example Wire,example-wire,true,true,/);
  });

  it('refuses an unknown format with exit code 2 and leaves no file behind', async () => {
    const file = join(source.dir, 'out.xml');
    const result = await runCli(['export', '--format', 'xml', '--out', file], source.env);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown --format "xml"; use jsonl or csv/);
    assert.equal(existsSync(file), false);
  });
});
