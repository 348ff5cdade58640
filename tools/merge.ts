// Merges the result records of one run's k6 instances (execution segments / k6-operator runners) into
// one record, which `npm run compare` takes like any other. Which figures are exact: lib/report/merge.ts.
// Usage: npm run merge -- <part.json>... [--out merged.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseBaseline } from '../lib/report/baseline.ts';
import { MergeError, mergeRecords } from '../lib/report/merge.ts';
import type { ResultRecord } from '../lib/report/record.ts';

export const MERGE_USAGE = 'usage: npm run merge -- <part.json>... [--out merged.json]';

export interface MergeIo {
  readFile: (path: string) => string;
  writeFile: (path: string, text: string) => void;
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Exit codes: 0 merged, 2 bad arguments or a part that is unreadable, not a record, or from another run. */
export function mergeMain(args: readonly string[], io: MergeIo): number {
  const outAt = args.indexOf('--out');
  const outPath = outAt >= 0 ? args[outAt + 1] : undefined;
  const files = args.filter((_, i) => outAt < 0 || (i !== outAt && i !== outAt + 1));
  if (files.length === 0 || files.some((f) => f.startsWith('--')) || (outAt >= 0 && !outPath)) {
    io.err(`${MERGE_USAGE}\n`);
    return 2;
  }
  const parts: ResultRecord[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = io.readFile(file);
    } catch (error) {
      io.err(
        `error: ${file} could not be read (${error instanceof Error ? error.message : String(error)})\n`,
      );
      return 2;
    }
    const parsed = parseBaseline(text);
    if (!parsed.ok) {
      io.err(`error: ${file} is not usable: ${parsed.problem}\n`);
      return 2;
    }
    parts.push(parsed.record);
  }
  let merged: ResultRecord;
  try {
    merged = mergeRecords(parts);
  } catch (error) {
    if (error instanceof MergeError) {
      io.err(`error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const text = `${JSON.stringify(merged, null, 2)}\n`;
  if (outPath) {
    io.writeFile(outPath, text);
    io.err(
      `merged ${parts.length} records of run ${merged.runId} into ${outPath} (percentiles approximated)\n`,
    );
  } else io.out(text);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = mergeMain(process.argv.slice(2), {
    readFile: (path) => readFileSync(path, 'utf8'),
    writeFile: (path, text) => writeFileSync(path, text),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}
