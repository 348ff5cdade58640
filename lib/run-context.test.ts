import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from './config/parse.ts';
import { buildProfile } from './profiles/index.ts';
import { buildSetupData } from './provision/setup-data.ts';
import { runContext, UNKNOWN, withoutSessions } from './run-context.ts';

const KEY = 'standard_s3cr3t_key_value';
const env = {
  APPWRITE_ENDPOINT: 'http://127.0.0.1:8080/v1',
  APPWRITE_PROJECT_ID: 'bench',
  APPWRITE_API_KEY: KEY,
  PROFILE: 'smoke',
};
const setupData = buildSetupData({
  runId: '20261125-180309abcd',
  instance: 'abcdef',
  serverVersion: '1.8.1',
  api: 'tablesdb',
  sessions: ['SESSION-SECRET-VALUE'],
  seedCount: 20,
  preparedAt: 1,
});

describe('runContext', () => {
  const config = parseConfig(env);
  const plan = buildProfile(config.profile, config.workloads, ['tablesdb']);

  it('takes the server version and run id from setup data, and labels the run with the version', () => {
    const context = runContext(config, plan, null, { metrics: {}, setup_data: setupData });
    assert.equal(context.serverVersion, '1.8.1');
    assert.equal(context.label, '1.8.1');
    assert.equal(context.runId, '20261125-180309abcd');
    assert.equal(context.endpointHost, '127.0.0.1:8080/v1');
    assert.equal(context.profile, 'smoke');
    assert.deepEqual(context.phases, plan.phases);
    assert.equal(context.thresholdPlan, plan.thresholdPlan);
    assert.equal(context.baseline, null);
  });

  it('prefers LABEL and RUN_ID when given', () => {
    const configured = parseConfig({ ...env, LABEL: 'PR 42', RUN_ID: 'ci-7' });
    const context = runContext(configured, plan, null, { setup_data: { ...setupData, runId: 'ci-7' } });
    assert.equal(context.label, 'PR 42');
    assert.equal(context.runId, 'ci-7');
  });

  it('never throws, even without or with foreign setup data', () => {
    for (const data of [undefined, null, 5, {}, { setup_data: 5 }, { setup_data: { version: 99 } }]) {
      const context = runContext(config, plan, { path: '/x', error: 'no such file' }, data);
      assert.equal(context.serverVersion, UNKNOWN);
      assert.equal(context.runId, UNKNOWN);
      assert.deepEqual(context.baseline, { path: '/x', error: 'no such file' });
    }
  });

  it('carries no secret: neither the API key nor session values', () => {
    const text = JSON.stringify(runContext(config, plan, null, { setup_data: setupData }));
    assert.ok(!text.includes(KEY));
    assert.ok(!text.includes('SESSION-SECRET-VALUE'));
  });
});

describe('withoutSessions', () => {
  it('removes session values from setup data and keeps everything else', () => {
    const data = { metrics: { http_reqs: {} }, setup_data: setupData };
    const safe = withoutSessions(data) as { metrics: unknown; setup_data: Record<string, unknown> };
    assert.ok(!JSON.stringify(safe).includes('SESSION-SECRET-VALUE'));
    assert.equal(safe.metrics, data.metrics);
    assert.equal(safe.setup_data.sessionCount, 1);
    assert.equal(safe.setup_data.runId, setupData.runId);
    assert.equal(data.setup_data.sessions.length, 1, 'the original is not mutated');
    const context = runContext(parseConfig(env), buildProfile('smoke', ['reads'], ['tablesdb']), null, safe);
    assert.equal(context.serverVersion, '1.8.1');
  });
  it('passes other shapes through', () => {
    for (const value of [undefined, null, 5, {}, { setup_data: 5 }])
      assert.deepEqual(withoutSessions(value), value);
  });
});
