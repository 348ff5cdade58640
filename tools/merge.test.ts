import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blogRun, fakeContext, fakeSummaryData } from '../lib/report/k6-data.fixture.ts';
import { buildRecord } from '../lib/report/record.ts';
import { MERGE_USAGE, mergeMain } from './merge.ts';

const record = (runId: string) =>
  JSON.stringify(buildRecord(fakeSummaryData(blogRun()), fakeContext({ runId }), Date.UTC(2026, 11, 1)));

function run(args: string[], files: Record<string, string>) {
  let out = '';
  let err = '';
  const written: Record<string, string> = {};
  const code = mergeMain(args, {
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error('ENOENT: no such file');
      return text;
    },
    writeFile: (path, text) => {
      written[path] = text;
    },
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
  });
  return { code, out, err, written };
}

describe('npm run merge', () => {
  it('prints the merged record, or writes it with --out', () => {
    const files = { 'a.json': record('r1'), 'b.json': record('r1') };
    const printed = run(['a.json', 'b.json'], files);
    assert.equal(printed.code, 0, printed.err);
    assert.equal(JSON.parse(printed.out).runId, 'r1');
    const written = run(['a.json', 'b.json', '--out', 'm.json'], files);
    assert.equal(written.code, 0);
    assert.equal(written.out, '');
    assert.ok(written.written['m.json']);
    assert.match(written.err, /percentiles approximated/);
  });

  it('answers bad input with one line and exit 2', () => {
    const files = { 'a.json': record('r1'), 'b.json': record('r2'), 'x.json': '{"kind":"other"}' };
    const cases: Array<[string[], RegExp]> = [
      [[], new RegExp(MERGE_USAGE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))],
      [['a.json', '--out'], /usage/],
      [['missing.json'], /missing\.json could not be read/],
      [['x.json'], /x\.json is not usable: not a result record/],
      [['a.json', 'b.json'], /not from one run: runId/],
    ];
    for (const [args, pattern] of cases) {
      const result = run(args, files);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.err, pattern);
      assert.equal(result.err.trim().split('\n').length, 1);
    }
  });
});
