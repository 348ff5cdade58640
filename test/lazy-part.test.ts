import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { describe, it } from 'node:test';
import { parse } from 'acorn';
import { type BuildOptions, build } from 'esbuild';

// The .mjs build files have no types: imported by a non-literal path on purpose (as lib/summary/bundle.test.ts).
const paths = { config: '../esbuild.config.mjs', lazy: '../tools/lazy-part.mjs' };
const { options } = (await import(paths.config)) as { options: BuildOptions };
const lazy = (await import(paths.lazy)) as {
  decodeMappings: (mappings: string) => number[][][];
  encodeMappings: (lines: number[][][]) => string;
  wrapLazy: (code: string, map: string, exports: string[], what: string) => string;
};

async function bundleApp(): Promise<{ code: string; map: string }> {
  const result = await build({ ...options, write: false, outdir: 'dist-test-unused', sourcemap: 'external' });
  const file = (end: string) => (result.outputFiles ?? []).find((f) => f.path.endsWith(end))?.text;
  const [code, map] = [file('appwrite.js'), file('appwrite.js.map')];
  assert.ok(code && map, 'esbuild produced no appwrite.js with its map');
  return { code, map };
}

/** Names of the functions lib/report/ declares at its modules' top level. */
function reportFunctions(): string[] {
  return readdirSync('lib/report')
    .filter((f) => f.endsWith('.ts') && !f.includes('.test.') && !f.includes('.fixture.'))
    .flatMap((f) => [...readFileSync(`lib/report/${f}`, 'utf8').matchAll(/^export function (\w+)/gm)])
    .map((m) => m[1] as string);
}

describe('the report code in the bundle', () => {
  it('is not instantiated at init: none of its functions is declared at the top level of the bundle', async () => {
    const { code } = await bundleApp();
    const program = parse(code, { ecmaVersion: 'latest', sourceType: 'module' });
    const topLevel = new Set(
      program.body.flatMap((node) =>
        node.type === 'FunctionDeclaration' && node.id ? [node.id.name.replace(/\d+$/, '')] : [],
      ),
    );
    const names = reportFunctions();
    assert.ok(
      names.includes('renderHtml') && names.length > 10,
      `expected lib/report's functions, got ${names}`,
    );
    assert.deepEqual(
      names.filter((name) => topLevel.has(name)),
      [],
    );
    // ...but they are in the bundle, inside the one function handleSummary's first call runs.
    for (const name of names.filter((n) => code.includes(`function ${n}(`)))
      assert.ok(code.indexOf(`function ${name}(`) > code.indexOf('function instantiate()'), name);
    assert.ok(topLevel.has('composeSummary') && topLevel.has('instantiate'));
  });

  it("keeps pointing stack traces at the TypeScript: the map chains the lazy part's own map", async () => {
    const { code, map } = await bundleApp();
    const lines = code.split('\n');
    const sourceMap = new SourceMap(JSON.parse(map));
    const at = (text: string) => {
      const line = lines.findIndex((l) => l.includes(text));
      assert.ok(line >= 0, `no line with ${text}`);
      const entry = sourceMap.findEntry(line, lines[line]?.indexOf(text) ?? 0) as {
        originalSource?: string;
        originalLine?: number;
      };
      const source = new URL(entry.originalSource ?? '', `file://${process.cwd()}/dist/`);
      return readFileSync(source, 'utf8').split('\n')[entry.originalLine ?? -1] ?? '';
    };
    assert.match(at('function renderHtml('), /export function renderHtml\(/);
    assert.match(at('"rendering the comparison table"'), /'rendering the comparison table'/);
    assert.match(at('function runReads('), /export function runReads\(/);
  });

  it('refuses, in one line, a lib/report/ module imported from outside the lazy part', async () => {
    await assert.rejects(
      build({
        ...options,
        write: false,
        outdir: 'dist-test-unused',
        entryPoints: [{ in: 'lib/scenarios/reads.ts', out: 'reads' }],
        plugins: [
          ...(options.plugins ?? []),
          {
            name: 'eager-report-import',
            setup(b) {
              b.onLoad({ filter: /lib[\\/]scenarios[\\/]reads\.ts$/ }, () => ({
                contents: "export { renderHtml } from '../report/render-html.ts';",
                loader: 'ts',
              }));
            },
          },
        ],
      }),
      (error: { errors?: Array<{ text: string }> }) => {
        assert.match(
          error.errors?.[0]?.text ?? '',
          /^imports \.\.\/report\/render-html\.ts: lib\/report\/ is reached only through lib\/summary\/compose\.ts/,
        );
        return true;
      },
    );
  });
});

describe('tools/lazy-part.mjs', () => {
  it('decodes and re-encodes source map mappings unchanged', () => {
    const mappings = 'AAAA,SAAS,CAAC;;AACA,gBAAgB;AAChB,EAAE,CAAC,IAAI';
    const decoded = lazy.decodeMappings(mappings);
    assert.deepEqual(decoded[0], [
      [0, 0, 0, 0],
      [9, 0, 0, 9],
      [10, 0, 0, 10],
    ]);
    assert.deepEqual(decoded[1], []);
    assert.equal(lazy.encodeMappings(decoded), mappings);
  });

  it('moves the imports out, the rest into instantiate(), and forwards the named exports', () => {
    const code = [
      '// a.ts',
      'import {',
      '  x',
      '} from "/abs/x.ts";',
      'var TABLE = [x];',
      'function f(n) {',
      '  return TABLE[n];',
      '}',
      'export {',
      '  f',
      '};',
      '',
    ].join('\n');
    const map = JSON.stringify({
      version: 3,
      sources: ['a.ts'],
      mappings: 'AAAA;AACA;;;AACA;AACA;AACA;AACA',
    });
    const out = lazy.wrapLazy(code, map, ['f'], 'a.ts');
    const text = out.slice(0, out.indexOf('//# sourceMappingURL='));
    assert.equal(
      text,
      [
        'import {',
        '  x',
        '} from "/abs/x.ts";',
        'let lazyModule = null;',
        'function instantiate() {',
        '// a.ts',
        'var TABLE = [x];',
        'function f(n) {',
        '  return TABLE[n];',
        '}',
        '  return { f };',
        '}',
        'export function f(...args) {',
        '  if (lazyModule === null) lazyModule = instantiate();',
        '  return lazyModule.f(...args);',
        '}',
        '',
      ].join('\n'),
    );
    const inline = JSON.parse(Buffer.from(out.split('base64,')[1] ?? '', 'base64').toString('utf8'));
    // Each line keeps its own segments: `var TABLE` (line 5 of the inner bundle, mapped to original line
    // index 2) is line 7 now; the inserted lines map nowhere.
    const moved = lazy.decodeMappings(inline.mappings);
    assert.deepEqual(moved[6], lazy.decodeMappings(JSON.parse(map).mappings)[4]);
    assert.deepEqual(moved[6], [[0, 0, 2, 0]]);
    assert.deepEqual([moved[3], moved[4]], [[], []]);
    assert.throws(() => lazy.wrapLazy(code, map, ['g'], 'a.ts'), /a\.ts: expected exports g, missing g/);
    assert.throws(
      () => lazy.wrapLazy('var a = 1;\n', map, ['f'], 'a.ts'),
      /a\.ts: expected esbuild's bundle to end with one export/,
    );
  });
});
