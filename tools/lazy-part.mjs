// An esbuild plugin that bundles one part of a k6 script so that a VU instantiates it only when it first
// calls into it. k6 compiles the script once and shares the compiled code between VUs, but every VU
// instantiates the modules: a function object for each declaration and every table built at the top level
// (k6 js/bundle.go `instantiate` makes a ModuleSystem per VU over the one ModuleResolver of compiled
// modules, js/modules/resolution.go). Code that runs once per test (handleSummary's report) need not cost
// every VU that. The part is built on its own by esbuild and wrapped in one function that the first call to
// one of its exports runs; the modules it imports from outside the part stay in the main bundle (imported
// once, shared). Its source map is carried along, so stack traces still point at the TypeScript.
import { dirname, join, sep } from 'node:path';
import { build } from 'esbuild';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Source map `mappings` as lines of segments with absolute fields (the format stores deltas). */
export function decodeMappings(mappings) {
  const state = [0, 0, 0, 0, 0];
  return mappings.split(';').map((line) => {
    state[0] = 0;
    return line === ''
      ? []
      : line.split(',').map((segment) => {
          const fields = [];
          let value = 0;
          let shift = 0;
          for (const char of segment) {
            const digit = BASE64.indexOf(char);
            value += (digit & 31) << shift;
            if (digit & 32) shift += 5;
            else {
              fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
              value = 0;
              shift = 0;
            }
          }
          return fields.map((delta, i) => {
            state[i] += delta;
            return state[i];
          });
        });
  });
}

/** The inverse of decodeMappings. */
export function encodeMappings(lines) {
  const state = [0, 0, 0, 0, 0];
  const vlq = (n) => {
    let value = n < 0 ? (-n << 1) | 1 : n << 1;
    let out = '';
    do {
      const digit = value & 31;
      value >>>= 5;
      out += BASE64[value > 0 ? digit | 32 : digit];
    } while (value > 0);
    return out;
  };
  return lines
    .map((segments) => {
      state[0] = 0;
      return segments
        .map((fields) =>
          fields
            .map((field, i) => {
              const delta = field - state[i];
              state[i] = field;
              return vlq(delta);
            })
            .join(''),
        )
        .join(',');
    })
    .join(';');
}

/**
 * The part's bundle as an ES module: its imports (of modules outside the part) at the top level, everything
 * else inside `instantiate()`, the listed exports forwarded. The source map's lines move with the code and
 * go along inline, which esbuild chains into the main bundle's map.
 */
export function wrapLazy(code, map, exportNames, what) {
  const lines = code.replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n').split('\n');
  const mapped = decodeMappings(JSON.parse(map).mappings);
  const imports = [];
  const body = [];
  // esbuild prints top-level statements from column 0; an import spans lines up to the one ending in `;`.
  for (let i = 0; i < lines.length; i++) {
    const target = lines[i].startsWith('import ') ? imports : body;
    target.push(i);
    while (target === imports && !lines[i].endsWith(';') && i + 1 < lines.length) imports.push(++i);
  }
  while (body.length > 0 && lines[body[body.length - 1]] === '') body.pop();
  const exportAt = body.findLastIndex((i) => lines[i].startsWith('export {'));
  const exportText = body
    .slice(Math.max(exportAt, 0))
    .map((i) => lines[i])
    .join('\n');
  const exported = /^export \{([^}]*)\};$/.exec(exportText);
  if (exportAt < 0 || !exported) {
    throw new Error(
      `${what}: expected esbuild's bundle to end with one export { ... }, got ${exportText.slice(0, 80)}`,
    );
  }
  const names = exported[1].split(',').map((name) => name.trim());
  const missing = exportNames.filter((name) => !names.includes(name));
  if (missing.length > 0) {
    throw new Error(`${what}: expected exports ${exportNames.join(', ')}, missing ${missing.join(', ')}`);
  }
  const header = ['let lazyModule = null;', 'function instantiate() {'];
  const footer = [
    `  return { ${names.join(', ')} };`,
    '}',
    ...exportNames.flatMap((name) => [
      `export function ${name}(...args) {`,
      '  if (lazyModule === null) lazyModule = instantiate();',
      `  return lazyModule.${name}(...args);`,
      '}',
    ]),
  ];
  const inside = body.slice(0, exportAt);
  const text = [...imports.map((i) => lines[i]), ...header, ...inside.map((i) => lines[i]), ...footer];
  const mappings = [
    ...imports.map((i) => mapped[i] ?? []),
    ...header.map(() => []),
    ...inside.map((i) => mapped[i] ?? []),
  ];
  const chained = { ...JSON.parse(map), mappings: encodeMappings(mappings) };
  const inline = Buffer.from(JSON.stringify(chained)).toString('base64');
  return `${text.join('\n')}\n//# sourceMappingURL=data:application/json;base64,${inline}\n`;
}

/**
 * The plugin: `entry` (a path from the project root, where the build runs) and the modules under `within`
 * form the part; `exports` are the entry's exports the rest of the bundle calls (functions only, since each
 * becomes a forwarding function). A module under `within` imported from outside the part is refused: it
 * would be bundled a second time and instantiated by every VU after all.
 *
 * @param {{ entry: string, within: string, exports: string[] }} part
 * @returns {import('esbuild').Plugin}
 */
export function lazyPart({ entry, within, exports }) {
  return {
    name: 'lazy-part',
    setup(outer) {
      const entryPath = join(process.cwd(), entry);
      const partDir = join(process.cwd(), within) + sep;
      const inPart = (path) => path === entryPath || path.startsWith(partDir);
      outer.onResolve({ filter: /^\./ }, (ref) => {
        const path = join(ref.resolveDir, ref.path);
        if (!path.startsWith(partDir) || inPart(ref.importer)) return undefined;
        const why = `${within}/ is reached only through ${entry}, which is instantiated lazily (tools/lazy-part.mjs)`;
        return { errors: [{ text: `imports ${ref.path}: ${why}` }] };
      });
      outer.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path !== entryPath) return undefined;
        const boundary = {
          name: 'lazy-part-boundary',
          setup(inner) {
            inner.onResolve({ filter: /^\./ }, (ref) => {
              const path = join(ref.resolveDir, ref.path);
              return inPart(path) ? undefined : { path, external: true };
            });
          },
        };
        const result = await build({
          ...outer.initialOptions,
          entryPoints: [entryPath],
          // The inner map's sources are relative to outdir; esbuild reads them relative to the entry.
          outdir: dirname(entryPath),
          write: false,
          sourcemap: 'external',
          metafile: false,
          plugins: [boundary],
        });
        const code = result.outputFiles.find((file) => file.path.endsWith('.js'));
        const map = result.outputFiles.find((file) => file.path.endsWith('.js.map'));
        if (!code || !map) throw new Error(`${entry}: esbuild produced no bundle`);
        return {
          contents: wrapLazy(code.text, map.text, exports, entry),
          loader: 'js',
          resolveDir: dirname(entryPath),
        };
      });
    },
  };
}
