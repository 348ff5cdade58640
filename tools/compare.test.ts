import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { blogRun, fakeContext, fakeSummaryData } from '../lib/report/k6-data.fixture.ts';
import { composeSummary } from '../lib/summary/compose.ts';
import { type CompareIo, compareMain } from './compare.ts';

const deps = { textSummary: () => '', jUnit: () => '', now: () => Date.UTC(2026, 10, 25) };
const old = blogRun();
for (const traffic of Object.values(old.phases)) traffic.requests /= 2;
const baselineJson = composeSummary(fakeSummaryData(old), fakeContext({ runId: 'a', label: '1.7.4' }), deps)[
  'results/a.json'
];
const currentOutputs = composeSummary(
  fakeSummaryData(blogRun()),
  fakeContext({ runId: 'b', baseline: { path: 'a.json', content: baselineJson ?? '' } }),
  deps,
);

function run(args: string[], files: Record<string, string>) {
  let out = '';
  let err = '';
  const io: CompareIo = {
    readFile: (path) => {
      const content = files[path];
      if (content === undefined) throw new Error(`ENOENT: ${path}`);
      return content;
    },
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
  };
  return { code: compareMain(args, io), out, err };
}

describe('compare tool', () => {
  const files = { 'a.json': baselineJson ?? '', 'b.json': currentOutputs['results/b.json'] ?? '' };

  it("prints exactly the table handleSummary printed after k6's own summary", () => {
    const { code, out } = run(['a.json', 'b.json'], files);
    assert.equal(code, 0);
    assert.ok(out.length > 0);
    assert.ok((currentOutputs.stdout ?? '').endsWith(out));
    assert.match(out, /^Requests per second\s+217\.3\/s\s+434\.5\/s\s+\+100\.0%$/m);
  });

  it('prints the Markdown file with --markdown', () => {
    const { out } = run(['a.json', 'b.json', '--markdown'], files);
    assert.equal(out, currentOutputs['results/b.md']);
  });

  it('warns about an unusable baseline and refuses an unusable current file', () => {
    const missing = run(['nope.json', 'b.json'], files);
    assert.equal(missing.code, 0);
    assert.match(missing.out, /^warning: baseline nope\.json could not be read \(ENOENT: nope\.json\)/m);
    const foreign = run(['a.json', 'k6.json'], { ...files, 'k6.json': '{"metrics":{}}' });
    assert.equal(foreign.code, 2);
    assert.match(foreign.err, /^error: k6\.json ignored: not a result record of this suite/);
    assert.equal(run(['only-one.json'], files).code, 2);
  });

  const dir = mkdtempSync(join(tmpdir(), 'compare-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs as a command', () => {
    writeFileSync(join(dir, 'a.json'), files['a.json']);
    writeFileSync(join(dir, 'b.json'), files['b.json']);
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'tools/compare.ts', join(dir, 'a.json'), join(dir, 'b.json')],
      { encoding: 'utf8', timeout: 30_000 },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Total requests\s+78,000\s+156,000\s+\+100\.0%$/m);
  });
});
