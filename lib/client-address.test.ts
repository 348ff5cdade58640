import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientAddress, isBenchmarkAddress, reservedAddress } from './client-address.ts';

describe('clientAddress', () => {
  it('gives each VU its own address in 198.18.0.0/15 (RFC 2544)', () => {
    const seen = new Set<string>();
    for (let vu = 1; vu <= 5000; vu++) {
      const address = clientAddress('per-vu', 'run-1', vu);
      assert.ok(isBenchmarkAddress(address), address);
      assert.ok(
        address.split('.').every((octet) => Number(octet) <= 255),
        address,
      );
      seen.add(address);
    }
    assert.equal(seen.size, 5000);
    assert.ok(!seen.has(reservedAddress('run-1')), 'the limits address is not a VU address');
  });

  it('is stable for one run and moves with the run id', () => {
    assert.equal(clientAddress('per-vu', 'run-1', 7), clientAddress('per-vu', 'run-1', 7));
    assert.notEqual(clientAddress('per-vu', 'run-1', 7), clientAddress('per-vu', 'run-2', 7));
  });

  it('gives every VU the same address in single mode', () => {
    const one = clientAddress('single', 'run-1', 1);
    for (let vu = 2; vu < 50; vu++) assert.equal(clientAddress('single', 'run-1', vu), one);
    assert.ok(isBenchmarkAddress(one));
  });

  it('recognises only the benchmark range', () => {
    assert.ok(isBenchmarkAddress('198.19.255.254'));
    assert.ok(!isBenchmarkAddress('198.20.0.1'));
    assert.ok(!isBenchmarkAddress('10.0.0.1'));
  });
});
