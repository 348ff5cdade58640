import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffSeconds, isTransient, judge, SETUP_RETRY } from './retry-policy.ts';

describe('setup retry policy', () => {
  it('retries connection errors, timeouts (status 0), 429 and 5xx; nothing else', () => {
    for (const status of [0, 429, 500, 502, 503, 504])
      assert.equal(isTransient(status), true, String(status));
    for (const status of [200, 201, 400, 401, 404, 409])
      assert.equal(isTransient(status), false, String(status));
  });

  it('backs off exponentially with jitter in [0.5, 1) of the step, capped', () => {
    assert.equal(
      backoffSeconds(1, () => 0),
      0.05,
    );
    assert.equal(
      backoffSeconds(2, () => 0),
      0.1,
    );
    assert.ok(backoffSeconds(3, () => 0.999) < 0.4);
    assert.equal(
      backoffSeconds(10, () => 0),
      SETUP_RETRY.maxDelaySeconds / 2,
    );
    let worst = 0;
    for (let retry = 1; retry < SETUP_RETRY.attempts; retry++)
      worst += backoffSeconds(retry, () => 0.999_999);
    assert.ok(worst < 11.2, `the waits of one request add up to ${worst} s`);
  });

  it('stops after the stated attempts or total time, and takes a 409 on a retry of a fixed-id create as done', () => {
    assert.equal(judge(201, [201], 1, 0, true), 'done');
    assert.equal(judge(503, [201], 1, 0, true), 'retry');
    assert.equal(judge(0, [201], SETUP_RETRY.attempts - 1, 0, true), 'retry');
    assert.equal(judge(0, [201], SETUP_RETRY.attempts, 0, true), 'fail');
    assert.equal(judge(503, [201], 2, SETUP_RETRY.totalSeconds, true), 'fail');
    assert.equal(judge(409, [201], 2, 1, true), 'done');
    assert.equal(judge(409, [201], 1, 0, true), 'fail', 'a 409 on the first try is a real conflict');
    assert.equal(judge(409, [201], 2, 1, false), 'fail');
    assert.equal(judge(400, [201], 1, 0, true), 'fail');
  });
});
