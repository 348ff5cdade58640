// The sandbox held to real k6: every run of the k6 conformance corpus
// (../shared/fixtures/k6-conformance/) replayed with its recorded flags against the corpus's loopback
// server and compared with what k6 v2.2.0 did, by the corpus README's rules. Runs that still differ are
// listed, with the reason, in docs/sandbox.md "Known differences from k6"; any other difference fails.
// With a real k6 (K6_BIN or `k6` on the PATH) the same runs also go through it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { corpusRuns, knownDifferences, replayCorpus, runKey } from './conformance/corpus.ts';
import { realK6 } from './conformance/k6-binary.ts';
import { SANDBOX_RUNNER } from './conformance/replay.ts';

const runs = corpusRuns('v2.2.0');
// Two cores: VU threads mostly wait on timers and the loopback server, so a few runs side by side.
const PARALLEL = 4;

test('the corpus has 65 v2.2.0 runs and every known difference names one of them', () => {
  assert.equal(runs.length, 65);
  const keys = new Set(runs.map((r) => runKey(r.script, r.run.name)));
  for (const key of knownDifferences().keys())
    assert.ok(keys.has(key), `docs/sandbox.md lists "${key}", no such run`);
});

test('sandbox vs k6 v2.2.0 on the conformance corpus', { timeout: 600_000 }, async (t) => {
  const known = knownDifferences();
  const results = await replayCorpus(SANDBOX_RUNNER, runs, PARALLEL);
  const matching = results.filter((r) => r.differences.length === 0).length;
  t.diagnostic(
    `${matching} of ${results.length} runs match k6 v2.2.0; ${known.size} listed as known differences`,
  );
  for (const result of results) {
    const reason = known.get(result.key);
    await t.test(result.key, () => {
      if (reason !== undefined) {
        if (result.differences.length === 0)
          t.diagnostic(`${result.key} now matches: drop it from docs/sandbox.md`);
        return;
      }
      assert.deepEqual(result.differences, [], `${result.key} differs from k6 v2.2.0`);
    });
  }
});

test('a real k6 on the conformance corpus', { timeout: 600_000 }, async (t) => {
  const k6 = realK6();
  if ('missing' in k6) {
    t.skip(`${k6.missing}: the corpus was not replayed under a real k6`);
    return;
  }
  t.diagnostic(`replaying under ${k6.version}`);
  const results = await replayCorpus(k6.runner, runs, PARALLEL);
  for (const result of results)
    await t.test(result.key, () => assert.deepEqual(result.differences, [], `${result.key} under real k6`));
});
