// CPU per request and heap per VU of a k6 script's workloads, with k6 replaced by ./fake-k6.
import { getHeapSnapshot } from 'node:v8';
import { buildSetupData } from '../../lib/provision/setup-data.ts';
import { appwriteResponder } from './canned.ts';
import { state } from './fake-k6/state.ts';
import { ScriptLoader, type ScriptModule } from './load.ts';

export const WORKLOADS = ['reads', 'writes', 'auth'] as const;
export type Workload = (typeof WORKLOADS)[number];

export interface Variant {
  name: string;
  path: string;
}

export const PROJECT_ID = 'bench';
export const ENV: Record<string, string> = {
  APPWRITE_ENDPOINT: 'http://127.0.0.1:9/v1',
  APPWRITE_PROJECT_ID: PROJECT_ID,
  APPWRITE_API_KEY: 'bench-cost-not-a-key',
  APPWRITE_VERSION: '1.8.1',
};

/** Setup data as setup() returns it at 500 pool users: the JSON text k6 hands to every VU. */
export function setupJson(poolSize: number): string {
  const sessions = Array.from({ length: poolSize }, (_, i) =>
    // Appwrite session values are about 240 base64 characters.
    Buffer.from(`{"id":"${i.toString(16).padStart(20, '0')}","secret":"${'f'.repeat(150)}"}`).toString(
      'base64',
    ),
  );
  return JSON.stringify(
    buildSetupData({
      runId: '20261201-230000abcd',
      instance: 'x1y2z3',
      serverVersion: '1.8.1',
      api: 'tablesdb',
      sessions,
      seedCount: 20,
      preparedAt: Date.now(),
    }),
  );
}

export function installEnv(extra: Record<string, string> = {}): void {
  (globalThis as { __ENV?: Record<string, string> }).__ENV = { ...ENV, ...extra };
  state.responder = appwriteResponder(PROJECT_ID);
}

function workloadOf(module: ScriptModule, workload: Workload, variant: string): (data: unknown) => void {
  const fn = module[workload];
  if (typeof fn !== 'function') throw new Error(`${variant}: exports no ${workload} function`);
  return fn as (data: unknown) => void;
}

export interface CpuResult {
  variant: string;
  workload: Workload;
  /** Median over rounds, microseconds of process CPU (user + system) per request. */
  microsPerRequest: number;
  requestsPerIteration: number;
  failedChecks: number;
}

function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

/** Each variant's workloads on one VU, rounds alternating between variants so drift hits all alike. */
export async function measureCpu(
  variants: readonly Variant[],
  options: { iterations: number; rounds: number; warmup: number; poolSize: number },
): Promise<CpuResult[]> {
  const json = setupJson(options.poolSize);
  const loaded = await Promise.all(
    variants.map(async (v) => ({
      v,
      module: await new ScriptLoader(v.path).instance(),
      data: JSON.parse(json),
    })),
  );
  const results: CpuResult[] = [];
  for (const workload of WORKLOADS) {
    const samples = new Map<string, number[]>();
    const perIteration = new Map<string, number>();
    const failed = new Map<string, number>();
    for (let round = -1; round < options.rounds; round++) {
      for (const { v, module, data } of loaded) {
        const run = workloadOf(module, workload, v.name);
        const n = round < 0 ? options.warmup : options.iterations;
        state.vu = 1;
        state.scenario = `${workload}_heavy`;
        const requests0 = state.requests;
        const failed0 = state.failedChecks;
        const cpu0 = cpuMicros();
        for (let i = 0; i < n; i++) {
          state.iteration++;
          run(data);
        }
        const cpu = cpuMicros() - cpu0;
        const requests = state.requests - requests0;
        failed.set(v.name, (failed.get(v.name) ?? 0) + state.failedChecks - failed0);
        if (round < 0 || requests === 0) continue;
        perIteration.set(v.name, requests / n);
        samples.set(v.name, [...(samples.get(v.name) ?? []), cpu / requests]);
      }
    }
    for (const { v } of loaded) {
      results.push({
        variant: v.name,
        workload,
        microsPerRequest: median(samples.get(v.name) ?? [Number.NaN]),
        requestsPerIteration: perIteration.get(v.name) ?? 0,
        failedChecks: failed.get(v.name) ?? 0,
      });
    }
  }
  return results;
}

export interface HeapResult {
  variant: string;
  /** Bytes of live heap per VU after init (forced GC before and after). */
  afterInit: number;
  /** Bytes of live heap per VU after its own setup-data copy and a few iterations of every workload. */
  afterIterations: number;
  /** Highest heap seen (no forced GC, so garbage included) while the VUs iterate, per VU. */
  peak: number;
  sourceBytes: number;
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('bench-cost: run node with --expose-gc');
  collect();
  collect();
}

/** `vus` instances of the script side by side, as k6 holds one per VU. */
export async function measureHeap(
  variant: Variant,
  options: { vus: number; iterations: number; poolSize: number; sourceBytes: number },
): Promise<HeapResult> {
  const json = setupJson(options.poolSize);
  const loader = new ScriptLoader(variant.path);
  await loader.instance(); // loads the fakes and warms the loader, outside the figures
  gc();
  const before = process.memoryUsage().heapUsed;
  const vus: Array<{ module: ScriptModule; data: unknown }> = [];
  for (let i = 0; i < options.vus; i++) vus.push({ module: await loader.instance(), data: null });
  gc();
  const afterInit = process.memoryUsage().heapUsed;
  let peak = afterInit;
  for (const [index, vu] of vus.entries()) {
    state.vu = index + 2;
    vu.data = JSON.parse(json); // k6 decodes setup data once per VU and keeps it (k6.md §4)
    for (const workload of WORKLOADS) {
      const run = workloadOf(vu.module, workload, variant.name);
      state.scenario = `${workload}_heavy`;
      for (let i = 0; i < options.iterations; i++) {
        state.iteration++;
        run(vu.data);
      }
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
  }
  gc();
  const afterIterations = process.memoryUsage().heapUsed;
  const perVu = (bytes: number) => (bytes - before) / options.vus;
  // Keep every VU reachable until measured.
  if (vus.length !== options.vus) throw new Error('unreachable');
  return {
    variant: variant.name,
    afterInit: perVu(afterInit),
    afterIterations: perVu(afterIterations),
    peak: perVu(peak),
    sourceBytes: options.sourceBytes,
  };
}

/** What a VU's after-init heap is made of, as a V8 heap snapshot names it. */
export const HEAP_PARTS = [
  'script text',
  'compiled code',
  'function objects',
  'other strings',
  'objects and arrays',
] as const;
export type HeapPart = (typeof HEAP_PARTS)[number];

/**
 * The part a heap snapshot node belongs to. `script text` is the one string at least as long as the script
 * (V8 keeps each module's source); `compiled code` is bytecode and its tables, scope and feedback data and
 * the function infos (k6 compiles once and shares these between VUs; Node holds them per instance);
 * `function objects` the closures; `other strings` the strings built or sliced at init.
 */
export function heapPartOf(type: string, selfSize: number, scriptBytes: number): HeapPart {
  if (type === 'string' && selfSize >= scriptBytes) return 'script text';
  if (type === 'code') return 'compiled code';
  if (type === 'closure') return 'function objects';
  if (type === 'string' || type === 'concatenated string' || type === 'sliced string') return 'other strings';
  return 'objects and arrays';
}

export interface HeapSnapshotJson {
  snapshot: { meta: { node_fields: string[]; node_types: unknown[] } };
  nodes: number[];
}

export class HeapSnapshotFormatError extends Error {
  override name = 'HeapSnapshotFormatError' as const;
}

/** Bytes per part over all nodes of a parsed heap snapshot. */
export function heapParts(snapshot: HeapSnapshotJson, scriptBytes: number): Record<HeapPart, number> {
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0] as string[];
  const [typeAt, sizeAt] = [fields.indexOf('type'), fields.indexOf('self_size')];
  if (typeAt < 0 || sizeAt < 0 || !Array.isArray(types)) {
    throw new HeapSnapshotFormatError(
      `heap snapshot: expected node fields type and self_size, got ${fields.join(', ')}`,
    );
  }
  const parts = Object.fromEntries(HEAP_PARTS.map((part) => [part, 0])) as Record<HeapPart, number>;
  const { nodes } = snapshot;
  for (let i = 0; i < nodes.length; i += fields.length) {
    const size = nodes[i + sizeAt] ?? 0;
    parts[heapPartOf(types[nodes[i + typeAt] ?? -1] ?? '?', size, scriptBytes)] += size;
  }
  return parts;
}

async function snapshotParts(scriptBytes: number): Promise<Record<HeapPart, number>> {
  gc();
  const chunks: Buffer[] = [];
  for await (const chunk of getHeapSnapshot()) chunks.push(chunk as Buffer);
  return heapParts(JSON.parse(Buffer.concat(chunks).toString('utf8')) as HeapSnapshotJson, scriptBytes);
}

/**
 * Per VU, what `vus` more instances of the script add to the heap, by part (heap snapshots before and
 * after). The snapshot counts a little more than heapUsed does (its totals are larger by ~10 %), so the
 * parts are for proportions; the after-init figure itself is measureHeap's.
 */
export async function measureAnatomy(
  variant: Variant,
  options: { vus: number; scriptBytes: number },
): Promise<Record<HeapPart, number>> {
  const loader = new ScriptLoader(variant.path);
  const keep: ScriptModule[] = [await loader.instance()];
  const before = await snapshotParts(options.scriptBytes);
  for (let i = 0; i < options.vus; i++) keep.push(await loader.instance());
  const after = await snapshotParts(options.scriptBytes);
  if (keep.length !== options.vus + 1) throw new Error('unreachable');
  return Object.fromEntries(
    HEAP_PARTS.map((part) => [part, (after[part] - before[part]) / options.vus]),
  ) as Record<HeapPart, number>;
}
