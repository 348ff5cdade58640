// `npm run bench:cost`: what the suite's own code costs a k6 VU, beside a minimal script sending the same
// requests and the same work written plainly (tools/bench-cost/variants/). k6/http is answered from canned
// responses (no server). k6's JavaScript engine (Sobek) is an interpreter without a JIT, so the proxy is
// Node's interpreter: run under `node --jitless`. Figures and how to read them: docs/cost.md.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findK6, measureK6 } from './k6-run.ts';
import {
  type CpuResult,
  HEAP_PARTS,
  type HeapPart,
  type HeapResult,
  installEnv,
  measureCpu,
  measureHeap,
  type Variant,
  WORKLOADS,
} from './measure.ts';
import { VARIANT_PATHS } from './variants.ts';

const ANATOMY = fileURLToPath(new URL('./anatomy.ts', import.meta.url));
const VARIANTS: readonly Variant[] = Object.entries(VARIANT_PATHS).map(([name, path]) => ({ name, path }));

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '7' },
    vus: { type: 'string', default: '40' },
    abuse: { type: 'string', default: 'enabled' },
    // What each VU's after-init heap is made of (two heap snapshots per script: a few seconds more).
    anatomy: { type: 'boolean', default: false },
    // The run under real k6 (K6_BIN or k6 on the PATH): iterations of its short and long runs, rounds.
    'k6-short': { type: 'string', default: '100' },
    'k6-long': { type: 'string', default: '1100' },
    'k6-rounds': { type: 'string', default: '3' },
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
const k6Short = positive('k6-short', values['k6-short']);
const k6Long = positive('k6-long', values['k6-long']);
const k6Rounds = positive('k6-rounds', values['k6-rounds']);
if (k6Long <= k6Short)
  throw new Error(`--k6-long: expected more than --k6-short (${k6Short}), got ${k6Long}`);
// Before any measuring, so a K6_BIN that is not an executable fails at once.
const k6 = findK6(process.env);
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

if (values.anatomy) {
  console.log(`\nAfter-init heap KB per VU by part (heap snapshots around ${vus} more instances)`);
  console.log(`variant   ${HEAP_PARTS.map((part) => part.padStart(19)).join('')}`);
  for (const variant of VARIANTS) {
    const scriptBytes = statSync(variant.path).size;
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, ANATOMY, variant.path, String(vus), String(scriptBytes), values.abuse],
      { encoding: 'utf8' },
    );
    if (child.status !== 0) throw new Error(`anatomy of ${variant.name} failed: ${child.stderr.trim()}`);
    const parts = JSON.parse(child.stdout) as Record<HeapPart, number>;
    console.log(
      `${variant.name.padEnd(8)}  ${HEAP_PARTS.map((part) => (parts[part] / 1024).toFixed(1).padStart(19)).join('')}`,
    );
  }
}

if (k6 === null) {
  console.log(
    '\nk6: none on the PATH and no K6_BIN, so the run under real k6 (CPU s per 1,000 requests) is skipped.',
  );
} else {
  console.log(
    `\nk6 (${k6.path}, from ${k6.from}): dist/appwrite.js against the emulator on loopback, 1 VU, ABUSE=disabled;` +
      ` CPU s of the k6 process per 1,000 requests, ${k6Long} minus ${k6Short} iterations, median of ${k6Rounds}`,
  );
  const runs = await measureK6(k6, {
    workloads: WORKLOADS,
    shortIterations: k6Short,
    longIterations: k6Long,
    rounds: k6Rounds,
    timeoutMs: 300_000,
  });
  console.log('workload  requests  k6 CPU s / 1,000 requests');
  for (const run of runs) {
    console.log(
      `${run.workload.padEnd(8)}  ${String(run.requests).padStart(8)}  ${run.cpuSecondsPer1000.toFixed(3).padStart(25)}`,
    );
  }
}

const failed = cpu.filter((r) => r.variant !== 'minimal' && r.failedChecks > 0);
if (failed.length > 0) {
  console.error(`\nchecks failed: ${failed.map((r) => `${r.variant} ${r.workload}`).join(', ')}`);
  process.exit(1);
}
