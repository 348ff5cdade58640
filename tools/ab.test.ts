import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AbInputError, parseAbArgs } from './ab.ts';

describe('npm run ab arguments', () => {
  it('takes both endpoints, a repeat count, -e pairs, and passes the rest to compare', () => {
    const args = parseAbArgs(
      [
        '--a',
        'http://127.0.0.1:1/v1',
        '--b',
        'http://localhost:2/v1',
        '--repeat',
        '3',
        '-e',
        'SCENARIOS=reads',
        '--format',
        'json',
      ],
      new Date(Date.UTC(2026, 11, 1, 23, 0)),
    );
    assert.deepEqual(args.env, { SCENARIOS: 'reads' });
    assert.equal(args.repeat, 3);
    assert.deepEqual(args.compareArgs, ['--format', 'json']);
    assert.equal(args.out, 'results/ab-20261201T230000');
  });

  it('refuses a non-loopback endpoint for a heavy profile without ALLOW_REMOTE_LOAD=true', () => {
    const remote = [
      '--a',
      'http://127.0.0.1/v1',
      '--b',
      'https://cloud.example/v1',
      '--repeat',
      '2',
      '-e',
      'PROFILE=heavy',
    ];
    assert.throws(
      () => parseAbArgs(remote),
      (e) => e instanceof AbInputError && /--b cloud\.example is not loopback/.test(e.message),
    );
    assert.equal(parseAbArgs([...remote, '-e', 'ALLOW_REMOTE_LOAD=true']).b, 'https://cloud.example/v1');
    // smoke is not a load profile: a remote smoke run is allowed, as in the benchmark itself.
    assert.equal(parseAbArgs(remote.slice(0, 6)).repeat, 2);
  });

  it('names the bad argument', () => {
    assert.throws(
      () => parseAbArgs(['--a', 'x', '--b', 'http://127.0.0.1/v1', '--repeat', '1']),
      /--a must be an endpoint URL/,
    );
    assert.throws(
      () => parseAbArgs(['--a', 'http://127.0.0.1/v1', '--b', 'http://127.0.0.1/v1']),
      /--repeat N is required/,
    );
    assert.throws(
      () => parseAbArgs(['--a', 'http://127.0.0.1/v1', '--b', 'http://127.0.0.1/v1', '--repeat', '0']),
      /--repeat must be an integer 1-100, got 0/,
    );
  });
});
