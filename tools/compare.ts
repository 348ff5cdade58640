// Compares result records (RESULTS_DIR/<runId>.json). Two files: the same table handleSummary prints,
// from the same pure modules. Several per side (--baseline … --candidate …): per-row medians, bootstrap
// intervals and verdicts (lib/stats/compare-sets.ts). Exit 0: no significant regression, 1: one, 2: bad input.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseBaseline } from '../lib/report/baseline.ts';
import { compareRecords } from '../lib/report/comparison.ts';
import type { ResultRecord } from '../lib/report/record.ts';
import { renderMarkdown } from '../lib/report/render-markdown.ts';
import { renderText } from '../lib/report/render-text.ts';

import { compareSetsMain } from './compare-sets-cli.ts';

export const USAGE =
  'usage: npm run compare -- <baseline.json> <current.json> [--markdown]\n       npm run compare -- --baseline A1.json [A2.json ...] --candidate B1.json [B2.json ...] [--noise X1.json X2.json ...] [--format text|markdown|json|junit|html] [--allow-mixed] [--band PERCENT] [--seed N]';

export interface CompareIo {
  readFile: (path: string) => string;
  out: (text: string) => void;
  err: (text: string) => void;
}

function load(path: string, io: CompareIo): { record: ResultRecord } | { problem: string } {
  let text: string;
  try {
    text = io.readFile(path);
  } catch (error) {
    return {
      problem: `${path} could not be read (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  const parsed = parseBaseline(text);
  return parsed.ok ? { record: parsed.record } : { problem: `${path} ignored: ${parsed.problem}` };
}

/** Returns the exit code: 0 printed a table, 2 usage or an unusable current file. */
export function compareMain(args: readonly string[], io: CompareIo): number {
  if (args.includes('--baseline') || args.includes('--candidate')) return compareSetsMain(args, io, USAGE);
  const markdown = args.includes('--markdown');
  const files = args.filter((arg) => arg !== '--markdown');
  if (files.length !== 2 || files.some((f) => f.startsWith('--'))) {
    io.err(`${USAGE}\n`);
    return 2;
  }
  const [baselinePath = '', currentPath = ''] = files;
  const current = load(currentPath, io);
  if ('problem' in current) {
    io.err(`error: ${current.problem}\n`);
    return 2;
  }
  const baseline = load(baselinePath, io);
  const warnings =
    'problem' in baseline ? [`warning: baseline ${baseline.problem}; the table shows this run alone`] : [];
  const baselineRecord = 'record' in baseline ? baseline.record : null;
  const input = {
    record: current.record,
    baseline: baselineRecord,
    comparison: compareRecords(baselineRecord, current.record),
    warnings,
  };
  io.out(markdown ? renderMarkdown(input) : renderText(input));
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = compareMain(process.argv.slice(2), {
    readFile: (path) => readFileSync(path, 'utf8'),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}
