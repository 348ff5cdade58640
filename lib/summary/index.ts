// handleSummary's implementation for the k6 entry: `export function handleSummary(data) { return
// summarize(data, context); }`. The only part of the summary that depends on k6-jslib-summary.
import type { RunContext } from '../contract/run-plan.ts';
import { jUnit, textSummary } from '../jslib/k6-summary.ts';
import { composeSummary } from './compose.ts';

/** The handleSummary return value: stdout plus the result files under context.resultsDir. Never throws. */
export function summarize(data: unknown, context: RunContext): Record<string, string> {
  try {
    return composeSummary(data, context, { textSummary, jUnit, now: () => Date.now() });
  } catch (error) {
    // composeSummary catches per piece; this is the last line of defence (e.g. a context that is not an object).
    const message = error instanceof Error ? error.message : String(error);
    return { stdout: `error: the summary could not be built (${message.split('\n')[0]})\n` };
  }
}
