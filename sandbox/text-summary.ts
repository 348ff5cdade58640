// Stand-in for https://jslib.k6.io/k6-summary/0.1.0/index.js (grafana/k6-jslib-summary v0.1.0,
// Apache-2.0): same signatures, same layout in spirit (pre-v1 k6 end-of-test summary). Written anew,
// not copied. Also used as the sandbox's own summary when a script has no handleSummary.
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
  summaryTimeUnit?: string;
  summaryTrendStats?: string[];
}

const color = (on: boolean, code: number, text: string) => (on ? `\x1b[${code}m${text}\x1b[0m` : text);

function humanizeBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

function humanizeDuration(ms: number, timeUnit: string | undefined): string {
  if (timeUnit === 's') return `${(ms / 1000).toFixed(2)}s`;
  if (timeUnit === 'ms') return `${ms.toFixed(2)}ms`;
  if (timeUnit === 'us') return `${(ms * 1000).toFixed(2)}µs`;
  if (ms === 0) return '0s';
  if (ms < 0.001) return `${Math.round(ms * 1e6)}ns`;
  if (ms < 1) return `${(ms * 1000).toFixed(2)}µs`;
  if (ms < 1000) return `${ms.toFixed(2)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${((ms % 60_000) / 1000).toFixed(1)}s`;
}

/** One value as the jslib shows it (`humanizeValue(val, metric, timeUnit)`). */
export function humanizeValue(
  value: number,
  metric: { type: string; contains: string },
  timeUnit?: string,
): string {
  if (metric.type === 'rate') return `${(Math.trunc(value * 10000) / 100).toFixed(2)}%`;
  if (metric.contains === 'data') return humanizeBytes(value);
  if (metric.contains === 'time') return humanizeDuration(value, timeUnit);
  return String(Math.round(value * 1e6) / 1e6);
}

function renderChecks(checks: Check[], indent: string, colors: boolean): string[] {
  return checks.map((check) => {
    if (check.fails === 0) return `${indent}${color(colors, 32, `✓ ${check.name}`)}`;
    const total = check.passes + check.fails;
    const pct = total ? Math.floor((check.passes * 100) / total) : 0;
    return `${indent}${color(colors, 31, `✗ ${check.name}`)}\n${indent} ${color(colors, 31, `↳  ${pct}% — ✓ ${check.passes} / ✗ ${check.fails}`)}`;
  });
}

function renderGroup(group: Group, indent: string, colors: boolean): string[] {
  const lines = renderChecks(group.checks, indent, colors);
  for (const child of group.groups) {
    lines.push('', `${indent}█ ${child.name}`, '');
    lines.push(...renderGroup(child, `${indent}  `, colors));
  }
  return lines;
}

function metricValue(metric: Metric, stats: string[], timeUnit: string | undefined): string {
  const v = metric.values;
  const h = (x: number | undefined) => humanizeValue(x ?? 0, metric, timeUnit);
  switch (metric.type) {
    case 'counter':
      return `${h(v.count)} ${humanizeValue(v.rate ?? 0, metric, timeUnit)}/s`;
    case 'gauge':
      return `${h(v.value)} min=${h(v.min)} max=${h(v.max)}`;
    case 'rate':
      return `${h(v.rate)} ✓ ${v.passes ?? 0} ✗ ${v.fails ?? 0}`;
    default:
      return stats
        .filter((s) => s in v)
        .map((s) => `${s}=${s === 'count' ? String(v[s]) : h(v[s])}`)
        .join(' ');
  }
}

/** `textSummary(data, {indent, enableColors})` of k6-jslib-summary. */
export function textSummary(data: Data, options: TextSummaryOptions = {}): string {
  const indent = options.indent ?? ' ';
  const colors = options.enableColors ?? true;
  const timeUnit = options.summaryTimeUnit ?? data.options?.summaryTimeUnit;
  const stats = options.summaryTrendStats ?? data.options?.summaryTrendStats ?? [];
  const lines: string[] = [''];
  const groupLines = renderGroup(data.root_group, `${indent}    `, colors);
  if (groupLines.length > 0) lines.push(...groupLines, '');
  const names = Object.keys(data.metrics).sort();
  const width = Math.max(0, ...names.map((n) => n.length)) + 3;
  for (const name of names) {
    const metric = data.metrics[name] as Metric;
    const thresholds = metric.thresholds ? Object.values(metric.thresholds) : [];
    const mark =
      thresholds.length === 0
        ? '  '
        : thresholds.every((t) => t.ok)
          ? color(colors, 32, '✓ ')
          : color(colors, 31, '✗ ');
    const isSub = name.includes('{');
    const label = isSub ? `  { ${name.slice(name.indexOf('{') + 1, -1)} }` : name;
    lines.push(
      `${indent}${mark}${label}${'.'.repeat(Math.max(1, width - label.length))}: ${metricValue(metric, stats, timeUnit)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const escapeXml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** `jUnit(data, {name, classname})` of k6-jslib-summary 0.1.0: one `<testcase>` per threshold. */
export function jUnit(data: Data, options: { name?: string; classname?: string } = {}): string {
  let failures = 0;
  const cases: string[] = [];
  const classname = escapeXml(options.classname ?? 'Unnamed folder');
  for (const [metricName, metric] of Object.entries(data.metrics)) {
    for (const [source, threshold] of Object.entries(metric.thresholds ?? {})) {
      const name = `${escapeXml(metricName)} - ${escapeXml(source)}`;
      if (threshold.ok) cases.push(`<testcase name="${name}" classname="${classname}" />`);
      else {
        failures++;
        cases.push(
          `<testcase name="${name}" classname="${classname}"><failure message="failed" /></testcase>`,
        );
      }
    }
  }
  const suite = escapeXml(options.name ?? 'k6 thresholds');
  return `<?xml version="1.0"?>\n<testsuites tests="${cases.length}" failures="${failures}">\n<testsuite name="${suite}" tests="${cases.length}" failures="${failures}">${cases.join('\n')}\n</testsuite >\n</testsuites >`;
}
