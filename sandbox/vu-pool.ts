// VU worker threads as seen from the coordinator: start, init, run one call at a time, interrupt, stop.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import { VuConnection } from './http-io.ts';
import type { Sample } from './metrics.ts';
import { type FromWorker, SLOT_INTERRUPT, type ToWorker, type WorkerInit } from './protocol.ts';

export type DoneMessage = Extract<FromWorker, { type: 'done' }>;
export type ReadyMessage = Extract<FromWorker, { type: 'ready' }>;

export interface VuEvents {
  samples(samples: Sample[], vu: VuHandle): void;
  log(level: string, message: string, source: string, fields?: string): void;
}

const WORKER_SOURCE = fileURLToPath(new URL('./vu-worker.ts', import.meta.url));
let workerFile: URL | undefined;

/**
 * The VU thread's code as one plain ES module. Worker threads do not inherit tsx's loader from
 * `--import tsx`, and compiling the TypeScript again in every thread costs more than the run itself:
 * esbuild bundles it once per content, cached under the OS temp folder.
 */
function workerModule(): URL {
  if (workerFile) return workerFile;
  const result = buildSync({
    entryPoints: [WORKER_SOURCE],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text ?? '';
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'k6-sandbox');
  const file = join(dir, `vu-worker-${hash}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    // Write then rename, so concurrent sandbox processes never load a half-written file.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, file);
  }
  workerFile = pathToFileURL(file);
  return workerFile;
}

export class VuHandle {
  readonly idInInstance: number;
  readonly idInTest: number;
  readonly ready: Promise<ReadyMessage | { type: 'initError'; message: string }>;
  busy = false;
  dead = false;
  private readonly worker: Worker;
  private readonly control = new SharedArrayBuffer(8);
  private readonly connection: VuConnection;
  private pendingDone: ((done: DoneMessage) => void) | undefined;

  constructor(init: Omit<WorkerInit, 'control' | 'syncPort'>, events: VuEvents) {
    this.idInInstance = init.vuIdInInstance;
    this.idInTest = init.vuIdInTest;
    const channel = new MessageChannel();
    this.connection = new VuConnection(channel.port1, this.control);
    const workerData: WorkerInit = { ...init, control: this.control, syncPort: channel.port2 };
    this.worker = new Worker(workerModule(), {
      workerData,
      transferList: [channel.port2],
      stdout: false,
      stderr: false,
    });
    let resolveReady: (m: ReadyMessage | { type: 'initError'; message: string }) => void = () => {};
    this.ready = new Promise((resolve) => {
      resolveReady = resolve;
    });
    this.worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'samples':
          events.samples(message.samples, this);
          break;
        case 'log':
          events.log(message.level, message.message, message.source, message.fields);
          break;
        case 'http':
          this.connection.perform(message);
          break;
        case 'ready':
        case 'initError':
          resolveReady(message);
          break;
        case 'done':
          this.busy = false;
          this.pendingDone?.(message);
          this.pendingDone = undefined;
          break;
      }
    });
    const onGone = (why: string) => {
      this.dead = true;
      resolveReady({ type: 'initError', message: why });
      this.busy = false;
      this.pendingDone?.({ type: 'done', ok: false, interrupted: true });
      this.pendingDone = undefined;
    };
    this.worker.on('error', (error) => onGone(error.stack ?? String(error)));
    this.worker.on('exit', () => onGone('VU thread exited'));
  }

  send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  run(message: Extract<ToWorker, { type: 'run' }>): Promise<DoneMessage> {
    if (this.dead) return Promise.resolve({ type: 'done', ok: false, interrupted: true });
    const control = new Int32Array(this.control);
    Atomics.store(control, SLOT_INTERRUPT, 0);
    this.busy = true;
    const done = new Promise<DoneMessage>((resolve) => {
      this.pendingDone = resolve;
    });
    this.worker.postMessage(message);
    return done;
  }

  /** Wakes the VU out of sleep() or a pending request; the iteration ends with an interruption. */
  interrupt(): void {
    const control = new Int32Array(this.control);
    Atomics.store(control, SLOT_INTERRUPT, 1);
    Atomics.notify(control, SLOT_INTERRUPT);
    Atomics.notify(control, 0);
    // And for an iteration awaiting promises or timers, whose thread is free to read messages.
    if (!this.dead) this.worker.postMessage({ type: 'interrupt' } satisfies ToWorker);
  }

  async stop(): Promise<void> {
    this.connection.close();
    this.dead = true;
    await this.worker.terminate();
  }
}
