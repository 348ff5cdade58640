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
  isStdOutTTY?: boolean;
  isStdErrTTY?: boolean;
  noColor?: boolean;
}

/** Threshold evaluation period during the run (grafana/k6 metrics/engine `thresholdsRate` = 2 s). */
const THRESHOLDS_EVERY_MS = 2000;

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

const sleep = (ms: number) =>
  new Promise<void>((done) => {
    setTimeout(done, ms).unref();
  });

export async function runTest(config: RunConfig): Promise<number> {
  const { stderr } = config;
  const tuple = executionTuple(config.executionSegment, config.executionSegmentSequence);
  const registry = new MetricRegistry();
  const groups = new GroupTree();
  const log = (level: string, message: string, source: string) =>
    logLine(stderr, level, message, ` source=${source}`);
  let ingestOn = true;
  const ingest = (samples: Sample[]) => {
    if (!ingestOn) return;
    for (const sample of samples) {
      registry.add(sample);
      if (sample.metric === 'checks')
        groups.check(sample.tags.group ?? '', sample.tags.check ?? '', sample.value !== 0);
      else if (sample.metric === 'group_duration') groups.group(sample.tags.group ?? '');
    }
  };
  const events = { samples: ingest, log };
  const script = resolve(config.script);
  const testStartEpochMs = Date.now();
  const allVus: VuHandle[] = [];
  const stopAllVus = () => Promise.all(allVus.map((vu) => vu.stop()));

  // Init once to read the options, in the VU that later runs setup() and teardown() (__VU = 0).
  const aux = new VuHandle(
    { script, env: config.env, vuIdInInstance: 0, vuIdInTest: 0, testStartEpochMs },
    events,
  );
  allVus.push(aux);
  const first = await aux.ready;
  if (first.type === 'initError') {
    logLine(stderr, 'error', first.message, ' hint="script exception"');
    await stopAllVus();
    return EXIT.scriptException;
  }
  const options = first.options as Record<string, unknown>;
  const exportsSet = new Set(first.exports);

  let scenarios: Scenario[];
  const thresholds = new Map<string, Threshold[]>();
  try {
    scenarios = deriveScenarios(options, config, tuple);
    for (const s of scenarios) {
      if (!exportsSet.has(s.exec)) {
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
    if (!config.noThresholds && options.thresholds && typeof options.thresholds === 'object') {
      for (const [key, list] of Object.entries(options.thresholds as Record<string, unknown>)) {
        const type = registry.want(key);
        if (type === undefined) {
          // grafana/k6 metrics/engine: thresholds may only name built-in or declared metrics.
          throw new InvalidConfigError(
            `invalid threshold defined on ${key}; reason: no metric name "${parseMetricName(key).name}" found`,
          );
        }
        thresholds.set(key, parseThresholdList(key, list, type));
      }
    }
  } catch (error) {
    logLine(stderr, 'error', error instanceof Error ? error.message : String(error));
    await stopAllVus();
    return error instanceof InvalidConfigError ? EXIT.invalidConfig : EXIT.scriptException;
  }
  const trendStats =
    config.summaryTrendStats ?? (options.summaryTrendStats as string[] | undefined) ?? DEFAULT_TREND_STATS;
  const consolidated = {
    ...options,
    scenarios: Object.fromEntries(scenarios.map((s) => [s.name, { executor: s.executor, exec: s.exec }])),
    summaryTrendStats: trendStats,
  };
  const noCookiesReset = options.noCookiesReset === true;

  // Init the VUs (k6 initialises all of them before setup()).
  const vuCount = requiredVus(scenarios);
  const pool: VuHandle[] = [];
  const createVu = () => {
    const i = pool.length;
    const vu = new VuHandle(
      {
        script,
        env: config.env,
        vuIdInInstance: i + 1,
        vuIdInTest: tuple.globalIndex(i) + 1,
        testStartEpochMs,
      },
      events,
    );
    pool.push(vu);
    allVus.push(vu);
    return vu;
  };
  for (let i = 0; i < vuCount; i++) createVu();
  for (const vu of pool) {
    const ready = await vu.ready;
    if (ready.type === 'initError') {
      logLine(stderr, 'error', ready.message, ' hint="script exception"');
      await stopAllVus();
      return EXIT.scriptException;
    }
  }
  if (!config.quiet) {
    stderr.write(
      `sandbox: ${config.script}, ${scenarios.length} scenario(s), ${vuCount} VU(s): a functional run, timings are Node's, not k6's\n`,
    );
  }

  const runStart = performance.now();
  const elapsedMs = () => performance.now() - runStart;
  let aborted: string | undefined;
  let thresholdsAborted = false;
  let failMarked = false;
  let stopped = false;
  let activeVus = 0;
  const instance = { iterationsCompleted: 0, iterationsInterrupted: 0 };
  const emitVus = () => {
    ingest([
      { metric: 'vus', type: 'gauge', contains: 'default', value: activeVus, tags: {} },
      { metric: 'vus_max', type: 'gauge', contains: 'default', value: pool.length, tags: {} },
    ]);
  };
  const stopEverything = () => {
    stopped = true;
    for (const vu of pool) if (vu.busy) vu.interrupt();
  };
  const handleDone = (done: DoneMessage, where: string) => {
    if (done.failMarked) failMarked = true;
    if (done.abort !== undefined && aborted === undefined) {
      aborted = done.abort;
      logLine(stderr, 'error', `test aborted: ${done.abort}`, ` source=${where}`);
      stopEverything();
    } else if (done.error) logLine(stderr, 'error', done.error, ` source=stacktrace`);
  };
  const evaluateThresholds = (final: boolean): boolean => {
    let allOk = true;
    let abortNow = false;
    const seconds = elapsedMs() / 1000;
    for (const [key, list] of thresholds) {
      const sink = registry.sinkFor(key);
      for (const t of list) {
        let ok = true;
        if (sink) ok = evaluate(t, sink, seconds);
        else t.lastFailed = false;
        if (!ok) {
          allOk = false;
          if (!final && t.abortOnFail && elapsedMs() >= t.delayAbortEvalMs) abortNow = true;
        }
      }
    }
    if (abortNow && !thresholdsAborted) {
      thresholdsAborted = true;
      const crossed = [...thresholds].filter(([, l]) => l.some((t) => t.lastFailed)).map(([k]) => k);
      logLine(
        stderr,
        'error',
        `thresholds on metrics '${crossed.join("', '")}' were crossed; at least one has abortOnFail enabled, stopping test prematurely`,
      );
      stopEverything();
    }
    return allOk;
  };

  const withSetup = exportsSet.has('setup');
  let setupJson: string | undefined;
  emitVus();
  if (withSetup) {
    aux.send({ type: 'configure', options: consolidated, setupJson: undefined, noCookiesReset });
    const setupTimeoutMs = parseDuration(options.setupTimeout ?? '60s', 'setupTimeout');
    const done = await withTimeout(aux.run({ type: 'run', kind: 'setup', fn: 'setup' }), setupTimeoutMs);
    if (done === 'timeout') {
      // grafana/k6 js/runner.go: "setup() execution timed out after N seconds", exit code 100.
      logLine(stderr, 'error', `setup() execution timed out after ${setupTimeoutMs / 1000} seconds`);
      await stopAllVus();
      return EXIT.setupTimeout;
    }
    if (!done.ok) {
      handleDone(done, 'setup');
      if (done.abort === undefined) {
        await stopAllVus();
        return EXIT.scriptException;
      }
    } else setupJson = done.result ?? 'null';
  }
  for (const vu of [aux, ...pool])
    vu.send({ type: 'configure', options: consolidated, setupJson, noCookiesReset });

  const free = new Set(pool);
  const vuScenarioIterations = new Map<string, number>();
  const host: SchedulerHost = {
    tuple,
    stopped: () => stopped,
    acquire(count) {
      const taken = [...free].filter((v) => !v.dead).slice(0, count);
      for (const v of taken) free.delete(v);
      activeVus += taken.length;
      emitVus();
      return taken;
    },
    release(vus) {
      for (const v of vus) free.add(v);
      // No sample here: like k6's 1 s sampling, `vus` keeps the last activity level as its value.
      activeVus -= vus.length;
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
          startTime: testStartEpochMs + scenario.startTimeMs,
          iterationInTest,
          iterationInInstance,
          progress: progress(),
        },
        iterationInScenario,
        env: scenario.env,
        tags: scenario.tags,
        instance: { ...instance, vusActive: activeVus, vusInitialized: pool.length },
      });
      if (done.interrupted) instance.iterationsInterrupted++;
      else instance.iterationsCompleted++;
      handleDone(done, scenario.name);
    },
    async newVu() {
      if (stopped) return undefined;
      const vu = createVu();
      const ready = await vu.ready;
      if (ready.type === 'initError') {
        // A thread still starting when the test ends is stopped with the others: not an error.
        if (!stopped) logLine(stderr, 'error', ready.message, ' hint="script exception"');
        return undefined;
      }
      if (stopped) return undefined;
      vu.send({ type: 'configure', options: consolidated, setupJson, noCookiesReset });
      activeVus++;
      emitVus();
      return vu;
    },
    dropped(scenario) {
      ingest([
        {
          metric: 'dropped_iterations',
          type: 'counter',
          contains: 'default',
          value: 1,
          tags: { scenario: scenario.name, ...scenario.tags },
        },
      ]);
    },
    sleep,
  };

  // Thresholds every 2 s while scenarios run; `vus` sampled with them.
  const ticker = setInterval(() => {
    evaluateThresholds(false);
    emitVus();
  }, THRESHOLDS_EVERY_MS);
  if (!stopped) await Promise.all(scenarios.map((s) => runScenario(host, s)));
  // No more VUs start after this point (arrival-rate growth still pending is dropped).
  stopped = true;
  clearInterval(ticker);

  // teardown(data) runs even after test.abort() or an abortOnFail threshold: "We run teardown() with
  // the global context, so it isn't interrupted by thresholds or test.abort()" (grafana/k6
  // internal/execution/scheduler.go `Run`).
  let teardownFailed = false;
  let teardownTimedOut = false;
  if (exportsSet.has('teardown')) {
    const teardownTimeoutMs = parseDuration(options.teardownTimeout ?? '60s', 'teardownTimeout');
    const done = await withTimeout(
      aux.run({ type: 'run', kind: 'teardown', fn: 'teardown' }),
      teardownTimeoutMs,
    );
    if (done === 'timeout') {
      logLine(stderr, 'error', `teardown() execution timed out after ${teardownTimeoutMs / 1000} seconds`);
      teardownTimedOut = true;
    } else if (!done.ok) {
      handleDone(done, 'teardown');
      if (done.abort === undefined) teardownFailed = true;
    }
  }
  const testRunDurationMs = elapsedMs();
  const thresholdsOk = evaluateThresholds(true);
  ingestOn = false;
  await stopAllVus();

  const data = buildSummaryData({
    registry,
    thresholds,
    groups,
    trendStats,
    summaryTimeUnit: typeof options.summaryTimeUnit === 'string' ? options.summaryTimeUnit : '',
    // k6's --no-color / NO_COLOR (grafana/k6 internal/cmd/root.go); false by default as in the k6 fixtures.
    noColor: config.noColor ?? false,
    testRunDurationMs,
    ...(withSetup ? { setupData: { value: setupJson === undefined ? null : JSON.parse(setupJson) } } : {}),
    isStdOutTTY: config.isStdOutTTY ?? false,
    isStdErrTTY: config.isStdErrTTY ?? false,
  });
  await writeSummary(config, script, exportsSet.has('handleSummary'), data, testStartEpochMs);
  if (config.summaryExport !== undefined) {
    // Written in addition to handleSummary's output; no folders created, errors logged (k6.md §1.2, §1.4).
    try {
      writeFileSync(
        resolve(process.cwd(), config.summaryExport),
        JSON.stringify(summaryExport(data), null, 4),
      );
    } catch (error) {
      logLine(
        stderr,
        'error',
        `could not open '${config.summaryExport}': ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  if (aborted !== undefined) return EXIT.scriptAborted;
  if (!thresholdsOk || thresholdsAborted) {
    logLine(
      stderr,
      'error',
      `thresholds on metrics '${[...thresholds]
        .filter(([, l]) => l.some((t) => t.lastFailed))
        .map(([k]) => k)
        .join("', '")}' have been crossed`,
    );
    return EXIT.thresholdsFailed;
  }
  if (teardownTimedOut) return EXIT.teardownTimeout;
  if (teardownFailed) return EXIT.scriptException;
  if (failMarked) return EXIT.testFailed;
  return EXIT.ok;
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
  const fallback = () =>
    stdout.write(
      textSummary(data as Parameters<typeof textSummary>[0], {
        indent: ' ',
        enableColors: config.isStdOutTTY === true && config.noColor !== true,
      }),
    );
  if (!hasHandleSummary) {
    fallback();
    return;
  }
  const discard = {
    samples: () => {},
    log: (level: string, message: string, source: string) =>
      logLine(stderr, level, message, ` source=${source}`),
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
    if (!done.summaryOutput) {
      fallback();
      return;
    }
    for (const [key, content] of done.summaryOutput) {
      if (key === 'stdout') stdout.write(content);
      else if (key === 'stderr') stderr.write(content);
      else {
        try {
          // Relative to the process working directory; parent folders are not created (k6.md §1.2).
          writeFileSync(resolve(process.cwd(), key), content);
        } catch (error) {
          logLine(
            stderr,
            'error',
            `could not open '${key}': ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
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
