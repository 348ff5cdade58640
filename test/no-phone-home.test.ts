// Every k6 process the project starts runs with its usage report off (README, "No phone-home"): each call
// that starts a process whose command may be k6 builds that process's environment with k6Environment,
// in the call itself, so no caller of a helper that starts k6 can forget it.
// (Found missing twice: bench:cost and the conformance probe started `k6 version` with the bare env; and
// bench:cost's k6 run took an env its caller had to prepare, which this guard's pattern did not see.)
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
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

/**
 * A call that starts a process whose command is not fixed: the literal 'k6', or any name or property
 * (`command`, `path`, `k6.path`, `runner.command`, …). Node itself (`process.execPath`), `fork` of a
 * module and literal commands other than k6 (`'getconf'`, `'sh'`) are not k6.
 */
const STARTS =
  /\bspawn(?:Sync)?\(\s*(?!process\.execPath\b)('k6'|[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*,/g;

/** The whole call starting at `open` (the index of its `(`), by matching parentheses. */
function callText(source: string, open: number): string {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === '(') depth++;
    else if (source[i] === ')' && --depth === 0) return source.slice(open, i + 1);
  }
  return source.slice(open);
}

/**
 * Calls whose environment is built by a named function of the same file with k6Environment, and checked
 * there by that function's own test (sandbox/index.ts runSpec: "a real k6 gets … the usage report off").
 */
const ENV_BUILDERS = ['runSpec'];

function builtByChecked(source: string, call: string): boolean {
  return ENV_BUILDERS.some((name) => {
    const start = source.indexOf(`function ${name}(`);
    if (start < 0 || !source.includes(`= ${name}(`) || !/\benv\b/.test(call)) return false;
    const body = source.slice(start, source.indexOf('\n}\n', start));
    return /k6Environment\(/.test(body);
  });
}

describe('no phone-home', () => {
  it('every call that may start k6 gives it k6Environment', () => {
    const calls: Array<{ file: string; call: string }> = [];
    for (const file of sources(ROOT)) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(STARTS)) {
        const call = callText(source, (match.index ?? 0) + match[0].indexOf('('));
        if (/k6Environment\(/.test(call) || builtByChecked(source, call)) continue;
        calls.push({ file: relative(ROOT, file), call: call.split('\n')[0] ?? call });
      }
    }
    assert.deepEqual(calls, [], 'these calls may start k6 without k6Environment');
  });

  it('finds the calls that start k6 (the pattern still matches them)', () => {
    const found = sources(ROOT).filter((file) => {
      STARTS.lastIndex = 0;
      return STARTS.test(readFileSync(file, 'utf8'));
    });
    assert.ok(found.length >= 6, `only ${found.length} files start a process that may be k6`);
  });
});
