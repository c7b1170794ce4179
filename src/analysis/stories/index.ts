// The story clusterer's front door: articles in, stories (one real-world event each) out.
export {
  chooseCandidates,
  cosine,
  createStoryClusterer,
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
  type Story,
  type StoryClusterer,
  type StorySettings,
  type StoryState,
} from './cluster.js';
export { articleFeatures, type Features, fold, nameKey, type StoryArticle } from './features.js';
