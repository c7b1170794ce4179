// How much of a feed Readout takes: shared by the fetcher (which stops downloading) and the parser.

/** Larger documents are refused before decoding: no real feed is this big, and parsing one would hold it all in memory. */
export const maxFeedBytes = 20 * 1024 * 1024;
