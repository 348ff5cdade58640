// Only one module reads __ENV (brief, "Standards"), and only lib/log.ts touches console, which logs ids only.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = [...sources('lib'), ...sources('scripts')];
/** The code of a file without comment lines, so explaining __ENV in a comment is not reading it. */
const code = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\/?\*)/.test(line))
    .join('\n');

it('reads __ENV in lib/config/env.ts only', () => {
  assert.ok(files.length > 10);
  const readers = files.filter((file) => /__ENV/.test(code(file)));
  assert.deepEqual(readers, [join('lib', 'config', 'env.ts')]);
});

it('uses console in lib/log.ts only', () => {
  const loggers = files.filter((file) => /\bconsole\./.test(code(file)));
  assert.deepEqual(loggers, [join('lib', 'log.ts')]);
});
