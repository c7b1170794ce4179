// The story clusterer's front door: articles in, stories (one real-world event each) out.
export {
  chooseCandidates,
  cosine,
  decidePlacement,
  decodeStory,
  defaultStorySettings,
  encodeStory,
  joinStory,
  lookupKeys,
  maxStoryFeatures,
  mergeStories,
  newStory,
  type Placement,
  type PlacementInput,
  type Rarity,
  rarityFrom,
  type StorySettings,
  type StoryState,
} from './cluster.js';
export { articleFeatures, type Features, fold, nameKey, type StoryArticle } from './features.js';
export { createStoryClusterer, type Story, type StoryClusterer } from './memory.js';
export { decideSplit, reviewSizes } from './split.js';
