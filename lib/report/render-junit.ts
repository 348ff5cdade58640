// One JUnit XML document: k6-jslib-summary's jUnit suite (a test case per threshold) plus a suite for
// the run's validity. CI systems read one <testsuites> root per file, so the jslib's suite is lifted
// out of its own document rather than concatenated. Pure.
import type { ResultRecord } from './record.ts';
import { VALIDITY_CONDITIONS } from './validity.ts';

/** Escapes text for XML attributes and content, dropping characters XML 1.0 forbids. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

interface Case {
  name: string;
  failure: string | null;
}

function suite(name: string, cases: readonly Case[]): string {
  const failures = cases.filter((c) => c.failure !== null).length;
  const body = cases.map((c) =>
    c.failure === null
      ? `    <testcase classname="${xmlEscape(name)}" name="${xmlEscape(c.name)}" />`
      : `    <testcase classname="${xmlEscape(name)}" name="${xmlEscape(c.name)}">\n      <failure message="${xmlEscape(c.failure)}" />\n    </testcase>`,
  );
  return `  <testsuite name="${xmlEscape(name)}" tests="${cases.length}" failures="${failures}">\n${body.join('\n')}\n  </testsuite>`;
}

function validityCases(record: ResultRecord): Case[] {
  return VALIDITY_CONDITIONS.map((condition) => {
    const reasons = condition.reasons(record);
    return { name: condition.name, failure: reasons.length === 0 ? null : reasons.join('; ') };
  });
}

/** The `<testsuite>` elements of k6-jslib-summary's output, or null when there are none to lift. */
export function liftTestSuites(xml: string | null): { xml: string; tests: number; failures: number } | null {
  if (xml === null) return null;
  const suites = xml.match(/<testsuite\b[^>]*>[\s\S]*?<\/testsuite\s*>/g);
  if (suites === null) return null;
  let tests = 0;
  let failures = 0;
  for (const element of suites) {
    const open = /^<testsuite\b[^>]*>/.exec(element)?.[0] ?? '';
    tests += Number(/\btests="(\d+)"/.exec(open)?.[1] ?? 0);
    failures += Number(/\bfailures="(\d+)"/.exec(open)?.[1] ?? 0);
  }
  return {
    xml: suites.map((s) => `  ${s.replace(/<\/testsuite\s*>$/, '</testsuite>')}`).join('\n'),
    tests,
    failures,
  };
}

/**
 * `jslibXml` is k6-jslib-summary's `jUnit(data)` output, or null when it failed; then the threshold
 * cases come from the record instead.
 */
export function renderJUnit(record: ResultRecord, jslibXml: string | null): string {
  const lifted = liftTestSuites(jslibXml);
  const thresholdCases: Case[] = record.thresholds.map((t) => ({
    name: `${t.metric} - ${t.expression}`,
    failure: t.ok ? null : 'failed',
  }));
  const thresholds = lifted ?? {
    xml: suite('k6 thresholds', thresholdCases),
    tests: thresholdCases.length,
    failures: thresholdCases.filter((c) => c.failure !== null).length,
  };
  const validity = validityCases(record);
  const validityFailures = validity.filter((c) => c.failure !== null).length;
  const tests = thresholds.tests + validity.length;
  const failures = thresholds.failures + validityFailures;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(`appwrite-k6-bench ${record.runId}`)}" tests="${tests}" failures="${failures}">`,
    thresholds.xml,
    suite('run validity', validity),
    '</testsuites>',
    '',
  ].join('\n');
}
