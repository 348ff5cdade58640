// Stand-in for https://jslib.k6.io/k6-summary/0.1.0/index.js: `textSummary`, `jUnit`, `humanizeValue`.
//
// textSummary and humanizeValue follow the logic of grafana/k6-jslib-summary (`src/text.js`; Apache-2.0,
// Copyright Grafana Labs, https://github.com/grafana/k6-jslib-summary), re-expressed here in TypeScript:
// the same column widths, padding, units, colour codes and metric order, so the output is byte for byte
// the jslib's (sandbox/text-summary.test.ts checks every recorded output in
// ../shared/fixtures/k6-summary/jslib-0.1.0-outputs/). jUnit is written from those recorded 0.1.0
// outputs (indentation, `classname`, failure message listing the metric's values in key order).
// Like the jslib it iterates objects in their key order (k6 hands `data` over from Go maps, so that order
// varies between runs; the jslib sorts the metric rows but not threshold or value lists).
// Works on plain objects from any realm (the script's vm context passes its own objects).

interface Check {
  name: string;
  passes: number;
  fails: number;
}
interface Group {
  name: string;
  groups: Group[];
  checks: Check[];
}
interface Metric {
  type: string;
  contains: string;
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}
interface Data {
  root_group: Group;
  options?: { summaryTrendStats?: string[]; summaryTimeUnit?: string; noColor?: boolean };
  metrics: Record<string, Metric>;
}

export interface TextSummaryOptions {
  indent?: string;
  enableColors?: boolean;
  summaryTimeUnit?: string | null;
  summaryTrendStats?: string[] | null;
}

const palette = { faint: 2, red: 31, green: 32, cyan: 36 } as const;
const groupPrefix = '█';
const detailsPrefix = '↳';
const succMark = '✓';
const failMark = '✗';

const hasOwn = (obj: object, key: PropertyKey) => Object.hasOwn(obj, key);

/** Own enumerable keys in for-in order, as the jslib's `forEach` walks them. */
const ownKeys = (obj: object): string[] => {
  const keys: string[] = [];
  for (const key in obj) if (hasOwn(obj, key)) keys.push(key);
  return keys;
};

/** Screen width: code points after NFKC, ANSI escape sequences not counted (the jslib's `strWidth`). */
function strWidth(s: string): number {
  let inEsc = false;
  let inLongEsc = false;
  let width = 0;
  for (const char of s.normalize('NFKC')) {
    const code = char.charCodeAt(0);
    if (char === '\x1b') {
      inEsc = true;
      continue;
    }
    if (inEsc && char === '[') {
      inLongEsc = true;
      continue;
    }
    if (inEsc && inLongEsc && code >= 0x40 && code <= 0x7e) {
      inEsc = false;
      inLongEsc = false;
      continue;
    }
    if (inEsc && !inLongEsc && code >= 0x40 && code <= 0x5f) {
      inEsc = false;
      continue;
    }
    if (!inEsc && !inLongEsc) width++;
  }
  return width;
}

type Decorate = (text: string, color: number, ...more: number[]) => string;
const plain: Decorate = (text) => text;
const ansi: Decorate = (text, color, ...more) => `\x1b[${[color, ...more].join(';')}m${text}\x1b[0m`;

function summarizeCheck(indent: string, check: Check, decorate: Decorate): string {
  if (check.fails === 0) return decorate(`${indent}${succMark} ${check.name}`, palette.green);
  const percent = Math.floor((100 * check.passes) / (check.passes + check.fails));
  return decorate(
    `${indent}${failMark} ${check.name}\n${indent} ${detailsPrefix}  ${percent}% — ${succMark} ${check.passes} / ${failMark} ${check.fails}`,
    palette.red,
  );
}

function summarizeGroup(indent: string, group: Group, decorate: Decorate): string[] {
  const lines: string[] = [];
  let inner = indent;
  if (group.name !== '') {
    lines.push(`${indent}${groupPrefix} ${group.name}\n`);
    inner = `${indent}  `;
  }
  for (const check of group.checks) lines.push(summarizeCheck(inner, check, decorate));
  if (group.checks.length > 0) lines.push('');
  for (const child of group.groups) lines.push(...summarizeGroup(inner, child, decorate));
  return lines;
}

const displayNameForMetric = (name: string) => {
  const brace = name.indexOf('{');
  return brace >= 0 ? `{ ${name.substring(brace + 1, name.length - 1)} }` : name;
};
const indentForMetric = (name: string) => (name.includes('{') ? '  ' : '');

function humanizeBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  if (bytes < 10) return `${bytes} B`;
  const e = Math.floor(Math.log(bytes) / Math.log(1000));
  // Rounded to one decimal, shown with it only under 10: 50.1 kB prints as "50 kB".
  const val = Math.floor((bytes / 1000 ** e) * 10 + 0.5) / 10;
  return `${val.toFixed(val < 10 ? 1 : 0)} ${units[e | 0]}`;
}

const unitMap: Record<string, { unit: string; coef: number }> = {
  s: { unit: 's', coef: 0.001 },
  ms: { unit: 'ms', coef: 1 },
  us: { unit: 'µs', coef: 1000 },
};

const toFixedNoTrailingZeros = (val: number, prec: number) => Number.parseFloat(val.toFixed(prec)).toString();
const toFixedNoTrailingZerosTrunc = (val: number, prec: number) => {
  const mult = 10 ** prec;
  return toFixedNoTrailingZeros(Math.trunc(mult * val) / mult, prec);
};

/** Milliseconds as k6 prints durations: truncated to 2 decimals, trailing zeros dropped (648.5µs). */
function humanizeGenericDuration(dur: number): string {
  if (dur === 0) return '0s';
  if (dur < 0.001) return `${Math.trunc(dur * 1_000_000)}ns`;
  if (dur < 1) return `${toFixedNoTrailingZerosTrunc(dur * 1000, 2)}µs`;
  if (dur < 1000) return `${toFixedNoTrailingZerosTrunc(dur, 2)}ms`;
  let result = `${toFixedNoTrailingZerosTrunc((dur % 60_000) / 1000, dur > 60_000 ? 0 : 2)}s`;
  let rem = Math.trunc(dur / 60_000);
  if (rem < 1) return result;
  result = `${rem % 60}m${result}`;
  rem = Math.trunc(rem / 60);
  if (rem < 1) return result;
  return `${rem}h${result}`;
}

function humanizeDuration(dur: number, timeUnit: string | null | undefined): string {
  const fixed =
    timeUnit !== '' && timeUnit != null && hasOwn(unitMap, timeUnit) ? unitMap[timeUnit] : undefined;
  if (fixed) return `${(dur * fixed.coef).toFixed(2)}${fixed.unit}`;
  return humanizeGenericDuration(dur);
}

/** One value as the jslib shows it (`humanizeValue(val, metric, timeUnit)`). */
export function humanizeValue(
  value: number,
  metric: { type: string; contains: string },
  timeUnit?: string | null,
): string {
  // Truncated, not rounded, to 2 decimals.
  if (metric.type === 'rate') return `${(Math.trunc(value * 100 * 100) / 100).toFixed(2)}%`;
  if (metric.contains === 'data') return humanizeBytes(value);
  if (metric.contains === 'time') return humanizeDuration(value, timeUnit);
  return toFixedNoTrailingZeros(value, 6);
}

/** The first column and the extra columns of a non-trend row. */
function nonTrendValues(metric: Metric, timeUnit: string | null | undefined): string[] {
  const v = metric.values as Record<string, number>;
  const h = (x: number | undefined) => humanizeValue(x as number, metric, timeUnit);
  switch (metric.type) {
    case 'counter':
      return [h(v.count), `${h(v.rate)}/s`];
    case 'gauge':
      return [h(v.value), `min=${h(v.min)}`, `max=${h(v.max)}`];
    case 'rate':
      return [h(v.rate), `${succMark} ${v.passes}`, `${failMark} ${v.fails}`];
    default:
      return ['[no data]'];
  }
}

// k6 runs the jslib in Sobek, whose localeCompare is Unicode collation (root locale); Intl's matches it.
const collator = new Intl.Collator('und');

/** Metric rows sorted by metric name, each metric's submetrics right under it (sorted by their tags). */
function compareMetricNames(a: string, b: string): number {
  const parentA = a.split('{', 1)[0] as string;
  const parentB = b.split('{', 1)[0] as string;
  const byParent = collator.compare(parentA, parentB);
  if (byParent !== 0) return byParent;
  return collator.compare(a.substring(parentA.length), b.substring(parentB.length));
}

interface MergedOptions {
  indent: string;
  enableColors: boolean;
  summaryTimeUnit: string | null | undefined;
  summaryTrendStats: string[];
}

function summarizeMetrics(options: MergedOptions, data: Data, decorate: Decorate): string[] {
  const indent = `${options.indent}  `;
  const stats = options.summaryTrendStats;
  const names: string[] = [];
  let nameLenMax = 0;
  const trendCols = new Map<string, string[]>();
  const trendColMaxLens: number[] = stats.map(() => 0);
  const firstCols = new Map<string, string>();
  let firstColMaxLen = 0;
  const extraCols = new Map<string, string[]>();
  const extraColMaxLens = [0, 0];

  for (const name of ownKeys(data.metrics)) {
    const metric = data.metrics[name] as Metric;
    names.push(name);
    nameLenMax = Math.max(nameLenMax, strWidth(indentForMetric(name) + displayNameForMetric(name)));
    if (metric.type === 'trend') {
      const cols = stats.map((stat, i) => {
        const raw = metric.values[stat];
        const text =
          stat === 'count'
            ? (raw as number).toString()
            : humanizeValue(raw as number, metric, options.summaryTimeUnit);
        trendColMaxLens[i] = Math.max(trendColMaxLens[i] as number, strWidth(text));
        return text;
      });
      trendCols.set(name, cols);
      continue;
    }
    const [first, ...extras] = nonTrendValues(metric, options.summaryTimeUnit) as [string, ...string[]];
    firstCols.set(name, first);
    firstColMaxLen = Math.max(firstColMaxLen, strWidth(first));
    extraCols.set(name, extras);
    extras.forEach((extra, i) => {
      extraColMaxLens[i] = Math.max(extraColMaxLens[i] ?? 0, strWidth(extra));
    });
  }
  names.sort(compareMetricNames);

  const pad = (text: string, width: number) => ' '.repeat(Math.max(0, width - strWidth(text)));
  const rowData = (name: string): string => {
    const cols = trendCols.get(name);
    if (cols) {
      return cols
        .map(
          (col, i) => `${stats[i]}=${decorate(col, palette.cyan)}${pad(col, trendColMaxLens[i] as number)}`,
        )
        .join(' ');
    }
    const first = firstCols.get(name) as string;
    let text = decorate(first, palette.cyan) + pad(first, firstColMaxLen);
    const extras = extraCols.get(name) as string[];
    // A single extra column (a counter's rate) is not padded.
    if (extras.length === 1) text += ` ${decorate(extras[0] as string, palette.cyan, palette.faint)}`;
    else if (extras.length > 1) {
      text += ` ${extras
        .map((extra, i) => decorate(extra, palette.cyan, palette.faint) + pad(extra, extraColMaxLens[i] ?? 0))
        .join(' ')}`;
    }
    return text;
  };

  return names.map((name) => {
    const metric = data.metrics[name] as Metric;
    let mark = ' ';
    let markColor = (text: string) => text;
    if (metric.thresholds) {
      const allOk = ownKeys(metric.thresholds).every((key) => metric.thresholds?.[key]?.ok);
      mark = allOk ? succMark : failMark;
      markColor = (text) => decorate(text, allOk ? palette.green : palette.red);
    }
    const fmtIndent = indentForMetric(name);
    const displayName = displayNameForMetric(name);
    const dots = '.'.repeat(Math.max(0, nameLenMax - strWidth(displayName) - strWidth(fmtIndent) + 3));
    const fmtName = displayName + decorate(`${dots}:`, palette.faint);
    return `${indent}${fmtIndent}${markColor(mark)} ${fmtName} ${rowData(name)}`;
  });
}

/** `textSummary(data, {indent, enableColors, summaryTimeUnit, summaryTrendStats})` of k6-jslib-summary. */
export function textSummary(data: Data, options: TextSummaryOptions = {}): string {
  // The jslib merges with Object.assign: defaults, then data.options, then the caller's options.
  const merged = Object.assign(
    { indent: ' ', enableColors: true, summaryTimeUnit: null, summaryTrendStats: null },
    data.options,
    options,
  ) as MergedOptions;
  const decorate = merged.enableColors ? ansi : plain;
  return [
    ...summarizeGroup(`${merged.indent}    `, data.root_group, decorate),
    ...summarizeMetrics(merged, data, decorate),
  ].join('\n');
}

const xmlReplacements: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  "'": '&#39;',
  '"': '&quot;',
};
const escapeXml = (s: string) => s.replace(/[&<>'"]/g, (char) => xmlReplacements[char] as string);

/** `jUnit(data, {name, classname})` of k6-jslib-summary 0.1.0: one `<testcase>` per threshold. */
export function jUnit(data: Data, options: { name?: string; classname?: string } = {}): string {
  let failures = 0;
  const cases: string[] = [];
  const classname = options.classname ? escapeXml(options.classname) : 'Unnamed folder';
  for (const metricName of ownKeys(data.metrics)) {
    const metric = data.metrics[metricName] as Metric;
    if (!metric.thresholds) continue;
    for (const source of ownKeys(metric.thresholds)) {
      const head = `<testcase name="${escapeXml(metricName)} - ${escapeXml(source)}" classname="${classname}"`;
      if (metric.thresholds[source]?.ok) {
        cases.push(`${head} />`);
        continue;
      }
      failures++;
      const values = ownKeys(metric.values)
        .map((key) => `${key} value: ${metric.values[key]}`)
        .join(', ');
      const message = escapeXml(`${metric.type} threshold failed: ${values}`);
      cases.push(`${head}><failure message="${message}" /></testcase>`);
    }
  }
  const suite = options.name ? escapeXml(options.name) : 'k6 thresholds';
  return (
    `<?xml version="1.0"?>\n    <testsuites tests="${cases.length}" failures="${failures}">\n` +
    `      <testsuite name="${suite}" tests="${cases.length}" failures="${failures}">\n` +
    `        ${cases.join('\n')}\n      </testsuite>\n    </testsuites>`
  );
}
