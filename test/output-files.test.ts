// Commands that write a file (`export --out`, `opml export --output`): a file they cannot write is one line on
// stderr naming the path and the reason, with exit code 1; a write that fails midway leaves no half of a file.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ArticleDraft } from '../src/model.js';
import { type CliResult, openTestStore, repoRoot, runCli, runProcess, type TestStore } from './harness.js';

const commands: Array<{ name: string; args: (path: string) => string[] }> = [
  { name: 'export', args: (path) => ['export', '--format', 'csv', '--out', path] },
  { name: 'opml', args: (path) => ['opml', 'export', '--output', path] },
];

function article(n: number): ArticleDraft {
  return {
    url: `https://harbour.example/story-${n}`,
    canonicalUrl: null,
    headline: `Harbour story number ${n}`,
    deck: null,
    byline: null,
    publishedAt: '2026-11-02',
    language: 'en',
    source: { name: 'Harbour Bulletin', homepage: null, paywalled: false },
    paragraphs: Array.from(
      { length: 8 },
      (_, i) =>
        `Paragraph ${i + 1} of story ${n}: the ferry timetable changes on Monday, and the pier closes for repairs.`,
    ),
    related: [],
    paywalled: false,
    extraction: { method: 'clipping', version: '1' },
  };
}

/** `readout <args>` with the size of any file it writes capped by the shell's `ulimit -f` (in 512-byte blocks). */
function runCliWithFileLimit(blocks: number, args: string[], env: Record<string, string>): Promise<CliResult> {
  const node = [process.execPath, '--import', 'tsx', join(repoRoot, 'src/cli.ts'), ...args];
  return runProcess('sh', ['-c', `ulimit -f ${blocks} && exec "$@"`, 'sh', ...node], env);
}

describe('commands that write a file', () => {
  let store: TestStore;
  let out: string;
  before(async () => {
    store = await openTestStore();
    out = join(store.dir, 'out');
    mkdirSync(out);
    for (let n = 0; n < 400; n += 100)
      await store.ctx.store.saveArticles(Array.from({ length: 100 }, (_, i) => article(n + i)));
    await store.ctx.store.addFeed({
      url: 'https://harbour.example/feed',
      title: 'Harbour',
      siteUrl: null,
      folder: null,
    });
  });
  after(async () => {
    chmodSync(out, 0o755);
    await store.close();
  });

  const assertOneLine = (result: CliResult, name: string, message: RegExp) => {
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.stderr.split('\n').length, 2, `one line on stderr: ${result.stderr}`);
    assert.match(result.stderr, new RegExp(`^readout ${name}: ${message.source}\\n$`));
  };

  it('says the folder does not exist, in one line, with exit code 1', async () => {
    for (const { name, args } of commands) {
      const result = await runCli(args('/nonexistent-dir/x.out'), store.env);
      assertOneLine(result, name, /cannot write \/nonexistent-dir\/x\.out: no such folder \/nonexistent-dir/);
    }
  });

  it('says the path is a folder, or sits under a file, in one line, with exit code 1', async () => {
    for (const { name, args } of commands) {
      const folder = await runCli(args(out), store.env);
      assertOneLine(folder, name, new RegExp(`cannot write ${out}: it is a folder`));
      const underFile = await runCli(args(join(store.dbPath, 'x.out')), store.env);
      assertOneLine(
        underFile,
        name,
        new RegExp(`cannot write ${store.dbPath}/x\\.out: ${store.dbPath} is not a folder`),
      );
    }
  });

  it('says permission is denied, in one line, with exit code 1, and writes nothing there', async () => {
    // root may write in any folder it owns; the kernel's /sys refuses it too.
    const locked = process.getuid?.() === 0 ? '/sys' : out;
    chmodSync(out, 0o555);
    try {
      for (const { name, args } of commands) {
        const result = await runCli(args(join(locked, 'x.out')), store.env);
        assertOneLine(result, name, new RegExp(`cannot write ${locked}/x\\.out: permission denied`));
      }
      assert.deepEqual(readdirSync(out), []);
    } finally {
      chmodSync(out, 0o755);
    }
  });

  it('keeps the file already there, and leaves no partial file, when the write fails midway', async () => {
    const file = join(out, 'articles.csv');
    writeFileSync(file, 'the last complete export\n');
    const complete = await runCli(['export', '--format', 'csv'], store.env);
    assert.ok(complete.stdout.length > 200 * 1024, 'the export is larger than the limit below');
    const result = await runCliWithFileLimit(200, ['export', '--format', 'csv', '--out', file], store.env);
    assertOneLine(
      result,
      'export',
      /cannot write .*articles\.csv: the file would be larger than this system allows \(see ulimit -f\)/,
    );
    assert.equal(readFileSync(file, 'utf8'), 'the last complete export\n');
    assert.deepEqual(readdirSync(out), ['articles.csv']);
  });

  it('writes the whole file and says so when it can', async () => {
    for (const { args } of commands) {
      const file = join(out, 'whole.out');
      const result = await runCli(args(file), store.env);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /(exported 400 articles as csv|wrote 1 feeds) to .*whole\.out\n$/);
      assert.ok(readFileSync(file, 'utf8').length > 0);
    }
    assert.deepEqual(
      readdirSync(out).filter((name) => name.includes('.partial-')),
      [],
    );
  });
});
