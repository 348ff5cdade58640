// The comparison in plain text for k6's stdout and the compare tool. Pure.
import {
  budgetLines,
  definitionLines,
  measuredLine,
  type ReportInput,
  rateLimitLine,
  thresholdsLine,
  titleLine,
  validityLine,
} from './report-input.ts';

/** Columns padded to their widest cell; the first column left-aligned, numbers right-aligned. */
export function alignedTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

export function renderText({ record, baseline, comparison, warnings }: ReportInput): string {
  const withBaseline = comparison.baselineLabel !== null;
  const header = withBaseline
    ? ['', comparison.baselineLabel ?? '', comparison.currentLabel, 'Change']
    : ['', comparison.currentLabel];
  const rows = comparison.rows.map((row) =>
    withBaseline
      ? [row.label, row.text.baseline, row.text.current, row.text.change]
      : [row.label, row.text.current],
  );
  // Warnings (an unusable baseline) first: they change how the table must be read.
  const lines = [titleLine(record), '', ...alignedTable(header, rows), '', ...warnings];
  if (withBaseline) lines.push(`score: ${comparison.score.text} → ${comparison.score.verdict}`);
  lines.push(`validity: ${validityLine('this run', record)}`);
  if (baseline !== null)
    lines.push(`validity: ${validityLine(`baseline ${baseline.label} (run ${baseline.runId})`, baseline)}`);
  lines.push(thresholdsLine(record), measuredLine(record), rateLimitLine(record), ...budgetLines(record));
  for (const note of comparison.notes) lines.push(`note: ${note}`);
  lines.push('', 'definitions:', ...definitionLines(record).map((line) => `  ${line}`));
  return `${lines.join('\n')}\n`;
}
