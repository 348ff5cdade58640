// The state one VU thread keeps between iterations, shared by the k6 module implementations.
import { type MessagePort, parentPort } from 'node:worker_threads';
import { CookieStore } from './cookie-jar.ts';
import type { MetricType, Sample, Tags, ValueType } from './metrics.ts';
import { type FromWorker, type ScenarioInfo, SLOT_INTERRUPT } from './protocol.ts';

/** Thrown into a running iteration when the coordinator stops it (gracefulStop over, abort). */
export class IterationInterrupted extends Error {
  override name = 'IterationInterrupted' as const;
}

/** `exec.test.abort()`: stops the whole test, exit code 108 (grafana/k6 js/modules/k6/execution). */
export class TestAborted extends Error {
  override name = 'TestAborted' as const;
}

export class VuState {
  readonly idInInstance: number;
  readonly idInTest: number;
  readonly control: Int32Array;
  readonly syncPort: MessagePort;
  readonly testStartEpochMs: number;
  inInit = true;
  iterationInInstance = 0;
  iterationInScenario = 0;
  scenario: ScenarioInfo | undefined;
  scenarioTags: Tags = {};
  /** `exec.vu.metrics.tags`: tags the script sets on its VU. */
  readonly vuTags: Record<string, unknown> = {};
  readonly vuMetadata: Record<string, unknown> = {};
  groupPath = '';
  options: Record<string, unknown> = {};
  instance = { iterationsCompleted: 0, iterationsInterrupted: 0, vusActive: 0, vusInitialized: 0 };
  readonly defaultJar = new CookieStore();
  responseCallback: unknown = 'default';
  failMarked = false;
  /** Custom metrics declared in init, reported to the coordinator so thresholds can name them. */
  readonly declaredMetrics = new Map<string, [MetricType, ValueType]>();
  private samples: Sample[] = [];

  constructor(init: {
    vuIdInInstance: number;
    vuIdInTest: number;
    control: SharedArrayBuffer;
    syncPort: MessagePort;
    testStartEpochMs: number;
  }) {
    this.idInInstance = init.vuIdInInstance;
    this.idInTest = init.vuIdInTest;
    this.control = new Int32Array(init.control);
    this.syncPort = init.syncPort;
    this.testStartEpochMs = init.testStartEpochMs;
  }

  /**
   * `exec.vu.metrics.tags`: a live view of the tags the VU's samples carry now — `scenario`, `group`,
   * the scenario's tags and the script's own — as k6's tagsDynamicObject reads `state.Tags`
   * (grafana/k6 js/modules/k6/execution). Writes and deletes change the script's own tags.
   */
  readonly tagsView: Record<string, unknown> = new Proxy(this.vuTags, {
    get: (_target, key) => (typeof key === 'string' ? this.baseTags()[key] : undefined),
    has: (_target, key) => typeof key === 'string' && key in this.baseTags(),
    set: (target, key, value) => {
      if (typeof key !== 'string') return false;
      if (!['string', 'number', 'boolean'].includes(typeof value))
        throw new TypeError(
          `invalid value for metric tag '${key}': only String, Boolean and Number types are accepted as a metric tag value`,
        );
      target[key] = String(value);
      return true;
    },
    deleteProperty: (target, key) => {
      if (typeof key === 'string') delete target[key];
      return true;
    },
    ownKeys: () => Object.keys(this.baseTags()),
    getOwnPropertyDescriptor: (_target, key) => {
      const tags = this.baseTags();
      if (typeof key !== 'string' || !(key in tags)) return undefined;
      return { value: tags[key], writable: true, enumerable: true, configurable: true };
    },
  });

  /** Tags every sample of the current iteration carries (system `scenario`, `group`, plus script tags). */
  baseTags(): Tags {
    const tags: Tags = { ...this.scenarioTags };
    for (const [key, value] of Object.entries(this.vuTags)) tags[key] = String(value);
    if (this.scenario) tags.scenario = this.scenario.name;
    tags.group = this.groupPath;
    return tags;
  }

  emit(metric: string, type: MetricType, contains: ValueType, value: number, tags: Tags): void {
    this.samples.push({ metric, type, contains, value, tags });
    if (this.samples.length >= 200) this.flush();
  }

  flush(): void {
    if (this.samples.length === 0) return;
    post({ type: 'samples', samples: this.samples });
    this.samples = [];
  }

  interrupted(): boolean {
    return Atomics.load(this.control, SLOT_INTERRUPT) !== 0;
  }

  log(
    level: 'info' | 'warn' | 'error' | 'debug',
    message: string,
    source = 'console',
    fields?: string,
  ): void {
    this.flush();
    post({ type: 'log', level, message, source, ...(fields === undefined ? {} : { fields }) });
  }
}

export function post(message: FromWorker): void {
  parentPort?.postMessage(message);
}
