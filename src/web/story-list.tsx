// Addresses of story and entity pages, and the list of stories that the stories page and an entity's page share.
import type { StorySummary } from '../model.js';
import { Sparkline } from './charts.js';
import { DateTime, formatDate } from './layout.js';

/** A story's page; `back` is the list it was opened from, for its Go back link. */
export function storyHref(storyId: string, back?: string): string {
  const path = `/stories/${encodeURIComponent(storyId)}`;
  return back ? `${path}?back=${encodeURIComponent(back)}` : path;
}

export function entityHref(entityId: string, back?: string): string {
  const path = `/entities/${encodeURIComponent(entityId)}`;
  return back ? `${path}?back=${encodeURIComponent(back)}` : path;
}

/** "3 accounts from 2 outlets". */
export function accountsFrom(articleCount: number, sourceCount: number): string {
  const accounts = articleCount === 1 ? '1 account' : `${articleCount} accounts`;
  const outlets = sourceCount === 1 ? '1 outlet' : `${sourceCount} outlets`;
  return `${accounts} from ${outlets}`;
}

/** First and latest account's day, or the one day when both fall on it. */
export function SeenSpan({ story }: { story: Pick<StorySummary, 'firstSeen' | 'lastSeen'> }) {
  if (formatDate(story.firstSeen) === formatDate(story.lastSeen)) return <DateTime value={story.firstSeen} />;
  return (
    <>
      <DateTime value={story.firstSeen} /> to <DateTime value={story.lastSeen} />
    </>
  );
}

export function StoryList({ stories, back }: { stories: StorySummary[]; back: string }) {
  return (
    <ol class="story-list">
      {stories.map((story) => (
        <li>
          <article class="item story-item" data-key="item" data-story-id={story.id}>
            <h2 class="item-headline">
              <a class="headline" href={storyHref(story.id, back)}>
                {story.headline}
              </a>
            </h2>
            <div class="story-item-meta">
              <p class="item-meta">
                <span class="story-counts">{accountsFrom(story.articleCount, story.sourceCount)}</span>
                {' · '}
                <SeenSpan story={story} />
              </p>
              <Sparkline counts={story.coverage} />
            </div>
          </article>
        </li>
      ))}
    </ol>
  );
}
