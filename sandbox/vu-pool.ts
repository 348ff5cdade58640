// VU worker threads as seen from the coordinator: start, init, run one call at a time, interrupt, stop.
import { MessageChannel, Worker } from 'node:worker_threads';
import { VuConnection } from './http-io.ts';
import type { Sample } from './metrics.ts';
import { type FromWorker, SLOT_INTERRUPT, type ToWorker, type WorkerInit } from './protocol.ts';

export type DoneMessage = Extract<FromWorker, { type: 'done' }>;
export type ReadyMessage = Extract<FromWorker, { type: 'ready' }>;

export interface VuEvents {
  samples(samples: Sample[], vu: VuHandle): void;
  log(level: string, message: string, source: string): void;
}

const WORKER_URL = new URL('./vu-worker.ts', import.meta.url).href;
// Worker threads do not inherit tsx's loader from `--import tsx`: register it in the thread first.
const TSX_API = import.meta.resolve('tsx/esm/api');
const BOOTSTRAP = `import(${JSON.stringify(TSX_API)}).then((api) => { api.register(); return import(${JSON.stringify(WORKER_URL)}); })`;

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
    this.worker = new Worker(BOOTSTRAP, {
      eval: true,
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
          events.log(message.level, message.message, message.source);
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
  }

  async stop(): Promise<void> {
    this.connection.close();
    this.dead = true;
    await this.worker.terminate();
  }
}
