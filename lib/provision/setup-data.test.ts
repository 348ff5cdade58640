import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RunIdentity } from '../identity.ts';
import {
  buildSetupData,
  InvalidSetupDataError,
  MAX_POOL_SIZE,
  poolIndexFor,
  readSetupData,
  SETUP_DATA_BUDGET_BYTES,
  setupDataBytes,
} from './setup-data.ts';

/**
 * The largest session value a 1.x server hands out: base64 of {"id":"<36-char id>","secret":"<256 hex>"}
 * (session tokens are 256 characters: TOKEN_LENGTH_SESSION = 256 in appwrite/appwrite's constants).
 */
function worstCaseSession(index: number): string {
  const identity = new RunIdentity('R'.repeat(20), 'abcdef');
  const json = JSON.stringify({ id: identity.poolUserId(index).padEnd(36, 'x'), secret: 'f'.repeat(256) });
  return Buffer.from(json).toString('base64');
}

describe('setup data', () => {
  it('stays within 256 KB with 500 VUs and the longest ids and tokens', () => {
    const data = buildSetupData({
      runId: 'R'.repeat(20),
      instance: 'abcdef',
      serverVersion: '1.9.6',
      api: 'tablesdb',
      sessions: Array.from({ length: MAX_POOL_SIZE }, (_, i) => worstCaseSession(i)),
      seedCount: 20,
      preparedAt: 1_800_000_000_000,
    });
    const bytes = setupDataBytes(data);
    assert.equal(bytes, Buffer.byteLength(JSON.stringify(data)));
    assert.ok(bytes <= SETUP_DATA_BUDGET_BYTES, `${bytes} bytes`);
    assert.ok(bytes > 100 * 1024, 'the worst case is realistic: 500 sessions of ~416 characters');
  });

  it('round-trips through JSON as k6 passes it to VUs and handleSummary', () => {
    const data = buildSetupData({
      runId: 'r1',
      instance: 'abcdef',
      serverVersion: '1.7.4',
      api: 'databases',
      sessions: ['s1', 's2'],
      seedCount: 20,
      preparedAt: 1,
    });
    assert.deepEqual(readSetupData(JSON.parse(JSON.stringify(data))), data);
    assert.equal(readSetupData(undefined), null);
    assert.throws(() => readSetupData({ version: 99 }), InvalidSetupDataError);
    assert.throws(() => readSetupData(5), InvalidSetupDataError);
  });

  it('maps VUs to pool users from VU 1, wrapping beyond the pool', () => {
    assert.equal(poolIndexFor(1, 500), 0);
    assert.equal(poolIndexFor(500, 500), 499);
    assert.equal(poolIndexFor(501, 500), 0);
    assert.throws(() => poolIndexFor(1, 0), RangeError);
  });
});
