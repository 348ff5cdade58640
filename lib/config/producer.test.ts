import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from './parse.ts';

const base = {
  APPWRITE_PROJECT_ID: 'bench',
  APPWRITE_API_KEY: 'standard_0123456789abcdef',
  PWD: '/w',
  PROFILE: 'smoke',
};

describe('producer facts from the starting tool', () => {
  it('are unknown unless passed in, except that a loopback endpoint puts the load generator on the server host', () => {
    assert.deepEqual(parseConfig({ ...base, APPWRITE_ENDPOINT: 'http://127.0.0.1:8080/v1' }).producer, {
      runner: null,
      runnerVersion: null,
      machine: { host: null, cores: null, sameHostAsServer: true },
    });
    assert.equal(
      parseConfig({ ...base, APPWRITE_ENDPOINT: 'https://cloud.example/v1' }).producer?.machine
        .sameHostAsServer,
      null,
    );
  });

  it('takes runner, k6 version, machine and cores as passed; ignores malformed values', () => {
    const producer = parseConfig({
      ...base,
      APPWRITE_ENDPOINT: 'https://cloud.example/v1',
      BENCH_RUNNER: 'k6',
      K6_VERSION: 'v1.3.0',
      BENCH_MACHINE: 'loadgen-1',
      BENCH_CORES: '8',
      BENCH_SAME_HOST: 'false',
    }).producer;
    assert.deepEqual(producer, {
      runner: 'k6',
      runnerVersion: 'v1.3.0',
      machine: { host: 'loadgen-1', cores: 8, sameHostAsServer: false },
    });
    const odd = parseConfig({
      ...base,
      BENCH_RUNNER: 'jmeter',
      BENCH_CORES: '2.5',
      BENCH_MACHINE: 'a\nb',
    }).producer;
    assert.equal(odd?.runner, null);
    assert.equal(odd?.machine.cores, null);
    assert.equal(odd?.machine.host, null);
  });
});
