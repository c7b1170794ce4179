// The article body: find the container that holds the story's paragraphs, then walk it into clean blocks
// (paragraphs, subheadings, list items, quotes, captions) with their text and simple HTML.
import { type BodyBlock, collectBlocks } from './blocks.js';
import { findContainers } from './container.js';
import type { PageElement } from './dom.js';
import { findFurniture } from './furniture.js';

/** Finds the element holding the article and returns the blocks of it and of the siblings that belong. */
export function extractBody(body: PageElement, pageUrl: string | null): BodyBlock[] {
  const furniture = findFurniture(body);
  const containers = findContainers(body, furniture);
  const blocks: BodyBlock[] = [];
  for (const container of containers) collectBlocks(container, pageUrl, furniture, blocks);
  return blocks;
}
