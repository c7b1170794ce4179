// The bundled sample clippings, loaded into an empty store so that the first page is not empty.
import { fileURLToPath } from 'node:url';
import type { AppContext } from '../context.js';
import { collectFiles } from '../ingest/files.js';
import { importFile } from './files.js';
import { placeAllWaiting } from './stories.js';

export const samplesDir = fileURLToPath(new URL('../../samples/', import.meta.url));

/** On an empty store, imports the bundled sample clippings so that the first page is not empty. */
export async function loadSamplesIfEmpty(ctx: AppContext): Promise<number> {
  if (!ctx.config.samples || (await ctx.store.countArticles()) > 0) return 0;
  let imported = 0;
  for (const file of await collectFiles([samplesDir])) {
    const report = await importFile(ctx, file);
    imported += report.counts.imported;
    for (const problem of report.errors) ctx.log.warn({ file, ...problem }, 'sample clipping not imported');
  }
  // Grouped at once, so that the first page a new reader sees already has its stories.
  await placeAllWaiting(ctx);
  ctx.log.info({ imported }, 'loaded the bundled sample clippings into the empty store');
  return imported;
}
