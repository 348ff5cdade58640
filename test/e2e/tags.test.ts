// Every request's tags stay low-cardinality: a smoke run of the real bundle in the sandbox, with
// `http.request` wrapped to log the tags each request is sent with, must show no id in any tag value.
// (Dashboards make one time series per tag combination: an id in a tag is one series per request;
// k6.md §12.)
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUNDLE, runK6, withEmulator } from './harness.ts';

// Loaded before the bundle's code runs any request: the wrapper patches the shared k6/http module object.
const WRAPPER = `import http from 'k6/http';
const original = http.request;
http.request = function (method, url, body, params) {
  console.log('TAGS ' + JSON.stringify({ url: url, tags: (params && params.tags) || null }));
  return original.call(http, method, url, body, params);
};
export * from ${JSON.stringify(BUNDLE)};
`;

// The fixed words of the routes the suite calls (lib/api; README, Scenarios).
const API_WORDS = new Set([
  'account',
  'sessions',
  'email',
  'current',
  'users',
  'health',
  'version',
  'tablesdb',
  'tables',
  'rows',
  'columns',
  'databases',
  'collections',
  'documents',
  'attributes',
  'string',
  'integer',
  'boolean',
]);

describe('request tags', () => {
  it('name every request by its route template and never carry an id', async () => {
    await withEmulator({}, async (emulator) => {
      const dir = mkdtempSync(join(tmpdir(), 'bench-tags-'));
      try {
        writeFileSync(join(dir, 'wrap.js'), WRAPPER);
        const run = await runK6({
          script: join(dir, 'wrap.js'),
          cwd: dir,
          timeoutMs: 120_000,
          env: {
            APPWRITE_ENDPOINT: emulator.url,
            APPWRITE_PROJECT_ID: emulator.projectId,
            APPWRITE_API_KEY: emulator.apiKey,
            PROFILE: 'smoke',
            RESULTS_DIR: '.',
            RUN_ID: 'tagcheck-run',
            SCENARIOS: 'auth,writes,reads,limits',
          },
        });
        assert.equal(run.exitCode, 0, `exit ${run.exitCode}\n${run.stdout}\n${run.stderr}`);
        const sent = [...`${run.stdout}\n${run.stderr}`.matchAll(/msg="TAGS (.*?)" source=console/g)].map(
          (m) =>
            JSON.parse((m[1] ?? '').replace(/\\"/g, '"')) as {
              url: string;
              tags: Record<string, string> | null;
            },
        );
        assert.ok(sent.length > 50, `only ${sent.length} requests seen`);
        const ids = new Set<string>();
        for (const { url } of sent) {
          // Every path segment after /v1 that is not a fixed word of the API is an id. (A digit-or-length
          // guess missed ids whose random suffix happened to have no digit, and the check then had too few.)
          for (const part of new URL(url).pathname.split('/').slice(2))
            if (part !== '' && !API_WORDS.has(part)) ids.add(decodeURIComponent(part));
        }
        assert.ok(ids.size > 3, 'the run used no ids, so the check below would prove nothing');
        const names = new Set<string>();
        for (const { url, tags } of sent) {
          assert.ok(tags?.name, `${url} was sent without a name tag`);
          for (const [key, value] of Object.entries(tags)) {
            assert.doesNotMatch(
              value,
              /tagcheck-run|@/,
              `tag ${key}=${value} carries the run id or an e-mail`,
            );
            for (const id of ids) assert.ok(!value.includes(id), `tag ${key}=${value} carries the id ${id}`);
          }
          names.add(tags.name);
        }
        // A handful of route templates, however many requests: low cardinality by construction.
        assert.ok(names.size <= 30, `${names.size} distinct name tags: ${[...names].join(', ')}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
