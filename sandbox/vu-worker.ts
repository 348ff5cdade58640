// One k6 VU in a worker thread: the script runs as an ES module in its own node:vm context that offers
// only k6's globals (../shared/reference/k6.md §5), with k6's modules as synthetic modules.
import { randomUUID, webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';
import vm from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { createHttpModule } from './k6-http.ts';
import {
  createCryptoModule,
  createEncodingModule,
  createExecutionModule,
  createK6Module,
  createMetricsModule,
} from './k6-modules.ts';
import type { MetricType, ValueType } from './metrics.ts';
import type { ToWorker, WorkerInit } from './protocol.ts';
import { marshalSetupData, SetupMarshalError } from './setup-json.ts';
import { humanizeValue, jUnit, textSummary } from './text-summary.ts';
import { IterationInterrupted, post, TestAborted, VuState } from './vu-state.ts';

export const SUMMARY_JSLIB = 'https://jslib.k6.io/k6-summary/0.1.0/index.js';

/** ECMAScript globals V8 has and Sobek lacks (Sobek tc39 skip list, k6.md §5): removed from the context. */
const NOT_IN_SOBEK = [
  'SharedArrayBuffer',
  'Atomics',
  'WeakRef',
  'FinalizationRegistry',
  'WebAssembly',
  'Iterator',
];

const init = workerData as WorkerInit;
const vu = new VuState(init);
const scriptPath = resolve(init.script);
const envObject: Record<string, string> = { ...init.env };

const context = vm.createContext(
  {},
  { name: `VU ${init.vuIdInInstance}`, codeGeneration: { strings: true, wasm: false } },
);
const global = vm.runInContext('globalThis', context) as Record<string, unknown>;
for (const name of NOT_IN_SOBEK) delete global[name];
const contextJson = global.JSON as JSON;
// k6 v2.2.0 has TextEncoder/TextDecoder as globals (v1.3.0 does not; corpus globals). Node's are
// lent to the context: their Uint8Arrays come from the outer realm (`instanceof` in the script fails).
global.TextEncoder = TextEncoder;
global.TextDecoder = TextDecoder;

class ScriptError extends Error {
  override name = 'ScriptError' as const;
}

// --- timers: tracked so an iteration ends only when its event loop is empty, as in k6. Numbered per
// VU from 1 as k6 numbers them (its "setTimeout 4 was stopped …" warning names the number).
const pendingTimers = new Map<number, { kind: 'setTimeout' | 'setInterval'; handle: NodeJS.Timeout }>();
let lastTimerId = 0;
let timersIdle: (() => void) | undefined;
const settleTimer = (id: unknown) => {
  const timer = pendingTimers.get(Number(id));
  if (!timer) return;
  if (timer.kind === 'setTimeout') clearTimeout(timer.handle);
  else clearInterval(timer.handle);
  pendingTimers.delete(Number(id));
  if (pendingTimers.size === 0) timersIdle?.();
};

function formatArgs(args: unknown[]): string {
  return args
    .map((a) => {
      if (typeof a === 'string') return a;
      if (a instanceof Error || (a && typeof a === 'object' && 'stack' in a && 'message' in a))
        return String((a as Error).message);
      try {
        return typeof a === 'object' && a !== null ? JSON.stringify(a) : String(a);
      } catch {
        return format('%o', a);
      }
    })
    .join(' ');
}

Object.assign(global, {
  global,
  __ENV: envObject,
  __VU: init.vuIdInInstance,
  console: {
    log: (...a: unknown[]) => vu.log('info', formatArgs(a)),
    info: (...a: unknown[]) => vu.log('info', formatArgs(a)),
    debug: (...a: unknown[]) => vu.log('debug', formatArgs(a)),
    warn: (...a: unknown[]) => vu.log('warn', formatArgs(a)),
    error: (...a: unknown[]) => vu.log('error', formatArgs(a)),
  },
  open: (path: string, mode?: string) => {
    if (!vu.inInit) {
      throw new ScriptError(
        'The "open()" function is only available in the init stage (i.e. the global scope), see https://grafana.com/docs/k6/latest/using-k6/test-life-cycle for more information',
      );
    }
    // Relative paths resolve against the main script (k6 v0.53 "root of execution", k6.md §5).
    const content = readFileSync(resolve(dirname(scriptPath), String(path)));
    if (mode === 'b')
      return content.buffer.slice(content.byteOffset, content.byteOffset + content.byteLength);
    return content.toString('utf8');
  },
  crypto: {
    randomUUID: () => randomUUID(),
    getRandomValues: <T extends ArrayBufferView>(array: T) => webcrypto.getRandomValues(array as never) as T,
    subtle: webcrypto.subtle,
  },
  setTimeout: (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const id = ++lastTimerId;
    const handle = setTimeout(() => {
      settleTimer(id);
      fn(...args);
    }, ms);
    pendingTimers.set(id, { kind: 'setTimeout', handle });
    return id;
  },
  clearTimeout: (id: unknown) => settleTimer(id),
  setInterval: (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const id = ++lastTimerId;
    pendingTimers.set(id, { kind: 'setInterval', handle: setInterval(() => fn(...args), ms) });
    return id;
  },
  clearInterval: (id: unknown) => settleTimer(id),
});
Object.defineProperty(global, '__ITER', { get: () => vu.iterationInInstance, configurable: true });

let abortMessage: string | undefined;
const abort = (message: string): never => {
  abortMessage = message;
  throw new TestAborted(message);
};

const moduleFactories: Record<string, () => Record<string, unknown>> = {
  k6: () => createK6Module(vu),
  'k6/http': () => createHttpModule(vu, contextJson),
  'k6/metrics': () => createMetricsModule(vu),
  'k6/execution': () =>
    createExecutionModule(vu, abort, (message?: string) => {
      // grafana/k6 js/modules/k6/execution: logs the reason at once, the run goes on (corpus test-fail).
      vu.log('error', message ? `test marked as failed: ${message}` : 'test marked as failed', '');
      vu.failMarked = true;
    }),
  'k6/encoding': () => createEncodingModule(),
  'k6/crypto': () => createCryptoModule(),
  'k6/data': () => createDataModule(),
  // k6/timers re-exports the global timers (docs javascript-api/k6-timers).
  'k6/timers': () => {
    const timers = {
      setTimeout: global.setTimeout,
      clearTimeout: global.clearTimeout,
      setInterval: global.setInterval,
      clearInterval: global.clearInterval,
    };
    return { ...timers, default: timers };
  },
  [SUMMARY_JSLIB]: () => ({ textSummary, jUnit, humanizeValue }),
};

// k6 gives scripts a require() for its own modules; `module` and `exports` throw when touched, even by
// typeof (corpus globals, v1.3.0 and v2.2.0; the message is k6's).
const required = new Map<string, Record<string, unknown>>();
global.require = (specifier: unknown) => {
  const name = String(specifier);
  const factory = moduleFactories[name];
  if (!factory) throw new ScriptError(`unknown module: ${name}`);
  const loaded = required.get(name) ?? factory();
  required.set(name, loaded);
  return loaded;
};
class GoError extends Error {
  override name = 'GoError' as const;
}
for (const name of ['module', 'exports']) {
  Object.defineProperty(global, name, {
    configurable: true,
    get() {
      throw new GoError(
        `you are trying to access identifier "${name}", this likely is due to mixing ECMAScript Modules (ESM) and CommonJS syntax. This isn't supported in the JavaScript standard, please use only one or the other`,
      );
    },
  });
}

const moduleCache = new Map<string, vm.Module>();

/** `k6/data` SharedArray: built once in init from a function returning an array; read-only. */
function createDataModule() {
  const freeze = global.Object as ObjectConstructor;
  // A plain function, so `new SharedArray(...)` evaluates to the frozen array it returns.
  function SharedArray(name: string, build: () => unknown[]): readonly unknown[] {
    if (!vu.inInit) throw new ScriptError('new SharedArray must be called in the init context');
    if (typeof build !== 'function') {
      throw new ScriptError(`SharedArray "${name}": the second argument must be a function`);
    }
    const items = build();
    if (!Array.isArray(items))
      throw new ScriptError(`SharedArray "${name}": the function must return an array`);
    // k6 keeps each item as JSON and parses a fresh, deeply frozen copy on every access
    // (grafana/k6 js/modules/k6/data/share.go: `arr[0] !== arr[0]`).
    const json = items.map((item) => JSON.stringify(item) ?? 'null');
    const deepFreeze = (value: unknown): unknown => {
      if (value && typeof value === 'object') {
        for (const inner of Object.values(value)) deepFreeze(inner);
        freeze.freeze(value);
      }
      return value;
    };
    const index = (key: string | symbol) =>
      typeof key === 'string' && /^(0|[1-9]\d*)$/.test(key) && Number(key) < json.length ? Number(key) : -1;
    const fresh = (i: number) => deepFreeze(contextJson.parse(json[i] as string));
    // The target is the script's own array (its realm's Array.prototype: map, forEach, for…of work).
    const readOnly = () => {
      throw new TypeError(`SharedArray "${name}" is read-only`);
    };
    return new Proxy(items, {
      get: (target, key, receiver) => {
        const i = index(key);
        return i >= 0 ? fresh(i) : Reflect.get(target, key, receiver);
      },
      getOwnPropertyDescriptor: (target, key) => {
        const i = index(key);
        if (i < 0) return Reflect.getOwnPropertyDescriptor(target, key);
        return { value: fresh(i), writable: false, enumerable: true, configurable: true };
      },
      set: readOnly,
      defineProperty: readOnly,
      deleteProperty: readOnly,
    });
  }
  return { SharedArray, default: { SharedArray } };
}

function synthetic(specifier: string, exports: Record<string, unknown>): vm.Module {
  return new vm.SyntheticModule(
    Object.keys(exports),
    function (this: vm.SyntheticModule) {
      for (const [name, value] of Object.entries(exports)) this.setExport(name, value);
    },
    { context, identifier: specifier },
  );
}

function loadFile(path: string): vm.Module {
  const url = pathToFileURL(path).href;
  const cached = moduleCache.get(url);
  if (cached) return cached;
  const module = new vm.SourceTextModule(readFileSync(path, 'utf8'), {
    context,
    identifier: url,
    initializeImportMeta(meta) {
      meta.url = url;
    },
  });
  moduleCache.set(url, module);
  return module;
}

function link(specifier: string, referencing: vm.Module): vm.Module {
  const cached = moduleCache.get(specifier);
  if (cached) return cached;
  const factory = moduleFactories[specifier];
  if (factory) {
    const module = synthetic(specifier, factory());
    moduleCache.set(specifier, module);
    return module;
  }
  if (specifier === 'k6' || specifier.startsWith('k6/')) {
    // grafana/k6 js/modules/resolution.go: "unknown module: k6/..."
    throw new ScriptError(`unknown module: ${specifier}`);
  }
  if (/^https?:\/\//.test(specifier)) {
    throw new ScriptError(
      `the sandbox does not download remote modules: "${specifier}" (only ${SUMMARY_JSLIB} is available; k6 would fetch it over the network)`,
    );
  }
  if (
    specifier.startsWith('./') ||
    specifier.startsWith('../') ||
    specifier.startsWith('/') ||
    specifier.startsWith('file://')
  ) {
    const base = referencing.identifier.startsWith('file://')
      ? referencing.identifier
      : pathToFileURL(scriptPath).href;
    return loadFile(fileURLToPath(new URL(specifier, base)));
  }
  // k6 has no Node module resolution (docs using-k6/modules); its message for a bare specifier:
  throw new ScriptError(
    `The moduleSpecifier "${specifier}" couldn't be found on local disk. Make sure that you've specified the right path to the file. If you're running k6 using the Docker image make sure you have mounted the local directory (-v /local/path/:/app/) with the script and the module files in it. See https://grafana.com/docs/k6/latest/using-k6/modules/#using-local-modules-with-docker.`,
  );
}

const SANDBOX_FILES = new URL('.', import.meta.url).pathname;
const OWN_FILE = fileURLToPath(import.meta.url);

/** The error with its stack cut down to the script's own frames, as k6 shows them. */
function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'stack' in error && typeof error.stack === 'string') {
    const isOwnFrame = (line: string) =>
      /^\s+at /.test(line) &&
      (line.includes('node:') ||
        line.includes(OWN_FILE) ||
        (/\/sandbox\/[\w-]+\.ts:/.test(line) && line.includes(SANDBOX_FILES)));
    return error.stack
      .split('\n')
      .filter((line) => !isOwnFrame(line))
      .join('\n');
  }
  if (error && typeof error === 'object' && 'message' in error) return String(error.message);
  return `Uncaught (in promise) ${String(error)}`;
}

let namespace: Record<string, unknown> = {};
/**
 * Setup data as a VU sees it in k6, where it is a Go value wrapped for the script on every access
 * (corpus setup-data): each read of a nested object or array gives a new wrapper (`data.arr !==
 * data.arr`), writes to properties and to existing elements reach the shared value and persist across
 * the VU's iterations, but an array rebuilt for the read does not grow the stored one (`push` returns
 * the new length, the array stays as it was).
 */
function goBackedView(root: unknown): unknown {
  const isIndex = (key: string | symbol, length: number) =>
    typeof key === 'string' && /^(0|[1-9]\d*)$/.test(key) && Number(key) < length;
  const wrap = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      const stored = value as unknown[];
      // The read's own copy (a script-realm array: Array.isArray, push and the rest work on it).
      const copy = stored.slice();
      return new Proxy(copy, {
        get: (target, key, receiver) =>
          isIndex(key, stored.length) ? wrap(stored[Number(key)]) : Reflect.get(target, key, receiver),
        set: (target, key, next, receiver) => {
          if (isIndex(key, stored.length)) stored[Number(key)] = next;
          return Reflect.set(target, key, next, receiver);
        },
      });
    }
    const stored = value as Record<string | symbol, unknown>;
    return new Proxy(stored, {
      get: (target, key) => wrap(target[key]),
    });
  };
  // The top-level object is the one argument of every iteration: one wrapper, its reads wrap anew.
  return wrap(root);
}

let setupData: { json: string; parsed?: unknown } | undefined;

async function initialise(): Promise<void> {
  try {
    const main = loadFile(scriptPath);
    await main.link(link);
    await main.evaluate();
    namespace = main.namespace as Record<string, unknown>;
    vu.inInit = false;
    let options: unknown = {};
    try {
      options = JSON.parse(JSON.stringify(namespace.options ?? {}));
    } catch (error) {
      throw new ScriptError(`the exported options cannot be serialised: ${describe(error)}`);
    }
    const exports = Object.keys(namespace).filter((k) => typeof namespace[k] === 'function');
    const metrics = [...vu.declaredMetrics].map(
      ([name, [type, contains]]) => [name, type, contains] as [string, MetricType, ValueType],
    );
    post({ type: 'ready', options, exports, metrics });
  } catch (error) {
    post({ type: 'initError', message: describe(error) });
  }
}

function waitForTimers(): Promise<void> {
  if (pendingTimers.size === 0) return Promise.resolve();
  return new Promise((done) => {
    timersIdle = () => {
      timersIdle = undefined;
      done();
    };
  });
}

async function run(message: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  try {
    await runOnce(message);
  } finally {
    interruptNow = undefined;
    for (const id of [...pendingTimers.keys()]) settleTimer(id);
    failIteration = undefined;
    // __ITER counts every iteration this VU started, from 0 (k6.md §4).
    if (message.kind === 'iteration') vu.iterationInInstance++;
  }
}

let interruptNow: (() => void) | undefined;

/** A timer callback that threw while an iteration ran. */
class TimerError {
  constructor(readonly error: unknown) {}
}
/** A rejection nobody handled while an iteration ran: it ends the iteration, as in k6. */
class UncaughtRejection {
  constructor(readonly reason: unknown) {}
}
/** Ends the running iteration with an error from outside its own code (rejection, throwing timer). */
let failIteration: ((error: unknown) => void) | undefined;

/**
 * k6's event loop stops on the iteration's error and drops the timers still pending, with a warning
 * each (corpus unhandled-rejection: `setTimeout 1 was stopped because the VU iteration was interrupted`).
 */
function stopPendingTimers(): void {
  for (const [id, timer] of [...pendingTimers]) {
    vu.log('warn', `${timer.kind} ${id} was stopped because the VU iteration was interrupted`, '', '');
    settleTimer(id);
  }
}

async function runOnce(message: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  const fn = namespace[message.fn];
  if (typeof fn !== 'function') {
    post({ type: 'done', ok: false, error: `function "${message.fn}" is not exported by the script` });
    return;
  }
  vu.scenario = message.scenario;
  vu.scenarioTags = message.tags ?? {};
  vu.groupPath = message.kind === 'setup' ? '::setup' : message.kind === 'teardown' ? '::teardown' : '';
  if (message.instance) vu.instance = message.instance;
  if (message.kind === 'iteration') {
    vu.iterationInScenario = message.iterationInScenario ?? 0;
    // Scenario env overrides the global env for this scenario's iterations (docs scenarios "env").
    for (const key of Object.keys(envObject)) delete envObject[key];
    Object.assign(envObject, init.env, message.env ?? {});
    if (vu.options.noCookiesReset !== true) vu.defaultJar.clearAll();
  }
  let argument: unknown;
  if (message.kind === 'summary') {
    argument = contextJson.parse(message.summaryJson ?? '{}');
    // k6's data always has the key, undefined when setup() returned nothing or does not exist
    // (corpus `summary-nonstring`); JSON cannot carry that, so it is put back here.
    const data = argument as Record<string, unknown>;
    if (!('setup_data' in data)) data.setup_data = undefined;
  } else if (setupData && message.kind !== 'setup') {
    // Each VU parses setup()'s JSON once and reuses it (grafana/k6 js/runner.go RunOnce), seen
    // through k6's Go-backed wrappers (goBackedView).
    if (!('parsed' in setupData)) setupData.parsed = goBackedView(contextJson.parse(setupData.json));
    argument = setupData.parsed;
  }
  const start = performance.now();
  let result: unknown;
  let returned = false;
  try {
    const failure = new Promise<never>((_, reject) => {
      failIteration = reject;
    });
    failure.catch(() => {});
    result = fn(argument);
    returned = true;
    const interruption = new Promise<never>((_, reject) => {
      interruptNow = () => reject(new IterationInterrupted('iteration interrupted'));
    });
    interruption.catch(() => {});
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      result = await Promise.race([result, interruption, failure]);
    }
    await Promise.race([waitForTimers(), interruption, failure]);
  } catch (caught) {
    failIteration = undefined;
    vu.groupPath = '';
    // A rejection (unhandled, or of the promise the function returned) reads "Uncaught (in promise) …"
    // in k6's log; a synchronous throw or a throwing timer is the error itself.
    let error = caught;
    let uncaught = returned && !(caught instanceof IterationInterrupted) && !(caught instanceof TestAborted);
    if (caught instanceof UncaughtRejection) error = caught.reason;
    else if (caught instanceof TimerError) {
      error = caught.error;
      uncaught = false;
    }
    if (!(error instanceof IterationInterrupted)) stopPendingTimers();
    if (error instanceof TestAborted || abortMessage !== undefined) {
      // The aborting iteration is counted (corpus abort-iteration: abort() in the 3rd of 5 → 3).
      if (message.kind === 'iteration') emitIteration(start);
      vu.flush();
      post({ type: 'done', ok: false, abort: abortMessage ?? (error as Error).message });
      return;
    }
    if (error instanceof IterationInterrupted) {
      vu.flush();
      post({ type: 'done', ok: false, interrupted: true });
      return;
    }
    if (message.kind === 'iteration') emitIteration(start);
    vu.flush();
    const text = uncaught ? `Uncaught (in promise) ${describe(error)}` : describe(error);
    post({ type: 'done', ok: false, error: text, failMarked: vu.failMarked });
    return;
  }
  failIteration = undefined;
  if (message.kind === 'iteration') emitIteration(start);
  vu.flush();
  if (message.kind === 'setup') {
    let json: string | undefined;
    try {
      json = marshalSetupData(result);
    } catch (error) {
      if (!(error instanceof SetupMarshalError)) throw error;
      post({
        type: 'done',
        ok: false,
        setupMarshalError: `error marshaling setup() data to JSON: ${error.message}`,
      });
      return;
    }
    post({ type: 'done', ok: true, ...(json === undefined ? {} : { result: json }) });
  } else if (message.kind === 'summary') {
    const invalid = invalidSummaryValue(result);
    if (invalid !== undefined) post({ type: 'done', ok: true, summaryInvalid: invalid, summaryOutput: null });
    else post({ type: 'done', ok: true, summaryOutput: summaryOutput(result) });
  } else post({ type: 'done', ok: true, failMarked: vu.failMarked });
}

function emitIteration(start: number): void {
  const tags = vu.baseTags();
  tags.group = '';
  vu.emit('iteration_duration', 'trend', 'time', performance.now() - start, tags);
  vu.emit('iterations', 'counter', 'default', 1, tags);
}

const isBinary = (value: unknown) =>
  value instanceof ArrayBuffer ||
  Object.prototype.toString.call(value) === '[object ArrayBuffer]' ||
  ArrayBuffer.isView(value);

/**
 * The first value handleSummary returned that is neither a string nor binary. k6 then discards the
 * whole result: nothing printed, no file written (corpus `summary-nonstring`, v1.3.0 and v2.2.0).
 */
function invalidSummaryValue(result: unknown): string | undefined {
  if (result === undefined || result === null || typeof result !== 'object') return undefined;
  for (const [key, value] of Object.entries(result as Record<string, unknown>))
    if (typeof value !== 'string' && !isBinary(value))
      return `handleSummary() result for '${key}' has invalid type ${typeof value}, it needs to be a string or ArrayBuffer`;
  return undefined;
}

/** handleSummary's return value as [key, content] pairs; null when it returned nothing. */
function summaryOutput(result: unknown): [string, string | Uint8Array][] | null {
  if (result === undefined || result === null) return null;
  if (typeof result !== 'object')
    throw new ScriptError('handleSummary() should return a map with string keys');
  const entries: [string, unknown][] = Object.entries(result as Record<string, unknown>);
  return entries.flatMap(([key, value]): [string, string | Uint8Array][] => {
    if (typeof value === 'string') return [[key, value]];
    if (value instanceof ArrayBuffer || Object.prototype.toString.call(value) === '[object ArrayBuffer]') {
      return [[key, new Uint8Array(value as ArrayBuffer)]];
    }
    if (ArrayBuffer.isView(value))
      return [[key, new Uint8Array(value.buffer, value.byteOffset, value.byteLength)]];
    // grafana/k6 internal/cmd/run.go handleSummaryResult logs the key and goes on with the others.
    vu.log(
      'error',
      `handleSummary() result for '${key}' has invalid type ${typeof value}, it needs to be a string or ArrayBuffer`,
      'handleSummary',
    );
    return [];
  });
}

parentPort?.on('message', (message: ToWorker) => {
  if (message.type === 'interrupt') {
    interruptNow?.();
    return;
  }
  if (message.type === 'configure') {
    vu.options = message.options as Record<string, unknown>;
    if (message.setupJson !== undefined) setupData = { json: message.setupJson };
    if (message.noCookiesReset) vu.options.noCookiesReset = true;
    return;
  }
  run(message).catch((error: unknown) => post({ type: 'done', ok: false, error: describe(error) }));
});

// A rejected promise nobody awaits, or a throwing timer callback, ends the running iteration as in k6
// (corpus unhandled-rejection; the VU lives on); outside an iteration it is logged. By default Node
// would end the whole thread.
process.on('unhandledRejection', (reason) => {
  if (failIteration) failIteration(new UncaughtRejection(reason));
  else vu.log('error', `Uncaught (in promise) ${describe(reason)}`, 'stacktrace');
});
process.on('uncaughtException', (error) => {
  if (failIteration) failIteration(new TimerError(error));
  else vu.log('error', describe(error), 'stacktrace');
});

await initialise();
