// Types for the pinned k6-jslib-summary, which k6 downloads at run time (esbuild leaves https:// imports
// external). Hand-written from grafana/k6-jslib-summary v0.1.0 (`index.js`: textSummary, jUnit,
// humanizeValue; k6.md §8): the package is not on npm and ships no types.
declare module 'https://jslib.k6.io/k6-summary/0.1.0/index.js' {
  export interface TextSummaryOptions {
    /** Default ' '. */
    indent?: string;
    /** Default true. */
    enableColors?: boolean;
    /** Default `data.options.summaryTimeUnit`. */
    summaryTimeUnit?: string;
    /** Default `data.options.summaryTrendStats` (the function throws when both are missing). */
    summaryTrendStats?: string[];
  }
  export interface JUnitOptions {
    /** Test suite name, default 'k6 thresholds'. */
    name?: string;
    /** Test case classname, default 'Unnamed folder' (since 0.1.0). */
    classname?: string;
  }
  /** k6's pre-v1 end-of-test text summary of handleSummary's `data`. */
  export function textSummary(data: unknown, options?: TextSummaryOptions): string;
  /** A JUnit XML document with one test case per threshold. */
  export function jUnit(data: unknown, options?: JUnitOptions): string;
  export function humanizeValue(value: number, metric: unknown, timeUnit: string): string;
}
