// A small closed-loop load generator for `npm run bench:emulator`: a fixed number of concurrent
// workers on one keep-alive http.Agent, each sending its next request as soon as the previous answer
// has been read, for a fixed duration. Latency = request start to last body byte.
import { Agent, request } from 'node:http';

export interface LoadSpec {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  /** Built per request so bodies may vary (e.g. unique ids). */
  readonly body?: () => string;
  readonly concurrency: number;
  readonly durationMs: number;
  readonly expectStatus: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly unexpected: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

function once(agent: Agent, spec: LoadSpec, target: URL): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = spec.body?.();
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: spec.method,
        headers:
          body === undefined
            ? spec.headers
            : { ...spec.headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const target = new URL(spec.url);
  const latencies: number[] = [];
  let unexpected = 0;
  const started = performance.now();
  const deadline = started + spec.durationMs;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const status = await once(agent, spec, target);
      latencies.push(performance.now() - t0);
      if (status !== spec.expectStatus) unexpected++;
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, worker));
  const elapsed = performance.now() - started;
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length,
    unexpected,
    rps: latencies.length / (elapsed / 1000),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
  };
}
