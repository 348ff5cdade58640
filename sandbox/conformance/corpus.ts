// The corpus on disk, the known-differences list in docs/sandbox.md, and a bounded-parallel replay of it all.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareRun } from './compare.ts';
import { type Outcome, type RecordedRun, type Runner, replay } from './replay.ts';
import { startTargetServer } from './server.ts';

export const CORPUS_DIR = fileURLToPath(new URL('../../../shared/fixtures/k6-conformance/', import.meta.url));
export const SCRIPTS_DIR = join(CORPUS_DIR, 'scripts');
const DOC = fileURLToPath(new URL('../../docs/sandbox.md', import.meta.url));

export interface CorpusRun {
  script: string;
  run: RecordedRun;
}

/** Every recorded run of one k6 version (`v2.2.0` is the reference, as the current k6). */
export function corpusRuns(version = 'v2.2.0'): CorpusRun[] {
  const suffix = `.${version}.json`;
  return readdirSync(join(CORPUS_DIR, 'outcomes'))
    .filter((file) => file.endsWith(suffix))
    .sort()
    .flatMap((file) => {
      const outcome = JSON.parse(readFileSync(join(CORPUS_DIR, 'outcomes', file), 'utf8')) as Outcome;
      return outcome.runs.map((run) => ({ script: outcome.script, run }));
    });
}

export const runKey = (script: string, run: string) => `${script.replace(/\.js$/, '')} / ${run}`;

/**
 * The runs docs/sandbox.md lists as known differences: rows `| \`script\` | \`run\` | reason |` of the
 * table under "## Known differences from k6".
 */
export function knownDifferences(doc = readFileSync(DOC, 'utf8')): Map<string, string> {
  const section = doc.split(/^## Known differences from k6$/m)[1]?.split(/^## /m)[0] ?? '';
  const known = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = /^\|\s*`([^`]+)`\s*\|\s*`([^`]+)`\s*\|(.*)\|\s*$/.exec(line);
    if (cells?.[1] && cells[2]) known.set(runKey(cells[1], cells[2]), (cells[3] ?? '').trim());
  }
  return known;
}

export interface RunResult {
  key: string;
  differences: string[];
}

/** Replays every run, `parallel` at a time, against one loopback target server. */
export async function replayCorpus(
  runner: Runner,
  runs: CorpusRun[],
  parallel: number,
): Promise<RunResult[]> {
  const server = await startTargetServer();
  try {
    const results: RunResult[] = new Array(runs.length);
    let next = 0;
    const worker = async () => {
      while (next < runs.length) {
        const index = next++;
        const item = runs[index];
        if (!item) continue;
        const got = await replay(runner, SCRIPTS_DIR, item.script, item.run, server.baseUrl);
        results[index] = {
          key: runKey(item.script, item.run.name),
          differences: compareRun(item.script, item.run, got),
        };
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    return results;
  } finally {
    await server.close();
  }
}
