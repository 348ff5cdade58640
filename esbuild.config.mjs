// Bundles every k6 entry point in scripts/ into dist/<name>.js.
// One options object, one reason per option: see ../shared/reference/k6.md §5–7 for the k6 facts.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { lazyPart } from './tools/lazy-part.mjs';

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
  // ASCII output: one non-Latin-1 character (a `−` in a comment) makes V8, and Sobek likewise, hold the whole
  // script as two-byte text, which doubled the bundle's share of every VU's heap (docs/cost.md).
  charset: 'ascii',
  // esbuild's own multi-line report is replaced by one line per problem below.
  logLevel: 'silent',
  // The report code runs only in handleSummary: bundled so that only the VU that summarises instantiates it
  // (tools/lazy-part.mjs; docs/cost.md has what it saves each VU).
  plugins: [lazyPart({ entry: 'lib/summary/compose.ts', within: 'lib/report', exports: ['composeSummary'] })],
};

/**
 * esbuild escapes non-ASCII code and strings (`charset: 'ascii'`) but copies the comments it keeps as they
 * are; `\uXXXX` in their place keeps the file ASCII and changes no code.
 */
export function asciiOnly(text) {
  return text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `file:line:column: text` for an esbuild message, so a failed build says where in one line. */
function describe(message) {
  const where = message.location
    ? `${message.location.file}:${message.location.line}:${message.location.column}: `
    : '';
  return `${where}${message.text}`;
}

// Run only when invoked as a script, so tests can import `options` without building.
if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const result = await build(options);
    for (const warning of result.warnings) console.error(`build warning: ${describe(warning)}`);
    for (const entry of entryPoints) {
      const file = join('dist', `${entry.out}.js`);
      writeFileSync(file, asciiOnly(readFileSync(file, 'utf8')));
    }
    console.log(`built ${entryPoints.map((e) => `dist/${e.out}.js`).join(', ')}`);
  } catch (error) {
    // esbuild rejects with { errors: Message[] }; anything else (e.g. no scripts/ folder) is reported as is.
    const errors = error && Array.isArray(error.errors) && error.errors.length > 0 ? error.errors : null;
    const first = errors
      ? describe(errors[0])
      : String(error instanceof Error ? error.message : error).split('\n')[0];
    const more = errors && errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    console.error(`build failed: ${first}${more}`);
    process.exit(1);
  }
}
