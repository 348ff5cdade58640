// `npm run bench:cost`: what the suite's own code costs a k6 VU, beside a minimal script sending the same
// requests and the same work written plainly (tools/bench-cost/variants/). k6/http is answered from canned
// responses (no server). k6's JavaScript engine (Sobek) is an interpreter without a JIT, so the proxy is
// Node's interpreter: run under `node --jitless`. Figures and how to read them: docs/cost.md.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { k6Environment } from '../k6-env.ts';
import {
  type CpuResult,
  type HeapResult,
  installEnv,
  measureCpu,
  measureHeap,
  type Variant,
} from './measure.ts';
import { VARIANT_PATHS } from './variants.ts';

const VARIANTS: readonly Variant[] = Object.entries(VARIANT_PATHS).map(([name, path]) => ({ name, path }));

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '7' },
    vus: { type: 'string', default: '40' },
    abuse: { type: 'string', default: 'enabled' },
  },
});

function positive(name: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: expected a positive integer, got ${text}`);
  return n;
}

const iterations = positive('iterations', values.iterations);
const rounds = positive('rounds', values.rounds);
const vus = positive('vus', values.vus);
if (values.abuse !== 'enabled' && values.abuse !== 'disabled') {
  throw new Error(`--abuse: expected enabled or disabled, got ${values.abuse}`);
}
const jitless = process.execArgv.includes('--jitless');
installEnv({ ABUSE: values.abuse });

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(3);
const us = (micros: number) => micros.toFixed(1);

console.log(
  `bench:cost  ${new Date().toISOString()}  node ${process.version}${jitless ? ' --jitless' : ' (JIT on: not the k6 proxy)'}  ${cpus().length}× ${cpus()[0]?.model ?? '?'}`,
);
console.log(`ABUSE=${values.abuse}, APPWRITE_VERSION=1.8.1 (TablesDB), 500 pool users in setup data`);
console.log(`\nCPU µs per request (median of ${rounds} rounds × ${iterations} iterations, one VU)`);
const cpu: CpuResult[] = await measureCpu(VARIANTS, {
  iterations,
  rounds,
  warmup: Math.min(iterations, 200),
  poolSize: 500,
});
const of = (variant: string, workload: string) =>
  cpu.find((r) => r.variant === variant && r.workload === workload) as CpuResult;
console.log('workload  req/it  minimal  plain  suite  suite/plain  suite/minimal  failed checks (p/s)');
for (const workload of ['reads', 'writes', 'auth']) {
  const [m, p, s] = [of('minimal', workload), of('plain', workload), of('suite', workload)];
  console.log(
    [
      workload.padEnd(8),
      String(s.requestsPerIteration).padStart(6),
      us(m.microsPerRequest).padStart(8),
      us(p.microsPerRequest).padStart(6),
      us(s.microsPerRequest).padStart(6),
      `${(s.microsPerRequest / p.microsPerRequest).toFixed(2)}×`.padStart(12),
      `${(s.microsPerRequest / m.microsPerRequest).toFixed(2)}×`.padStart(14),
      `${p.failedChecks}/${s.failedChecks}`.padStart(20),
    ].join('  '),
  );
}

console.log(`\nHeap MB per VU (${vus} VU instances side by side; live = after forced GC)`);
console.log('variant   script KB  after init  after iterations (live)  peak (with garbage)');
const heap: HeapResult[] = [];
for (const variant of VARIANTS) {
  const r = await measureHeap(variant, {
    vus,
    iterations: 20,
    poolSize: 500,
    sourceBytes: statSync(variant.path).size,
  });
  heap.push(r);
  console.log(
    [
      variant.name.padEnd(8),
      (r.sourceBytes / 1024).toFixed(1).padStart(10),
      mb(r.afterInit).padStart(10),
      mb(r.afterIterations).padStart(23),
      mb(r.peak).padStart(19),
    ].join('  '),
  );
}

const k6 = spawnSync('k6', ['version'], { encoding: 'utf8', env: k6Environment(process.env) });
if (k6.error || k6.status !== 0) {
  console.log('\nk6: not on the PATH, so the run under real k6 (CPU s per 1,000 requests) is skipped.');
} else {
  console.log(
    `\nk6 found (${k6.stdout.trim()}): run it by hand as docs/cost.md describes; this harness does not.`,
  );
}

const failed = cpu.filter((r) => r.variant !== 'minimal' && r.failedChecks > 0);
if (failed.length > 0) {
  console.error(`\nchecks failed: ${failed.map((r) => `${r.variant} ${r.workload}`).join(', ')}`);
  process.exit(1);
}
