// The comparison in GitHub-flavoured Markdown, e.g. for a CI job summary. Pure.
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

/** Escapes what would break a table cell or start Markdown formatting. */
export function markdownCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/([*_`<>[\]])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

export function renderMarkdown({ record, baseline, comparison, warnings }: ReportInput): string {
  const withBaseline = comparison.baselineLabel !== null;
  const row = (cells: readonly string[]) => `| ${cells.map(markdownCell).join(' | ')} |`;
  const header = withBaseline
    ? ['Metric', comparison.baselineLabel ?? '', comparison.currentLabel, 'Change']
    : ['Metric', comparison.currentLabel];
  const lines = [
    `### ${markdownCell(titleLine(record))}`,
    '',
    row(header),
    withBaseline ? '| --- | ---: | ---: | ---: |' : '| --- | ---: |',
    ...comparison.rows.map((r) =>
      row(
        withBaseline ? [r.label, r.text.baseline, r.text.current, r.text.change] : [r.label, r.text.current],
      ),
    ),
    '',
  ];
  if (withBaseline)
    lines.push(`**Score:** ${markdownCell(`${comparison.score.text} → ${comparison.score.verdict}`)}`, '');
  for (const warning of warnings) lines.push(`- ${markdownCell(warning)}`);
  lines.push(`- ${markdownCell(`validity: ${validityLine('this run', record)}`)}`);
  if (baseline !== null) {
    lines.push(
      `- ${markdownCell(`validity: ${validityLine(`baseline ${baseline.label} (run ${baseline.runId})`, baseline)}`)}`,
    );
  }
  for (const line of [
    thresholdsLine(record),
    measuredLine(record),
    rateLimitLine(record),
    ...budgetLines(record),
  ])
    lines.push(`- ${markdownCell(line)}`);
  for (const note of comparison.notes) lines.push(`- note: ${markdownCell(note)}`);
  lines.push('', '<details><summary>Definitions</summary>', '');
  lines.push(...definitionLines(record).map((line) => `- ${markdownCell(line)}`));
  lines.push('', '</details>', '');
  return lines.join('\n');
}
