// How much of a feed (or of a subscription list) Readout takes: shared by the fetcher (which stops downloading) and the parser.

/** Larger documents are refused before decoding: no real feed is this big, and parsing one would hold it all in memory. */
export const maxFeedBytes = 20 * 1024 * 1024;

/** An OPML subscription list: the largest document and the most feeds one import follows (the web's body limit too). */
export const maxOpmlBytes = 5 * 1024 * 1024;
export const maxOpmlFeeds = 10_000;
