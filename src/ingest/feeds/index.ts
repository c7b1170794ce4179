// Feeds: parsing and normalising feed documents.

export { type FeedEntry, htmlToText, type ParsedFeed, parseFeedDate } from './normalise.js';
export { decodeFeed, FeedError, maxFeedBytes, maxFeedEntries, type ParseFeedOptions, parseFeed } from './parse.js';
