import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

const config = resolve('esbuild.config.mjs');

function buildIn(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'build-test-'));
  try {
    mkdirSync(join(dir, 'scripts'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'scripts', name), text);
    return spawnSync(process.execPath, [config], { cwd: dir, encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('esbuild.config.mjs', () => {
  it('fails with one clear line and a non-zero exit when a script does not compile', () => {
    const result = buildIn({ 'broken.ts': 'export const options = {;\n' });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^build failed: scripts\/broken\.ts:1:\d+: .+\n$/);
    assert.equal(result.stdout, '');
  });

  it('fails when a script imports something that is not installed', () => {
    const result = buildIn({ 'missing.ts': "import x from 'no-such-package';\nexport default x;\n" });
    assert.equal(result.status, 1);
    assert.match(
      result.stderr,
      /^build failed: scripts\/missing\.ts:1:\d+: Could not resolve "no-such-package"\n$/,
    );
  });

  it('keeps k6 modules external and the entry exports intact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'build-test-'));
    try {
      mkdirSync(join(dir, 'scripts'));
      writeFileSync(
        join(dir, 'scripts', 'ok.ts'),
        "import http from 'k6/http';\nexport const options = { vus: 1 };\nexport function reads(): void { http.get('http://127.0.0.1/'); }\nexport default reads;\n",
      );
      const result = spawnSync(process.execPath, [config], { cwd: dir, encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      const bundle = readFileSync(join(dir, 'dist', 'ok.js'), 'utf8');
      assert.match(bundle, /from "k6\/http"/);
      assert.match(bundle, /export \{[^}]*options[^}]*reads[^}]*\}/s);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
