// `k6`, `k6/metrics`, `k6/execution`, `k6/encoding` and `k6/crypto` for a VU thread
// (grafana/k6 js/modules/k6/*, docs javascript-api/*; @types/k6 is the surface honoured).
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { MetricType, Tags } from './metrics.ts';
import { SLOT_INTERRUPT } from './protocol.ts';
import { IterationInterrupted, TestAborted, type VuState } from './vu-state.ts';

function toTags(tags: unknown): Tags {
  const result: Tags = {};
  if (tags && typeof tags === 'object') for (const [k, v] of Object.entries(tags)) result[k] = String(v);
  return result;
}

export function createK6Module(vu: VuState) {
  const check = (value: unknown, sets: Record<string, unknown>, tags?: unknown): boolean => {
    let all = true;
    for (const [name, predicate] of Object.entries(sets ?? {})) {
      // A throwing callback counts as a failed check, recorded before the exception goes on up and
      // the remaining checks are skipped (grafana/k6 js/modules/k6/k6.go Check).
      let ok = false;
      let thrown: { error: unknown } | undefined;
      try {
        ok = Boolean(typeof predicate === 'function' ? predicate(value) : predicate);
      } catch (error) {
        thrown = { error };
      }
      vu.emit('checks', 'rate', 'default', ok ? 1 : 0, { ...vu.baseTags(), ...toTags(tags), check: name });
      if (thrown) throw thrown.error;
      if (!ok) all = false;
    }
    return all;
  };
  const group = (name: string, fn: () => unknown): unknown => {
    if (vu.inInit) throw new Error('group() is not available in the init context');
    if (name.includes('::')) throw new Error("group and check names may not contain '::'");
    const parent = vu.groupPath;
    vu.groupPath = `${parent}::${name}`;
    const start = performance.now();
    try {
      return fn();
    } finally {
      vu.emit('group_duration', 'trend', 'time', performance.now() - start, vu.baseTags());
      vu.groupPath = parent;
    }
  };
  const sleep = (seconds: number): void => {
    if (vu.inInit) throw new Error('sleep() is not available in the init context');
    const ms = Math.max(0, Number(seconds) * 1000);
    vu.flush();
    // Blocks the VU thread like k6's sleep; the coordinator wakes it early to interrupt the iteration.
    Atomics.wait(vu.control, SLOT_INTERRUPT, 0, ms);
    if (vu.interrupted()) throw new IterationInterrupted('iteration interrupted during sleep');
  };
  const fail = (message?: string): never => {
    throw new Error(message ?? '');
  };
  const randomSeed = (_seed: number): void => {};
  return { check, group, sleep, fail, randomSeed, default: { check, group, sleep, fail, randomSeed } };
}

const METRIC_NAME = /^[\p{L}\p{N}._ !?/&#()<>%-]{1,128}$/u;

export function createMetricsModule(vu: VuState) {
  const make = (type: MetricType) =>
    class {
      readonly name: string;
      readonly contains: 'default' | 'time' | 'data';
      constructor(name: string, isTime?: boolean) {
        // Custom metrics can only be declared in the init context (docs javascript-api/k6-metrics).
        if (!vu.inInit) throw new Error('metrics must be declared in the init context');
        if (!METRIC_NAME.test(String(name))) throw new Error(`invalid metric name "${name}"`);
        this.name = String(name);
        this.contains = isTime === true && (type === 'trend' || type === 'gauge') ? 'time' : 'default';
        const known = vu.declaredMetrics.get(this.name);
        // grafana/k6 metrics/registry.go: a name may be declared again only with the same type.
        if (known && (known[0] !== type || known[1] !== this.contains)) {
          throw new Error(
            `metric '${this.name}' already exists but with type ${known[0]}, instead of ${type}`,
          );
        }
        vu.declaredMetrics.set(this.name, [type, this.contains]);
      }
      add(value: unknown, tags?: unknown): boolean {
        if (vu.inInit) throw new Error('metrics cannot be added to in the init context');
        const number = typeof value === 'boolean' ? Number(value) : Number(value);
        if (Number.isNaN(number)) return false;
        vu.emit(this.name, type, this.contains, type === 'rate' ? (number !== 0 ? 1 : 0) : number, {
          ...vu.baseTags(),
          ...toTags(tags),
        });
        return true;
      }
    };
  const Counter = make('counter');
  const Gauge = make('gauge');
  const Rate = make('rate');
  const Trend = make('trend');
  return { Counter, Gauge, Rate, Trend, default: { Counter, Gauge, Rate, Trend } };
}

export function createExecutionModule(
  vu: VuState,
  onAbort: (message: string) => never,
  onFail: (message?: string) => void,
) {
  const exec = {
    get vu() {
      return {
        idInInstance: vu.idInInstance,
        idInTest: vu.idInTest,
        iterationInInstance: vu.iterationInInstance,
        iterationInScenario: vu.iterationInScenario,
        metrics: { tags: vu.tagsView, metadata: vu.vuMetadata },
        tags: vu.tagsView,
      };
    },
    get scenario() {
      if (!vu.scenario)
        throw new Error('getting scenario information outside of the VU context is not supported');
      return { ...vu.scenario, startTime: vu.scenario.startTime };
    },
    get instance() {
      return { ...vu.instance, currentTestRunDuration: Date.now() - vu.testStartEpochMs };
    },
    get test() {
      return {
        abort: (message?: string) => onAbort(message ?? 'test aborted'),
        fail: (message?: string) => onFail(message),
        options: vu.options,
      };
    },
  };
  // Only a default export: named getters would be read (and throw) when the module is linked.
  return { default: exec };
}

export function createEncodingModule() {
  const b64encode = (input: unknown, encoding?: string): string => {
    const buffer = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input as ArrayBuffer);
    const standard = buffer.toString(encoding?.startsWith('url') ? 'base64url' : 'base64');
    return encoding === 'rawstd'
      ? standard.replace(/=+$/, '')
      : encoding === 'url'
        ? standard.padEnd(Math.ceil(standard.length / 4) * 4, '=')
        : standard;
  };
  const b64decode = (input: string, encoding?: string, format?: string): string | ArrayBuffer => {
    const buffer = Buffer.from(input, encoding?.startsWith('url') ? 'base64url' : 'base64');
    return format === 's'
      ? buffer.toString('utf8')
      : buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
  };
  return { b64encode, b64decode, default: { b64encode, b64decode } };
}

export function createCryptoModule() {
  const digest = (algorithm: string) => (input: unknown, outputEncoding: string) => {
    const hash = createHash(algorithm).update(
      typeof input === 'string' ? input : Buffer.from(input as ArrayBuffer),
    );
    return outputEncoding === 'binary'
      ? hash.digest().buffer
      : hash.digest(outputEncoding as 'hex' | 'base64');
  };
  const hmac = (algorithm: string, secret: unknown, data: unknown, outputEncoding: string) => {
    const key = typeof secret === 'string' ? secret : Buffer.from(secret as ArrayBuffer);
    const h = createHmac(algorithm, key).update(
      typeof data === 'string' ? data : Buffer.from(data as ArrayBuffer),
    );
    return outputEncoding === 'binary' ? h.digest().buffer : h.digest(outputEncoding as 'hex' | 'base64');
  };
  const module = {
    md5: digest('md5'),
    sha1: digest('sha1'),
    sha256: digest('sha256'),
    sha384: digest('sha384'),
    sha512: digest('sha512'),
    hmac,
    randomBytes: (size: number) => randomBytes(size).buffer,
  };
  return { ...module, default: module };
}

export { TestAborted };
