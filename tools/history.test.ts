import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ResultRecord } from '../lib/report/record.ts';
import { historyMain } from './history.ts';

const DIR = new URL('../../shared/fixtures/real-runs/', import.meta.url);
const base = readFileSync(new URL('k6-1.3.0_emulator-1.9.6_normal.json', DIR), 'utf8');

function night(day: number, factor: number): string {
  const record = JSON.parse(base) as ResultRecord;
  record.endedAt = `2026-11-${String(day).padStart(2, '0')}T02:00:00.000Z`;
  for (const p of record.phases)
    for (const stat of ['p50', 'p95', 'p99'] as const) {
      const v = p.latencyMs[stat];
      if (v !== null) p.latencyMs[stat] = v * factor;
    }
  return JSON.stringify(record);
}

function run(args: string[]) {
  let out = '';
  let err = '';
  const code = historyMain(
    args,
    (t) => {
      out += t;
    },
    (t) => {
      err += t;
    },
  );
  return { code, out, err };
}

describe('npm run history', () => {
  const dir = mkdtempSync(join(tmpdir(), 'history-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  [1, 1.02, 0.98, 1.01].forEach((f, i) => {
    writeFileSync(join(dir, `n${i}.json`), night(i + 1, f));
  });

  it('keeps a newest run inside the band of the previous ones unflagged', () => {
    writeFileSync(join(dir, 'n9.json'), night(9, 1.03));
    const { code, out } = run([dir]);
    assert.equal(code, 0, out);
    assert.match(out, /^normal median latency\s+5\s+\S{5}\s+.*\s+inside$/m);
  });

  it('flags the newest run when it leaves the band, with exit 1 when it is worse', () => {
    writeFileSync(join(dir, 'n9.json'), night(9, 1.5));
    const { code, out } = run([dir]);
    assert.equal(code, 1);
    assert.match(out, /^normal p95 latency\s+5\s+▁\S\S\S█\s+.*\s+worse$/m);
    assert.match(out, /^normal requests\/s .*\(not scored\)$/m);
  });

  it('renders a self-contained HTML page with one chart per row', () => {
    const { out } = run([dir, '--format', 'html']);
    assert.match(out, /^<!doctype html>/);
    assert.equal(out.match(/<svg class="chart"/g)?.length, 4);
    assert.doesNotMatch(out, /<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('on the real-runs fixtures: uses the newest profile, lists what it skipped and why', () => {
    const { code, out } = run([new URL('.', DIR).pathname]);
    assert.equal(code, 0);
    assert.match(out, /^not used: k6-1\.3\.0_emulator-1\.9\.6_normal-sigint\.json: incomplete/m);
    assert.match(out, /^not used: k6-1\.3\.0_emulator-1\.9\.6_heavy-1\.json: profile heavy, not normal$/m);
    assert.equal(run(['/nonexistent-dir']).code, 2);
  });
});
