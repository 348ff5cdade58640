import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type BuildOptions, build } from 'esbuild';
import { checkBundle } from '../../tools/bundle-guard.ts';

// The project's own esbuild options (a .mjs without types: imported by a non-literal path on purpose).
const configPath = '../../esbuild.config.mjs';
const { options } = (await import(configPath)) as { options: BuildOptions };

/** One module bundled in memory exactly as `npm run build` bundles the entry points. */
async function bundle(entry: string, out: string): Promise<string> {
  const result = await build({
    ...options,
    entryPoints: [{ in: entry, out }],
    outdir: 'dist-test-unused',
    write: false,
    sourcemap: false,
    logLevel: 'silent',
  });
  const file = (result.outputFiles ?? []).find((f) => f.path.endsWith(`${out}.js`));
  assert.ok(file, `esbuild produced no ${out}.js`);
  return file.text;
}

describe('summary bundle', () => {
  it('bundles for k6 with the pinned k6-jslib-summary as its only import and no global k6 lacks', async () => {
    const text = await bundle('lib/summary/index.ts', 'summary');
    assert.deepEqual(checkBundle(text), []);
    assert.match(text, /from "https:\/\/jslib\.k6\.io\/k6-summary\/0\.1\.0\/index\.js"/);
    assert.match(text, /export \{[^}]*\bsummarize\b/);
  });
});

describe('thresholds bundle', () => {
  it('inlines the committed targets, so k6 needs no file at run time', async () => {
    const text = await bundle('thresholds/index.ts', 'thresholds');
    assert.deepEqual(checkBundle(text), []);
    assert.ok(!/\bimport\b[^;]*from/.test(text), 'no import at all');
    assert.match(text, /"p\(95\)": 1e3/);
  });
});
