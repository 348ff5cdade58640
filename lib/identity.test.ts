import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RUN_ID_PATTERN } from './config/parse.ts';
import { generateRunId, RunIdentity, randomSuffix } from './identity.ts';

const APPWRITE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$/;
const EMAIL = /^[a-z0-9._-]{1,64}@[a-z0-9.-]+$/;

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

describe('run identity', () => {
  it('generates a RUN_ID that the configuration would accept', () => {
    const id = generateRunId(new Date(Date.UTC(2026, 10, 25, 18, 3, 9)), seeded(1));
    assert.match(id, /^20261125-180309[a-z0-9]{4}$/);
    assert.match(id, RUN_ID_PATTERN);
  });

  it('keeps every id a valid Appwrite id, even with the longest RUN_ID', () => {
    const identity = new RunIdentity('R'.repeat(20), randomSuffix(6, seeded(2)));
    for (const id of [
      identity.databaseId,
      identity.containerId,
      identity.poolUserId(1295),
      identity.seedRecordId(99),
    ]) {
      assert.match(id, APPWRITE_ID);
      assert.ok(id.includes('R'.repeat(20)), 'ids carry the run id');
    }
    assert.throws(() => identity.poolUserId(36 ** 7), RangeError);
  });

  it('gives two instances of one run different ids', () => {
    const a = new RunIdentity('nightly', randomSuffix(6, seeded(3)));
    const b = new RunIdentity('nightly', randomSuffix(6, seeded(4)));
    assert.notEqual(a.databaseId, b.databaseId);
    assert.notEqual(a.poolUserId(0), b.poolUserId(0));
    assert.notEqual(a.userName, b.userName);
  });

  it('makes sign-up emails unique across VUs, iterations, scenarios and instances', () => {
    const emails = new Set<string>();
    let count = 0;
    for (const instance of ['aaaaaa', 'bbbbbb']) {
      const identity = new RunIdentity('20261125-180309abcd', instance);
      for (const scenario of ['auth_normal', 'auth_heavy', 'default']) {
        for (let vu = 1; vu <= 30; vu++) {
          for (let iteration = 0; iteration < 30; iteration++) {
            const email = identity.signupEmail(scenario, vu, iteration);
            assert.match(email, EMAIL);
            emails.add(email);
            count++;
          }
        }
      }
    }
    assert.equal(emails.size, count);
    // VU 1 iteration 11 and VU 11 iteration 1 must differ.
    const identity = new RunIdentity('r', 'i');
    assert.notEqual(identity.signupEmail('s', 1, 11), identity.signupEmail('s', 11, 1));
  });

  it('builds each sign-up address in lower case from all its parts, whichever scenario came before', () => {
    const identity = new RunIdentity('Nightly-RUN', 'Ab12cd');
    const expected = (scenario: string, vu: number, iteration: number) =>
      `Nightly-RUN-Ab12cd-${scenario.replace(/[^A-Za-z0-9]/g, '').slice(0, 12)}-${vu}-${iteration}@k6bench.example.com`.toLowerCase();
    for (const [scenario, vu, iteration] of [
      ['auth_Heavy', 3, 7],
      ['auth_normal_with_a_long_name', 3, 8],
      ['auth_Heavy', 4, 9],
    ] as const) {
      assert.equal(identity.signupEmail(scenario, vu, iteration), expected(scenario, vu, iteration));
    }
  });

  it('draws suffixes from lower-case letters and digits', () => {
    assert.match(randomSuffix(50, Math.random), /^[a-z0-9]{50}$/);
    assert.equal(
      randomSuffix(3, () => 0.999_999_999),
      '999',
    );
  });
});
