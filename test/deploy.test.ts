// The deployment files nothing here can start (no Docker, no Kubernetes, no GitHub runner): parsed and
// checked for the properties README "Nightly" and "Distributed runs" promise.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';

type Yaml = Record<string, unknown>;
const load = (path: string): Yaml => parse(readFileSync(path, 'utf8'), { merge: true }) as Yaml;
const obj = (value: unknown, what: string): Yaml => {
  assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `${what} is not a mapping`);
  return value as Yaml;
};

describe('deploy/compose', () => {
  const base = load('deploy/compose/compose.yml');
  const services = obj(base.services, 'services');
  const override = obj(load('deploy/compose/appwrite-1.8.yml').services, '1.8 services');
  const appwriteServices = ['appwrite', 'appwrite-worker-databases', 'appwrite-worker-deletes'];

  it('pins every image by version, Appwrite to 1.9.x and, with the override, 1.8.x', () => {
    for (const [name, service] of Object.entries(services)) {
      const image = String(obj(service, name).image);
      assert.match(
        image,
        /^[a-z0-9./-]+:\d+\.\d+\.\d+(-[a-z0-9]+)?$/,
        `${name}: ${image} is not pinned to a version`,
      );
    }
    for (const name of appwriteServices) {
      assert.match(String(obj(services[name], name).image), /^appwrite\/appwrite:1\.9\.\d+$/);
      assert.match(String(obj(override[name], name).image), /^appwrite\/appwrite:1\.8\.\d+$/);
    }
    assert.deepEqual(
      Object.keys(override).sort(),
      [...appwriteServices].sort(),
      'the override changes more than images',
    );
  });

  it('runs the databases and deletes workers, with _APP_EMAIL_CERTIFICATES for deletes', () => {
    assert.equal(obj(services['appwrite-worker-databases'], 'databases').entrypoint, 'worker-databases');
    const deletes = obj(services['appwrite-worker-deletes'], 'deletes');
    assert.equal(deletes.entrypoint, 'worker-deletes');
    assert.match(String(obj(deletes.environment, 'deletes env')._APP_EMAIL_CERTIFICATES), /@/);
  });

  it('sets _APP_OPTIONS_ABUSE explicitly on every Appwrite service', () => {
    for (const name of appwriteServices) {
      const env = obj(obj(services[name], name).environment, `${name} env`);
      assert.match(
        String(env._APP_OPTIONS_ABUSE),
        /^(enabled|disabled|\$\{APPWRITE_ABUSE:-(enabled|disabled)\})$/,
      );
    }
  });

  it('publishes ports on loopback only', () => {
    let published = 0;
    for (const [name, service] of Object.entries(services)) {
      for (const port of (obj(service, name).ports as unknown[] | undefined) ?? []) {
        published++;
        assert.match(
          String(port),
          /^127\.0\.0\.1:\d+:\d+$/,
          `${name} publishes ${String(port)} beyond loopback`,
        );
      }
    }
    assert.equal(published, 1);
  });

  it('documents the commands from compose up to a finished smoke run', () => {
    const readme = readFileSync('deploy/compose/README.md', 'utf8');
    for (const step of [
      'docker compose -f deploy/compose/compose.yml up -d',
      '/v1/health/version',
      'npm run -s bootstrap',
      'PROFILE=smoke',
    ])
      assert.ok(readme.includes(step), `deploy/compose/README.md lacks ${step}`);
  });
});

interface Step {
  uses?: string;
  run?: string;
  name?: string;
  with?: Yaml;
}

function steps(workflow: Yaml): Step[] {
  return Object.values(obj(workflow.jobs, 'jobs')).flatMap((job) => (obj(job, 'job').steps as Step[]) ?? []);
}

function checkHygiene(path: string, workflow: Yaml): void {
  for (const step of steps(workflow)) {
    if (step.uses === undefined) continue;
    assert.match(
      step.uses,
      /^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/,
      `${path}: ${step.uses} is not pinned by commit`,
    );
  }
  const text = readFileSync(path, 'utf8');
  for (const line of text.split('\n').filter((l) => /uses: .+@[0-9a-f]{40}/.test(l)))
    assert.match(line, /# v\d/, `${path}: pinned action without its version tag comment: ${line.trim()}`);
  const permissions = obj(workflow.permissions, `${path} permissions`);
  assert.equal(permissions.contents, 'read');
  for (const [scope, level] of Object.entries(permissions))
    assert.ok(level === 'read' || level === 'none', `${path}: ${scope}: ${String(level)} is more than read`);
  assert.ok(workflow.concurrency, `${path} has no concurrency group`);
  assert.equal(obj(workflow.env, `${path} env`).K6_NO_USAGE_REPORT, 'true');
  for (const [name, job] of Object.entries(obj(workflow.jobs, 'jobs'))) {
    const minutes = obj(job, name)['timeout-minutes'];
    assert.ok(
      typeof minutes === 'number' && minutes > 0 && minutes <= 120,
      `${path}: job ${name} has no timeout`,
    );
  }
  // Inputs reach scripts through env, never spliced into the script text (script injection).
  for (const step of steps(workflow))
    assert.doesNotMatch(
      step.run ?? '',
      /\$\{\{\s*(inputs|github\.event)\./,
      `${path}: an input inside a run script`,
    );
}

describe('.github/workflows', () => {
  const ci = load('.github/workflows/ci.yml');
  const nightly = load('.github/workflows/nightly.yml');
  // `on` is YAML 1.1's true in some parsers; the yaml package (1.2 core schema) keeps the key `on`.
  const triggers = (w: Yaml) => obj(w.on, 'on');

  it('ci runs the README test command on pushes and pull requests', () => {
    checkHygiene('.github/workflows/ci.yml', ci);
    assert.deepEqual(Object.keys(triggers(ci)).sort(), ['pull_request', 'push']);
    const readme = readFileSync('README.md', 'utf8');
    assert.match(readme, /npm ci && npm test/);
    const runs = steps(ci).map((s) => s.run);
    assert.ok(runs.includes('npm ci') && runs.includes('npm test'), 'ci does not run npm ci && npm test');
  });

  it('nightly runs on a schedule and on demand, one at a time', () => {
    checkHygiene('.github/workflows/nightly.yml', nightly);
    assert.ok(triggers(nightly).schedule && 'workflow_dispatch' in triggers(nightly));
    const concurrency = obj(nightly.concurrency, 'concurrency');
    assert.equal(concurrency['cancel-in-progress'], false, 'a nightly run must not be cancelled by the next');
  });

  it('nightly: compose up, bounded health wait, bootstrap, build, setup-k6, smoke gate, benchmark, compare', () => {
    const list = steps(nightly);
    const at = (predicate: (s: Step) => boolean, what: string) => {
      const index = list.findIndex(predicate);
      assert.ok(index >= 0, `nightly has no step that ${what}`);
      return index;
    };
    const run = (pattern: RegExp) => (s: Step) => pattern.test(s.run ?? '');
    const order = [
      at(run(/docker compose .*up -d/), 'starts compose'),
      at(run(/health\/version/), 'waits on /v1/health/version'),
      at(run(/npm run -s bootstrap/), 'bootstraps'),
      at(run(/^npm run build$/), 'builds'),
      at((s) => (s.uses ?? '').startsWith('grafana/setup-k6-action@'), 'installs k6 with setup-k6-action'),
      at(run(/k6 run -e PROFILE=smoke/), 'runs the smoke gate'),
      at(run(/gh run download/), 'fetches the previous record'),
      at(run(/k6 run -e PROFILE="\$PROFILE"/), 'runs the benchmark profile'),
      at(run(/npm run -s compare -- .*--markdown/), 'compares'),
    ];
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
      'the steps are out of order',
    );
    const wait = list.find(run(/health\/version/))?.run ?? '';
    assert.match(wait, /--retry \d+/, 'the health wait is not bounded');
    assert.doesNotMatch(list.map((s) => s.run ?? '').join('\n'), /^\s*sleep \d+/m, 'a fixed sleep');
    const compare = list.find(run(/npm run -s compare/))?.run ?? '';
    assert.match(compare, /GITHUB_STEP_SUMMARY/);
    assert.match(compare, /exit "\$code"/, 'compare exit 1 does not fail the job');
    const uploads = list.filter((s) => (s.uses ?? '').startsWith('actions/upload-artifact@'));
    assert.ok(
      uploads.some((s) => String(s.with?.name) === 'nightly-record'),
      'no record artifact for the next night',
    );
    assert.ok(
      uploads.some((s) => /results\//.test(String(s.with?.path))),
      'reports are not published',
    );
  });

  it('nightly never prints or stores the API key', () => {
    const text = readFileSync('.github/workflows/nightly.yml', 'utf8');
    assert.match(text, /::add-mask::\$key/);
    assert.match(text, /--env-file "\$RUNNER_TEMP\//);
    assert.doesNotMatch(text, /echo "?\$\{?APPWRITE_API_KEY/);
  });
});

describe('deploy/k6-operator', () => {
  const testRun = load('deploy/k6-operator/testrun.yaml');
  const spec = obj(testRun.spec, 'spec');

  it('is a k6.io/v1alpha1 TestRun with parallelism and the bundle from a ConfigMap', () => {
    assert.equal(testRun.apiVersion, 'k6.io/v1alpha1');
    assert.equal(testRun.kind, 'TestRun');
    assert.ok(Number.isInteger(spec.parallelism) && (spec.parallelism as number) > 1);
    const configMap = obj(obj(spec.script, 'script').configMap, 'configMap');
    assert.equal(configMap.file, 'appwrite.js');
    const readme = readFileSync('deploy/k6-operator/README.md', 'utf8');
    assert.ok(
      readme.includes(
        `kubectl create configmap ${String(configMap.name)} --from-file=appwrite.js=dist/appwrite.js`,
      ),
      'the README does not create the ConfigMap the TestRun names',
    );
  });

  it('shares one RUN_ID and a --tag across runners, and takes the variables from a Secret', () => {
    const args = String(spec.arguments);
    const runId = /-e RUN_ID=([\w-]+)/.exec(args)?.[1];
    assert.ok(runId, 'no RUN_ID in arguments');
    assert.match(runId, /^[a-zA-Z0-9_-]{1,20}$/, 'RUN_ID outside what the suite accepts');
    assert.ok(args.includes(`--tag testid=${runId}`), 'the run is not tagged with its RUN_ID');
    const runner = obj(spec.runner, 'runner');
    const envFrom = runner.envFrom as Array<{ secretRef?: { name?: string } }>;
    const secret = envFrom.find((e) => e.secretRef)?.secretRef?.name;
    assert.ok(secret, 'no Secret in runner.envFrom');
    const env = runner.env as Array<{ name: string; value?: string }>;
    assert.equal(env.find((e) => e.name === 'K6_NO_USAGE_REPORT')?.value, 'true');
    assert.doesNotMatch(
      JSON.stringify(testRun),
      /APPWRITE_API_KEY=|standard_[0-9a-f]{16}/,
      'a key in the manifest',
    );
    assert.match(String(runner.image), /^grafana\/k6:\d+\.\d+\.\d+$/);
    const readme = readFileSync('deploy/k6-operator/README.md', 'utf8');
    assert.ok(
      readme.includes(`kubectl create secret generic ${secret}`),
      'the README does not create the Secret',
    );
  });
});
