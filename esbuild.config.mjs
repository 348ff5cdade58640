// Bundles every k6 entry point in scripts/ into dist/<name>.js.
// One options object, one reason per option: see ../shared/reference/k6.md §5–7 for the k6 facts.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';

const entryPoints = readdirSync('scripts')
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => ({ in: join('scripts', file), out: basename(file, '.ts') }));

/** @type {import('esbuild').BuildOptions} */
export const options = {
  entryPoints,
  outdir: 'dist',
  // Each entry becomes one self-contained file: k6 loads a single script (no splitting, no node_modules).
  bundle: true,
  splitting: false,
  // k6 runs native ES modules (Sobek, since k6 v0.53); ESM also keeps the entry's named exports,
  // which scenario `exec` names and handleSummary need.
  format: 'esm',
  // Neither Node nor a browser: 'neutral' adds no Node shims and assumes no DOM globals.
  platform: 'neutral',
  mainFields: ['module', 'main'],
  // Sobek supports ES2022 but not async iteration (for await, async generators): lower just those.
  target: 'es2022',
  supported: { 'async-generator': false, 'for-await': false },
  // k6 provides these at run time; a package name also covers its subpaths (k6/http, k6/execution, ...).
  // https:// imports (the pinned k6-jslib-summary) are left external by esbuild on its own.
  external: ['k6'],
  // Readable output with a source map, so k6 stack traces point at the TypeScript source.
  minify: false,
  sourcemap: true,
  legalComments: 'inline',
  logLevel: 'warning',
};

// Run only when invoked as a script, so tests can import `options` without building.
if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const result = await build(options);
    if (result.errors.length > 0) throw new Error(`${result.errors.length} error(s)`);
    console.log(`built ${entryPoints.map((e) => `dist/${e.out}.js`).join(', ')}`);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    console.error(`build failed: ${message}`);
    process.exit(1);
  }
}
