// Messages between the coordinator (main thread) and VU worker threads.
import type { MetricType, Sample, ValueType } from './metrics.ts';

/** Int32 slots of each VU's SharedArrayBuffer. */
export const SLOT_RESPONSE = 0; // 1 when an HTTP response waits on the sync port
export const SLOT_INTERRUPT = 1; // 1 when the coordinator interrupts the running iteration

export interface WorkerInit {
  script: string;
  env: Record<string, string>;
  vuIdInInstance: number;
  vuIdInTest: number;
  control: SharedArrayBuffer;
  syncPort: import('node:worker_threads').MessagePort;
  testStartEpochMs: number;
}

export interface ScenarioInfo {
  name: string;
  executor: string;
  startTime: number;
  iterationInTest: number;
  iterationInInstance: number;
  progress: number;
}

export type ToWorker =
  | { type: 'interrupt' }
  | { type: 'configure'; options: unknown; setupJson: string | undefined; noCookiesReset: boolean }
  | {
      type: 'run';
      kind: 'iteration' | 'setup' | 'teardown' | 'summary';
      fn: string;
      scenario?: ScenarioInfo;
      iterationInScenario?: number;
      env?: Record<string, string>;
      tags?: Record<string, string>;
      summaryJson?: string;
      instance?: {
        iterationsCompleted: number;
        iterationsInterrupted: number;
        vusActive: number;
        vusInitialized: number;
      };
    };

export interface HttpRequestMessage {
  type: 'http';
  id: number;
  method: string;
  url: string;
  headers: [string, string][];
  body: Uint8Array | undefined;
  timeoutMs: number;
  /** Idle keep-alive connections kept per host: k6 sizes its pool by option batchPerHost. */
  maxIdlePerHost: number;
}

export interface HttpResponseMessage {
  id: number;
  status: number;
  statusText: string;
  proto: string;
  headers: [string, string][];
  body: Uint8Array;
  error: string;
  errorCode: number;
  timings: {
    blocked: number;
    connecting: number;
    tls_handshaking: number;
    sending: number;
    waiting: number;
    receiving: number;
  };
  bytesSent: number;
  bytesReceived: number;
  remoteIp: string;
  remotePort: number;
}

export type FromWorker =
  | { type: 'ready'; options: unknown; exports: string[]; metrics: [string, MetricType, ValueType][] }
  | { type: 'initError'; message: string }
  | { type: 'samples'; samples: Sample[] }
  | {
      type: 'log';
      level: 'info' | 'warn' | 'error' | 'debug';
      message: string;
      source: string;
      /** Extra logfmt fields after `msg`, already formatted (` error="…"`); replaces `source`. */
      fields?: string;
    }
  | {
      type: 'done';
      ok: boolean;
      error?: string;
      abort?: string;
      failMarked?: boolean;
      interrupted?: boolean;
      result?: string;
      summaryOutput?: [string, string | Uint8Array][] | null;
      /** setup() returned a value k6 cannot marshal (exit 255, no iteration, no teardown). */
      setupMarshalError?: string;
      /** handleSummary returned a non-string value: k6 drops the whole result. */
      summaryInvalid?: string;
    }
  | HttpRequestMessage;
