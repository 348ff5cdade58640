// `npm run bench:connections`: what made issue 8's writes wait 3-44 s and one fail with a reset, shown on
// this machine with a node:http server in a child process (emulator/bench-connections-target.ts).
//
// 1. Accepting under saturation. BUSY keep-alive clients saturate a server that burns CPU_MS per request;
//    then a BURST of new connections arrives at once (writers whose idle connections were closed). Per
//    case (listen backlog, CPU per request): when the server accepted them (server clock), when their
//    answers arrived, how connect times fall on Linux's SYN-retransmission steps (1, 3, 7, 15, 31 s),
//    and the kernel's ListenOverflows (/proc/net/netstat, machine-wide: other programs may add to it).
// 2. Keep-alive race. Clients reuse an idle keep-alive connection around the moment the server's
//    keepAliveTimeout closes it; a request written onto the closing socket fails with ECONNRESET.
//    Offsets are around 6 s: with keepAliveTimeout 5 s, Node 20 closed idle connections after about 6 s
//    (measured with this script: idle 4.9-6.1 s, the last 17 of 200 found their connection closed).
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { KEEP_ALIVE_MS, LISTEN_BACKLOG } from './index.ts';

const BUSY = 250;
const BURST = 150;
const BURST_CAP_MS = 45_000;
const RACE_CONNECTIONS = 200;
const RACE_IDLE_MS = 5_000;
const RACE_FROM_MS = Number(process.env.RACE_FROM ?? 985);
const RACE_TO_MS = Number(process.env.RACE_TO ?? 1015);

async function startTarget(backlog: number, keepAliveMs: number, cpuMs: number) {
  const child: ChildProcess = fork(
    new URL('./bench-connections-target.ts', import.meta.url),
    [String(backlog), String(keepAliveMs), String(cpuMs)],
    { execArgv: ['--import', 'tsx'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`bench target exited with ${code}`)));
  });
  return {
    port,
    connections: () =>
      new Promise<number>((resolve) => {
        child.once('message', (m) => resolve((m as { connections: number }).connections));
        child.send('connections');
      }),
    /** Epoch ms (high resolution) at which the server accepted each burst connection that wrote. */
    acceptedAt: () =>
      new Promise<number[]>((resolve) => {
        child.once('message', (m) => resolve((m as { acceptedAt: number[] }).acceptedAt));
        child.send('stats');
      }),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await exited;
    },
  };
}

/** TcpExt ListenOverflows and ListenDrops, machine-wide counters (other programs may add to them). */
function listenCounters(): { overflows: number; drops: number } {
  const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
  const names = lines.find((l) => l.startsWith('TcpExt:'))?.split(/\s+/) ?? [];
  const values = lines.filter((l) => l.startsWith('TcpExt:'))[1]?.split(/\s+/) ?? [];
  const at = (name: string) => Number(values[names.indexOf(name)] ?? Number.NaN);
  return { overflows: at('ListenOverflows'), drops: at('ListenDrops') };
}

function busyClients(port: number): { stop: () => Promise<number> } {
  const agent = new Agent({ keepAlive: true, maxSockets: BUSY });
  let stopped = false;
  let answered = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/busy', agent }, (res) => {
        res.resume();
        res.on('end', () => {
          answered++;
          resolve();
        });
      });
      req.on('error', () => resolve());
      req.end();
    });
  const started = performance.now();
  const workers = Array.from({ length: BUSY }, async () => {
    while (!stopped) await one();
  });
  return {
    stop: async () => {
      stopped = true;
      await Promise.all(workers);
      agent.destroy();
      return answered / ((performance.now() - started) / 1000);
    },
  };
}

interface BurstTimes {
  connectMs: number[];
  answerMs: number[];
  failed: number;
  unanswered: number;
}

/** BURST raw connections at once, one request each; ms to connect and to the first answer byte. */
function burst(port: number): Promise<BurstTimes> {
  const result: BurstTimes = { connectMs: [], answerMs: [], failed: 0, unanswered: 0 };
  let open = BURST;
  return new Promise((resolve) => {
    const sockets = Array.from({ length: BURST }, () => {
      const started = performance.now();
      const socket = connect(port, '127.0.0.1');
      let answered = false;
      const finish = () => {
        if (--open === 0) resolve(result);
      };
      socket.once('connect', () => {
        result.connectMs.push(performance.now() - started);
        socket.write(
          'POST /write HTTP/1.1\r\nHost: bench\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
        );
      });
      socket.once('data', () => {
        answered = true;
        result.answerMs.push(performance.now() - started);
        socket.destroy();
        finish();
      });
      socket.once('error', () => {
        result.failed++;
        finish();
      });
      return { socket, isAnswered: () => answered };
    });
    setTimeout(() => {
      for (const s of sockets)
        if (!s.isAnswered() && !s.socket.destroyed) {
          result.unanswered++;
          s.socket.destroy();
          if (--open === 0) resolve(result);
        }
    }, BURST_CAP_MS).unref();
  });
}

/** Counts per Linux SYN-retransmission step: before 1 s, 1-3 s, 3-7 s, 7-15 s, 15-31 s, 31 s and later. */
function steps(ms: readonly number[]): string {
  const edges = [1_000, 3_000, 7_000, 15_000, 31_000, Number.POSITIVE_INFINITY];
  const counts = edges.map(() => 0);
  for (const m of ms) {
    const step = edges.findIndex((e) => m < e);
    counts[step] = (counts[step] ?? 0) + 1;
  }
  return counts.join(' / ');
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function acceptCase(backlog: number, cpuMs: number) {
  const target = await startTarget(backlog, KEEP_ALIVE_MS, cpuMs);
  const busy = busyClients(target.port);
  // The busy clients' own connections wait in the same accept queue: start the burst once all are in.
  const warmUntil = performance.now() + 90_000;
  while ((await target.connections()) < BUSY && performance.now() < warmUntil)
    await new Promise((resolve) => setTimeout(resolve, 200));
  const busyAccepted = await target.connections();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const before = listenCounters();
  const burstAt = performance.timeOrigin + performance.now();
  const times = await burst(target.port);
  const after = listenCounters();
  const busyRps = await busy.stop();
  const acceptedMs = (await target.acceptedAt()).map((at) => at - burstAt);
  await target.stop();
  return {
    backlog,
    cpuMs,
    times,
    busyRps,
    busyAccepted,
    acceptedMs,
    overflows: after.overflows - before.overflows,
  };
}

/** RACE_CONNECTIONS keep-alive connections, each idle RACE_IDLE_MS + RACE_FROM_MS … + RACE_TO_MS between two requests. */
async function raceCase(keepAliveMs: number) {
  const target = await startTarget(LISTEN_BACKLOG, keepAliveMs, 0);
  const outcome = { reused: 0, fresh: 0, reset: 0, other: new Map<string, number>() };
  const get = (agent: Agent) =>
    new Promise<{ reused: boolean; error: string | null }>((resolve) => {
      const req = request(
        { host: '127.0.0.1', port: target.port, path: '/race', method: 'POST', agent },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ reused: req.reusedSocket, error: null }));
        },
      );
      req.on('error', (error: Error & { code?: string }) =>
        resolve({ reused: req.reusedSocket, error: error.code ?? error.message }),
      );
      req.end('{}');
    });
  await Promise.all(
    Array.from({ length: RACE_CONNECTIONS }, async (_, i) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      await get(agent);
      const offset = RACE_FROM_MS + ((RACE_TO_MS - RACE_FROM_MS) * i) / (RACE_CONNECTIONS - 1);
      await new Promise((resolve) => setTimeout(resolve, RACE_IDLE_MS + offset));
      const second = await get(agent);
      if (second.error === 'ECONNRESET') outcome.reset++;
      else if (second.error !== null)
        outcome.other.set(second.error, (outcome.other.get(second.error) ?? 0) + 1);
      else if (second.reused) outcome.reused++;
      else outcome.fresh++;
      agent.destroy();
    }),
  );
  await target.stop();
  return { keepAliveMs, ...outcome };
}

const somaxconn = readFileSync('/proc/sys/net/core/somaxconn', 'utf8').trim();
const synBacklog = readFileSync('/proc/sys/net/ipv4/tcp_max_syn_backlog', 'utf8').trim();
console.log(
  `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), 1-min load average at start ${(loadavg()[0] ?? Number.NaN).toFixed(2)}; net.core.somaxconn ${somaxconn}, tcp_max_syn_backlog ${synBacklog}`,
);
console.log(
  `1. accepting under saturation: ${BURST} new connections at once (one POST each) while ${BUSY} keep-alive clients load a server burning CPU ms per request`,
);
console.log(
  '| backlog | CPU ms/request | busy clients accepted first | busy req/s | accepted p50 / max s after the burst | answered <1 s / 1-3 / 3-7 / 7-15 / 15-31 / ≥31 s | connected <1 s / … | not answered in 45 s | errors | ListenOverflows |',
);
console.log('|---:|---:|---:|---:|---:|---|---|---:|---:|---:|');
const cases = (
  process.env.CASES ?? `16:0.5,511:0.5,${LISTEN_BACKLOG}:0.5,${LISTEN_BACKLOG}:0.1,${LISTEN_BACKLOG}:0`
)
  .split(',')
  .filter(Boolean)
  .map((c) => c.split(':').map(Number) as [number, number]);
for (const [backlog, cpuMs] of cases) {
  const r = await acceptCase(backlog, cpuMs);
  const accepted = `${(median(r.acceptedMs) / 1000).toFixed(1)} / ${(Math.max(...r.acceptedMs) / 1000).toFixed(1)}`;
  console.log(
    `| ${r.backlog} | ${r.cpuMs} | ${r.busyAccepted} | ${r.busyRps.toFixed(0)} | ${accepted} | ${steps(r.times.answerMs)} | ${steps(r.times.connectMs)} | ${r.times.unanswered} | ${r.times.failed} | ${r.overflows} |`,
  );
}
console.log(
  `2. keep-alive race: ${RACE_CONNECTIONS} connections, each idle ${RACE_IDLE_MS + RACE_FROM_MS}-${RACE_IDLE_MS + RACE_TO_MS} ms between two POSTs`,
);
console.log(
  '| server keepAliveTimeout | 2nd POST on the kept connection | on a new connection | ECONNRESET | other errors |',
);
console.log('|---:|---:|---:|---:|---|');
for (const keepAliveMs of [5_000, KEEP_ALIVE_MS]) {
  const r = await raceCase(keepAliveMs);
  console.log(
    `| ${keepAliveMs} ms | ${r.reused} | ${r.fresh} | ${r.reset} | ${[...r.other].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'} |`,
  );
}
