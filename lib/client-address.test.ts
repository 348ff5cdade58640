import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientAddress, isBenchmarkAddress, reservedAddress, signUpAddress } from './client-address.ts';

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

  it('gives each sign-up a fresh address no VU uses, one per scenario iteration', () => {
    const vus = new Set(Array.from({ length: 500 }, (_, i) => clientAddress('per-vu', 'run-1', i + 1)));
    const uses = new Map<string, number>();
    for (const scenario of ['auth_warmup', 'auth_normal', 'auth_heavy'])
      for (let i = 0; i < 20_000; i++) {
        const address = signUpAddress('run-1', scenario, i);
        assert.ok(isBenchmarkAddress(address), address);
        assert.ok(!vus.has(address), `${address} is a VU's address`);
        assert.notEqual(address, reservedAddress('run-1'));
        uses.set(address, (uses.get(address) ?? 0) + 1);
      }
    assert.ok(Math.max(...uses.values()) <= 3, 'an address serves at most one sign-up per scenario');
  });
});
