// `npm run bench:verdicts`: how often compare's verdicts are right, measured. Against loopback emulators
// (A; B with +10% and +20% injected latency, a fresh emulator per run), runs the suite against them interleaved
// (A, B+10%, A, B+20%, …) to build a pool of records per configuration, then forms many trials of
// `--reps` records a side from the pools and compares them with lib/stats/compare-sets.ts.
// Trials are drawn from finite pools (without replacement inside a trial), so they overlap and are not
// independent; the pool sizes are printed with the figures.
// Flags: --pool-a N (default 16) --pool-b N (default 8) --reps N (5) --trials N (100) --latency-ms L (100) --out DIR
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../emulator/index.ts';
import { parseBaseline } from '../lib/report/baseline.ts';
import { compareSets, type Input, type Verdict } from '../lib/stats/compare-sets.ts';
import { seededRandom } from '../lib/stats/seeded-random.ts';
import { findRunner, runSuite } from './run-suite.ts';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`bench:verdicts: ${name} must be a positive number, got ${process.argv[i + 1]}`);
    process.exit(2);
  }
  return value;
}

const poolA = flag('--pool-a', 16);
const poolB = flag('--pool-b', 8);
const reps = flag('--reps', 5);
const trials = flag('--trials', 100);
const latency = flag('--latency-ms', 100);
const outIndex = process.argv.indexOf('--out');
const out =
  outIndex >= 0 ? (process.argv[outIndex + 1] ?? '') : mkdtempSync(join(tmpdir(), 'bench-verdicts-'));

const runner = findRunner();
const configs = [
  { name: 'A', latencyMs: latency },
  { name: 'B+10%', latencyMs: Math.round(latency * 110) / 100 },
  { name: 'B+20%', latencyMs: Math.round(latency * 120) / 100 },
] as const;
console.log(
  `bench:verdicts: ${runner.kind === 'k6' ? `k6 (${runner.path})` : 'the k6 sandbox'}, PROFILE=smoke, a fresh loopback emulator per run (${configs.map((c) => `${c.name} ${c.latencyMs} ms ±50%`).join(', ')}); ${cpus().length} cores; records in ${out}`,
);
const pools: Input[][] = [[], [], []];
const started = Date.now();
{
  // Interleaved: A, B+10%, A, B+20%, … so drift reaches every configuration.
  const order: number[] = [];
  for (let i = 0; i < poolA; i++) order.push(0, ...(i < poolB * 2 ? [i % 2 === 0 ? 1 : 2] : []));
  let n = 0;
  for (const which of order) {
    const config = configs[which];
    if (!config) continue;
    // A fresh emulator per run: one that served 30 runs holds more users and documents than one that served 12,
    // which showed up as the A side being slower than B (first measurement, see docs/verdicts.md).
    const emulator = await startEmulator({ port: 0, faults: { latencyMs: config.latencyMs } });
    const dir = join(out, `${String(++n).padStart(3, '0')}-${configs[which]?.name}`);
    const run = await runSuite(
      runner,
      {
        APPWRITE_ENDPOINT: emulator.url,
        APPWRITE_PROJECT_ID: emulator.projectId,
        APPWRITE_API_KEY: emulator.apiKey,
        PROFILE: 'smoke',
      },
      dir,
    );
    await emulator.close();
    const parsed = run.recordPath ? parseBaseline(readFileSync(run.recordPath, 'utf8')) : null;
    if (!parsed?.ok) {
      console.error(
        `run ${n} (${configs[which]?.name}) wrote no usable record (exit ${run.exitCode}): ${run.stderrTail.slice(-300)}`,
      );
      continue;
    }
    pools[which]?.push({ source: run.recordPath ?? dir, record: parsed.record });
    if (n % 10 === 0)
      console.log(`  ${n}/${order.length} runs, ${Math.round((Date.now() - started) / 1000)} s`);
  }
}

const random = seededRandom(2026);
function draw(pool: readonly Input[], k: number, avoid: ReadonlySet<Input> = new Set()): Input[] {
  const left = pool.filter((x) => !avoid.has(x));
  const picked: Input[] = [];
  while (picked.length < k && left.length > 0)
    picked.push(...left.splice(Math.floor(random() * left.length), 1));
  return picked;
}

const [a = [], b10 = [], b20 = []] = pools;
console.log(
  `pools: A ${a.length}, B+10% ${b10.length}, B+20% ${b20.length} records; ${trials} trials of ${reps} a side each`,
);
const tally = (expected: Verdict, candidatePool: Input[] | null) => {
  const counts = new Map<string, number>();
  let anyRowWrong = 0;
  for (let t = 0; t < trials; t++) {
    const baseline = draw(a, reps);
    const candidate = candidatePool === null ? draw(a, reps, new Set(baseline)) : draw(candidatePool, reps);
    const c = compareSets(baseline, candidate, { iterations: 2000, seed: t + 1 });
    counts.set(c.composite.verdict, (counts.get(c.composite.verdict) ?? 0) + 1);
    const scored = c.rows.filter((r) => r.row.scored);
    if (
      expected === 'within noise'
        ? scored.some((r) => r.verdict === 'better' || r.verdict === 'worse')
        : false
    )
      anyRowWrong++;
  }
  const right = counts.get(expected) ?? 0;
  return { right, counts: Object.fromEntries(counts), anyRowWrong };
};
const results = [
  { name: 'A/A', expected: 'within noise' as Verdict, ...tally('within noise', null) },
  { name: 'B +10% latency', expected: 'worse' as Verdict, ...tally('worse', b10) },
  { name: 'B +20% latency', expected: 'worse' as Verdict, ...tally('worse', b20) },
];
for (const r of results)
  console.log(
    `${r.name}: composite verdict right (${r.expected}) in ${r.right}/${trials} = ${((100 * r.right) / trials).toFixed(1)}%; verdicts ${JSON.stringify(r.counts)}${r.name === 'A/A' ? `; trials with any scored row called better/worse: ${r.anyRowWrong}` : ''}`,
  );
console.log(`wall time ${Math.round((Date.now() - started) / 1000)} s; ${new Date().toISOString()}`);
