// Everything handleSummary returns, built from k6's data and the run context. Pure: the k6-jslib-summary
// functions and the clock are parameters (lib/summary/index.ts passes the real ones; tests pass fakes).
// Never throws: each piece is built on its own, and a failed piece becomes an error line while the
// others are still returned (k6 would otherwise fall back to its own summary and write no file).
import { type RunContext, UNKNOWN_RUN_ID } from '../contract/run-plan.ts';
import { loadBaseline } from '../report/baseline.ts';
import { type Comparison, compareRecords } from '../report/comparison.ts';
import { withoutSetupData } from '../report/k6-data.ts';
import { buildRecord, type ResultRecord } from '../report/record.ts';
import { renderHtml } from '../report/render-html.ts';
import { renderJUnit } from '../report/render-junit.ts';
import { renderMarkdown } from '../report/render-markdown.ts';
import { renderText } from '../report/render-text.ts';
import type { ReportInput } from '../report/report-input.ts';

export interface SummaryDependencies {
  textSummary: (data: unknown, options: { indent: string; enableColors: boolean }) => string;
  jUnit: (data: unknown) => string;
  /** Milliseconds since the epoch at the end of the run. */
  now: () => number;
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split('\n')[0] ?? text;
}

/** The result file paths of a run, under RESULTS_DIR (k6 creates no folder: it must exist). */
export function resultPaths(resultsDir: string, runId: string) {
  const dir = resultsDir.replace(/\/+$/, '') || '.';
  return {
    json: `${dir}/${runId}.json`,
    markdown: `${dir}/${runId}.md`,
    junit: `${dir}/${runId}.junit.xml`,
    html: `${dir}/${runId}.html`,
    latest: `${dir}/latest.json`,
  };
}

/**
 * The name a run's files go under: its run id, or, when setup failed before making one and no RUN_ID was
 * given, `setup-failed-<UTC time>`, so repeated failures never overwrite each other or a real run.
 */
export function resultName(context: RunContext, endedAtMs: number): string {
  if (context.runId !== UNKNOWN_RUN_ID) return context.runId;
  const stamp = new Date(endedAtMs).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `setup-failed-${stamp}`;
}

export function composeSummary(
  data: unknown,
  context: RunContext,
  deps: SummaryDependencies,
): Record<string, string> {
  const errors: string[] = [];
  const attempt = <T>(what: string, build: () => T): T | null => {
    try {
      return build();
    } catch (error) {
      errors.push(`error: ${what} failed (${messageOf(error)}); the other outputs were still written`);
      return null;
    }
  };
  // jslib sees metrics, groups, options and state only: never setup_data (session secrets).
  const safeData = attempt('preparing the summary data', () => withoutSetupData(data));
  const text = attempt('k6-jslib-summary textSummary', () =>
    deps.textSummary(safeData, { indent: ' ', enableColors: false }),
  );
  const jslibJUnit = attempt('k6-jslib-summary jUnit', () => deps.jUnit(safeData));
  const baseline = attempt('reading the baseline', () => loadBaseline(context.baseline));
  const endedAtMs = deps.now();
  const name = attempt('naming the run', () => resultName(context, endedAtMs));
  const record: ResultRecord | null = attempt('building the result record', () =>
    buildRecord(data, name === null ? context : { ...context, runId: name }, endedAtMs),
  );
  const comparison: Comparison | null =
    record === null
      ? null
      : attempt('comparing with the baseline', () => compareRecords(baseline?.record ?? null, record));
  const warnings = baseline?.warning ? [baseline.warning] : [];
  // A BASELINE was given but not usable: the warning says so; "set BASELINE" would contradict it.
  const shown =
    comparison !== null && warnings.length > 0 && comparison.status === 'no-baseline'
      ? { ...comparison, notes: [] }
      : comparison;
  const input: ReportInput | null = record &&
    shown && { record, baseline: baseline?.record ?? null, comparison: shown, warnings };

  const output: Record<string, string> = {};
  const paths =
    name === null ? null : attempt('naming the result files', () => resultPaths(context.resultsDir, name));
  if (paths !== null) {
    if (record !== null) {
      const json = attempt('serialising the result record', () => `${JSON.stringify(record, null, 2)}\n`);
      if (json !== null) {
        output[paths.json] = json;
        // latest.json is what a nightly job takes as its next baseline: only a valid, completed run.
        if (record.outcome.kind === 'completed' && record.validity.valid) output[paths.latest] = json;
      }
    }
    if (input !== null) {
      const markdown = attempt('rendering Markdown', () => renderMarkdown(input));
      if (markdown !== null) output[paths.markdown] = markdown;
      const html = attempt('rendering HTML', () => renderHtml(input));
      if (html !== null) output[paths.html] = html;
    }
    if (record !== null) {
      const junit = attempt('rendering JUnit XML', () => renderJUnit(record, jslibJUnit));
      if (junit !== null) output[paths.junit] = junit;
    } else if (jslibJUnit !== null) {
      output[paths.junit] = jslibJUnit;
    }
  }
  const table = input === null ? null : attempt('rendering the comparison table', () => renderText(input));
  const stdout = [text, table, ...(table === null ? warnings : []), ...errors]
    .filter((part): part is string => part !== null && part !== '')
    .map((part) => (part.endsWith('\n') ? part : `${part}\n`))
    .join('\n');
  output.stdout = stdout === '' ? 'error: no summary could be produced\n' : stdout;
  return output;
}
