import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidConfigError } from './errors.ts';
import { deriveScenarios, requiredVus } from './scenarios.ts';
import { executionTuple } from './segments.ts';

const whole = executionTuple(undefined, undefined);

test('shortcuts become scenarios as k6 DeriveScenariosFromShortcuts does', () => {
  const [byIterations] = deriveScenarios({ vus: 2, iterations: 4 }, {}, whole);
  assert.deepEqual(
    [byIterations?.executor, byIterations?.vus, byIterations?.iterations],
    ['shared-iterations', 2, 4],
  );
  const [byDuration] = deriveScenarios({ vus: 3, duration: '10s' }, {}, whole);
  assert.deepEqual(
    [byDuration?.executor, byDuration?.vus, byDuration?.durationMs],
    ['constant-vus', 3, 10_000],
  );
  const [nothing] = deriveScenarios({}, {}, whole);
  assert.deepEqual([nothing?.executor, nothing?.vus, nothing?.iterations], ['per-vu-iterations', 1, 1]);
});

test('--iterations/--duration replace the script scenarios; --vus keeps them', () => {
  const options = { scenarios: { reads: { executor: 'constant-vus', vus: 5, duration: '1m' } } };
  const [cli] = deriveScenarios(options, { iterations: 3, vus: 1 }, whole);
  assert.deepEqual(
    [cli?.name, cli?.executor, cli?.iterations, cli?.vus],
    ['default', 'shared-iterations', 3, 1],
  );
  const [kept] = deriveScenarios(options, { vus: 1 }, whole);
  assert.deepEqual([kept?.name, kept?.vus], ['reads', 5]);
});

test('scenario options, defaults and errors', () => {
  const scenarios = deriveScenarios(
    {
      scenarios: {
        a: {
          executor: 'ramping-vus',
          startVUs: 0,
          stages: [{ duration: '1s', target: 4 }],
          exec: 'reads',
          tags: { phase: 'normal' },
        },
        b: {
          executor: 'constant-arrival-rate',
          rate: 10,
          duration: '2s',
          preAllocatedVUs: 2,
          maxVUs: 3,
          startTime: '1s',
          env: { X: 1 },
        },
      },
    },
    {},
    whole,
  );
  assert.deepEqual(
    scenarios.map((s) => [s.name, s.exec, s.maxVus, s.startTimeMs, s.gracefulStopMs, s.tags, s.env]),
    [
      ['a', 'reads', 4, 0, 30_000, { phase: 'normal' }, {}],
      ['b', 'default', 3, 1000, 30_000, {}, { X: '1' }],
    ],
  );
  // a: 4 VUs; b starts with its 2 preAllocatedVUs (it may grow to 3 during the run).
  assert.equal(requiredVus(scenarios), 6);
  assert.throws(
    () => deriveScenarios({ scenarios: { x: { executor: 'externally-controlled' } } }, {}, whole),
    /removed in k6 v2.0.0/,
  );
  assert.throws(
    () =>
      deriveScenarios(
        { scenarios: { x: { executor: 'shared-iterations', vus: 5, iterations: 2 } } },
        {},
        whole,
      ),
    InvalidConfigError,
  );
  assert.throws(
    () => deriveScenarios({ iterations: 2, scenarios: { x: { executor: 'per-vu-iterations' } } }, {}, whole),
    /simultaneously/,
  );
});
