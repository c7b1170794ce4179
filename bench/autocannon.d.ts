// The part of autocannon 8's API that the benchmarks use; the package ships no types.
declare module 'autocannon' {
  export interface Request {
    method?: string;
    path?: string;
    /** Called before each request is sent; returns the request to send. */
    setupRequest?: (request: Request) => Request;
  }

  export interface Options {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    pipelining?: number;
    requests?: Request[];
  }

  /** Percentiles of one measure; latency is in milliseconds. */
  export interface Histogram {
    average: number;
    p50: number;
    p99: number;
    /** For `requests`: every completed response. */
    total: number;
  }

  export interface Result {
    requests: Histogram;
    latency: Histogram;
    /** Seconds the run actually took. */
    duration: number;
    /** Connection errors, timeouts included. */
    errors: number;
    timeouts: number;
    non2xx: number;
    statusCodeStats: Record<string, { count: number }>;
  }

  export default function autocannon(options: Options): Promise<Result>;
}
