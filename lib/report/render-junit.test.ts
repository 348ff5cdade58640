import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { liftTestSuites } from './render-junit.ts';

// What the real k6-jslib-summary 0.1.0 `jUnit(data)` returned (../shared/fixtures/k6-summary/README.md).
const recorded = (name: string) =>
  readFileSync(
    new URL(`../../../shared/fixtures/k6-summary/jslib-0.1.0-outputs/${name}`, import.meta.url),
    'utf8',
  );

describe('liftTestSuites on the real jslib 0.1.0 output', () => {
  it('lifts the suite with its counts, failures and all', () => {
    const lifted = liftTestSuites(recorded('k6-repo_handleSummary-data_default-format.junit.default.txt'));
    assert.ok(lifted);
    assert.equal(lifted.tests, 3);
    assert.equal(lifted.failures, 2);
    assert.match(lifted.xml, /^ {2}<testsuite name="k6 thresholds" tests="3" failures="2">/);
    assert.match(lifted.xml, /<failure message="trend threshold failed: max value: 20,/);
    assert.match(lifted.xml, /<\/testsuite>$/);
    assert.equal(lifted.xml.includes('testsuites'), false);
  });

  it('keeps the name option and every passing case', () => {
    const lifted = liftTestSuites(recorded('k6-v1.3.0_appwrite-smoke_handleSummary-data.junit.named.txt'));
    assert.ok(lifted);
    assert.equal(lifted.tests, 10);
    assert.equal(lifted.failures, 0);
    assert.equal(lifted.xml.match(/<testcase /g)?.length, 10);
    assert.match(lifted.xml, /<testsuite name="appwrite"/);
  });
});
