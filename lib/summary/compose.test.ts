import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { RunContext } from '../contract/run-plan.ts';
import { ROW_DEFINITIONS } from '../report/definitions.ts';
import { blogRun, fakeContext, fakeSummaryData } from '../report/k6-data.fixture.ts';
import { composeSummary, type SummaryDependencies } from './compose.ts';

const END = Date.UTC(2026, 10, 25, 18, 30, 0);

/** Stands in for k6-jslib-summary: dumps everything it is given, so a leaked secret would show. */
const textSummary: SummaryDependencies['textSummary'] = (data) =>
  `JSLIB TEXT SUMMARY ${JSON.stringify(data)}\n`;

/**
 * The shape of k6-jslib-summary 0.1.0's jUnit output, as recorded from the real jslib
 * (../shared/fixtures/k6-summary/jslib-0.1.0-outputs/*.junit.*.txt): indented suites, a `classname`,
 * and a failure message listing the metric's values.
 */
const jUnit: SummaryDependencies['jUnit'] = (data) => {
  const metrics = (
    data as {
      metrics: Record<
        string,
        { type: string; values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }
      >;
    }
  ).metrics;
  const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const cases: string[] = [];
  let failures = 0;
  for (const [name, metric] of Object.entries(metrics)) {
    for (const [expression, { ok }] of Object.entries(metric.thresholds ?? {})) {
      const head = `<testcase name="${escapeXml(`${name} - ${expression}`)}" classname="Unnamed folder"`;
      if (ok) {
        cases.push(`${head} />`);
        continue;
      }
      failures++;
      const values = Object.entries(metric.values)
        .map(([key, value]) => `${key} value: ${value}`)
        .join(', ');
      cases.push(`${head}><failure message="${metric.type} threshold failed: ${values}" /></testcase>`);
    }
  }
  return `<?xml version="1.0"?>\n    <testsuites tests="${cases.length}" failures="${failures}">\n      <testsuite name="k6 thresholds" tests="${cases.length}" failures="${failures}">\n        ${cases.join('\n')}\n      </testsuite>\n    </testsuites>`;
};

const deps: SummaryDependencies = { textSummary, jUnit, now: () => END };

const FILES = [
  'results/blog-20261125T1800Z.json',
  'results/blog-20261125T1800Z.md',
  'results/blog-20261125T1800Z.junit.xml',
  'results/blog-20261125T1800Z.html',
  'results/latest.json',
  'stdout',
].sort();
/** What an invalid or unfinished run writes: everything but latest.json. */
const RUN_FILES = FILES.filter((file) => file !== 'results/latest.json');

/** A small XML 1.0 well-formedness check: one root, balanced tags, quoted attributes, known entities. */
function assertWellFormedXml(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const token =
    /<!--[\s\S]*?-->|<\/([A-Za-z_][\w.-]*)\s*>|<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|([^<]+)/y;
  const stack: string[] = [];
  let roots = 0;
  let index = 0;
  while (index < body.length) {
    token.lastIndex = index;
    const match = token.exec(body);
    assert.ok(match, `malformed XML at: ${body.slice(index, index + 60)}`);
    const [whole, close, open, attributes = '', selfClosing, text] = match;
    if (close !== undefined) assert.equal(stack.pop(), close, `unbalanced </${close}>`);
    if (open !== undefined) {
      const names = [...attributes.matchAll(/([A-Za-z_][\w.:-]*)\s*=/g)].map((m) => m[1]);
      assert.equal(new Set(names).size, names.length, `duplicate attribute in <${open}>`);
      if (stack.length === 0) roots++;
      if (selfClosing !== '/') stack.push(open);
    }
    const content = text ?? attributes;
    assert.ok(
      !/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(content),
      `bare & in ${content.slice(0, 60)}`,
    );
    if (text !== undefined && stack.length === 0) assert.match(text, /^\s*$/, 'text outside the root');
    index += whole.length;
  }
  assert.deepEqual(stack, [], 'unclosed elements');
  assert.equal(roots, 1, 'exactly one root element');
}

function record(output: Record<string, string>) {
  return JSON.parse(output['results/blog-20261125T1800Z.json'] ?? 'null');
}

describe('composeSummary', () => {
  it('writes every output and prints the summary, the table, validity and definitions without a baseline', () => {
    const output = composeSummary(fakeSummaryData(blogRun()), fakeContext(), deps);
    assert.deepEqual(Object.keys(output).sort(), FILES);
    assert.equal(output['results/latest.json'], output['results/blog-20261125T1800Z.json']);
    const stdout = output.stdout ?? '';
    assert.ok(stdout.startsWith('JSLIB TEXT SUMMARY'));
    const table = stdout.slice(stdout.indexOf('Appwrite benchmark: run'));
    assert.match(table, /^Success rate\s+100%$/m);
    assert.match(table, /^Total requests\s+156,000$/m);
    assert.match(table, /^Requests per second\s+434\.5\/s$/m);
    assert.match(table, /^Response time normal\s+12\.0 ms$/m);
    assert.match(table, /^Response time heavy load\s+180 ms$/m);
    assert.ok(!/Change/.test(table));
    assert.match(table, /validity: this run is VALID/);
    for (const definition of Object.values(ROW_DEFINITIONS))
      assert.ok(table.includes(definition), definition);
    assert.ok(!/NaN|undefined/.test(Object.values(output).join('\n')));
    assert.equal(record(output).kind, 'appwrite-k6-bench/result');
  });

  it('prints the rate-limit and budget lines in every human-readable output', () => {
    const run = blogRun({ budget: { 'POST /account': { skipped: 12, waits: 0, waitSeconds: 0 } } });
    const output = composeSummary(fakeSummaryData(run), fakeContext(), deps);
    const skipped = "auth: 12 sign-ups skipped to stay within Appwrite's 10 per hour per IP budget";
    const stdout = output.stdout ?? '';
    assert.match(
      stdout,
      /^rate limits: no 429 response \(none expected\); lowest X-RateLimit-Remaining seen: /m,
    );
    assert.ok(stdout.includes(`\nbudget: ${skipped}\n`));
    assert.ok(stdout.indexOf('rate limits:') < stdout.indexOf('budget:'));
    const markdown = output['results/blog-20261125T1800Z.md'] ?? '';
    assert.ok(markdown.includes('- budget: auth: 12 sign-ups skipped'), markdown);
    const html = output['results/blog-20261125T1800Z.html'] ?? '';
    assert.ok(
      html.includes(
        '<li>budget: auth: 12 sign-ups skipped to stay within Appwrite&#39;s 10 per hour per IP budget</li>',
      ),
    );
    assert.ok(html.includes('<li>measured: normal phase active 59.5 s'));
    assert.ok(
      html.includes(
        '<tr><td>POST /account</td><td class="n">0</td><td class="n">8</td><td class="n">12</td><td class="n">0</td><td class="n">0 s</td></tr>',
      ),
    );
    assert.ok(markdown.includes('- validity: this run is VALID'));
    assert.equal(record(output).rateLimits.routes[0].skipped, 12);
    assert.equal(record(output).validity.valid, true);
  });

  it("compares with a previous run's record as baseline", () => {
    const before = blogRun();
    for (const traffic of Object.values(before.phases)) {
      traffic.requests /= 2;
      for (const stat of Object.keys(traffic.latency))
        traffic.latency[stat] = (traffic.latency[stat] ?? 0) * 2;
    }
    const old = composeSummary(
      fakeSummaryData(before),
      fakeContext({ label: '1.8.0', serverVersion: '1.8.0', runId: 'old' }),
      deps,
    );
    const content = old['results/old.json'] ?? '';
    const output = composeSummary(
      fakeSummaryData(blogRun()),
      fakeContext({ baseline: { path: 'results/old.json', content } }),
      deps,
    );
    const stdout = output.stdout ?? '';
    assert.match(stdout, /^\s+1\.8\.0\s+1\.8\.1\s+Change$/m);
    assert.match(stdout, /^Success rate\s+100%\s+100%\s+0\.0 points$/m);
    assert.match(stdout, /^Total requests\s+78,000\s+156,000\s+\+100\.0%$/m);
    assert.match(stdout, /^Requests per second\s+217\.3\/s\s+434\.5\/s\s+\+100\.0%$/m);
    assert.match(stdout, /^Response time normal\s+24\.0 ms\s+12\.0 ms\s+\u221250\.0%$/m);
    assert.match(stdout, /^Response time heavy load\s+360 ms\s+180 ms\s+\u221250\.0%$/m);
    // RPS ×2, both latencies ×2 faster: S = 2.
    assert.match(stdout, /score: ×2\.000 \(\+100\.0%\) over 3 ratios.* → no verdict: one run per side/);
    assert.match(stdout, /validity: baseline 1\.8\.0 \(run old\) is VALID/);
    assert.match(
      output['results/blog-20261125T1800Z.md'] ?? '',
      /^\| Response time heavy load \| 360 ms \| 180 ms \| \u221250\.0% \|$/m,
    );
  });

  it('does not rate a comparison against an invalid baseline', () => {
    const old = composeSummary(
      fakeSummaryData(blogRun({ droppedIterations: 40 })),
      fakeContext({ runId: 'old', label: '1.8.0' }),
      deps,
    );
    const output = composeSummary(
      fakeSummaryData(blogRun()),
      fakeContext({ baseline: { path: 'old.json', content: old['results/old.json'] ?? '' } }),
      deps,
    );
    assert.match(output.stdout ?? '', /score: .* → not rated: the baseline is invalid/);
    assert.match(
      output.stdout ?? '',
      /validity: baseline 1\.8\.0 \(run old\) is INVALID: 40 dropped iteration/,
    );
    assert.ok(!/→ (better|worse)/.test(output.stdout ?? ''));
  });

  const badBaselines: Array<[string, RunContext['baseline'], RegExp]> = [
    ['unreadable', { path: 'gone.json', error: 'open gone.json: no such file' }, /could not be read/],
    ['broken', { path: 'half.json', content: '{"kind": "appwrite-k6-bench/res' }, /ignored: not JSON/],
    ['foreign', { path: 'k6.json', content: readFixture() }, /ignored: not a result record of this suite/],
  ];
  for (const [name, baseline, warning] of badBaselines) {
    it(`warns about a ${name} baseline and still writes everything`, () => {
      const output = composeSummary(fakeSummaryData(blogRun()), fakeContext({ baseline }), deps);
      assert.deepEqual(Object.keys(output).sort(), FILES);
      const line = (output.stdout ?? '').split('\n').find((l) => l.startsWith('warning: baseline'));
      assert.match(line ?? '', warning);
      assert.match(line ?? '', /the table shows this run alone$/);
      assert.match(output['results/blog-20261125T1800Z.md'] ?? '', /warning: baseline/);
      // Right under the table, and without the "set BASELINE" hint that would contradict it.
      const stdout = output.stdout ?? '';
      assert.ok(stdout.indexOf('warning: baseline') < stdout.indexOf('validity: this run'));
      assert.ok(!stdout.includes('set BASELINE'));
    });
  }

  it('never throws, and says n/a, on missing or NaN metrics and on garbage data', () => {
    const data = fakeSummaryData(blogRun());
    const metrics = data.metrics as Record<string, { values: Record<string, unknown> }>;
    delete metrics['http_req_duration{phase:normal}'];
    for (const metric of Object.values(metrics))
      for (const stat of Object.keys(metric.values)) metric.values[stat] = Number.NaN;
    for (const input of [
      data,
      null,
      undefined,
      'text',
      { metrics: null },
      { metrics: { checks: { values: 'x' } } },
    ]) {
      const output = composeSummary(input, fakeContext(), deps);
      assert.deepEqual(Object.keys(output).sort(), RUN_FILES);
      assert.match(output.stdout ?? '', /^Response time normal\s+n\/a$/m);
      assert.match(output.stdout ?? '', /this run is INVALID/);
      assert.ok(!/NaN/.test(Object.values(output).join('\n')));
    }
  });

  it('writes what succeeded plus an error line when a renderer or the context fails', () => {
    const failing: SummaryDependencies = {
      textSummary: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'summaryTrendStats')");
      },
      jUnit: () => {
        throw new Error('boom');
      },
      now: () => END,
    };
    const output = composeSummary(fakeSummaryData(blogRun()), fakeContext(), failing);
    assert.deepEqual(Object.keys(output).sort(), FILES);
    assert.match(
      output.stdout ?? '',
      /^error: k6-jslib-summary textSummary failed \(TypeError: Cannot read/m,
    );
    assert.match(output.stdout ?? '', /^error: k6-jslib-summary jUnit failed \(Error: boom\)/m);
    // Without the jslib's suite, the threshold cases come from the record.
    const junit = output['results/blog-20261125T1800Z.junit.xml'] ?? '';
    assertWellFormedXml(junit);
    assert.match(junit, /<testcase classname="k6 thresholds" name="checks - rate==1" \/>/);

    const broken = composeSummary(fakeSummaryData(blogRun()), null as unknown as RunContext, deps);
    assert.match(broken.stdout ?? '', /^JSLIB TEXT SUMMARY/);
    assert.match(broken.stdout ?? '', /^error: building the result record failed/m);
  });

  it('keeps secrets from setup_data, options and the endpoint out of every output', () => {
    const secrets = [
      'a1b2c3-session-secret',
      'standard_0123456789abcdef',
      'cookie-a_session_xyz',
      'p4ssw0rd',
    ];
    const data = fakeSummaryData(
      blogRun({
        setupData: { sessions: [{ userId: 'u1', secret: secrets[0] }], apiKey: secrets[1] },
        extraOptions: { headers: { 'X-Appwrite-Key': secrets[1], Cookie: secrets[2] } },
      }),
    );
    const context = fakeContext({
      endpointHost: `https://admin:${secrets[3]}@localhost:8080/v1?key=${secrets[1]}`,
    });
    const output = composeSummary(data, context, deps);
    assert.deepEqual(Object.keys(output).sort(), FILES);
    for (const [name, text] of Object.entries(output)) {
      for (const secret of secrets) assert.ok(!text.includes(secret), `${secret} appears in ${name}`);
    }
    assert.equal(record(output).endpointHost, 'localhost:8080/v1');
  });

  it('writes one well-formed JUnit document: the jslib suite plus the validity suite', () => {
    const run = blogRun({ droppedIterations: 3 });
    const output = composeSummary(fakeSummaryData(run), fakeContext(), deps);
    const junit = output['results/blog-20261125T1800Z.junit.xml'] ?? '';
    assertWellFormedXml(junit);
    const cases = junit.match(/<testcase\b/g)?.length ?? 0;
    const failures = junit.match(/<failure\b/g)?.length ?? 0;
    assert.match(
      junit,
      new RegExp(`^<testsuites name="[^"]*" tests="${cases}" failures="${failures}">$`, 'm'),
    );
    assert.match(junit, /<testsuite name="k6 thresholds"/);
    assert.match(junit, /<testsuite name="run validity" tests="6" failures="1">/);
    assert.match(junit, /name="the run completed" \/>/);
    assert.match(junit, /name="dropped_iterations - count==0" classname="Unnamed folder"><failure/);
    assert.match(junit, /name="no dropped iterations">\s*<failure message="3 dropped iteration/);
  });

  it('writes a self-contained HTML report with an inline SVG chart and escaped text', () => {
    const output = composeSummary(
      fakeSummaryData(blogRun()),
      fakeContext({ label: '<script>alert(1)</script>' }),
      deps,
    );
    const html = output['results/blog-20261125T1800Z.html'] ?? '';
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<svg role="img"[^>]*>.*<rect class="current"/s);
    assert.ok(!/<script/i.test(html), 'unescaped markup from a label');
    assert.ok(!/(https?:)?\/\/[a-z0-9]|\bsrc\s*=|\bhref\s*=|url\(|@import/i.test(html), 'external reference');
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  it('draws p50–p99 bars per workload and phase, beside the baseline when there is one', () => {
    const chart = (html: string) =>
      /<svg role="img" aria-label="Latency percentiles per workload, in ms"[^>]*>(.*?)<\/svg>/s.exec(
        html,
      )?.[1] ?? '';
    const bars = (svg: string, series: string) => svg.split(`<rect class="${series}"`).length - 1;
    const alone = chart(
      composeSummary(fakeSummaryData(blogRun()), fakeContext(), deps)['results/blog-20261125T1800Z.html'] ??
        '',
    );
    // 3 workloads × 2 phases × 4 percentiles, plus the legend's swatch.
    assert.equal(bars(alone, 'current'), 24 + 1);
    assert.equal(bars(alone, 'baseline'), 0);
    assert.ok(alone.includes('>heavy auth p99<'), alone.slice(0, 300));
    const old = composeSummary(
      fakeSummaryData(blogRun()),
      fakeContext({ label: '1.8.0', serverVersion: '1.8.0', runId: 'old' }),
      deps,
    );
    const output = composeSummary(
      fakeSummaryData(blogRun()),
      fakeContext({ baseline: { path: 'results/old.json', content: old['results/old.json'] ?? '' } }),
      deps,
    );
    const both = chart(output['results/blog-20261125T1800Z.html'] ?? '');
    assert.equal(bars(both, 'current'), 24 + 1);
    assert.equal(bars(both, 'baseline'), 24 + 1);
  });

  it("handles k6's own handleSummary data fixture (no phase submetrics) without throwing", () => {
    const data = JSON.parse(readFixture('k6-repo_handleSummary-data_with-setup_data.json'));
    const output = composeSummary(data, fakeContext(), deps);
    assert.deepEqual(Object.keys(output).sort(), RUN_FILES);
    const saved = record(output);
    assert.deepEqual(saved.thresholds, [
      { metric: 'checks', expression: 'rate>70', ok: true },
      { metric: 'http_reqs', expression: 'rate<100', ok: false },
      { metric: 'my_trend', expression: 'my_trend<1000', ok: false },
    ]);
    assert.equal(saved.thresholdsPassed, false);
    assert.deepEqual(saved.checks, { passes: 45, fails: 15 });
    assert.match(output.stdout ?? '', /^Total requests\s+n\/a$/m);
    assert.match(output.stdout ?? '', /15 of 60 check\(s\) failed/);
    assert.match(
      output.stdout ?? '',
      /thresholds: 2 of 3 FAILED: http_reqs rate<100; my_trend my_trend<1000/,
    );
    assertWellFormedXml(output['results/blog-20261125T1800Z.junit.xml'] ?? '');
  });

  it('keeps a failed setup apart: a timestamped name, setup-failed outcome, INVALID, no latest.json', () => {
    // As k6 calls handleSummary after setup() threw: no setup data, so no run id (issue 8, point 3).
    const context = fakeContext({ runId: 'unknown', setupCompleted: false });
    const empty = blogRun({ phases: {}, workloads: {}, checks: { passes: 0, fails: 0 } });
    const output = composeSummary(fakeSummaryData(empty), context, deps);
    const name = 'results/setup-failed-20261125-183000';
    assert.deepEqual(
      Object.keys(output).sort(),
      ['.html', '.json', '.junit.xml', '.md']
        .map((ext) => `${name}${ext}`)
        .concat('stdout')
        .sort(),
    );
    const saved = JSON.parse(output[`${name}.json`] ?? 'null');
    assert.equal(saved.runId, 'setup-failed-20261125-183000');
    assert.equal(saved.outcome.kind, 'setup-failed');
    assert.equal(saved.validity.valid, false);
    assert.match(saved.validity.reasons[0], /^setup failed/);
    assert.match(output.stdout ?? '', /this run is INVALID/);
    // With RUN_ID set, the files carry it.
    const named = composeSummary(fakeSummaryData(empty), { ...context, runId: 'nightly-7' }, deps);
    assert.ok('results/nightly-7.json' in named);
    assert.ok(!('results/latest.json' in named));
  });

  it('an interrupted run (a phase active far less than scheduled) is INVALID and never latest.json', () => {
    const output = composeSummary(
      fakeSummaryData(blogRun({ activeSeconds: { normal: 9.05, heavy: 0.5 } })),
      fakeContext(),
      deps,
    );
    assert.deepEqual(Object.keys(output).sort(), RUN_FILES);
    const saved = record(output);
    assert.equal(saved.outcome.kind, 'interrupted');
    assert.deepEqual(saved.validity.reasons, [
      'interrupted: normal phase active 9.05 s of 60 s scheduled; heavy phase active 0.5 s of 300 s scheduled',
    ]);
    assert.match(output.stdout ?? '', /interrupted: normal phase active 9\.05 s of 60 s scheduled/);
  });

  it('puts the files under RESULTS_DIR whatever its trailing slash', () => {
    const output = composeSummary(
      fakeSummaryData(blogRun()),
      fakeContext({ resultsDir: '/tmp/bench///' }),
      deps,
    );
    assert.ok('/tmp/bench/latest.json' in output);
    assert.ok('/tmp/bench/blog-20261125T1800Z.junit.xml' in output);
  });
});

function readFixture(name = 'k6-repo_handleSummary-data_default-format.json'): string {
  return readFileSync(new URL(`../../../shared/fixtures/k6-summary/${name}`, import.meta.url), 'utf8');
}
