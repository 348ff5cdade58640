import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULTS, InvalidConfigError, parseConfig, resolveFromStartFolder } from './parse.ts';

const KEY = 'standard_0123456789abcdef';
const base = { APPWRITE_PROJECT_ID: 'bench', APPWRITE_API_KEY: KEY, PWD: '/home/me/work' };

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const config = parseConfig(base);
    assert.equal(config.endpoint, DEFAULTS.APPWRITE_ENDPOINT);
    assert.equal(config.endpointHost, 'localhost/v1');
    assert.equal(config.profile, 'blog');
    assert.deepEqual(config.workloads, ['auth', 'writes', 'reads']);
    assert.equal(config.abuse, 'enabled');
    assert.equal(config.clientIps, 'per-vu');
    assert.equal(config.resultsDir, 'results');
    assert.equal(config.runId, null);
    assert.equal(config.label, null);
    assert.equal(config.serverVersion, null);
    assert.equal(config.baselinePath, null);
    assert.equal(config.targetsPath, null);
    assert.equal(config.allowRemoteLoad, false);
  });

  const accepted: Array<[Record<string, string>, (c: ReturnType<typeof parseConfig>) => unknown, unknown]> = [
    [
      { APPWRITE_ENDPOINT: 'https://cloud.example.com/v1/', PROFILE: 'smoke' },
      (c) => c.endpoint,
      'https://cloud.example.com/v1',
    ],
    [{ APPWRITE_ENDPOINT: 'http://127.0.0.1:8080/v1' }, (c) => c.endpointHost, '127.0.0.1:8080/v1'],
    [{ APPWRITE_ENDPOINT: 'http://[::1]:9/v1' }, (c) => c.endpoint, 'http://[::1]:9/v1'],
    [
      { APPWRITE_ENDPOINT: 'https://example.com/appwrite/v1', PROFILE: 'normal' },
      (c) => c.endpointHost,
      'example.com/appwrite/v1',
    ],
    [{ APPWRITE_VERSION: '1.5.0' }, (c) => c.serverVersion, '1.5.0'],
    [{ APPWRITE_VERSION: '1.9.6' }, (c) => c.serverVersion, '1.9.6'],
    [{ APPWRITE_VERSION: '1.8' }, (c) => c.serverVersion, '1.8'],
    ...(['smoke', 'normal', 'heavy', 'blog', 'stress', 'soak'] as const).map(
      (p) =>
        [{ PROFILE: p }, (c: ReturnType<typeof parseConfig>) => c.profile, p] as [
          Record<string, string>,
          (c: ReturnType<typeof parseConfig>) => unknown,
          unknown,
        ],
    ),
    [{ SCENARIOS: 'reads' }, (c) => c.workloads, ['reads']],
    [{ SCENARIOS: 'reads, auth' }, (c) => c.workloads, ['auth', 'reads']],
    [{ SCENARIOS: 'auth,writes,reads,limits' }, (c) => c.workloads, ['auth', 'writes', 'reads', 'limits']],
    [{ ABUSE: 'disabled' }, (c) => c.abuse, 'disabled'],
    [{ CLIENT_IPS: 'single' }, (c) => c.clientIps, 'single'],
    [{ BASELINE: 'results/old.json' }, (c) => c.baselinePath, '/home/me/work/results/old.json'],
    [{ BASELINE: '../base/./x.json' }, (c) => c.baselinePath, '/home/me/base/x.json'],
    [{ BASELINE: '/tmp/x.json' }, (c) => c.baselinePath, '/tmp/x.json'],
    [{ TARGETS: 'targets.json' }, (c) => c.targetsPath, '/home/me/work/targets.json'],
    [{ RESULTS_DIR: 'out/runs/' }, (c) => c.resultsDir, 'out/runs'],
    [{ RUN_ID: 'nightly-42' }, (c) => c.runId, 'nightly-42'],
    [{ LABEL: 'PR 1234 (swoole 6)' }, (c) => c.label, 'PR 1234 (swoole 6)'],
    [{ ALLOW_REMOTE_LOAD: 'true' }, (c) => c.allowRemoteLoad, true],
    [{ PROFILE: 'heavy', APPWRITE_ENDPOINT: 'http://localhost:8080/v1' }, (c) => c.profile, 'heavy'],
    [{ PROFILE: 'soak', APPWRITE_ENDPOINT: 'http://127.1.2.3/v1' }, (c) => c.profile, 'soak'],
    [{ PROFILE: 'stress', APPWRITE_ENDPOINT: 'http://api.localhost/v1' }, (c) => c.profile, 'stress'],
    [
      { PROFILE: 'heavy', APPWRITE_ENDPOINT: 'https://appwrite.example.com/v1', ALLOW_REMOTE_LOAD: 'true' },
      (c) => c.profile,
      'heavy',
    ],
    [
      { PROFILE: 'blog', APPWRITE_ENDPOINT: 'https://appwrite.example.com/v1', ALLOW_REMOTE_LOAD: 'true' },
      (c) => c.profile,
      'blog',
    ],
    [{ PROFILE: 'normal', APPWRITE_ENDPOINT: 'https://appwrite.example.com/v1' }, (c) => c.profile, 'normal'],
    [{ LABEL: '' }, (c) => c.label, null],
    [{}, (c) => c.smokeIterations, 3],
    [{ SMOKE_ITERATIONS: '40' }, (c) => c.smokeIterations, 40],
  ];
  for (const [env, pick, expected] of accepted) {
    it(`accepts ${JSON.stringify(env)}`, () => {
      assert.deepEqual(pick(parseConfig({ ...base, ...env })), expected);
    });
  }

  const refused: Array<[Record<string, string | undefined>, string, RegExp]> = [
    [{ APPWRITE_ENDPOINT: 'localhost/v1' }, 'APPWRITE_ENDPOINT', /http\(s\) URL.*got `localhost\/v1`/],
    [{ APPWRITE_ENDPOINT: 'ftp://x/v1' }, 'APPWRITE_ENDPOINT', /got `ftp:\/\/x\/v1`/],
    [{ APPWRITE_ENDPOINT: 'http://x/v1?project=a' }, 'APPWRITE_ENDPOINT', /without query/],
    [
      { APPWRITE_ENDPOINT: 'http://user:pw@x/v1' },
      'APPWRITE_ENDPOINT',
      /without user info.*got `http:\/\/…@x\/v1`/,
    ],
    [{ APPWRITE_PROJECT_ID: undefined }, 'APPWRITE_PROJECT_ID', /got nothing/],
    [{ APPWRITE_PROJECT_ID: '-bad' }, 'APPWRITE_PROJECT_ID', /got `-bad`/],
    [{ APPWRITE_PROJECT_ID: 'console' }, 'APPWRITE_PROJECT_ID', /not `console`/],
    [{ APPWRITE_PROJECT_ID: 'x'.repeat(37) }, 'APPWRITE_PROJECT_ID', /1–36/],
    [{ APPWRITE_API_KEY: undefined }, 'APPWRITE_API_KEY', /got nothing/],
    [{ APPWRITE_API_KEY: '' }, 'APPWRITE_API_KEY', /got nothing/],
    [{ APPWRITE_VERSION: '0.7.0' }, 'APPWRITE_VERSION', /1\.5 to 1\.9.*got `0\.7\.0`/],
    [{ APPWRITE_VERSION: '1.4.13' }, 'APPWRITE_VERSION', /got `1\.4\.13`/],
    [{ APPWRITE_VERSION: 'latest' }, 'APPWRITE_VERSION', /got `latest`/],
    [{ PROFILE: 'load' }, 'PROFILE', /one of smoke, normal, heavy, blog, stress, soak, got `load`/],
    [{ SCENARIOS: 'auth,login' }, 'SCENARIOS', /auth, writes, reads, limits.*got `auth,login`/],
    [{ SCENARIOS: 'reads,reads' }, 'SCENARIOS', /without repeats/],
    [{ SCENARIOS: ',' }, 'SCENARIOS', /got `,`/],
    [{ SCENARIOS: 'limits', ABUSE: 'disabled' }, 'SCENARIOS', /no `limits` when ABUSE=disabled/],
    [{ ABUSE: 'on' }, 'ABUSE', /one of enabled, disabled, got `on`/],
    [{ CLIENT_IPS: 'random' }, 'CLIENT_IPS', /one of per-vu, single, got `random`/],
    [{ ALLOW_REMOTE_LOAD: 'yes' }, 'ALLOW_REMOTE_LOAD', /one of true, false, got `yes`/],
    [
      { PROFILE: 'heavy', APPWRITE_ENDPOINT: 'https://appwrite.example.com/v1' },
      'ALLOW_REMOTE_LOAD',
      /heavy, blog, stress, soak put sustained load.*appwrite\.example\.com is not loopback/,
    ],
    [
      { PROFILE: 'blog', APPWRITE_ENDPOINT: 'https://appwrite.example.com/v1' },
      'ALLOW_REMOTE_LOAD',
      /not loopback/,
    ],
    [{ APPWRITE_ENDPOINT: 'https://appwrite.example.com/v1' }, 'ALLOW_REMOTE_LOAD', /PROFILE=blog/],
    [{ PROFILE: 'stress', APPWRITE_ENDPOINT: 'http://10.0.0.5/v1' }, 'ALLOW_REMOTE_LOAD', /not loopback/],
    [{ PROFILE: 'soak', APPWRITE_ENDPOINT: 'http://128.0.0.1/v1' }, 'ALLOW_REMOTE_LOAD', /not loopback/],
    [{ BASELINE: 'old.json', PWD: undefined }, 'BASELINE', /absolute path.*got `old\.json`.*PWD is not set/],
    [{ TARGETS: 'targets.json', PWD: undefined }, 'TARGETS', /absolute path/],
    [{ RUN_ID: 'has space' }, 'RUN_ID', /got `has space`/],
    [{ RUN_ID: 'x'.repeat(21) }, 'RUN_ID', /1–20/],
    [{ RUN_ID: '-lead' }, 'RUN_ID', /got `-lead`/],
    [{ LABEL: 'a|b' }, 'LABEL', /without `\|`/],
    [{ LABEL: 'x'.repeat(65) }, 'LABEL', /up to 64/],
    [{ LABEL: 'two\nlines' }, 'LABEL', /printable/],
    [{ RESULTS_DIR: 'a\u0000b' }, 'RESULTS_DIR', /one line/],
    [{ SMOKE_ITERATIONS: '0' }, 'SMOKE_ITERATIONS', /1 to 1000, got `0`/],
    [{ SMOKE_ITERATIONS: '1001' }, 'SMOKE_ITERATIONS', /got `1001`/],
    [{ SMOKE_ITERATIONS: '2.5' }, 'SMOKE_ITERATIONS', /whole number/],
  ];
  for (const [env, variable, message] of refused) {
    it(`refuses ${JSON.stringify(env)} naming ${variable}`, () => {
      assert.throws(
        () => parseConfig({ ...base, ...env }),
        (error: unknown) => {
          assert.ok(error instanceof InvalidConfigError);
          assert.equal(error.name, 'InvalidConfigError');
          assert.equal(error.variable, variable);
          assert.match(error.message, new RegExp(`^invalid ${variable}: expected `));
          assert.match(error.message, message);
          assert.doesNotMatch(error.message, /\n/);
          return true;
        },
      );
    });
  }

  it('never echoes the API key, even when refusing it', () => {
    const secret = 'secret with spaces 123';
    assert.throws(
      () => parseConfig({ ...base, APPWRITE_API_KEY: secret }),
      (error: unknown) => {
        assert.ok(error instanceof InvalidConfigError);
        assert.doesNotMatch(error.message, /secret with spaces/);
        assert.match(error.message, /a value of 22 characters containing whitespace/);
        return true;
      },
    );
  });
});

describe('resolveFromStartFolder', () => {
  it('keeps absolute POSIX and Windows paths', () => {
    assert.equal(resolveFromStartFolder('BASELINE', '/a/b.json', undefined), '/a/b.json');
    assert.equal(resolveFromStartFolder('BASELINE', 'C:\\runs\\b.json', undefined), 'C:\\runs\\b.json');
  });
  it('resolves relative paths against PWD and normalises dots', () => {
    assert.equal(resolveFromStartFolder('BASELINE', './a/../b.json', '/w'), '/w/b.json');
    assert.equal(resolveFromStartFolder('BASELINE', '../../../b.json', '/w'), '/b.json');
  });
});
