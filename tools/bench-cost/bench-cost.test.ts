import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { state } from './fake-k6/state.ts';
import { ScriptLoader, withFakeK6, withoutSourceMapUrl } from './load.ts';
import { heapParts, installEnv, setupJson, WORKLOADS } from './measure.ts';
import { VARIANT_PATHS } from './variants.ts';

describe('bench:cost', () => {
  it('points k6 imports at the fakes and refuses any other package', () => {
    const out = withFakeK6(
      'import http from "k6/http";\nimport { check } from \'k6\';\nconst s = "from x";\n',
      'a.js',
    );
    assert.match(out, /from "file:.*fake-k6\/http\.ts"/);
    assert.match(out, /from "file:.*fake-k6\/k6\.ts"/);
    assert.match(out, /const s = "from x";/);
    assert.throws(() => withFakeK6('import fs from "node:fs";', 'b.js'), /b\.js: imports node:fs/);
  });

  it("drops the script's sourceMappingURL line (Node's per-instance source-map entry is no VU's cost)", () => {
    const script = 'export const a = "//# sourceMappingURL=x";\n//# sourceMappingURL=appwrite.js.map\n';
    assert.equal(withoutSourceMapUrl(script), 'export const a = "//# sourceMappingURL=x";\n');
    assert.equal(withoutSourceMapUrl('export const b = 1;\n'), 'export const b = 1;\n');
  });

  it('sorts heap snapshot nodes into script text, compiled code, function objects, strings and objects', () => {
    // Node fields as V8 writes them, with one extra field each, as V8's own snapshots have several.
    const snapshot = {
      snapshot: {
        meta: {
          node_fields: ['type', 'name', 'self_size'],
          node_types: [['hidden', 'array', 'string', 'object', 'code', 'closure', 'concatenated string']],
        },
      },
      nodes: [2, 0, 130_000, 2, 0, 40, 6, 0, 32, 4, 0, 900, 4, 0, 100, 5, 0, 64, 3, 0, 56, 1, 0, 16],
    };
    assert.deepEqual(heapParts(snapshot, 128_000), {
      'script text': 130_000,
      'compiled code': 1000,
      'function objects': 64,
      'other strings': 72,
      'objects and arrays': 72,
    });
  });

  it('the plain variant sends the same named requests and makes the same checks as the suite', async () => {
    installEnv();
    const seenBy = async (path: string) => {
      const module = await new ScriptLoader(path).instance();
      const data = JSON.parse(setupJson(3));
      const seen = new Set<string>();
      state.seen = seen;
      state.failedChecks = 0;
      try {
        for (const workload of WORKLOADS) {
          state.iteration++;
          (module[workload] as (d: unknown) => void)(data);
        }
      } finally {
        state.seen = null;
      }
      assert.equal(state.failedChecks, 0, `${path}: a check failed against the canned answers`);
      return [...seen].sort();
    };
    const suite = await seenBy(VARIANT_PATHS.suite);
    assert.ok(suite.length >= 15, `expected the suite's checks and requests, saw ${suite.join('; ')}`);
    assert.deepEqual(await seenBy(VARIANT_PATHS.plain), suite);
  });

  it('runs end to end on a tiny iteration count under --jitless', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--jitless',
        '--expose-gc',
        '--import',
        'tsx',
        'tools/bench-cost/cli.ts',
        '--iterations',
        '3',
        '--rounds',
        '1',
        '--vus',
        '2',
      ],
      { encoding: 'utf8' },
    );
    assert.equal(run.status, 0, run.stderr);
    for (const row of ['reads', 'writes', 'auth', 'minimal', 'plain', 'suite'])
      assert.match(run.stdout, new RegExp(`\\n${row} `));
    assert.match(run.stdout, /--jitless/);
  });
});
