// `npm run history -- DIR [--format text|html] [--band PERCENT]`: trends over a folder of result records
// (e.g. nightly runs), flagging the newest run when it leaves the band of the previous ones.
// Exit code: 0, 1 when the newest run is worse on a scored row, 2 bad input.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseBaseline } from '../lib/report/baseline.ts';
import type { Input } from '../lib/stats/compare-sets.ts';
import { buildHistory } from '../lib/stats/history.ts';
import { renderHistoryHtml, renderHistoryText } from '../lib/stats/render-history.ts';

export const HISTORY_USAGE = 'usage: npm run history -- DIR [--format text|html] [--band PERCENT]';

export function historyMain(
  args: readonly string[],
  out: (t: string) => void,
  err: (t: string) => void,
): number {
  let dir: string | null = null;
  let format = 'text';
  let band: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--format') format = args[++i] ?? '';
    else if (arg === '--band') band = Number(args[++i]) / 100;
    else if (arg.startsWith('--') || dir !== null) {
      err(`error: unexpected argument ${arg}\n${HISTORY_USAGE}\n`);
      return 2;
    } else dir = arg;
  }
  if (
    dir === null ||
    !['text', 'html'].includes(format) ||
    (band !== undefined && !(band >= 0 && band < 1))
  ) {
    err(
      `error: ${dir === null ? 'DIR is required' : band !== undefined && !(band >= 0 && band < 1) ? '--band must be a percentage 0-100' : `--format must be text or html, got ${format}`}\n${HISTORY_USAGE}\n`,
    );
    return 2;
  }
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'latest.json');
  } catch (error) {
    err(`error: ${dir}: could not be read (${error instanceof Error ? error.message : String(error)})\n`);
    return 2;
  }
  const inputs: Input[] = [];
  for (const file of files) {
    const parsed = parseBaseline(readFileSync(join(dir, file), 'utf8'));
    if (parsed.ok) inputs.push({ source: file, record: parsed.record });
    else err(`warning: ${file} skipped: ${parsed.problem}\n`);
  }
  if (inputs.length === 0) {
    err(`error: ${dir}: no result record of this suite in it\n`);
    return 2;
  }
  const history = buildHistory(inputs, band);
  out(format === 'html' ? renderHistoryHtml(history) : renderHistoryText(history));
  return history.trends.some((t) => t.row.scored && t.flag === 'worse') ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  process.exitCode = historyMain(
    process.argv.slice(2),
    (t) => process.stdout.write(t),
    (t) => process.stderr.write(t),
  );
