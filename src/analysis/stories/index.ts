// The story clusterer's front door: articles in, stories (one real-world event each) out.
export {
  cosine,
  createStoryClusterer,
  defaultStorySettings,
  type Story,
  type StoryClusterer,
  type StorySettings,
} from './cluster.js';
export { articleFeatures, type Features, nameKey, type StoryArticle } from './features.js';
