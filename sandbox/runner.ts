// `k6 run` in the sandbox: init, setup, scenarios, teardown, thresholds, handleSummary, exit code.
// Lifecycle facts: ../shared/reference/k6.md §1 (handleSummary), §2 (thresholds), §3 (exit codes), §4.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { parseDuration } from './durations.ts';
import { EXIT, InvalidConfigError } from './errors.ts';
import { runScenario, type SchedulerHost } from './executors.ts';
import type { Flags } from './flags.ts';
import { MetricRegistry, parseMetricName, type Sample } from './metrics.ts';
import { deriveScenarios, requiredVus, type Scenario } from './scenarios.ts';
import { executionTuple } from './segments.ts';
import { buildSummaryData, DEFAULT_TREND_STATS, GroupTree } from './summary-data.ts';
import { summaryExport } from './summary-export.ts';
import { textSummary } from './text-summary.ts';
import { evaluate, parseThresholdList, type Threshold } from './thresholds.ts';
import { type DoneMessage, VuHandle } from './vu-pool.ts';

/** The run as the command line describes it (the system environment already merged into `env`), plus its outputs. */
export interface RunConfig extends Omit<Flags, 'includeSystemEnv'> {
  stdout: Writable;
  stderr: Writable;
  /** Aborted on SIGINT/SIGTERM: the scenarios stop, teardown and handleSummary still run, exit 105. */
  signal?: AbortSignal;
  isStdOutTTY?: boolean;
  isStdErrTTY?: boolean;
  noColor?: boolean;
}

/** Threshold evaluation period during the run (grafana/k6 metrics/engine `thresholdsRate` = 2 s). */
const THRESHOLDS_EVERY_MS = 2000;
/** `vus`/`vus_max` sampling period (grafana/k6 execution scheduler: every second). */
const VUS_EVERY_MS = 1000;

function logLine(stderr: Writable, level: string, message: string, extra = ''): void {
  // k6's logfmt lines on a non-TTY stderr: time="..." level=info msg="..." source=console
  stderr.write(`time="${new Date().toISOString()}" level=${level} msg=${JSON.stringify(message)}${extra}\n`);
}

/** `promise`, or 'timeout' when it takes longer than `ms`. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Timers of the scheduler that end early when the test stops (abort, abortOnFail, a signal). */
class StopClock {
  private readonly waiters = new Set<() => void>();
  stopped = false;
  sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise<void>((done) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        done();
      };
      const timer = setTimeout(wake, ms);
      timer.unref();
      this.waiters.add(wake);
    });
  }
  stop(): void {
    this.stopped = true;
    for (const wake of [...this.waiters]) wake();
  }
}

/** Everything the phases of one run share: outputs, metrics, the VUs, and the one way to stop. */
class TestRun {
  readonly registry = new MetricRegistry();
  readonly groups = new GroupTree();
  readonly thresholds = new Map<string, Threshold[]>();
  readonly clock = new StopClock();
  readonly allVus: VuHandle[] = [];
  readonly pool: VuHandle[] = [];
  readonly script: string;
  readonly testStartEpochMs = Date.now();
  readonly tuple: ReturnType<typeof executionTuple>;
  ingestOn = true;
  aborted: string | undefined;
  thresholdsAborted = false;
  interruptedBySignal = false;
  failMarked = false;
  activeVus = 0;
  vusSampled = false;
  runStart = performance.now();

  constructor(readonly config: RunConfig) {
    this.script = resolve(config.script);
    this.tuple = executionTuple(config.executionSegment, config.executionSegmentSequence);
  }

  log(level: string, message: string, extra = ''): void {
    logLine(this.config.stderr, level, message, extra);
  }

  readonly ingest = (samples: Sample[]): void => {
    if (!this.ingestOn) return;
    for (const sample of samples) {
      this.registry.add(sample);
      if (sample.metric === 'checks')
        this.groups.check(sample.tags.group ?? '', sample.tags.check ?? '', sample.value !== 0);
      else if (sample.metric === 'group_duration') this.groups.group(sample.tags.group ?? '');
    }
  };

  readonly events = {
    samples: (samples: Sample[]) => this.ingest(samples),
    // logrus names the warn level `warning` (k6's console.warn lines read level=warning).
    log: (level: string, message: string, source: string, fields?: string) =>
      this.log(level === 'warn' ? 'warning' : level, message, fields ?? (source ? ` source=${source}` : '')),
  };

  newVu(vuIdInInstance: number, vuIdInTest: number): VuHandle {
    const vu = new VuHandle(
      {
        script: this.script,
        env: this.config.env,
        vuIdInInstance,
        vuIdInTest,
        testStartEpochMs: this.testStartEpochMs,
      },
      this.events,
    );
    this.allVus.push(vu);
    return vu;
  }

  /** The one cancellation path: abort, abortOnFail and a signal all end here. */
  stop(): void {
    this.clock.stop();
    for (const vu of this.pool) if (vu.busy) vu.interrupt();
  }

  elapsedMs(): number {
    return performance.now() - this.runStart;
  }

  emitVus(): void {
    this.vusSampled = true;
    this.ingest([
      { metric: 'vus', type: 'gauge', contains: 'default', value: this.activeVus, tags: {} },
      { metric: 'vus_max', type: 'gauge', contains: 'default', value: this.pool.length, tags: {} },
    ]);
  }

  handleDone(done: DoneMessage, where: string): void {
    if (done.failMarked) this.failMarked = true;
    if (done.abort !== undefined && this.aborted === undefined) {
      this.aborted = done.abort;
      this.log('error', `test aborted: ${done.abort}`, ` source=${where}`);
      this.stop();
    } else if (done.error) this.log('error', done.error, ' hint="script exception" source=stacktrace');
  }

  crossed(): string[] {
    return [...this.thresholds].filter(([, l]) => l.some((t) => t.lastFailed)).map(([k]) => k);
  }

  evaluateThresholds(final: boolean): boolean {
    let allOk = true;
    let abortNow = false;
    const seconds = this.elapsedMs() / 1000;
    for (const [key, list] of this.thresholds) {
      const sink = this.registry.sinkFor(key);
      for (const t of list) {
        let ok = true;
        if (sink) ok = evaluate(t, sink, seconds);
        else t.lastFailed = false;
        if (!ok) {
          allOk = false;
          if (!final && t.abortOnFail && this.elapsedMs() >= t.delayAbortEvalMs) abortNow = true;
        }
      }
    }
    if (abortNow && !this.thresholdsAborted) {
      this.thresholdsAborted = true;
      this.log(
        'error',
        `thresholds on metrics '${this.crossed().join("', '")}' were crossed; at least one has abortOnFail enabled, stopping test prematurely`,
      );
      this.stop();
    }
    return allOk;
  }

  async stopAllVus(): Promise<void> {
    await Promise.all(this.allVus.map((vu) => vu.stop()));
  }
}

interface Prepared {
  options: Record<string, unknown>;
  exports: Set<string>;
  scenarios: Scenario[];
  consolidated: Record<string, unknown>;
  trendStats: string[];
  noCookiesReset: boolean;
  aux: VuHandle;
}

/** Init: the script once in the VU that later runs setup() and teardown() (__VU = 0), options checked. */
async function initPhase(run: TestRun): Promise<Prepared | number> {
  const { config, registry } = run;
  const aux = run.newVu(0, 0);
  const first = await aux.ready;
  if (first.type === 'initError') {
    run.log('error', first.message, ' hint="script exception"');
    return EXIT.scriptException;
  }
  const options = first.options as Record<string, unknown>;
  const exports = new Set(first.exports);
  let scenarios: Scenario[];
  try {
    scenarios = deriveScenarios(options, config, run.tuple);
    for (const s of scenarios) {
      if (!exports.has(s.exec)) {
        throw new InvalidConfigError(
          s.exec === 'default'
            ? 'no exported default function found in the script, and no scenario names an exported function'
            : `scenario "${s.name}": exec function "${s.exec}" is not exported by the script`,
        );
      }
    }
    // k6 always tracks this submetric for the end-of-test summary (k6.md §1.3).
    registry.want('http_req_duration{expected_response:true}');
    for (const [name, type, contains] of first.metrics) registry.entry(name, type, contains);
    if (options.thresholds && typeof options.thresholds === 'object') {
      for (const [key, list] of Object.entries(options.thresholds as Record<string, unknown>)) {
        const type = registry.want(key);
        // With --no-thresholds nothing is evaluated, but the submetrics thresholds name are still
        // tracked and reported when they got samples (corpus submetrics-thresholds / no-thresholds).
        if (config.noThresholds) continue;
        if (type === undefined) {
          // grafana/k6 metrics/engine: thresholds may only name built-in or declared metrics.
          throw new InvalidConfigError(
            `invalid threshold defined on ${key}; reason: no metric name "${parseMetricName(key).name}" found`,
          );
        }
        run.thresholds.set(key, parseThresholdList(key, list, type));
      }
    }
  } catch (error) {
    run.log('error', error instanceof Error ? error.message : String(error));
    return error instanceof InvalidConfigError ? EXIT.invalidConfig : EXIT.scriptException;
  }
  const trendStats =
    config.summaryTrendStats ?? (options.summaryTrendStats as string[] | undefined) ?? DEFAULT_TREND_STATS;
  const consolidated = {
    ...options,
    scenarios: Object.fromEntries(scenarios.map((s) => [s.name, { executor: s.executor, exec: s.exec }])),
    summaryTrendStats: trendStats,
  };
  // k6 initialises all VUs before setup().
  const vuCount = requiredVus(scenarios);
  for (let i = 0; i < vuCount; i++) run.pool.push(run.newVu(i + 1, run.tuple.globalIndex(i) + 1));
  for (const vu of run.pool) {
    const ready = await vu.ready;
    if (ready.type === 'initError') {
      run.log('error', ready.message, ' hint="script exception"');
      return EXIT.scriptException;
    }
  }
  if (!config.quiet) {
    config.stderr.write(
      `sandbox: ${config.script}, ${scenarios.length} scenario(s), ${vuCount} VU(s): a functional run, timings are Node's, not k6's\n`,
    );
  }
  return {
    options,
    exports,
    scenarios,
    consolidated,
    trendStats,
    noCookiesReset: options.noCookiesReset === true,
    aux,
  };
}

/** What setup() left for the rest of the run: its JSON, or the exit code that ends the run early. */
type SetupOutcome = { setupJson: string | undefined } | { exit: number };

/** setup(): its result is handed to every VU. A failure skips the scenarios and teardown, not handleSummary. */
async function setupPhase(run: TestRun, prepared: Prepared): Promise<SetupOutcome> {
  const { aux, options } = prepared;
  if (!prepared.exports.has('setup')) return { setupJson: undefined };
  aux.send({
    type: 'configure',
    options: prepared.consolidated,
    setupJson: undefined,
    noCookiesReset: prepared.noCookiesReset,
  });
  const setupTimeoutMs = parseDuration(options.setupTimeout ?? '60s', 'setupTimeout');
  const done = await withTimeout(aux.run({ type: 'run', kind: 'setup', fn: 'setup' }), setupTimeoutMs);
  if (done === 'timeout') {
    // grafana/k6 js/runner.go: "setup() execution timed out after N seconds", exit code 100.
    run.log('error', `setup() execution timed out after ${setupTimeoutMs / 1000} seconds`);
    return { exit: EXIT.setupTimeout };
  }
  if (done.setupMarshalError !== undefined) {
    // grafana/k6 js/runner.go: marshalling setup data fails the run as a generic error (exit -1 = 255).
    run.log('error', done.setupMarshalError);
    return { exit: EXIT.badFlags };
  }
  if (!done.ok) {
    run.handleDone(done, 'setup');
    return { exit: done.abort !== undefined ? EXIT.scriptAborted : EXIT.scriptException };
  }
  return { setupJson: done.result };
}

/** The scenarios, side by side, until they end or the run stops; thresholds and `vus` on their ticks. */
async function scenariosPhase(
  run: TestRun,
  prepared: Prepared,
  setupJson: string | undefined,
): Promise<void> {
  const { pool, clock } = run;
  const { consolidated, noCookiesReset } = prepared;
  for (const vu of [prepared.aux, ...pool])
    vu.send({ type: 'configure', options: consolidated, setupJson, noCookiesReset });
  const free = new Set(pool);
  const vuScenarioIterations = new Map<string, number>();
  const instance = { iterationsCompleted: 0, iterationsInterrupted: 0 };
  const host: SchedulerHost = {
    tuple: run.tuple,
    stopped: () => clock.stopped,
    acquire(count) {
      const taken = [...free].filter((v) => !v.dead).slice(0, count);
      for (const v of taken) free.delete(v);
      run.activeVus += taken.length;
      return taken;
    },
    release(vus) {
      for (const v of vus) free.add(v);
      run.activeVus -= vus.length;
    },
    async iterate(vu, scenario, iterationInInstance, iterationInTest, progress) {
      // exec.vu.iterationInScenario counts this VU's iterations in this scenario (docs k6-execution).
      const key = `${vu.idInInstance}\u0000${scenario.name}`;
      const iterationInScenario = vuScenarioIterations.get(key) ?? 0;
      vuScenarioIterations.set(key, iterationInScenario + 1);
      const done = await vu.run({
        type: 'run',
        kind: 'iteration',
        fn: scenario.exec,
        scenario: {
          name: scenario.name,
          executor: scenario.executor,
          startTime: run.testStartEpochMs + scenario.startTimeMs,
          iterationInTest,
          iterationInInstance,
          progress: progress(),
        },
        iterationInScenario,
        env: scenario.env,
        tags: scenario.tags,
        instance: { ...instance, vusActive: run.activeVus, vusInitialized: pool.length },
      });
      if (done.interrupted) instance.iterationsInterrupted++;
      else instance.iterationsCompleted++;
      run.handleDone(done, scenario.name);
    },
    async newVu() {
      if (clock.stopped) return undefined;
      const i = pool.length;
      const vu = run.newVu(i + 1, run.tuple.globalIndex(i) + 1);
      pool.push(vu);
      const ready = await vu.ready;
      if (ready.type === 'initError') {
        // A thread still starting when the test ends is stopped with the others: not an error.
        if (!clock.stopped) run.log('error', ready.message, ' hint="script exception"');
        return undefined;
      }
      if (clock.stopped) return undefined;
      vu.send({ type: 'configure', options: consolidated, setupJson, noCookiesReset });
      run.activeVus++;
      return vu;
    },
    dropped(scenario, count) {
      run.ingest([
        {
          metric: 'dropped_iterations',
          type: 'counter',
          contains: 'default',
          value: count,
          tags: { scenario: scenario.name, ...scenario.tags },
        },
      ]);
    },
    warn(scenario, message) {
      run.log('warning', message, ` executor=${scenario.executor} scenario=${scenario.name}`);
    },
    sleep: (ms) => clock.sleep(ms),
  };
  // Thresholds every 2 s while the scenarios run.
  const thresholdTicker = setInterval(() => run.evaluateThresholds(false), THRESHOLDS_EVERY_MS);
  try {
    if (!clock.stopped) await Promise.all(prepared.scenarios.map((s) => runScenario(host, s)));
  } finally {
    // No more VUs start after this point (arrival-rate growth still pending is dropped).
    clock.stopped = true;
    clearInterval(thresholdTicker);
  }
}

/** teardown(data): 0 when it went well, else the exit code it earns. */
async function teardownPhase(run: TestRun, prepared: Prepared): Promise<number> {
  if (!prepared.exports.has('teardown')) return EXIT.ok;
  const teardownTimeoutMs = parseDuration(prepared.options.teardownTimeout ?? '60s', 'teardownTimeout');
  const done = await withTimeout(
    prepared.aux.run({ type: 'run', kind: 'teardown', fn: 'teardown' }),
    teardownTimeoutMs,
  );
  if (done === 'timeout') {
    run.log('error', `teardown() execution timed out after ${teardownTimeoutMs / 1000} seconds`);
    return EXIT.teardownTimeout;
  }
  if (!done.ok) {
    run.handleDone(done, 'teardown');
    if (done.abort === undefined) return EXIT.scriptException;
  }
  return EXIT.ok;
}

/** The end-of-test summary: final thresholds, `data`, handleSummary (or the default text), --summary-export. */
async function summaryPhase(
  run: TestRun,
  prepared: Prepared,
  setupJson: string | undefined,
): Promise<boolean> {
  const { config } = run;
  const testRunDurationMs = run.elapsedMs();
  const thresholdsOk = run.evaluateThresholds(true);
  run.ingestOn = false;
  await run.stopAllVus();
  const data = buildSummaryData({
    registry: run.registry,
    thresholds: run.thresholds,
    groups: run.groups,
    trendStats: prepared.trendStats,
    summaryTimeUnit:
      typeof prepared.options.summaryTimeUnit === 'string' ? prepared.options.summaryTimeUnit : '',
    // k6's --no-color / NO_COLOR (grafana/k6 internal/cmd/root.go); false by default as in the k6 fixtures.
    noColor: config.noColor ?? false,
    testRunDurationMs,
    // No `setup_data` key when setup() returned nothing (corpus abort-iteration, checks-groups).
    ...(setupJson !== undefined ? { setupData: { value: JSON.parse(setupJson) } } : {}),
    isStdOutTTY: config.isStdOutTTY ?? false,
    isStdErrTTY: config.isStdErrTTY ?? false,
  });
  await writeSummary(config, run.script, prepared.exports.has('handleSummary'), data, run.testStartEpochMs);
  if (config.summaryExport !== undefined) {
    // Written in addition to handleSummary's output; no folders created, errors logged (k6.md §1.2, §1.4).
    try {
      writeFileSync(
        resolve(process.cwd(), config.summaryExport),
        JSON.stringify(summaryExport(data), null, 4),
      );
    } catch (error) {
      run.log(
        'error',
        `could not open '${config.summaryExport}': ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return thresholdsOk;
}

/**
 * `k6 run`: init, setup, scenarios, teardown, summary, in k6's order. Every way to stop early
 * (test.abort(), abortOnFail, SIGINT/SIGTERM) goes through TestRun.stop(); the summary always runs once
 * init went well.
 */
export async function runTest(config: RunConfig): Promise<number> {
  const run = new TestRun(config);
  // grafana/k6 cmd/run.go: the first SIGINT/SIGTERM stops the test gracefully (teardown and
  // handleSummary still run) and the run exits 105 ExternalAbort.
  const onSignal = () => {
    if (run.interruptedBySignal) return;
    run.interruptedBySignal = true;
    run.log('error', "test run was aborted because k6 received a 'interrupt' signal");
    run.stop();
  };
  let vusTicker: ReturnType<typeof setInterval> | undefined;
  try {
    const prepared = await initPhase(run);
    if (typeof prepared === 'number') return prepared;
    if (config.signal?.aborted) onSignal();
    config.signal?.addEventListener('abort', onSignal, { once: true });
    // k6 reports these even for a run without HTTP (corpus abort-setup: only these two metrics).
    run.ingest(
      ['data_sent', 'data_received'].map((metric) => ({
        metric,
        type: 'counter',
        contains: 'data',
        value: 0,
        tags: {},
      })),
    );
    run.runStart = performance.now();
    // `vus`/`vus_max` are sampled every second from the start of the run, so a run under a second has
    // neither (grafana/k6 execution scheduler; corpus exec-subsecond).
    vusTicker = setInterval(() => run.emitVus(), VUS_EVERY_MS);
    const setup = await setupPhase(run, prepared);
    const setupJson = 'setupJson' in setup ? setup.setupJson : undefined;
    let teardownExit: number = EXIT.ok;
    if ('setupJson' in setup) {
      await scenariosPhase(run, prepared, setupJson);
      // teardown(data) runs even after test.abort() or an abortOnFail threshold: "We run teardown() with
      // the global context, so it isn't interrupted by thresholds or test.abort()" (grafana/k6
      // internal/execution/scheduler.go `Run`).
      teardownExit = await teardownPhase(run, prepared);
    }
    clearInterval(vusTicker);
    // A late timer on a busy machine must not lose the sample a run of a second or more has in k6.
    if (!run.vusSampled && run.elapsedMs() >= VUS_EVERY_MS) run.emitVus();
    const thresholdsOk = await summaryPhase(run, prepared, setupJson);
    if (run.interruptedBySignal) return EXIT.externalAbort;
    if ('exit' in setup) return setup.exit;
    if (run.aborted !== undefined) return EXIT.scriptAborted;
    if (run.thresholdsAborted) return EXIT.thresholdsFailed;
    if (!thresholdsOk) {
      run.log('error', `thresholds on metrics '${run.crossed().join("', '")}' have been crossed`);
      return EXIT.thresholdsFailed;
    }
    if (teardownExit !== EXIT.ok) return teardownExit;
    if (run.failMarked) {
      run.log('error', 'test run was marked as failed');
      return EXIT.testFailed;
    }
    return EXIT.ok;
  } finally {
    clearInterval(vusTicker);
    config.signal?.removeEventListener('abort', onSignal);
    await run.stopAllVus();
  }
}

/** A failed file open worded as Go's os package words it (`no such file or directory`). */
function goFileError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const words: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
    ENOTDIR: 'not a directory',
    EROFS: 'read-only file system',
  };
  return (
    (typeof code === 'string' ? words[code] : undefined) ??
    (error instanceof Error ? error.message : String(error))
  );
}

/** handleSummary in a fresh VU (__VU = 0, init again); its output to stdout, stderr and files (k6.md §1). */
async function writeSummary(
  config: RunConfig,
  script: string,
  hasHandleSummary: boolean,
  data: unknown,
  testStartEpochMs: number,
): Promise<void> {
  const { stdout, stderr } = config;
  // The jslib's text has no final newline; k6 ends its own summary with one.
  const fallback = () =>
    stdout.write(
      `${textSummary(data as Parameters<typeof textSummary>[0], {
        indent: ' ',
        enableColors: config.isStdOutTTY === true && config.noColor !== true,
      })}\n`,
    );
  if (!hasHandleSummary) {
    fallback();
    return;
  }
  const discard = {
    samples: () => {},
    log: (level: string, message: string, source: string, fields?: string) =>
      logLine(stderr, level === 'warn' ? 'warning' : level, message, fields ?? ` source=${source}`),
  };
  const vu = new VuHandle(
    { script, env: config.env, vuIdInInstance: 0, vuIdInTest: 0, testStartEpochMs },
    discard,
  );
  try {
    const ready = await vu.ready;
    if (ready.type === 'initError') throw new Error(ready.message);
    vu.send({ type: 'configure', options: ready.options, setupJson: undefined, noCookiesReset: false });
    // handleSummaryTimeout (k6 v2.2.0, default 120s; k6.md §1.1).
    const options = ready.options as Record<string, unknown>;
    const timeoutMs = parseDuration(options.handleSummaryTimeout ?? '120s', 'handleSummaryTimeout');
    const done = await withTimeout(
      vu.run({ type: 'run', kind: 'summary', fn: 'handleSummary', summaryJson: JSON.stringify(data) }),
      timeoutMs,
    );
    if (done === 'timeout')
      throw new Error(`handleSummary() execution timed out after ${timeoutMs / 1000} seconds`);
    if (!done.ok) throw new Error(done.error ?? done.abort ?? 'handleSummary was interrupted');
    if (done.summaryInvalid !== undefined) {
      // k6 discards the whole result: nothing printed, no file written, no fallback summary.
      logLine(
        stderr,
        'error',
        'failed to handle the end-of-test summary',
        ` error=${JSON.stringify(done.summaryInvalid)}`,
      );
      return;
    }
    if (!done.summaryOutput) {
      fallback();
      return;
    }
    const failures: string[] = [];
    for (const [key, content] of done.summaryOutput) {
      if (key === 'stdout') stdout.write(content);
      else if (key === 'stderr') stderr.write(content);
      else {
        try {
          // Relative to the process working directory; parent folders are not created (k6.md §1.2).
          writeFileSync(resolve(process.cwd(), key), content);
        } catch (error) {
          failures.push(`could not open '${key}': open ${key}: ${goFileError(error)}`);
        }
      }
    }
    // k6 gathers every failed file into one error (cmd/run.go handleSummaryResult,
    // consolidateErrorMessage) and logs it once.
    if (failures.length > 0) {
      const detail = ['Could not save some summary information:', ...failures.map((f) => `\t- ${f}`)];
      logLine(
        stderr,
        'error',
        'failed to handle the end-of-test summary',
        ` error=${JSON.stringify(detail.join('\n'))}`,
      );
    }
  } catch (error) {
    // A failing handleSummary is logged and k6 falls back to its own summary (k6.md §1.1).
    logLine(
      stderr,
      'error',
      `failed to handle the end-of-test summary: ${error instanceof Error ? error.message : String(error)}`,
    );
    fallback();
  } finally {
    await vu.stop();
  }
}
