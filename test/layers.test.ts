// The architecture's import rules, checked on the source (docs/architecture.md):
// - the pure core (result record, comparison, renderers, thresholds, the contract) imports neither k6,
//   nor Node, nor any module outside the pure core, so k6 and Node run the same code;
// - code that runs inside k6 (scripts/, lib/, thresholds/) imports no Node module and no Node program;
// - scripts/ holds entry points only: a few lines that re-export from lib/.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, it } from 'node:test';

const PURE = ['lib/report/', 'lib/stats/', 'lib/contract/', 'thresholds/', 'lib/summary/compose.ts'];
const K6_SIDE = ['scripts/', 'lib/', 'thresholds/'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.ts$/.test(entry.name) &&
      !/\.(test|fixture)\.ts$/.test(entry.name) &&
      !entry.name.endsWith('.d.ts')
      ? [path]
      : [];
  });
}

/** Module specifiers of every static import/export-from and dynamic import in a file. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/g)].map(
    (m) => m[1],
  );
  const bare = [...text.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
  const dynamic = [...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]);
  return [...found, ...bare, ...dynamic].filter((s): s is string => s !== undefined);
}

const resolveLocal = (file: string, specifier: string) => normalize(join(dirname(file), specifier));
const isPure = (path: string) => PURE.some((prefix) => path.startsWith(prefix));
const all = K6_SIDE.flatMap((dir) => sources(dir));

describe('layers', () => {
  it('finds the files it checks', () => {
    assert.ok(all.filter(isPure).length >= 10, 'expected the pure core to have at least 10 modules');
  });

  it('keeps the pure core free of k6, Node and everything outside it', () => {
    const offences = all.filter(isPure).flatMap((file) =>
      importsOf(file)
        .filter((s) => !(s.startsWith('.') && (isPure(resolveLocal(file, s)) || s.endsWith('.json'))))
        .map((s) => `${file} imports ${s}`),
    );
    assert.deepEqual(offences, []);
  });

  it('keeps Node out of code that runs inside k6', () => {
    const offences = all.flatMap((file) =>
      importsOf(file)
        .filter((s) => {
          if (s === 'k6' || s.startsWith('k6/') || s.startsWith('https://jslib.k6.io/')) return false;
          if (!s.startsWith('.')) return true; // a Node builtin or an npm package
          const target = resolveLocal(file, s);
          return !K6_SIDE.some((dir) => target.startsWith(dir));
        })
        .map((s) => `${file} imports ${s}`),
    );
    assert.deepEqual(offences, []);
  });

  it('keeps k6 entry points tiny: re-exports from lib/ only', () => {
    for (const file of sources('scripts')) {
      const code = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => !line.trim().startsWith('//'))
        .join('\n')
        .trim();
      const reexports = /^(export\s*(\{[^}]*\}|\*)\s*from\s*'\.\.\/lib\/[^']+';\s*)+$/;
      assert.match(code, reexports, `${file} does more than re-export from lib/`);
    }
  });

  it('detects a forbidden import (the checker itself can fail)', () => {
    assert.deepEqual(importsOf('test/fixtures/bad-bundles/node-import.js'), ['node:fs', 'k6/http']);
  });
});
