import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkBundle, describeViolation } from '../tools/bundle-guard.ts';

const badDir = join('test', 'fixtures', 'bad-bundles');
const names = (source: string) => checkBundle(source).map((v) => `${v.kind}:${v.name}`);

describe('bundle guard', () => {
  it('accepts every built bundle in dist/', () => {
    const bundles = readdirSync('dist').filter((file) => file.endsWith('.js'));
    assert.ok(bundles.length > 0, 'dist/ holds no bundle: run `npm run build` first');
    for (const file of bundles) {
      const violations = checkBundle(readFileSync(join('dist', file), 'utf8'));
      assert.deepEqual(
        violations.map((v) => describeViolation(file, v)),
        [],
      );
    }
  });

  it('rejects a bundle that imports a Node module', () => {
    assert.deepEqual(names(readFileSync(join(badDir, 'node-import.js'), 'utf8')), ['import:node:fs']);
  });

  it('rejects a bundle that uses Node or browser globals k6 lacks', () => {
    assert.deepEqual(names(readFileSync(join(badDir, 'node-globals.js'), 'utf8')).sort(), [
      'global:Buffer',
      'global:fetch',
      'global:process',
      'global:setImmediate',
      'global:structuredClone',
    ]);
  });

  it('rejects unpinned remote modules and dynamic import()', () => {
    assert.deepEqual(names(readFileSync(join(badDir, 'unpinned-remote.js'), 'utf8')), [
      'import:https://jslib.k6.io/k6-summary/0.0.2/index.js',
      'import:import()',
    ]);
  });

  it('accepts k6 modules, the pinned summary jslib and k6 globals', () => {
    const source = [
      "import http from 'k6/http';",
      "import { textSummary } from 'https://jslib.k6.io/k6-summary/0.1.0/index.js';",
      'const data = open("./x.json");',
      'export default function () { http.get(__ENV.URL + __VU + __ITER + crypto.randomUUID()); console.log(textSummary, data, JSON, Math.max(1)); }',
    ].join('\n');
    assert.deepEqual(names(source), []);
  });

  it('names the file, line and rule in its message', () => {
    const [violation] = checkBundle('const x = 1;\nprocess.exit(x);\n');
    assert.ok(violation);
    assert.equal(
      describeViolation('dist/x.js', violation),
      'dist/x.js:2 uses the global process, which k6 does not provide',
    );
  });
});
