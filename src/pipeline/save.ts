// The pipeline's one step into the store: a draft saved, or refused with the store's reason.
import type { AppContext } from '../context.js';
import { InputError } from '../errors.js';
import type { ArticleDraft, SaveResult } from '../model.js';
import { StoreError } from '../store/db.js';

/** Stores one draft; a draft the store refuses becomes an InputError with the store's reason. */
export async function saveDraft(ctx: AppContext, draft: ArticleDraft): Promise<SaveResult> {
  try {
    return await ctx.store.saveArticle(draft);
  } catch (err) {
    if (err instanceof StoreError && err.name === 'InvalidArticle') throw new InputError(err.message);
    throw err;
  }
}
