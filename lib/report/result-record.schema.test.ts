import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { checkRecord } from './baseline.ts';
import { blogRun, fakeContext, fakeSummaryData } from './k6-data.fixture.ts';
import { buildRecord, type ResultRecord } from './record.ts';

const schema = JSON.parse(readFileSync(new URL('./result-record.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

const END = Date.UTC(2026, 10, 25, 18, 30, 0);

function records(): ResultRecord[] {
  const invalid = blogRun({ droppedIterations: 2, checks: { passes: 1, fails: 1 } });
  delete invalid.phases.heavy;
  return [
    buildRecord(fakeSummaryData(blogRun()), fakeContext(), END),
    buildRecord(fakeSummaryData(invalid), fakeContext({ label: 'x', runId: 'y' }), null),
    buildRecord(null, fakeContext({ phases: [], workloads: [] }), null),
  ];
}

describe('result record JSON schema', () => {
  it('accepts every record the summary writes', () => {
    for (const record of records()) {
      const roundTripped = JSON.parse(JSON.stringify(record));
      assert.ok(validate(roundTripped), JSON.stringify(validate.errors));
    }
  });

  it('agrees with the guard k6 runs on broken and foreign files', () => {
    const [base] = records();
    assert.ok(base);
    const variants: unknown[] = [
      { root_group: {}, metrics: {} },
      { ...base, kind: 'something-else' },
      { ...base, schemaVersion: 3 },
      { ...base, producer: { runner: 'jmeter', runnerVersion: null, machine: {} } },
      { ...base, profile: 'spike' },
      { ...base, table: { ...base.table, latencyNormal: 'fast' } },
      { ...base, phases: [{ ...base.phases[0], phase: 'warmup' }] },
      { ...base, validity: { valid: 'yes', reasons: [] } },
      { ...base, thresholds: [{ metric: 'checks', expression: 'rate==1' }] },
      { ...base, rateLimits: { ...base.rateLimits, routes: [{ name: 1, count: 0, minRemaining: null }] } },
      base,
    ];
    for (const variant of variants) {
      const value = JSON.parse(JSON.stringify(variant));
      assert.equal(checkRecord(value).ok, validate(value), JSON.stringify(value).slice(0, 120));
    }
  });

  it('rejects an endpoint that still carries credentials', () => {
    const [base] = records();
    for (const endpointHost of ['admin:pw@localhost/v1', 'https://localhost/v1', 'localhost/v1?key=k']) {
      assert.equal(validate({ ...base, endpointHost }), false);
      assert.equal(checkRecord({ ...base, endpointHost }).ok, false);
    }
  });
});

describe('schema versions', () => {
  it('reads version 1 records from real runs, and requires producer in version 2', () => {
    const v1 = JSON.parse(
      readFileSync(
        new URL(
          '../../../shared/fixtures/real-runs/k6-1.3.0_appwrite-1.9.0_normal-aa-1.json',
          import.meta.url,
        ),
        'utf8',
      ),
    );
    assert.equal(v1.schemaVersion, 1);
    assert.ok(validate(v1), JSON.stringify(validate.errors));
    const read = checkRecord(v1);
    assert.ok(read.ok);
    assert.equal(read.record.producer.runner, null);
    const [v2] = records();
    assert.ok(v2);
    const { producer: _dropped, ...withoutProducer } = JSON.parse(JSON.stringify(v2));
    assert.equal(validate(withoutProducer), false);
  });
});
