// Every k6 process the project starts runs with its usage report off (README, "No phone-home"): a
// source file that starts processes and may name k6 must build their environment with k6Environment.
// (Found missing once: bench:cost and the conformance probe started `k6 version` with the bare env.)
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = new URL('..', import.meta.url).pathname;
const SKIP = new Set(['node_modules', 'dist', 'results', '.git']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|mjs)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Starts a process whose command could be k6: the literal, K6_BIN, or a runner chosen at run time. */
const STARTS_K6 = /spawn(Sync)?\(\s*('k6'|runner\.command|command|path)\s*,/;

describe('no phone-home', () => {
  it('every file that may start k6 gives it k6Environment', () => {
    const starters = sources(ROOT).filter((file) => STARTS_K6.test(readFileSync(file, 'utf8')));
    assert.ok(
      starters.length >= 4,
      `only ${starters.length} files start k6: the pattern no longer finds them`,
    );
    for (const file of starters)
      assert.ok(
        /k6Environment\(/.test(readFileSync(file, 'utf8')),
        `${file} starts k6 without k6Environment`,
      );
  });
});
